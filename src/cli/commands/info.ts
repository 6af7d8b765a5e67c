/**
 * `vsmc info FILE`: what a model holds — nodes, inputs, regulators of each node (with the sign the
 * rule gives them), in/out degree, module flags, hypotheses, readouts, drugs and the reader's
 * diagnostics. `--json` prints the same as one JSON object.
 */
import type { Command } from 'commander';
import { type Expr, variables } from '../../rules/ast.js';
import { signs } from '../../rules/semantics.js';
import { FORMATS, type FormatName, formatFromFilename, isFormatName, sniffFormat } from '../../formats/index.js';
import { loadModelFile, readTextFile } from '../../formats/node-io.js';
import type { Model } from '../../model/model.js';
import { VsmcError } from '../../util/errors.js';

// Options shared by info, convert and check (they import them from here).

export interface ModelFileOptions {
  from?: string;
  cfg?: string[];
}

export function formatOption(v: string | undefined, flag: string): FormatName | undefined {
  if (v === undefined) return undefined;
  if (!isFormatName(v)) throw new VsmcError('syntax', `${flag} must be one of ${FORMATS.map((f) => f.name).join(', ')}, found "${v}"`);
  return v;
}

export function addModelOptions(cmd: Command): Command {
  return cmd
    .option('--from <format>', `input format (${FORMATS.map((f) => f.name).join(', ')}); default: from the extension or the content`)
    .option('--cfg <file>', 'MaBoSS .cfg file to read with a .bnd or .sbml (repeatable; default: X.cfg beside X.bnd)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
}

export function loadFromOptions(file: string, o: ModelFileOptions, strictSigns = false): Model {
  return loadModelFile(file, { format: formatOption(o.from, '--from'), cfg: o.cfg, strictSigns });
}

export interface NodeInfo {
  id: string;
  label?: string;
  input: boolean;
  default?: 0 | 1;
  regulators: Array<{ source: string; sign: string; flag?: boolean }>;
  in: number;
  out: number;
}

export interface ModelInfo {
  file?: string;
  format?: string;
  name?: string;
  nodes: number;
  inputs: string[];
  flags: Record<string, 0 | 1>;
  hypotheses: string[];
  defaultHypothesis?: string;
  readouts: string[];
  drugs: string[];
  parameters: Record<string, number>;
  initialStates: string[];
  defaultInitial?: string;
  table: NodeInfo[];
  diagnostics: Model['diagnostics'];
}

export function modelInfo(model: Model, format?: string): ModelInfo {
  const net = model.network;
  const outDeg = new Map<string, number>();
  const table: NodeInfo[] = model.ids.map((id, i) => {
    const rule: Expr | null = model.rules[i]!;
    const vars = rule ? variables(rule) : [];
    const sg = rule ? signs(rule, vars) : undefined;
    const regulators = vars.map((s) => {
      const sign = sg?.get(s) ?? '?';
      const r: NodeInfo['regulators'][number] = { source: s, sign };
      if (model.flags.has(s)) r.flag = true;
      else outDeg.set(s, (outDeg.get(s) ?? 0) + 1);
      return r;
    });
    const n = net.nodes[i]!;
    const info: NodeInfo = { id, input: model.inputs[i]!, regulators, in: regulators.filter((r) => !r.flag).length, out: 0 };
    if (n.label !== undefined && n.label !== id) info.label = n.label;
    if (n.input) info.default = n.default ?? 0;
    return info;
  });
  for (const t of table) t.out = outDeg.get(t.id) ?? 0;
  return {
    file: model.file,
    format,
    name: net.name,
    nodes: model.ids.length,
    inputs: model.ids.filter((_, i) => model.inputs[i]),
    flags: Object.fromEntries(model.flags),
    hypotheses: Object.keys(net.hypotheses ?? {}),
    defaultHypothesis: net.defaultHypothesis,
    readouts: Object.keys(net.readouts ?? {}),
    drugs: Object.keys(net.drugs ?? {}),
    parameters: net.parameters ?? {},
    initialStates: Object.keys(net.initialStates ?? {}),
    defaultInitial: net.defaultInitial,
    table,
    diagnostics: model.diagnostics,
  };
}

function list(xs: string[], max = 12): string {
  return xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')}, … (${xs.length - max} more)`;
}

export function formatInfo(info: ModelInfo): string {
  const L: string[] = [];
  L.push(`${info.file ?? '<model>'}${info.format ? ` (${info.format})` : ''}${info.name ? `: ${info.name}` : ''}`);
  L.push(`  nodes:          ${info.nodes}`);
  L.push(`  inputs:         ${info.inputs.length}${info.inputs.length ? ` (${list(info.inputs)})` : ''}`);
  const flags = Object.entries(info.flags);
  L.push(`  module flags:   ${flags.length}${flags.length ? ` (${flags.map(([k, x]) => `${k}=${x}`).join(', ')})` : ''}`);
  L.push(`  hypotheses:     ${info.hypotheses.length}${info.hypotheses.length ? ` (${list(info.hypotheses)}${info.defaultHypothesis ? `; default ${info.defaultHypothesis}` : ''})` : ''}`);
  L.push(`  readouts:       ${info.readouts.length}${info.readouts.length ? ` (${list(info.readouts)})` : ''}`);
  L.push(`  drugs:          ${info.drugs.length}${info.drugs.length ? ` (${list(info.drugs)})` : ''}`);
  const params = Object.keys(info.parameters);
  L.push(`  parameters:     ${params.length}${params.length ? ` (${list(params.map((p) => `$${p}`))})` : ''}`);
  L.push(`  initial states: ${info.initialStates.length}${info.initialStates.length ? ` (${list(info.initialStates)}${info.defaultInitial ? `; default ${info.defaultInitial}` : ''})` : ''}`);
  L.push('');
  const idW = Math.max(4, ...info.table.map((t) => t.id.length));
  L.push(`  ${'node'.padEnd(idW)}  in  out  regulators`);
  for (const t of info.table) {
    const regs = t.input ? `(input, default ${t.default ?? 0})` : t.regulators.map((r) => `${r.sign === '+' ? '+' : r.sign === '-' ? '-' : r.sign === '±' ? '±' : r.sign === '0' ? '0' : '?'}${r.source}${r.flag ? '[flag]' : ''}`).join(' ') || '(constant)';
    const label = t.label ? `  "${t.label}"` : '';
    L.push(`  ${t.id.padEnd(idW)}  ${String(t.in).padStart(2)}  ${String(t.out).padStart(3)}  ${regs}${label}`);
  }
  if (info.diagnostics.length) {
    L.push('', '  diagnostics:');
    for (const d of info.diagnostics) L.push(`    ${d.level}: ${d.path ? `${d.path}: ` : ''}${d.message}`);
  }
  return L.join('\n') + '\n';
}

export function register(program: Command): void {
  addModelOptions(
    program
      .command('info')
      .description('summarise a model: nodes, inputs, regulators and degrees, flags, hypotheses, readouts, drugs, diagnostics')
      .argument('<file>', 'model file (.json, .bnet, BoolNet/BooleanNet .txt, .sbml/.xml, .bnd)'),
  )
    .option('--json', 'print JSON')
    .action((file: string, o: ModelFileOptions & { json?: boolean }) => {
      const model = loadFromOptions(file, o);
      const info = modelInfo(model, o.from ?? formatFromFilename(file) ?? sniffFormat(readTextFile(file)));
      process.stdout.write(o.json ? JSON.stringify(info, null, 2) + '\n' : formatInfo(info));
    });
}
