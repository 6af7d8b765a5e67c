/**
 * Format registry: one place that knows every exchange format, chooses one by file name (or an
 * explicit --from/--to) and turns text into a validated Model and back. Pure (no Node APIs) so
 * the web app uses it as is; src/formats/node-io.ts adds file reading for the CLI.
 */
import type { Model } from '../model/model.js';
import { loadNativeModel, writeNativeNetwork } from '../model/load.js';
import { VsmcError } from '../util/errors.js';

export type FormatName = 'native' | 'bnet' | 'booleannet' | 'sbml' | 'maboss';

export interface FormatInfo {
  name: FormatName;
  label: string;
  extensions: string[];
}

export const FORMATS: FormatInfo[] = [
  { name: 'native', label: 'vsmc-sim JSON', extensions: ['.json'] },
];

export interface ReadOptions {
  file?: string;
  format?: FormatName;
  /** Second file of a two-file format (MaBoSS .cfg beside the .bnd). */
  companion?: string;
  companionFile?: string;
  strictSigns?: boolean;
}

export interface WriteResult {
  text: string;
  /** Second file of a two-file format (MaBoSS .cfg). */
  companion?: string;
  /** Things the target format cannot hold, for the user to know. */
  notes: string[];
}

export function formatFromFilename(name: string): FormatName | undefined {
  const lower = name.toLowerCase();
  for (const f of FORMATS) if (f.extensions.some((e) => lower.endsWith(e))) return f.name;
  return undefined;
}

export function isFormatName(s: string): s is FormatName {
  return FORMATS.some((f) => f.name === s);
}

export function readModel(text: string, opts: ReadOptions = {}): Model {
  const format = opts.format ?? (opts.file ? formatFromFilename(opts.file) : undefined) ?? 'native';
  switch (format) {
    case 'native':
      return loadNativeModel(text, { file: opts.file, strictSigns: opts.strictSigns });
    default:
      throw new VsmcError('unsupported', `format "${format}" is not supported yet`, { file: opts.file });
  }
}

export function writeModel(model: Model, format: FormatName): WriteResult {
  switch (format) {
    case 'native':
      return { text: writeNativeNetwork(model.network), notes: [] };
    default:
      throw new VsmcError('unsupported', `format "${format}" is not supported yet`);
  }
}
