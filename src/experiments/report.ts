/**
 * Presenting experiment results: the text table (conditions × readouts, expectations with both
 * sides), the hypothesis scorecard, the JSON shape of `vsmc run --json`, and CSV rows.
 */
import { formatDose } from '../model/dose.js';
import type { ExpectationOutcome, ExperimentResult } from './runner.js';

export const OK = '✔';
export const FAIL = '✘';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return x.toFixed(3);
  const s = x.toFixed(3);
  return s === '-0.000' ? '0.000' : s;
}

function pad(s: string, w: number, right = false): string {
  const len = [...s].length;
  if (len >= w) return s;
  return right ? ' '.repeat(w - len) + s : s + ' '.repeat(w - len);
}

function width(s: string): number {
  return [...s].length;
}

export function outcomeMark(o: ExpectationOutcome): string {
  if (o.holds) return OK;
  return o.conflict ? `${FAIL} (documented conflict)` : FAIL;
}

function operandText(o: ExpectationOutcome['expectation']['left'], v: number): string {
  return o.kind === 'number' ? o.text : fmt(v);
}

function schemeText(r: ExperimentResult): string {
  const s = r.conditions[0]?.scheme;
  if (!s) return '';
  const dur = s.type === 'stochastic' ? `time ${s.time}` : `${s.steps} steps`;
  const differs = r.conditions.some((c) => JSON.stringify(c.scheme) !== JSON.stringify(s));
  return `${s.type}, ${s.cells} cells, ${dur}, seed ${s.seed}${s.noise ? `, noise ${s.noise}` : ''}${differs ? ' (some conditions override it)' : ''}`;
}

/** Table of conditions × readouts and the expectations of one experiment under one hypothesis. */
export function formatResult(r: ExperimentResult): string {
  const lines: string[] = [];
  const head = r.title ? `${r.title}${r.file ? `  (${r.file})` : ''}` : (r.file ?? 'experiment');
  lines.push(head);
  if (r.observations.length) lines.push(`Observations: ${r.observations.join(', ')}`);
  for (const s of r.source) lines.push(`Source: ${s}`);
  lines.push(`Hypothesis: ${r.hypothesis ?? '(model default)'}; scheme: ${schemeText(r)}`);
  lines.push('');

  const condW = Math.max(9, ...r.conditions.map((c) => width(c.name) + (c.hypothesis !== r.hypothesis ? width(c.hypothesis ?? '') + 3 : 0)));
  const colW = r.columns.map((c) => Math.max(width(c), 6));
  lines.push(['  ' + pad('condition', condW), ...r.columns.map((c, k) => pad(c, colW[k]!, true)), 'fixed pt'].join('  '));
  for (const c of r.conditions) {
    const label = c.hypothesis !== r.hypothesis ? `${c.name} (${c.hypothesis})` : c.name;
    lines.push(['  ' + pad(label, condW), ...r.columns.map((col, k) => pad(fmt(c.values.get(col) ?? NaN), colW[k]!, true)), pad(fmt(c.fixedPointFraction), 8, true)].join('  '));
  }
  const drugs = r.conditions.filter((c) => c.drugs.length);
  if (drugs.length) {
    lines.push('');
    for (const c of drugs) {
      const parts = c.drugs.map((d) => `${d.drug}${d.dose !== undefined ? ` ${formatDose(d.dose, d.unit ?? '')}` : ''} → ${(d.fraction * 100).toFixed(1)} % of cells`);
      lines.push(`  ${c.name}: ${parts.join('; ')}`);
    }
  }
  if (r.expectations.length) {
    lines.push('');
    lines.push('Expectations:');
    const exprW = Math.max(...r.expectations.map((o) => width(o.expectation.expr)));
    for (const o of r.expectations) {
      const e = o.expectation;
      const sides = `${operandText(e.left, o.left)} ${e.op} ${operandText(e.right, o.right)}`;
      const mark = outcomeMark(o);
      let line = `  ${pad(mark.slice(0, 1), 1)} ${pad(e.expr, exprW)}   ${sides}`;
      if (!o.holds && o.conflict) line += '   (documented conflict)';
      if (o.table !== undefined && o.table !== o.holds) line += `   [validation table: ${o.table ? OK : FAIL}]`;
      lines.push(line);
      if (e.note && !o.holds) lines.push(`      note: ${e.note}`);
    }
    const fail = r.expectations.filter((o) => !o.holds && !o.conflict).length;
    const conf = r.expectations.filter((o) => !o.holds && o.conflict).length;
    const held = r.expectations.filter((o) => o.holds).length;
    lines.push('');
    lines.push(`${held}/${r.expectations.length} expectations hold${fail ? `; ${fail} FAIL` : ''}${conf ? `; ${conf} documented conflict${conf > 1 ? 's' : ''}` : ''}.`);
  }
  // "fixed pt" already says how many cells ended at a fixed point; the engine's stop notes repeat it.
  const notes = new Map<string, string[]>();
  for (const c of r.conditions) for (const n of c.notes) if (!/reached a fixed point and stopped/.test(n)) notes.set(n, [...(notes.get(n) ?? []), c.name]);
  for (const [n, conds] of notes) lines.push(`note (${conds.join(', ')}): ${n}`);
  return lines.join('\n');
}

export interface ScorecardInput {
  /** Hypothesis names, in column order. */
  hypotheses: string[];
  /** One result list per hypothesis, files in the same order in each. */
  runs: Map<string, ExperimentResult[]>;
}

interface Row {
  file: string;
  observation: string;
  expr: string;
  conflict: boolean;
  cells: Map<string, { holds: boolean; table?: boolean }>;
}

function rows(input: ScorecardInput): Row[] {
  const first = input.runs.get(input.hypotheses[0]!) ?? [];
  const out: Row[] = [];
  first.forEach((r, fi) => {
    r.expectations.forEach((o, ei) => {
      const cells = new Map<string, { holds: boolean; table?: boolean }>();
      for (const h of input.hypotheses) {
        const oo = input.runs.get(h)![fi]!.expectations[ei]!;
        cells.set(h, { holds: oo.holds, table: oo.table });
      }
      out.push({
        file: r.file ?? '',
        observation: o.expectation.observation ?? (r.observations.length === 1 ? r.observations[0]! : ''),
        expr: o.expectation.expr,
        conflict: o.conflict,
        cells,
      });
    });
  });
  return out;
}

export interface ObservationVerdict {
  observation: string;
  /** Per hypothesis: every expectation of the observation holds; and the table's verdict (all marks ✔), when all are marked. */
  cells: Map<string, { holds: boolean; table?: boolean }>;
}

/** Row-level verdicts: an observation holds under a hypothesis when all its expectations hold. */
export function observationVerdicts(input: ScorecardInput): ObservationVerdict[] {
  const byObs = new Map<string, Row[]>();
  for (const row of rows(input)) {
    const k = row.observation || '(untagged)';
    if (!byObs.has(k)) byObs.set(k, []);
    byObs.get(k)!.push(row);
  }
  const out: ObservationVerdict[] = [];
  for (const [obs, rs] of byObs) {
    const cells = new Map<string, { holds: boolean; table?: boolean }>();
    for (const h of input.hypotheses) {
      const holds = rs.every((r) => r.cells.get(h)!.holds);
      const marks = rs.map((r) => r.cells.get(h)!.table);
      const table = marks.some((m) => m === undefined) ? undefined : marks.every((m) => m === true);
      cells.set(h, { holds, table });
    }
    out.push({ observation: obs, cells });
  }
  return out;
}

function cellText(c: { holds: boolean; table?: boolean }): string {
  const m = c.holds ? OK : FAIL;
  return c.table !== undefined && c.table !== c.holds ? `${m}≠` : m;
}

/** The scorecard: expectations × hypotheses, then observations × hypotheses. */
export function formatScorecard(input: ScorecardInput): string {
  const hs = input.hypotheses;
  const lines: string[] = [];
  const rs = rows(input);
  const obsW = Math.max(3, ...rs.map((r) => width(r.observation)));
  const exprW = Math.max(11, ...rs.map((r) => width(r.expr) + (r.conflict ? 2 : 0)));
  const hW = hs.map((h) => Math.max(width(h), 3));
  lines.push('Scorecard: expectation × hypothesis (✔ holds, ✘ fails, ≠ differs from the validation table, * documented conflict)');
  lines.push('');
  lines.push([pad('obs', obsW), pad('expectation', exprW), ...hs.map((h, k) => pad(h, hW[k]!))].join('  ').trimEnd());
  for (const r of rs) {
    lines.push([pad(r.observation, obsW), pad(r.expr + (r.conflict ? ' *' : ''), exprW), ...hs.map((h, k) => pad(cellText(r.cells.get(h)!), hW[k]!))].join('  ').trimEnd());
  }
  lines.push('');
  lines.push('By observation (✔ = every expectation of the row holds):');
  lines.push('');
  const vs = observationVerdicts(input);
  const oW = Math.max(11, ...vs.map((v) => width(v.observation)));
  // The table's own verdict per row, for the hypotheses it has marks for ("F✔ A✘ P✔").
  const tableText = (v: ObservationVerdict) =>
    hs
      .filter((h) => v.cells.get(h)!.table !== undefined)
      .map((h) => `${h[0]}${v.cells.get(h)!.table ? OK : FAIL}`)
      .join(' ');
  lines.push([pad('observation', oW), ...hs.map((h, k) => pad(h, hW[k]!)), 'validation table'].join('  '));
  for (const v of vs) lines.push([pad(v.observation, oW), ...hs.map((h, k) => pad(cellText(v.cells.get(h)!), hW[k]!)), tableText(v)].join('  ').trimEnd());
  lines.push('');
  for (const h of hs) {
    const all = rs.map((r) => r.cells.get(h)!);
    const held = all.filter((c) => c.holds).length;
    const diff = all.filter((c) => c.table !== undefined && c.table !== c.holds).length;
    lines.push(`${pad(h, Math.max(...hs.map(width)))}: ${held}/${all.length} expectations hold${diff ? `, ${diff} differ from the validation table` : ''}`);
  }
  return lines.join('\n');
}

// ---- JSON ----

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e9) / 1e9 : x;
}

export interface ExpectationJson {
  expr: string;
  left: number;
  right: number;
  holds: boolean;
  conflict?: true;
  observation?: string;
  table?: boolean;
  note?: string;
}

export function expectationJson(o: ExpectationOutcome): ExpectationJson {
  const j: ExpectationJson = { expr: o.expectation.expr, left: round(o.left), right: round(o.right), holds: o.holds };
  if (o.conflict) j.conflict = true;
  if (o.expectation.observation) j.observation = o.expectation.observation;
  if (o.table !== undefined) j.table = o.table;
  if (o.expectation.note) j.note = o.expectation.note;
  return j;
}

export interface ResultJson {
  file?: string;
  title?: string;
  hypothesis: string | null;
  conditions: Record<string, Record<string, number>>;
  expectations: ExpectationJson[];
}

export function resultJson(r: ExperimentResult): ResultJson {
  // Object.fromEntries builds own data properties, so names like "__proto__" stay plain keys.
  const conditions = Object.fromEntries(r.conditions.map((c) => [c.name, Object.fromEntries(r.columns.map((col) => [col, round(c.values.get(col) ?? NaN)]))]));
  const out: ResultJson = { hypothesis: r.hypothesis ?? null, conditions, expectations: r.expectations.map(expectationJson) };
  if (r.file !== undefined) out.file = r.file;
  if (r.title !== undefined) out.title = r.title;
  return out;
}

/** `--json` of one hypothesis: one file → its result; several files → a list under "files" plus every expectation. */
export function runJson(results: ExperimentResult[], hypothesis: string | undefined): unknown {
  if (results.length === 1) return resultJson(results[0]!);
  const files = results.map(resultJson);
  return {
    hypothesis: hypothesis ?? null,
    files,
    expectations: results.flatMap((r) => r.expectations.map((o) => ({ file: r.file, ...expectationJson(o) }))),
  };
}

// ---- CSV ----

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Long format: one row per file × hypothesis × condition × value (every node and readout). */
export function resultsCsv(results: ExperimentResult[]): string {
  const out = ['file,hypothesis,condition,readout,value,se'];
  for (const r of results) {
    for (const c of r.conditions) {
      for (const [k, v] of c.values) {
        const se = c.se.get(k);
        out.push([r.file ?? '', c.hypothesis ?? '', c.name, k, String(round(v)), se === undefined ? '' : String(round(se))].map(csvField).join(','));
      }
    }
  }
  return out.join('\n') + '\n';
}
