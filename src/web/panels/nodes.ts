/**
 * Searchable node list: every node action reachable without the canvas (keyboard, screen readers).
 * Each row selects the node (details panel) and toggles knock-out / force-on.
 */
import type { App, Panel } from '../app.js';
import { activityFill } from '../graph/colors.js';
import { clear, h, section } from '../dom.js';
import type { Intervention } from '../settings.js';

const MAX_ROWS = 300;

interface Row {
  id: string;
  li: HTMLLIElement;
  swatch: HTMLElement;
  act: HTMLElement;
  ko: HTMLButtonElement;
  on: HTMLButtonElement;
  haystack: string;
}

export function toggleIntervention(app: App, id: string, kind: 'ko' | 'on'): void {
  app.update((s) => {
    if (s.interventions.get(id)?.kind === kind) s.interventions.delete(id);
    else s.interventions.set(id, { kind } as Intervention);
  });
}

export class NodesPanel implements Panel {
  readonly el: HTMLElement;
  private search = h('input', { type: 'search', placeholder: 'Search nodes…', 'aria-label': 'Search nodes' });
  private list = h('ul', { class: 'node-list', 'aria-label': 'Nodes' });
  private more = h('p', { class: 'hint' });
  private rows: Row[] = [];
  private count = h('span', { class: 'count' });
  private shown: Float64Array | undefined | null = null;

  constructor(private app: App) {
    this.el = section('Nodes', this.search, this.list, this.more);
    this.el.querySelector('h2')!.append(this.count);
    this.search.addEventListener('input', () => this.filter());
  }

  onModel(): void {
    const { model } = this.app;
    clear(this.list);
    this.rows = model.network.nodes.map((n) => {
      const label = n.label ?? n.id;
      const ko = h('button', { class: 'btn small ko', type: 'button', 'aria-label': `Knock out ${label}`, title: `Knock out ${label}`, 'aria-pressed': 'false' }, 'KO');
      const on = h('button', { class: 'btn small on', type: 'button', 'aria-label': `Force on ${label}`, title: `Force on ${label}`, 'aria-pressed': 'false' }, 'ON');
      ko.addEventListener('click', () => toggleIntervention(this.app, n.id, 'ko'));
      on.addEventListener('click', () => toggleIntervention(this.app, n.id, 'on'));
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      const act = h('span', { class: 'act', 'aria-label': `activity of ${label}` });
      const name = h('button', { class: 'nm', type: 'button', title: n.description ?? n.id, 'aria-label': `Show details of ${label}` }, label);
      name.addEventListener('click', () => this.app.select(n.id));
      const li = h('li', {}, swatch, name, act, ko, on);
      return { id: n.id, li, swatch, act, ko, on, haystack: `${label} ${n.id} ${n.description ?? ''}`.toLowerCase() };
    });
    this.count.textContent = `(${this.rows.length})`;
    this.shown = null;
    this.filter();
  }

  private filter(): void {
    const q = this.search.value.trim().toLowerCase();
    const hits = q ? this.rows.filter((r) => r.haystack.includes(q)) : this.rows;
    clear(this.list);
    for (const r of hits.slice(0, MAX_ROWS)) this.list.append(r.li);
    this.more.textContent = hits.length > MAX_ROWS ? `${hits.length - MAX_ROWS} more; refine the search.` : hits.length === 0 ? 'No node matches.' : '';
    this.more.hidden = this.more.textContent === '';
  }

  onSettings(): void {
    for (const r of this.rows) {
      const iv = this.app.settings.interventions.get(r.id);
      r.ko.setAttribute('aria-pressed', String(iv?.kind === 'ko'));
      r.on.setAttribute('aria-pressed', String(iv?.kind === 'on'));
    }
  }

  onSelection(): void {
    for (const r of this.rows) r.li.classList.toggle('selected', r.id === this.app.selected);
  }

  onFrame(): void {
    const act = this.app.activity();
    if (act === this.shown) return;
    this.shown = act;
    const { index } = this.app.model;
    for (const r of this.rows) {
      const a = act?.[index.get(r.id)!];
      r.swatch.style.background = activityFill(a);
      r.act.textContent = a === undefined ? '' : `${Math.round(a * 100)}%`;
    }
  }
}
