/**
 * SVG figures of batch reports, drawn with Observable Plot on a linkedom document (no browser
 * needed): ranked bars for single perturbations, heat maps for doubles, dose–response curves
 * with ensemble bands. Returns standalone SVG text.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ScreenReport, SweepReport } from './reports.js';

type PlotDoc = NonNullable<Plot.PlotOptions['document']>;

function newDocument(): PlotDoc {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  return document as unknown as PlotDoc;
}

const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';

/** Serialise an SVG element as a file: the namespace is needed for a standalone .svg. */
function svgText(el: Element): string {
  if (el.tagName.toLowerCase() !== 'svg') throw new Error('plots: Plot returned a figure, not an SVG (no title/legend options here)');
  if (!el.getAttribute('xmlns')) el.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  el.setAttribute('font-family', FONT);
  el.setAttribute('style', 'background: white');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el.outerHTML}\n`;
}

/** Place a figure and a colour legend (both SVG) in one SVG document. */
function stack(doc: PlotDoc, parts: { el: Element; width: number; height: number }[]): Element {
  const width = Math.max(...parts.map((p) => p.width));
  const height = parts.reduce((a, p) => a + p.height, 0);
  const root = doc.createElementNS('http://www.w3.org/2000/svg', 'svg') as unknown as Element;
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = doc.createElementNS('http://www.w3.org/2000/svg', 'rect') as unknown as Element;
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', 'white');
  root.appendChild(bg);
  let y = 0;
  for (const p of parts) {
    p.el.setAttribute('x', '0');
    p.el.setAttribute('y', String(y));
    root.appendChild(p.el);
    y += p.height;
  }
  return root;
}

function titleMark(text: string): Plot.Markish {
  return Plot.text([text], { frameAnchor: 'top-left', dy: -40, fontSize: 13, fontWeight: 'bold', textAnchor: 'start', dx: 0 });
}

/** Ranked bar chart: change of one readout for the single perturbations with the largest effect. */
export function singlesBarChart(rep: ScreenReport, readout: string, top = 40): string {
  const rows = rep.results
    .filter((r) => r.order === 1)
    .sort((a, b) => Math.abs(b.delta[readout]!) - Math.abs(a.delta[readout]!))
    .slice(0, top)
    .map((r) => ({ p: r.perturbation, d: r.delta[readout]!, lo: r.ci[readout]!.delta[0], hi: r.ci[readout]!.delta[1], dir: r.delta[readout]! >= 0 ? 'raises' : 'lowers' }));
  const document = newDocument();
  const height = Math.max(160, rows.length * 16 + 90);
  const svg = Plot.plot({
    document,
    width: 720,
    height,
    marginLeft: 150,
    marginTop: 62,
    marginRight: 30,
    x: { label: `Δ ${readout} (perturbed − baseline ${rep.baseline[readout]!.toFixed(3)})`, grid: true, labelAnchor: 'center' },
    y: { label: null, domain: rows.map((r) => r.p) },
    color: { domain: ['lowers', 'raises'], range: ['#2166ac', '#b2182b'] },
    marks: [
      titleMark(`Single perturbations ranked by |Δ ${readout}| (top ${rows.length}); bars: 95 % CI`),
      Plot.barX(rows, { x: 'd', y: 'p', fill: 'dir', fillOpacity: 0.8 }),
      Plot.ruleY(rows, { x1: 'lo', x2: 'hi', y: 'p', stroke: 'black', strokeWidth: 1.2 }),
      Plot.ruleX([0]),
    ],
  });
  return svgText(svg as unknown as Element);
}

/**
 * Heat map of the double perturbations: row × column = the two single perturbations, colour = the
 * double's change of the readout (or its Bliss synergy). The matrix is symmetric; the diagonal
 * holds the single perturbation's own change (for `delta`).
 */
export function doublesHeatmap(rep: ScreenReport, readout: string, value: 'delta' | 'synergy'): string {
  const singles = rep.results.filter((r) => r.order === 1).map((r) => r.perturbation);
  // Alphabetical by node, case-insensitive, X%0 before X%1: both perturbations of a node side by side.
  const order = [...singles].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : 1));
  const cells: { a: string; b: string; v: number }[] = [];
  for (const r of rep.results) {
    if (r.order !== 2) continue;
    const v = value === 'delta' ? r.delta[readout] : r.synergy?.[readout];
    if (v === undefined) continue;
    const [a, b] = r.perturbation.split(' ') as [string, string];
    cells.push({ a, b, v }, { a: b, b: a, v });
  }
  if (value === 'delta') for (const r of rep.results) if (r.order === 1) cells.push({ a: r.perturbation, b: r.perturbation, v: r.delta[readout]! });
  const maxAbs = Math.max(1e-9, ...cells.map((c) => Math.abs(c.v)));
  const document = newDocument();
  const side = Math.max(12, Math.min(18, Math.floor(900 / Math.max(1, order.length))));
  const size = order.length * side;
  const label = value === 'delta' ? `Δ ${readout}` : `Bliss synergy on ${readout}`;
  const color = { type: 'linear' as const, scheme: 'RdBu' as const, reverse: true, domain: [-maxAbs, maxAbs], label };
  const w = size + 200;
  const h = size + 200;
  const svg = Plot.plot({
    document,
    width: w,
    height: h,
    marginLeft: 110,
    marginBottom: 90,
    marginTop: 60,
    marginRight: 90,
    padding: 0,
    x: { domain: order, tickRotate: -90, label: null },
    y: { domain: order, label: null },
    color,
    style: { fontSize: `${Math.min(10, side - 2)}px` },
    marks: [
      titleMark(`Double perturbations: ${label} (${rep.results.filter((r) => r.order === 2).length} pairs); baseline ${rep.baseline[readout]!.toFixed(3)}${value === 'synergy' ? '; red: stronger than independent action, blue: weaker' : ''}`),
      Plot.cell(cells, { x: 'a', y: 'b', fill: 'v', inset: 0.3 }),
      Plot.frame({ stroke: '#999' }),
    ],
  });
  return svgText(stack(document, [colorRamp(document, color, label), { el: svg as unknown as Element, width: w, height: h }]));
}

/**
 * A colour ramp as a small plot of its own: Plot's ramp legend paints through a canvas, which a
 * server-side document does not have.
 */
function colorRamp(document: PlotDoc, color: Plot.ScaleOptions, label: string): { el: Element; width: number; height: number } {
  const [lo, hi] = color.domain as [number, number];
  const steps = 64;
  const bins = Array.from({ length: steps }, (_, k) => ({ x1: lo + ((hi - lo) * k) / steps, x2: lo + ((hi - lo) * (k + 1)) / steps, v: lo + ((hi - lo) * (k + 0.5)) / steps }));
  const width = 360;
  const height = 58;
  const el = Plot.plot({
    document,
    width,
    height,
    marginLeft: 20,
    marginRight: 20,
    marginTop: 8,
    marginBottom: 32,
    x: { domain: [lo, hi], label, labelAnchor: 'center', ticks: 5 },
    y: { axis: null, domain: [0, 1] },
    color: { ...color, label: null },
    marks: [Plot.rect(bins, { x1: 'x1', x2: 'x2', y1: 0, y2: 1, fill: 'v' })],
  }) as unknown as Element;
  return { el, width, height };
}

/** Dose–response curves with 95 % ensemble bands; a second parameter becomes one curve per value. */
export function sweepCurves(rep: SweepReport): string {
  const p1 = rep.params[0]!;
  const p2 = rep.params[1];
  const rows = rep.rows.flatMap((row) =>
    rep.readouts.map((r) => ({
      x: row.values[p1.name]!,
      z: p2 ? String(row.values[p2.name]) : r,
      readout: r,
      y: row.readouts[r]!,
      lo: row.ci[r]![0],
      hi: row.ci[r]![1],
    })),
  );
  const document = newDocument();
  const xLabel = `${p1.name}${p1.unit ? ` (${p1.unit})` : p1.kind === 'perturbation' || (p1.kind === 'drug' && !p1.unit) ? ' (fraction of cells)' : ''}`;
  const colorLabel = p2 ? `${p2.name}${p2.unit ? ` (${p2.unit})` : ''}` : 'readout';
  const facet = p2 && rep.readouts.length > 1;
  const height = facet ? 220 * rep.readouts.length + 80 : 380;
  const colorDomain = [...new Set(rows.map((r) => r.z))];
  const color = { type: 'categorical' as const, domain: colorDomain, scheme: 'Tableau10' as const, label: colorLabel };
  const svg = Plot.plot({
    document,
    width: 720,
    height,
    marginTop: 62,
    marginLeft: 60,
    marginRight: facet ? 110 : 30,
    x: { label: xLabel, grid: true, labelAnchor: 'center' },
    y: { label: p2 && !facet ? rep.readouts[0]! : 'readout (mean over cells)', grid: true, domain: [0, 1] },
    fy: facet ? { label: null } : undefined,
    color,
    marks: [
      titleMark(`Dose–response: ${rep.readouts.join(', ')} against ${p1.name}${p2 ? ` and ${p2.name}` : ''}; bands: 95 % CI`),
      Plot.areaY(rows, { x: 'x', y1: 'lo', y2: 'hi', z: 'z', fill: 'z', fillOpacity: 0.18, fy: facet ? 'readout' : undefined }),
      Plot.line(rows, { x: 'x', y: 'y', z: 'z', stroke: 'z', strokeWidth: 2, fy: facet ? 'readout' : undefined }),
      Plot.dot(rows, { x: 'x', y: 'y', fill: 'z', r: 2.5, fy: facet ? 'readout' : undefined }),
    ],
  });
  const main = { el: svg as unknown as Element, width: 720, height };
  // Swatch legends are HTML: the key is drawn as a small plot of dots and labels instead.
  const rowsOfKey = Math.ceil(colorDomain.length / 4);
  const keyHeight = 12 + 16 * rowsOfKey;
  const key = Plot.plot({
    document,
    width: 720,
    height: keyHeight,
    marginTop: 6,
    marginBottom: 6,
    marginLeft: 60,
    axis: null,
    x: { domain: [0, 4] },
    y: { domain: [0, rowsOfKey], reverse: true },
    color,
    marks: [
      Plot.dot(colorDomain.map((d, k) => ({ d, x: k % 4, y: Math.floor(k / 4) + 0.5 })), { x: 'x', y: 'y', fill: 'd', r: 5 }),
      Plot.text(colorDomain.map((d, k) => ({ t: `${colorLabel === 'readout' ? '' : colorLabel + ' = '}${d}`, x: k % 4, y: Math.floor(k / 4) + 0.5 })), { x: 'x', y: 'y', text: 't', textAnchor: 'start', dx: 9, fontSize: 11 }),
    ],
  }) as unknown as Element;
  return svgText(stack(document, [{ el: key, width: 720, height: keyHeight }, main]));
}

export interface NamedSvg {
  name: string;
  svg: string;
}

/** File-name-safe version of a readout or parameter name. */
export function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

export function screenPlots(rep: ScreenReport): NamedSvg[] {
  const out: NamedSvg[] = [];
  const hasSingles = rep.results.some((r) => r.order === 1);
  const hasDoubles = rep.results.some((r) => r.order === 2);
  for (const r of rep.readouts) {
    if (hasSingles) out.push({ name: `screen-singles-${safeName(r)}.svg`, svg: singlesBarChart(rep, r) });
    if (hasDoubles) {
      out.push({ name: `screen-doubles-${safeName(r)}.svg`, svg: doublesHeatmap(rep, r, 'delta') });
      out.push({ name: `screen-synergy-${safeName(r)}.svg`, svg: doublesHeatmap(rep, r, 'synergy') });
    }
  }
  return out;
}

export function sweepPlots(rep: SweepReport): NamedSvg[] {
  return [{ name: 'sweep.svg', svg: sweepCurves(rep) }];
}
