/**
 * `--param NAME=RANGE` for dose–response sweeps: what NAME means (a drug with its dose mapping, a
 * perturbation whose population fraction is swept, or a `$parameter`) and the values of RANGE.
 */
import { normalisePerturbation as normalise } from '../experiments/plan.js';
import { applyDrug, doseFraction, parseDose } from '../model/dose.js';
import type { Model } from '../model/model.js';
import { formatPerturbation, parsePerturbation, type Perturbation } from '../model/perturbation.js';
import { VsmcError, suggest } from '../util/errors.js';
import type { Item, JobSpec, SweepParam } from './types.js';

export const MAX_SWEEP_VALUES = 10_000;
export const MAX_SWEEP_POINTS = 200_000;

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const NUM_RE = new RegExp(`^${NUM}$`);

/** Keep 12 significant digits so that 0.1 + 0.2 prints as 0.3. */
function tidy(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(12));
}

function num(s: string, what: string): number {
  const t = s.trim();
  if (!NUM_RE.test(t)) throw new VsmcError('syntax', `${what}: "${t}" is not a number`);
  return Number(t);
}

/**
 * Values of a range: `a:b:step` (a, a+step, … up to b inclusive), `a:b:*f` (geometric, factor f),
 * or a list `v1,v2,…`; an optional unit at the end (`0:3:0.25 mM`) applies to every value.
 */
export function parseRange(text: string, what: string): { values: number[]; unit?: string } {
  let body = text.trim();
  let unit: string | undefined;
  const um = /^(.*?[0-9.])\s*([A-Za-zµμ][A-Za-zµμ/]*)$/.exec(body);
  if (um && !/[eE]$/.test(um[1]!) && !/^[eE]\d/.test(um[2]!)) {
    body = um[1]!;
    unit = um[2]!;
  }
  let values: number[];
  if (body.includes(':')) {
    const parts = body.split(':');
    if (parts.length !== 3) throw new VsmcError('syntax', `${what}: a range is start:stop:step (or start:stop:*factor), found "${text}"`);
    const a = num(parts[0]!, what);
    const b = num(parts[1]!, what);
    const stepText = parts[2]!.trim();
    values = [];
    if (stepText.startsWith('*')) {
      const f = num(stepText.slice(1), what);
      if (!(a > 0) || !(f > 1) || !(b >= a)) throw new VsmcError('semantic', `${what}: a geometric range a:b:*f needs 0 < a ≤ b and f > 1, found "${text}"`);
      for (let v = a; v <= b * (1 + 1e-9); v *= f) {
        values.push(tidy(v));
        if (values.length > MAX_SWEEP_VALUES) break;
      }
    } else {
      const step = num(stepText, what);
      if (!(step > 0) || !(b >= a)) throw new VsmcError('semantic', `${what}: a range a:b:step needs a ≤ b and step > 0, found "${text}"`);
      const count = Math.floor((b - a) / step + 1e-9) + 1;
      if (count > MAX_SWEEP_VALUES) throw new VsmcError('limit', `${what}: ${count} values; the limit is ${MAX_SWEEP_VALUES}`);
      for (let k = 0; k < count; k++) values.push(tidy(a + k * step));
    }
  } else {
    values = body.split(',').map((s) => num(s, what));
  }
  if (values.length === 0) throw new VsmcError('syntax', `${what}: no values in "${text}"`);
  if (values.length > MAX_SWEEP_VALUES) throw new VsmcError('limit', `${what}: more than ${MAX_SWEEP_VALUES} values`);
  return { values, unit };
}

function drugKeys(model: Model): string[] {
  return Object.keys(model.network.drugs ?? {});
}

/** A drug named by key, by label, or through the input node that is its only action (`Mg_supp` → "Mg supplement"). */
function findDrug(model: Model, name: string): string | undefined {
  const drugs = model.network.drugs ?? {};
  const keys = drugKeys(model);
  if (keys.includes(name)) return name;
  const byLabel = keys.filter((k) => drugs[k]!.label === name);
  if (byLabel.length === 1) return byLabel[0];
  const i = model.index.get(name);
  if (i !== undefined && model.inputs[i]) {
    const via = keys.filter((k) => drugs[k]!.dose && drugs[k]!.actions.length === 1 && drugs[k]!.actions[0]!.replace(/\s+/g, '') === `${name}=1`);
    if (via.length === 1) return via[0];
  }
  return undefined;
}

export function parseSweepParam(model: Model, text: string): SweepParam {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) throw new VsmcError('syntax', `--param "${text}": expected NAME=RANGE, e.g. "Mg supplement=0:3e-3:2.5e-4", TRPM7%0=0:1:0.1 or $k=0.5,1,2`);
  const name = text.slice(0, eq).trim();
  const range = text.slice(eq + 1);
  const what = `--param ${name}`;
  const { values, unit } = parseRange(range, what);

  if (name.startsWith('$')) {
    const params = model.network.parameters ?? {};
    const bare = name.slice(1);
    const key = Object.prototype.hasOwnProperty.call(params, name) ? name : Object.prototype.hasOwnProperty.call(params, bare) ? bare : undefined;
    if (key === undefined) {
      const known = Object.keys(params);
      throw new VsmcError('unknown-identifier', `${what}: unknown parameter${suggest(bare, known.map((k) => k.replace(/^\$/, '')))}; the model defines ${known.length ? known.join(', ') : 'no parameters'}`, { file: model.file });
    }
    if (unit !== undefined) throw new VsmcError('semantic', `${what}: a parameter value has no unit (found "${unit}")`);
    if (!values.every(Number.isFinite)) throw new VsmcError('semantic', `${what}: values must be finite`);
    return { name, kind: 'parameter', target: key, values };
  }

  if (/[%=:]/.test(name)) {
    const p = parsePerturbation(name);
    if (p.fraction !== undefined) throw new VsmcError('syntax', `${what}: leave out "@fraction": the swept values are the fractions`);
    for (const nm of p.kind === 'edge' ? [p.source, p.target] : [p.node]) {
      if (!model.index.has(nm)) throw new VsmcError('unknown-identifier', `${what}: unknown node "${nm}"${suggest(nm, model.ids)}`, { file: model.file });
    }
    if (p.kind === 'input' && !model.inputs[model.index.get(p.node)!]) throw new VsmcError('semantic', `${what}: "${p.node}" is not an input node; use ${p.node}%${p.value}`, { file: model.file });
    checkFractions(values, unit, what);
    return { name, kind: 'perturbation', target: formatPerturbation(p), values };
  }

  const drug = findDrug(model, name);
  if (drug !== undefined) {
    const spec = model.network.drugs![drug]!.dose;
    if (!spec) {
      // No dose–response: the value is the fraction of cells the drug reaches.
      checkFractions(values, unit, what);
      return { name, kind: 'drug', target: drug, values };
    }
    const doses = values.map((v) => parseDose(unit === undefined ? v : `${v} ${unit}`, spec.unit, what));
    if (doses.some((d) => d < 0)) throw new VsmcError('semantic', `${what}: doses must be ≥ 0`);
    return { name, kind: 'drug', target: drug, values: doses.map(tidy), unit: spec.unit };
  }

  const i = model.index.get(name);
  if (i !== undefined) {
    if (model.inputs[i]) {
      checkFractions(values, unit, what);
      return { name, kind: 'perturbation', target: `${name}=1`, values };
    }
    throw new VsmcError('semantic', `${what}: "${name}" is not an input or a drug; sweep the fraction of cells where it is knocked out or forced on with ${name}%0=… or ${name}%1=…`, { file: model.file });
  }
  const known = [...drugKeys(model), ...model.ids.filter((_, k) => model.inputs[k])];
  throw new VsmcError('unknown-identifier', `${what}: "${name}" is not a drug, an input node, a perturbation or a $parameter${suggest(name, known)}; drugs: ${drugKeys(model).map((k) => `"${k}"`).join(', ') || 'none'}`, { file: model.file });
}

function checkFractions(values: number[], unit: string | undefined, what: string): void {
  if (unit !== undefined) throw new VsmcError('semantic', `${what}: the swept values are fractions of cells (0–1), without a unit (found "${unit}")`);
  const bad = values.find((v) => !(v >= 0 && v <= 1));
  if (bad !== undefined) throw new VsmcError('semantic', `${what}: the swept values are fractions of cells and must be between 0 and 1, found ${bad}`);
}

/** What one value of one parameter does: perturbations (with their fraction), parameter values, fraction of cells. */
export function applyParamValue(model: Model, p: SweepParam, v: number): { perturbations: Perturbation[]; parameters: [string, number][]; fraction: number } {
  if (p.kind === 'parameter') return { perturbations: [], parameters: [[p.target, v]], fraction: 1 };
  if (p.kind === 'perturbation') return { perturbations: withFraction([parsePerturbation(p.target)], v), parameters: [], fraction: v };
  const drug = model.network.drugs![p.target]!;
  if (!drug.dose) return { perturbations: withFraction(drug.actions.map(parsePerturbation), v), parameters: [], fraction: v };
  const app = applyDrug(model, p.target, v);
  return { perturbations: app.perturbations.map(normalise).filter((x) => x.fraction === undefined || x.fraction > 0), parameters: [], fraction: app.fraction };
}

function withFraction(ps: Perturbation[], f: number): Perturbation[] {
  if (f <= 0) return [];
  return ps.map((p) => {
    const g = (p.fraction ?? 1) * f;
    const { fraction: _drop, ...rest } = p;
    void _drop;
    return normalise((g >= 1 ? rest : { ...rest, fraction: g }) as Perturbation);
  });
}

/** Grid items: the cartesian product of the parameters' values, first parameter outermost. */
export function sweepItems(model: Model, job: JobSpec): Item[] {
  const params = job.sweep?.params;
  if (!params?.length) throw new VsmcError('semantic', 'a sweep needs at least one --param');
  const total = params.reduce((a, p) => a * p.values.length, 1);
  if (total > MAX_SWEEP_POINTS) throw new VsmcError('limit', `the sweep has ${total} points; the limit is ${MAX_SWEEP_POINTS}`);
  const items: Item[] = [];
  const coords = new Array<number>(params.length).fill(0);
  for (let k = 0; k < total; k++) {
    let r = k;
    for (let d = params.length - 1; d >= 0; d--) {
      const len = params[d]!.values.length;
      coords[d] = r % len;
      r = Math.floor(r / len);
    }
    const perturbations: Perturbation[] = [];
    const parameters: [string, number][] = [];
    const vals: number[] = [];
    const fractions: number[] = [];
    params.forEach((p, d) => {
      const v = p.values[coords[d]!]!;
      const eff = applyParamValue(model, p, v);
      perturbations.push(...eff.perturbations);
      parameters.push(...eff.parameters);
      vals.push(v);
      fractions.push(eff.fraction);
    });
    const key = params.map((p, d) => `${p.name}=${vals[d]}`).join(' ');
    const item: Item = { index: k, key, coords: vals, fractions };
    if (perturbations.length) item.perturbations = perturbations;
    if (parameters.length) item.parameters = parameters;
    items.push(item);
  }
  return items;
}

/** A note when every dose but the lowest already saturates the drug (a unit slip such as mM for M). */
export function doseNotes(model: Model, params: SweepParam[]): string[] {
  const notes: string[] = [];
  for (const p of params) {
    if (p.kind !== 'drug') continue;
    const spec = model.network.drugs![p.target]!.dose;
    if (!spec) continue;
    const fr = p.values.map((v) => doseFraction(v, spec));
    const max = spec.maxEffect ?? 1;
    const positive = fr.filter((_, k) => p.values[k]! > 0);
    if (positive.length >= 2 && positive.every((f) => f >= 0.999 * max)) {
      notes.push(`--param ${p.name}: every positive dose gives ≥ 99.9 % of the maximal effect (EC50 ${spec.ec50} ${spec.unit}); doses are in ${spec.unit} unless a unit is given, e.g. "${p.name}=0:3:0.25 mM"`);
    }
  }
  return notes;
}
