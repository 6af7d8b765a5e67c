import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/formats/node-io.js';
import { applyDrug, doseForFraction, doseFraction, formatDose, parseDose } from '../../src/model/dose.js';
import type { Model } from '../../src/model/model.js';
import { validateNetwork } from '../../src/model/validate.js';
import { VsmcError } from '../../src/util/errors.js';
import { repoRoot } from '../helpers/paths.js';

const model = loadModelFile(resolve(repoRoot(), 'networks/vsmc-mg.json'));

describe('dose → fraction of cells', () => {
  it('follows maxEffect · d^h / (d^h + EC50^h)', () => {
    const spec = { ec50: 30, hill: 2, maxEffect: 0.8 };
    expect(doseFraction(0, spec)).toBe(0);
    expect(doseFraction(30, spec)).toBeCloseTo(0.4, 12);
    expect(doseFraction(100, spec)).toBeCloseTo((0.8 * 100 ** 2) / (100 ** 2 + 30 ** 2), 12);
    expect(doseFraction(1e300, spec)).toBeCloseTo(0.8, 12);
    expect(doseFraction(5, { ec50: 5 })).toBe(0.5); // hill and maxEffect default to 1
    for (const f of [0.1, 0.4, 0.7]) expect(doseFraction(doseForFraction(f, spec), spec)).toBeCloseTo(f, 10);
    expect(() => doseFraction(-1, spec)).toThrow(VsmcError);
  });

  it('reads doses with molar units and converts them to the drug unit', () => {
    expect(parseDose(1e-4, 'M')).toBe(1e-4);
    expect(parseDose('100 µM', 'M')).toBe(1e-4);
    expect(parseDose('100uM', 'M')).toBe(1e-4);
    expect(parseDose('0.1 mM', 'µM')).toBe(100);
    expect(parseDose('50', 'nM')).toBe(50);
    expect(parseDose('2 mg/L', 'mg/L')).toBe(2);
    expect(() => parseDose('2 mg/L', 'M')).toThrow(/cannot be converted/);
    expect(() => parseDose('lots', 'M')).toThrow(/cannot read/);
    expect(formatDose(1e-4, 'M')).toBe('100 µM');
    expect(formatDose(5e-8, 'M')).toBe('50 nM');
  });

  it('applies a network drug by name and dose', () => {
    const apb = applyDrug(model, '2-APB', '100 µM');
    const spec = model.network.drugs!['2-APB']!.dose!;
    expect(apb.fraction).toBeCloseTo(doseFraction(1e-4, spec), 12);
    expect(apb.perturbations).toEqual([{ kind: 'input', node: 'APB2', value: 1, fraction: apb.fraction }]);
    expect(applyDrug(model, '2-APB', 'default').dose).toBe(spec.defaultDose);
    expect(applyDrug(model, '2-APB', 0).fraction).toBe(0);
    expect(applyDrug(model, '2-APB', false).fraction).toBe(0);
    const mimic = applyDrug(model, 'miR-30b mimic', true);
    expect(mimic.perturbations[0]).toMatchObject({ kind: 'node', node: 'miR30b', value: 1 });
    expect(mimic.fraction).toBeLessThan(0.8);
    expect(() => applyDrug(model, '2-APC', 1)).toThrow(/unknown drug "2-APC" \(did you mean 2-APB\?\)/);
  });

  it('multiplies an action’s own fraction and handles drugs without a dose–response', () => {
    const net = structuredClone(model.network);
    net.drugs = { half: { actions: ['TRPM7%0@0.5'] }, graded: { actions: ['TRPM7%0@0.5'], dose: { ec50: 1, unit: 'M' } } };
    const m: Model = validateNetwork(net);
    expect(applyDrug(m, 'half', true).perturbations[0]).toMatchObject({ fraction: 0.5 });
    expect(applyDrug(m, 'half', 0).fraction).toBe(0);
    expect(applyDrug(m, 'graded', 1).perturbations[0]).toMatchObject({ fraction: 0.25 });
    expect(() => applyDrug(m, 'graded', 'default')).toThrow(/no default dose/);
  });
});
