/**
 * The single-thread engine: `simulate(req)` runs every block of cells in order and merges them.
 * It has no DOM and no Node dependency, so a browser Web Worker and a worker thread run the same
 * code; src/engine/parallel-node.ts spreads the blocks over threads and merges them the same way.
 */
import { VsmcError } from '../util/errors.js';
import { type BlockSetup, blockCount, newPartial, setupBlock } from './block.js';
import { BLOCK, type Context, createContext } from './context.js';
import { runAsyncBlock } from './async.js';
import { runStochasticBlock } from './stochastic.js';
import { runSweepBlock } from './sweep.js';
import { runSyncBlock } from './sync.js';
import type { BlockPartial, ResultShape, SimulateOptions, SimulationRequest, SimulationResult, StateCount } from './types.js';

export { BLOCK } from './context.js';

/** A prepared run: compile once, then simulate any block of cells by index. */
export interface Run {
  ctx: Context;
  blocks: number;
  runBlock(b: number, signal?: AbortSignal): BlockPartial;
  /** Normalise merged blocks (in block order) into a result. */
  finish(parts: BlockPartial[], withPartials?: boolean): SimulationResult;
}

export function createRun(req: SimulationRequest): Run {
  const ctx = createContext(req);
  const shape: ResultShape = { termStart: ctx.termStart, windowLens: Array.from(ctx.windows.lens) };
  return {
    ctx,
    blocks: blockCount(ctx.scheme.cells),
    runBlock: (b, signal) => runBlock(ctx, b, signal),
    finish: (parts, withPartials = false) =>
      finalize({ ids: ctx.ids, readoutNames: ctx.readoutNames, scheme: ctx.scheme, times: ctx.windows.starts, shape, notes: ctx.notes }, parts, withPartials),
  };
}

export function runBlock(ctx: Context, b: number, signal?: AbortSignal): BlockPartial {
  const setup: BlockSetup = setupBlock(ctx, b);
  const p = newPartial(ctx, setup);
  switch (ctx.scheme.type) {
    case 'stochastic':
      runStochasticBlock(ctx, setup, p, signal);
      break;
    case 'sync':
      runSyncBlock(ctx, setup, p, signal);
      break;
    case 'async':
      runAsyncBlock(ctx, setup, p, signal);
      break;
    case 'sweep':
      runSweepBlock(ctx, setup, p, signal);
      break;
  }
  return p;
}

/** Blocks covering cells [start, end): start must fall on a block boundary. */
export function blocksOfRange(cells: number, range?: [number, number]): [number, number] {
  if (!range) return [0, blockCount(cells)];
  const [a, b] = range;
  if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b <= cells && a < b)) {
    throw new VsmcError('semantic', `cellRange [${a}, ${b}) is not inside [0, ${cells})`);
  }
  if (a % BLOCK !== 0 || (b % BLOCK !== 0 && b !== cells)) {
    throw new VsmcError('semantic', `cellRange [${a}, ${b}) must start and end on a multiple of ${BLOCK} cells (or at the last cell), so that results do not depend on how cells are split`);
  }
  return [a / BLOCK, Math.ceil(b / BLOCK)];
}

/** Simulate synchronously on this thread. */
export function simulate(req: SimulationRequest, opts: SimulateOptions = {}): SimulationResult {
  const run = createRun(req);
  const cells = run.ctx.scheme.cells;
  const [b0, b1] = blocksOfRange(cells, opts.cellRange);
  const parts: BlockPartial[] = [];
  let done = 0;
  const total = Math.min(cells, b1 * BLOCK) - b0 * BLOCK;
  for (let b = b0; b < b1; b++) {
    if (opts.signal?.aborted) opts.signal.throwIfAborted();
    const p = run.runBlock(b, opts.signal);
    parts.push(p);
    done += p.cells;
    opts.onProgress?.(done, total);
  }
  return run.finish(parts, opts.cellRange !== undefined);
}

interface Header {
  ids: string[];
  readoutNames: string[];
  scheme: SimulationResult['scheme'];
  times: number[];
  shape: ResultShape;
  notes: string[];
}

const TOP = 1000;

function topCounts(m: Map<string, number>): StateCount[] {
  const all = [...m.entries()];
  all.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return all.slice(0, TOP).map(([state, count]) => ({ state, count }));
}

/** Sum block partials in block order (the order fixes the floating-point result) and normalise. */
export function finalize(h: Header, partsIn: BlockPartial[], withPartials: boolean): SimulationResult {
  const parts = [...partsIn].sort((a, b) => a.block - b.block);
  for (let k = 1; k < parts.length; k++) {
    if (parts[k]!.block === parts[k - 1]!.block) throw new VsmcError('semantic', `mergeResults: block ${parts[k]!.block} appears twice`);
  }
  const n = h.ids.length;
  const nr = h.readoutNames.length;
  const W = h.times.length;
  const ts = h.shape.termStart;
  const slots = n + (ts[ts.length - 1] ?? 0);
  const occ = new Float64Array(W * slots);
  const finalOn = new Float64Array(n);
  const rSum = new Float64Array(nr);
  const rSq = new Float64Array(nr);
  const hist = new Map<string, number>();
  const fps = new Map<string, number>();
  let cells = 0;
  let fixed = 0;
  let stopped = 0;
  let work = 0;
  const finalStatesParts: Uint8Array[] = [];
  const trajectories: NonNullable<SimulationResult['trajectories']> = [];
  for (const p of parts) {
    cells += p.cells;
    for (let k = 0; k < occ.length; k++) occ[k]! += p.occupancy[k]!;
    for (let i = 0; i < n; i++) finalOn[i]! += p.finalOn[i]!;
    for (let r = 0; r < nr; r++) {
      rSum[r]! += p.readoutSum[r]!;
      rSq[r]! += p.readoutSumSq[r]!;
    }
    for (const [k, c] of p.histogram) hist.set(k, (hist.get(k) ?? 0) + c);
    for (const [k, c] of p.fixedPoints) fps.set(k, (fps.get(k) ?? 0) + c);
    fixed += p.fixedCount;
    stopped += p.stopped;
    work += p.work;
    if (p.finalStates) finalStatesParts.push(p.finalStates);
    if (p.trajectories) trajectories.push(...p.trajectories);
  }
  const nodeFractions: Float64Array[] = [];
  const readoutMeans: Float64Array[] = [];
  for (let w = 0; w < W; w++) {
    const denom = cells * h.shape.windowLens[w]!;
    const nf = new Float64Array(n);
    for (let i = 0; i < n; i++) nf[i] = occ[w * slots + i]! / denom;
    nodeFractions.push(nf);
    const rm = new Float64Array(nr);
    for (let r = 0; r < nr; r++) {
      const a = ts[r]!;
      const b = ts[r + 1]!;
      let s = 0;
      for (let k = a; k < b; k++) s += occ[w * slots + n + k]!;
      rm[r] = b > a ? s / denom / (b - a) : 0;
    }
    readoutMeans.push(rm);
  }
  const fOn = new Float64Array(n);
  for (let i = 0; i < n; i++) fOn[i] = finalOn[i]! / cells;
  const rMean = new Float64Array(nr);
  const rSE = new Float64Array(nr);
  for (let r = 0; r < nr; r++) {
    const m = rSum[r]! / cells;
    rMean[r] = m;
    const variance = cells > 1 ? Math.max(0, (rSq[r]! - cells * m * m) / (cells - 1)) : 0;
    rSE[r] = Math.sqrt(variance / cells);
  }
  const first = parts[0]?.block ?? 0;
  const last = parts.length ? parts[parts.length - 1]! : undefined;
  const result: SimulationResult = {
    ids: h.ids,
    readoutNames: h.readoutNames,
    scheme: h.scheme,
    times: h.times,
    nodeFractions,
    readoutMeans,
    final: {
      nodeFractions: fOn,
      readoutMeans: rMean,
      readoutSE: rSE,
      histogram: topCounts(hist),
      fixedPointFraction: cells ? fixed / cells : 0,
      fixedPoints: topCounts(fps),
    },
    stoppedAtFixedPoint: stopped,
    notes: [...h.notes],
    cellRange: [first * BLOCK, last ? last.block * BLOCK + last.cells : 0],
    work,
  };
  if (finalStatesParts.length) {
    const fs = new Uint8Array(cells * n);
    let o = 0;
    for (const f of finalStatesParts) {
      fs.set(f, o);
      o += f.length;
    }
    result.finalStates = fs;
  }
  if (trajectories.length) result.trajectories = trajectories;
  if (stopped > 0) result.notes.push(`${stopped} of ${cells} cells reached a fixed point and stopped before the end`);
  if (withPartials) result.partials = { blocks: parts, shape: h.shape };
  return result;
}

/**
 * Merge results of `simulate(req, { cellRange })` over disjoint ranges of the same request. Exact:
 * the outcome equals one simulate() over the union of the ranges.
 */
export function mergeResults(parts: SimulationResult[]): SimulationResult {
  if (parts.length === 0) throw new VsmcError('semantic', 'mergeResults: nothing to merge');
  const blocks: BlockPartial[] = [];
  for (const r of parts) {
    if (!r.partials) throw new VsmcError('semantic', 'mergeResults: each part must come from simulate(req, { cellRange })');
    blocks.push(...r.partials.blocks);
  }
  const r0 = parts[0]!;
  const notes = r0.notes.filter((s) => !/reached a fixed point and stopped/.test(s));
  return finalize({ ids: r0.ids, readoutNames: r0.readoutNames, scheme: r0.scheme, times: r0.times, shape: r0.partials!.shape, notes }, blocks, true);
}
