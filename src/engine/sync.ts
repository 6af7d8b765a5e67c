/**
 * Synchronous update, bit-parallel: one Int32 word per node holds 32 cells, and one call of the
 * compiled word step advances all 32 by one step (every node at once). Cells of a word that belong
 * to different variants (population-fraction interventions) are advanced by each variant's step
 * and blended with per-variant bit masks.
 */
import { type BlockSetup, addInterval, finishCell, foldDiff, newDiff, stateKey } from './block.js';
import { popcount32 } from './compile.js';
import type { Context, WordStepDiffFn } from './context.js';
import type { BlockPartial, Trajectory } from './types.js';

export function runSyncBlock(ctx: Context, setup: BlockSetup, p: BlockPartial, signal?: AbortSignal): void {
  const n = ctx.n;
  const slots = ctx.slots;
  const W = ctx.windows.count;
  const every = ctx.windows.width;
  const steps = ctx.windows.horizon;
  const occ = p.occupancy;
  const diff = newDiff(ctx);
  const rng = setup.rng;
  const sched = ctx.schedule;
  const nTerms = ctx.nTerms;
  const wordTerms = ctx.wordTermFns;
  const noise = ctx.noise;
  // log1p: for a tiny noise (1e-17) 1 - noise rounds to 1, log gives 0, the skip -Infinity, and the
  // skip loop below never ended.
  const logNoise = noise > 0 && noise < 1 ? Math.log1p(-noise) : -Infinity;
  const words = Math.ceil(setup.cells / 32);
  let cur = new Int32Array(n);
  let next = new Int32Array(n);
  const tmp = new Int32Array(n);
  const noiseMask = new Int32Array(n);
  const cell = new Uint8Array(n);
  let noiseSkip = noise > 0 ? nextSkip() : 0;
  const stepsOf = new Map<number, WordStepDiffFn>();
  for (const mask of setup.distinct) stepsOf.set(mask, ctx.variants.get(mask).wordStep());

  function nextSkip(): number {
    return logNoise === -Infinity ? 0 : Math.floor(Math.log(rng.next()) / logNoise);
  }

  for (let w = 0; w < words; w++) {
    if (signal?.aborted) signal.throwIfAborted();
    const c0 = w * 32;
    const cn = Math.min(32, setup.cells - c0);
    const valid = cn === 32 ? -1 : (1 << cn) - 1;
    // Pack the initial states of the word's cells.
    cur.fill(0);
    for (let b = 0; b < cn; b++) {
      const o = (c0 + b) * n;
      for (let i = 0; i < n; i++) if (setup.states[o + i]) cur[i]! |= 1 << b;
    }
    // Variant masks present in this word.
    const vm: { mask: number; bits: number; step: WordStepDiffFn }[] = [];
    for (let b = 0; b < cn; b++) {
      const m = setup.masks[c0 + b]!;
      let e = vm.find((x) => x.mask === m);
      if (!e) vm.push((e = { mask: m, bits: 0, step: stepsOf.get(m)! }));
      e.bits |= 1 << b;
    }
    const single = vm.length === 1 ? vm[0]!.step : null;
    for (let i = 0; i < n; i++) {
      let frozenBits = 0;
      for (const e of vm) if (ctx.variants.get(e.mask).frozen[i]) frozenBits |= e.bits;
      noiseMask[i] = valid & ~frozenBits;
    }
    const step = (c: Int32Array, x: Int32Array): number => {
      if (single) return single(c, x, 0);
      x.fill(0);
      for (const e of vm) {
        e.step(c, tmp, 0);
        for (let i = 0; i < n; i++) x[i]! |= tmp[i]! & e.bits;
      }
      let d = 0;
      for (let i = 0; i < n; i++) d |= x[i]! ^ c[i]!;
      return d;
    };
    // Trajectories of the first cells of the run.
    const tr: (Trajectory | null)[] = [];
    if (p.trajectories) {
      for (let b = 0; b < cn; b++) {
        const g = setup.start + c0 + b;
        if (g < ctx.trajectories) {
          const t: Trajectory = { cell: g, times: [], states: [] };
          p.trajectories.push(t);
          tr.push(t);
        } else tr.push(null);
      }
    }
    const recordTraj = (s: number): void => {
      for (let b = 0; b < tr.length; b++) {
        const t = tr[b];
        if (!t || t.times.length >= 100_000) continue;
        for (let i = 0; i < n; i++) cell[i] = (cur[i]! >>> b) & 1;
        t.times.push(s);
        t.states.push(stateKey(cell, 0, n));
      }
    };

    let ev = 0;
    let s = 0;
    let computed = 0;
    for (;;) {
      while (ev < sched.length && sched[ev]!.time <= s) {
        const e = sched[ev++]!;
        let bits = valid;
        if (e.p < 1) {
          bits = 0;
          for (let b = 0; b < cn; b++) if (rng.next() < e.p) bits |= 1 << b;
        }
        cur[e.node] = e.value ? cur[e.node]! | bits : cur[e.node]! & ~bits;
      }
      if (tr.length) recordTraj(s);
      if (s >= steps) break;
      const base = Math.floor(s / every) * slots;
      for (let i = 0; i < n; i++) occ[base + i]! += popcount32(cur[i]! & valid);
      for (let k = 0; k < nTerms; k++) occ[base + n + k]! += popcount32(wordTerms[k]!(cur, 0) & valid);
      const d = step(cur, next) & valid;
      computed++;
      if (noise > 0) {
        const span = n * 32;
        while (noiseSkip < span) {
          const i = noiseSkip >> 5;
          const bit = 1 << (noiseSkip & 31);
          if (noiseMask[i]! & bit) next[i]! ^= bit;
          noiseSkip += 1 + nextSkip();
        }
        noiseSkip -= span;
      }
      const t = cur;
      cur = next;
      next = t;
      s++;
      if (d === 0 && noise === 0) {
        // Every cell of the word sits on a fixed point: book the steady stretch in one go.
        const until = Math.min(steps, ev < sched.length ? sched[ev]!.time : steps);
        if (until > s) {
          for (let i = 0; i < n; i++) {
            const pc = popcount32(cur[i]! & valid);
            if (pc) addInterval(occ, diff, slots, i, s, until, every, W, pc);
          }
          for (let k = 0; k < nTerms; k++) {
            const pc = popcount32(wordTerms[k]!(cur, 0) & valid);
            if (pc) addInterval(occ, diff, slots, n + k, s, until, every, W, pc);
          }
          if (tr.length) for (let x = s; x < until; x++) recordTraj(x);
          s = until;
        }
      }
    }
    p.work += computed * n * cn;
    // Final states and which of them are fixed points of the (noise-free) dynamics.
    const d = step(cur, next);
    void d;
    for (let b = 0; b < cn; b++) {
      let isFixed = true;
      for (let i = 0; i < n; i++) {
        const v = (cur[i]! >>> b) & 1;
        cell[i] = v;
        if (((next[i]! >>> b) & 1) !== v) isFixed = false;
      }
      finishCell(ctx, p, c0 + b, cell, 0, isFixed);
    }
  }
  foldDiff(ctx, occ, diff);
}
