import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/engine/simulate.js';
import type { SimulationRequest } from '../../src/engine/types.js';
import { checkExperimentData, parseExperiment } from '../../src/experiments/parse.js';
import { mergeScheme, planExperiment, toSchemeOptions } from '../../src/experiments/plan.js';
import { formatResult, resultJson } from '../../src/experiments/report.js';
import { failures, runExperiment, type SimulateFn } from '../../src/experiments/runner.js';
import { loadModelFile } from '../../src/formats/node-io.js';
import { repoRoot } from '../helpers/paths.js';
import { errorOf as err } from '../helpers/errors.js';

const model = loadModelFile(resolve(repoRoot(), 'networks/vsmc-mg.json'));
const sim: SimulateFn = (req) => simulate(req);
const exp = (o: object) => parseExperiment(JSON.stringify({ network: 'unused.json', ...o }, null, 2), 'test.json');


describe('running experiments on the engine', () => {
  it('chains `from` conditions through the final cell states', async () => {
    const calls: SimulationRequest[] = [];
    const e = exp({
      initial: 'healthy',
      scheme: { type: 'async', cells: 64, sweeps: 30, seed: 5 },
      conditions: {
        'Pi then washout': { from: 'Pi', inputs: {} },
        washout: { inputs: {} },
        Pi: { inputs: { Pi_load: 1 } },
        'Pi then Mg': { from: 'Pi', inputs: { Pi_load: 1, Mg_supp: 1 } },
      },
      expect: ['Calcification@Pi >= 0.9', 'Calcification@Pi then washout >= 0.9', 'Calcification@washout <= 0.1', 'Calcification@Pi then Mg <= 0.1'],
    });
    expect(e.order).toEqual(['Pi', 'Pi then washout', 'washout', 'Pi then Mg']);
    const r = await runExperiment(model, e, (req, ctx) => {
      calls.push(req);
      const res = simulate(req);
      if (ctx.condition === 'Pi') expect(res.finalStates).toBeDefined();
      return res;
    });
    expect(failures(r)).toEqual([]);
    // The source records its final states; dependents start from them (explicit initial states).
    expect(calls[0]!.record?.finalStates).toBe(true);
    expect(calls[2]!.record?.finalStates).toBeUndefined();
    const init = calls[1]!.initial as { states: Uint8Array; n: number };
    expect(init.n).toBe(model.ids.length);
    expect(init.states.length).toBe(64 * model.ids.length);
    // Calcified cells: Calcification is on in the states the washout starts from.
    expect(init.states[model.index.get('Calcification')!]).toBe(1);
    expect(calls[2]!.initial).toBe('healthy');
  });

  it('applies `@f` perturbations to that fraction of the cells', async () => {
    const e = exp({
      scheme: { type: 'sync', cells: 2000, steps: 40, seed: 11 },
      conditions: { 'Pi+Mg': { inputs: { Pi_load: 1, Mg_supp: 1 } }, 'Pi+Mg+KO70': { inputs: { Pi_load: 1, Mg_supp: 1 }, perturbations: ['TRPM7%0@0.7'] } },
      expect: ['TRPM7@Pi+Mg+KO70 >= 0.27', 'TRPM7@Pi+Mg+KO70 <= 0.33', 'Calcification@Pi+Mg+KO70 >= 0.67', 'Calcification@Pi+Mg+KO70 <= 0.73', 'Calcification@Pi+Mg == 0'],
    });
    const r = await runExperiment(model, e, sim);
    expect(r.expectations.map((o) => [o.expectation.expr, o.holds, o.left])).toEqual(r.expectations.map((o) => [o.expectation.expr, true, o.left]));
  });

  it('turns drugs given by dose into the fraction of cells the dose–response gives', async () => {
    const e = exp({
      scheme: { type: 'sync', cells: 3000, steps: 40, seed: 2 },
      inputs: { Pi_load: 1, Mg_supp: 1 },
      conditions: {
        none: {},
        ec50: { drugs: { '2-APB': '30 µM' } },
        high: { drugs: { '2-APB': 1e-4 } },
        siRNA: { drugs: { 'TRPM7 siRNA': 'default' } },
      },
    });
    const r = await runExperiment(model, e, sim);
    const v = (c: string, k: string) => r.conditions.find((x) => x.name === c)!.values.get(k)!;
    expect(v('none', 'APB2')).toBe(0);
    expect(v('ec50', 'APB2')).toBeGreaterThan(0.46);
    expect(v('ec50', 'APB2')).toBeLessThan(0.54);
    expect(v('ec50', 'Calcification')).toBeCloseTo(v('ec50', 'APB2'), 10); // every blocked cell loses protection
    expect(v('high', 'APB2')).toBeGreaterThan(0.89);
    const f = r.conditions.find((x) => x.name === 'siRNA')!.drugs[0]!.fraction;
    expect(Math.abs(v('siRNA', 'siTRPM7') - f)).toBeLessThan(0.04);
    expect(formatResult(r)).toMatch(/2-APB 30 µM → 50\.0 % of cells/);
  });

  it('uses the run hypothesis unless a condition pins its own, and condition flags', async () => {
    const e = exp({
      scheme: { type: 'sync', cells: 1, steps: 40, seed: 1 },
      conditions: {
        'CPP2+Mg': { inputs: { CPP2_added: 1, Mg_supp: 1 } },
        'CPP2+Mg passive': { hypothesis: 'PASSIVE', inputs: { CPP2_added: 1, Mg_supp: 1 } },
        'APB direct': { inputs: { Pi_load: 1, Mg_supp: 1, APB2: 1 }, flags: { OPT_CASR_DIRECT: 1 } },
      },
      expect: ['Calcification@CPP2+Mg <= 0.1', 'Calcification@CPP2+Mg passive >= 0.9', 'CaSR@APB direct >= 0.9'],
    });
    const full = await runExperiment(model, e, sim);
    expect(full.hypothesis).toBe('FULL');
    expect(failures(full)).toEqual([]);
    const active = await runExperiment(model, e, sim, { hypothesis: 'ACTIVE' });
    expect(active.conditions.map((c) => c.hypothesis)).toEqual(['ACTIVE', 'PASSIVE', 'ACTIVE']);
    expect(resultJson(active).hypothesis).toBe('ACTIVE');
  });

  it('converts sweeps to engine steps and lets later scheme levels win', () => {
    const n = model.ids.length;
    expect(toSchemeOptions({ type: 'async', sweeps: 40 }, n).steps).toBe(40 * n);
    expect(toSchemeOptions({ type: 'sync', sweeps: 40 }, n).steps).toBe(40);
    expect(toSchemeOptions({ type: 'stochastic', sweeps: 40 }, n).time).toBe(40);
    const m = mergeScheme({ type: 'async', cells: 100, sweeps: 40, seed: 1 }, { steps: 10 }, { cells: 5 });
    expect(m).toEqual({ type: 'async', cells: 5, steps: 10, seed: 1 });
    const e = exp({ scheme: { type: 'async', cells: 100, sweeps: 2 }, conditions: { a: { scheme: { seed: 9 } } } });
    const plan = planExperiment(model, e, { scheme: { cells: 7 } });
    expect(plan.conditions[0]!.request.scheme).toMatchObject({ type: 'async', cells: 7, seed: 9, steps: 2 * n });
  });

  it('checks everything the network can reject before running, at the JSON path', () => {
    const bad = (o: object) => err(() => planExperiment(model, exp(o)));
    let e = bad({ conditions: { Pi: { inputs: { Pi_load: 1 } } }, expect: ['Calcificaton@Pi >= 0.9'] });
    expect(e.loc.path).toBe('expect[0]');
    expect(e.message).toMatch(/column 1: unknown readout "Calcificaton" \(did you mean Calcification\?\)/);
    e = bad({ conditions: { Pi: { inputs: { Pi_load: 1 } } }, expect: ['Calcification@Pi >= Osteo_scor@Pi'] });
    expect(e.message).toMatch(/column 21: unknown readout "Osteo_scor"/);
    e = bad({ conditions: { A: { hypothesis: 'PASIVE' } } });
    expect(e.loc.path).toBe('conditions.A.hypothesis');
    expect(e.message).toMatch(/did you mean PASSIVE/);
    e = bad({ conditions: { A: { inputs: { RUNX2: 1 } } } });
    expect(e.loc.path).toBe('conditions.A.inputs.RUNX2');
    expect(e.message).toMatch(/not an input node.*RUNX2%1/);
    e = bad({ conditions: { A: { perturbations: ['Pi_load:RUNX2%0'] } } });
    expect(e.loc.path).toBe('conditions.A');
    expect(e.message).toMatch(/does not read Pi_load/);
    e = bad({ conditions: { A: { perturbations: ['TRPM8%0'] } } });
    expect(e.loc.path).toBe('conditions.A.perturbations[0]');
    e = bad({ conditions: { A: { flags: { MOD_INTRO: 1 } } } });
    expect(e.loc.path).toBe('conditions.A.flags');
    e = bad({ conditions: { A: { initial: 'heathy' } } });
    expect(e.loc.path).toBe('conditions.A.initial');
    e = bad({ conditions: { A: {}, B: { from: 'A', initial: 'healthy' } } });
    expect(e.message).toMatch(/both "from" and "initial"/);
    e = bad({ conditions: { A: {}, B: { from: 'A', scheme: { cells: 3 } } } });
    expect(e.loc.path).toBe('conditions.B.scheme.cells');
    e = bad({ readouts: ['Calcification', 'Nope'], conditions: { A: {} } });
    expect(e.loc.path).toBe('readouts[1]');
    e = bad({ conditions: { A: { schedule: [{ time: 3, node: 'Mg_sup', value: 1 }] } } });
    expect(e.loc.path).toBe('conditions.A.schedule[0].node');
    expect(() => planExperiment(model, exp({ conditions: { A: {} } }), { hypothesis: 'NOPE' })).toThrow(/unknown hypothesis "NOPE"/);
    // Errors carry the file's line and column.
    expect(e.loc.line).toBeGreaterThan(1);
  });

  it('accepts a single condition object for embedding (no expectations)', () => {
    const e = checkExperimentData({ conditions: { x: { inputs: { Pi_load: 1 } } } });
    expect(planExperiment(model, e).columns).toEqual(model.readouts.map((r) => r.name));
  });
});
