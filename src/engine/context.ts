/**
 * Everything a run needs that does not depend on the cells: the prepared Boolean system(s),
 * compiled rules, rates, the initial distribution, the schedule, readouts and the time windows.
 * Built once per run (and once per worker); the kernels only read it.
 */
import { type Expr, variables } from '../rules/ast.js';
import type { Perturbation } from '../model/perturbation.js';
import { type BooleanSystem, type InitialDistribution, prepare, resolveInitial } from '../model/prepare.js';
import { VsmcError, suggest } from '../util/errors.js';
import { limits } from '../util/limits.js';
import { type AfterFlipFn, type ScalarNodeFn, type WordNodeFn, type WordStepDiffFn, compileAfterFlip, compileReadouts, compileSwitch, compileWordReadouts, compileWordStepDiff, genericAfterFlip } from './compile.js';
import { type NodeRates, resolveRates, scaleRate } from './rates.js';
import type { ExplicitInitial, SchemeOptions, SimulationRequest } from './types.js';

/** Cells per block: the unit of seeding, threading and merging. */
export const BLOCK = 1024;
/** At most this many distinct population-fraction interventions in one run (2^k cell variants). */
export const MAX_FRACTIONAL = 8;
export const MAX_TRAJECTORIES = 1000;
export const MAX_TRAJECTORY_POINTS = 100_000;
export const MAX_WINDOWS = 100_000;
/** Largest finalStates array (cells × n bytes). */
export const MAX_FINAL_STATE_BYTES = 500_000_000;

/**
 * One cell type of the run: the system with a given subset of the population-fraction
 * interventions. A class (methods on the prototype) rather than an object of closures: the
 * kernels call these once per cell, and a call site that sees the same function in every run
 * stays optimised across runs.
 */
export class Variant {
  /** Value each node is set to at the start (inputs, knockouts, forced nodes), or -1. */
  readonly forced: Int8Array;
  /** Nodes the noise option never flips (forced nodes and inputs). */
  readonly frozen: Uint8Array;
  /** f_k(state at offset o) for node k: one function with a switch, so the call site stays monomorphic. */
  readonly evalNode: (k: number, s: Uint8Array, o: number) => number;
  /** For each node j, the nodes whose rule (or rate) must be re-evaluated when j flips (j included). */
  readonly affected: Int32Array[];
  private after: AfterFlipFn | null | undefined;
  private afterEnabled: AfterFlipFn | undefined;
  private step: WordStepDiffFn | undefined;

  constructor(
    readonly mask: number,
    readonly sys: BooleanSystem,
    private readonly rates: NodeRates,
  ) {
    const model = sys.model;
    const n = sys.n;
    this.forced = sys.forced;
    this.frozen = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (sys.forced[i]! >= 0 || model.inputs[i]) this.frozen[i] = 1;
    const rateReaders: number[][] = Array.from({ length: n }, () => []);
    rates.refs.forEach((refs, i) => refs.forEach((j) => rateReaders[j]!.push(i)));
    this.affected = [];
    for (let j = 0; j < n; j++) this.affected.push(Int32Array.from(new Set<number>([j, ...sys.targets[j]!, ...rateReaders[j]!])));
    this.evalNode = compileSwitch(sys);
  }

  /**
   * Stochastic kernel helper for constant rates: after node j flipped, re-evaluate the rules of
   * affected[j], set their rates and keep the enabled list (count in cnt[0]). Null when some
   * rate depends on the state (the kernel then uses evalNode and the generic rate code).
   */
  afterFlip(): AfterFlipFn | null {
    if (this.after === undefined) this.after = compileAfterFlip(this.sys, this.affected, this.rates);
    return this.after;
  }

  /** The same with "enabled" (rule ≠ state) in place of rates: the async scheme's jump chain. */
  afterFlipEnabled(): AfterFlipFn {
    return (this.afterEnabled ??= compileAfterFlip(this.sys, this.affected, null) ?? genericAfterFlip(this.affected, this.evalNode));
  }

  /** Bit-sliced synchronous step returning the OR of changed bits. Compiled on first use. */
  wordStep(): WordStepDiffFn {
    return (this.step ??= compileWordStepDiff(this.sys));
  }
}

/** Cell variants of a run by intervention mask, built on first use. */
export class Variants {
  private readonly cache = new Map<number, Variant>();
  constructor(private readonly build: (mask: number) => Variant) {}

  get(mask: number): Variant {
    let v = this.cache.get(mask);
    if (!v) {
      v = this.build(mask);
      this.cache.set(mask, v);
    }
    return v;
  }
}

export type { AfterFlipFn, WordStepDiffFn };

export interface ResolvedEvent {
  time: number;
  node: number;
  value: 0 | 1;
  p: number;
}

export interface Windows {
  count: number;
  width: number;
  /** End of the run: max time (stochastic) or number of steps/sweeps. */
  horizon: number;
  starts: number[];
  lens: Float64Array;
}

export interface Context {
  req: SimulationRequest;
  scheme: Required<Pick<SchemeOptions, 'type' | 'cells' | 'seed'>> & SchemeOptions;
  n: number;
  ids: string[];
  base: BooleanSystem;
  fractional: { p: Perturbation; fraction: number }[];
  variants: Variants;
  rates: NodeRates;
  initial: { kind: 'dist'; dist: InitialDistribution } | { kind: 'explicit'; states: Uint8Array };
  schedule: ResolvedEvent[];
  readoutNames: string[];
  /** Readout r owns terms termStart[r] .. termStart[r+1]-1. */
  termStart: number[];
  termFns: ScalarNodeFn[];
  wordTermFns: WordNodeFn[];
  /** For each node, the readout terms that read it. */
  termsOf: Int32Array[];
  nTerms: number;
  /** Occupancy slots: nodes, then readout terms. */
  slots: number;
  windows: Windows;
  noise: number;
  trajectories: number;
  finalStates: boolean;
  notes: string[];
}

function isExplicit(x: unknown): x is ExplicitInitial {
  return typeof x === 'object' && x !== null && 'states' in x && (x as ExplicitInitial).states instanceof Uint8Array;
}

function checkInt(v: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new VsmcError('semantic', `${what} must be an integer between ${min} and ${max}, found ${v}`);
  return v;
}

export function createContext(req: SimulationRequest): Context {
  const model = req.model;
  const s = req.scheme;
  if (!s || !['sync', 'async', 'sweep', 'stochastic'].includes(s.type)) {
    throw new VsmcError('semantic', `unknown scheme "${String(s?.type)}"${suggest(String(s?.type), ['sync', 'async', 'sweep', 'stochastic'])}; use sync, async, sweep or stochastic`);
  }
  const cells = checkInt(s.cells, 'cells', 1, 1e9);
  const notes: string[] = [];
  const whole: Perturbation[] = [];
  const fractional: { p: Perturbation; fraction: number }[] = [];
  const rateScaled: { p: Perturbation & { kind: 'node' }; fraction: number }[] = [];
  const rateMode = s.type === 'stochastic' && s.rateScale === 'rate';
  for (const p of req.perturbations ?? []) {
    if (p.fraction === undefined || p.fraction === 1) {
      whole.push(p);
      continue;
    }
    if (!(p.fraction >= 0 && p.fraction <= 1)) throw new VsmcError('semantic', `perturbation fraction must be between 0 and 1, found ${p.fraction}`);
    if (rateMode && p.kind === 'node') {
      rateScaled.push({ p, fraction: p.fraction });
      continue;
    }
    if (rateMode) notes.push(`rateScale 'rate' has no meaning for ${p.kind} perturbations; applied to a fraction ${p.fraction} of the cells instead`);
    fractional.push({ p, fraction: p.fraction });
  }
  if (fractional.length > MAX_FRACTIONAL) {
    throw new VsmcError('limit', `at most ${MAX_FRACTIONAL} population-fraction interventions per run, found ${fractional.length}`);
  }
  const prepOpts = { hypothesis: req.hypothesis, flags: req.flags, inputs: req.inputs };
  const base = prepare(model, { ...prepOpts, perturbations: whole });
  // Check the fractional ones name real nodes now, with prepare()'s messages.
  for (const f of fractional) prepare(model, { ...prepOpts, perturbations: [...whole, { ...f.p, fraction: undefined }] });
  const n = base.n;

  // Rates only matter to the stochastic scheme: a discrete run of a model whose rate parameters
  // are missing (a .bnd without its .cfg) still works.
  const rates = s.type === 'stochastic' ? resolveRates(model) : unitRates(base.n);
  for (const { p, fraction } of rateScaled) {
    const i = base.index.get(p.node);
    if (i === undefined) throw new VsmcError('unknown-identifier', `perturbation: unknown node "${p.node}"${suggest(p.node, base.ids)}`, { file: model.file });
    scaleRate(rates, i, p.value === 0 ? 'up' : 'down', 1 - fraction, model);
  }

  // Windows and defaults.
  let windows: Windows;
  const stochastic = s.type === 'stochastic';
  let scheme: Context['scheme'];
  if (stochastic) {
    const time = s.time ?? 100;
    if (!(time > 0 && Number.isFinite(time))) throw new VsmcError('semantic', `time must be a positive number, found ${time}`);
    const dt = s.dt ?? time / 100;
    if (!(dt > 0 && Number.isFinite(dt))) throw new VsmcError('semantic', `dt must be a positive number, found ${dt}`);
    // Work bound before anything per cell is allocated: with unit rates a cell makes up to about
    // `nodes` flips per time unit (and every cell costs `nodes` evaluations to start, however
    // short the run). Faster rates are caught per trajectory by the kernel.
    if (cells * Math.max(1, time) * n > limits().maxCellSteps) {
      throw new VsmcError('limit', `${cells} cells × time ${time} × ${n} nodes is over the limit of ${limits().maxCellSteps} node updates per run (raise it with --max-cell-steps)`);
    }
    windows = makeWindows(time, dt);
    scheme = { ...s, cells, time, dt };
  } else {
    const steps = checkInt(s.steps ?? (s.type === 'async' ? 100 * n : 100), 'steps', 0, 1e12);
    const every = checkInt(s.every ?? Math.max(1, Math.ceil(steps / 200)), 'every', 1, 1e12);
    // Every cell costs `nodes` evaluations to start, even with 0 steps.
    if (cells * (s.type === 'async' ? Math.max(n, steps) : n * Math.max(1, steps)) > limits().maxCellSteps) {
      const what = s.type === 'async' ? `${cells} cells × ${steps} steps` : `${cells} cells × ${steps} steps × ${n} nodes`;
      throw new VsmcError('limit', `${what} is over the limit of ${limits().maxCellSteps} node updates per run (raise it with --max-cell-steps)`);
    }
    windows = makeWindows(steps, every);
    scheme = { ...s, cells, steps, every };
  }
  const noise = s.noise ?? 0;
  if (!(noise >= 0 && noise <= 1)) throw new VsmcError('semantic', `noise must be between 0 and 1, found ${noise}`);
  if (noise > 0 && stochastic) notes.push('the noise option applies to the discrete schemes only; ignored');

  // Initial states.
  let initial: Context['initial'];
  if (isExplicit(req.initial)) {
    const ex = req.initial;
    if (ex.n !== n) throw new VsmcError('semantic', `explicit initial states have ${ex.n} nodes per cell; the model has ${n}`);
    if (ex.states.length !== cells * n) throw new VsmcError('semantic', `explicit initial states hold ${ex.states.length / n} cells; the run has ${cells}`);
    for (let k = 0; k < ex.states.length; k++) if (ex.states[k]! > 1) throw new VsmcError('semantic', 'explicit initial states must be 0 or 1');
    initial = { kind: 'explicit', states: ex.states };
  } else {
    initial = { kind: 'dist', dist: resolveInitial(base, req.initial) };
  }

  // Schedule.
  const schedule: ResolvedEvent[] = (req.schedule ?? []).map((e, k) => {
    const i = base.index.get(e.node);
    if (i === undefined) throw new VsmcError('unknown-identifier', `schedule[${k}]: unknown node "${e.node}"${suggest(e.node, base.ids)}`, { file: model.file });
    if (!(e.time >= 0 && Number.isFinite(e.time))) throw new VsmcError('semantic', `schedule[${k}]: time must be ≥ 0, found ${e.time}`);
    if (!stochastic && !Number.isInteger(e.time)) throw new VsmcError('semantic', `schedule[${k}]: in a ${s.type} run the time is a step index (an integer), found ${e.time}`);
    const p = e.probability ?? 1;
    if (!(p >= 0 && p <= 1)) throw new VsmcError('semantic', `schedule[${k}]: probability must be between 0 and 1, found ${p}`);
    if (e.value !== 0 && e.value !== 1) throw new VsmcError('semantic', `schedule[${k}]: value must be 0 or 1`);
    return { time: e.time, node: i, value: e.value, p };
  });
  schedule.sort((a, b) => a.time - b.time);

  // Readouts.
  const compiledReadouts = compileReadouts(base);
  const wordReadouts = compileWordReadouts(base);
  const termStart: number[] = [0];
  const termFns: ScalarNodeFn[] = [];
  const wordTermFns: WordNodeFn[] = [];
  const termsOfSets: number[][] = Array.from({ length: n }, () => []);
  base.readouts.forEach((r, ri) => {
    r.terms.forEach((t, ti) => {
      const k = termFns.length;
      termFns.push(compiledReadouts[ri]!.terms[ti]!);
      wordTermFns.push(wordReadouts[ri]!.terms[ti]!);
      for (const nm of variables(t)) termsOfSets[base.index.get(nm)!]!.push(k);
    });
    termStart.push(termFns.length);
  });
  const nTerms = termFns.length;

  const trajectories = checkInt(req.record?.trajectories ?? 0, 'record.trajectories', 0, MAX_TRAJECTORIES);
  if (req.record?.finalStates && cells * n > MAX_FINAL_STATE_BYTES) {
    throw new VsmcError('limit', `recording final states of ${cells} cells × ${n} nodes needs ${((cells * n) / 1e6).toFixed(0)} MB; the limit is ${MAX_FINAL_STATE_BYTES / 1e6} MB`);
  }

  const variants = new Variants((mask) => {
    const extra = fractional.filter((_, k) => (mask >> k) & 1).map((f) => ({ ...f.p, fraction: undefined }));
    const sys = mask === 0 ? base : prepare(model, { ...prepOpts, perturbations: [...whole, ...extra] });
    return new Variant(mask, withInputsHeld(sys), rates);
  });

  return {
    req,
    scheme,
    n,
    ids: base.ids,
    base,
    fractional,
    variants,
    rates,
    initial,
    schedule,
    readoutNames: base.readouts.map((r) => r.name),
    termStart,
    termFns,
    wordTermFns,
    termsOf: termsOfSets.map((a) => Int32Array.from(a)),
    nTerms,
    slots: n + nTerms,
    windows,
    noise: stochastic ? 0 : noise,
    trajectories,
    finalStates: req.record?.finalStates === true,
    notes,
  };
}

function unitRates(n: number): NodeRates {
  return { up: new Float64Array(n).fill(1), down: new Float64Array(n).fill(1), dynamic: new Array(n).fill(null), refs: Array.from({ length: n }, () => []), uniform: 1 };
}

function makeWindows(horizon: number, width: number): Windows {
  const count = horizon === 0 ? 0 : Math.max(1, Math.ceil(horizon / width - 1e-9));
  if (count > MAX_WINDOWS) throw new VsmcError('limit', `${count} time windows asked for; the limit is ${MAX_WINDOWS} (use a larger dt or every)`);
  const starts: number[] = [];
  const lens = new Float64Array(count);
  for (let w = 0; w < count; w++) {
    const st = w * width;
    starts.push(st);
    lens[w] = Math.min(width, horizon - st);
  }
  return { count, width, horizon, starts, lens };
}

/**
 * Inputs become identity rules (the node keeps whatever value it has), so a scheduled event can
 * change an input "from then on"; their start value comes from `forced`.
 */
function withInputsHeld(sys0: BooleanSystem): BooleanSystem {
  const model = sys0.model;
  const rules: Expr[] = sys0.rules.map((r, i) => (model.inputs[i] ? { kind: 'var', name: sys0.ids[i]! } : r));
  const regulators = rules.map((r) => variables(r).map((nm) => sys0.index.get(nm)!));
  const targets: number[][] = Array.from({ length: sys0.n }, () => []);
  regulators.forEach((regs, t) => regs.forEach((j) => targets[j]!.push(t)));
  return { ...sys0, rules, regulators, targets };
}
