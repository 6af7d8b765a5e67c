/**
 * Deliberately naive reference simulators: scalar states, rules interpreted with `evaluate()` on
 * the AST through a name lookup, every rule re-evaluated at every event. They define what the
 * fast engines must compute (tests) and the baseline the benchmark reports ratios against.
 * Seeded with seedrandom directly; they do not reproduce the fast engines' random streams.
 */
import seedrandom from 'seedrandom';
import { evaluate } from '../rules/ast.js';
import type { BooleanSystem } from '../model/prepare.js';

function lookup(sys: BooleanSystem, s: Uint8Array): (name: string) => boolean {
  return (name) => s[sys.index.get(name)!] === 1;
}

/** Synchronous successor of one state. */
export function referenceSyncStep(sys: BooleanSystem, s: Uint8Array): Uint8Array<ArrayBufferLike> {
  const f = lookup(sys, s);
  return Uint8Array.from(sys.rules, (r) => (evaluate(r, f) ? 1 : 0));
}

export interface ReferenceRun {
  /** [window][node] fraction on, time-averaged like the engine. */
  fractions: Float64Array[];
  /** Node flips (stochastic) or node updates (discrete). */
  work: number;
}

/** Gillespie with all rates 1, uniform random initial states. */
export function referenceStochastic(sys: BooleanSystem, cells: number, time: number, dt: number, seed: number | string): ReferenceRun {
  const rng = seedrandom(String(seed));
  const n = sys.n;
  const W = Math.ceil(time / dt - 1e-9);
  const occ = Array.from({ length: W }, () => new Float64Array(n));
  let work = 0;
  for (let c = 0; c < cells; c++) {
    const s = Uint8Array.from({ length: n }, () => (rng() < 0.5 ? 1 : 0));
    let t = 0;
    for (;;) {
      const f = lookup(sys, s);
      const enabled: number[] = [];
      sys.rules.forEach((r, i) => {
        if ((evaluate(r, f) ? 1 : 0) !== s[i]) enabled.push(i);
      });
      const tn = enabled.length ? t - Math.log(1 - rng()) / enabled.length : time;
      const end = Math.min(tn, time);
      // O(n) bookkeeping per event, window by window.
      for (let a = t; a < end; ) {
        const w = Math.min(W - 1, Math.floor(a / dt));
        const b = Math.min(end, (w + 1) * dt);
        for (let i = 0; i < n; i++) if (s[i]) occ[w]![i]! += b - a;
        a = b;
      }
      if (tn >= time) break;
      t = tn;
      const j = enabled[Math.floor(rng() * enabled.length)]!;
      s[j] = s[j]! ^ 1;
      work++;
    }
  }
  const fractions = occ.map((row, w) => row.map((x) => x / (cells * Math.min(dt, time - w * dt))));
  return { fractions, work };
}

/** Synchronous steps from uniform random states; fractions averaged over each window of `every` steps. */
export function referenceSync(sys: BooleanSystem, cells: number, steps: number, every: number, seed: number | string): ReferenceRun {
  const rng = seedrandom(String(seed));
  const n = sys.n;
  const W = Math.ceil(steps / every);
  const occ = Array.from({ length: W }, () => new Float64Array(n));
  for (let c = 0; c < cells; c++) {
    let s: Uint8Array = Uint8Array.from({ length: n }, () => (rng() < 0.5 ? 1 : 0));
    for (let t = 0; t < steps; t++) {
      const row = occ[Math.floor(t / every)]!;
      for (let i = 0; i < n; i++) row[i]! += s[i]!;
      s = referenceSyncStep(sys, s);
    }
  }
  const fractions = occ.map((row, w) => row.map((x) => x / (cells * Math.min(every, steps - w * every))));
  return { fractions, work: cells * steps * n };
}

/** Fully asynchronous: one uniformly chosen node per step. */
export function referenceAsync(sys: BooleanSystem, cells: number, steps: number, every: number, seed: number | string): ReferenceRun {
  const rng = seedrandom(String(seed));
  const n = sys.n;
  const W = Math.ceil(steps / every);
  const occ = Array.from({ length: W }, () => new Float64Array(n));
  for (let c = 0; c < cells; c++) {
    const s = Uint8Array.from({ length: n }, () => (rng() < 0.5 ? 1 : 0));
    for (let t = 0; t < steps; t++) {
      const row = occ[Math.floor(t / every)]!;
      for (let i = 0; i < n; i++) row[i]! += s[i]!;
      const k = Math.floor(rng() * n);
      s[k] = evaluate(sys.rules[k]!, lookup(sys, s)) ? 1 : 0;
    }
  }
  const fractions = occ.map((row, w) => row.map((x) => x / (cells * Math.min(every, steps - w * every))));
  return { fractions, work: cells * steps };
}
