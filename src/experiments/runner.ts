/**
 * Runs a planned experiment through an engine supplied by the caller (single-thread `simulate`,
 * the Node worker pool, or a browser worker), chains `from` conditions through their final cell
 * states, and evaluates the expectations. No simulation logic lives here.
 */
import type { SimulationRequest, SimulationResult } from '../engine/types.js';
import type { Model } from '../model/model.js';
import { compare } from './expect.js';
import type { Expectation, Experiment } from './parse.js';
import { planExperiment, type ExperimentPlan, type PlanOptions } from './plan.js';

export interface SimulateContext {
  condition: string;
  hypothesis: string | undefined;
  /** 0-based position of this condition in the run, and the number of conditions. */
  index: number;
  total: number;
}

export type SimulateFn = (req: SimulationRequest, ctx: SimulateContext) => Promise<SimulationResult> | SimulationResult;

export interface ConditionResult {
  name: string;
  hypothesis: string | undefined;
  from?: string;
  description?: string;
  observation?: string;
  /** Final value per node id (fraction of cells on) and per readout name (mean score). */
  values: Map<string, number>;
  /** Standard error of readout means. */
  se: Map<string, number>;
  fixedPointFraction: number;
  drugs: { drug: string; dose?: number; unit?: string; fraction: number }[];
  scheme: SimulationRequest['scheme'];
  notes: string[];
}

export interface ExpectationOutcome {
  expectation: Expectation;
  left: number;
  right: number;
  holds: boolean;
  conflict: boolean;
  /** The validation table's mark for this run's hypothesis, when it has one. */
  table?: boolean;
}

export interface ExperimentResult {
  file?: string;
  title?: string;
  source: string[];
  observations: string[];
  /** Hypothesis the run was asked for (undefined: the model defines none). */
  hypothesis: string | undefined;
  columns: string[];
  conditions: ConditionResult[];
  expectations: ExpectationOutcome[];
}

function asList(x: string | string[] | undefined): string[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

export function conditionValues(res: SimulationResult): { values: Map<string, number>; se: Map<string, number> } {
  const values = new Map<string, number>();
  const se = new Map<string, number>();
  res.ids.forEach((id, i) => values.set(id, res.final.nodeFractions[i]!));
  // Node ids come first: a readout that shares a node's name cannot hide the node.
  res.readoutNames.forEach((r, k) => {
    if (!values.has(r)) values.set(r, res.final.readoutMeans[k]!);
    se.set(r, res.final.readoutSE[k]!);
  });
  return { values, se };
}

export interface RunOptions {
  signal?: AbortSignal;
}

export async function runPlan(plan: ExperimentPlan, simulate: SimulateFn, opts: RunOptions = {}): Promise<ExperimentResult> {
  const { experiment: exp, model } = plan;
  const total = plan.conditions.length;
  const finalStates = new Map<string, Uint8Array>();
  const remainingUses = new Map<string, number>();
  for (const c of plan.conditions) if (c.from !== undefined) remainingUses.set(c.from, (remainingUses.get(c.from) ?? 0) + 1);

  const results = new Map<string, ConditionResult>();
  for (let index = 0; index < total; index++) {
    if (opts.signal?.aborted) throw new Error('run cancelled');
    const c = plan.conditions[index]!;
    let req = c.request;
    if (c.from !== undefined) {
      const states = finalStates.get(c.from);
      if (!states) throw new Error(`internal: final states of "${c.from}" were not recorded`);
      req = { ...req, initial: { states, n: model.ids.length } };
      const left = remainingUses.get(c.from)! - 1;
      remainingUses.set(c.from, left);
      if (left === 0) finalStates.delete(c.from); // free large state arrays as soon as possible
    }
    const res = await simulate(req, { condition: c.name, hypothesis: c.hypothesis, index, total });
    if (c.keepFinalStates) {
      if (!res.finalStates) throw new Error(`internal: the engine returned no final states for "${c.name}"`);
      finalStates.set(c.name, res.finalStates);
    }
    const { values, se } = conditionValues(res);
    results.set(c.name, {
      name: c.name,
      hypothesis: c.hypothesis,
      from: c.from,
      description: c.description,
      observation: c.observation,
      values,
      se,
      fixedPointFraction: res.final.fixedPointFraction,
      drugs: c.drugs.map((d) => ({ drug: d.drug, dose: d.dose, unit: d.unit, fraction: d.fraction })),
      scheme: req.scheme,
      notes: res.notes,
    });
  }

  const value = (o: Expectation['left']): number => (o.kind === 'number' ? o.value : results.get(o.condition)!.values.get(o.readout)!);
  const expectations = exp.expectations.map((e): ExpectationOutcome => {
    const left = value(e.left);
    const right = value(e.right);
    const mark = plan.hypothesis === undefined ? undefined : e.table.get(plan.hypothesis);
    return { expectation: e, left, right, holds: compare(left, e.op, right), conflict: e.conflict, table: mark };
  });

  return {
    file: exp.file,
    title: exp.spec.title,
    source: asList(exp.spec.source),
    observations: asList(exp.spec.observation),
    hypothesis: plan.hypothesis,
    columns: plan.columns,
    conditions: plan.conditions.map((c) => results.get(c.name)!),
    expectations,
  };
}

export async function runExperiment(model: Model, exp: Experiment, simulate: SimulateFn, opts: PlanOptions & RunOptions = {}): Promise<ExperimentResult> {
  return runPlan(planExperiment(model, exp, opts), simulate, opts);
}

/** Failing expectations that count against the exit status of a single-hypothesis run. */
export function failures(r: ExperimentResult): ExpectationOutcome[] {
  return r.expectations.filter((o) => !o.holds && !o.conflict);
}

/**
 * For a run over several hypotheses: an outcome counts as wrong when it disagrees with the
 * validation table's mark for that hypothesis, or — without a mark — when it fails (and is not a
 * documented conflict) under the hypothesis the experiment runs by default.
 */
export function scorecardDisagreements(results: ExperimentResult[], defaultHypothesis: (r: ExperimentResult) => string | undefined): { result: ExperimentResult; outcome: ExpectationOutcome }[] {
  const out: { result: ExperimentResult; outcome: ExpectationOutcome }[] = [];
  for (const r of results) {
    for (const o of r.expectations) {
      if (o.table !== undefined) {
        if (o.table !== o.holds) out.push({ result: r, outcome: o });
      } else if (r.hypothesis === defaultHypothesis(r) && !o.holds && !o.conflict) out.push({ result: r, outcome: o });
    }
  }
  return out;
}
