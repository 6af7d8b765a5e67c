/**
 * Random-order sequential sweeps (BooleanNet's "asynchronous"): each sweep updates every node once,
 * in a fresh random order per cell and sweep, each update seeing the values written before it.
 * Time is the sweep index. A sweep that changes nothing (without noise) means a fixed point.
 */
import { type BlockSetup, TrajectoryRecorder, addInterval, finishCell, foldDiff, newDiff } from './block.js';
import type { Context } from './context.js';
import type { BlockPartial } from './types.js';

export function runSweepBlock(ctx: Context, setup: BlockSetup, p: BlockPartial, signal?: AbortSignal): void {
  const n = ctx.n;
  const slots = ctx.slots;
  const W = ctx.windows.count;
  const width = ctx.windows.width;
  const T = ctx.windows.horizon;
  const occ = p.occupancy;
  const diff = newDiff(ctx);
  const rng = setup.rng;
  const nTerms = ctx.nTerms;
  const termFns = ctx.termFns;
  const termsOf = ctx.termsOf;
  const sched = ctx.schedule;
  const nSched = sched.length;
  const noise = ctx.noise;

  const state = new Uint8Array(n);
  const order = new Int32Array(n);
  const since = new Float64Array(slots);
  const termVal = new Uint8Array(nTerms);
  const rec = new TrajectoryRecorder();

  for (let c = 0; c < setup.cells; c++) {
    if (signal?.aborted) signal.throwIfAborted();
    const v = ctx.variants.get(setup.masks[c]!);
    const evalNode = v.evalNode;
    const frozen = v.frozen;
    state.set(setup.states.subarray(c * n, c * n + n));
    rec.begin(ctx, p, setup.start + c);
    for (let i = 0; i < n; i++) since[i] = 0;
    for (let k = 0; k < nTerms; k++) {
      termVal[k] = termFns[k]!(state, 0);
      since[n + k] = 0;
    }
    const flip = (j: number, t: number): void => {
      const nv = state[j]! ^ 1;
      state[j] = nv;
      if (nv) since[j] = t;
      else addInterval(occ, diff, slots, j, since[j]!, t, width, W);
      if (nTerms > 0) {
        const tl = termsOf[j]!;
        for (let a = 0; a < tl.length; a++) {
          const k = tl[a]!;
          const tv = termFns[k]!(state, 0);
          if (tv !== termVal[k]) {
            termVal[k] = tv;
            if (tv) since[n + k] = t;
            else addInterval(occ, diff, slots, n + k, since[n + k]!, t, width, W);
          }
        }
      }
    };
    rec.point(0, state, 0, n);
    let t = 0;
    let ev = 0;
    let stopped = false;
    let sweeps = 0;
    for (;;) {
      while (ev < nSched && sched[ev]!.time <= t) {
        const e = sched[ev++]!;
        if ((e.p >= 1 || rng.next() < e.p) && state[e.node] !== e.value) flip(e.node, t);
      }
      if (t >= T) break;
      t++;
      sweeps++;
      for (let i = 0; i < n; i++) order[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const r = Math.floor(rng.next() * (i + 1));
        const x = order[i]!;
        order[i] = order[r]!;
        order[r] = x;
      }
      let changed = false;
      for (let a = 0; a < n; a++) {
        const k = order[a]!;
        let val = evalNode(k, state, 0);
        if (noise > 0 && !frozen[k] && rng.next() < noise) val ^= 1;
        if (val !== state[k]) {
          flip(k, t);
          changed = true;
        }
      }
      if (changed && rec.traj) rec.point(t, state, 0, n);
      if (!changed && noise === 0) {
        // Fixed point: nothing changes until the next scheduled event.
        const next = ev < nSched ? Math.min(sched[ev]!.time, T) : T;
        if (next >= T) {
          stopped = t < T;
          t = T;
          break;
        }
        t = next;
      }
    }
    p.work += sweeps * n;
    for (let i = 0; i < n; i++) if (state[i]) addInterval(occ, diff, slots, i, since[i]!, T, width, W);
    for (let k = 0; k < nTerms; k++) if (termVal[k]) addInterval(occ, diff, slots, n + k, since[n + k]!, T, width, W);
    if (stopped) p.stopped++;
    let fixed = true;
    for (let i = 0; i < n && fixed; i++) if (evalNode(i, state, 0) !== state[i]) fixed = false;
    finishCell(ctx, p, c, state, 0, fixed);
  }
  foldDiff(ctx, occ, diff);
}
