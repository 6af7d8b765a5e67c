/**
 * From item results to the user-facing reports (JSON, CSV, text tables). Needs only the manifest's
 * catalog (readout names, node ids), so `vsmc merge` can build them without the model.
 */
import { VsmcError } from '../util/errors.js';
import { BASELINE_KEY } from './items.js';
import { type Catalog, type ReadoutRef, bliss, ci, difference, estimate, resolveReadouts, round, roundPair } from './stats.js';
import type { ItemResult, JobSpec, SweepParam } from './types.js';

type PerReadout<T> = Record<string, T>;

function perReadout<T>(refs: ReadoutRef[], f: (r: ReadoutRef) => T): PerReadout<T> {
  // fromEntries defines own properties, so a readout called "__proto__" stays data.
  return Object.fromEntries(refs.map((r) => [r.name, f(r)]));
}

function byIndex(results: ItemResult[]): Map<string, ItemResult> {
  return new Map(results.map((r) => [r.key, r]));
}

function baselineOf(results: ItemResult[]): ItemResult {
  const b = results.find((r) => r.key === BASELINE_KEY);
  if (!b) throw new VsmcError('semantic', 'the results have no baseline item');
  return b;
}

export interface ReportMeta {
  kind: JobSpec['kind'];
  condition: string;
  hypothesis?: string;
  scheme: JobSpec['scheme'];
  model?: string;
  jobHash: string;
  cells: number;
}

export function reportMeta(job: JobSpec, jobHash: string, model?: string): ReportMeta {
  return { kind: job.kind, condition: job.condition.label, hypothesis: job.condition.hypothesis, scheme: job.scheme, model, jobHash, cells: job.scheme.cells };
}

// ---------------------------------------------------------------------------------------------
// Screens

export interface ScreenRow {
  perturbation: string;
  order: number;
  readouts: PerReadout<number>;
  delta: PerReadout<number>;
  /** 95 % intervals of the perturbed value and of the change (normal, from the per-cell SE). */
  ci: PerReadout<{ value: [number, number]; delta: [number, number] }>;
  /** Doubles: Bliss expectation and synergy (see docs/screens.md). */
  bliss?: PerReadout<number>;
  synergy?: PerReadout<number>;
  synergyCI?: PerReadout<[number, number]>;
  fixedPointFraction: number;
}

export interface ScreenReport {
  meta: ReportMeta;
  readouts: string[];
  baseline: PerReadout<number>;
  baselineCI: PerReadout<[number, number]>;
  results: ScreenRow[];
}

export function screenReport(cat: Catalog, meta: ReportMeta, results: ItemResult[], readouts: string[]): ScreenReport {
  const refs = resolveReadouts(cat, readouts);
  const base = baselineOf(results);
  const keyed = byIndex(results);
  const est = (r: ItemResult) => refs.map((ref) => estimate(r, ref));
  const b = est(base);
  const rows: { row: ScreenRow; i: number; sortKey: number }[] = [];
  for (const r of results) {
    if (r.key === BASELINE_KEY) continue;
    const parts = r.key.split(' ');
    const e = est(r);
    const d = e.map((x, k) => difference(x, b[k]!));
    const row: ScreenRow = {
      perturbation: r.key,
      order: parts.length,
      readouts: perReadout(refs, (ref) => round(e[refs.indexOf(ref)]!.value)),
      delta: perReadout(refs, (ref) => round(d[refs.indexOf(ref)]!.value)),
      ci: perReadout(refs, (ref) => {
        const k = refs.indexOf(ref);
        return { value: roundPair(ci(e[k]!)), delta: roundPair(ci(d[k]!)) };
      }),
      fixedPointFraction: round(r.fp),
    };
    if (parts.length === 2) {
      const sa = keyed.get(parts[0]!);
      const sb = keyed.get(parts[1]!);
      if (sa && sb) {
        const ea = est(sa);
        const eb = est(sb);
        const bl = refs.map((_, k) => bliss(b[k]!, ea[k]!, eb[k]!, e[k]!));
        row.bliss = perReadout(refs, (ref) => round(bl[refs.indexOf(ref)]!.expected));
        row.synergy = perReadout(refs, (ref) => round(bl[refs.indexOf(ref)]!.synergy.value));
        row.synergyCI = perReadout(refs, (ref) => roundPair(ci(bl[refs.indexOf(ref)]!.synergy)));
      }
    }
    rows.push({ row, i: r.i, sortKey: Math.abs(d[0]!.value) });
  }
  rows.sort((x, y) => y.sortKey - x.sortKey || x.i - y.i);
  return {
    meta,
    readouts,
    baseline: perReadout(refs, (ref) => round(b[refs.indexOf(ref)]!.value)),
    baselineCI: perReadout(refs, (ref) => roundPair(ci(b[refs.indexOf(ref)]!))),
    results: rows.map((x) => x.row),
  };
}

export function screenCsv(rep: ScreenReport): string {
  const head = ['rank', 'perturbation', 'order', 'fixed_point_fraction'];
  for (const r of rep.readouts) head.push(r, `${r}_lo`, `${r}_hi`, `${r}_delta`, `${r}_delta_lo`, `${r}_delta_hi`, `${r}_bliss`, `${r}_synergy`, `${r}_synergy_lo`, `${r}_synergy_hi`);
  const lines = [head.map(csvField).join(',')];
  const baseRow: (string | number)[] = [0, BASELINE_KEY, 0, ''];
  for (const r of rep.readouts) baseRow.push(rep.baseline[r]!, rep.baselineCI[r]![0], rep.baselineCI[r]![1], 0, '', '', '', '', '', '');
  lines.push(baseRow.map(csvField).join(','));
  rep.results.forEach((row, k) => {
    const out: (string | number)[] = [k + 1, row.perturbation, row.order, row.fixedPointFraction];
    for (const r of rep.readouts) {
      const c = row.ci[r]!;
      out.push(row.readouts[r]!, c.value[0], c.value[1], row.delta[r]!, c.delta[0], c.delta[1]);
      if (row.synergy) out.push(row.bliss![r]!, row.synergy[r]!, row.synergyCI![r]![0], row.synergyCI![r]![1]);
      else out.push('', '', '', '');
    }
    lines.push(out.map(csvField).join(','));
  });
  return lines.join('\n') + '\n';
}

export function screenText(rep: ScreenReport, top: number): string {
  const rs = rep.readouts;
  const fmt = (x: number) => x.toFixed(3);
  const out: string[] = [];
  out.push(`baseline (${rep.meta.condition}): ${rs.map((r) => `${r} ${fmt(rep.baseline[r]!)} [${fmt(rep.baselineCI[r]![0])}, ${fmt(rep.baselineCI[r]![1])}]`).join('   ')}`);
  const hasDoubles = rep.results.some((r) => r.synergy);
  const header = ['rank', 'perturbation', ...rs.flatMap((r) => [`${r}`, `Δ ${r} (95% CI)`, ...(hasDoubles ? [`synergy ${r}`] : [])])];
  const rows: string[][] = [];
  const shown = top > 0 ? rep.results.slice(0, top) : rep.results;
  shown.forEach((row, k) => {
    const cells = [String(k + 1), row.perturbation];
    for (const r of rs) {
      const d = row.ci[r]!.delta;
      cells.push(fmt(row.readouts[r]!), `${row.delta[r]! >= 0 ? '+' : ''}${fmt(row.delta[r]!)} (${fmt(d[0])}, ${fmt(d[1])})`);
      if (hasDoubles) cells.push(row.synergy ? `${row.synergy[r]! >= 0 ? '+' : ''}${fmt(row.synergy[r]!)}` : '');
    }
    rows.push(cells);
  });
  out.push(table(header, rows));
  if (shown.length < rep.results.length) out.push(`… ${rep.results.length - shown.length} more (--top 0 shows all; --json or --out for everything)`);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Sweeps

export interface SweepRow {
  values: PerReadout<number>;
  fractions: PerReadout<number>;
  readouts: PerReadout<number>;
  se: PerReadout<number>;
  ci: PerReadout<[number, number]>;
  fixedPointFraction: number;
}

export interface SweepReport {
  meta: ReportMeta;
  params: { name: string; kind: SweepParam['kind']; target: string; unit?: string }[];
  readouts: string[];
  rows: SweepRow[];
}

export function sweepReport(cat: Catalog, meta: ReportMeta, params: SweepParam[], results: ItemResult[], readouts: string[]): SweepReport {
  const refs = resolveReadouts(cat, readouts);
  const rows = [...results]
    .sort((a, b) => a.i - b.i)
    .map((r) => {
      const e = refs.map((ref) => estimate(r, ref));
      const coords = r.coords ?? [];
      const fr = r.fractions ?? [];
      return {
        values: Object.fromEntries(params.map((p, d) => [p.name, coords[d]!])),
        fractions: Object.fromEntries(params.map((p, d) => [p.name, round(fr[d]!)])),
        readouts: perReadout(refs, (ref) => round(e[refs.indexOf(ref)]!.value)),
        se: perReadout(refs, (ref) => round(e[refs.indexOf(ref)]!.se)),
        ci: perReadout(refs, (ref) => roundPair(ci(e[refs.indexOf(ref)]!))),
        fixedPointFraction: round(r.fp),
      };
    });
  return { meta, params: params.map((p) => ({ name: p.name, kind: p.kind, target: p.target, unit: p.unit })), readouts, rows };
}

export function sweepCsv(rep: SweepReport): string {
  const head: string[] = [];
  for (const p of rep.params) head.push(p.unit ? `${p.name} (${p.unit})` : p.name);
  for (const p of rep.params) head.push(`${p.name} fraction`);
  for (const r of rep.readouts) head.push(r, `${r}_lo`, `${r}_hi`, `${r}_se`);
  head.push('fixed_point_fraction');
  const lines = [head.map(csvField).join(',')];
  for (const row of rep.rows) {
    const out: (string | number)[] = [];
    for (const p of rep.params) out.push(row.values[p.name]!);
    for (const p of rep.params) out.push(row.fractions[p.name]!);
    for (const r of rep.readouts) out.push(row.readouts[r]!, row.ci[r]![0], row.ci[r]![1], row.se[r]!);
    out.push(row.fixedPointFraction);
    lines.push(out.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

function paramLabel(p: SweepReport['params'][number]): string {
  const what = p.kind === 'drug' && p.target !== p.name ? p.target : '';
  const unit = p.unit ?? '';
  const inner = [what, unit].filter(Boolean).join(', ');
  return inner ? `${p.name} (${inner})` : p.name;
}

export function sweepText(rep: SweepReport): string {
  const fmt = (x: number) => x.toFixed(3);
  // A parameter value reaches every cell: no fraction column for it.
  const withFraction = rep.params.filter((p) => p.kind !== 'parameter');
  const header = [...rep.params.map(paramLabel), ...withFraction.map((p) => `${p.name}: cells`), ...rep.readouts.map((r) => `${r} (95% band)`)];
  const rows = rep.rows.map((row) => [
    ...rep.params.map((p) => String(row.values[p.name])),
    ...withFraction.map((p) => fmt(row.fractions[p.name]!)),
    ...rep.readouts.map((r) => `${fmt(row.readouts[r]!)} (${fmt(row.ci[r]![0])}, ${fmt(row.ci[r]![1])})`),
  ]);
  return `condition: ${rep.meta.condition}\n${table(header, rows)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Sensitivity

export interface FlipRow {
  node: string;
  /** Fraction of cells back in exactly their pre-flip state at the end. */
  returned: number;
  /** Overlap of the final-state distributions with the baseline's (1 − total variation). */
  overlap: number;
  readouts: PerReadout<number>;
  delta: PerReadout<number>;
  ci: PerReadout<[number, number]>;
}

export interface RuleRow {
  change: string;
  node: string;
  kind: 'negate' | 'fix0' | 'fix1';
  overlap: number;
  readouts: PerReadout<number>;
  delta: PerReadout<number>;
  ci: PerReadout<[number, number]>;
  fixedPointFraction: number;
}

export interface SensitivityReport {
  meta: ReportMeta;
  readouts: string[];
  baseline: PerReadout<number>;
  baselineCI: PerReadout<[number, number]>;
  baselineFixedPointFraction: number;
  summary: {
    flips: number;
    /** How `returned` was judged: same attractor (exact attractor search from the baseline's final states) or same final state. */
    returnedBy?: 'attractor' | 'state';
    /** Attractors the baseline cells lie in (attractor method). */
    baselineAttractors?: number;
    meanReturned?: number;
    leastRobust?: { node: string; returned: number };
    rules: number;
    largestRuleEffect?: { change: string; readout: string; delta: number };
  };
  flips: FlipRow[];
  rules: RuleRow[];
}

export function sensitivityReport(cat: Catalog, meta: ReportMeta, results: ItemResult[], readouts: string[]): SensitivityReport {
  const refs = resolveReadouts(cat, readouts);
  const base = baselineOf(results);
  const b = refs.map((ref) => estimate(base, ref));
  const flips: (FlipRow & { i: number })[] = [];
  const rules: (RuleRow & { i: number })[] = [];
  for (const r of results) {
    if (r.key === BASELINE_KEY) continue;
    const e = refs.map((ref) => estimate(r, ref));
    const d = e.map((x, k) => difference(x, b[k]!));
    const common = {
      readouts: perReadout(refs, (ref) => round(e[refs.indexOf(ref)]!.value)),
      delta: perReadout(refs, (ref) => round(d[refs.indexOf(ref)]!.value)),
      ci: perReadout(refs, (ref) => roundPair(ci(d[refs.indexOf(ref)]!))),
    };
    if (r.key.startsWith('flip ')) {
      flips.push({ i: r.i, node: r.key.slice(5), returned: round(r.same ?? 0), overlap: round(r.overlap ?? 0), ...common });
    } else {
      const neg = r.key.startsWith('negate ');
      const node = neg ? r.key.slice(7) : r.key.replace(/%[01]$/, '');
      const kind = neg ? 'negate' : r.key.endsWith('%0') ? 'fix0' : 'fix1';
      rules.push({ i: r.i, change: r.key, node, kind, overlap: round(r.overlap ?? 0), fixedPointFraction: round(r.fp), ...common });
    }
  }
  const first = readouts[0]!;
  flips.sort((x, y) => x.returned - y.returned || Math.abs(y.delta[first]!) - Math.abs(x.delta[first]!) || x.i - y.i);
  rules.sort((x, y) => Math.abs(y.delta[first]!) - Math.abs(x.delta[first]!) || x.overlap - y.overlap || x.i - y.i);
  const strip = <T extends { i: number }>(xs: T[]) => xs.map(({ i: _i, ...rest }) => rest);
  const summary: SensitivityReport['summary'] = { flips: flips.length, rules: rules.length };
  if (flips.length) {
    const att = base.attractors ?? -1;
    summary.returnedBy = att >= 0 ? 'attractor' : 'state';
    if (att >= 0) summary.baselineAttractors = att;
    summary.meanReturned = round(flips.reduce((a, f) => a + f.returned, 0) / flips.length);
    summary.leastRobust = { node: flips[0]!.node, returned: flips[0]!.returned };
  }
  if (rules.length) summary.largestRuleEffect = { change: rules[0]!.change, readout: first, delta: rules[0]!.delta[first]! };
  return {
    meta,
    readouts,
    baseline: perReadout(refs, (ref) => round(b[refs.indexOf(ref)]!.value)),
    baselineCI: perReadout(refs, (ref) => roundPair(ci(b[refs.indexOf(ref)]!))),
    baselineFixedPointFraction: round(base.fp),
    summary,
    flips: strip(flips),
    rules: strip(rules),
  };
}

export function sensitivityCsv(rep: SensitivityReport): string {
  const head = ['type', 'change', 'node', 'returned', 'overlap'];
  for (const r of rep.readouts) head.push(r, `${r}_delta`, `${r}_delta_lo`, `${r}_delta_hi`);
  const lines = [head.map(csvField).join(',')];
  const push = (type: string, change: string, node: string, returned: number | '', overlap: number, row: { readouts: PerReadout<number>; delta: PerReadout<number>; ci: PerReadout<[number, number]> }) => {
    const out: (string | number)[] = [type, change, node, returned, overlap];
    for (const r of rep.readouts) out.push(row.readouts[r]!, row.delta[r]!, row.ci[r]![0], row.ci[r]![1]);
    lines.push(out.map(csvField).join(','));
  };
  for (const f of rep.flips) push('flip', `flip ${f.node}`, f.node, f.returned, f.overlap, f);
  for (const r of rep.rules) push('rule', r.change, r.node, '', r.overlap, r);
  return lines.join('\n') + '\n';
}

export function sensitivityText(rep: SensitivityReport, top: number): string {
  const fmt = (x: number) => x.toFixed(3);
  const rs = rep.readouts;
  const out: string[] = [];
  out.push(`baseline (${rep.meta.condition}): ${rs.map((r) => `${r} ${fmt(rep.baseline[r]!)}`).join('   ')}; cells at a fixed point ${fmt(rep.baselineFixedPointFraction)}`);
  const lim = <T>(xs: T[]) => (top > 0 ? xs.slice(0, top) : xs);
  if (rep.flips.length) {
    const by = rep.summary.returnedBy === 'attractor' ? `back in the same attractor (${rep.summary.baselineAttractors} attractor${rep.summary.baselineAttractors === 1 ? '' : 's'} in the baseline)` : 'back in the same final state';
    out.push(`\nstate flips (least robust first; returned = cells ${by}; mean ${fmt(rep.summary.meanReturned ?? 0)}):`);
    out.push(table(['node', 'returned', 'overlap', ...rs.map((r) => `Δ ${r}`)], lim(rep.flips).map((f) => [f.node, fmt(f.returned), fmt(f.overlap), ...rs.map((r) => fmt(f.delta[r]!))])));
  }
  if (rep.rules.length) {
    out.push(`\nrule changes (largest effect on ${rs[0]} first):`);
    out.push(table(['change', 'overlap', ...rs.map((r) => `Δ ${r} (95% CI)`)], lim(rep.rules).map((x) => [x.change, fmt(x.overlap), ...rs.map((r) => `${fmt(x.delta[r]!)} (${fmt(x.ci[r]![0])}, ${fmt(x.ci[r]![1])})`)])));
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

export function csvField(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, k) => (k < 2 ? c.padEnd(w[k]!) : c.padStart(w[k]!))).join('  ').trimEnd();
  return [line(header), line(w.map((x) => '-'.repeat(x))), ...rows.map(line)].join('\n');
}
