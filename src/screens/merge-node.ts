/**
 * `vsmc merge`: join the output directories of the shards of one job into one complete result.
 * Refuses directories of different jobs (job hash), unfinished shards, and missing or conflicting
 * items, so a merged result is always exactly the unsharded one.
 */
import { join, resolve } from 'node:path';
import { VsmcError } from '../util/errors.js';
import { type AnyReport, finishJob } from './batch-node.js';
import { defaultReadouts, resolveReadouts } from './stats.js';
import { RESULTS_JSONL, ensureDir, readManifest, readResults, writeManifest } from './store-node.js';
import { writeFileAtomic } from '../util/files-node.js';
import type { ItemResult, Manifest } from './types.js';

export interface MergeOptions {
  outDir: string;
  readouts?: string[];
  plot?: boolean;
}

export interface MergeOutcome {
  report: AnyReport;
  manifest: Manifest;
  files: string[];
  items: number;
}

/** Result lines compared without timing. */
function sameResult(a: ItemResult, b: ItemResult): boolean {
  const strip = ({ ms: _ms, ...rest }: ItemResult) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

export function mergeDirs(dirs: string[], opts: MergeOptions): MergeOutcome {
  if (dirs.length === 0) throw new VsmcError('semantic', 'merge: give the shard directories to join');
  if (dirs.some((d) => resolve(d) === resolve(opts.outDir))) throw new VsmcError('semantic', '--out must be a new directory, not one of the shard directories', { file: opts.outDir });
  const manifests: Manifest[] = dirs.map((d) => {
    const m = readManifest(d);
    if (!m) throw new VsmcError('io', 'no manifest.json: not the output directory of a batch job', { file: d });
    return m;
  });
  const first = manifests[0]!;
  manifests.forEach((m, k) => {
    if (m.jobHash !== first.jobHash) {
      throw new VsmcError('semantic', `belongs to a different job than ${dirs[0]} (job hash ${m.jobHash.slice(0, 12)}… ≠ ${first.jobHash.slice(0, 12)}…: model, condition, scheme or options differ); refusing to merge`, { file: dirs[k] });
    }
    if (m.items !== first.items) throw new VsmcError('semantic', `has ${m.items} items in the job, ${dirs[0]} has ${first.items}`, { file: dirs[k] });
    if (!m.completed) throw new VsmcError('semantic', `shard ${m.shard.index}/${m.shard.count} is not finished (${m.done} of ${m.shardItems} items); finish it with --resume first`, { file: dirs[k] });
  });
  const byIndex = new Map<number, ItemResult>();
  dirs.forEach((d) => {
    const { results, torn } = readResults(join(d, RESULTS_JSONL));
    if (torn) throw new VsmcError('format', `${RESULTS_JSONL} ends in a torn line; run the shard again with --resume`, { file: d });
    for (const r of results) {
      // Lines that do not fit the job would come out as NaN in the merged report.
      if (r.i >= first.items || r.mean.length !== first.readoutNames.length || r.se.length !== first.readoutNames.length || r.nodes.length !== first.nodeIds.length) {
        throw new VsmcError('format', `${RESULTS_JSONL}: item ${r.i} "${r.key}" does not fit the job (${first.items} items, ${first.readoutNames.length} readouts, ${first.nodeIds.length} nodes): the file was damaged or edited`, { file: d });
      }
      const prev = byIndex.get(r.i);
      if (prev && !sameResult(prev, r)) throw new VsmcError('semantic', `item ${r.i} "${r.key}" has different results in two directories`, { file: d });
      byIndex.set(r.i, r);
    }
  });
  const missing: number[] = [];
  for (let i = 0; i < first.items && missing.length < 10; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length) {
    const shards = new Set(missing.map((i) => i % first.shard.count));
    throw new VsmcError('semantic', `missing items (e.g. ${missing.join(', ')}): the shard${shards.size > 1 ? 's' : ''} ${[...shards].map((s) => `${s}/${first.shard.count}`).join(', ')} ${shards.size > 1 ? 'are' : 'is'} not among the directories`);
  }
  if (byIndex.size !== first.items) throw new VsmcError('semantic', `found ${byIndex.size} items, the job has ${first.items}`);
  const results = [...byIndex.values()].sort((a, b) => a.i - b.i);

  const cat = { readoutNames: first.readoutNames, nodeIds: first.nodeIds, file: first.model.file };
  const readouts = opts.readouts?.length ? opts.readouts : first.display.readouts.length ? first.display.readouts : defaultReadouts(cat);
  resolveReadouts(cat, readouts);
  ensureDir(opts.outDir);
  const existing = readManifest(opts.outDir);
  if (existing && existing.jobHash !== first.jobHash) throw new VsmcError('semantic', 'already holds the results of another job; choose a new --out directory', { file: opts.outDir });
  const merged: Manifest = {
    ...first,
    shard: { index: 0, count: 1 },
    shardItems: first.items,
    done: first.items,
    completed: false,
    started: manifests.map((m) => m.started).sort()[0]!,
    mergedFrom: dirs,
  };
  writeManifest(opts.outDir, merged);
  writeFileAtomic(join(opts.outDir, RESULTS_JSONL), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const fin = finishJob(cat, merged, results, { readouts, outDir: opts.outDir, plot: opts.plot });
  return { report: fin.report, manifest: fin.manifest, files: [join(opts.outDir, RESULTS_JSONL), ...fin.files], items: results.length };
}
