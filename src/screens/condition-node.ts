/**
 * The condition a batch job runs under, from the command line: a condition file (an experiment
 * condition object), a condition inside an experiment file (`FILE#NAME`), and/or `--inputs`,
 * `--perturb`, `--hypothesis`, `--initial`. Checked against the model with the experiment
 * runner's own planner, so drugs, doses and errors behave as in `vsmc run`.
 */
import type { SchemeOptions } from '../engine/types.js';
import { checkExperimentData, parseExperiment, type Experiment } from '../experiments/parse.js';
import { mergeScheme, normalisePerturbation, planExperiment, toSchemeOptions } from '../experiments/plan.js';
import type { SchemeSpec } from '../experiments/schema.js';
import { readTextFile } from '../formats/node-io.js';
import type { Model } from '../model/model.js';
import { parsePerturbationList, type Perturbation, formatPerturbation } from '../model/perturbation.js';
import { prepare, resolveInitial, type InitialSpec } from '../model/prepare.js';
import { parseJsonText } from '../util/json.js';
import { VsmcError, suggest } from '../util/errors.js';
import type { JobCondition, JobInitial } from './types.js';

export interface ConditionArgs {
  /** FILE or FILE#NAME. */
  condition?: string;
  /** "Pi_load=1,Mg_supp=1". */
  inputs?: string;
  /** Extra perturbations "X%0,Y%1@0.5". */
  perturb?: string;
  hypothesis?: string;
  initial?: string;
}

export interface ResolvedCondition {
  condition: JobCondition;
  /** Scheme fields the condition (or its experiment) sets; command-line options override them. */
  scheme: SchemeSpec;
}

/** `A=1,B=0` → { A: 1, B: 0 }, checked against the model's input nodes. */
export function parseInputs(model: Model, text: string): Record<string, 0 | 1> {
  const out = new Map<string, 0 | 1>();
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=([01])$/.exec(part);
    if (!m) throw new VsmcError('syntax', `--inputs: expected NAME=0 or NAME=1, found "${part}"`);
    const i = model.index.get(m[1]!);
    const inputs = model.ids.filter((_, k) => model.inputs[k]);
    if (i === undefined) throw new VsmcError('unknown-identifier', `--inputs: unknown input "${m[1]}"${suggest(m[1]!, inputs)}`, { file: model.file });
    if (!model.inputs[i]) throw new VsmcError('semantic', `--inputs: "${m[1]}" is not an input node; fix it with --perturb ${m[1]}%${m[2]}`, { file: model.file });
    out.set(m[1]!, Number(m[2]) as 0 | 1);
  }
  return Object.fromEntries(out);
}

const LOCAL_NAME = 'condition';

function conditionFromFile(model: Model, arg: string, hypothesis: string | undefined): ResolvedCondition {
  const hash = arg.lastIndexOf('#');
  const file = hash > 0 ? arg.slice(0, hash) : arg;
  const wanted = hash > 0 ? arg.slice(hash + 1) : undefined;
  const text = readTextFile(file);
  const data = parseJsonText(text, file);
  const isExperiment = data !== null && typeof data === 'object' && !Array.isArray(data) && 'conditions' in data;
  let exp: Experiment;
  let name: string;
  if (isExperiment) {
    exp = parseExperiment(text, file);
    const names = exp.order;
    if (wanted === undefined) {
      if (names.length !== 1) throw new VsmcError('semantic', `the experiment has ${names.length} conditions; choose one with ${file}#NAME (${names.join(', ')})`, { file });
      name = names[0]!;
    } else {
      if (!names.includes(wanted)) throw new VsmcError('unknown-identifier', `no condition "${wanted}" in the experiment${suggest(wanted, names)}; it has ${names.join(', ')}`, { file });
      name = wanted;
    }
  } else {
    if (wanted !== undefined) throw new VsmcError('semantic', `"#${wanted}": the file is a single condition, not an experiment with named conditions`, { file });
    // A bare condition object is planned as a one-condition experiment; errors are re-pointed at the file's own paths.
    try {
      exp = checkExperimentData({ conditions: { [LOCAL_NAME]: data } }, { file });
    } catch (e) {
      throw rebase(e, file);
    }
    name = LOCAL_NAME;
  }
  let plan;
  try {
    plan = planExperiment(model, exp, { hypothesis });
  } catch (e) {
    throw isExperiment ? e : rebase(e, file);
  }
  const cp = plan.conditions.find((c) => c.name === name)!;
  const spec = exp.spec.conditions[name]!;
  if (cp.from !== undefined) throw new VsmcError('semantic', `condition "${name}" starts from the final states of "${cp.from}"; a batch job starts every item from an initial state, so give the condition without "from"`, { file });
  const req = cp.request;
  const condition: JobCondition = {
    label: isExperiment ? `${file}#${name}` : file,
    hypothesis: cp.hypothesis,
    flags: req.flags,
    inputs: req.inputs,
    perturbations: req.perturbations,
    initial: req.initial as JobInitial | undefined,
    schedule: req.schedule,
  };
  const scheme = mergeScheme(isExperiment ? exp.spec.scheme : undefined, spec.scheme);
  return { condition, scheme };
}

function rebase(e: unknown, file: string): unknown {
  if (!(e instanceof VsmcError)) return e;
  const prefix = `conditions.${LOCAL_NAME}`;
  let path = e.loc.path;
  if (path !== undefined && path.startsWith(prefix)) path = path.slice(prefix.length).replace(/^\./, '') || undefined;
  return new VsmcError(e.code, e.detail, { file, path });
}

export function resolveCondition(model: Model, args: ConditionArgs): ResolvedCondition {
  let res: ResolvedCondition = { condition: { label: 'model defaults' }, scheme: {} };
  if (args.condition !== undefined) res = conditionFromFile(model, args.condition, args.hypothesis);
  const c: JobCondition = { ...res.condition };
  const labels = args.condition !== undefined ? [c.label] : [];
  if (args.hypothesis !== undefined) c.hypothesis = args.hypothesis;
  c.hypothesis ??= model.network.defaultHypothesis;
  if (args.inputs !== undefined) {
    c.inputs = { ...(c.inputs ?? {}), ...parseInputs(model, args.inputs) };
    labels.push(`inputs ${args.inputs}`);
  }
  if (args.perturb !== undefined) {
    const extra: Perturbation[] = parsePerturbationList(args.perturb).map(normalisePerturbation);
    c.perturbations = [...(c.perturbations ?? []), ...extra];
    labels.push(`perturb ${extra.map(formatPerturbation).join(',')}`);
  }
  if (args.initial !== undefined) {
    c.initial = args.initial;
    labels.push(`initial ${args.initial}`);
  }
  if (labels.length) c.label = labels.join('; ');
  // Everything prepare() can reject, checked now rather than in every item.
  const whole = (c.perturbations ?? []).map((p) => ({ ...p, fraction: undefined }));
  const sys = prepare(model, { hypothesis: c.hypothesis, flags: c.flags, inputs: c.inputs, perturbations: whole });
  resolveInitial(sys, c.initial as InitialSpec | undefined);
  return { condition: c, scheme: res.scheme };
}

/** Nodes the condition holds fixed for every cell (inputs, whole-population interventions). */
export function forcedNodes(model: Model, c: JobCondition): Set<string> {
  const whole = (c.perturbations ?? []).filter((p) => p.fraction === undefined || p.fraction >= 1);
  const sys = prepare(model, { hypothesis: c.hypothesis, flags: c.flags, inputs: c.inputs, perturbations: whole });
  const out = new Set<string>();
  sys.forced.forEach((v, i) => {
    if (v >= 0) out.add(model.ids[i]!);
  });
  return out;
}

/** Engine scheme: defaults, then the condition's scheme, then the command line. */
export function batchScheme(model: Model, defaults: SchemeSpec, fromCondition: SchemeSpec, cli: SchemeSpec): SchemeOptions {
  const s = toSchemeOptions(mergeScheme(defaults, fromCondition, cli), model.ids.length);
  // Batch items report final values only: one time window instead of ~200 makes the engine's
  // occupancy bookkeeping negligible (async items run ~3× faster) and changes no final value.
  if (s.type === 'stochastic') s.dt ??= s.time;
  else s.every ??= s.steps;
  return s;
}
