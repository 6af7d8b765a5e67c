/**
 * Per-block bookkeeping shared by the kernels: drawing cell variants and initial states, time-
 * weighted occupancy of windows, and the end-of-run summary of each cell.
 */
import { BLOCK, type Context } from './context.js';
import { type Xoshiro128, blockRng } from './rng.js';
import type { BlockPartial, Trajectory } from './types.js';

export interface BlockSetup {
  block: number;
  start: number;
  cells: number;
  /** Variant mask per cell. */
  masks: Uint16Array;
  /** Distinct masks present, ascending. */
  distinct: number[];
  /** cells × n initial states. */
  states: Uint8Array;
  /** Generator for the dynamics of this block. */
  rng: Xoshiro128;
}

export function blockBounds(ctx: Context, b: number): [number, number] {
  const start = b * BLOCK;
  return [start, Math.min(ctx.scheme.cells, start + BLOCK)];
}

export function blockCount(cells: number): number {
  return Math.ceil(cells / BLOCK);
}

/** Variant and initial state of each cell of block b, from the block's own seeded stream. */
export function setupBlock(ctx: Context, b: number): BlockSetup {
  const [start, end] = blockBounds(ctx, b);
  const m = end - start;
  const n = ctx.n;
  const rng = blockRng(ctx.scheme.seed, 'init', b);
  const masks = new Uint16Array(m);
  const nf = ctx.fractional.length;
  if (nf > 0) {
    for (let c = 0; c < m; c++) {
      let mask = 0;
      for (let k = 0; k < nf; k++) if (rng.next() < ctx.fractional[k]!.fraction) mask |= 1 << k;
      masks[c] = mask;
    }
  }
  const distinct = [...new Set(masks)].sort((a, b) => a - b);
  const states = new Uint8Array(m * n);
  if (ctx.initial.kind === 'explicit') {
    states.set(ctx.initial.states.subarray(start * n, end * n));
  } else {
    const { probabilities, joint } = ctx.initial.dist;
    for (let c = 0; c < m; c++) {
      const o = c * n;
      for (let i = 0; i < n; i++) {
        const p = probabilities[i]!;
        states[o + i] = p >= 1 ? 1 : p <= 0 ? 0 : rng.next() < p ? 1 : 0;
      }
      for (const block of joint) {
        let total = 0;
        for (const ch of block.choices) total += ch.weight;
        let u = rng.next() * total;
        let chosen = block.choices[block.choices.length - 1]!;
        for (const ch of block.choices) {
          if (u < ch.weight) {
            chosen = ch;
            break;
          }
          u -= ch.weight;
        }
        block.nodes.forEach((i, k) => (states[o + i] = chosen.values[k] ?? 0));
      }
    }
  }
  // Forced nodes of each cell's variant are set at the start, whatever the initial condition.
  for (const mask of distinct) {
    const forced = ctx.variants.get(mask).forced;
    for (let c = 0; c < m; c++) {
      if (masks[c] !== mask) continue;
      const o = c * n;
      for (let i = 0; i < n; i++) if (forced[i]! >= 0) states[o + i] = forced[i]!;
    }
  }
  return { block: b, start, cells: m, masks, distinct, states, rng: blockRng(ctx.scheme.seed, 'dynamics', b) };
}

export function newPartial(ctx: Context, setup: BlockSetup): BlockPartial {
  const nr = ctx.readoutNames.length;
  const p: BlockPartial = {
    block: setup.block,
    cells: setup.cells,
    occupancy: new Float64Array(ctx.windows.count * ctx.slots),
    finalOn: new Float64Array(ctx.n),
    readoutSum: new Float64Array(nr),
    readoutSumSq: new Float64Array(nr),
    histogram: new Map(),
    fixedPoints: new Map(),
    fixedCount: 0,
    stopped: 0,
    work: 0,
  };
  if (ctx.finalStates) p.finalStates = new Uint8Array(setup.cells * ctx.n);
  if (ctx.trajectories > setup.start) p.trajectories = [];
  return p;
}

/**
 * Add the interval [t0, t1) spent on by one slot (times `weight` cells) to the window sums
 * (occupancy is indexed [window × slots + slot]). Windows have width `width`; the last one may be
 * shorter. The partial windows at both ends go straight into `occ`; the whole windows in between
 * go into the difference array `diff` (+w at the first, −w after the last), so that an interval
 * costs O(1) however many windows it spans — a cell that sits on a fixed point from t = 1 to 100
 * would otherwise cost 100 additions per node. foldDiff() adds them up once per block.
 */
export function addInterval(occ: Float64Array, diff: Float64Array, slots: number, slot: number, t0: number, t1: number, width: number, count: number, weight = 1): void {
  if (t1 <= t0) return;
  const w = Math.floor(t0 / width);
  const wEnd = Math.floor(t1 / width);
  if (w === wEnd) {
    if (w < count) occ[w * slots + slot]! += (t1 - t0) * weight;
    return;
  }
  occ[w * slots + slot]! += ((w + 1) * width - t0) * weight;
  const b = wEnd < count ? wEnd : count;
  if (w + 1 < b) {
    diff[(w + 1) * slots + slot]! += weight;
    diff[b * slots + slot]! -= weight;
  }
  if (wEnd < count) occ[wEnd * slots + slot]! += (t1 - wEnd * width) * weight;
}

/** Scratch difference array for addInterval: one row more than the windows. */
export function newDiff(ctx: Context): Float64Array {
  return new Float64Array((ctx.windows.count + 1) * ctx.slots);
}

/** Add the whole windows booked in `diff` to `occ`. */
export function foldDiff(ctx: Context, occ: Float64Array, diff: Float64Array): void {
  const { slots } = ctx;
  const { count, width } = ctx.windows;
  for (let slot = 0; slot < slots; slot++) {
    let run = 0;
    for (let w = 0; w < count; w++) {
      run += diff[w * slots + slot]!;
      if (run !== 0) occ[w * slots + slot]! += run * width;
    }
  }
}

export function stateKey(s: Uint8Array, o: number, n: number): string {
  let k = '';
  for (let i = 0; i < n; i++) k += s[o + i] ? '1' : '0';
  return k;
}

/** Record cell c's final state (at offset o of s) into the partial. */
export function finishCell(ctx: Context, p: BlockPartial, c: number, s: Uint8Array, o: number, isFixed: boolean): void {
  const n = ctx.n;
  for (let i = 0; i < n; i++) if (s[o + i]) p.finalOn[i]! += 1;
  const tf = ctx.termFns;
  const ts = ctx.termStart;
  for (let r = 0; r + 1 < ts.length; r++) {
    const a = ts[r]!;
    const b = ts[r + 1]!;
    let sum = 0;
    for (let k = a; k < b; k++) sum += tf[k]!(s, o);
    const score = b > a ? sum / (b - a) : 0;
    p.readoutSum[r]! += score;
    p.readoutSumSq[r]! += score * score;
  }
  const key = stateKey(s, o, n);
  p.histogram.set(key, (p.histogram.get(key) ?? 0) + 1);
  if (isFixed) {
    p.fixedCount++;
    p.fixedPoints.set(key, (p.fixedPoints.get(key) ?? 0) + 1);
  }
  if (p.finalStates) p.finalStates.set(s.subarray(o, o + n), c * n);
}

/** Trajectory recorder for the first `record.trajectories` cells of the run. */
export class TrajectoryRecorder {
  traj: Trajectory | null = null;
  private full = false;

  begin(ctx: Context, p: BlockPartial, globalCell: number): void {
    this.traj = globalCell < ctx.trajectories && p.trajectories ? { cell: globalCell, times: [], states: [] } : null;
    this.full = false;
    if (this.traj) p.trajectories!.push(this.traj);
  }

  point(t: number, s: Uint8Array, o: number, n: number): void {
    const tr = this.traj;
    if (!tr || this.full) return;
    if (tr.times.length >= 100_000) {
      this.full = true;
      return;
    }
    tr.times.push(t);
    tr.states.push(stateKey(s, o, n));
  }
}
