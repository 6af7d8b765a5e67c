/** File-system side of the format registry (CLI, tests, workers). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { VsmcError } from '../util/errors.js';
import { limits } from '../util/limits.js';
import type { Model } from '../model/model.js';
import { type FormatName, type ReadOptions, formatFromFilename, readModel } from './index.js';

export function readTextFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new VsmcError('io', `cannot read file: no such file`, { file: path });
  }
  if (size > limits().maxFileBytes) {
    throw new VsmcError('limit', `file is ${(size / 1048576).toFixed(1)} MB; the limit is ${(limits().maxFileBytes / 1048576).toFixed(0)} MB`, { file: path });
  }
  return readFileSync(path, 'utf8');
}

export function loadModelFile(path: string, opts: Omit<ReadOptions, 'file'> & { format?: FormatName } = {}): Model {
  const text = readTextFile(path);
  const format = opts.format ?? formatFromFilename(path);
  let companion = opts.companion;
  let companionFile = opts.companionFile;
  if (format === 'maboss' && companion === undefined) {
    const cfg = path.replace(/\.bnd$/i, '.cfg');
    if (cfg !== path && existsSync(cfg)) {
      companion = readTextFile(cfg);
      companionFile = cfg;
    }
  }
  return readModel(text, { ...opts, file: path, format, companion, companionFile });
}
