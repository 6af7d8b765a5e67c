/**
 * Continuous-time Markov simulation with MaBoSS semantics (Gillespie's direct method), one cell
 * at a time on a scalar state.
 *
 * Speed: a node's rate only changes when one of the nodes its rule (or rate) reads flips, so after
 * a flip only `affected[j]` is re-evaluated; the nodes with a non-zero rate are kept in a dense
 * list so that R = Σ rates and the choice of the flipping node cost O(|enabled|), or O(1) when every
 * rate is the same constant; the rule re-evaluation after a flip is generated code (compile.ts,
 * compileAfterFlip). Waiting times come from the ziggurat exponential (rng.ts). Time-weighted
 * window occupancy is booked per node when it switches off (interval [on, off), whole windows
 * through a difference array), so a flip costs O(1) bookkeeping, not O(n). Nothing is allocated
 * per flip. The same kernel runs the noise-free async scheme (runJumpBlock, `discrete`).
 */
import { type BlockSetup, TrajectoryRecorder, addInterval, finishCell, foldDiff, newDiff } from './block.js';
import type { Context } from './context.js';
import type { NodeRates } from './rates.js';
import type { BlockPartial } from './types.js';
import { VsmcError } from '../util/errors.js';
import { limits } from '../util/limits.js';

export function runStochasticBlock(ctx: Context, setup: BlockSetup, p: BlockPartial, signal?: AbortSignal): void {
  runJumpBlock(ctx, setup, p, signal, false);
}

/**
 * The jump-chain kernel shared by the stochastic scheme (continuous time) and the noise-free
 * async scheme (`discrete`: time counts single-node steps; from a state with m enabled nodes out
 * of n, the number of steps to the next change is geometric with p = m/n and the changing node is
 * uniform among the enabled — the exact law of stepping one random node at a time).
 */
export function runJumpBlock(ctx: Context, setup: BlockSetup, p: BlockPartial, signal: AbortSignal | undefined, discrete: boolean): void {
  const n = ctx.n;
  const slots = ctx.slots;
  const W = ctx.windows.count;
  const width = ctx.windows.width;
  const T = ctx.windows.horizon;
  const occ = p.occupancy;
  const diff = newDiff(ctx);
  const rng = setup.rng;
  const ones = discrete ? new Float64Array(n).fill(1) : null;
  const upC = ones ?? ctx.rates.up;
  const downC = ones ?? ctx.rates.down;
  const dynamic = ctx.rates.dynamic;
  const uniform = discrete ? 1 : ctx.rates.uniform;
  const hasDyn = !discrete && dynamic.some((d) => d !== null);
  // Discrete gaps: 1 + floor(E / λ_m) with E ~ Exp(1) and λ_m = −ln(1 − m/n) is Geometric(m/n) on 1, 2, …
  const lambda = new Float64Array(n + 1);
  for (let m = 1; m <= n; m++) lambda[m] = m === n ? Infinity : -Math.log(1 - m / n);
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
  const cnt = new Int32Array(1);
  const sinceW = new Int32Array(n);
  const lastW = W - 1;
  const maxFlips = Math.max(1e7, limits().maxCellSteps / ctx.scheme.cells);
  let work = 0;

  for (let c = 0; c < setup.cells; c++) {
    if (signal?.aborted) signal.throwIfAborted();
    const v = ctx.variants.get(setup.masks[c]!);
    const evalNode = v.evalNode;
    const affected = v.affected;
    const after = discrete ? v.afterFlipEnabled() : v.afterFlip();
    state.set(setup.states.subarray(c * n, c * n + n));
    rec.begin(ctx, p, setup.start + c);
    let ecount = 0;
    epos.fill(-1);
    for (let i = 0; i < n; i++) {
      since[i] = 0;
      sinceW[i] = 0;
      const L = evalNode(i, state, 0);
      logic[i] = L;
      const r = hasDyn ? dynamicRate(dynamic, i, state, L, upC, downC, ctx.ids) : state[i] ? (L ? 0 : downC[i]!) : L ? upC[i]! : 0;
      rate[i] = r;
      if (r > 0) {
        epos[i] = ecount;
        elist[ecount++] = i;
      }
    }
    for (let k = 0; k < nTerms; k++) {
      termVal[k] = termFns[k]!(state, 0);
      since[n + k] = 0;
    }

    let t = 0;
    // The window holding t, tracked as t advances (saves a division per flip).
    let curW = 0;
    let winStart = 0;
    let winEnd = width;
    let curBase = 0;
    let ev = 0;
    let flips = 0;
    let stopped = false;
    rec.point(0, state, 0, n);
    // Everything a flip does is written out here, not in helper closures: a closure that wrote
    // `ecount` would move it (and every access in this loop) into a heap context.
    for (;;) {
      let j: number;
      if (ev < nSched && sched[ev]!.time <= t) {
        const e = sched[ev++]!;
        if (!(e.p >= 1 || rng.next() < e.p) || state[e.node] === e.value) continue;
        j = e.node;
      } else {
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
        // Continuous: a jump at exactly the horizon has probability 0. Discrete: a change at the
        // event's step comes before the event (events apply to the state at their step).
        const tn = discrete ? t + 1 + Math.floor(rng.exp() / lambda[ecount]!) : t + rng.exp() / R;
        if (discrete ? tn > horizon : tn >= horizon) {
          t = horizon;
          if (horizon >= T) break;
          continue;
        }
        t = tn;
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
        if (++flips > maxFlips) {
          throw new VsmcError('limit', `a trajectory made more than ${maxFlips} transitions before time ${T}; lower the rates or the time (or raise --max-cell-steps)`);
        }
      }
      while (t >= winEnd && curW < lastW) {
        curW++;
        curBase += slots;
        winStart = winEnd;
        winEnd = (curW + 1) * width;
      }
      const nv = state[j]! ^ 1;
      state[j] = nv;
      if (nv) {
        since[j] = t;
        sinceW[j] = curW;
      } else {
        // The interval [since, t): partial windows at both ends, whole ones via the difference array.
        const t0 = since[j]!;
        const w0 = sinceW[j]!;
        if (w0 === curW) occ[curBase + j]! += t - t0;
        else {
          occ[w0 * slots + j]! += (w0 + 1) * width - t0;
          if (w0 + 1 < curW) {
            diff[(w0 + 1) * slots + j]! += 1;
            diff[curBase + j]! -= 1;
          }
          occ[curBase + j]! += t - winStart;
        }
      }
      if (after !== null) {
        cnt[0] = ecount;
        after(j, state, logic, rate, elist, epos, cnt);
        ecount = cnt[0]!;
      } else {
        const aff = affected[j]!;
        for (let a = 0; a < aff.length; a++) {
          const k = aff[a]!;
          const L = evalNode(k, state, 0);
          logic[k] = L;
          const r = hasDyn ? dynamicRate(dynamic, k, state, L, upC, downC, ctx.ids) : state[k] ? (L ? 0 : downC[k]!) : L ? upC[k]! : 0;
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
        }
      }
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
    }
    work += flips;
    for (let i = 0; i < n; i++) if (state[i]) addInterval(occ, diff, slots, i, since[i]!, T, width, W);
    for (let k = 0; k < nTerms; k++) if (termVal[k]) addInterval(occ, diff, slots, n + k, since[n + k]!, T, width, W);
    if (stopped) p.stopped++;
    finishCell(ctx, p, c, state, 0, ecount === 0);
  }
  p.work += discrete ? T * setup.cells : work;
  foldDiff(ctx, occ, diff);
}

/** Rate of node k when its rates are expressions (see rates.ts for the @logic rule). */
function dynamicRate(dynamic: NodeRates['dynamic'], k: number, state: Uint8Array, L: number, upC: Float64Array, downC: Float64Array, ids: string[]): number {
  const d = dynamic[k];
  if (!d) return state[k] ? (L ? 0 : downC[k]!) : L ? upC[k]! : 0;
  const r = state[k] ? d.down : d.up;
  const gate = state[k] ? !L : L;
  if (r.kind === 'const') return gate ? r.value : 0;
  if (!r.asWritten && !gate) return 0;
  const v = r.fn(state, 0, L) * (r.scale ?? 1);
  // Infinity too: an infinite total rate makes every waiting time 0 and the choice of node NaN.
  if (!(v >= 0 && v < Infinity)) throw new VsmcError('semantic', `the ${state[k] ? 'rateDown' : 'rateUp'} of ${ids[k]} evaluated to ${v}; rates must be finite and ≥ 0`);
  return v;
}
