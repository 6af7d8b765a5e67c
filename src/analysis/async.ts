/**
 * Fully asynchronous attractors: the terminal strongly connected components of the state
 * transition graph in which exactly one node changes per transition (x → x with bit i flipped,
 * for every member i with f_i(x) ≠ x_i).
 *
 * Strongly connected components come from Pearce's space-efficient variant of Tarjan's algorithm
 * (one rindex word per state), run iteratively with explicit stacks. A component is terminal when
 * no edge leaves it: an edge to an already completed component marks its source as escaping, and
 * a completed component with no escaping member is an attractor.
 *
 *  - exhaustive (at most 32 members, 2^m ≤ budget): states are their own ids, rindex is a typed
 *    array over the whole space;
 *  - reachable (any size): states get ids as they are discovered from the given starts (hash set of
 *    packed multi-word states, bounded by the budget), so only the reachable part is stored, and
 *    the terminal components found are exactly the attractors reachable from the starts.
 */
import seedrandom from 'seedrandom';
import { VsmcError } from '../util/errors.js';
import { compileStep32, compileStepWords } from './codegen.js';
import type { Ticker } from './progress.js';
import { PatternAcc, type Space, compareWords } from './space.js';
import { StateStore, U32Stack } from './tables.js';

export interface RawComplex {
  size: number;
  /** Member states (size·words words, sorted) when size ≤ the listing limit. */
  states?: Uint32Array;
  pattern: string;
  /** Smallest member state, to identify the attractor. */
  min: Uint32Array;
}

function lowBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Collects the members of one completed component. */
class ComponentSink {
  private acc: PatternAcc;
  private list: number[] = [];
  private min: Uint32Array;
  size = 0;
  constructor(
    private readonly sp: Space,
    private readonly listLimit: number,
  ) {
    this.acc = new PatternAcc(sp);
    this.min = new Uint32Array(sp.words).fill(0xffffffff);
  }
  add(w: ArrayLike<number>, o: number): void {
    const W = this.sp.words;
    this.acc.add(w, o);
    if (compareWords(w, o, this.min, 0, W) < 0) for (let k = 0; k < W; k++) this.min[k] = w[o + k]!;
    if (this.size < this.listLimit) for (let k = 0; k < W; k++) this.list.push(w[o + k]! >>> 0);
    this.size++;
  }
  done(): RawComplex {
    const W = this.sp.words;
    let states: Uint32Array | undefined;
    if (this.size <= this.listLimit) {
      const idx = Array.from({ length: this.size }, (_, i) => i);
      idx.sort((a, b) => compareWords(this.list, a * W, this.list, b * W, W));
      states = new Uint32Array(this.size * W);
      idx.forEach((src, dst) => {
        for (let k = 0; k < W; k++) states![dst * W + k] = this.list[src * W + k]!;
      });
    }
    return { size: this.size, states, pattern: this.acc.pattern(), min: this.min };
  }
}

/** Exhaustive asynchronous attractors over all 2^m states (m ≤ 31, 2^m ≤ budget). */
export function asyncExhaustive32(sp: Space, ticker: Ticker, listLimit: number): RawComplex[] {
  const m = sp.m;
  if (m > 31) throw new Error('asyncExhaustive32: more than 31 members');
  const N = 2 ** m;
  const step = compileStep32(sp);
  const all = m === 32 ? 0xffffffff : (2 ** m - 1) >>> 0;
  const rindex = new Uint32Array(N);
  const esc = new Uint32Array(Math.ceil(N / 32));
  const S = new U32Stack(1024, N);
  const callV = new U32Stack(1024, N);
  const callMask = new U32Stack(1024, N);
  let callRoot = new Uint8Array(1024);
  const out: RawComplex[] = [];
  const members = new U32Stack(1024, N);
  let index = 1;
  let c = N - 1;
  let visited = 0;
  const one = new Uint32Array(1);

  const begin = (v: number): void => {
    rindex[v] = index++;
    callV.push(v);
    callMask.push((step(v) ^ v) & all);
    if (callV.length > callRoot.length) {
      const r = new Uint8Array(callRoot.length * 2);
      r.set(callRoot);
      callRoot = r;
    }
    callRoot[callV.length - 1] = 1;
    if ((++visited & 0xffff) === 0) ticker.tick('asynchronous search', visited, N);
  };

  for (let s0 = 0; s0 < N; s0++) {
    if (rindex[s0] !== 0) continue;
    begin(s0);
    while (callV.length > 0) {
      const top = callV.length - 1;
      const v = callV.data[top]!;
      const mask = callMask.data[top]!;
      if (mask !== 0) {
        const i = lowBit(mask);
        callMask.data[top] = (mask & (mask - 1)) >>> 0;
        const w = (v ^ (1 << i)) >>> 0;
        if (rindex[w] === 0) {
          begin(w);
          continue;
        }
        // Non-tree edge.
        if (rindex[w]! < rindex[v]!) {
          rindex[v] = rindex[w]!;
          callRoot[top] = 0;
        }
        if (rindex[w]! > c) esc[v >>> 5]! |= 1 << (v & 31);
        continue;
      }
      // v is finished.
      callV.length--;
      callMask.length--;
      if (callRoot[top]) {
        index--;
        let terminal = ((esc[v >>> 5]! >>> (v & 31)) & 1) === 0;
        members.length = 0;
        members.push(v);
        while (S.length > 0 && rindex[v]! <= rindex[S.top()]!) {
          const w = S.pop();
          rindex[w] = c;
          index--;
          if ((esc[w >>> 5]! >>> (w & 31)) & 1) terminal = false;
          members.push(w);
        }
        rindex[v] = c;
        c--;
        if (terminal) {
          // Only attractors pay for collecting their states (most components are single transient states).
          const sink = new ComponentSink(sp, listLimit);
          for (let q = 0; q < members.length; q++) {
            one[0] = members.data[q]!;
            sink.add(one, 0);
          }
          out.push(sink.done());
        }
      } else {
        S.push(v);
      }
      // Return to the parent: the tree edge parent → v.
      if (callV.length > 0) {
        const ptop = callV.length - 1;
        const p = callV.data[ptop]!;
        if (rindex[v]! < rindex[p]!) {
          rindex[p] = rindex[v]!;
          callRoot[ptop] = 0;
        }
        if (rindex[v]! > c) esc[p >>> 5]! |= 1 << (p & 31);
      }
    }
  }
  ticker.report('asynchronous search', N, N);
  return out;
}

export interface ReachableResult {
  attractors: RawComplex[];
  /** Distinct states explored. */
  explored: number;
}

/**
 * Attractors reachable from the given starts (packed words), exploring only the reachable part of
 * the state space; at most `budget` states are held (VsmcError beyond).
 */
export function asyncReachable(sp: Space, starts: Uint32Array[], budget: number, ticker: Ticker, listLimit: number, limitHint: string): ReachableResult {
  const W = sp.words;
  const step = compileStepWords(sp);
  const store = new StateStore(W, budget, () => `the asynchronous search reached more than ${budget.toLocaleString('en-US')} states (the budget); ${limitHint}`);
  let rindex = new Uint32Array(1024);
  let esc = new Uint8Array(1024);
  const S = new U32Stack(1024, budget);
  const callV = new U32Stack(1024, budget);
  let callDiff = new Uint32Array(1024 * W);
  let callRoot = new Uint8Array(1024);
  const cur = new Uint32Array(W);
  const nxt = new Uint32Array(W);
  const out: RawComplex[] = [];
  const members = new U32Stack(1024, budget);
  let index = 1;
  let c = 0xfffffffe;

  const ensure = (id: number): void => {
    if (id < rindex.length) return;
    const n = Math.max(rindex.length * 2, id + 1);
    const r = new Uint32Array(n);
    r.set(rindex);
    rindex = r;
    const e = new Uint8Array(n);
    e.set(esc);
    esc = e;
  };
  const begin = (id: number): void => {
    ensure(id);
    rindex[id] = index++;
    callV.push(id);
    const d = callV.length - 1;
    if ((d + 1) * W > callDiff.length) {
      const nd = new Uint32Array(callDiff.length * 2);
      nd.set(callDiff);
      callDiff = nd;
      const nr = new Uint8Array(callRoot.length * 2);
      nr.set(callRoot);
      callRoot = nr;
    }
    const base = id * W;
    for (let k = 0; k < W; k++) cur[k] = store.pool[base + k]!;
    step(cur, 0, nxt, 0);
    for (let k = 0; k < W; k++) callDiff[d * W + k] = (cur[k]! ^ nxt[k]!) >>> 0;
    // Bits beyond the last member are always 0 in both states.
    callRoot[d] = 1;
    if ((store.size & 0xffff) === 0) ticker.tick('asynchronous search', store.size, budget);
  };

  for (const s of starts) {
    const sid = store.intern(s, 0);
    ensure(sid);
    if (rindex[sid] !== 0) continue;
    begin(sid);
    while (callV.length > 0) {
      const top = callV.length - 1;
      const v = callV.data[top]!;
      let k = 0;
      while (k < W && callDiff[top * W + k] === 0) k++;
      if (k < W) {
        const mask = callDiff[top * W + k]!;
        const i = lowBit(mask);
        callDiff[top * W + k] = (mask & (mask - 1)) >>> 0;
        const base = v * W;
        for (let q = 0; q < W; q++) cur[q] = store.pool[base + q]!;
        cur[k] = (cur[k]! ^ (1 << i)) >>> 0;
        const w = store.intern(cur, 0);
        ensure(w);
        if (rindex[w] === 0) {
          begin(w);
          continue;
        }
        if (rindex[w]! < rindex[v]!) {
          rindex[v] = rindex[w]!;
          callRoot[top] = 0;
        }
        if (rindex[w]! > c) esc[v] = 1;
        continue;
      }
      callV.length--;
      if (callRoot[top]) {
        index--;
        let terminal = esc[v] === 0;
        members.length = 0;
        members.push(v);
        while (S.length > 0 && rindex[v]! <= rindex[S.top()]!) {
          const w = S.pop();
          rindex[w] = c;
          index--;
          if (esc[w]) terminal = false;
          members.push(w);
        }
        rindex[v] = c;
        c--;
        if (terminal) {
          const sink = new ComponentSink(sp, listLimit);
          for (let q = 0; q < members.length; q++) sink.add(store.pool, members.data[q]! * W);
          out.push(sink.done());
        }
      } else {
        S.push(v);
      }
      if (callV.length > 0) {
        const ptop = callV.length - 1;
        const p = callV.data[ptop]!;
        if (rindex[v]! < rindex[p]!) {
          rindex[p] = rindex[v]!;
          callRoot[ptop] = 0;
        }
        if (rindex[v]! > c) esc[p] = 1;
      }
    }
  }
  return { attractors: out, explored: store.size };
}

export interface SampledResult {
  attractors: RawComplex[];
  hits: number[];
  unresolved: number;
}

/**
 * Heuristic search: from each start, a random walk of `walk` transitions, then the exact set of
 * states reachable from where it ended (bounded); the terminal components of that closed set are
 * true attractors. Walks whose closure is too large walk on and retry with a larger bound (up to
 * `closureBudget`), then count as unresolved.
 */
export function asyncSampled(
  sp: Space,
  starts: Iterable<Uint32Array>,
  opts: { walk: number; closureBudget: number; seed: number; listLimit: number; ticker: Ticker; total: number },
): SampledResult {
  const W = sp.words;
  const step = compileStepWords(sp);
  const rng = seedrandom(`async-sampled-${opts.seed}`);
  const found: RawComplex[] = [];
  const hits: number[] = [];
  const known = new StateStore(W, 2 ** 26, () => 'too many attractor states to remember in sampled mode');
  const owner: number[] = [];
  const cur = new Uint32Array(W);
  const nxt = new Uint32Array(W);
  const flips: number[] = [];
  let unresolved = 0;
  let done = 0;
  for (const s0 of starts) {
    opts.ticker.tick('asynchronous sampling', done++, opts.total);
    cur.set(s0);
    let resolved = false;
    // Growing closure budgets: a walk that already sits in a small attractor is settled cheaply;
    // one still in a large transient region walks on before a larger exploration is tried.
    const budgets = [2 ** 10, 2 ** 12, 2 ** 14, 2 ** 16, 2 ** 18, opts.closureBudget].filter((b, i, a) => b <= opts.closureBudget && a.indexOf(b) === i);
    for (let attempt = 0; attempt < budgets.length && !resolved; attempt++) {
      for (let t = 0; t < opts.walk; t++) {
        step(cur, 0, nxt, 0);
        flips.length = 0;
        for (let k = 0; k < W; k++) {
          let d = (cur[k]! ^ nxt[k]!) >>> 0;
          while (d) {
            flips.push(32 * k + lowBit(d));
            d = (d & (d - 1)) >>> 0;
          }
        }
        if (flips.length === 0) break;
        const j = flips[Math.floor(rng() * flips.length)]!;
        cur[j >>> 5] = (cur[j >>> 5]! ^ (1 << (j & 31))) >>> 0;
      }
      const k = known.find(cur, 0);
      if (k >= 0) {
        hits[owner[k]!]!++;
        resolved = true;
        break;
      }
      let res: ReachableResult;
      try {
        res = asyncReachable(sp, [cur.slice()], budgets[attempt]!, opts.ticker, opts.listLimit, '');
      } catch (e) {
        if (e instanceof VsmcError && e.code === 'limit') continue;
        throw e;
      }
      const ids: number[] = [];
      for (const a of res.attractors) {
        const existing = known.find(a.min, 0);
        if (existing >= 0) {
          ids.push(owner[existing]!);
          continue;
        }
        const id = found.length;
        found.push(a);
        hits.push(0);
        ids.push(id);
        // Remember its members when they were listed, else at least its smallest state.
        const members = a.states ?? a.min;
        for (let q = 0; q < members.length / W; q++) owner[known.intern(members, q * W)] = id;
      }
      // Credit the attractor the walk is in, or the only one it can still reach; otherwise walk on.
      const here = known.find(cur, 0);
      if (here >= 0 || ids.length === 1) {
        hits[here >= 0 ? owner[here]! : ids[0]!]!++;
        resolved = true;
      }
    }
    if (!resolved) unresolved++;
  }
  return { attractors: found, hits, unresolved };
}
