/**
 * Running one item of a batch job: build the engine request (condition + the item's own changes,
 * seed derived from the item key), call the engine single-threaded, and reduce the result to one
 * results.jsonl line. Pure (no Node APIs): the same code runs in a worker thread, in the main
 * thread, or in a browser worker.
 */
import { simulate } from '../engine/simulate.js';
import type { SimulationRequest, SimulationResult } from '../engine/types.js';
import type { Model } from '../model/model.js';
import type { Perturbation } from '../model/perturbation.js';
import type { InitialSpec } from '../model/prepare.js';
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

export class ItemRunner {
  private readonly variants = new Map<string, Model>();
  private baselineStates: Uint8Array | undefined;

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
      same = sameStateFraction(base, res.finalStates!, n);
      overlap = distributionOverlap(base, res.finalStates!, n, -1);
    } else if (sens && item.key === BASELINE_KEY) {
      res = simulate(this.request(item, { record: { finalStates: true } }), { signal });
      this.baselineStates ??= res.finalStates!;
      overlap = 1;
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
    if (item.coords) out.coords = item.coords;
    if (item.fractions) out.fractions = item.fractions;
    out.ms = Date.now() - t0;
    return out;
  }
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
