/**
 * Library entry points of the batch analyses (Node): build a job, run it (threads, output
 * directory, resume, shards), and turn finished results into reports and files. The CLI commands
 * screen/sweep/sensitivity/merge are thin wrappers around these.
 */
import { join } from 'node:path';
import type { SchemeOptions } from '../engine/types.js';
import type { SchemeSpec } from '../experiments/schema.js';
import type { Model } from '../model/model.js';
import { VsmcError } from '../util/errors.js';
import { forcedNodes } from './condition-node.js';
import { screenItems, sensitivityItems } from './items.js';
import { screenPlots, sweepPlots } from './plots.js';
import { type ReportMeta, type ScreenReport, type SensitivityReport, type SweepReport, reportMeta, screenCsv, screenReport, sensitivityCsv, sensitivityReport, sweepCsv, sweepReport } from './reports.js';
import { completeManifest, modelHash, runJob, type RunJobOptions } from './runner-node.js';
import { type Catalog, catalogOf, defaultReadouts, resolveReadouts } from './stats.js';
import { RESULTS_JSONL } from './store-node.js';
import { writeFileAtomic } from '../util/files-node.js';
import { sweepItems } from './sweep-params.js';
import type { Item, ItemResult, JobCondition, JobSpec, Manifest, ScreenOptions, SensitivityOptions, SweepParam } from './types.js';

/**
 * Default scheme of batch jobs: asynchronous updates of 1000 cells for 50 sweeps (the VSMC model
 * settles from `healthy` within ~40; the async engine stops cells at fixed points, so the extra
 * sweeps cost nothing once a cell has settled).
 */
export const BATCH_DEFAULT_SCHEME: Readonly<SchemeSpec> = { type: 'async', cells: 1000, sweeps: 50, seed: 1 };

export type AnyReport = ScreenReport | SweepReport | SensitivityReport;

export interface BatchOptions extends Omit<RunJobOptions, 'readouts'> {
  condition?: JobCondition;
  scheme: SchemeOptions;
  /** Readouts to rank by and report (model readouts or node ids); default: the model's readouts. */
  readouts?: string[];
  /** Write SVG figures next to the results (needs outDir). */
  plot?: boolean;
}

export interface BatchOutcome<R extends AnyReport = AnyReport> {
  /** All items of this shard finished. */
  complete: boolean;
  /** The report, when the whole job (not one shard of several) is complete. */
  report?: R;
  manifest: Manifest;
  results: ItemResult[];
  /** Files written (final outputs). */
  files: string[];
  resumed: number;
  repaired: boolean;
  items: number;
}

export function buildJob(model: Model, kind: JobSpec['kind'], condition: JobCondition | undefined, scheme: SchemeOptions, extra: Pick<JobSpec, 'screen' | 'sweep' | 'sensitivity'>): JobSpec {
  const job: JobSpec = {
    format: 'vsmc-batch',
    version: 1,
    kind,
    modelHash: modelHash(model).hash,
    condition: condition ?? { label: 'model defaults', hypothesis: model.network.defaultHypothesis },
    scheme: { ...scheme },
    ...extra,
  };
  return JSON.parse(JSON.stringify(job)) as JobSpec;
}

export function jobItems(model: Model, job: JobSpec): Item[] {
  switch (job.kind) {
    case 'screen':
      return screenItems(model, job);
    case 'sweep':
      return sweepItems(model, job);
    case 'sensitivity':
      return sensitivityItems(model, job, forcedNodes(model, job.condition));
  }
}

async function runKind<R extends AnyReport>(model: Model, job: JobSpec, opts: BatchOptions): Promise<BatchOutcome<R>> {
  const cat = catalogOf(model);
  const readouts = opts.readouts?.length ? opts.readouts : defaultReadouts(cat);
  resolveReadouts(cat, readouts);
  if (opts.plot && opts.outDir === undefined) throw new VsmcError('semantic', '--plot writes SVG files next to the results: give --out DIR');
  const items = jobItems(model, job);
  const run = await runJob(model, job, items, { ...opts, readouts });
  const out: BatchOutcome<R> = { complete: run.complete, manifest: run.manifest, results: run.results, files: [], resumed: run.resumed, repaired: run.repaired, items: items.length };
  if (run.complete && run.manifest.shard.count === 1) {
    const fin = finishJob(cat, run.manifest, run.results, { readouts, outDir: opts.outDir, plot: opts.plot });
    out.report = fin.report as R;
    out.files = fin.files;
    out.manifest = fin.manifest;
  } else if (run.complete && opts.outDir !== undefined) {
    out.manifest = completeManifest(opts.outDir, run.manifest);
  }
  return out;
}

export function runScreen(model: Model, opts: BatchOptions & { screen?: Partial<ScreenOptions> }): Promise<BatchOutcome<ScreenReport>> {
  const s = opts.screen ?? {};
  // Doubles need the singles (Bliss), so a double screen always includes them: one job, one hash.
  const screen: ScreenOptions = { single: true, double: s.double ?? false, kinds: s.kinds?.length ? [...new Set(s.kinds)] : ['ko', 'oe'], exclude: [...(s.exclude ?? [])].sort() };
  return runKind(model, buildJob(model, 'screen', opts.condition, opts.scheme, { screen }), opts);
}

export function runSweep(model: Model, opts: BatchOptions & { params: SweepParam[] }): Promise<BatchOutcome<SweepReport>> {
  if (!opts.params.length) throw new VsmcError('semantic', 'a sweep needs at least one --param');
  if (opts.params.length > 2) throw new VsmcError('semantic', `a sweep takes one or two --param (found ${opts.params.length})`);
  return runKind(model, buildJob(model, 'sweep', opts.condition, opts.scheme, { sweep: { params: opts.params } }), opts);
}

export function runSensitivity(model: Model, opts: BatchOptions & { sensitivity?: Partial<SensitivityOptions> }): Promise<BatchOutcome<SensitivityReport>> {
  const s = opts.sensitivity ?? {};
  const sensitivity: SensitivityOptions = { flips: s.flips ?? true, rules: s.rules ?? ['negate', 'fix0', 'fix1'], exclude: [...(s.exclude ?? [])].sort() };
  return runKind(model, buildJob(model, 'sensitivity', opts.condition, opts.scheme, { sensitivity }), opts);
}

export function buildReport(cat: Catalog, manifest: Manifest, results: ItemResult[], readouts: string[]): AnyReport {
  const meta: ReportMeta = reportMeta(manifest.job, manifest.jobHash, manifest.model.file);
  switch (manifest.kind) {
    case 'screen':
      return screenReport(cat, meta, results, readouts);
    case 'sweep':
      return sweepReport(cat, meta, manifest.job.sweep!.params, results, readouts);
    case 'sensitivity':
      return sensitivityReport(cat, meta, results, readouts);
  }
}

export function reportCsv(rep: AnyReport): string {
  switch (rep.meta.kind) {
    case 'screen':
      return screenCsv(rep as ScreenReport);
    case 'sweep':
      return sweepCsv(rep as SweepReport);
    case 'sensitivity':
      return sensitivityCsv(rep as SensitivityReport);
  }
}

/**
 * Build the report of a complete job and, with an output directory, write results.json,
 * results.csv (and SVGs) atomically, then mark the manifest completed.
 */
export function finishJob(cat: Catalog, manifest: Manifest, results: ItemResult[], opts: { readouts: string[]; outDir?: string; plot?: boolean }): { report: AnyReport; files: string[]; manifest: Manifest } {
  const report = buildReport(cat, manifest, results, opts.readouts);
  const files: string[] = [];
  if (opts.outDir === undefined) return { report, files, manifest };
  const dir = opts.outDir;
  const put = (name: string, text: string) => {
    writeFileAtomic(join(dir, name), text);
    files.push(join(dir, name));
  };
  put('results.json', JSON.stringify(report, null, 1) + '\n');
  put('results.csv', reportCsv(report));
  if (opts.plot) {
    const svgs = report.meta.kind === 'screen' ? screenPlots(report as ScreenReport) : report.meta.kind === 'sweep' ? sweepPlots(report as SweepReport) : [];
    for (const s of svgs) put(s.name, s.svg);
  }
  const m = completeManifest(dir, { ...manifest, display: { readouts: opts.readouts } });
  return { report, files, manifest: m };
}

export { RESULTS_JSONL };
