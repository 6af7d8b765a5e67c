/**
 * Running one item of a batch job: build the engine request (condition + the item's own changes,
 * seed derived from the item key), call the engine single-threaded, and reduce the result to one
 * results.jsonl line. Pure (no Node APIs): the same code runs in a worker thread, in the main
 * thread, or in a browser worker.
 */
import { findAttractors } from '../analysis/index.js';
import { simulate } from '../engine/simulate.js';
import type { SimulationRequest, SimulationResult } from '../engine/types.js';
import type { Model } from '../model/model.js';
import type { Perturbation } from '../model/perturbation.js';
import { prepare, type InitialSpec } from '../model/prepare.js';
import type { Network } from '../model/schema.js';
import { validateNetwork } from '../model/validate.js';
import { VsmcError } from '../util/errors.js';
import { BASELINE_KEY, itemSeed } from './items.js';
import type { Item, ItemResult, JobSpec } from './types.js';

function cloneNetwork(net: Network): Network {
  return JSON.parse(JSON.stringify(net)) as Network;
}

/** Fraction-0 interventions change nothing; dropping them keeps the engine's variant count small. */
function effective(ps: Perturbation[]): Perturbation[] {
  return ps.filter((p) => p.fraction === undefined || p.fraction > 0);
}

/** Largest attractor search for sensitivity (states explored; members listed). */
const ATTRACTOR_BUDGET = 2 ** 20;

export class ItemRunner {
  private readonly variants = new Map<string, Model>();
  private baselineStates: Uint8Array | undefined;
  private attractors: Map<string, number> | null | undefined;
  private attractorCount = 0;

  constructor(
    readonly model: Model,
    readonly job: JobSpec,
  ) {}

  /** The model with an item's rule negation or parameter values applied (cached per variant). */
  private modelFor(item: Item): Model {
    if (item.negate === undefined && !item.parameters?.length) return this.model;
    const key = JSON.stringify([item.negate ?? null, item.parameters ?? []]);
    const hit = this.variants.get(key);
    if (hit) return hit;
    const net = cloneNetwork(this.model.network);
    if (item.negate !== undefined) {
      const node = net.nodes.find((n) => n.id === item.negate);
      if (!node || node.rule === undefined) throw new VsmcError('semantic', `cannot negate the rule of "${item.negate}": it is not a node with a rule`, { file: this.model.file });
      node.rule = `!(${node.rule})`;
    }
    if (item.parameters?.length) {
      const params = new Map(Object.entries(net.parameters ?? {}));
      for (const [name, v] of item.parameters) params.set(name, v);
      net.parameters = Object.fromEntries(params);
    }
    const m = validateNetwork(net, { file: this.model.file });
    // Keep the cache bounded: sweeps over a parameter create one variant per value.
    if (this.variants.size >= 16) this.variants.delete(this.variants.keys().next().value!);
    this.variants.set(key, m);
    return m;
  }

  request(item: Item, extra: Partial<SimulationRequest> = {}): SimulationRequest {
    const c = this.job.condition;
    return {
      model: this.modelFor(item),
      hypothesis: c.hypothesis,
      flags: c.flags,
      inputs: c.inputs,
      perturbations: effective([...(c.perturbations ?? []), ...(item.perturbations ?? [])]),
      initial: c.initial as InitialSpec | undefined,
      schedule: c.schedule,
      scheme: { ...this.job.scheme, seed: itemSeed(this.job.scheme.seed, item.key) },
      ...extra,
    };
  }

  /** Final states of the baseline (sensitivity jobs), computed once per runner: every worker gets the same. */
  private baselineFinal(): Uint8Array {
    if (!this.baselineStates) {
      const res = simulate(this.request({ index: 0, key: BASELINE_KEY }, { record: { finalStates: true } }));
      this.baselineStates = res.finalStates!;
    }
    return this.baselineStates;
  }

  /**
   * Which attractor each baseline final state lies in (member state → attractor number), from an
   * exact search of the states reachable from the baseline's final states (src/analysis). null when
   * it cannot be used: cells of the condition differ (population-fraction interventions), or the
   * search is too large; flips then compare final states instead.
   */
  private attractorOf(): Map<string, number> | null {
    if (this.attractors !== undefined) return this.attractors;
    this.attractors = null;
    const c = this.job.condition;
    if ((c.perturbations ?? []).some((p) => p.fraction !== undefined && p.fraction < 1)) return null;
    const base = this.baselineFinal();
    const n = this.model.ids.length;
    const distinct = new Map<string, Uint8Array>();
    for (let o = 0; o < base.length; o += n) {
      const st = base.subarray(o, o + n);
      const key = stateKey(st);
      if (!distinct.has(key)) distinct.set(key, st.slice());
    }
    try {
      const sys = prepare(this.model, { hypothesis: c.hypothesis, flags: c.flags, inputs: c.inputs, perturbations: c.perturbations });
      const rep = findAttractors(sys, { scheme: this.job.scheme.type === 'sync' ? 'sync' : 'async', mode: 'restricted', from: [...distinct.values()], includeStates: true, budget: ATTRACTOR_BUDGET });
      const map = new Map<string, number>();
      let listed = 0;
      rep.attractors.forEach((a, k) => {
        for (const st of a.states ?? []) map.set(st, k);
        listed += a.states?.length ?? 0;
        if ((a.states?.length ?? 0) < a.size) throw new Error('attractor states not listed');
      });
      if (listed > ATTRACTOR_BUDGET) return null;
      this.attractors = map;
      this.attractorCount = rep.attractors.length;
    } catch {
      this.attractors = null;
    }
    return this.attractors;
  }

  run(item: Item, signal?: AbortSignal): ItemResult {
    const t0 = Date.now();
    const sens = this.job.kind === 'sensitivity';
    const n = this.model.ids.length;
    let res: SimulationResult;
    let same: number | undefined;
    let overlap: number | undefined;
    if (item.flip !== undefined) {
      const base = this.baselineFinal();
      const j = this.model.index.get(item.flip);
      if (j === undefined) throw new VsmcError('unknown-identifier', `flip: unknown node "${item.flip}"`);
      const start = base.slice();
      for (let o = j; o < start.length; o += n) start[o] = start[o]! ^ 1;
      res = simulate(this.request(item, { initial: { states: start, n }, record: { finalStates: true } }), { signal });
      const att = this.attractorOf();
      same = att ? sameAttractorFraction(base, res.finalStates!, n, att) : sameStateFraction(base, res.finalStates!, n);
      overlap = distributionOverlap(base, res.finalStates!, n, -1);
    } else if (sens && item.key === BASELINE_KEY) {
      res = simulate(this.request(item, { record: { finalStates: true } }), { signal });
      this.baselineStates ??= res.finalStates!;
      overlap = 1;
      if (this.job.sensitivity?.flips) this.attractorOf();
    } else if (sens) {
      res = simulate(this.request(item, { record: { finalStates: true } }), { signal });
      const changed = item.negate ?? (item.perturbations?.[0]?.kind === 'node' ? item.perturbations[0].node : undefined);
      overlap = distributionOverlap(this.baselineFinal(), res.finalStates!, n, changed === undefined ? -1 : this.model.index.get(changed)!);
    } else {
      res = simulate(this.request(item), { signal });
    }
    const out: ItemResult = {
      i: item.index,
      key: item.key,
      cells: res.cellRange[1] - res.cellRange[0],
      mean: Array.from(res.final.readoutMeans),
      se: Array.from(res.final.readoutSE),
      nodes: Array.from(res.final.nodeFractions),
      fp: res.final.fixedPointFraction,
    };
    if (same !== undefined) out.same = same;
    if (overlap !== undefined) out.overlap = overlap;
    if (sens && (item.flip !== undefined || item.key === BASELINE_KEY) && this.job.sensitivity?.flips) out.attractors = this.attractors ? this.attractorCount : -1;
    if (item.coords) out.coords = item.coords;
    if (item.fractions) out.fractions = item.fractions;
    out.ms = Date.now() - t0;
    return out;
  }
}

function stateKey(s: Uint8Array): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s[i] ? '1' : '0';
  return out;
}

/**
 * Fraction of cells that end in the attractor their pre-flip state lay in. A cell whose pre-flip
 * state is on no attractor found (it had not settled) counts as returned only if it ends in the
 * very same state.
 */
export function sameAttractorFraction(before: Uint8Array, after: Uint8Array, n: number, attractorOf: Map<string, number>): number {
  const cells = Math.min(before.length, after.length) / n;
  let same = 0;
  for (let c = 0; c < cells; c++) {
    const a = stateKey(before.subarray(c * n, c * n + n));
    const b = stateKey(after.subarray(c * n, c * n + n));
    const ka = attractorOf.get(a);
    if (ka === undefined ? a === b : attractorOf.get(b) === ka) same++;
  }
  return cells ? same / cells : 0;
}

/** Fraction of cells whose state after the run equals their state before the flip. */
export function sameStateFraction(before: Uint8Array, after: Uint8Array, n: number): number {
  const cells = Math.min(before.length, after.length) / n;
  let same = 0;
  for (let c = 0; c < cells; c++) {
    let eq = true;
    for (let k = c * n, end = k + n; k < end; k++) {
      if (before[k] !== after[k]) {
        eq = false;
        break;
      }
    }
    if (eq) same++;
  }
  return cells ? same / cells : 0;
}

/**
 * Overlap Σ_s min(p(s), q(s)) of two final-state distributions (1 − total-variation distance),
 * with node `skip` left out of the state (a node whose rule was changed differs by construction).
 */
export function distributionOverlap(a: Uint8Array, b: Uint8Array, n: number, skip: number): number {
  const count = (s: Uint8Array) => {
    const m = new Map<string, number>();
    const cells = s.length / n;
    const chars: string[] = new Array(n);
    for (let c = 0; c < cells; c++) {
      for (let k = 0; k < n; k++) chars[k] = k === skip ? '' : s[c * n + k] ? '1' : '0';
      const key = chars.join('');
      m.set(key, (m.get(key) ?? 0) + 1);
    }
    return { m, cells };
  };
  const A = count(a);
  const B = count(b);
  if (!A.cells || !B.cells) return 0;
  let sum = 0;
  for (const [k, ca] of A.m) {
    const cb = B.m.get(k);
    if (cb !== undefined) sum += Math.min(ca / A.cells, cb / B.cells);
  }
  return sum;
}
