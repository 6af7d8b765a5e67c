/**
 * The output directory of a batch job: manifest.json (the job and how far it got), results.jsonl
 * (one line per finished item, appended as items finish) and the final files, which are written
 * atomically (temporary file + rename) so that a reader never sees half a file.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VsmcError } from '../util/errors.js';
import { jsonPath } from '../util/json.js';
import { writeFileAtomic } from '../util/files-node.js';
import type { ItemResult, JobSpec, Manifest } from './types.js';

export const MANIFEST = 'manifest.json';
export const RESULTS_JSONL = 'results.jsonl';

/** JSON with object keys sorted, so equal jobs hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function jobHash(job: JobSpec): string {
  return sha256(canonicalJson(job));
}


export function readManifest(dir: string): Manifest | undefined {
  const p = join(dir, MANIFEST);
  if (!existsSync(p)) return undefined;
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    throw new VsmcError('format', 'manifest.json is not valid JSON', { file: p });
  }
  const mm = m as Partial<Manifest>;
  if (mm === null || typeof mm !== 'object' || mm.format !== 'vsmc-batch-manifest') throw new VsmcError('format', 'not a vsmc batch manifest', { file: p });
  // Resume and merge read these fields: a damaged or hand-edited manifest must stop here, clearly,
  // not as a TypeError deep in the report code.
  const r = manifestShape.safeParse(m);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new VsmcError('format', `damaged batch manifest: ${issue.message}`, { file: p, path: jsonPath(issue.path as PropertyKey[]) });
  }
  return m as Manifest;
}

const count = z.number().int().nonnegative();
const manifestShape = z.object({
  kind: z.enum(['screen', 'sweep', 'sensitivity']),
  jobHash: z.string(),
  job: z
    .object({
      kind: z.enum(['screen', 'sweep', 'sensitivity']),
      scheme: z.object({ cells: z.number() }).passthrough(),
      condition: z.object({ label: z.string(), hypothesis: z.string().optional() }).passthrough(),
      sweep: z.object({ params: z.array(z.object({ name: z.string(), kind: z.string(), target: z.string(), values: z.array(z.number()), unit: z.string().optional() }).passthrough()) }).optional(),
    })
    .passthrough()
    .refine((j) => j.kind !== 'sweep' || j.sweep !== undefined, { message: 'a sweep job without its parameters', path: ['sweep'] }),
  model: z.object({ file: z.string().optional(), hash: z.string() }).passthrough(),
  readoutNames: z.array(z.string()),
  nodeIds: z.array(z.string()),
  items: count,
  shard: z.object({ index: count, count: z.number().int().positive() }).passthrough(),
  shardItems: count,
  done: count,
  completed: z.boolean(),
  display: z.object({ readouts: z.array(z.string()) }).passthrough(),
  started: z.string(),
});

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(m, null, 2) + '\n');
}

/**
 * Read results.jsonl. A last line without its newline is a write torn by a kill or crash: it is
 * dropped (and, with `repair`, cut off the file so that appending goes on from a clean end).
 * Any other unreadable line is an error: the file was damaged or edited.
 */
export function readResults(path: string, opts: { repair?: boolean } = {}): { results: ItemResult[]; torn: boolean } {
  if (!existsSync(path)) return { results: [], torn: false };
  const buf = readFileSync(path);
  let end = buf.length;
  let torn = false;
  if (end > 0 && buf[end - 1] !== 0x0a) {
    end = buf.lastIndexOf(0x0a) + 1;
    torn = true;
    if (opts.repair) truncateSync(path, end);
  }
  const text = buf.subarray(0, end).toString('utf8');
  const results: ItemResult[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (raw.trim() === '') continue;
    let r: ItemResult;
    try {
      r = JSON.parse(raw) as ItemResult;
    } catch {
      throw new VsmcError('format', 'unreadable result line (the file was damaged or edited)', { file: path, line });
    }
    if (!resultShape.safeParse(r).success) throw new VsmcError('format', 'not a result line (the file was damaged or edited)', { file: path, line });
    results.push(r);
  }
  return { results, torn };
}

const nums = z.array(z.number());
const resultShape = z
  .object({ i: z.number().int().nonnegative(), key: z.string(), cells: z.number(), mean: nums, se: nums, nodes: nums, fp: z.number(), coords: nums.optional(), fractions: nums.optional() })
  .passthrough();

/** Appends result lines; each line is one write() so that a kill leaves at most one torn line. */
export class ResultsWriter {
  private fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(r: ItemResult): void {
    writeSync(this.fd, JSON.stringify(r) + '\n');
  }

  close(): void {
    if (this.fd >= 0) {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

export function ensureDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new VsmcError('io', 'is not a directory', { file: dir });
  } else mkdirSync(dir, { recursive: true });
}

export function removeIfExists(path: string): void {
  if (existsSync(path)) unlinkSync(path);
}
