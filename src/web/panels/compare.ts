/**
 * Compare mode: keep a finished run as the reference (or run the same condition under another
 * hypothesis); the chart overlays it dashed and the table sets final values side by side,
 * e.g. "Pi + Mg" against "Pi + Mg + 2-APB".
 */
import type { App, Panel } from '../app.js';
import { clear, h, section } from '../dom.js';
import { labelOf } from '../model-info.js';
import { orderedReadouts } from './readouts.js';

export class ComparePanel implements Panel {
  readonly el: HTMLElement;
  private keepBtn = h('button', { class: 'btn', type: 'button' }, 'Keep this run as reference');
  private clearBtn = h('button', { class: 'btn', type: 'button' }, 'Clear reference');
  private hyp = h('select', { 'aria-label': 'Compare with hypothesis' });
  private hypBtn = h('button', { class: 'btn', type: 'button' }, 'Run under it');
  private hypRow: HTMLElement;
  private info = h('div', { class: 'hint' });
  private table = h('div');
  private shownResult: unknown;
  private shownRef: unknown;
  private shownKey = '';

  constructor(private app: App) {
    this.keepBtn.addEventListener('click', () => this.app.keepAsReference());
    this.clearBtn.addEventListener('click', () => this.app.setReference(undefined));
    this.hypBtn.addEventListener('click', () => {
      this.hypBtn.disabled = true;
      this.info.textContent = `Running the same condition under ${this.hyp.value}…`;
      this.app.compareHypothesis(this.hyp.value, (err) => {
        this.hypBtn.disabled = false;
        if (err) this.info.textContent = `Error: ${err}`;
      });
    });
    this.hypRow = h('div', { class: 'row' }, h('span', { class: 'hint' }, 'or the same condition under'), this.hyp, this.hypBtn);
    this.el = section('Compare', h('div', { class: 'row' }, this.keepBtn, this.clearBtn), this.hypRow, this.info, this.table);
  }

  onModel(): void {
    const hyps = Object.entries(this.app.model.network.hypotheses ?? {});
    this.hypRow.hidden = hyps.length === 0;
    this.hyp.replaceChildren(...hyps.map(([k, v]) => h('option', { value: k, title: v.label ?? '' }, k)));
    if (hyps.some(([k]) => k === 'PASSIVE')) this.hyp.value = 'PASSIVE';
    this.onReference();
  }

  onReference(): void {
    const ref = this.app.reference;
    this.info.textContent = ref ? `Reference (dashed): ${ref.label}` : 'No reference yet. Run a condition, keep it, change the set-up and run again.';
    this.clearBtn.disabled = !ref;
    this.shownRef = null;
    this.onFrame();
  }

  onFrame(): void {
    const sim = this.app.sim;
    this.keepBtn.disabled = !sim.result || sim.computing;
    const ref = this.app.reference;
    const r = sim.result;
    const shown = `${sim.computing}|${this.app.settings.pinned.join()}`;
    if (r === this.shownResult && ref === this.shownRef && shown === this.shownKey) return;
    this.shownResult = r;
    this.shownRef = ref;
    this.shownKey = shown;
    clear(this.table);
    if (!ref || !r || sim.computing) return;
    const { model, settings } = this.app;
    const rows: [string, number, number][] = [];
    for (const name of orderedReadouts(r.readoutNames)) {
      const k = r.readoutNames.indexOf(name);
      const rk = ref.result.readoutNames.indexOf(name);
      if (rk < 0) continue;
      rows.push([model.readouts.find((x) => x.name === name)?.label ?? name, r.final.readoutMeans[k]!, ref.result.final.readoutMeans[rk]!]);
    }
    for (const id of settings.pinned) {
      const i = r.ids.indexOf(id);
      const ri = ref.result.ids.indexOf(id);
      if (i >= 0 && ri >= 0) rows.push([labelOf(model, id), r.final.nodeFractions[i]!, ref.result.final.nodeFractions[ri]!]);
    }
    if (!rows.length) return;
    const fmt = (x: number) => x.toFixed(2);
    this.table.append(
      h(
        'table',
        { class: 'data', 'aria-label': 'This run against the reference (final values)' },
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'this run'), h('th', {}, 'reference'), h('th', {}, 'Δ'))),
        h('tbody', {}, ...rows.map(([label, a, b]) => h('tr', {}, h('td', {}, label), h('td', { class: 'num' }, fmt(a)), h('td', { class: 'num' }, fmt(b)), h('td', { class: 'num' }, `${a - b >= 0 ? '+' : '−'}${fmt(Math.abs(a - b))}`)))),
      ),
    );
  }
}
