/** Text renderings of an AttractorReport: an aligned table for terminals and CSV. */
import type { AttractorReport } from './types.js';

function nodesWith(report: AttractorReport, pattern: string, c: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < pattern.length; i++) if (pattern[i] === c) out.push(report.order[i]!);
  return out;
}

export function formatTable(report: AttractorReport, opts: { states?: boolean } = {}): string {
  const lines: string[] = [];
  const count = report.attractors.length;
  const kind = report.mode === 'fixed-points' ? 'fixed point' : `${report.scheme === 'sync' ? 'synchronous' : 'asynchronous'} attractor`;
  lines.push(`${count} ${kind}${count === 1 ? '' : 's'} (${report.mode}${report.complete ? ', complete' : ', not complete'})`);
  lines.push(`node order: ${report.order.join(' ')}`);
  const hasBasin = report.attractors.some((a) => a.basin !== undefined);
  const head = ['#', 'type', 'size', ...(hasBasin ? ['basin'] : []), 'pattern'];
  const rows = report.attractors.map((a, i) => [String(i + 1), a.type, String(a.size), ...(hasBasin ? [a.basin === undefined ? '' : String(a.basin)] : []), a.pattern]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const fmt = (r: string[]): string => r.map((x, c) => (c === r.length - 1 ? x : x.padStart(widths[c]!))).join('  ');
  lines.push(fmt(head));
  report.attractors.forEach((a, i) => {
    lines.push(fmt(rows[i]!));
    const on = nodesWith(report, a.pattern, '1');
    const vary = nodesWith(report, a.pattern, '-');
    lines.push(`    on: ${on.length ? on.join(' ') : '(none)'}${vary.length ? `; varying: ${vary.join(' ')}` : ''}`);
    if (opts.states && a.states && a.size > 1) for (const s of a.states) lines.push(`    ${s}`);
    else if (opts.states && !a.states && a.size > 1) lines.push(`    (${a.size} states, not listed)`);
  });
  for (const n of report.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per attractor: index, type, size, basin, pattern, on, varying, states (space-separated). */
export function formatCsv(report: AttractorReport): string {
  const lines = ['index,type,size,basin,pattern,on,varying,states'];
  report.attractors.forEach((a, i) => {
    lines.push(
      [String(i + 1), a.type, String(a.size), a.basin === undefined ? '' : String(a.basin), a.pattern, nodesWith(report, a.pattern, '1').join(' '), nodesWith(report, a.pattern, '-').join(' '), (a.states ?? []).join(' ')]
        .map(csvCell)
        .join(','),
    );
  });
  return lines.join('\n') + '\n';
}
