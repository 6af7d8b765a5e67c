/**
 * Transition rates for the stochastic engine (MaBoSS semantics). Each node has rateUp (used when
 * the node is 0) and rateDown (node 1), default 1. A constant rate (a number, or an expression of
 * $parameters only) is gated by the rule: rateUp only applies while the rule says 1, rateDown
 * while it says 0. A rate that reads the state (`@logic`, the node's rule value, or node values)
 * applies as written, as in MaBoSS (`rate_up = @logic ? $k : 0` is the gated default).
 */
import type { Model } from '../model/model.js';
import { VsmcError } from '../util/errors.js';
import { compileRateText, type CompiledRate } from './rate-compile.js';

export interface NodeRates {
  /** Constant parts (used when `dynamic[i]` is null). */
  up: Float64Array;
  down: Float64Array;
  /** State-dependent rates of node i, or null. */
  dynamic: (null | { up: CompiledRate; down: CompiledRate })[];
  /** Nodes read by each node's rate expressions (not counting @logic). */
  refs: number[][];
  /** Every rate constant, gated, and equal to this value (> 0): the fast path. Else null. */
  uniform: number | null;
}

export function resolveRates(model: Model): NodeRates {
  const n = model.ids.length;
  const up = new Float64Array(n).fill(1);
  const down = new Float64Array(n).fill(1);
  const dynamic: NodeRates['dynamic'] = new Array(n).fill(null);
  const refs: number[][] = Array.from({ length: n }, () => []);
  const params = new Map(Object.entries(model.network.parameters ?? {}));
  model.network.nodes.forEach((node, i) => {
    const u = compileRateText(node.rateUp, model, params, `nodes.${node.id}.rateUp`);
    const d = compileRateText(node.rateDown, model, params, `nodes.${node.id}.rateDown`);
    if (u.kind === 'const' && d.kind === 'const') {
      up[i] = u.value;
      down[i] = d.value;
    } else {
      dynamic[i] = { up: u, down: d };
      const s = new Set<number>();
      for (const r of [u, d]) if (r.kind === 'expr') for (const j of r.refs) s.add(j);
      refs[i] = [...s];
    }
  });
  let uniform: number | null = up[0] ?? 1;
  for (let i = 0; i < n && uniform !== null; i++) if (dynamic[i] || up[i] !== uniform || down[i] !== uniform) uniform = null;
  if (uniform !== null && !(uniform > 0)) uniform = null;
  return { up, down, dynamic, refs, uniform };
}

/** Scale the up (or down) rate of a node: partial inhibition applied as a rate (rateScale: 'rate'). */
export function scaleRate(rates: NodeRates, i: number, dir: 'up' | 'down', factor: number, model: Model): void {
  const dyn = rates.dynamic[i];
  if (dyn) {
    const r = dyn[dir];
    dyn[dir] = r.kind === 'const' ? { kind: 'const', value: r.value * factor } : { ...r, scale: (r.scale ?? 1) * factor };
  } else {
    rates[dir][i] = rates[dir][i]! * factor;
  }
  rates.uniform = null;
  if (!(factor >= 0)) throw new VsmcError('semantic', `rate scale for ${model.ids[i]} must be ≥ 0`, { file: model.file });
}
