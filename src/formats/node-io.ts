/** File-system side of the format registry (CLI, tests, workers). */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { VsmcError } from '../util/errors.js';
import { fileTooLarge, limits } from '../util/limits.js';
import type { Model } from '../model/model.js';
import { type FormatName, type ReadOptions, formatFromFilename, readModel, sniffFormat } from './index.js';

export function readTextFile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new VsmcError('io', 'cannot read file: it is a directory', { file: path });
    size = st.size;
  } catch (e) {
    if (e instanceof VsmcError) throw e;
    throw new VsmcError('io', `cannot read file: no such file`, { file: path });
  }
  if (size > limits().maxFileBytes) {
    throw new VsmcError('limit', fileTooLarge(size), { file: path });
  }
  return readFileSync(path, 'utf8');
}

/** `.cfg` files beside a model whose name starts with the model's base name (MaBoSS run configurations). */
export function cfgCandidates(path: string): string[] {
  const dir = dirname(path);
  const base = basename(path).replace(/\.[^.]+$/, '');
  try {
    return readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith('.cfg') && f.startsWith(base))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

export interface LoadOptions extends Omit<ReadOptions, 'file'> {
  format?: FormatName;
  /** MaBoSS .cfg files to apply (instead of looking for X.cfg beside X.bnd / X.sbml). */
  cfg?: string[];
}

export function loadModelFile(path: string, opts: LoadOptions = {}): Model {
  const text = readTextFile(path);
  const format = opts.format ?? formatFromFilename(path) ?? sniffFormat(text);
  let companion = opts.companion;
  let companionFile = opts.companionFile;
  const companions = [...(opts.companions ?? [])];
  let hint: string | undefined;
  if (opts.cfg?.length) {
    for (const c of opts.cfg) companions.push({ text: readTextFile(c), file: c });
  } else if ((format === 'maboss' || format === 'sbml') && companion === undefined) {
    const cfg = path.replace(/\.(bnd|sbml|xml)$/i, '.cfg');
    if (cfg !== path && existsSync(cfg)) {
      companion = readTextFile(cfg);
      companionFile = cfg;
    } else if (format === 'maboss') {
      const cands = cfgCandidates(path);
      if (cands.length) hint = `no ${basename(cfg)} beside the model; .cfg files that may go with it: ${cands.map((c) => basename(c)).join(', ')} (give them with --cfg)`;
    }
  }
  const { cfg: _cfg, ...rest } = opts;
  void _cfg;
  const model = readModel(text, { ...rest, file: path, format, companion, companionFile, companions });
  if (hint) model.diagnostics.unshift({ level: 'info', message: hint });
  return model;
}
