/**
 * Dose → fraction of cells affected, for drugs declared in a network (`drugs.NAME.dose`):
 *
 *   fraction = maxEffect · d^h / (d^h + EC50^h)
 *
 * A Boolean cell is either hit by a drug or not, so a dose acts on the population: the drug's
 * actions apply in `fraction` of the cells (MaBoSS DrugSim style). Shared by the experiment
 * runner, the CLI and the web app.
 */
import { VsmcError, suggest } from '../util/errors.js';
import type { Model } from './model.js';
import { parsePerturbation, type Perturbation } from './perturbation.js';
import type { Drug } from './schema.js';

export interface DoseResponse {
  ec50: number;
  hill?: number;
  maxEffect?: number;
  unit: string;
  defaultDose?: number;
}

/** Hill dose–response; 0 for a zero dose, maxEffect/2 at the EC50. */
export function doseFraction(dose: number, spec: Pick<DoseResponse, 'ec50' | 'hill' | 'maxEffect'>): number {
  if (!(dose >= 0) || !Number.isFinite(dose)) throw new VsmcError('semantic', `a dose must be a finite number ≥ 0, found ${dose}`);
  const h = spec.hill ?? 1;
  const max = spec.maxEffect ?? 1;
  if (dose === 0) return 0;
  // Ratio form (1 / (1 + (EC50/d)^h)) stays finite for huge doses and steep Hill coefficients.
  const r = Math.pow(spec.ec50 / dose, h);
  return max / (1 + r);
}

/** Inverse of doseFraction: the dose that affects `fraction` of the cells (Infinity at or above maxEffect). */
export function doseForFraction(fraction: number, spec: Pick<DoseResponse, 'ec50' | 'hill' | 'maxEffect'>): number {
  const h = spec.hill ?? 1;
  const max = spec.maxEffect ?? 1;
  if (fraction <= 0) return 0;
  if (fraction >= max) return Infinity;
  return spec.ec50 * Math.pow(fraction / (max - fraction), 1 / h);
}

// Concentration units that can be converted into each other (factor to mol/L).
const MOLAR: ReadonlyMap<string, number> = new Map([
  ['M', 1],
  ['mM', 1e-3],
  ['µM', 1e-6],
  ['μM', 1e-6], // Greek mu (U+03BC) as well as the micro sign (U+00B5)
  ['uM', 1e-6],
  ['nM', 1e-9],
  ['pM', 1e-12],
  ['mol/L', 1],
  ['mmol/L', 1e-3],
  ['µmol/L', 1e-6],
  ['μmol/L', 1e-6],
  ['umol/L', 1e-6],
  ['nmol/L', 1e-9],
]);

/**
 * A dose as written by a user: a number (already in the drug's unit) or a string "100 µM",
 * "100uM", "0.1 mM", "1e-4 M". Molar units are converted to the drug's unit when it is molar too;
 * any other unit must match the drug's unit exactly.
 */
export function parseDose(amount: number | string, unit: string, what = 'dose'): number {
  if (typeof amount === 'number') {
    if (!(amount >= 0) || !Number.isFinite(amount)) throw new VsmcError('semantic', `${what}: must be a finite number ≥ 0, found ${amount}`);
    return amount;
  }
  const m = /^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(\S.*?)?\s*$/.exec(amount);
  if (!m) throw new VsmcError('syntax', `${what}: cannot read "${amount}"; write a number in ${unit}, or a number with a unit such as "100 µM"`);
  const value = Number(m[1]);
  const given = m[2];
  if (given === undefined || given === unit) return value;
  const from = MOLAR.get(given);
  const to = MOLAR.get(unit);
  // Rounded to 12 significant digits so that "10 µM" in M is 1e-5, not 0.000009999999999999999.
  if (from !== undefined && to !== undefined) return Number(((value * from) / to).toPrecision(12));
  throw new VsmcError('semantic', `${what}: unit "${given}" cannot be converted to the drug's unit "${unit}"`);
}

const PREFIXES: [string, number][] = [
  ['M', 1],
  ['mM', 1e-3],
  ['µM', 1e-6],
  ['nM', 1e-9],
  ['pM', 1e-12],
];

/** A dose for people: molar doses in the prefix that gives 1–999 ("100 µM" rather than "0.0001 M"). */
export function formatDose(dose: number, unit: string): string {
  const f = MOLAR.get(unit);
  if (f === undefined || dose === 0) return `${Number(dose.toPrecision(6))} ${unit}`.trim();
  const molar = dose * f;
  const [name, g] = PREFIXES.find(([, g]) => molar >= g * (1 - 1e-9)) ?? PREFIXES[PREFIXES.length - 1]!;
  return `${Number((molar / g).toPrecision(6))} ${name}`;
}

export interface DrugApplication {
  drug: string;
  /** Dose in the drug's unit (undefined for a drug without a dose–response). */
  dose?: number;
  unit?: string;
  /** Fraction of cells in which the actions apply. */
  fraction: number;
  /** The drug's actions with the fraction applied (actions that already carry @f are multiplied). */
  perturbations: Perturbation[];
}

export type DoseRequest = number | string | boolean | null;

/**
 * Resolve a drug given by name and dose. `true`, `null` or "default" mean the drug's default dose
 * (or "fully applied" for a drug without a dose–response); `false` or 0 mean no drug.
 */
export function applyDrug(model: Model, name: string, request: DoseRequest): DrugApplication {
  const drugs = model.network.drugs ?? {};
  if (!Object.prototype.hasOwnProperty.call(drugs, name)) {
    const known = Object.keys(drugs);
    throw new VsmcError('unknown-identifier', known.length ? `unknown drug "${name}"${suggest(name, known)}; the model defines ${known.map((k) => `"${k}"`).join(', ')}` : `unknown drug "${name}": the model defines no drugs`, { file: model.file });
  }
  const drug: Drug = drugs[name]!;
  const spec = drug.dose;
  let dose: number | undefined;
  let fraction: number;
  const useDefault = request === true || request === null || request === 'default';
  if (request === false) {
    dose = 0;
    fraction = 0;
  } else if (!spec) {
    // No dose–response declared: the drug is either given (every cell) or not.
    if (useDefault) dose = undefined;
    else if (typeof request === 'number') dose = parseDose(request, '', `drug "${name}"`);
    else {
      const m = /^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)/.exec(String(request));
      if (!m) throw new VsmcError('syntax', `drug "${name}": cannot read dose "${String(request)}"; it has no dose–response, so give true, "default", or a number`);
      dose = Number(m[1]);
    }
    fraction = dose === 0 ? 0 : 1;
  } else {
    if (useDefault) {
      if (spec.defaultDose === undefined) throw new VsmcError('semantic', `drug "${name}" has no default dose; give one in ${spec.unit}`);
      dose = spec.defaultDose;
    } else dose = parseDose(request as number | string, spec.unit, `drug "${name}"`);
    fraction = doseFraction(dose, spec);
  }
  const perturbations = drug.actions.map((a) => {
    const p = parsePerturbation(a);
    const f = (p.fraction ?? 1) * fraction;
    const { fraction: _drop, ...rest } = p;
    void _drop;
    return (f >= 1 ? rest : { ...rest, fraction: f }) as Perturbation;
  });
  return { drug: name, dose, unit: spec?.unit, fraction, perturbations };
}
