/**
 * Readouts: the model's readouts (Osteo_score, Calc_score first) as meters, and a uPlot time
 * course of the readouts and of pinned nodes, revealed up to the time cursor while a run plays.
 * A comparison reference is overlaid with dashed lines.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { App, Panel } from '../app.js';
import { clear, h, section } from '../dom.js';
import { labelOf } from '../model-info.js';
import { timeScale, timeUnit } from '../request.js';

const PRIORITY = ['Osteo_score', 'Calc_score'];
const READOUT_COLORS: Record<string, string> = { Osteo_score: '#7c3aed', Calc_score: '#dc2626' };
const PALETTE = ['#0891b2', '#16a34a', '#ca8a04', '#db2777', '#2563eb', '#ea580c', '#4f46e5', '#65a30d', '#0d9488', '#9333ea'];

interface Meter {
  name: string;
  el: HTMLElement;
  val: HTMLElement;
  bar: HTMLElement;
  ref: HTMLElement;
}

export function orderedReadouts(names: string[]): string[] {
  return [...PRIORITY.filter((p) => names.includes(p)), ...names.filter((n) => !PRIORITY.includes(n))];
}

export class ReadoutsPanel implements Panel {
  readonly el: HTMLElement;
  private meters: Meter[] = [];
  private meterBox = h('div', { class: 'meters' });
  private chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'Time course of the readouts and pinned nodes' });
  private empty = h('div', { class: 'chart-empty' }, 'Press Run to simulate; the time course appears here.');
  private pins = h('div', { class: 'pins', 'aria-label': 'Nodes plotted over time' });
  private pinSelect = h('select', { 'aria-label': 'Plot a node over time' });
  private plot: uPlot | undefined;
  private plotKey = '';
  /** What the chart shows now; redrawn only when one of these changes. */
  private drawn: unknown[] = [];
  private width = 340;

  constructor(private app: App) {
    this.pinSelect.addEventListener('change', () => {
      const id = this.pinSelect.value;
      this.pinSelect.value = '';
      if (id) this.app.update((s) => {
        if (!s.pinned.includes(id) && s.pinned.length < 24) s.pinned.push(id);
      });
    });
    this.el = section('Readouts', this.meterBox, this.empty, this.chartBox, h('div', { class: 'row pin-row' }, this.pinSelect), this.pins);
    new ResizeObserver(() => {
      const w = Math.floor(this.el.clientWidth - 28);
      if (w > 100 && Math.abs(w - this.width) > 4) {
        this.width = w;
        this.plot?.setSize({ width: w, height: 210 });
      }
    }).observe(this.el);
  }

  onModel(): void {
    const { model } = this.app;
    clear(this.meterBox);
    this.meters = orderedReadouts(model.readouts.map((r) => r.name)).map((name) => {
      const r = model.readouts.find((x) => x.name === name)!;
      const val = h('div', { class: 'val' }, '—');
      const bar = h('div', { class: name === 'Osteo_score' || name === 'Calc_score' ? '' : 'other' });
      const ref = h('div', { class: 'ref' });
      const el = h(
        'div',
        { class: `meter ${name === 'Osteo_score' ? 'osteo' : name === 'Calc_score' ? 'calc' : ''}`, role: 'meter', 'aria-label': r.label, 'aria-valuemin': '0', 'aria-valuemax': '1', 'aria-valuenow': '0', 'aria-valuetext': 'not simulated yet', title: model.network.readouts?.[name]?.description ?? '' },
        h('div', { class: 'lbl', 'aria-hidden': 'true' }, r.label),
        val,
        h('div', { class: 'bar', 'aria-hidden': 'true' }, bar),
        ref,
      );
      return { name, el, val, bar, ref };
    });
    this.meterBox.append(...this.meters.map((m) => m.el));
    if (!this.meters.length) this.meterBox.append(h('p', { class: 'hint' }, 'This model defines no readouts; plot nodes below.'));
    clear(this.pinSelect);
    this.pinSelect.append(h('option', { value: '' }, 'Plot a node…'));
    for (const n of model.network.nodes) this.pinSelect.append(h('option', { value: n.id }, n.label ?? n.id));
    this.plotKey = '';
    this.drawn = [];
  }

  onSettings(): void {
    const { settings, model } = this.app;
    clear(this.pins);
    settings.pinned.forEach((id) => {
      const rm = h('button', { type: 'button', 'aria-label': `Stop plotting ${labelOf(model, id)}` }, '✕');
      rm.addEventListener('click', () => this.app.update((s) => s.pinned.splice(s.pinned.indexOf(id), 1)));
      this.pins.append(h('span', { class: 'chip' }, labelOf(model, id), rm));
    });
  }

  onReference(): void {
    this.plotKey = '';
    this.drawn = [];
  }

  onFrame(): void {
    const { sim, reference } = this.app;
    const now = this.app.readouts();
    const r = sim.result;
    const refFinal = reference?.result.readoutMeans[reference.result.readoutMeans.length - 1];
    for (const m of this.meters) {
      const k = r ? r.readoutNames.indexOf(m.name) : -1;
      const v = now && k >= 0 ? now[k]! : undefined;
      if (v === undefined) {
        m.val.textContent = '—';
        m.bar.style.width = '0';
        m.el.setAttribute('aria-valuenow', '0');
        m.el.setAttribute('aria-valuetext', 'not simulated yet');
      } else {
        const shown = v.toFixed(2);
        m.val.textContent = shown;
        m.bar.style.width = `${Math.round(v * 100)}%`;
        m.el.setAttribute('aria-valuenow', String(Math.round(v * 1000) / 1000));
        m.el.setAttribute('aria-valuetext', shown);
      }
      const rk = reference ? reference.result.readoutNames.indexOf(m.name) : -1;
      m.ref.textContent = refFinal && rk >= 0 ? `reference: ${refFinal[rk]!.toFixed(2)}` : '';
    }
    this.drawChart();
  }

  private series(): { label: string; color: string; dash?: number[]; width: number; get: (res: import('../../engine/types.js').SimulationResult, w: number) => number | undefined; ref: boolean }[] {
    const { model, settings, reference } = this.app;
    const out: ReturnType<ReadoutsPanel['series']> = [];
    let p = 0;
    const readouts = orderedReadouts(model.readouts.map((r) => r.name));
    const add = (ref: boolean) => {
      p = 0;
      for (const name of readouts) {
        const label = model.readouts.find((x) => x.name === name)!.label;
        const color = READOUT_COLORS[name] ?? PALETTE[p++ % PALETTE.length]!;
        out.push({ label: ref ? `${label} (ref.)` : label, color, width: ref ? 1.5 : 2.5, dash: ref ? [6, 4] : undefined, ref, get: (res, w) => { const k = res.readoutNames.indexOf(name); return k < 0 ? undefined : res.readoutMeans[w]![k]; } });
      }
      for (const id of settings.pinned) {
        const i = model.index.get(id)!;
        const color = PALETTE[p++ % PALETTE.length]!;
        out.push({ label: ref ? `${labelOf(model, id)} (ref.)` : labelOf(model, id), color, width: ref ? 1.2 : 1.6, dash: ref ? [6, 4] : undefined, ref, get: (res, w) => res.nodeFractions[w]![i] });
      }
    };
    add(false);
    if (reference) add(true);
    return out;
  }

  private drawChart(): void {
    const { sim, model, settings, reference } = this.app;
    const r = sim.result ?? reference?.result;
    const state = [sim.result, sim.cursor, reference, settings.pinned.join(), settings.scheme];
    if (this.drawn.length === state.length && state.every((x, k) => x === this.drawn[k])) return;
    this.drawn = state;
    this.empty.hidden = !!r;
    this.chartBox.hidden = !r;
    if (!r) {
      this.plot?.destroy();
      this.plot = undefined;
      this.plotKey = '';
      return;
    }
    const series = this.series();
    const scale = timeScale(model, settings.scheme);
    const key = JSON.stringify([series.map((s) => s.label), r.times.length, settings.scheme, reference?.label]);
    const xs = r.times.map((t) => t / scale);
    const upto = sim.result ? sim.cursor : -1;
    const data: uPlot.AlignedData = [
      xs,
      ...series.map((s) => {
        const src = s.ref ? reference!.result : sim.result;
        return xs.map((_, w) => (!src || w >= src.times.length || (!s.ref && w > upto) ? null : (s.get(src, w) ?? null)));
      }),
    ];
    if (key !== this.plotKey || !this.plot) {
      this.plot?.destroy();
      this.plotKey = key;
      const opts: uPlot.Options = {
        width: this.width,
        height: 210,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [
          { label: `time (${timeUnit(settings.scheme)})`, labelSize: 18, size: 34, font: '11px system-ui', labelFont: '11px system-ui' },
          { label: 'fraction / score', labelSize: 18, size: 38, font: '11px system-ui', labelFont: '11px system-ui' },
        ],
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        series: [{ label: 'time' }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: s.width, dash: s.dash, points: { show: false } }))],
      };
      this.plot = new uPlot(opts, data, this.chartBox);
    } else this.plot.setData(data);
  }

  /** Current chart data as columns, for CSV export. */
  columns(): { times: number[]; columns: { name: string; values: number[] }[] } | undefined {
    const r = this.app.sim.result;
    if (!r) return undefined;
    const { model, settings } = this.app;
    const scale = timeScale(model, settings.scheme);
    const cols = [
      ...r.readoutNames.map((name, k) => ({ name, values: r.readoutMeans.map((row) => row[k]!) })),
      ...settings.pinned.map((id) => ({ name: id, values: r.nodeFractions.map((row) => row[model.index.get(id)!]!) })),
    ];
    return { times: r.times.map((t) => t / scale), columns: cols };
  }
}
