/**
 * Node positions. Three layouts:
 *  - compartment: horizontal bands like the review's Figure 3 (inputs on top, then extracellular,
 *    membrane, cytoplasm, nucleus, phenotype readouts at the bottom), nodes ordered inside each band
 *    by the barycentre of their neighbours to keep edges short;
 *  - force: ForceAtlas2 (graphology), deterministic start so the picture is the same each time;
 *  - saved: positions stored in the model (SBML layout, native JSON).
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { GraphNode, ModelGraph } from './model-graph.js';

export type LayoutName = 'compartment' | 'force' | 'saved';

export interface Band {
  key: string;
  label: string;
  nodes: string[];
}

export interface LayoutResult {
  positions: Map<string, { x: number; y: number }>;
  /** Compartment bands (compartment layout only), top to bottom. */
  bands: Band[];
}

const BAND_ORDER: { key: string; label: string; match?: RegExp }[] = [
  { key: 'inputs', label: 'Inputs and context', match: /^(ctx|context|input)/i },
  { key: 'extracellular', label: 'Extracellular', match: /^(ec|extra|medium|serum|matrix|blood|gut|intestin)/i },
  { key: 'membrane', label: 'Membrane', match: /^(mem|pm|plasma)/i },
  { key: 'cytoplasm', label: 'Cytoplasm', match: /^(cyt|cyto)/i },
  { key: 'nucleus', label: 'Nucleus', match: /^(nuc)/i },
  { key: 'other', label: 'Other' },
  { key: 'phenotype', label: 'Phenotype readouts', match: /^(phen|readout|output)/i },
];

export function bandOf(n: GraphNode): string {
  if (n.input) return 'inputs';
  if (n.phenotype) return 'phenotype';
  const c = n.compartment?.split(/[/,;\s]/)[0] ?? '';
  for (const b of BAND_ORDER) if (b.match && b.match.test(c)) return b.key;
  return 'other';
}

/** Does the model say enough about compartments for the band layout to mean something? */
export function hasCompartments(g: ModelGraph): boolean {
  const keys = new Set(g.nodes.filter((n) => !n.input).map(bandOf));
  keys.delete('other');
  return keys.size >= 2;
}

export function hasSavedPositions(g: ModelGraph): boolean {
  return g.nodes.length > 0 && g.nodes.every((n) => n.position !== undefined);
}

export function defaultLayout(g: ModelGraph): LayoutName {
  if (hasSavedPositions(g)) return 'saved';
  return hasCompartments(g) ? 'compartment' : 'force';
}

/** Approximate drawn width of a node (its label decides), in layout units. */
export function nodeWidth(label: string): number {
  return Math.max(56, Math.min(260, 7.2 * [...label].length + 22));
}

/** Drawn width including the wider phenotype shape. */
function drawnWidth(n: GraphNode): number {
  return nodeWidth(n.label) + (n.phenotype ? 40 : 0);
}

const GAP_X = 26;
const ROW_H = 64;
const BAND_GAP = 46;

export function compartmentLayout(g: ModelGraph): LayoutResult {
  const byBand = new Map<string, GraphNode[]>();
  for (const n of g.nodes) {
    const k = bandOf(n);
    if (!byBand.has(k)) byBand.set(k, []);
    byBand.get(k)!.push(n);
  }
  const neighbours = new Map<string, string[]>();
  for (const n of g.nodes) neighbours.set(n.id, []);
  for (const e of g.edges) {
    neighbours.get(e.source)?.push(e.target);
    neighbours.get(e.target)?.push(e.source);
  }
  const bands = BAND_ORDER.filter((b) => byBand.has(b.key)).map((b) => ({ key: b.key, label: b.label, nodes: byBand.get(b.key)! }));
  const positions = new Map<string, { x: number; y: number }>();
  const widest = Math.max(6, Math.min(40, Math.ceil(Math.sqrt(g.nodes.length))));

  // Rows of a band: model order first, then barycentre sweeps against the placed neighbours.
  // Rows of equal length (18 nodes with at most 8 per row: 6 + 6 + 6, not 8 + 8 + 2).
  const rowsOf = (nodes: GraphNode[]): GraphNode[][] => {
    const k = Math.max(1, Math.ceil(nodes.length / widest));
    const per = Math.ceil(nodes.length / k);
    const rows: GraphNode[][] = [];
    for (let i = 0; i < nodes.length; i += per) rows.push(nodes.slice(i, i + per));
    return rows;
  };
  const placeRow = (row: GraphNode[], y: number) => {
    const total = row.reduce((s, n) => s + drawnWidth(n), 0) + GAP_X * (row.length - 1);
    let x = -total / 2;
    for (const n of row) {
      const w = drawnWidth(n);
      positions.set(n.id, { x: x + w / 2, y });
      x += w + GAP_X;
    }
  };
  const bary = (n: GraphNode): number | undefined => {
    const xs = neighbours
      .get(n.id)!
      .map((m) => positions.get(m)?.x)
      .filter((x): x is number => x !== undefined);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
  };
  const orderBand = (nodes: GraphNode[]): GraphNode[] => {
    const keyed = nodes.map((n, i) => ({ n, i, b: bary(n) }));
    const withB = keyed.filter((k) => k.b !== undefined).sort((a, b) => a.b! - b.b! || a.i - b.i);
    // Nodes with no placed neighbour keep their relative order, split over both ends.
    const without = keyed.filter((k) => k.b === undefined);
    const half = Math.ceil(without.length / 2);
    return [...without.slice(0, half), ...withB, ...without.slice(half)].map((k) => k.n);
  };

  const bandY: { top: number; rows: GraphNode[][] }[] = [];
  let y = 0;
  for (const b of bands) {
    const rows = rowsOf(b.nodes);
    bandY.push({ top: y, rows });
    rows.forEach((row, r) => placeRow(row, y + r * ROW_H));
    y += rows.length * ROW_H + BAND_GAP;
  }
  // Two sweeps (down, then up) of barycentric reordering.
  for (const order of [bands.map((_, i) => i), bands.map((_, i) => bands.length - 1 - i)]) {
    for (const i of order) {
      const b = bands[i]!;
      const sorted = orderBand(b.nodes);
      for (const n of b.nodes) positions.delete(n.id);
      const rows = rowsOf(sorted);
      rows.forEach((row, r) => placeRow(row, bandY[i]!.top + r * ROW_H));
    }
  }
  return { positions, bands: bands.map((b) => ({ key: b.key, label: b.label, nodes: b.nodes.map((n) => n.id) })) };
}

export function forceLayout(g: ModelGraph): LayoutResult {
  const graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: true });
  const n = g.nodes.length;
  // graphology keeps adjacency in plain objects, so a node id such as "constructor" or "toString"
  // finds Object.prototype there ("an edge … already exists"): it gets index keys instead.
  const key = new Map(g.nodes.map((node, i) => [node.id, `n${i}`] as const));
  // Deterministic start on a spiral: the same model gives the same picture every time.
  g.nodes.forEach((node, i) => {
    const a = i * 2.399963; // golden angle
    const r = 10 * Math.sqrt(i + 1);
    graph.addNode(key.get(node.id)!, { x: r * Math.cos(a), y: r * Math.sin(a), size: 1 });
  });
  for (const e of g.edges) {
    const s = key.get(e.source);
    const t = key.get(e.target);
    if (s !== undefined && t !== undefined && s !== t && !graph.hasEdge(s, t)) graph.addEdge(s, t);
  }
  const settings = forceAtlas2.inferSettings(graph);
  const iterations = n > 2000 ? 60 : n > 500 ? 150 : 400;
  forceAtlas2.assign(graph, { iterations, settings: { ...settings, adjustSizes: false, barnesHutOptimize: n > 300 } });
  // Scale so that the median nearest-neighbour distance leaves room for labels.
  const pts = g.nodes.map((node) => ({ id: node.id, x: graph.getNodeAttribute(key.get(node.id)!, 'x') as number, y: graph.getNodeAttribute(key.get(node.id)!, 'y') as number }));
  const scale = spreadScale(pts, 110);
  const positions = new Map(pts.map((p) => [p.id, { x: p.x * scale, y: p.y * scale }] as const));
  return { positions, bands: [] };
}

function spreadScale(pts: { x: number; y: number }[], target: number): number {
  if (pts.length < 2) return 1;
  const sample = pts.slice(0, 300);
  const d: number[] = [];
  for (const p of sample) {
    let best = Infinity;
    for (const q of pts) {
      if (q === p) continue;
      const dd = Math.hypot(p.x - q.x, p.y - q.y);
      if (dd < best) best = dd;
    }
    if (Number.isFinite(best) && best > 0) d.push(best);
  }
  d.sort((a, b) => a - b);
  const med = d[Math.floor(d.length / 2)] ?? 1;
  return target / med;
}

export function savedLayout(g: ModelGraph): LayoutResult {
  const positions = new Map<string, { x: number; y: number }>();
  for (const n of g.nodes) if (n.position) positions.set(n.id, { ...n.position });
  return { positions, bands: [] };
}

export function computeLayout(g: ModelGraph, name: LayoutName): LayoutResult {
  if (name === 'saved' && hasSavedPositions(g)) return savedLayout(g);
  if (name === 'compartment') return compartmentLayout(g);
  return forceLayout(g);
}
