/**
 * The model's named drugs, each with a dose control. A dose acts on a fraction of the cells
 * (Hill curve, src/model/dose.ts); the drug's actions are applied to that fraction.
 */
import type { App, Panel } from '../app.js';
import { doseFraction } from '../../model/dose.js';
import { parsePerturbation } from '../../model/perturbation.js';
import type { Drug } from '../../model/schema.js';
import { clear, h, pct, section } from '../dom.js';
import { labelOf } from '../model-info.js';

const MOLAR: [number, string][] = [
  [1, 'M'],
  [1e-3, 'mM'],
  [1e-6, 'µM'],
  [1e-9, 'nM'],
  [1e-12, 'pM'],
];

/** "100 µM" for 1e-4 M; other units as given. */
export function formatDose(dose: number, unit: string): string {
  const molar = unit === 'M' || unit === 'mol/L' ? 1 : unit === 'mM' || unit === 'mmol/L' ? 1e-3 : unit === 'µM' || unit === 'μM' || unit === 'uM' ? 1e-6 : unit === 'nM' ? 1e-9 : undefined;
  if (molar !== undefined && dose > 0) {
    const m = dose * molar;
    const [f, u] = MOLAR.find(([f]) => m >= f * 0.9999) ?? MOLAR[MOLAR.length - 1]!;
    return `${trim(m / f)} ${u}`;
  }
  return `${trim(dose)} ${unit}`;
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));
}

interface DrugRow {
  name: string;
  drug: Drug;
  box: HTMLInputElement;
  slider?: HTMLInputElement;
  out?: HTMLOutputElement;
  frac?: HTMLElement;
  card: HTMLElement;
}

export class DrugsPanel implements Panel {
  readonly el: HTMLElement;
  private body = h('div');
  private rows: DrugRow[] = [];

  constructor(private app: App) {
    this.el = section('Drugs', h('p', { class: 'hint' }, 'A dose acts on a fraction of the cells: maxEffect · dʰ / (dʰ + EC50ʰ).'), this.body);
  }

  onModel(): void {
    clear(this.body);
    this.rows = [];
    const drugs = this.app.model.network.drugs ?? {};
    const names = Object.keys(drugs);
    this.el.hidden = names.length === 0;
    for (const name of names) this.body.append(this.row(name, drugs[name]!));
  }

  private row(name: string, drug: Drug): HTMLElement {
    const label = drug.label ?? name;
    const box = h('input', { type: 'checkbox', 'aria-label': `Give ${label}` });
    const row: DrugRow = { name, drug, box, card: h('div', { class: 'drug' }) };
    box.addEventListener('change', () =>
      this.app.update((s) => {
        if (box.checked) s.drugs.set(name, drug.dose ? this.sliderDose(row) : 1);
        else s.drugs.delete(name);
      }),
    );
    const effects = drug.actions.map((a) => describeAction(this.app, a)).join('; ');
    row.card.append(h('label', { class: 'name' }, box, h('span', {}, label)), h('div', { class: 'effects' }, effects));
    const dose = drug.dose;
    if (dose) {
      // Bounds on the slider's 0.01 grid, so the default dose sits exactly on a slider position.
      const lo = Math.floor((Math.log10(dose.ec50) - 2) * 100) / 100;
      const hi = Math.ceil(Math.max(Math.log10(dose.ec50) + 2, Math.log10(dose.defaultDose ?? dose.ec50) + 1) * 100) / 100;
      const slider = h('input', { type: 'range', min: lo.toFixed(3), max: hi.toFixed(3), step: '0.01', 'aria-label': `Dose of ${label}` });
      slider.value = (Math.round(Math.log10(dose.defaultDose ?? dose.ec50) * 100) / 100).toFixed(2);
      const out = h('output', {}) as HTMLOutputElement;
      const frac = h('div', { class: 'frac' });
      row.slider = slider;
      row.out = out;
      row.frac = frac;
      slider.addEventListener('input', () => {
        this.showDose(row, this.sliderDose(row));
        this.app.update((s) => s.drugs.set(name, this.sliderDose(row)));
      });
      row.card.append(h('div', { class: 'dose' }, slider, out, frac));
    }
    const more: (string | HTMLElement)[] = [];
    if (drug.description) more.push(h('p', {}, drug.description));
    if (drug.caveats) more.push(h('p', {}, h('strong', {}, 'Caveats: '), drug.caveats));
    if (dose?.source) more.push(h('p', {}, h('strong', {}, 'Dose calibration: '), dose.source));
    if (more.length) row.card.append(h('details', {}, h('summary', {}, 'About'), ...more));
    this.rows.push(row);
    return row.card;
  }

  private sliderDose(row: DrugRow): number {
    if (!row.slider) return 1;
    return Number(Math.pow(10, Number(row.slider.value)).toPrecision(2));
  }

  private showDose(row: DrugRow, dose: number): void {
    if (!row.drug.dose || !row.out || !row.frac) return;
    row.out.textContent = formatDose(dose, row.drug.dose.unit);
    const f = doseFraction(dose, row.drug.dose);
    row.frac.textContent = `acts in ${pct(f)} of cells`;
  }

  onSettings(): void {
    for (const row of this.rows) {
      const dose = this.app.settings.drugs.get(row.name);
      row.box.checked = dose !== undefined;
      row.card.classList.toggle('active', dose !== undefined);
      if (row.slider && dose !== undefined && dose > 0 && document.activeElement !== row.slider) row.slider.value = String(Math.log10(dose));
      this.showDose(row, dose ?? this.sliderDose(row));
      if (row.frac && dose === undefined) row.frac.textContent += ' when given';
    }
  }
}

function describeAction(app: App, text: string): string {
  try {
    const p = parsePerturbation(text);
    const f = p.fraction !== undefined ? ` in ${pct(p.fraction)} of cells` : '';
    if (p.kind === 'input') return `sets ${labelOf(app.model, p.node)} ${p.value ? 'on' : 'off'}${f}`;
    if (p.kind === 'node') return `${p.value ? 'forces on' : 'knocks out'} ${labelOf(app.model, p.node)}${f}`;
    return `cuts ${labelOf(app.model, p.source)} → ${labelOf(app.model, p.target)}${f}`;
  } catch {
    return text;
  }
}

