/**
 * Attractors reachable from the initial state under the current hypothesis, inputs and
 * interventions (src/analysis in a worker). Each can be shown on the network.
 */
import type { App, Panel } from '../app.js';
import { writeNativeNetwork } from '../../model/load.js';
import { clear, h, section } from '../dom.js';
import { labelOf } from '../model-info.js';
import { inputOverrides, settingsPerturbations } from '../settings.js';
import type { FindMessage, FromAttractorWorker } from '../attractor-worker.js';
import { orderedReadouts } from './readouts.js';

export class AttractorsPanel implements Panel {
  readonly el: HTMLElement;
  private scheme = h('select', { 'aria-label': 'Attractor update scheme' }, h('option', { value: 'async' }, 'asynchronous'), h('option', { value: 'sync' }, 'synchronous'));
  private findBtn = h('button', { class: 'btn', type: 'button' }, 'Find attractors');
  private cancelBtn = h('button', { class: 'btn', type: 'button', hidden: true }, 'Cancel search');
  private status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private list = h('div');
  private worker: Worker | undefined;
  private id = 0;
  private key = '';

  constructor(private app: App) {
    this.findBtn.addEventListener('click', () => this.find());
    this.cancelBtn.addEventListener('click', () => this.stop('Search cancelled.'));
    this.el = section(
      'Attractors',
      h('p', { class: 'hint' }, 'Long-term states reachable from the initial state with the current hypothesis, inputs and interventions.'),
      h('div', { class: 'row' }, this.findBtn, this.scheme, this.cancelBtn),
      this.status,
      this.list,
    );
  }

  onModel(): void {
    this.stop('');
    clear(this.list);
  }

  onSettings(): void {
    if (this.key && this.key !== this.currentKey()) {
      this.status.textContent = 'The set-up changed: search again.';
      this.list.classList.add('stale');
    }
  }

  private currentKey(): string {
    const { model, settings } = this.app;
    return JSON.stringify([settings.model, settings.hypothesis, inputOverrides(model, settings), settingsPerturbations(model, settings), this.scheme.value]);
  }

  private stop(message: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.cancelBtn.hidden = true;
    this.findBtn.disabled = false;
    this.status.textContent = message;
  }

  private find(): void {
    const { model, settings } = this.app;
    this.stop('Searching…');
    this.findBtn.disabled = true;
    this.cancelBtn.hidden = false;
    this.key = this.currentKey();
    const id = ++this.id;
    const w = new Worker(new URL('../attractor-worker.ts', import.meta.url), { type: 'module' });
    this.worker = w;
    const started = performance.now();
    w.onmessage = (ev: MessageEvent<FromAttractorWorker>) => {
      const m = ev.data;
      if (m.id !== id) return;
      if (m.type === 'progress') this.status.textContent = `Searching (${m.phase})…`;
      else if (m.type === 'error') this.stop(`Error: ${m.message}`);
      else {
        this.stop(`${m.report.attractors.length} attractor${m.report.attractors.length === 1 ? '' : 's'} found in ${((performance.now() - started) / 1000).toFixed(1)} s (${m.report.scheme === 'async' ? 'asynchronous' : 'synchronous'}).`);
        this.show(m);
      }
    };
    w.onerror = (e) => this.stop(`Error: ${e.message}`);
    let perturbations;
    try {
      perturbations = settingsPerturbations(model, settings);
    } catch (e) {
      this.stop(`Error: ${(e as Error).message}`);
      return;
    }
    const msg: FindMessage = {
      type: 'find',
      id,
      modelJson: writeNativeNetwork(model.network),
      file: model.file,
      hypothesis: settings.hypothesis,
      inputs: { ...inputOverrides(model, settings) },
      perturbations,
      scheme: this.scheme.value as 'sync' | 'async',
    };
    w.postMessage(msg);
  }

  private show(m: Extract<FromAttractorWorker, { type: 'done' }>): void {
    const { model } = this.app;
    clear(this.list);
    this.list.classList.remove('stale');
    const total = m.report.attractors.reduce((t, a) => t + (a.basin ?? 0), 0);
    const order = orderedReadouts(m.readoutNames);
    m.report.attractors.forEach((a, k) => {
      const on = [...a.pattern].map((c, i) => (c === '1' ? i : -1)).filter((i) => i >= 0 && !model.inputs[i]!);
      const varying = [...a.pattern].map((c, i) => (c === '-' ? i : -1)).filter((i) => i >= 0);
      const kind = a.type === 'fixed' ? 'Fixed point' : a.type === 'cycle' ? `Cycle of ${a.size} states` : `Complex attractor (${a.size} states)`;
      const share = a.basin !== undefined && total > 0 ? ` · reached by ${Math.round((100 * a.basin) / total)} %` : '';
      const scores = order
        .map((name) => {
          const r = m.readoutNames.indexOf(name);
          const v = m.readouts[k]?.[r];
          return v === null || v === undefined ? '' : `${model.readouts.find((x) => x.name === name)?.label ?? name} ${v.toFixed(2)}`;
        })
        .filter(Boolean)
        .join(' · ');
      const showBtn = h('button', { class: 'btn small', type: 'button' }, 'Show on network');
      showBtn.addEventListener('click', () => {
        const act = Float64Array.from(a.pattern, (c) => (c === '1' ? 1 : c === '0' ? 0 : 0.5));
        this.app.showOverlay({ label: `${kind} ${k + 1}`, activity: act });
      });
      this.list.append(
        h(
          'div',
          { class: 'attr' },
          h('div', { class: 'head' }, h('strong', {}, `${k + 1}. ${kind}`), h('span', { class: 'hint' }, share), h('span', { class: 'spacer' }), showBtn),
          scores ? h('div', { class: 'hint' }, scores) : null,
          h('div', { class: 'on-nodes', 'aria-label': 'Nodes on' }, ...on.map((i) => h('span', { class: 'chip' }, labelOf(model, model.ids[i]!))), ...varying.map((i) => h('span', { class: 'chip', title: 'varies within the attractor' }, `${labelOf(model, model.ids[i]!)} ±`))),
        ),
      );
    });
    const notes = [...m.notes, ...m.report.notes.filter((n) => !/constant rule and/.test(n))];
    if (notes.length) this.list.append(h('details', { class: 'hint' }, h('summary', {}, 'How this was searched'), ...notes.map((n) => h('p', {}, n))));
  }
}
