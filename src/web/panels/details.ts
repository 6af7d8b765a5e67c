/**
 * Node details, floating over the canvas when a node is selected: label, compartment, description,
 * rule in readable form (as written, and under the current hypothesis), regulators and targets,
 * evidence with PubMed links, and the node's interventions.
 */
import type { App, Panel } from '../app.js';
import type { Citation } from '../../model/schema.js';
import { clear, h, pct } from '../dom.js';
import { citationLinks, labelOf, preparedSystem, readableRule } from '../model-info.js';
import { toggleIntervention } from './nodes.js';

export class DetailsPanel implements Panel {
  readonly el: HTMLElement;
  private body = h('div');
  private activity = h('p', { class: 'hint', 'aria-live': 'off' });
  private ko: HTMLButtonElement | undefined;
  private on: HTMLButtonElement | undefined;
  private slider: HTMLInputElement | undefined;
  private sliderOut: HTMLOutputElement | undefined;
  private inputBox: HTMLInputElement | undefined;
  private ruleNow: HTMLElement | undefined;

  constructor(private app: App) {
    const close = h('button', { class: 'btn small close', type: 'button', 'aria-label': 'Close details' }, '✕');
    close.addEventListener('click', () => this.app.select(null));
    this.el = h('aside', { class: 'details', 'aria-label': 'Node details', hidden: true }, close, this.body);
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.app.select(null);
    });
  }

  onModel(): void {
    this.onSelection();
  }

  onSelection(): void {
    const id = this.app.selected;
    this.el.hidden = id === null;
    clear(this.body);
    this.ko = this.on = undefined;
    this.slider = undefined;
    this.inputBox = undefined;
    this.ruleNow = undefined;
    if (id === null) return;
    const { model } = this.app;
    const i = model.index.get(id)!;
    const n = model.network.nodes[i]!;
    const label = n.label ?? n.id;
    const b = this.body;
    b.append(h('h2', {}, label));
    if (label !== n.id) b.append(h('div', { class: 'idline' }, n.id));
    const tags = [n.compartment, n.kind, n.module && n.module !== 'INPUT' ? `module ${n.module}` : undefined, model.inputs[i] ? 'input' : undefined].filter((t): t is string => !!t);
    if (tags.length) b.append(h('div', { class: 'tags' }, ...tags.map((t) => h('span', { class: 'chip' }, t))));
    b.append(this.activity);
    if (n.description) b.append(h('p', {}, n.description));

    // Interventions
    const actions = h('div', { class: 'actions' });
    if (model.inputs[i]) {
      const box = h('input', { type: 'checkbox', role: 'switch', 'aria-label': `${label} (input)` });
      box.addEventListener('change', () =>
        this.app.update((s) => {
          const v = box.checked ? 1 : 0;
          if (v === (n.default ?? 0)) s.inputs.delete(n.id);
          else s.inputs.set(n.id, v);
        }),
      );
      this.inputBox = box;
      actions.append(h('label', { class: 'switch' }, box, h('span', {}, 'Input on')));
    }
    this.ko = h('button', { class: 'btn ko', type: 'button', 'aria-pressed': 'false' }, `Knock out ${label}`);
    this.on = h('button', { class: 'btn on', type: 'button', 'aria-pressed': 'false' }, `Force on ${label}`);
    this.ko.addEventListener('click', () => toggleIntervention(this.app, id, 'ko'));
    this.on.addEventListener('click', () => toggleIntervention(this.app, id, 'on'));
    const reset = h('button', { class: 'btn', type: 'button' }, `Clear ${label}`);
    reset.title = 'Remove knock-out, forcing and partial inhibition of this node';
    reset.addEventListener('click', () => this.app.update((s) => s.interventions.delete(id)));
    const pin = h('button', { class: 'btn', type: 'button', 'aria-pressed': String(this.app.settings.pinned.includes(id)) }, `Plot ${label}`);
    pin.addEventListener('click', () =>
      this.app.update((s) => {
        const k = s.pinned.indexOf(id);
        if (k >= 0) s.pinned.splice(k, 1);
        else if (s.pinned.length < 24) s.pinned.push(id);
        pin.setAttribute('aria-pressed', String(k < 0));
      }),
    );
    actions.append(this.ko, this.on, reset, pin);
    b.append(actions);
    const slider = h('input', { type: 'range', min: '0', max: '100', step: '5', value: '0', 'aria-label': `Partial inhibition of ${label}` });
    const out = h('output', {}, '0 %') as HTMLOutputElement;
    slider.addEventListener('input', () => {
      out.textContent = `${slider.value} %`;
    });
    slider.addEventListener('change', () =>
      this.app.update((s) => {
        const v = Number(slider.value) / 100;
        if (v <= 0) s.interventions.delete(id);
        else if (v >= 1) s.interventions.set(id, { kind: 'ko' });
        else s.interventions.set(id, { kind: 'partial', inhibition: v });
      }),
    );
    this.slider = slider;
    this.sliderOut = out;
    b.append(h('div', { class: 'slider' }, h('span', {}, 'Inhibit in'), slider, out));

    // Rule
    const rule = readableRule(model, id);
    b.append(h('h3', {}, 'Rule'));
    if (rule === undefined) b.append(h('p', { class: 'hint' }, `Input: held at ${n.default ?? 0} unless set.`));
    else {
      b.append(h('div', { class: 'rule', 'aria-label': `Rule of ${label}` }, `${label} = ${rule}`));
      this.ruleNow = h('div');
      b.append(this.ruleNow);
    }

    // Regulators and targets
    const regs = this.app.graph.edges.filter((e) => e.target === id);
    const tgts = this.app.graph.edges.filter((e) => e.source === id);
    const chip = (other: string, sign: string, module?: string) => {
      const c = h('button', { type: 'button', class: `chip clickable ${sign === '-' ? 'minus' : sign === '+' ? 'plus' : ''}`, title: module ? `gated by ${module}` : '' }, `${sign === '-' ? '⊣' : sign === '±' ? '±' : '→'} ${labelOf(model, other)}${module ? ' ◦' : ''}`);
      c.addEventListener('click', () => this.app.select(other));
      return c;
    };
    if (regs.length) b.append(h('h3', {}, `Regulators (${regs.length})`), h('div', { class: 'tags' }, ...regs.map((e) => chip(e.source, e.sign, e.module))));
    if (tgts.length) b.append(h('h3', {}, `Targets (${tgts.length})`), h('div', { class: 'tags' }, ...tgts.map((e) => chip(e.target, e.sign, e.module))));

    // Evidence
    const cites: Citation[] = [...(n.evidence ?? [])];
    if (cites.length) b.append(h('h3', {}, 'Evidence'), citationList(cites));
    const regEvidence = (n.regulations ?? []).filter((r) => r.evidence?.length || r.note);
    if (regEvidence.length) {
      const det = h('details', {}, h('summary', {}, `Evidence per regulation (${regEvidence.length})`));
      for (const r of regEvidence) {
        det.append(h('p', {}, h('strong', {}, `${labelOf(model, r.source)} ${r.sign === '-' ? '⊣' : '→'} ${label}`), r.module ? ` (${r.module})` : '', r.note ? ` — ${r.note}` : ''));
        if (r.evidence?.length) det.append(citationList(r.evidence));
      }
      b.append(det);
    }
    if (n.notes) b.append(h('details', {}, h('summary', {}, 'Modelling notes'), h('p', {}, n.notes)));
    this.onSettings();
    this.onFrame();
  }

  onSettings(): void {
    const id = this.app.selected;
    if (id === null || !this.ko || !this.on) return;
    const iv = this.app.settings.interventions.get(id);
    this.ko.setAttribute('aria-pressed', String(iv?.kind === 'ko'));
    this.on.setAttribute('aria-pressed', String(iv?.kind === 'on'));
    if (this.slider && this.sliderOut && document.activeElement !== this.slider) {
      const v = iv?.kind === 'partial' ? Math.round(iv.inhibition * 100) : iv?.kind === 'ko' ? 100 : 0;
      this.slider.value = String(v);
      this.sliderOut.textContent = `${v} %`;
    }
    if (this.inputBox) {
      const i = this.app.model.index.get(id)!;
      this.inputBox.checked = (this.app.settings.inputs.get(id) ?? this.app.model.network.nodes[i]!.default ?? 0) === 1;
    }
    if (this.ruleNow) {
      clear(this.ruleNow);
      try {
        const sys = preparedSystem(this.app.model, this.app.settings);
        const now = readableRule(this.app.model, id, sys);
        const raw = readableRule(this.app.model, id);
        if (now !== undefined && now !== raw) {
          const hyp = this.app.settings.hypothesis ?? this.app.model.network.defaultHypothesis;
          this.ruleNow.append(h('p', { class: 'hint' }, `Under the current hypothesis${hyp ? ` (${hyp})` : ''}, inputs and interventions:`), h('div', { class: 'rule' }, `${this.app.model.network.nodes[this.app.model.index.get(id)!]!.label ?? id} = ${now}`));
        }
      } catch (e) {
        this.ruleNow.append(h('p', { class: 'hint' }, (e as Error).message));
      }
    }
  }

  onFrame(): void {
    const id = this.app.selected;
    if (id === null) return;
    const a = this.app.activity()?.[this.app.model.index.get(id)!];
    const t = this.app.sim.cursor < 0 ? 'at t = 0' : 'now';
    this.activity.textContent = a === undefined ? '' : `On in ${pct(a)} of cells ${t}.`;
  }
}

function citationList(cites: Citation[]): HTMLElement {
  return h(
    'ul',
    { class: 'cites' },
    ...cites.map((c) =>
      h(
        'li',
        {},
        c.text,
        c.verified === true ? h('span', { class: 'badge ok', title: 'primary source read' }, 'verified') : c.verified === false ? h('span', { class: 'badge warn', title: 'recalled or inferred: check before citing' }, 'unverified') : null,
        c.confidence ? h('span', { class: 'badge info', title: { D: 'direct evidence', I: 'inferred', T: 'textbook / other cell type' }[c.confidence] }, c.confidence) : null,
        c.reviewRefs?.length ? h('span', { class: 'badge info', title: 'reference numbers in ter Braake 2017' }, `review ${c.reviewRefs.join(', ')}`) : null,
        ...citationLinks(c).flatMap((l) => [' ', h('a', { href: l.href, target: '_blank', rel: 'noopener noreferrer' }, l.label)]),
      ),
    ),
  );
}
