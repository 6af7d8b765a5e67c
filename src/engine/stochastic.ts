/**
 * Continuous-time Markov simulation with MaBoSS semantics (Gillespie's direct method), one cell
 * at a time on a scalar state.
 *
 * Speed: a node's rate only changes when one of the nodes its rule (or rate) reads flips, so after
 * a flip only `affected[j]` is re-evaluated; the nodes with a non-zero rate are kept in a dense
 * list so that R = Σ rates and the choice of the flipping node cost O(|enabled|), or O(1) when every
 * rate is the same constant. Time-weighted window occupancy is booked per node when it switches
 * off (interval [on, off) split over the windows), so a flip costs O(1) bookkeeping, not O(n).
 * Nothing is allocated per flip.
 */
import { type BlockSetup, TrajectoryRecorder, addInterval, finishCell } from './block.js';
import type { Context } from './context.js';
import type { CompiledRate } from './rate-compile.js';
import type { BlockPartial } from './types.js';
import { VsmcError } from '../util/errors.js';
import { limits } from '../util/limits.js';

export function runStochasticBlock(ctx: Context, setup: BlockSetup, p: BlockPartial, signal?: AbortSignal): void {
  const n = ctx.n;
  const slots = ctx.slots;
  const W = ctx.windows.count;
  const width = ctx.windows.width;
  const T = ctx.windows.horizon;
  const occ = p.occupancy;
  const rng = setup.rng;
  const { up: upC, down: downC, dynamic, uniform } = ctx.rates;
  const hasDyn = dynamic.some((d) => d !== null);
  const nTerms = ctx.nTerms;
  const termFns = ctx.termFns;
  const termsOf = ctx.termsOf;
  const sched = ctx.schedule;
  const nSched = sched.length;

  const state = new Uint8Array(n);
  const logic = new Uint8Array(n);
  const rate = new Float64Array(n);
  const elist = new Int32Array(n);
  const epos = new Int32Array(n);
  const since = new Float64Array(slots);
  const termVal = new Uint8Array(nTerms);
  const rec = new TrajectoryRecorder();
  const maxFlips = Math.max(1e7, limits().maxCellSteps / ctx.scheme.cells);
  let ecount = 0;
  let work = 0;

  const dynRate = (r: CompiledRate, L: number): number => (r.kind === 'const' ? r.value : r.fn(state, 0, L) * (r.scale ?? 1));

  for (let c = 0; c < setup.cells; c++) {
    if (signal?.aborted) signal.throwIfAborted();
    const v = ctx.variant(setup.masks[c]!);
    const evalNode = v.evalNode;
    const affected = v.affected;
    state.set(setup.states.subarray(c * n, c * n + n));
    rec.begin(ctx, p, setup.start + c);
    ecount = 0;
    epos.fill(-1);

    const setRate = (k: number): void => {
      let r: number;
      const L = logic[k]!;
      const d = hasDyn ? dynamic[k] : null;
      if (d) {
        if (state[k]) r = d.down.kind === 'expr' && d.down.usesLogic ? dynRate(d.down, L) : L ? 0 : dynRate(d.down, L);
        else r = d.up.kind === 'expr' && d.up.usesLogic ? dynRate(d.up, L) : L ? dynRate(d.up, L) : 0;
      } else if (state[k]) r = L ? 0 : downC[k]!;
      else r = L ? upC[k]! : 0;
      rate[k] = r;
      const pos = epos[k]!;
      if (r > 0) {
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
      else addInterval(occ, slots, j, since[j]!, t, width, W);
      const aff = affected[j]!;
      for (let a = 0; a < aff.length; a++) {
        const k = aff[a]!;
        logic[k] = evalNode(k, state, 0);
        setRate(k);
      }
      if (nTerms > 0) {
        const tl = termsOf[j]!;
        for (let a = 0; a < tl.length; a++) {
          const k = tl[a]!;
          const tv = termFns[k]!(state, 0);
          if (tv !== termVal[k]) {
            termVal[k] = tv;
            if (tv) since[n + k] = t;
            else addInterval(occ, slots, n + k, since[n + k]!, t, width, W);
          }
        }
      }
    };

    for (let i = 0; i < n; i++) {
      since[i] = 0;
      logic[i] = evalNode(i, state, 0);
    }
    for (let i = 0; i < n; i++) setRate(i);
    for (let k = 0; k < nTerms; k++) {
      termVal[k] = termFns[k]!(state, 0);
      since[n + k] = 0;
    }

    let t = 0;
    let ev = 0;
    let flips = 0;
    let stopped = false;
    rec.point(0, state, 0, n);
    for (;;) {
      while (ev < nSched && sched[ev]!.time <= t) {
        const e = sched[ev++]!;
        if (e.p >= 1 || rng.next() < e.p) {
          if (state[e.node] !== e.value) {
            flip(e.node, t);
            rec.point(t, state, 0, n);
          }
        }
      }
      const horizon = ev < nSched ? Math.min(sched[ev]!.time, T) : T;
      let R: number;
      if (uniform !== null) R = ecount * uniform;
      else {
        R = 0;
        for (let a = 0; a < ecount; a++) R += rate[elist[a]!]!;
      }
      if (R <= 0) {
        if (horizon < T) {
          t = horizon;
          continue;
        }
        stopped = true;
        break;
      }
      const tn = t - Math.log(rng.next()) / R;
      if (tn >= horizon) {
        t = horizon;
        if (horizon >= T) break;
        continue;
      }
      t = tn;
      let j: number;
      if (uniform !== null) j = elist[Math.floor(rng.next() * ecount)]!;
      else {
        let u = rng.next() * R;
        let a = 0;
        for (; a < ecount - 1; a++) {
          u -= rate[elist[a]!]!;
          if (u < 0) break;
        }
        j = elist[a]!;
      }
      flip(j, t);
      if (++flips > maxFlips) {
        throw new VsmcError('limit', `a trajectory made more than ${maxFlips} transitions before time ${T}; lower the rates or the time (limit maxCellSteps)`);
      }
      if (rec.traj) rec.point(t, state, 0, n);
    }
    work += flips;
    for (let i = 0; i < n; i++) if (state[i]) addInterval(occ, slots, i, since[i]!, T, width, W);
    for (let k = 0; k < nTerms; k++) if (termVal[k]) addInterval(occ, slots, n + k, since[n + k]!, T, width, W);
    if (stopped) p.stopped++;
    finishCell(ctx, p, c, state, 0, ecount === 0);
  }
  p.work += work;
}
