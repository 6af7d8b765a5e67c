/** The guided tour card over the canvas (content in tour-steps.ts). */
import type { App, Panel } from '../app.js';
import { h } from '../dom.js';
import { defaultSettings } from '../settings.js';
import { TOUR, TOUR_NODES, type TourSetup } from '../tour-steps.js';
import type { GraphView } from '../graph/view.js';

export class TourPanel implements Panel {
  readonly el: HTMLElement;
  private k = 0;
  private counter = h('div', { class: 'step' });
  private title = h('h2', { id: 'tour-title' });
  private body = h('div');
  private task = h('div', { class: 'task' });
  private back = h('button', { class: 'btn', type: 'button' }, 'Back');
  private next = h('button', { class: 'btn primary', type: 'button' }, 'Next');
  private setupBtn = h('button', { class: 'btn', type: 'button' }, 'Set up this experiment');

  constructor(
    private app: App,
    private view: GraphView,
  ) {
    const close = h('button', { class: 'btn small', type: 'button', 'aria-label': 'Close the tour' }, '✕');
    close.addEventListener('click', () => this.close());
    this.back.addEventListener('click', () => this.go(this.k - 1));
    this.next.addEventListener('click', () => (this.k === TOUR.length - 1 ? this.close() : this.go(this.k + 1)));
    this.setupBtn.addEventListener('click', () => this.apply(TOUR[this.k]!.setup ?? {}));
    this.el = h(
      'section',
      { class: 'tour', 'aria-labelledby': 'tour-title', hidden: true },
      h('div', { class: 'row' }, this.counter, h('span', { class: 'spacer' }), close),
      this.title,
      this.body,
      this.task,
      h('div', { class: 'nav' }, this.back, this.setupBtn, h('span', { class: 'spacer' }), this.next),
    );
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
  }

  /** The tour is written for the VSMC network. */
  available(): boolean {
    return TOUR_NODES.every((id) => this.app.model?.index.has(id));
  }

  onModel(): void {
    if (!this.available()) this.close();
  }

  open(): void {
    if (!this.available()) {
      this.app.banner('info', 'The guided tour is written for the VSMC magnesium network; open it from the Model menu.');
      return;
    }
    this.el.hidden = false;
    this.go(this.k);
    this.next.focus();
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.view.highlight([]);
    this.view.fit();
  }

  private go(k: number): void {
    this.k = Math.max(0, Math.min(TOUR.length - 1, k));
    const step = TOUR[this.k]!;
    this.counter.textContent = `Guided tour · step ${this.k + 1} of ${TOUR.length}`;
    this.title.textContent = step.title;
    this.body.replaceChildren(...step.text.map((t) => h('p', {}, t)));
    this.task.replaceChildren(h('strong', {}, 'Try it: '), step.task);
    this.back.disabled = this.k === 0;
    this.next.textContent = this.k === TOUR.length - 1 ? 'Finish' : 'Next';
    this.setupBtn.hidden = !step.setup;
    // Frame the step's nodes above the card (measured after the new text is laid out).
    requestAnimationFrame(() => this.view.highlight(step.nodes.filter((id) => this.app.model.index.has(id)), this.el.offsetHeight + 24));
  }

  private apply(setup: TourSetup): void {
    const { model } = this.app;
    this.app.update((s) => {
      const fresh = defaultSettings(s.model);
      s.inputs = fresh.inputs;
      s.drugs = fresh.drugs;
      s.interventions = fresh.interventions;
      s.schedule = [];
      s.hypothesis = setup.hypothesis;
      for (const [id, v] of Object.entries(setup.inputs ?? {})) s.inputs.set(id, v);
      for (const [name, dose] of Object.entries(setup.drugs ?? {})) {
        const d = model.network.drugs?.[name];
        if (d) s.drugs.set(name, dose === 'default' ? (d.dose?.defaultDose ?? 1) : dose);
      }
      for (const id of setup.knockouts ?? []) s.interventions.set(id, { kind: 'ko' });
      for (const e of setup.schedule ?? []) s.schedule.push({ ...e, probability: 1 });
      if (setup.pinned) s.pinned = setup.pinned.filter((id) => model.index.has(id));
    });
    this.app.reset();
    this.app.banner('info', `Set up: ${this.app.describe()}. Press Run.`);
  }
}
