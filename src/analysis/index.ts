/**
 * Exact attractor analysis of a prepared BooleanSystem: fixed points, synchronous attractors
 * with basins, asynchronous attractors (terminal SCCs), exhaustive, restricted to given initial
 * states, or sampled. Pure code (no Node APIs): the web app calls it from a worker.
 * Methods and limits: docs/attractors.md.
 */
import seedrandom from 'seedrandom';
import { compileScalarStep } from '../engine/compile.js';
import type { BooleanSystem, InitialDistribution } from '../model/prepare.js';
import { VsmcError } from '../util/errors.js';
import { limits } from '../util/limits.js';
import { type RawComplex, asyncExhaustive32, asyncReachable, asyncSampled } from './async.js';
import { compileStep32, compileStepWords } from './codegen.js';
import { solveFixedPoints } from './fixed-points.js';
import { Ticker } from './progress.js';
import { PatternAcc, type Space, buildSpace, packState, stateString } from './space.js';
import { type RawCycle32, cycleStates32, fillSuccessorsSliced, syncExhaustive32, syncTableWalk, syncTrajectories } from './sync.js';
import type { AttractorInfo, AttractorReport, FindOptions, FixedPointOptions, FixedSpace, SearchMode } from './types.js';

export type { AttractorInfo, AttractorReport, FindOptions, FixedPointOptions, FixedSpace, Progress, Scheme, SearchMode } from './types.js';
export { formatCsv, formatTable } from './format.js';
export { randomNKNetwork, networkToBnet } from './random-network.js';

export const DEFAULT_ASYNC_BUDGET = 2 ** 25;
/** Largest asynchronous budget accepted: beyond it the search would need more memory than a worker has. */
export const MAX_ASYNC_BUDGET = 2 ** 28;
export const DEFAULT_MAX_SYNC_NODES = 30;
export const DEFAULT_LISTED_STATES = 1000;
export const DEFAULT_SAMPLES = 1000;
export const DEFAULT_MAX_FIXED_POINTS = 100_000;
/** Bound on one synchronous trajectory (transient plus cycle) in restricted/sampled mode. */
export const MAX_TRAJECTORY_STEPS = 2 ** 26;

function keepPolicy(sys: BooleanSystem, policy: FixedSpace): (i: number) => boolean {
  if (policy === 'full') return () => true;
  if (policy === 'reduced') return () => false;
  return (i) => sys.forced[i]! < 0;
}

/** The space searched (all constant nodes out) and the space basins and starts live in. */
export function analysisSpaces(sys: BooleanSystem, policy: FixedSpace = 'model'): { search: Space; basin: Space } {
  const search = buildSpace(sys);
  const basin = buildSpace(sys, keepPolicy(sys, policy));
  return { search, basin };
}

function fixedNotes(sys: BooleanSystem, search: Space, basin: Space): string[] {
  const notes: string[] = [];
  const fixed = sys.ids.map((id, i) => (search.outside[i]! >= 0 ? `${id}=${search.outside[i]}` : '')).filter(Boolean);
  if (fixed.length) {
    const shown = fixed.length > 30 ? `${fixed.slice(0, 30).join(', ')}, … (${fixed.length - 30} more)` : fixed.join(', ');
    notes.push(`${fixed.length} node${fixed.length > 1 ? 's have' : ' has'} a constant rule and ${fixed.length > 1 ? 'are' : 'is'} left out of the search: ${shown}`);
  }
  const kept = basin.members.filter((i) => search.outside[i]! >= 0).map((i) => sys.ids[i]!);
  if (kept.length) {
    notes.push(
      `basins and initial states include both values of ${kept.length > 10 ? `${kept.length} constant-rule nodes` : kept.join(', ')} (the rule is a constant but the state may start at the other value; it takes the constant after one synchronous step)`,
    );
  }
  return notes;
}

function sortAttractors(list: AttractorInfo[]): AttractorInfo[] {
  return list.sort((a, b) => a.size - b.size || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0) || ((a.states?.[0] ?? '') < (b.states?.[0] ?? '') ? -1 : 1));
}

function listLimit(opts: { includeStates?: boolean; maxListedStates?: number }): number {
  return opts.includeStates ? Number.MAX_SAFE_INTEGER : (opts.maxListedStates ?? DEFAULT_LISTED_STATES);
}

/** Info for a synchronous cycle given its member states in successor order (words each). */
function cycleInfo(sp: Space, states: Uint32Array, size: number, basin: number | undefined, limit: number): AttractorInfo {
  const W = sp.words;
  const acc = new PatternAcc(sp);
  for (let i = 0; i < size; i++) acc.add(states, i * W);
  const info: AttractorInfo = { type: size === 1 ? 'fixed' : 'cycle', size, pattern: acc.pattern() };
  if (size <= limit) info.states = Array.from({ length: size }, (_, i) => stateString(sp, states, i * W));
  if (basin !== undefined) info.basin = basin;
  return info;
}

/** Info for a cycle known by one state and its length: walked once, states kept up to the limit. */
function trajectoryCycleInfo(sp: Space, start: Uint32Array, size: number, basin: number, limit: number): AttractorInfo {
  const W = sp.words;
  const step = compileStepWords(sp);
  const acc = new PatternAcc(sp);
  const keep = size <= limit ? new Uint32Array(size * W) : undefined;
  const cur = start.slice();
  const nxt = new Uint32Array(W);
  for (let i = 0; i < size; i++) {
    acc.add(cur);
    keep?.set(cur, i * W);
    step(cur, 0, nxt, 0);
    cur.set(nxt);
  }
  const info: AttractorInfo = { type: size === 1 ? 'fixed' : 'cycle', size, pattern: acc.pattern(), basin };
  if (keep) info.states = Array.from({ length: size }, (_, i) => stateString(sp, keep, i * W));
  return info;
}

function complexInfo(sp: Space, a: RawComplex, limit: number, basin?: number): AttractorInfo {
  const info: AttractorInfo = { type: a.size === 1 ? 'fixed' : 'complex', size: a.size, pattern: a.pattern };
  if (a.states && a.size <= limit) info.states = Array.from({ length: a.size }, (_, i) => stateString(sp, a.states!, i * sp.words));
  if (basin !== undefined) info.basin = basin;
  return info;
}

function checkStates(sys: BooleanSystem, from: Uint8Array[]): void {
  from.forEach((s, k) => {
    if (s.length !== sys.n) throw new VsmcError('semantic', `initial state ${k + 1} has ${s.length} values; the model has ${sys.n} nodes`, { file: sys.model.file });
    for (let i = 0; i < s.length; i++) {
      if (s[i] !== 0 && s[i] !== 1) throw new VsmcError('semantic', `initial state ${k + 1}: value of ${sys.ids[i]} must be 0 or 1`, { file: sys.model.file });
    }
  });
}

/** Random starts over the space: uniform, or drawn from an initial-state distribution. */
function* randomStarts(sys: BooleanSystem, sp: Space, count: number, seed: number, initial?: InitialDistribution): Generator<Uint32Array> {
  const rng = seedrandom(`attractor-starts-${seed}`);
  const full = new Uint8Array(sys.n);
  const out = new Uint32Array(sp.words);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < sys.n; i++) full[i] = rng() < (initial ? initial.probabilities[i]! : 0.5) ? 1 : 0;
    for (const block of initial?.joint ?? []) {
      const total = block.choices.reduce((t, c) => t + c.weight, 0);
      let r = rng() * total;
      let pick = block.choices[block.choices.length - 1]!;
      for (const c of block.choices) {
        if ((r -= c.weight) < 0) {
          pick = c;
          break;
        }
      }
      block.nodes.forEach((node, k) => (full[node] = pick.values[k]!));
    }
    packState(sp, full, out);
    yield out;
  }
}

/** Fixed points, exactly, for networks of any size. */
export function fixedPoints(sys: BooleanSystem, opts: FixedPointOptions & { scheme?: 'sync' | 'async' } = {}): AttractorReport {
  const ticker = new Ticker(opts.signal, opts.onProgress);
  const search = buildSpace(sys);
  const max = opts.maxFixedPoints ?? DEFAULT_MAX_FIXED_POINTS;
  const res = solveFixedPoints(search, { maxSolutions: max, ticker });
  const W = search.words;
  const attractors: AttractorInfo[] = [];
  for (let i = 0; i < res.count; i++) {
    const s = stateString(search, res.states, i * W);
    attractors.push({ type: 'fixed', size: 1, pattern: s, states: [s] });
  }
  attractors.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
  const notes = fixedNotes(sys, search, search);
  notes.push('fixed points x = F(x) are the same for every update scheme; found by constraint search (unit propagation and backtracking), not enumeration');
  if (!res.complete) notes.push(`stopped after ${max.toLocaleString('en-US')} fixed points (maxFixedPoints); there are more`);
  return { order: [...sys.ids], scheme: opts.scheme ?? 'sync', complete: res.complete, mode: 'fixed-points', attractors, notes };
}

export function syncAttractors(sys: BooleanSystem, opts: Omit<FindOptions, 'scheme'> = {}): AttractorReport {
  return findAttractors(sys, { ...opts, scheme: 'sync' });
}

export function asyncAttractors(sys: BooleanSystem, opts: Omit<FindOptions, 'scheme'> = {}): AttractorReport {
  return findAttractors(sys, { ...opts, scheme: 'async' });
}

export function findAttractors(sys: BooleanSystem, opts: FindOptions): AttractorReport {
  const mode: SearchMode = opts.mode ?? (opts.from && opts.from.length ? 'restricted' : 'exhaustive');
  if (opts.scheme !== 'sync' && opts.scheme !== 'async') throw new VsmcError('semantic', `unknown update scheme "${String(opts.scheme)}": use sync or async`);
  if (!['exhaustive', 'restricted', 'sampled'].includes(mode)) throw new VsmcError('semantic', `unknown search mode "${mode}": use exhaustive, restricted or sampled`);
  const ticker = new Ticker(opts.signal, opts.onProgress);
  const { search, basin } = analysisSpaces(sys, opts.fixedSpace ?? 'model');
  const limit = listLimit(opts);
  const notes = fixedNotes(sys, search, opts.scheme === 'async' && mode === 'exhaustive' ? search : basin);
  const report = (complete: boolean, attractors: AttractorInfo[]): AttractorReport => ({
    order: [...sys.ids],
    scheme: opts.scheme,
    complete,
    mode,
    attractors: sortAttractors(attractors),
    notes,
  });
  if (opts.from) checkStates(sys, opts.from);
  const seed = opts.seed ?? 1;
  const samples = opts.samples ?? DEFAULT_SAMPLES;
  if (mode === 'restricted' && !(opts.from && opts.from.length)) {
    throw new VsmcError('semantic', 'restricted mode needs initial states (from / --init)');
  }
  if (mode === 'sampled' && !(samples >= 1 && samples <= 1e9 && Number.isInteger(samples))) {
    throw new VsmcError('semantic', `samples must be a whole number between 1 and 1e9, found ${samples}`);
  }
  // Restricted: the given states. Sampled: random starts, or the given states (asynchronous walks
  // cycle through them until `samples` walks are done).
  const starts = (): { it: Iterable<Uint32Array>; total: number } => {
    const given = opts.from && opts.from.length ? opts.from.map((s) => packState(basin, s)) : undefined;
    if (mode === 'restricted' || (given && opts.scheme === 'sync')) return { it: given!, total: given!.length };
    if (given) return { it: Array.from({ length: samples }, (_, i) => given[i % given.length]!), total: samples };
    return { it: randomStarts(sys, basin, samples, seed, opts.initial), total: samples };
  };

  if (opts.scheme === 'sync') {
    if (mode === 'exhaustive') return report(true, syncExhaustive(sys, search, basin, opts, ticker, limit, notes));
    const { it, total } = starts();
    const res = syncTrajectories(basin, it, MAX_TRAJECTORY_STEPS, ticker, total);
    const infos = res.cycles.map((c) => trajectoryCycleInfo(basin, c.start, c.size, c.hits, limit));
    notes.push(
      mode === 'restricted' || opts.from?.length
        ? `attractors reached from the ${total} given initial state${total > 1 ? 's' : ''}; basin = how many of them reach it; other attractors may exist`
        : `not exhaustive: attractors reached from ${total} random initial states (seed ${seed}); basin = how many of those starts reach it, not the basin size; other attractors may exist`,
    );
    if (res.unresolved) notes.push(`${res.unresolved} trajectories did not close within ${MAX_TRAJECTORY_STEPS.toLocaleString('en-US')} steps`);
    return report(false, infos);
  }

  // Asynchronous.
  const budget = opts.budget ?? DEFAULT_ASYNC_BUDGET;
  if (!(budget >= 1 && budget <= MAX_ASYNC_BUDGET)) {
    throw new VsmcError('limit', `the asynchronous state budget must be between 1 and 2^28 = ${MAX_ASYNC_BUDGET.toLocaleString('en-US')} states (about 4 GiB at that size), found ${budget}`);
  }
  if (mode === 'exhaustive') {
    const m = search.m;
    // --budget may be raised, but never past the exhaustive state-space limit.
    if (m > 31 || 2 ** m > Math.min(budget, limits().maxExhaustiveStates)) {
      throw new VsmcError(
        'limit',
        `exhaustive asynchronous search needs all 2^${m} states of the ${m} free nodes; the budget is ${Math.min(budget, limits().maxExhaustiveStates).toLocaleString('en-US')} states (--budget). Use --mode restricted --init STATE (attractors reachable from given states) or --mode sampled`,
        { file: sys.model.file },
      );
    }
    const raw = asyncExhaustive32(search, ticker, limit);
    return report(true, raw.map((a) => complexInfo(search, a, limit)));
  }
  if (mode === 'restricted') {
    const { it } = starts();
    const res = asyncReachable(basin, [...it].map((s) => s.slice()), budget, ticker, limit, 'raise --budget, or use --mode sampled');
    notes.push(`exact for the attractors reachable from the ${opts.from!.length} given initial state${opts.from!.length > 1 ? 's' : ''} (${res.explored.toLocaleString('en-US')} reachable states explored); other attractors may exist`);
    return report(false, res.attractors.map((a) => complexInfo(basin, a, limit)));
  }
  const { it, total } = starts();
  const walk = 1000 + 20 * basin.m;
  const closureBudget = opts.budget !== undefined ? budget : 2 ** 18;
  const res = asyncSampled(basin, it, { walk, closureBudget, seed, listLimit: limit, ticker, total });
  notes.push(
    `not exhaustive: random walks of ${walk} transitions from ${total} random initial states (seed ${seed}), then every state reachable from where each walk ended (at most ${closureBudget.toLocaleString('en-US')}); each attractor listed is exact, but others may exist; basin = how many walks ended in it`,
  );
  if (res.unresolved) notes.push(`${res.unresolved} walks ended where more than ${closureBudget.toLocaleString('en-US')} states were still reachable and were not resolved (an attractor larger than that, or a large transient region; --budget raises the bound)`);
  return report(false, res.attractors.map((a, i) => complexInfo(basin, a, limit, res.hits[i])));
}

function syncExhaustive(sys: BooleanSystem, search: Space, basin: Space, opts: FindOptions, ticker: Ticker, limit: number, notes: string[]): AttractorInfo[] {
  const m = basin.m;
  const cap = Math.min(opts.maxExhaustiveNodes ?? DEFAULT_MAX_SYNC_NODES, 32);
  if (m > cap || 2 ** m > limits().maxExhaustiveStates) {
    const hint = basin.m > search.m ? ` (${basin.m - search.m} of them constant-rule nodes kept for basins; --fixed-space reduced leaves them out)` : '';
    throw new VsmcError(
      'limit',
      `exhaustive synchronous search over ${m} free nodes (2^${m} states)${hint} is beyond the limit of ${cap} free nodes; use --mode restricted --init STATE (attractors reached from given states) or --mode sampled (random starts)`,
      { file: sys.model.file },
    );
  }
  let cycles: RawCycle32[];
  try {
    cycles = syncExhaustive32(basin, { ticker, maxEntries: opts.maxSweepEntries });
  } catch (e) {
    // Attractors with very many states: fall back to a successor table when it fits in 1 GiB.
    if (!(e instanceof VsmcError && e.code === 'limit') || m > 28) throw e;
    const table = new Uint32Array(2 ** m);
    fillSuccessorsSliced(basin, table, ticker);
    cycles = syncTableWalk(m, table, ticker);
    notes.push('attractors hold very many states: used a full successor table');
  }
  const step = compileStep32(basin);
  notes.push(`exhaustive over all 2^${m} = ${(2 ** m).toLocaleString('en-US')} states; basin = number of states whose trajectory ends in the attractor`);
  return cycles.map((c) => cycleInfo(basin, cycleStates32(step, c.start, c.size), c.size, c.basin, limit));
}

const fullStepCache = new WeakMap<BooleanSystem, (c: Uint8Array, x: Uint8Array, o: number) => void>();

/** The synchronous successor of a full model-order state (every node, constants included). */
export function syncSuccessor(sys: BooleanSystem, state: Uint8Array): Uint8Array {
  let f = fullStepCache.get(sys);
  if (!f) {
    f = compileScalarStep(sys);
    fullStepCache.set(sys, f);
  }
  const next = new Uint8Array(sys.n);
  f(state, next, 0);
  return next;
}

/** Parse a bit string over the model order into a state. */
export function parseStateString(sys: BooleanSystem, s: string): Uint8Array {
  if (s.length !== sys.n || !/^[01]*$/.test(s)) throw new VsmcError('semantic', `a state must be ${sys.n} characters 0/1 in model order`);
  return Uint8Array.from(s, (c) => (c === '1' ? 1 : 0));
}

