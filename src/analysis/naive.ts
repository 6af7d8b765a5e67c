/**
 * Naive reference implementations: one state at a time, no bit tricks. They define what the fast
 * searches must compute (the property tests compare the two) and give the baseline of the
 * benchmark.
 */
import { compileScalarStep } from '../engine/compile.js';
import type { Ticker } from './progress.js';
import type { Space } from './space.js';
import { type RawCycle32, syncTableWalk } from './sync.js';

/** table[s] = F(s), each state decoded into one byte per member, stepped, and encoded again. */
export function fillSuccessorsNaive(sp: Space, table: Uint32Array, ticker: Ticker, from = 0, to = table.length): void {
  const step = compileScalarStep(sp.csys);
  const m = sp.m;
  const cur = new Uint8Array(m);
  const next = new Uint8Array(m);
  for (let s = from; s < to; s++) {
    if ((s & 0xfffff) === 0) ticker.tick('naive successors', s, table.length);
    for (let j = 0; j < m; j++) cur[j] = (s >>> j) & 1;
    step(cur, next, 0);
    let y = 0;
    for (let j = 0; j < m; j++) y |= next[j]! << j;
    table[s] = y >>> 0;
  }
}

/** Synchronous attractors and basins, one state at a time (m ≤ 30): BoolNet's method in plain code. */
export function naiveSyncAttractors(sp: Space, ticker: Ticker): RawCycle32[] {
  const table = new Uint32Array(2 ** sp.m);
  fillSuccessorsNaive(sp, table, ticker);
  return syncTableWalk(sp.m, table, ticker);
}

/** Fixed points by testing every state (m ≤ 30). Packed states, ascending. */
export function naiveFixedPoints(sp: Space): number[] {
  const step = compileScalarStep(sp.csys);
  const m = sp.m;
  const cur = new Uint8Array(m);
  const next = new Uint8Array(m);
  const out: number[] = [];
  for (let s = 0; s < 2 ** m; s++) {
    for (let j = 0; j < m; j++) cur[j] = (s >>> j) & 1;
    step(cur, next, 0);
    let same = true;
    for (let j = 0; j < m && same; j++) same = cur[j] === next[j];
    if (same) out.push(s);
  }
  return out;
}
