/** The reference corpus (../shared/reference) as a list of model files, and function comparison. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { referenceDir } from '../helpers/paths.js';
import { cfgCandidates, loadModelFile } from '../../src/formats/node-io.js';
import { readModel, writeModel, type FormatName } from '../../src/formats/index.js';
import type { Model } from '../../src/model/model.js';
import { type Expr, v } from '../../src/rules/ast.js';
import { equivalent } from '../../src/rules/semantics.js';

export interface RefModel {
  /** Path relative to the corpus, e.g. "boolnet/cellcycle.txt". */
  rel: string;
  path: string;
  /** MaBoSS .cfg files read with a .bnd (relative names). */
  cfg: string[];
  /** Test name. */
  name: string;
}

const MODEL_EXT = /\.(bnet|txt|sbml|xml|bnd)$/i;

function walk(dir: string, out: string[]): void {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      if (f === 'refer') continue; // MaBoSS's own outputs, not models
      walk(p, out);
    } else out.push(p);
  }
}

/** Every model file of the corpus (a .bnd with each of its .cfg files, or alone when it has none). */
export function referenceModels(): { files: string[]; variants: RefModel[] } {
  const root = referenceDir();
  const all: string[] = [];
  walk(root, all);
  const files = all.filter((p) => MODEL_EXT.test(p));
  const variants: RefModel[] = [];
  for (const p of files) {
    const rel = relative(root, p);
    if (p.endsWith('.bnd')) {
      const cands = cfgCandidates(p);
      if (cands.length === 0) variants.push({ rel, path: p, cfg: [], name: rel });
      for (const c of cands) variants.push({ rel, path: p, cfg: [c], name: `${rel} + ${relative(root, c).split('/').pop()}` });
    } else variants.push({ rel, path: p, cfg: [], name: rel });
  }
  return { files: files.map((p) => relative(root, p)), variants };
}

const cache = new Map<string, Model>();
export function loadRef(m: RefModel): Model {
  let x = cache.get(m.name);
  if (!x) {
    x = loadModelFile(m.path, { cfg: m.cfg });
    cache.set(m.name, x);
  }
  return x;
}

export function loadRel(rel: string): Model {
  return loadModelFile(join(referenceDir(), rel));
}

/** The Boolean function a node follows: its rule, or itself for an input (held constant). */
export function nodeFunction(m: Model, i: number): Expr {
  return m.rules[i] ?? v(m.ids[i]!);
}

/** Differences between two models' node sets and functions (full truth tables), [] when equal. */
export function functionDiffs(a: Model, b: Model, rename: (id: string) => string = (s) => s, opts: { inputStatus?: boolean } = {}): string[] {
  const out: string[] = [];
  const bIds = new Set(b.ids);
  const mapped = a.ids.map(rename);
  const missing = mapped.filter((id) => !bIds.has(id));
  const extra = b.ids.filter((id) => !mapped.includes(id));
  if (missing.length || extra.length) out.push(`node sets differ: missing ${missing.join(',')}; extra ${extra.join(',')}`);
  a.ids.forEach((id, i) => {
    const j = b.index.get(rename(id));
    if (j === undefined) return;
    const fa = nodeFunction(a, i);
    const fb = nodeFunction(b, j);
    const renamed = renameExpr(fa, rename);
    const eq = equivalent(renamed, fb);
    if (eq !== true) out.push(`${id}: functions differ (${eq === undefined ? 'too many inputs to compare' : 'truth tables differ'})`);
    if (opts.inputStatus !== false && a.inputs[i] !== b.inputs[j]) out.push(`${id}: input in one model only`);
  });
  return out;
}

function renameExpr(e: Expr, f: (s: string) => string): Expr {
  switch (e.kind) {
    case 'const':
      return e;
    case 'var':
      return { kind: 'var', name: f(e.name) };
    case 'not':
      return { kind: 'not', arg: renameExpr(e.arg, f) };
    default:
      return { kind: e.kind, args: e.args.map((x) => renameExpr(x, f)) };
  }
}

/** Write a model in a format and read it back. */
export function roundTrip(m: Model, format: FormatName): { back: Model; notes: string[]; text: string; companion?: string } {
  const w = writeModel(m, format);
  const back = readModel(w.text, { format, companion: w.companion, companionFile: w.companion !== undefined ? 'rt.cfg' : undefined, file: `roundtrip.${format}` });
  return { back, notes: w.notes, text: w.text, companion: w.companion };
}
