/** Scheduled events: "at t = 20 add Mg²⁺" — set a node on or off in a fraction of cells at a time. */
import type { App, Panel } from '../app.js';
import { clear, h, pct, section } from '../dom.js';
import { labelOf } from '../model-info.js';
import { timeUnit } from '../request.js';
import { LIMITS } from '../settings.js';

export class SchedulePanel implements Panel {
  readonly el: HTMLElement;
  private time = h('input', { type: 'number', min: '0', step: '1', value: '10', 'aria-label': 'Event time' });
  private node = h('select', { 'aria-label': 'Event node' });
  private value = h('select', { 'aria-label': 'Event value' }, h('option', { value: '1' }, 'on'), h('option', { value: '0' }, 'off'));
  private prob = h('input', { type: 'number', min: '0', max: '100', step: '1', value: '100', 'aria-label': 'Percent of cells' });
  private list = h('ul', { class: 'sched-list', 'aria-label': 'Scheduled events' });
  private unit = h('span', { class: 'hint' });

  constructor(private app: App) {
    const add = h('button', { class: 'btn', type: 'button' }, 'Add event');
    add.addEventListener('click', () => this.add());
    this.el = section(
      'Schedule',
      h('p', { class: 'hint' }, 'Change a node during the run, e.g. add Mg²⁺ at t = 20.'),
      h(
        'div',
        { class: 'sched-form' },
        h('label', {}, 'At t ='),
        h('div', { class: 'row' }, this.time, this.unit),
        h('label', {}, 'set'),
        h('div', { class: 'row' }, this.node),
        h('label', {}, 'to'),
        h('div', { class: 'row' }, this.value),
        h('label', {}, 'in'),
        h('div', { class: 'row' }, this.prob, h('span', {}, '% of cells')),
        h('span', {}),
        h('div', { class: 'row' }, add),
      ),
      this.list,
    );
  }

  onModel(): void {
    const { model } = this.app;
    clear(this.node);
    const inputs = h('optgroup', { label: 'Inputs' });
    const others = h('optgroup', { label: 'Nodes' });
    model.network.nodes.forEach((n, i) => (model.inputs[i] ? inputs : others).append(h('option', { value: n.id }, n.label ?? n.id)));
    if (inputs.children.length) this.node.append(inputs);
    this.node.append(others);
    const mg = model.index.has('Mg_supp') ? 'Mg_supp' : undefined;
    if (mg) this.node.value = mg;
  }

  private add(): void {
    const t = Number(this.time.value);
    const p = Number(this.prob.value) / 100;
    if (!(t >= 0 && t <= LIMITS.maxSteps) || !(p >= 0 && p <= 1)) {
      this.app.banner('error', `Schedule: time must be between 0 and ${LIMITS.maxSteps} and the percentage between 0 and 100.`);
      return;
    }
    const time = this.app.settings.scheme === 'stochastic' ? t : Math.round(t);
    this.app.update((s) => {
      if (s.schedule.length >= LIMITS.maxScheduled) return;
      s.schedule.push({ time, node: this.node.value, value: this.value.value === '1' ? 1 : 0, probability: p });
      s.schedule.sort((a, b) => a.time - b.time);
    });
  }

  onSettings(): void {
    const { settings, model } = this.app;
    this.unit.textContent = timeUnit(settings.scheme);
    this.time.step = settings.scheme === 'stochastic' ? 'any' : '1';
    clear(this.list);
    settings.schedule.forEach((e, k) => {
      const rm = h('button', { class: 'btn small', type: 'button', 'aria-label': `Remove event ${k + 1}` }, '✕');
      rm.addEventListener('click', () => this.app.update((s) => s.schedule.splice(k, 1)));
      const text = `t = ${e.time}: ${labelOf(model, e.node)} ${e.value ? 'on' : 'off'}${e.probability < 1 ? ` in ${pct(e.probability)} of cells` : ''}`;
      this.list.append(h('li', {}, h('span', {}, text), rm));
    });
  }
}
