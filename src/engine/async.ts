/**
 * Fully asynchronous update (BoolNet / GINsim semantics): each step updates one node chosen
 * uniformly among the n nodes; a "sweep" is n steps. Time is the step index.
 *
 * Why scalar and not bit-sliced: drawing one node per step for all 32 cells of a word would make
 * the cells' trajectories correlated (they would all update the same node at the same step), which
 * is not the same ensemble. Instead each cell runs on its own, with two exact shortcuts:
 *  - only nodes whose rule disagrees with their state ("enabled") can change, and that set is
 *    kept incrementally (after a flip only the flipped node's targets are re-evaluated);
 *  - without noise, the number of steps until the next step that picks an enabled node is
 *    geometric with p = |enabled| / n, and that node is uniform among the enabled ones. Sampling
 *    the gap directly gives exactly the same distribution of trajectories (state against step
 *    index) as drawing every step, at the cost of one draw per flip instead of one per step.
 *    That is the stochastic kernel's jump chain with discrete gaps (runJumpBlock in stochastic.ts).
 * With noise every step is drawn here (a noisy update can change any non-frozen node).
 */
import { type BlockSetup, TrajectoryRecorder, addInterval, finishCell, foldDiff, newDiff } from './block.js';
import type { Context } from './context.js';
import { runJumpBlock } from './stochastic.js';
import type { BlockPartial } from './types.js';

export function runAsyncBlock(ctx: Context, setup: BlockSetup, p: BlockPartial, signal?: AbortSignal): void {
  if (ctx.noise === 0) {
    runJumpBlock(ctx, setup, p, signal, true);
    return;
  }
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
  const elist = new Int32Array(n);
  const epos = new Int32Array(n);
  const since = new Float64Array(slots);
  const termVal = new Uint8Array(nTerms);
  const rec = new TrajectoryRecorder();
  let ecount = 0;

  for (let c = 0; c < setup.cells; c++) {
    if (signal?.aborted) signal.throwIfAborted();
    const v = ctx.variants.get(setup.masks[c]!);
    const evalNode = v.evalNode;
    const affected = v.affected;
    const frozen = v.frozen;
    state.set(setup.states.subarray(c * n, c * n + n));
    rec.begin(ctx, p, setup.start + c);
    ecount = 0;
    epos.fill(-1);

    const check = (k: number): void => {
      const en = evalNode(k, state, 0) !== state[k];
      const pos = epos[k]!;
      if (en) {
        if (pos < 0) {
          epos[k] = ecount;
          elist[ecount++] = k;
        }
      } else if (pos >= 0) {
        const last = elist[--ecount]!;
        elist[pos] = last;
        epos[last] = pos;
        epos[k] = -1;
      }
    };
    const flip = (j: number, t: number): void => {
      const nv = state[j]! ^ 1;
      state[j] = nv;
      if (nv) since[j] = t;
      else addInterval(occ, diff, slots, j, since[j]!, t, width, W);
      const aff = affected[j]!;
      for (let a = 0; a < aff.length; a++) check(aff[a]!);
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
      if (rec.traj) rec.point(t, state, 0, n);
    };

    for (let i = 0; i < n; i++) since[i] = 0;
    for (let i = 0; i < n; i++) check(i);
    for (let k = 0; k < nTerms; k++) {
      termVal[k] = termFns[k]!(state, 0);
      since[n + k] = 0;
    }
    rec.point(0, state, 0, n);

    let t = 0;
    let ev = 0;
    const applyEvents = (): void => {
      while (ev < nSched && sched[ev]!.time <= t) {
        const e = sched[ev++]!;
        if ((e.p >= 1 || rng.next() < e.p) && state[e.node] !== e.value) flip(e.node, t);
      }
    };
    applyEvents();
    while (t < T) {
      t++;
      const k = Math.floor(rng.next() * n);
      let val = evalNode(k, state, 0);
      if (!frozen[k] && rng.next() < noise) val ^= 1;
      if (val !== state[k]) flip(k, t);
      if (ev < nSched && sched[ev]!.time <= t) applyEvents();
    }
    p.work += T;
    for (let i = 0; i < n; i++) if (state[i]) addInterval(occ, diff, slots, i, since[i]!, T, width, W);
    for (let k = 0; k < nTerms; k++) if (termVal[k]) addInterval(occ, diff, slots, n + k, since[n + k]!, T, width, W);
    finishCell(ctx, p, c, state, 0, ecount === 0);
  }
  foldDiff(ctx, occ, diff);
}
