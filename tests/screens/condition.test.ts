import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchScheme, resolveCondition } from '../../src/screens/condition-node.js';
import { BATCH_DEFAULT_SCHEME } from '../../src/screens/batch-node.js';
import { DRUG_NET, modelOf, tempDir } from './helpers.js';

describe('batch conditions', () => {
  const model = modelOf(DRUG_NET);

  it('reads a condition file with drugs at a dose, and --inputs on top', () => {
    const dir = tempDir();
    const f = join(dir, 'cond.json');
    writeFileSync(f, JSON.stringify({ inputs: { E: 0 }, drugs: { 'Dee drug': '1 µM' }, scheme: { cells: 123 } }));
    const r = resolveCondition(model, { condition: f, inputs: 'E=1' });
    expect(r.condition.inputs).toEqual({ E: 1 });
    // The drug reaches half the cells at its EC50: a fractional intervention on its input.
    expect(r.condition.perturbations).toEqual([{ kind: 'input', node: 'D', value: 1, fraction: 0.5 }]);
    expect(r.condition.label).toBe(`${f}; inputs E=1`);
    const s = batchScheme(model, BATCH_DEFAULT_SCHEME, r.scheme, { seed: 9 });
    expect(s).toMatchObject({ type: 'async', cells: 123, seed: 9, steps: 50 * model.ids.length, every: 50 * model.ids.length });
  });

  it('takes a named condition of an experiment file and locates errors in plain condition files', () => {
    const dir = tempDir();
    const exp = join(dir, 'exp.json');
    writeFileSync(exp, JSON.stringify({ inputs: { D: 1 }, conditions: { a: {}, b: { perturbations: ['T%0'] } } }));
    const r = resolveCondition(model, { condition: `${exp}#b` });
    expect(r.condition).toMatchObject({ label: `${exp}#b`, inputs: { D: 1 }, perturbations: [{ kind: 'node', node: 'T', value: 0 }] });
    expect(() => resolveCondition(model, { condition: exp })).toThrow(/2 conditions; choose one with .*#NAME \(a, b\)/);
    expect(() => resolveCondition(model, { condition: `${exp}#c` })).toThrow(/no condition "c"/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ inputs: { Dd: 1 } }));
    expect(() => resolveCondition(model, { condition: bad })).toThrow(/bad\.json: inputs\.Dd: unknown input "Dd" \(did you mean D\?\)/);
    expect(() => resolveCondition(model, { inputs: 'T=1' })).toThrow(/not an input node/);
    expect(() => resolveCondition(model, { perturb: 'Q%0' })).toThrow(/unknown node "Q"/);
  });
});
