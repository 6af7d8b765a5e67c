/**
 * Synchronous attractors.
 *
 * Exhaustive search (at most 32 members) without a successor table. A table-and-walk search
 * (BoolNet's method) reads one random table entry per state along dependent chains; on this
 * hardware such a read costs 150–200 ns once the table is larger than a few MiB (TLB and cache
 * misses), which is most of BoolNet's time. Here instead:
 *  1. every state s is advanced K synchronous steps, 32 consecutive states at a time, with bitwise
 *     operations over the compiled rules (word j holds member j of the 32 states; the input words
 *     are constant patterns for the low 5 members and all-0/all-1 words above), then transposed
 *     back into 32 packed states;
 *  2. f^K(s) goes into a small hash table with a count (f^K(s) lies in the same basin as s);
 *     when that table outgrows its cache-friendly size, its keys are advanced further (merging
 *     duplicates) and K grows;
 *  3. each remaining key is followed to its cycle with a memo (few states, so cheap), and the
 *     counts are summed per attractor: the basin sizes.
 * Memory stays O(number of distinct f^K(s)) instead of O(2^n), so n = 30–32 runs in bounded memory.
 *
 * Restricted and sampled search follow single trajectories with Brent's cycle detection (no
 * memory per visited state), on networks of any size.
 */
import { VsmcError } from '../util/errors.js';
import { compileAdvanceBatch, compileStep32, compileStepWords, compileSweepBatch, type Step32 } from './codegen.js';
import type { Ticker } from './progress.js';
import type { Space } from './space.js';
import { compareWords } from './space.js';
import { CountTable, U32Map, U32Stack } from './tables.js';

export interface RawCycle32 {
  /** Smallest packed state on the cycle. */
  start: number;
  size: number;
  basin: number;
}

const MISSING = -1;
const ON_PATH = -2;

/** Follows states to their cycle, remembering the cycle of every state it passes. */
export class CycleFinder {
  readonly cycles: RawCycle32[] = [];
  private readonly memo: U32Map;
  private readonly path = new U32Stack(256);
  constructor(
    private readonly step: Step32,
    maxStates: number,
  ) {
    this.memo = new U32Map(1024, maxStates, 'states in the attractor search memo');
  }
  /** Index in `cycles` of the attractor that x leads to. */
  label(x: number): number {
    const memo = this.memo;
    const path = this.path;
    path.length = 0;
    let cur = x >>> 0;
    let l: number;
    for (;;) {
      l = memo.get(cur, MISSING);
      if (l !== MISSING) break;
      memo.set(cur, ON_PATH);
      path.push(cur);
      cur = this.step(cur);
    }
    if (l === ON_PATH) {
      let size = 0;
      let min = cur;
      let y = cur;
      do {
        if (y < min) min = y;
        size++;
        y = this.step(y);
      } while (y !== cur);
      l = this.cycles.length;
      this.cycles.push({ start: min, size, basin: 0 });
    }
    for (let i = 0; i < path.length; i++) memo.set(path.data[i]!, l);
    return l;
  }
}

export interface SweepOptions {
  ticker: Ticker;
  /**
   * Synchronous steps each state is advanced before it enters the table (default 4; doubled at
   * every compaction). More steps: more arithmetic per state, fewer distinct states to count.
   */
  steps?: number;
  /** Hash-table entries before compaction (default 2^17). */
  tableEntries?: number;
  /** Largest number of distinct states held at once (default 2^24). */
  maxEntries?: number;
}

/** Exhaustive synchronous attractors and basins over all 2^m packed states (m ≤ 32). */
export function syncExhaustive32(sp: Space, opts: SweepOptions): RawCycle32[] {
  const m = sp.m;
  if (m > 32) throw new Error('syncExhaustive32: more than 32 members');
  const step = compileStep32(sp);
  const maxEntries = opts.maxEntries ?? 2 ** 24;
  const finder = new CycleFinder(step, maxEntries * 2);
  const N = 2 ** m;
  if (m < 5) {
    for (let x = 0; x < N; x++) finder.cycles[finder.label(x)]!.basin++;
    return finder.cycles;
  }
  const batch = compileSweepBatch(sp);
  const adv = compileAdvanceBatch(sp);
  const out = new Int32Array(32);
  let K = opts.steps ?? 4;
  let limit = Math.min(opts.tableEntries ?? 2 ** 17, maxEntries);
  let H = new CountTable(limit);
  const B = N / 32;
  for (let b = 0; b < B; b++) {
    if ((b & 0x3fff) === 0) opts.ticker.tick('synchronous sweep', b * 32, N);
    if (batch(b, K, out) === 1) {
      H.add(out[0]! >>> 0, 32);
    } else {
      let prev = out[0]! >>> 0;
      let c = 1;
      for (let k = 1; k < 32; k++) {
        const key = out[k]! >>> 0;
        if (key === prev) c++;
        else {
          H.add(prev, c);
          prev = key;
          c = 1;
        }
      }
      H.add(prev, c);
    }
    if (H.size > limit) {
      H = advanceTable(H, adv, K);
      if (H.size > limit / 2) {
        limit *= 2;
        if (limit > maxEntries) {
          throw new VsmcError('limit', `more than ${maxEntries.toLocaleString('en-US')} distinct states remain after ${K} synchronous steps: the attractors hold too many states to list; use --mode sampled`);
        }
      }
      K *= 2;
    }
  }
  opts.ticker.report('synchronous sweep', N, N);
  const keys = H.keys;
  const counts = H.counts;
  for (let i = 0; i < keys.length; i++) {
    const c = counts[i]!;
    if (c !== 0) finder.cycles[finder.label(keys[i]!)]!.basin += c;
  }
  return finder.cycles;
}

/** Advance every key of the table `steps` synchronous steps, merging the states that meet. */
function advanceTable(H: CountTable, adv: (inp: Int32Array, K: number, out: Int32Array) => void, steps: number): CountTable {
  const NH = new CountTable(H.size);
  const buf = new Int32Array(32);
  const cnt = new Float64Array(32);
  let k = 0;
  const flush = (): void => {
    for (let l = k; l < 32; l++) buf[l] = buf[0]!;
    adv(buf, steps, buf);
    for (let l = 0; l < k; l++) NH.add(buf[l]! >>> 0, cnt[l]!);
    k = 0;
  };
  const keys = H.keys;
  const counts = H.counts;
  for (let i = 0; i < keys.length; i++) {
    if (counts[i] === 0) continue;
    buf[k] = keys[i]!;
    cnt[k] = counts[i]!;
    if (++k === 32) flush();
  }
  if (k > 0) flush();
  return NH;
}

/** Members of a cycle of at most 32 members, in successor order from `start`. */
export function cycleStates32(step: Step32, start: number, size: number): Uint32Array {
  const out = new Uint32Array(size);
  let x = start >>> 0;
  for (let i = 0; i < size; i++) {
    out[i] = x;
    x = step(x);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Trajectory search on networks of any size (restricted and sampled modes).

export interface RawCycleW {
  /** Smallest state on the cycle (words). */
  start: Uint32Array;
  size: number;
  /** Number of starts that reached it. */
  hits: number;
}

export interface TrajectoryResult {
  cycles: RawCycleW[];
  /** Starts whose trajectory did not close within the step limit. */
  unresolved: number;
}

/**
 * Follow each start (packed words) to its cycle. Cycles are identified by their smallest state.
 * `maxSteps` bounds each trajectory (transient plus cycle).
 */
export function syncTrajectories(sp: Space, starts: Iterable<Uint32Array>, maxSteps: number, ticker: Ticker, total: number): TrajectoryResult {
  const W = sp.words;
  const step = compileStepWords(sp);
  const byKey = new Map<string, number>();
  const cycles: RawCycleW[] = [];
  let unresolved = 0;
  const tort = new Uint32Array(W);
  const hare = new Uint32Array(W);
  const tmp = new Uint32Array(W);
  const min = new Uint32Array(W);
  let done = 0;
  const eq = (a: Uint32Array, b: Uint32Array): boolean => compareWords(a, 0, b, 0, W) === 0;
  for (const x0 of starts) {
    ticker.tick('synchronous trajectories', done++, total);
    // Brent: find a state on the cycle and the cycle length.
    let power = 1;
    let lam = 1;
    tort.set(x0);
    step(x0, 0, hare, 0);
    let steps = 1;
    let closed = true;
    while (!eq(tort, hare)) {
      if (power === lam) {
        tort.set(hare);
        power *= 2;
        lam = 0;
      }
      step(hare, 0, tmp, 0);
      hare.set(tmp);
      lam++;
      if (++steps > maxSteps) {
        closed = false;
        break;
      }
    }
    if (!closed) {
      unresolved++;
      continue;
    }
    // hare is on the cycle; its smallest state names the attractor.
    min.set(hare);
    tmp.set(hare);
    for (let i = 1; i < lam; i++) {
      step(tmp, 0, tort, 0);
      tmp.set(tort);
      if (compareWords(tmp, 0, min, 0, W) < 0) min.set(tmp);
    }
    const key = Array.from(min).join(',');
    let id = byKey.get(key);
    if (id === undefined) {
      id = cycles.length;
      byKey.set(key, id);
      cycles.push({ start: min.slice(), size: lam, hits: 0 });
    }
    cycles[id]!.hits++;
  }
  return { cycles, unresolved };
}

// ---------------------------------------------------------------------------------------------
// Successor table and walk (BoolNet's method): the fallback when the attractors hold too many
// states for the sweep's table, and the basis of the naive reference implementation.

const TAG = 0x80000000;
const ON_PATH_TAG = 0xffffffff;

/** Fill table[s] = F(s) for all s < 2^m, 32 states at a time. */
export function fillSuccessorsSliced(sp: Space, table: Uint32Array, ticker: Ticker): void {
  const batch = compileSweepBatch(sp);
  const out = new Int32Array(32);
  const B = table.length / 32;
  for (let b = 0; b < B; b++) {
    if ((b & 0xffff) === 0) ticker.tick('successor table', b * 32, table.length);
    if (batch(b, 1, out) === 1) table.fill(out[0]! >>> 0, 32 * b, 32 * b + 32);
    else for (let k = 0; k < 32; k++) table[32 * b + k] = out[k]! >>> 0;
  }
}

/**
 * Attractors and basins from a successor table (m ≤ 30), labelling states in place: once a state's
 * attractor is known its successor is no longer needed, so the entry becomes TAG | attractor.
 */
export function syncTableWalk(m: number, table: Uint32Array, ticker: Ticker): RawCycle32[] {
  if (m > 30) throw new Error('syncTableWalk: more than 30 members');
  const N = 2 ** m;
  const cycles: RawCycle32[] = [];
  const path = new U32Stack(1024, N);
  for (let s = 0; s < N; s++) {
    if ((s & 0xfffff) === 0) ticker.tick('synchronous walk', s, N);
    if (table[s]! >= TAG) continue;
    path.length = 0;
    let x = s;
    while (table[x]! < TAG) {
      const nx = table[x]!;
      table[x] = ON_PATH_TAG;
      path.push(x);
      x = nx;
    }
    let id: number;
    if (table[x] === ON_PATH_TAG) {
      let i = path.length - 1;
      while (path.data[i] !== x) i--;
      let min = x;
      for (let q = i; q < path.length; q++) if (path.data[q]! < min) min = path.data[q]!;
      id = cycles.length;
      cycles.push({ start: min, size: path.length - i, basin: 0 });
    } else id = table[x]! - TAG;
    const tagged = (TAG + id) >>> 0;
    for (let q = 0; q < path.length; q++) table[path.data[q]!] = tagged;
    cycles[id]!.basin += path.length;
  }
  return cycles;
}
