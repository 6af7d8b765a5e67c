/**
 * Several experiment files under one or every hypothesis: everything is planned (and so checked)
 * before the first simulation, then run file by file.
 */
import type { Model } from '../model/model.js';
import { VsmcError } from '../util/errors.js';
import type { Experiment } from './parse.js';
import { planExperiment, type ExperimentPlan } from './plan.js';
import { runPlan, scorecardDisagreements, failures, type ExperimentResult, type SimulateFn, type ExpectationOutcome } from './runner.js';
import type { SchemeSpec } from './schema.js';

export interface SuiteEntry {
  experiment: Experiment;
  model: Model;
}

export interface SuiteOptions {
  /** A hypothesis name, 'all' (every hypothesis the models define), or undefined (each file's own). */
  hypothesis?: string;
  scheme?: SchemeSpec;
  simulate: SimulateFn;
  /** Called before each condition runs. */
  onCondition?(info: { file?: string; condition: string; hypothesis: string | undefined; done: number; total: number }): void;
  signal?: AbortSignal;
}

export interface SuiteResult {
  /** Hypotheses run, in column order ([undefined] when each file ran its own default). */
  hypotheses: (string | undefined)[];
  all: boolean;
  /** Results per hypothesis (key '' for a run without a named hypothesis), files in order. */
  runs: Map<string, ExperimentResult[]>;
  /** Expectations that make the run fail (see exitCode). */
  failing: { result: ExperimentResult; outcome: ExpectationOutcome }[];
  exitCode: 0 | 1;
}

export function hypothesesOf(entries: SuiteEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) for (const h of Object.keys(e.model.network.hypotheses ?? {})) if (!out.includes(h)) out.push(h);
  return out;
}

export function defaultHypothesisOf(entry: SuiteEntry): string | undefined {
  return entry.experiment.spec.hypothesis ?? entry.model.network.defaultHypothesis;
}

export async function runSuite(entries: SuiteEntry[], opts: SuiteOptions): Promise<SuiteResult> {
  const all = opts.hypothesis === 'all';
  let hypotheses: (string | undefined)[];
  if (all) {
    hypotheses = hypothesesOf(entries);
    if (hypotheses.length === 0) throw new VsmcError('semantic', '--hypothesis all: the network defines no hypotheses');
  } else hypotheses = [opts.hypothesis];

  // Plan everything first: a mistake in the last file should not cost the whole run.
  const plans = new Map<string, ExperimentPlan[]>();
  for (const h of hypotheses) {
    plans.set(
      h ?? '',
      entries.map((e) => {
        if (all && !Object.prototype.hasOwnProperty.call(e.model.network.hypotheses ?? {}, h!)) {
          throw new VsmcError('semantic', `--hypothesis all: the network of this experiment does not define hypothesis "${h}"`, { file: e.experiment.file });
        }
        return planExperiment(e.model, e.experiment, { hypothesis: h, scheme: opts.scheme });
      }),
    );
  }
  const total = [...plans.values()].reduce((s, ps) => s + ps.reduce((t, p) => t + p.conditions.length, 0), 0);
  let done = 0;
  const runs = new Map<string, ExperimentResult[]>();
  for (const h of hypotheses) {
    const list: ExperimentResult[] = [];
    for (const plan of plans.get(h ?? '')!) {
      const res = await runPlan(
        plan,
        (req, ctx) => {
          opts.onCondition?.({ file: plan.experiment.file, condition: ctx.condition, hypothesis: ctx.hypothesis, done, total });
          done++;
          return opts.simulate(req, ctx);
        },
        { signal: opts.signal },
      );
      list.push(res);
    }
    runs.set(h ?? '', list);
  }

  let failing: SuiteResult['failing'];
  if (all) {
    const byFile = new Map(entries.map((e) => [e.experiment.file, e]));
    failing = scorecardDisagreements([...runs.values()].flat(), (r) => {
      const e = byFile.get(r.file);
      return e ? defaultHypothesisOf(e) : undefined;
    });
  } else {
    failing = [...runs.values()].flat().flatMap((r) => failures(r).map((outcome) => ({ result: r, outcome })));
  }
  return { hypotheses, all, runs, failing, exitCode: failing.length ? 1 : 0 };
}
