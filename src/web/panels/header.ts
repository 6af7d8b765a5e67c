/**
 * Top bar: model choice (bundled models and Open…), hypothesis, tour, share link, export menu.
 * Opening accepts the file picker and drag-and-drop; MaBoSS .bnd and .cfg files opened together
 * are read as one model. Read errors are shown with file, line and column.
 */
import type { App, Panel } from '../app.js';
import { FORMATS, type FormatName, readModel, writeModel } from '../../formats/index.js';
import { h } from '../dom.js';
import { CATALOG } from '../catalog.js';
import { networkSvg } from '../export/svg.js';
import { tableCsv, timeCourseCsv } from '../export/csv.js';
import { modelWithSettings } from '../export/model-export.js';
import { timeScale } from '../request.js';
import type { GraphPanel } from './graph.js';

const MAX_OPEN_BYTES = 50 * 1024 * 1024;

export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type: `${type};charset=utf-8` }) : data;
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class HeaderPanel implements Panel {
  readonly el: HTMLElement;
  private modelSel = h('select', { 'aria-label': 'Model' });
  private hypSel = h('select', { 'aria-label': 'Hypothesis' });
  private hypWrap: HTMLElement;
  readonly fileInput = h('input', { type: 'file', multiple: true, accept: '.json,.bnet,.txt,.booleannet,.sbml,.xml,.bnd,.cfg', 'aria-label': 'Open model file', class: 'visually-hidden' });
  private menu = h('div', { class: 'menu-list', role: 'menu', hidden: true });
  private menuBtn = h('button', { class: 'btn', type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false' }, 'Export ▾');
  onTour: () => void = () => {};

  constructor(
    private app: App,
    private graph: GraphPanel,
  ) {
    this.modelSel.addEventListener('change', () => {
      const v = this.modelSel.value;
      if (v === '__open__') {
        this.fileInput.click();
        this.syncModelSel();
      } else if (v.startsWith('catalog:')) void this.app.loadCatalog(v.slice(8)).catch((e) => this.app.banner('error', String(e.message ?? e)));
    });
    this.fileInput.addEventListener('change', () => {
      const files = [...(this.fileInput.files ?? [])];
      this.fileInput.value = '';
      if (files.length) void this.openFiles(files);
    });
    this.hypSel.addEventListener('change', () => this.app.update((s) => (s.hypothesis = this.hypSel.value || undefined)));
    const open = h('button', { class: 'btn', type: 'button' }, 'Open model…');
    open.addEventListener('click', () => this.fileInput.click());
    const tour = h('button', { class: 'btn', type: 'button' }, 'Guided tour');
    tour.addEventListener('click', () => this.onTour());
    const share = h('button', { class: 'btn', type: 'button', title: 'Copy a link that reproduces this experiment' }, 'Copy link');
    share.addEventListener('click', () => {
      const url = this.app.shareUrl();
      this.app.writeUrl();
      navigator.clipboard?.writeText(url).then(
        () => this.app.banner('info', 'Link copied: it reproduces this experiment (model, hypothesis, inputs, drugs, interventions, schedule, scheme, cells and seed).'),
        () => this.app.banner('info', `Link to this experiment: ${url}`),
      ) ?? this.app.banner('info', `Link to this experiment: ${url}`);
    });
    this.menuBtn.addEventListener('click', () => this.toggleMenu());
    document.addEventListener('pointerdown', (e) => {
      if (!this.menu.hidden && !this.menu.contains(e.target as Node) && e.target !== this.menuBtn) this.toggleMenu(false);
    });
    this.menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        this.toggleMenu(false);
        this.menuBtn.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const items = [...this.menu.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
        const k = items.indexOf(document.activeElement as HTMLButtonElement);
        items[(k + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        e.preventDefault();
      }
    });
    this.hypWrap = h('label', {}, 'Hypothesis', this.hypSel);
    this.el = h(
      'header',
      { class: 'topbar' },
      h('h1', {}, 'vsmc-sim', h('small', {}, 'Mg²⁺ and vascular calcification')),
      h('label', {}, 'Model', this.modelSel),
      open,
      this.fileInput,
      this.hypWrap,
      h('div', { class: 'spacer' }),
      tour,
      share,
      h('div', { class: 'menu' }, this.menuBtn, this.menu),
    );
    this.installDrop();
  }

  onModel(): void {
    this.syncModelSel();
    const hyps = this.app.model.network.hypotheses ?? {};
    const names = Object.keys(hyps);
    this.hypWrap.hidden = names.length === 0;
    const def = this.app.model.network.defaultHypothesis;
    this.hypSel.replaceChildren(
      ...(def === undefined ? [h('option', { value: '' }, 'model defaults')] : []),
      ...names.map((n) => h('option', { value: n, title: hyps[n]!.description ?? '' }, hyps[n]!.label ? `${n} — ${hyps[n]!.label}` : n)),
    );
  }

  onSettings(): void {
    this.hypSel.value = this.app.settings.hypothesis ?? this.app.model.network.defaultHypothesis ?? '';
  }

  private syncModelSel(): void {
    const key = this.app.settings?.model;
    const opts = CATALOG.map((c) => h('option', { value: `catalog:${c.key}` }, this.app.model && key === c.key && this.app.model.network.name ? `${this.app.model.network.name}` : c.file));
    if (key?.startsWith('file:')) opts.push(h('option', { value: key }, key.slice(5)));
    opts.push(h('option', { value: '__open__' }, 'Open a file…'));
    this.modelSel.replaceChildren(...opts);
    this.modelSel.value = key?.startsWith('file:') ? key : `catalog:${key}`;
  }

  async openFiles(files: File[]): Promise<void> {
    try {
      for (const f of files) if (f.size > MAX_OPEN_BYTES) throw new Error(`${f.name}: file is ${(f.size / 1048576).toFixed(1)} MB; the limit is 50 MB`);
      const cfgs = files.filter((f) => f.name.toLowerCase().endsWith('.cfg'));
      const main = files.find((f) => !f.name.toLowerCase().endsWith('.cfg'));
      if (!main) throw new Error('a MaBoSS .cfg file needs its .bnd file: select both together');
      const text = await main.text();
      const companions = await Promise.all(cfgs.map(async (c) => ({ text: await c.text(), file: c.name })));
      const model = readModel(text, { file: main.name, companions });
      this.app.setModel(model, `file:${main.name.replace(/[^\w .()+-]/g, '_').slice(0, 120)}`);
      const warn = model.diagnostics.filter((d) => d.level !== 'info');
      this.app.banner('info', `Opened ${main.name}${cfgs.length ? ` with ${cfgs.map((c) => c.name).join(', ')}` : ''}: ${model.ids.length} nodes.${warn.length ? ` ${warn.length} warning${warn.length > 1 ? 's' : ''}: ${warn.slice(0, 3).map((d) => d.message).join('; ')}${warn.length > 3 ? '; …' : ''}` : ''}`);
    } catch (e) {
      this.app.banner('error', `Could not open the model. ${(e as Error).message ?? String(e)}`);
    }
  }

  private installDrop(): void {
    let depth = 0;
    window.addEventListener('dragenter', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      depth++;
      document.body.classList.add('dropzone-active');
    });
    window.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) document.body.classList.remove('dropzone-active');
    });
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      depth = 0;
      document.body.classList.remove('dropzone-active');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length) void this.openFiles(files);
    });
  }

  private toggleMenu(show = this.menu.hidden): void {
    if (show) this.buildMenu();
    this.menu.hidden = !show;
    this.menuBtn.setAttribute('aria-expanded', String(show));
    if (show) this.menu.querySelector<HTMLElement>('button')?.focus();
  }

  private buildMenu(): void {
    const item = (label: string, fn: () => void | Promise<void>, disabled = false) => {
      const b = h('button', { type: 'button', role: 'menuitem', disabled }, label);
      b.addEventListener('click', () => {
        this.toggleMenu(false);
        Promise.resolve(fn()).catch((e) => this.app.banner('error', `Export failed: ${(e as Error).message}`));
      });
      return b;
    };
    const base = this.baseName();
    const hasResult = !!this.app.sim.result;
    this.menu.replaceChildren(
      h('div', { class: 'hdr' }, 'Network picture'),
      item('Network as PNG', async () => download(`${base}.png`, await this.graph.view.png())),
      item('Network as SVG', () => download(`${base}.svg`, this.svg(), 'image/svg+xml')),
      h('div', { class: 'sep' }),
      h('div', { class: 'hdr' }, 'Results'),
      item('Time course as CSV', () => download(`${base}-timecourse.csv`, this.timeCourseCsv(), 'text/csv'), !hasResult),
      item('Final values as CSV', () => download(`${base}-final.csv`, this.finalCsv(), 'text/csv'), !hasResult),
      h('div', { class: 'sep' }),
      h('div', { class: 'hdr' }, 'Model with your settings applied'),
      ...FORMATS.map((f) => item(`Model as ${f.label}`, () => this.exportModel(f.name))),
    );
  }

  private baseName(): string {
    const k = this.app.settings.model.replace(/^file:/, '').replace(/\.[^.]+$/, '');
    return k.replace(/[^\w.-]+/g, '_') || 'model';
  }

  private svg(): string {
    return networkSvg({
      graph: this.app.graph,
      positions: this.graph.view.positions(),
      bands: this.graph.view.bands(),
      activity: this.app.activity(),
      marks: new Map([...this.app.settings.interventions].map(([id, iv]) => [id, iv.kind === 'partial' ? 'partial' : iv.kind] as const)),
      faded: this.graph.fadedEdges(),
      title: `${this.app.model.network.name ?? this.app.settings.model} — ${this.app.describe()}`,
    });
  }

  /** `time,<readouts>,<node ids>`: the whole run, one row per time window. */
  timeCourseCsv(): string {
    const r = this.app.sim.result;
    if (!r) throw new Error('nothing simulated yet: press Run first');
    const scale = timeScale(this.app.model, this.app.settings.scheme);
    return timeCourseCsv({
      times: r.times.map((t) => t / scale),
      columns: [...r.readoutNames.map((name, k) => ({ name, values: r.readoutMeans.map((row) => row[k]!) })), ...r.ids.map((id, i) => ({ name: id, values: r.nodeFractions.map((row) => row[i]!) }))],
    });
  }

  private finalCsv(): string {
    const r = this.app.sim.result;
    if (!r) throw new Error('nothing simulated yet: press Run first');
    const ref = this.app.reference?.result;
    const header = ['quantity', 'value', ...(ref ? ['reference'] : [])];
    const rows: (string | number)[][] = [
      ...r.readoutNames.map((name, k) => [name, r.final.readoutMeans[k]!, ...(ref ? [ref.final.readoutMeans[ref.readoutNames.indexOf(name)] ?? NaN] : [])]),
      ...r.ids.map((id, i) => [id, r.final.nodeFractions[i]!, ...(ref ? [ref.final.nodeFractions[ref.ids.indexOf(id)] ?? NaN] : [])]),
    ];
    return tableCsv(header, rows);
  }

  private exportModel(format: FormatName): void {
    const { model, notes } = modelWithSettings(this.app.model, this.app.settings);
    const out = writeModel(model, format);
    const ext = FORMATS.find((f) => f.name === format)!.extensions[0] ?? '.txt';
    const base = this.baseName();
    download(`${base}${ext}`, out.text);
    if (out.companion !== undefined) download(`${base}.cfg`, out.companion);
    const all = [...notes, ...out.notes];
    if (all.length) this.app.banner('info', `Exported ${base}${ext}. ${all.join(' ')}`);
  }
}
