/**
 * Interventions, schedules, noise and rates: each does exactly what it claims.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/rules/ast.js';
import { prepare } from '../../src/model/prepare.js';
import { validateNetwork } from '../../src/model/validate.js';
import type { Network } from '../../src/model/schema.js';
import type { Perturbation } from '../../src/model/perturbation.js';
import { parsePerturbation } from '../../src/model/perturbation.js';
import { simulate } from '../../src/engine/simulate.js';
import { referenceDir } from '../helpers/paths.js';
import { loadModelFile } from '../../src/formats/node-io.js';

const cellcycle = () => loadModelFile(resolve(referenceDir(), 'boolnet/cellcycle.txt'));

function allStates(n: number): Uint8Array {
  const s = new Uint8Array((1 << n) * n);
  for (let x = 0; x < 1 << n; x++) for (let i = 0; i < n; i++) s[x * n + i] = (x >> i) & 1;
  return s;
}

/** Within k standard errors of a binomial proportion over `cells`. */
function near(observed: number, p: number, cells: number, k = 4): void {
  const se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / cells);
  expect(Math.abs(observed - p), `observed ${observed}, expected ${p} ± ${k}×${se.toExponential(2)}`).toBeLessThanOrEqual(k * se + 1e-12);
}

function net(nodes: Network['nodes'], extra: Partial<Network> = {}) {
  return validateNetwork({ nodes, ...extra });
}

describe('whole-population interventions change exactly the rules they name', () => {
  const model = cellcycle();
  const n = model.ids.length;
  const base = prepare(model);
  const states = allStates(n);
  const cells = 1 << n;
  const idx = (id: string) => model.index.get(id)!;

  /** Successor of every state under a perturbation, from the engine (sync, one step). */
  const engineStep = (p: Perturbation[]) => {
    const r = simulate({ model, perturbations: p, scheme: { type: 'sync', cells, seed: 1, steps: 1 }, initial: { states, n }, record: { finalStates: true } });
    return r.finalStates!;
  };
  /** The truth-table expectation: original rules, with `value(x, i)` overriding inputs/outputs. */
  const check = (out: Uint8Array, start: (x: Uint8Array) => Uint8Array, succ: (x: Uint8Array, i: number) => number) => {
    for (let c = 0; c < cells; c++) {
      const x = start(states.slice(c * n, c * n + n));
      for (let i = 0; i < n; i++) expect(out[c * n + i], `state ${c}, node ${model.ids[i]}`).toBe(succ(x, i));
    }
  };
  const f = (x: Uint8Array, i: number, override?: (name: string) => boolean | undefined) =>
    evaluate(base.rules[i]!, (nm) => override?.(nm) ?? x[idx(nm)] === 1) ? 1 : 0;

  it('knockout X%0: X is 0 from the start and stays 0; other rules unchanged', () => {
    const out = engineStep([parsePerturbation('CycE%0')]);
    const k = idx('CycE');
    check(out, (x) => ((x[k] = 0), x), (x, i) => (i === k ? 0 : f(x, i)));
  });

  it('forced X%1: X is 1 from the start and stays 1; other rules unchanged', () => {
    const out = engineStep([parsePerturbation('Cdc20%1')]);
    const k = idx('Cdc20');
    check(out, (x) => ((x[k] = 1), x), (x, i) => (i === k ? 1 : f(x, i)));
  });

  it('edge A:B%v: B reads A as the constant v; A itself and every other rule unchanged', () => {
    const out = engineStep([parsePerturbation('CycB:Cdh1%1')]);
    const b = idx('Cdh1');
    check(out, (x) => x, (x, i) => (i === b ? f(x, i, (nm) => (nm === 'CycB' ? true : undefined)) : f(x, i)));
  });

  it('input settings hold the input at its value; a scheduled event changes it from then on', () => {
    const m = net([
      { id: 'I', input: true, default: 0 },
      { id: 'Z', rule: 'I' },
    ]);
    const a = simulate({ model: m, inputs: { I: 1 }, scheme: { type: 'sync', cells: 64, seed: 1, steps: 10, every: 1 }, initial: 'zeros' });
    expect(a.nodeFractions.map((w) => w[0])).toEqual(Array(10).fill(1));
    expect(a.nodeFractions.map((w) => w[1])).toEqual([0, ...Array(9).fill(1)]);
    const b = simulate({ model: m, schedule: [{ time: 4, node: 'I', value: 1 }], scheme: { type: 'sync', cells: 64, seed: 1, steps: 10, every: 1 }, initial: 'zeros' });
    expect(b.nodeFractions.map((w) => w[0])).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(b.nodeFractions.map((w) => w[1])).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});

describe('population-fraction interventions', () => {
  const m = net([
    { id: 'X', rule: '1' },
    { id: 'Y', rule: 'X' },
  ]);
  for (const type of ['sync', 'async', 'sweep', 'stochastic'] as const) {
    it(`X%0@0.7 knocks X out in 70 % of the cells (${type})`, () => {
      const cells = 10_000;
      const r = simulate({ model: m, perturbations: [parsePerturbation('X%0@0.7')], scheme: { type, cells, seed: 11, steps: 50, time: 50 }, initial: 'zeros', record: { finalStates: true } });
      near(r.final.nodeFractions[0]!, 0.3, cells);
      // Downstream follows per cell: Y equals X in every cell at the end.
      for (let c = 0; c < cells; c++) expect(r.finalStates![2 * c + 1]).toBe(r.finalStates![2 * c]);
    });
  }

  it("rateScale 'rate': X%0@0.7 scales X's up rate by 0.3 in every cell", () => {
    const cells = 20_000;
    const r = simulate({ model: m, perturbations: [parsePerturbation('X%0@0.7')], scheme: { type: 'stochastic', cells, seed: 2, time: 2, dt: 1, rateScale: 'rate' }, initial: 'zeros' });
    // P(X on at time t) = 1 − e^{−0.3 t}; the end state at t = 2:
    near(r.final.nodeFractions[0]!, 1 - Math.exp(-0.6), cells);
  });

  it('two fractional interventions combine independently per cell', () => {
    const m2 = net([
      { id: 'A', rule: '1' },
      { id: 'B', rule: '1' },
    ]);
    const cells = 10_000;
    const r = simulate({ model: m2, perturbations: [parsePerturbation('A%0@0.5'), parsePerturbation('B%0@0.2')], scheme: { type: 'sync', cells, seed: 3, steps: 3 }, initial: 'zeros', record: { finalStates: true } });
    let both = 0;
    for (let c = 0; c < cells; c++) if (r.finalStates![2 * c] === 0 && r.finalStates![2 * c + 1] === 0) both++;
    near(both / cells, 0.1, cells);
  });
});

describe('schedules', () => {
  const m = net([
    { id: 'Y', rule: 'Y' },
    { id: 'W', rule: 'Y' },
  ]);
  it('sync: the event sets the node at its step in the chosen fraction of cells', () => {
    const cells = 8000;
    const r = simulate({ model: m, schedule: [{ time: 5, node: 'Y', value: 1, probability: 0.5 }], scheme: { type: 'sync', cells, seed: 4, steps: 10, every: 1 }, initial: 'zeros', record: { trajectories: 3 } });
    for (let w = 0; w < 5; w++) expect(r.nodeFractions[w]![0]).toBe(0);
    near(r.nodeFractions[5]![0]!, 0.5, cells);
    expect(r.nodeFractions[9]![0]).toBe(r.nodeFractions[5]![0]);
    expect(r.nodeFractions[6]![1]).toBe(r.nodeFractions[5]![0]);
    expect(r.nodeFractions[5]![1]).toBe(0);
    for (const t of r.trajectories!) {
      expect(t.states.slice(0, 5).every((s) => s === '00')).toBe(true);
      expect(['00', '10']).toContain(t.states[5]);
    }
  });

  it('stochastic: the event happens at its time; downstream relaxes at rate 1 after it', () => {
    const cells = 20_000;
    const r = simulate({ model: m, schedule: [{ time: 3, node: 'Y', value: 1 }], scheme: { type: 'stochastic', cells, seed: 5, time: 6, dt: 1 }, initial: 'zeros' });
    expect(r.nodeFractions.map((w) => w[0])).toEqual([0, 0, 0, 1, 1, 1]);
    // W turns on at rate 1 after t = 3: its average over [3 + k, 4 + k) is 1 − (e^{−k} − e^{−k−1}).
    for (let k = 0; k < 3; k++) near(r.nodeFractions[3 + k]![1]!, 1 - (Math.exp(-k) - Math.exp(-k - 1)), cells);
  });

  it("a MaBoSS 'X.schedule = t:p' line as an event pair: X is on with probability p afterwards, whatever it was", () => {
    const cells = 20_000;
    const r = simulate({
      model: m,
      schedule: [
        { time: 2, node: 'Y', value: 0 },
        { time: 2, node: 'Y', value: 1, probability: 0.1 },
      ],
      scheme: { type: 'stochastic', cells, seed: 12, time: 4, dt: 1 },
      initial: { values: { Y: 0.9 } },
    });
    near(r.nodeFractions[1]![0]!, 0.9, cells);
    near(r.nodeFractions[2]![0]!, 0.1, cells);
    near(r.nodeFractions[3]![0]!, 0.1, cells);
  });

  it('async and sweep: time is the step (sweep) index', () => {
    for (const type of ['async', 'sweep'] as const) {
      const r = simulate({ model: m, schedule: [{ time: 7, node: 'Y', value: 1 }], scheme: { type, cells: 100, seed: 5, steps: 12, every: 1 }, initial: 'zeros' });
      expect(r.nodeFractions.map((w) => w[0])).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    }
  });
});

describe('noise and rates', () => {
  it('noise ε: a node whose rule is 0 is on with probability ε after each update', () => {
    const m = net([{ id: 'X', rule: '0' }]);
    const cells = 4000;
    for (const type of ['sync', 'async', 'sweep'] as const) {
      const r = simulate({ model: m, scheme: { type, cells, seed: 6, steps: 50, every: 50, noise: 0.1 }, initial: 'zeros' });
      // Window average over steps 0..49 (state 0 at step 0): 49/50 × ε in expectation.
      const mean = r.nodeFractions[0]![0]!;
      near(mean, (0.1 * 49) / 50, cells * 10);
    }
  });

  it('noise never flips inputs or knocked-out nodes', () => {
    const m = net([
      { id: 'I', input: true, default: 1 },
      { id: 'K', rule: 'I' },
    ]);
    const r = simulate({ model: m, perturbations: [parsePerturbation('K%0')], scheme: { type: 'sync', cells: 500, seed: 7, steps: 100, noise: 0.5 }, initial: 'zeros' });
    for (const w of r.nodeFractions) expect(Array.from(w)).toEqual([1, 0]);
  });

  it('rate expressions: @logic-gated $parameter rates set the waiting time', () => {
    const m = net([{ id: 'X', rule: '1', rateUp: '@logic ? $k : 0' }], { parameters: { k: 2 } });
    const cells = 20_000;
    const r = simulate({ model: m, scheme: { type: 'stochastic', cells, seed: 8, time: 1, dt: 0.5 }, initial: 'zeros' });
    // Time average of 1 − e^{−2t} over [0, 0.5): 1 − (1 − e^{−1}) / 1.
    near(r.nodeFractions[0]![0]!, 1 - (1 - Math.exp(-1)), cells);
    near(r.final.nodeFractions[0]!, 1 - Math.exp(-2), cells);
  });

  it('a constant rate is gated by the rule; a state-reading rate applies as written', () => {
    const gated = net([{ id: 'X', rule: '0', rateUp: 5 }]);
    const r1 = simulate({ model: gated, scheme: { type: 'stochastic', cells: 1000, seed: 9, time: 5 }, initial: 'zeros' });
    expect(r1.final.nodeFractions[0]).toBe(0);
    expect(r1.stoppedAtFixedPoint).toBe(1000);
    const written = net([
      { id: 'A', input: true, default: 1 },
      { id: 'X', rule: '0', rateUp: 'A ? 1 : 0', rateDown: 0 },
    ]);
    const r2 = simulate({ model: written, scheme: { type: 'stochastic', cells: 1000, seed: 9, time: 20 }, initial: 'zeros' });
    expect(r2.final.nodeFractions[1]).toBe(1);
  });
});
