/**
 * `vsmc check FILE`: the static checks — schema, rule syntax, unknown identifiers (with
 * suggestions), duplicate ids, nodes with no rule, declared regulation signs against the signs the
 * rules actually have (errors here) — and the reader's diagnostics.
 * Exit 0 when clean (warnings allowed), 1 when there is an error, 2 when the file cannot be read
 * (missing, too large, not a model file, malformed XML).
 */
import type { Command } from 'commander';
import type { Diagnostic, Model } from '../../model/model.js';
import { parseRateExpr, rateExprRefs } from '../../rules/rate-expr.js';
import { VsmcError, suggest } from '../../util/errors.js';
import { addModelOptions, loadFromOptions, type ModelFileOptions } from './info.js';

/** Error codes that mean "the file could not be read" (exit 2) rather than "the model is wrong" (exit 1). */
const UNREADABLE = new Set(['io', 'limit', 'unsupported', 'format']);

/** rateUp/rateDown: syntax, known nodes and parameters, and no attribute other than @logic. */
export function checkRates(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  const params = model.network.parameters ?? {};
  const missing = new Map<string, string[]>();
  for (const n of model.network.nodes) {
    for (const field of ['rateUp', 'rateDown'] as const) {
      const raw = n[field];
      if (raw === undefined) continue;
      const path = `nodes.${n.id}.${field}`;
      if (typeof raw === 'number') {
        if (!(raw >= 0) || !Number.isFinite(raw)) out.push({ level: 'error', path, message: `rate must be a finite number ≥ 0, found ${raw}` });
        continue;
      }
      let refs;
      try {
        refs = rateExprRefs(parseRateExpr(raw));
      } catch (e) {
        if (e instanceof VsmcError) {
          out.push({ level: 'error', path, message: e.within({ path }).message });
          continue;
        }
        throw e;
      }
      for (const x of refs.nodes) if (!model.index.has(x)) out.push({ level: 'error', path, message: `unknown node "${x}"${suggest(x, model.ids)}` });
      for (const x of refs.params) if (!Object.prototype.hasOwnProperty.call(params, x)) missing.set(x, [...(missing.get(x) ?? []), `${n.id}.${field}`]);
      for (const x of refs.attrs) if (x !== 'logic') out.push({ level: 'error', path, message: `@${x}: only @logic can be used in a rate` });
      if (refs.attrs.includes('logic') && model.inputs[model.index.get(n.id)!]) out.push({ level: 'error', path, message: `@logic in the rate of input ${n.id}, which has no rule` });
    }
  }
  for (const [x, where] of missing) {
    const shown = where.length > 4 ? `${where.slice(0, 4).join(', ')}, …` : where.join(', ');
    out.push({ level: 'error', path: `parameters`, message: `parameter $${x} is not defined${suggest(x, Object.keys(params))}; used in ${where.length} rate${where.length > 1 ? 's' : ''} (${shown})` });
  }
  return out;
}

export function checkFile(file: string, o: ModelFileOptions): { diagnostics: Diagnostic[]; code: 0 | 1; nodes?: number } {
  try {
    const model = loadFromOptions(file, o, true);
    model.diagnostics.push(...checkRates(model));
    const code = model.diagnostics.some((d) => d.level === 'error') ? 1 : 0;
    return { diagnostics: model.diagnostics, code, nodes: model.ids.length };
  } catch (e) {
    if (e instanceof VsmcError && !UNREADABLE.has(e.code)) return { diagnostics: [{ level: 'error', message: e.message }], code: 1 };
    throw e;
  }
}

export function register(program: Command): void {
  addModelOptions(
    program
      .command('check')
      .description('static checks of a model (syntax, unknown names, duplicate ids, missing rules, declared vs actual regulation signs); exit 1 on an error, 2 if unreadable')
      .argument('<file>', 'model file'),
  )
    .option('--json', 'print the diagnostics as JSON')
    .action((file: string, o: ModelFileOptions & { json?: boolean }) => {
      const r = checkFile(file, o);
      const counts = { error: 0, warning: 0, info: 0 };
      for (const d of r.diagnostics) counts[d.level]++;
      if (o.json) process.stdout.write(JSON.stringify({ file, ok: r.code === 0, nodes: r.nodes, counts, diagnostics: r.diagnostics }, null, 2) + '\n');
      else {
        for (const d of r.diagnostics) process.stdout.write(`${d.level}: ${d.path && !d.message.startsWith(file) ? `${d.path}: ` : ''}${d.message}\n`);
        process.stdout.write(`${file}: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}${r.nodes !== undefined ? ` (${r.nodes} nodes)` : ''}\n`);
      }
      process.exitCode = r.code;
    });
}
