/**
 * The network picture as a standalone SVG, written from the canvas positions (no extra package).
 * Every piece of model text is XML-escaped.
 */
import type { ModelGraph } from '../graph/model-graph.js';
import { nodeWidth } from '../graph/layout.js';
import { KO_COLOR, ON_COLOR, PARTIAL_COLOR, activityFill, activityText } from '../graph/colors.js';
import { arrowFor, edgeColor, type Mark } from '../graph/view.js';

export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface SvgInput {
  graph: ModelGraph;
  positions: ReadonlyMap<string, { x: number; y: number }>;
  bands: { label: string; bg: string; x1: number; y1: number; x2: number; y2: number }[];
  activity?: Float64Array;
  marks: ReadonlyMap<string, Mark>;
  faded: ReadonlySet<string>;
  title?: string;
}

const H = 30;

export function networkSvg(inp: SvgInput): string {
  const { graph, positions } = inp;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  const grow = (ax: number, ay: number, bx: number, by: number) => {
    x1 = Math.min(x1, ax);
    y1 = Math.min(y1, ay);
    x2 = Math.max(x2, bx);
    y2 = Math.max(y2, by);
  };
  for (const n of graph.nodes) {
    const p = positions.get(n.id);
    if (!p) continue;
    const w = nodeWidth(n.label);
    grow(p.x - w / 2, p.y - H / 2, p.x + w / 2, p.y + H / 2);
  }
  for (const b of inp.bands) grow(b.x1, b.y1, b.x2, b.y2);
  if (!Number.isFinite(x1)) {
    x1 = y1 = 0;
    x2 = y2 = 100;
  }
  const pad = 20;
  const W = x2 - x1 + 2 * pad;
  const Ht = y2 - y1 + 2 * pad + (inp.title ? 24 : 0);
  const ox = pad - x1;
  const oy = pad - y1 + (inp.title ? 24 : 0);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${r(W)}" height="${r(Ht)}" viewBox="0 0 ${r(W)} ${r(Ht)}" font-family="system-ui, sans-serif">`);
  out.push('<defs>');
  const colors = new Set(graph.edges.map((e) => edgeColor(e)));
  let k = 0;
  const markerId = new Map<string, string>();
  for (const c of colors) {
    for (const shape of ['triangle', 'tee', 'diamond']) {
      const id = `m${k++}`;
      markerId.set(`${c}|${shape}`, id);
      const path = shape === 'triangle' ? 'M0,0 L10,5 L0,10 z' : shape === 'tee' ? 'M7,0 L10,0 L10,10 L7,10 z' : 'M0,5 L5,0 L10,5 L5,10 z';
      out.push(`<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="${path}" fill="${c}"/></marker>`);
    }
  }
  out.push('</defs>');
  out.push(`<rect x="0" y="0" width="${r(W)}" height="${r(Ht)}" fill="#ffffff"/>`);
  if (inp.title) out.push(`<text x="${pad}" y="${pad + 4}" font-size="15" font-weight="bold" fill="#0f172a">${xmlEscape(inp.title)}</text>`);
  for (const b of inp.bands) {
    out.push(`<rect x="${r(b.x1 + ox)}" y="${r(b.y1 + oy)}" width="${r(b.x2 - b.x1)}" height="${r(b.y2 - b.y1)}" rx="6" fill="${xmlEscape(b.bg)}"/>`);
    out.push(`<text x="${r((b.x1 + b.x2) / 2 + ox)}" y="${r(b.y1 + oy + 14)}" text-anchor="middle" font-size="11" font-weight="bold" fill="#64748b">${xmlEscape(b.label.toUpperCase())}</text>`);
  }
  for (const e of graph.edges) {
    const a = positions.get(e.source);
    const b = positions.get(e.target);
    if (!a || !b) continue;
    const color = edgeColor(e);
    const end = clipToBox(a, b, nodeWidth(label(graph, e.target)) / 2 + 2, H / 2 + 2);
    const start = clipToBox(b, a, nodeWidth(label(graph, e.source)) / 2, H / 2);
    const dash = e.module ? ' stroke-dasharray="6 3"' : '';
    const op = inp.faded.has(e.id) ? 0.12 : 0.85;
    const m = markerId.get(`${color}|${arrowFor(e)}`);
    out.push(
      `<line x1="${r(start.x + ox)}" y1="${r(start.y + oy)}" x2="${r(end.x + ox)}" y2="${r(end.y + oy)}" stroke="${color}" stroke-width="${e.module ? 2 : 1.5}"${dash} opacity="${op}" marker-end="url(#${m})"/>`,
    );
  }
  for (const n of graph.nodes) {
    const p = positions.get(n.id);
    if (!p) continue;
    const w = nodeWidth(n.label);
    const a = inp.activity?.[n.index];
    const mark = inp.marks.get(n.id);
    const stroke = mark === 'ko' ? KO_COLOR : mark === 'on' ? ON_COLOR : mark === 'partial' ? PARTIAL_COLOR : '#64748b';
    const sw = mark ? 3 : 1.5;
    const dash = mark === 'partial' ? ' stroke-dasharray="5 3"' : '';
    const x = p.x - w / 2 + ox;
    const y = p.y - H / 2 + oy;
    out.push(`<g><title>${xmlEscape(n.id)}</title>`);
    out.push(`<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${H}" rx="${n.input ? 2 : 7}" fill="${activityFill(a)}" stroke="${stroke}" stroke-width="${sw}"${dash}/>`);
    if (mark === 'on') out.push(`<rect x="${r(x - 4)}" y="${r(y - 4)}" width="${r(w + 8)}" height="${H + 8}" rx="10" fill="none" stroke="${ON_COLOR}" stroke-width="1.5"/>`);
    if (mark === 'ko') {
      out.push(`<line x1="${r(x)}" y1="${r(y)}" x2="${r(x + w)}" y2="${r(y + H)}" stroke="${KO_COLOR}" stroke-width="2" opacity="0.75"/>`);
      out.push(`<line x1="${r(x)}" y1="${r(y + H)}" x2="${r(x + w)}" y2="${r(y)}" stroke="${KO_COLOR}" stroke-width="2" opacity="0.75"/>`);
    }
    out.push(
      `<text x="${r(p.x + ox)}" y="${r(p.y + oy + 4)}" text-anchor="middle" font-size="12"${n.phenotype ? ' font-weight="bold"' : ''} fill="${activityText(a)}">${xmlEscape(n.label)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function label(g: ModelGraph, id: string): string {
  return g.nodes.find((n) => n.id === id)?.label ?? id;
}

/** Point where the segment from `from` to the centre `to` enters the box of half-size hw × hh around `to`. */
function clipToBox(from: { x: number; y: number }, to: { x: number; y: number }, hw: number, hh: number): { x: number; y: number } {
  const dx = from.x - to.x;
  const dy = from.y - to.y;
  if (dx === 0 && dy === 0) return to;
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy), 1);
  return { x: to.x + dx * t, y: to.y + dy * t };
}

function r(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}
