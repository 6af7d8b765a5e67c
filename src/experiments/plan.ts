/**
 * From an experiment and a network to one simulation request per condition: hypothesis and flags,
 * inputs (shared and per condition), perturbations, drugs turned into fractional interventions by
 * their dose, initial state, scheme (with `sweeps` converted to engine steps) and schedule.
 * Everything the network can reject is checked here, before any simulation starts, and reported
 * at the JSON path of the experiment file.
 */
import type { SchemeOptions, SimulationRequest } from '../engine/types.js';
import { applyDrug, type DrugApplication } from '../model/dose.js';
import type { Model } from '../model/model.js';
import { parsePerturbation, type Perturbation } from '../model/perturbation.js';
import { prepare, resolveFlags, resolveInitial, type InitialSpec } from '../model/prepare.js';
import { VsmcError, suggest } from '../util/errors.js';
import { errorAt, expectationErrorAt, type Experiment } from './parse.js';
import type { SchemeSpec } from './schema.js';

/** Scheme used where an experiment gives none. */
export const DEFAULT_SCHEME: Readonly<SchemeSpec> = { type: 'async', cells: 1000, sweeps: 50, seed: 1 };

export interface ConditionPlan {
  name: string;
  /** Effective hypothesis (undefined when the model defines none). */
  hypothesis: string | undefined;
  from?: string;
  /** Request without `initial` for conditions that start `from` another (filled in by the runner). */
  request: SimulationRequest;
  /** Another condition starts from this one's final cell states. */
  keepFinalStates: boolean;
  drugs: DrugApplication[];
  description?: string;
  observation?: string;
}

export interface ExperimentPlan {
  experiment: Experiment;
  model: Model;
  /** Hypothesis the run was asked for (conditions may pin their own). */
  hypothesis: string | undefined;
  conditions: ConditionPlan[];
  /** Columns of the result table: the experiment's `readouts` (or the model's readouts), then every other readout an expectation reads. */
  columns: string[];
}

export interface PlanOptions {
  /** Overrides the experiment's top-level hypothesis (not a condition's own). */
  hypothesis?: string;
  /** Scheme fields forced on every condition (CLI --cells/--seed/--scheme, fast tests). */
  scheme?: SchemeSpec;
}

const DURATION_KEYS = ['steps', 'sweeps', 'time'] as const;

/** Later specs win; a spec that gives a duration (steps/sweeps/time) replaces the earlier duration. */
export function mergeScheme(...specs: (SchemeSpec | undefined)[]): SchemeSpec {
  const out: SchemeSpec = {};
  for (const s of specs) {
    if (!s) continue;
    if (DURATION_KEYS.some((k) => s[k] !== undefined)) for (const k of DURATION_KEYS) delete out[k];
    for (const [k, v] of Object.entries(s)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Engine scheme options from a merged spec. `sweeps` means sweeps × n single-node steps for async. */
export function toSchemeOptions(spec: SchemeSpec, n: number): SchemeOptions {
  const type = spec.type ?? 'async';
  const opts: SchemeOptions = { type, cells: spec.cells ?? 1000, seed: spec.seed ?? 1 };
  if (spec.sweeps !== undefined) {
    if (type === 'async') opts.steps = Math.ceil(spec.sweeps * n);
    else if (type === 'stochastic') opts.time = spec.sweeps;
    else opts.steps = Math.ceil(spec.sweeps);
  }
  if (spec.steps !== undefined) opts.steps = spec.steps;
  if (spec.time !== undefined) opts.time = spec.time;
  if (spec.dt !== undefined) opts.dt = spec.dt;
  if (spec.every !== undefined) opts.every = spec.every;
  if (spec.noise !== undefined) opts.noise = spec.noise;
  if (spec.rateScale !== undefined) opts.rateScale = spec.rateScale;
  if (type === 'stochastic' && opts.time === undefined) opts.time = DEFAULT_SCHEME.sweeps!;
  if (type !== 'stochastic' && opts.steps === undefined) opts.steps = type === 'async' ? Math.ceil(DEFAULT_SCHEME.sweeps! * n) : DEFAULT_SCHEME.sweeps!;
  return opts;
}

/**
 * A perturbation in the form the engine takes. The engine applies every kind — including input
 * settings `X=1@f` (a drug modelled as an input at a partial dose) — to a fraction of the cells,
 * so nothing needs rewriting; kept as the one place to change should that ever differ.
 */
export function normalisePerturbation(p: Perturbation): Perturbation {
  return p;
}

function located<T>(exp: Experiment, parts: PropertyKey[], f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof VsmcError) throw errorAt(exp, parts, err.code, err.detail);
    throw err;
  }
}

/** Node ids and readout names an expectation or a column may name. */
export function readoutNames(model: Model): Set<string> {
  return new Set([...model.ids, ...model.readouts.map((r) => r.name)]);
}

export function planExperiment(model: Model, exp: Experiment, opts: PlanOptions = {}): ExperimentPlan {
  const spec = exp.spec;
  const n = model.ids.length;
  const hypotheses = Object.keys(model.network.hypotheses ?? {});
  const checkHypothesis = (h: string | undefined, parts: PropertyKey[]) => {
    if (h === undefined) return;
    if (!hypotheses.includes(h)) {
      throw errorAt(exp, parts, 'unknown-identifier', hypotheses.length ? `unknown hypothesis "${h}"${suggest(h, hypotheses)}; the model defines ${hypotheses.join(', ')}` : `unknown hypothesis "${h}": the model defines none`);
    }
  };
  if (opts.hypothesis !== undefined && !hypotheses.includes(opts.hypothesis)) {
    throw new VsmcError('unknown-identifier', hypotheses.length ? `unknown hypothesis "${opts.hypothesis}"${suggest(opts.hypothesis, hypotheses)}; the model defines ${hypotheses.join(', ')}` : `unknown hypothesis "${opts.hypothesis}": the model defines none`, { file: model.file });
  }
  checkHypothesis(spec.hypothesis, ['hypothesis']);
  const runHypothesis = opts.hypothesis ?? spec.hypothesis ?? model.network.defaultHypothesis;

  const checkInputs = (inputs: Record<string, 0 | 1> | undefined, parts: PropertyKey[]) => {
    for (const id of Object.keys(inputs ?? {})) {
      const i = model.index.get(id);
      if (i === undefined) throw errorAt(exp, [...parts, id], 'unknown-identifier', `unknown input "${id}"${suggest(id, model.ids.filter((_, k) => model.inputs[k]))}`);
      if (!model.inputs[i]) throw errorAt(exp, [...parts, id], 'semantic', `"${id}" is not an input node; fix it with the perturbation "${id}%${inputs![id]}" instead`);
    }
  };
  checkInputs(spec.inputs, ['inputs']);
  located(exp, ['flags'], () => resolveFlags(model, { hypothesis: runHypothesis, flags: spec.flags }));

  const names = readoutNames(model);
  const columns: string[] = [];
  if (spec.readouts) {
    spec.readouts.forEach((r, k) => {
      if (!names.has(r)) throw errorAt(exp, ['readouts', k], 'unknown-identifier', `unknown readout "${r}"${suggest(r, names)}: use a node id or one of the model's readouts (${model.readouts.map((x) => x.name).join(', ') || 'none'})`);
      if (!columns.includes(r)) columns.push(r);
    });
  } else {
    for (const r of model.readouts) columns.push(r.name);
  }
  for (const e of exp.expectations) {
    for (const o of [e.left, e.right]) {
      if (o.kind !== 'ref') continue;
      if (!names.has(o.readout)) {
        throw expectationErrorAt(exp, e, o.readoutCol, 'unknown-identifier', `unknown readout "${o.readout}"${suggest(o.readout, names)}: use a node id or one of the model's readouts (${model.readouts.map((x) => x.name).join(', ') || 'none'})`);
      }
      if (!columns.includes(o.readout)) columns.push(o.readout);
    }
  }

  const sources = new Set<string>();
  for (const name of exp.order) {
    const from = spec.conditions[name]!.from;
    if (from !== undefined) sources.add(from);
  }

  const plans = new Map<string, ConditionPlan>();
  for (const name of exp.order) {
    const c = spec.conditions[name]!;
    const at = (...p: PropertyKey[]) => ['conditions', name, ...p];
    checkHypothesis(c.hypothesis, at('hypothesis'));
    const hypothesis = c.hypothesis ?? runHypothesis;
    const flags = { ...(spec.flags ?? {}), ...(c.flags ?? {}) };
    located(exp, at('flags'), () => resolveFlags(model, { hypothesis, flags }));
    checkInputs(c.inputs, at('inputs'));
    const inputs = { ...(spec.inputs ?? {}), ...(c.inputs ?? {}) };

    const perturbations: Perturbation[] = (c.perturbations ?? []).map((text, k) => {
      const p = located(exp, at('perturbations', k), () => parsePerturbation(text));
      for (const nm of p.kind === 'edge' ? [p.source, p.target] : [p.node]) {
        if (!model.index.has(nm)) throw errorAt(exp, at('perturbations', k), 'unknown-identifier', `perturbation "${text}": unknown node "${nm}"${suggest(nm, model.ids)}`);
      }
      if (p.kind === 'input' && !model.inputs[model.index.get(p.node)!]) throw errorAt(exp, at('perturbations', k), 'semantic', `perturbation "${text}": "${p.node}" is not an input node; use ${p.node}%${p.value}`);
      return normalisePerturbation(p);
    });
    const drugs: DrugApplication[] = [];
    for (const [drug, dose] of Object.entries(c.drugs ?? {})) {
      const app = located(exp, at('drugs', drug), () => applyDrug(model, drug, dose));
      drugs.push(app);
      for (const p of app.perturbations) {
        if (p.fraction !== undefined && p.fraction <= 0) continue;
        perturbations.push(normalisePerturbation(p));
      }
    }
    // Everything prepare() can reject (edge perturbations on rules that do not read the source, …),
    // checked now with every intervention applied to the whole population, so the error points at
    // this condition. Fractional ones (also input settings `X=1@f`) are split into cell variants by
    // the engine.
    const whole = perturbations.map((p) => (p.fraction === undefined ? p : { ...p, fraction: undefined }));
    const sys = located(exp, at(), () => prepare(model, { hypothesis, flags, inputs, perturbations: whole }));

    const initial = c.initial ?? spec.initial;
    if (c.from !== undefined && c.initial !== undefined) throw errorAt(exp, at('initial'), 'semantic', `condition "${name}" sets both "from" and "initial"; it starts from "${c.from}"'s final states`);
    if (initial !== undefined && c.from === undefined) located(exp, c.initial !== undefined ? at('initial') : ['initial'], () => resolveInitial(sys, initial as InitialSpec));

    const merged = mergeScheme(DEFAULT_SCHEME, spec.scheme, c.scheme, opts.scheme);
    const scheme = toSchemeOptions(merged, n);
    if (c.from !== undefined) {
      const src = plans.get(c.from)!;
      if (src.request.scheme.cells !== scheme.cells) {
        throw errorAt(exp, c.scheme?.cells !== undefined ? at('scheme', 'cells') : at('from'), 'semantic', `condition "${name}" starts from "${c.from}", which has ${src.request.scheme.cells} cells; it must use the same number of cells (it has ${scheme.cells})`);
      }
    }
    (c.schedule ?? []).forEach((ev, k) => {
      if (!model.index.has(ev.node)) throw errorAt(exp, at('schedule', k, 'node'), 'unknown-identifier', `schedule: unknown node "${ev.node}"${suggest(ev.node, model.ids)}`);
    });

    const request: SimulationRequest = {
      model,
      hypothesis,
      flags: Object.keys(flags).length ? flags : undefined,
      inputs,
      perturbations,
      initial: c.from === undefined ? ((initial as InitialSpec | undefined) ?? undefined) : undefined,
      scheme,
      schedule: c.schedule && c.schedule.length ? c.schedule.map((e) => ({ ...e })) : undefined,
      record: sources.has(name) ? { finalStates: true } : undefined,
    };
    plans.set(name, {
      name,
      hypothesis,
      from: c.from,
      request,
      keepFinalStates: sources.has(name),
      drugs,
      description: c.description,
      observation: c.observation,
    });
  }

  return { experiment: exp, model, hypothesis: runHypothesis, conditions: exp.order.map((nm) => plans.get(nm)!), columns };
}
