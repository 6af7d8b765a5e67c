/**
 * Effect sizes, confidence intervals and Bliss synergy (definitions in docs/screens.md).
 *
 * A value is the ensemble mean of a readout at the end of the run; its uncertainty is the per-cell
 * standard error (sd / √cells) that the engine reports. Items use independent seeds, so the
 * variance of a difference is the sum of the variances.
 */
import type { Model } from '../model/model.js';
import { VsmcError, suggest } from '../util/errors.js';
import type { ItemResult } from './types.js';

/** Two-sided 95 % normal quantile. */
export const Z95 = 1.959963984540054;

export interface Estimate {
  value: number;
  se: number;
}

/** Where a readout's value sits in an ItemResult: a model readout, or the fraction of cells with a node on. */
export type ReadoutRef = { name: string; kind: 'readout' | 'node'; index: number };

/** What a report needs to know about the model: readout names and node ids, in model order. */
export interface Catalog {
  readoutNames: string[];
  nodeIds: string[];
  file?: string;
}

export function catalogOf(model: Model): Catalog {
  return { readoutNames: model.readouts.map((r) => r.name), nodeIds: model.ids, file: model.file };
}

export function resolveReadouts(cat: Catalog, names: string[]): ReadoutRef[] {
  const known = [...cat.readoutNames, ...cat.nodeIds];
  return names.map((name) => {
    const r = cat.readoutNames.indexOf(name);
    if (r >= 0) return { name, kind: 'readout', index: r };
    const i = cat.nodeIds.indexOf(name);
    if (i >= 0) return { name, kind: 'node', index: i };
    throw new VsmcError('unknown-identifier', `--readout: unknown readout "${name}"${suggest(name, known)}; use one of the model's readouts (${cat.readoutNames.join(', ') || 'none'}) or a node id`, { file: cat.file });
  });
}

/** Default readouts: the model's own, or an error asking for --readout. */
export function defaultReadouts(cat: Catalog): string[] {
  if (cat.readoutNames.length === 0) throw new VsmcError('semantic', 'the model defines no readouts: name one or more nodes with --readout', { file: cat.file });
  return [...cat.readoutNames];
}

export function estimate(res: ItemResult, ref: ReadoutRef): Estimate {
  if (ref.kind === 'readout') return { value: res.mean[ref.index]!, se: res.se[ref.index]! };
  // A node's final fraction is a mean of 0/1 values: binomial standard error.
  const p = res.nodes[ref.index]!;
  return { value: p, se: Math.sqrt(Math.max(0, p * (1 - p)) / Math.max(1, res.cells)) };
}

export function ci(e: Estimate): [number, number] {
  return [e.value - Z95 * e.se, e.value + Z95 * e.se];
}

export function difference(a: Estimate, b: Estimate): Estimate {
  return { value: a.value - b.value, se: Math.hypot(a.se, b.se) };
}

export interface Bliss {
  /** Value expected if the two perturbations act independently (Bliss). */
  expected: number;
  /** observed − expected. */
  excess: number;
  /** Excess in the direction of the single effects: > 0 synergy, < 0 antagonism (buffering). */
  synergy: Estimate;
  /** 'down': the singles lower the readout on balance (multiplicative scale); 'up': they raise it (complementary scale). */
  scale: 'down' | 'up';
}

/**
 * Bliss independence for a readout in [0, 1].
 *   down (ΔA + ΔB ≤ 0): the fraction of the readout left is multiplicative:
 *       E = vA · vB / v0                      (E = 0 when v0 = 0)
 *   up   (ΔA + ΔB > 0): the fraction of the headroom 1 − v left is multiplicative:
 *       E = 1 − (1 − vA)(1 − vB) / (1 − v0)   (E = 1 when v0 = 1)
 * synergy = (vAB − E) · (−1 for down, +1 for up). Its standard error is propagated to first order
 * from the four independent estimates (delta method).
 */
export function bliss(v0: Estimate, vA: Estimate, vB: Estimate, vAB: Estimate): Bliss {
  const dA = vA.value - v0.value;
  const dB = vB.value - v0.value;
  const scale: 'down' | 'up' = dA + dB <= 0 ? 'down' : 'up';
  let expected: number;
  let g0 = 0;
  let gA = 0;
  let gB = 0;
  if (scale === 'down') {
    if (v0.value <= 0) expected = 0;
    else {
      expected = (vA.value * vB.value) / v0.value;
      gA = vB.value / v0.value;
      gB = vA.value / v0.value;
      g0 = -expected / v0.value;
    }
  } else {
    const h0 = 1 - v0.value;
    if (h0 <= 0) expected = 1;
    else {
      const hA = 1 - vA.value;
      const hB = 1 - vB.value;
      expected = 1 - (hA * hB) / h0;
      gA = hB / h0;
      gB = hA / h0;
      g0 = -(hA * hB) / (h0 * h0);
    }
  }
  const excess = vAB.value - expected;
  const sign = scale === 'down' ? -1 : 1;
  const se = Math.sqrt(vAB.se ** 2 + (gA * vA.se) ** 2 + (gB * vB.se) ** 2 + (g0 * v0.se) ** 2);
  return { expected, excess, synergy: { value: sign * excess + 0, se }, scale };
}

/** Values rounded for output: 6 significant digits keep files small and diffs readable. */
export function round(x: number, digits = 6): number {
  if (x === 0) return 0; // no -0 in reports
  if (!Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits)) || 0;
}

export function roundPair(p: [number, number]): [number, number] {
  return [round(p[0]), round(p[1])];
}
