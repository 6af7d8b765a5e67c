/**
 * The network canvas (Cytoscape.js). Holds no model logic: it draws a ModelGraph at given
 * positions, colours nodes by activity, marks interventions and fades edges that the current
 * hypothesis switches off. Selection and context-menu requests go back through callbacks.
 */
import cytoscape from 'cytoscape';
import type { LayoutResult } from './layout.js';
import { nodeWidth } from './layout.js';
import type { GraphEdge, ModelGraph } from './model-graph.js';
import {
  BAND_FILLS,
  EDGE_ACTIVATE,
  EDGE_DUAL,
  EDGE_INHIBIT,
  KO_COLOR,
  ON_COLOR,
  PARTIAL_COLOR,
  activityFill,
  activityText,
  moduleColor,
} from './colors.js';

export interface GraphCallbacks {
  onSelect(id: string | null): void;
  onContextMenu(id: string, clientX: number, clientY: number): void;
}

export type Mark = 'ko' | 'on' | 'partial';

const KO_CROSS =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='30' viewBox='0 0 100 30' preserveAspectRatio='none'>" +
      "<line x1='2' y1='2' x2='98' y2='28' stroke='#dc2626' stroke-width='2.5' stroke-opacity='0.75'/>" +
      "<line x1='2' y1='28' x2='98' y2='2' stroke='#dc2626' stroke-width='2.5' stroke-opacity='0.75'/></svg>",
  );

export function arrowFor(e: Pick<GraphEdge, 'sign'>): string {
  return e.sign === '-' ? 'tee' : e.sign === '±' ? 'diamond' : 'triangle';
}

export function edgeColor(e: Pick<GraphEdge, 'sign' | 'module'>): string {
  return moduleColor(e.module) ?? (e.sign === '-' ? EDGE_INHIBIT : e.sign === '±' ? EDGE_DUAL : EDGE_ACTIVATE);
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node.n',
    style: {
      shape: 'round-rectangle',
      width: 'data(w)',
      height: 30,
      label: 'data(label)',
      'font-size': 12,
      'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      'text-valign': 'center',
      'text-halign': 'center',
      'text-wrap': 'ellipsis',
      'text-max-width': '260px',
      'background-color': 'data(bg)',
      color: 'data(fg)',
      'border-width': 1.5,
      'border-color': '#64748b',
    },
  },
  { selector: 'node.input', style: { shape: 'cut-rectangle', 'border-color': '#78716c', 'border-style': 'solid' } },
  { selector: 'node.phenotype', style: { shape: 'round-octagon', height: 34, 'font-weight': 'bold', width: 'data(pw)' } },
  {
    selector: 'node.ko',
    style: {
      'border-color': KO_COLOR,
      'border-width': 3,
      'background-image': KO_CROSS,
      'background-width': '100%',
      'background-height': '100%',
      'background-image-containment': 'inside',
      'background-clip': 'node',
    },
  },
  { selector: 'node.on', style: { 'border-color': ON_COLOR, 'border-width': 5, 'border-style': 'double' } },
  { selector: 'node.partial', style: { 'border-color': PARTIAL_COLOR, 'border-width': 3, 'border-style': 'dashed' } },
  { selector: 'node.n:selected', style: { 'underlay-color': '#0ea5e9', 'underlay-opacity': 0.35, 'underlay-padding': 6 } },
  { selector: 'node.hl', style: { 'underlay-color': '#facc15', 'underlay-opacity': 0.8, 'underlay-padding': 8 } },
  { selector: '.dim', style: { opacity: 0.28 } },
  {
    selector: 'node.band',
    style: {
      shape: 'round-rectangle',
      'background-color': 'data(bg)',
      'background-opacity': 1,
      'border-width': 0,
      label: 'data(label)',
      'text-valign': 'center',
      'text-halign': 'left',
      'text-wrap': 'wrap',
      'text-max-width': '96px',
      'text-justification': 'right',
      'text-margin-x': -8,
      'font-size': 11,
      'font-weight': 'bold',
      color: '#64748b',
      'text-transform': 'uppercase',
      padding: '22px',
      events: 'no',
    },
  },
  { selector: 'node.spacer', style: { width: 1, height: 1, opacity: 0, events: 'no' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'line-color': 'data(color)',
      'target-arrow-color': 'data(color)',
      'target-arrow-shape': 'data(arrow)' as unknown as cytoscape.Css.ArrowShape,
      'arrow-scale': 1.1,
      opacity: 0.85,
    },
  },
  { selector: 'edge.gated', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 3], width: 2 } },
  { selector: 'edge.faded', style: { opacity: 0.1 } },
  { selector: 'edge.ctx.hidectx', style: { display: 'none' } },
  { selector: 'edge.hl', style: { width: 3, opacity: 1 } },
];

export class GraphView {
  readonly cy: cytoscape.Core;
  private graph: ModelGraph | undefined;
  private activity: Float64Array | undefined;
  private index = new Map<string, number>();
  private interacted = false;
  private painted = false;
  /** Model nodes by id (no selector work per frame). */
  private nodeEls = new Map<string, cytoscape.NodeSingular>();
  private hideContext = true;

  constructor(container: HTMLElement, private cb: GraphCallbacks) {
    this.cy = cytoscape({
      container,
      style: STYLE,
      layout: { name: 'preset' },
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
      textureOnViewport: false,
    });
    // The container is sized by CSS after the page is assembled; follow its size, and keep the
    // whole network in view until the user pans or zooms.
    new ResizeObserver(() => {
      this.cy.resize();
      if (!this.interacted) this.fit();
    }).observe(container);
    for (const ev of ['wheel', 'pointerdown']) container.addEventListener(ev, () => (this.interacted = true), { passive: true });
    this.cy.on('tap', 'node.n', (e) => this.cb.onSelect(e.target.id()));
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) this.cb.onSelect(null);
    });
    this.cy.on('cxttap', 'node.n', (e) => {
      const oe = e.originalEvent as MouseEvent | undefined;
      const rect = container.getBoundingClientRect();
      const rp = e.renderedPosition ?? e.target.renderedPosition();
      this.cb.onContextMenu(e.target.id(), oe?.clientX ?? rect.left + rp.x, oe?.clientY ?? rect.top + rp.y);
    });
  }

  /** Draw a graph with a layout; keeps current activity, marks and selection ids where they still exist. */
  show(graph: ModelGraph, layout: LayoutResult): void {
    this.graph = graph;
    this.index = new Map(graph.nodes.map((n) => [n.id, n.index] as const));
    const cy = this.cy;
    const els: cytoscape.ElementDefinition[] = [];
    const bandOfNode = new Map<string, string>();
    let minX = Infinity;
    let maxX = -Infinity;
    for (const p of layout.positions.values()) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
    }
    for (const b of layout.bands) {
      els.push({ group: 'nodes', data: { id: `band:${b.key}`, label: b.label, bg: BAND_FILLS.get(b.key) ?? '#f8fafc' }, classes: 'band', selectable: false, grabbable: false });
      for (const id of b.nodes) bandOfNode.set(id, `band:${b.key}`);
      // Invisible anchors at the drawing's left and right edges give every band the same width.
      const y = layout.positions.get(b.nodes[0]!)?.y ?? 0;
      els.push({ group: 'nodes', data: { id: `sp:${b.key}:l`, parent: `band:${b.key}` }, position: { x: minX - 60, y }, classes: 'spacer', selectable: false, grabbable: false });
      els.push({ group: 'nodes', data: { id: `sp:${b.key}:r`, parent: `band:${b.key}` }, position: { x: maxX + 60, y }, classes: 'spacer', selectable: false, grabbable: false });
    }
    for (const n of graph.nodes) {
      const a = this.activity?.[n.index];
      els.push({
        group: 'nodes',
        data: { id: n.id, label: n.label, w: nodeWidth(n.label), pw: nodeWidth(n.label) + 40, bg: activityFill(a), fg: activityText(a), parent: bandOfNode.get(n.id) },
        position: layout.positions.get(n.id) ?? { x: 0, y: 0 },
        classes: ['n', n.input ? 'input' : '', n.phenotype ? 'phenotype' : ''].filter(Boolean).join(' '),
      });
    }
    const context = new Set(graph.nodes.filter((n) => n.context).map((n) => n.id));
    for (const e of graph.edges) {
      const classes = [e.module ? 'gated' : '', context.has(e.source) ? `ctx${this.hideContext ? ' hidectx' : ''}` : ''].filter(Boolean).join(' ');
      els.push({
        group: 'edges',
        data: { id: `e:${e.id}`, source: e.source, target: e.target, color: edgeColor(e), arrow: arrowFor(e), module: e.module ?? '' },
        classes,
      });
    }
    const selected = cy.$('node.n:selected').map((n) => n.id());
    cy.batch(() => {
      cy.elements().remove();
      cy.add(els);
    });
    for (const id of selected) cy.getElementById(id).select();
    this.nodeEls = new Map(cy.nodes('.n').map((n) => [n.id(), n] as const));
    this.interacted = false;
    this.fit();
  }

  /** Edges from experimental-context nodes (live cells…) reach nearly every node; hidden by default. */
  setContextEdges(show: boolean): void {
    this.hideContext = !show;
    this.cy.edges('.ctx').toggleClass('hidectx', !show);
  }

  fit(): void {
    this.cy.fit(undefined, 16);
  }

  /** Node activity (fraction of cells on) in model order; undefined clears it. Only changed colours are touched. */
  setActivity(fractions: Float64Array | undefined): void {
    if (fractions === this.activity && this.painted) return;
    this.activity = fractions;
    this.painted = true;
    this.cy.batch(() => {
      for (const [id, node] of this.nodeEls) {
        const i = this.index.get(id)!;
        const a = fractions?.[i];
        const bg = activityFill(a);
        if (node.data('bg') !== bg) node.data({ bg, fg: activityText(a) });
      }
    });
  }

  setMarks(marks: ReadonlyMap<string, Mark>): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.nodes('.n').forEach((node) => {
        const m = marks.get(node.id());
        node.toggleClass('ko', m === 'ko');
        node.toggleClass('on', m === 'on');
        node.toggleClass('partial', m === 'partial');
      });
    });
  }

  /** Fade the edges whose id (`source->target`) is in `off`. */
  setFadedEdges(off: ReadonlySet<string>): void {
    this.cy.batch(() => {
      this.cy.edges().forEach((e) => {
        e.toggleClass('faded', off.has(e.id().slice(2)));
      });
    });
  }

  select(id: string | null): void {
    this.cy.$('node.n:selected').unselect();
    if (id) {
      const n = this.cy.getElementById(id);
      n.select();
      if (n.nonempty()) {
        const bb = this.cy.extent();
        const p = n.position();
        if (p.x < bb.x1 || p.x > bb.x2 || p.y < bb.y1 || p.y > bb.y2) this.cy.animate({ center: { eles: n } }, { duration: 250 });
      }
    }
  }

  /**
   * Tour highlight: emphasise these nodes (and the edges among them), dim everything else, and
   * frame them in the part of the canvas above `bottomInset` pixels (where the tour card sits).
   */
  highlight(ids: readonly string[], bottomInset = 0): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass('hl dim');
      if (!ids.length) return;
      const set = new Set(ids);
      cy.nodes('.n').forEach((n) => {
        n.addClass(set.has(n.id()) ? 'hl' : 'dim');
      });
      cy.edges().forEach((e) => {
        e.addClass(set.has(e.source().id()) && set.has(e.target().id()) ? 'hl' : 'dim');
      });
    });
    let sel = cy.collection();
    for (const i of ids) sel = sel.union(cy.getElementById(i));
    if (sel.empty()) {
      cy.animate({ fit: { eles: cy.elements(), padding: 16 } }, { duration: 350 });
      return;
    }
    const bb = sel.boundingBox({});
    const pad = 50;
    const w = cy.width();
    const h = Math.max(120, cy.height() - bottomInset);
    const zoom = Math.min(1.6, (w - 2 * pad) / Math.max(1, bb.w), (h - 2 * pad) / Math.max(1, bb.h));
    const pan = { x: w / 2 - zoom * (bb.x1 + bb.w / 2), y: h / 2 - zoom * (bb.y1 + bb.h / 2) };
    this.interacted = true;
    cy.animate({ zoom, pan }, { duration: 350 });
  }

  positions(): Map<string, { x: number; y: number }> {
    const out = new Map<string, { x: number; y: number }>();
    this.cy.nodes('.n').forEach((n) => {
      out.set(n.id(), { ...n.position() });
    });
    return out;
  }

  bands(): { label: string; bg: string; x1: number; y1: number; x2: number; y2: number }[] {
    return this.cy.nodes('.band').map((b) => {
      const bb = b.boundingBox({});
      return { label: String(b.data('label')), bg: String(b.data('bg')), x1: bb.x1, y1: bb.y1, x2: bb.x2, y2: bb.y2 };
    });
  }

  async png(): Promise<Blob> {
    return this.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff' });
  }

  get current(): ModelGraph | undefined {
    return this.graph;
  }
}
