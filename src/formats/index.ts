/**
 * Format registry: one place that knows every exchange format, chooses one by file name (or an
 * explicit --from/--to, or by sniffing the content) and turns text into a validated Model and
 * back. Pure (no Node APIs) so the web app uses it as is; src/formats/node-io.ts adds file reading
 * for the CLI. See docs/formats.md for what each format reads and writes.
 */
import type { Model } from '../model/model.js';
import { loadNativeModel, writeNativeNetwork, checkSize } from '../model/load.js';
import { checkNetworkData, validateNetwork } from '../model/validate.js';
import { VsmcError } from '../util/errors.js';
import { readBnet, writeBnet } from './bnet.js';
import { looksLikeBooleanNet, readBooleanNet, writeBooleanNet } from './booleannet.js';
import type { ImportResult } from './common.js';
import { type CfgSource, applyCfgFiles, readMaboss, writeMaboss } from './maboss.js';
import { readSbml } from './sbml-read.js';
import { writeSbml } from './sbml-write.js';

export type FormatName = 'native' | 'bnet' | 'booleannet' | 'sbml' | 'maboss';

export interface FormatInfo {
  name: FormatName;
  label: string;
  extensions: string[];
}

/** `.txt` is shared by BoolNet and BooleanNet: it maps to no format and the content decides. */
export const FORMATS: FormatInfo[] = [
  { name: 'native', label: 'vsmc-sim JSON', extensions: ['.json'] },
  { name: 'bnet', label: '.bnet / BoolNet (targets, factors)', extensions: ['.bnet'] },
  { name: 'booleannet', label: 'BooleanNet (A *= B and not C)', extensions: ['.booleannet'] },
  { name: 'sbml', label: 'SBML Level 3 qual', extensions: ['.sbml', '.xml'] },
  { name: 'maboss', label: 'MaBoSS .bnd + .cfg', extensions: ['.bnd'] },
];

export interface ReadOptions {
  file?: string;
  format?: FormatName;
  /** Second file of a two-file format (MaBoSS .cfg beside the .bnd). */
  companion?: string;
  companionFile?: string;
  /** More MaBoSS .cfg files, applied after `companion` (later ones override earlier ones). */
  companions?: CfgSource[];
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

/**
 * Guess the format from the content: XML → sbml, JSON → native, `node X {` → maboss, an `A *=`
 * rule → booleannet, `targets, factors` or `X, rule` lines → bnet.
 */
export function sniffFormat(text: string): FormatName | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return 'sbml';
  if (head.startsWith('{')) return 'native';
  if (/^\s*node\s+[A-Za-z_][A-Za-z0-9_]*\s*\{/im.test(text)) return 'maboss';
  if (looksLikeBooleanNet(text)) return 'booleannet';
  for (const raw of text.split('\n')) {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (/^targets\s*,\s*factors$/i.test(t) || /^[^,\s]+\s*,\s*\S/.test(t)) return 'bnet';
  }
  return undefined;
}

function importText(text: string, format: FormatName, opts: ReadOptions): ImportResult | undefined {
  const file = opts.file;
  const cfgs: CfgSource[] = [];
  if (opts.companion !== undefined) cfgs.push({ text: opts.companion, file: opts.companionFile });
  cfgs.push(...(opts.companions ?? []));
  switch (format) {
    case 'native':
      return undefined;
    case 'bnet':
      return readBnet(text, file);
    case 'booleannet':
      return readBooleanNet(text, file);
    case 'sbml': {
      const r = readSbml(text, file);
      applyCfgFiles(r.network, cfgs, r.diagnostics, file);
      return r;
    }
    case 'maboss':
      return readMaboss(text, cfgs, file);
  }
}

export function readModel(text: string, opts: ReadOptions = {}): Model {
  checkSize(text, opts.file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (opts.format === undefined && opts.file && /\.cfg$/i.test(opts.file)) {
    throw new VsmcError('format', 'a MaBoSS .cfg file is not a model by itself: open its .bnd (or .sbml) and give the .cfg with --cfg', { file: opts.file });
  }
  let format = opts.format ?? (opts.file ? formatFromFilename(opts.file) : undefined);
  if (format === undefined) {
    format = sniffFormat(text);
    if (format === undefined) {
      throw new VsmcError('format', `cannot tell the format of this file; give it with --from (${FORMATS.map((f) => f.name).join(', ')})`, { file: opts.file });
    }
  }
  if (format === 'native') return loadNativeModel(text, { file: opts.file, strictSigns: opts.strictSigns });
  const r = importText(text, format, opts)!;
  // Readers copy some values straight from the file (SBML annotations written by vsmc-sim): the
  // same schema as native JSON keeps a wrong type there from reaching code that trusts the types.
  const network = checkNetworkData(r.network, opts.file);
  // MaBoSS: a .bnd read without its .cfg is still a model (the reader warns about the parameters).
  const model = validateNetwork(network, { file: opts.file, strictSigns: opts.strictSigns, allowMissingParameters: format === 'maboss' ? true : undefined });
  model.diagnostics.unshift(...r.diagnostics);
  return model;
}

export function writeModel(model: Model, format: FormatName): WriteResult {
  const net = model.network;
  switch (format) {
    case 'native':
      return { text: writeNativeNetwork(net), notes: [] };
    case 'bnet':
      return writeBnet(net);
    case 'booleannet':
      return writeBooleanNet(net);
    case 'sbml':
      return writeSbml(net);
    case 'maboss':
      return writeMaboss(net);
  }
}
