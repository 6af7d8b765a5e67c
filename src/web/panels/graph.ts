/** The canvas panel: Cytoscape view, layout switch, legend, time read-out and context menu. */
import type { App, Panel } from '../app.js';
import { h } from '../dom.js';
import { type LayoutName, computeLayout, hasSavedPositions } from '../graph/layout.js';
import { type Mark, GraphView } from '../graph/view.js';
import { EDGE_ACTIVATE, EDGE_INHIBIT, MODULE_COLORS } from '../graph/colors.js';
import { fadedEdges } from '../model-info.js';
import { timeUnit } from '../request.js';
import { ContextMenu } from './context-menu.js';

export class GraphPanel implements Panel {
  readonly el: HTMLElement;
  readonly view: GraphView;
  private layoutSel = h('select', { 'aria-label': 'Layout' });
  private legend = h('div', { class: 'legend', 'aria-label': 'Legend' });
  private timebar = h('div', { class: 'timebar', role: 'status', 'aria-live': 'off' });
  private shownLayout: string | undefined;
  /** Edges faded on the canvas now (undefined: not applied to the current drawing yet). */
  private faded: Set<string> | undefined;
  private ctxToggle: HTMLElement;
  readonly menu: ContextMenu;

  constructor(private app: App) {
    const canvas = h('div', { class: 'graph', 'aria-label': 'Network diagram (use the node list for keyboard access)', role: 'img' });
    const fit = h('button', { class: 'btn small', type: 'button', title: 'Fit the network to the view' }, 'Fit');
    fit.addEventListener('click', () => this.view.fit());
    this.layoutSel.addEventListener('change', () => this.app.setLayout(this.layoutSel.value as LayoutName));
    const ctx = h('input', { type: 'checkbox' });
    ctx.addEventListener('change', () => this.view.setContextEdges(ctx.checked));
    this.ctxToggle = h('label', { class: 'hint', title: 'Edges from experimental-context nodes (such as live cells) reach nearly every node' }, ctx, ' context edges');
    const toolbar = h('div', { class: 'graph-toolbar' }, h('label', { class: 'hint' }, 'Layout '), this.layoutSel, fit, this.ctxToggle);
    this.el = h('div', { class: 'center' }, canvas, toolbar, this.legend, this.timebar);
    this.menu = new ContextMenu(app);
    this.view = new GraphView(canvas, {
      onSelect: (id) => this.app.select(id),
      onContextMenu: (id, x, y) => this.menu.open(id, x, y),
    });
  }

  onModel(): void {
    const opts: [LayoutName, string][] = [
      ['compartment', 'By compartment'],
      ['force', 'Force-directed (ForceAtlas2)'],
    ];
    if (hasSavedPositions(this.app.graph)) opts.unshift(['saved', 'Saved in the model']);
    this.layoutSel.replaceChildren(...opts.map(([v, l]) => h('option', { value: v }, l)));
    this.shownLayout = undefined;
    this.ctxToggle.hidden = !this.app.graph.nodes.some((n) => n.context);
    this.buildLegend();
  }

  onSettings(): void {
    const s = this.app.settings;
    const layout = s.layout ?? 'compartment';
    const key = `${this.app.settings.model}|${layout}|${this.app.model.ids.length}`;
    if (this.shownLayout !== key) {
      this.shownLayout = key;
      this.layoutSel.value = layout;
      this.view.show(this.app.graph, computeLayout(this.app.graph, layout));
      this.faded = undefined;
    }
    const faded = fadedEdges(this.app.model, this.app.graph, s.hypothesis);
    if (!this.faded || !sameSet(faded, this.faded)) {
      this.faded = faded;
      this.view.setFadedEdges(faded);
    }
    const marks = new Map<string, Mark>();
    for (const [id, iv] of s.interventions) marks.set(id, iv.kind === 'partial' ? 'partial' : iv.kind);
    this.view.setMarks(marks);
  }

  fadedEdges(): ReadonlySet<string> {
    return this.faded ?? new Set();
  }

  onSelection(): void {
    this.view.select(this.app.selected);
  }

  onFrame(): void {
    this.view.setActivity(this.app.activity());
    const sim = this.app.sim;
    const r = sim.result;
    const unit = timeUnit(this.app.settings.scheme);
    if (this.app.overlay) this.timebar.textContent = `Showing ${this.app.overlay.label}; Run or Reset to return`;
    else if (!r || sim.cursor < 0) this.timebar.textContent = 't = 0';
    else {
      const k = r.times.length > 1 ? r.times[1]! - r.times[0]! : 1;
      const scale = this.app.settings.scheme === 'async' ? this.app.model.ids.length : 1;
      const t = (r.times[sim.cursor]! + k) / scale;
      const end = (r.times[r.times.length - 1]! + k) / scale;
      this.timebar.textContent = `t = ${fmt(t)} / ${fmt(end)} ${unit}`;
    }
  }

  private buildLegend(): void {
    const item = (svg: SVGElement, text: string) => h('div', { class: 'item' }, svg, h('span', {}, text));
    const modules = new Set(this.app.graph.edges.map((e) => e.module).filter((m): m is string => !!m));
    const flags = this.app.model.network.flags ?? {};
    const items = [
      h('div', { class: 'item' }, h('span', { class: 'scale', 'aria-hidden': 'true' }), h('span', {}, 'off → on (fraction of cells)')),
      item(arrowSvg(EDGE_ACTIVATE, 'arrow', false), 'activates'),
      item(arrowSvg(EDGE_INHIBIT, 'tee', false), 'inhibits'),
      ...[...modules].map((m) => item(arrowSvg(MODULE_COLORS.get(m) ?? '#4d7c0f', 'arrow', true), `${flags[m]?.label ?? m}`)),
      item(boxSvg('#dc2626', 'ko'), 'knocked out'),
      item(boxSvg('#15803d', 'on'), 'forced on'),
      item(boxSvg('#ea580c', 'partial'), 'partially inhibited'),
    ];
    this.legend.replaceChildren(...items);
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

const SVGNS = 'http://www.w3.org/2000/svg';
function svgEl(tag: string, attrs: Record<string, string>): SVGElement {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function arrowSvg(color: string, head: 'arrow' | 'tee', dashed: boolean): SVGElement {
  const s = svgEl('svg', { width: '28', height: '10', viewBox: '0 0 28 10', 'aria-hidden': 'true' });
  s.append(svgEl('line', { x1: '1', y1: '5', x2: '22', y2: '5', stroke: color, 'stroke-width': '2', ...(dashed ? { 'stroke-dasharray': '4 2' } : {}) }));
  s.append(head === 'arrow' ? svgEl('path', { d: 'M20,1 L27,5 L20,9 z', fill: color }) : svgEl('rect', { x: '23', y: '0', width: '3', height: '10', fill: color }));
  return s;
}

function boxSvg(color: string, kind: 'ko' | 'on' | 'partial'): SVGElement {
  const s = svgEl('svg', { width: '28', height: '14', viewBox: '0 0 28 14', 'aria-hidden': 'true' });
  s.append(svgEl('rect', { x: '2', y: '2', width: '24', height: '10', rx: '3', fill: '#fff', stroke: color, 'stroke-width': '2', ...(kind === 'partial' ? { 'stroke-dasharray': '3 2' } : {}) }));
  if (kind === 'ko') {
    s.append(svgEl('line', { x1: '3', y1: '3', x2: '25', y2: '11', stroke: color, 'stroke-width': '1.5' }));
    s.append(svgEl('line', { x1: '3', y1: '11', x2: '25', y2: '3', stroke: color, 'stroke-width': '1.5' }));
  }
  if (kind === 'on') s.append(svgEl('rect', { x: '0.5', y: '0.5', width: '27', height: '13', rx: '4', fill: 'none', stroke: color, 'stroke-width': '1' }));
  return s;
}
