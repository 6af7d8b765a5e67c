/**
 * Running a batch job: select this shard's items, skip those already in results.jsonl (resume),
 * run the rest on the pool, append each result as it arrives, and keep manifest.json up to date.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeModel } from '../formats/index.js';
import type { Model } from '../model/model.js';
import { VsmcError } from '../util/errors.js';
import { inShard } from './items.js';
import { runItems } from './pool-node.js';
import { MANIFEST, RESULTS_JSONL, ResultsWriter, ensureDir, jobHash, readManifest, readResults, sha256, writeManifest } from './store-node.js';
import type { Item, ItemResult, JobSpec, Manifest, Shard } from './types.js';

export const TOOL = 'vsmc-sim 0.1.0';

export interface RunJobOptions {
  /** Worker threads (default: all cores). 1 runs in the calling thread. */
  threads?: number;
  /** Output directory; without one, nothing is written (results are only returned). */
  outDir?: string;
  /** Continue an interrupted run in outDir instead of refusing to touch it. */
  resume?: boolean;
  shard?: Shard;
  signal?: AbortSignal;
  /** Called after each finished item (and once at the start with the items already done). */
  onProgress?: (done: number, total: number) => void;
  /** Readouts the reports rank by (stored in the manifest, not part of the job hash). */
  readouts?: string[];
}

export interface RunJobOutcome {
  manifest: Manifest;
  /** Results of this shard's items, in item order (all of them when complete). */
  results: ItemResult[];
  complete: boolean;
  /** Items found already done in results.jsonl. */
  resumed: number;
  /** A torn last line was dropped on resume. */
  repaired: boolean;
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export function modelHash(model: Model): { text: string; hash: string } {
  const text = writeModel(model, 'native').text;
  return { text, hash: sha256(text) };
}

export function newManifest(model: Model, job: JobSpec, items: number, shard: Shard, shardItems: number, readouts: string[]): Manifest {
  return {
    format: 'vsmc-batch-manifest',
    version: 1,
    kind: job.kind,
    jobHash: jobHash(job),
    job,
    model: { file: model.file, hash: job.modelHash, name: model.network.name },
    readoutNames: model.readouts.map((r) => r.name),
    nodeIds: [...model.ids],
    items,
    shard,
    shardItems,
    done: 0,
    completed: false,
    display: { readouts },
    started: new Date().toISOString(),
    tool: TOOL,
  };
}

export async function runJob(model: Model, job: JobSpec, items: Item[], opts: RunJobOptions = {}): Promise<RunJobOutcome> {
  const shard = opts.shard ?? { index: 0, count: 1 };
  const mine = items.filter((it) => inShard(it.index, shard));
  const { text: modelText, hash } = modelHash(model);
  if (hash !== job.modelHash) throw new Error('runJob: job.modelHash does not match the model');
  const done = new Map<number, ItemResult>();
  let manifest = newManifest(model, job, items.length, shard, mine.length, opts.readouts ?? []);
  let writer: ResultsWriter | undefined;
  let repaired = false;

  if (opts.outDir !== undefined) {
    const dir = opts.outDir;
    ensureDir(dir);
    const old = readManifest(dir);
    const { results: previous, torn } = readResults(join(dir, RESULTS_JSONL), { repair: false });
    if (old || previous.length || torn) {
      if (!opts.resume) {
        throw new VsmcError('io', `already holds ${old?.completed ? 'the results of a finished' : 'an unfinished'} batch job; use --resume to continue it, or another --out directory`, { file: dir });
      }
      if (!old) throw new VsmcError('io', `has ${RESULTS_JSONL} but no ${MANIFEST}: cannot tell which job it belongs to`, { file: dir });
      if (old.jobHash !== manifest.jobHash) {
        throw new VsmcError('semantic', `--resume: the directory holds a different job (${describeMismatch(old.job, job)}); use another --out directory`, { file: dir });
      }
      if (old.shard.index !== shard.index || old.shard.count !== shard.count) {
        throw new VsmcError('semantic', `--resume: the directory holds shard ${old.shard.index}/${old.shard.count}, not ${shard.index}/${shard.count}`, { file: dir });
      }
      repaired = torn;
      readResults(join(dir, RESULTS_JSONL), { repair: true });
      const byIndex = new Map(mine.map((it) => [it.index, it]));
      for (const r of previous) {
        const it = byIndex.get(r.i);
        if (!it || it.key !== r.key) throw new VsmcError('format', `${RESULTS_JSONL}: item ${r.i} "${r.key}" is not an item of this job`, { file: dir });
        if (!done.has(r.i)) done.set(r.i, r);
      }
      manifest = { ...manifest, started: old.started };
    }
    manifest.done = done.size;
    writeManifest(dir, manifest);
    writer = new ResultsWriter(join(dir, RESULTS_JSONL));
  }

  const resumed = done.size;
  const todo = mine.filter((it) => !done.has(it.index));
  opts.onProgress?.(done.size, mine.length);
  let outcome: 'done' | 'aborted';
  try {
    outcome = await runItems(todo, { threads: opts.threads ?? defaultThreads(), model, modelText, job, signal: opts.signal }, (r) => {
      writer?.append(r);
      done.set(r.i, r);
      opts.onProgress?.(done.size, mine.length);
    });
  } finally {
    writer?.close();
    if (opts.outDir !== undefined) {
      manifest.done = done.size;
      writeManifest(opts.outDir, manifest);
    }
  }
  const results = [...done.values()].sort((a, b) => a.i - b.i);
  const complete = outcome === 'done' && results.length === mine.length;
  return { manifest, results, complete, resumed, repaired };
}

/** Mark the manifest finished (after the final files were written). */
export function completeManifest(dir: string, manifest: Manifest): Manifest {
  const m: Manifest = { ...manifest, completed: true, done: manifest.shardItems, finished: new Date().toISOString() };
  writeManifest(dir, m);
  return m;
}

function describeMismatch(a: JobSpec, b: JobSpec): string {
  const keys = ['kind', 'modelHash', 'condition', 'scheme', 'screen', 'sweep', 'sensitivity'] as const;
  const diff = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return diff.length ? `it differs in ${diff.map((k) => (k === 'modelHash' ? 'the model' : k)).join(', ')}` : 'it differs';
}
