/**
 * Numbers at the edges — zero, negative, NaN, Infinity, missing — in rates, doses, schemes,
 * initial states and schedules: each is refused with a VsmcError that says where, or handled as
 * documented (a zero rate freezes a transition). Never a silent NaN in results.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { readModel } from '../../src/formats/index.js';
import { simulate } from '../../src/engine/simulate.js';
import type { SimulationRequest, SimulationResult } from '../../src/engine/types.js';
import { parseExperiment } from '../../src/experiments/parse.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { applyDrug, doseFraction, parseDose } from '../../src/model/dose.js';
import type { VsmcError } from '../../src/util/errors.js';
import { FC, expectNoPollution, settle } from './helpers.js';

afterEach(() => expectNoPollution());

function refused(f: () => unknown): VsmcError {
  const r = settle(f);
  if (r.ok) throw new Error('expected a VsmcError, got a result');
  return r.error;
}

/**
 * Every number a result reports is finite, and fractions lie in [0, 1] (window averages are sums of
 * time intervals divided by the window length: allow the last bits of rounding).
 */
function expectClean(r: SimulationResult): void {
  const fractions = [...r.nodeFractions.flatMap((x) => Array.from(x)), ...Array.from(r.final.nodeFractions), r.final.fixedPointFraction];
  for (const x of fractions) expect(x >= -1e-12 && x <= 1 + 1e-12, `fraction ${x}`).toBe(true);
  for (const x of [...r.readoutMeans.flatMap((m) => Array.from(m)), ...Array.from(r.final.readoutMeans), ...Array.from(r.final.readoutSE), ...r.times, r.work]) {
    expect(Number.isFinite(x), `value ${x}`).toBe(true);
  }
}

const net = (b: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ nodes: [{ id: 'A', rule: '!B' }, { id: 'B', rule: 'A', ...b }], parameters: { k: 1, zero: 0, neg: -1, big: 1e308 }, readouts: { R: { terms: ['A', '!B'] } }, ...extra });
const load = (b: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => readModel(net(b, extra), { format: 'native', file: 'n.json' });
const stoch = (m: ReturnType<typeof load>, s: Record<string, unknown> = {}) => simulate({ model: m, scheme: { type: 'stochastic', cells: 32, seed: 1, time: 4, ...s } });

describe('rates', () => {
  it('bad constant rates and missing parameters are refused at load, with the path and column', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ rateUp: -1 }, 'n.json: nodes.B.rateUp: rate must be a finite number ≥ 0, found -1'],
      [{ rateUp: '0/0' }, 'n.json: nodes.B.rateUp: rate must be a finite number ≥ 0, found NaN'],
      [{ rateUp: '1/0' }, 'n.json: nodes.B.rateUp: rate must be a finite number ≥ 0, found Infinity'],
      [{ rateDown: '$neg' }, 'n.json: nodes.B.rateDown: rate must be a finite number ≥ 0, found -1'],
      [{ rateDown: '$big * 10' }, 'n.json: nodes.B.rateDown: rate must be a finite number ≥ 0, found Infinity'],
      [{ rateUp: '$missing' }, 'n.json: nodes.B.rateUp:1:1: parameter $missing is not defined; define it under "parameters"'],
      [{ rateUp: '2 * $kk' }, 'n.json: nodes.B.rateUp:1:5: parameter $kk is not defined (did you mean k?); define it under "parameters"'],
      [{ rateUp: 'Q * 2' }, 'n.json: nodes.B.rateUp:1:1: rate reads unknown node "Q" (did you mean A?)'],
      [{ rateUp: '@speed' }, 'n.json: nodes.B.rateUp:1:1: @speed: only @logic can be used in a rate'],
      [{ rateUp: '1 +' }, 'n.json: nodes.B.rateUp:1:4: expression is incomplete'],
      [{ rateUp: 'constructor(1)' }, 'n.json: nodes.B.rateUp:1:1: unknown function "constructor" (known: log, exp, pow, min, max, abs, sqrt, floor, ceil, log10, log2)'],
    ];
    for (const [b, msg] of cases) expect(refused(() => load(b)).message.split('\n')[0]).toBe(msg);
    // JSON has no NaN / Infinity literals; 1e999 parses as Infinity and the schema refuses it.
    expect(refused(() => readModel(net({ rateUp: 1 }).replace('"rateUp":1', '"rateUp":1e999'), { format: 'native', file: 'n.json' })).message).toBe('n.json: nodes.B.rateUp: Invalid input');
  });

  it('rates that go wrong only at run time name the node', () => {
    const cases: [string, string][] = [
      ['A ? 0/0 : 1', 'the rateUp of B evaluated to NaN; rates must be finite and ≥ 0'],
      ['A - 2', 'the rateUp of B evaluated to -2; rates must be finite and ≥ 0'],
      ['A ? 1/0 : 1', 'the rateUp of B evaluated to Infinity; rates must be finite and ≥ 0'],
      ['log(A)', 'the rateUp of B evaluated to -Infinity; rates must be finite and ≥ 0'],
    ];
    for (const [rate, msg] of cases) expect(refused(() => stoch(load({ rateUp: rate }))).message).toBe(msg);
  });

  it('zero rates are allowed and freeze the transition, as documented', () => {
    const r = stoch(load({ rateUp: 0, rateDown: 0 }), { cells: 64 });
    expectClean(r);
    const start = stoch(load({ rateUp: 0, rateDown: 0 }), { cells: 64, time: 1e-6, dt: 1e-6 });
    expect(Array.from(r.final.nodeFractions)[1]).toBe(Array.from(start.final.nodeFractions)[1]);
    expectClean(stoch(load({ rateUp: '$zero', rateDown: 'A * 0' })));
  });

  it('a rate scale (partial inhibition as a rate) must be a fraction', () => {
    for (const fraction of [NaN, -0.5, 2, Infinity]) {
      expect(refused(() => simulate({ model: load(), perturbations: [{ kind: 'node', node: 'A', value: 0, fraction }], scheme: { type: 'stochastic', cells: 8, seed: 1, time: 1, rateScale: 'rate' } })).message).toBe(`perturbation fraction must be between 0 and 1, found ${fraction}`);
    }
  });
});

describe('scheme numbers', () => {
  const m = load();
  const base = { cells: 8, seed: 1 };
  const cases: [SimulationRequest['scheme'], string][] = [
    [{ type: 'sync', ...base, cells: 0, steps: 1 }, 'cells must be an integer between 1 and 1000000000, found 0'],
    [{ type: 'sync', ...base, cells: -1, steps: 1 }, 'cells must be an integer between 1 and 1000000000, found -1'],
    [{ type: 'sync', ...base, cells: 1.5, steps: 1 }, 'cells must be an integer between 1 and 1000000000, found 1.5'],
    [{ type: 'sync', ...base, cells: NaN, steps: 1 }, 'cells must be an integer between 1 and 1000000000, found NaN'],
    [{ type: 'sync', ...base, steps: -1 }, 'steps must be an integer between 0 and 1000000000000, found -1'],
    [{ type: 'sync', ...base, steps: 2.5 }, 'steps must be an integer between 0 and 1000000000000, found 2.5'],
    [{ type: 'sync', ...base, steps: Infinity }, 'steps must be an integer between 0 and 1000000000000, found Infinity'],
    [{ type: 'sync', ...base, steps: 4, every: 0 }, 'every must be an integer between 1 and 1000000000000, found 0'],
    [{ type: 'sync', ...base, steps: 4, noise: NaN }, 'noise must be between 0 and 1, found NaN'],
    [{ type: 'sync', ...base, steps: 4, noise: 1.5 }, 'noise must be between 0 and 1, found 1.5'],
    [{ type: 'stochastic', ...base, time: Infinity }, 'time must be a positive number, found Infinity'],
    [{ type: 'stochastic', ...base, time: 0 }, 'time must be a positive number, found 0'],
    [{ type: 'stochastic', ...base, time: NaN }, 'time must be a positive number, found NaN'],
    [{ type: 'stochastic', ...base, time: 1, dt: 0 }, 'dt must be a positive number, found 0'],
    [{ type: 'stochastic', ...base, time: 1, dt: -1 }, 'dt must be a positive number, found -1'],
    [{ type: 'stochastic', ...base, time: 1, dt: Infinity }, 'dt must be a positive number, found Infinity'],
    [{ type: 'stochastic', ...base, time: 1, dt: 1e-9 }, '1000000000 time windows asked for; the limit is 100000 (use a larger dt or every)'],
  ];
  for (const [scheme, msg] of cases) {
    it(`${scheme.type} ${JSON.stringify(scheme, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`, () => {
      expect(refused(() => simulate({ model: m, scheme })).message).toBe(msg);
    });
  }

  it('a noise too small to change anything (1 - ε rounds to 1) still ends, like no noise', () => {
    // It used to loop for ever: log(1 - 1e-17) is 0 and the geometric skip -Infinity.
    for (const noise of [1e-17, 3.7e-82, Number.MIN_VALUE]) {
      const r = settle(() => simulate({ model: m, scheme: { type: 'sync', cells: 40, seed: 1, steps: 5, noise } }));
      expect(r.ok).toBe(true);
      if (r.ok) expectClean(r.value);
    }
  });

  it('initial states and schedules', () => {
    const run = (extra: Partial<SimulationRequest>) => simulate({ model: m, scheme: { type: 'sync', cells: 8, seed: 1, steps: 2 }, ...extra });
    expect(refused(() => run({ initial: { values: { A: NaN } } })).message).toBe('n.json: initial state: value for A must be between 0 and 1, found NaN');
    expect(refused(() => run({ initial: { values: { A: 1.5 } } })).message).toBe('n.json: initial state: value for A must be between 0 and 1, found 1.5');
    expect(refused(() => run({ initial: { values: { A: 1 }, rest: NaN } })).message).toBe('n.json: initial state: "rest" (the value of unlisted nodes) must be between 0 and 1, found NaN');
    expect(refused(() => run({ initial: { values: {}, rest: -1 } })).message).toBe('n.json: initial state: "rest" (the value of unlisted nodes) must be between 0 and 1, found -1');
    expect(refused(() => run({ schedule: [{ time: NaN, node: 'A', value: 1 }] })).message).toBe('schedule[0]: time must be ≥ 0, found NaN');
    expect(refused(() => run({ schedule: [{ time: -1, node: 'A', value: 1 }] })).message).toBe('schedule[0]: time must be ≥ 0, found -1');
    expect(refused(() => run({ schedule: [{ time: 1, node: 'A', value: 1, probability: NaN }] })).message).toBe('schedule[0]: probability must be between 0 and 1, found NaN');
    expect(refused(() => run({ schedule: [{ time: 1, node: 'A', value: 2 as 0 }] })).message).toBe('schedule[0]: value must be 0 or 1');
    expect(refused(() => run({ record: { trajectories: -1 } })).message).toBe('record.trajectories must be an integer between 0 and 1000, found -1');
  });
});

describe('doses', () => {
  const m = load({}, { drugs: { D: { actions: ['A%0'], dose: { ec50: 10, unit: 'µM' } }, Plain: { actions: ['B%1'] } } });
  it('the dose–response refuses what is not a finite dose ≥ 0', () => {
    for (const d of [-1, NaN, Infinity, -Infinity]) {
      expect(refused(() => doseFraction(d, { ec50: 1 })).message).toBe(`a dose must be a finite number ≥ 0, found ${d}`);
      expect(refused(() => applyDrug(m, 'D', d)).message).toBe(`drug "D": must be a finite number ≥ 0, found ${d}`);
    }
    expect(refused(() => parseDose('-5 µM', 'µM')).message).toBe('dose: cannot read "-5 µM"; write a number in µM, or a number with a unit such as "100 µM"');
    expect(refused(() => parseDose('NaN µM', 'µM')).message).toMatch(/^dose: cannot read "NaN µM"/);
    expect(refused(() => parseDose('5 mg/L', 'µM')).message).toBe('dose: unit "mg/L" cannot be converted to the drug\'s unit "µM"');
    expect(applyDrug(m, 'D', 0).fraction).toBe(0);
    expect(applyDrug(m, 'D', 1e300).fraction).toBeCloseTo(1, 12);
  });

  it('experiment files refuse bad doses and scheme numbers with the JSON path, line and column', () => {
    const exp = (cond: string) => `{\n  "conditions": {\n    "a": ${cond}\n  }\n}\n`;
    const cases: [string, string][] = [
      ['{ "drugs": { "D": -1 } }', 'e.json: conditions.a.drugs.D:3:28: Too small: expected number to be >=0'],
      ['{ "drugs": { "D": 1e999 } }', 'e.json: conditions.a.drugs.D:3:28: a dose is a finite number ≥ 0 in the drug\'s unit, a string such as "100 µM", true or "default" (its default dose), false, or null'],
      ['{ "drugs": { "D": NaN } }', 'e.json: 3:28: invalid JSON: expected a value (object, array, string, number, true, false or null), found "N"'],
      ['{ "scheme": { "cells": 0 } }', 'e.json: conditions.a.scheme.cells:3:33: Too small: expected number to be >0'],
      ['{ "scheme": { "steps": -1 } }', 'e.json: conditions.a.scheme.steps:3:33: Too small: expected number to be >0'],
      ['{ "scheme": { "dt": 0 } }', 'e.json: conditions.a.scheme.dt:3:30: Too small: expected number to be >0'],
      ['{ "scheme": { "time": 1e999 } }', 'e.json: conditions.a.scheme.time:3:32: Invalid input: expected number, received Infinity'],
      ['{ "scheme": { "noise": 2 } }', 'e.json: conditions.a.scheme.noise:3:33: Too big: expected number to be <=1'],
      ['{ "initial": { "values": { "A": 2 } } }', 'e.json: conditions.a.initial.values.A:3:42: Too big: expected number to be <=1'],
      ['{ "schedule": [{ "time": -1, "node": "A", "value": 1 }] }', 'e.json: conditions.a.schedule[0].time:3:35: Too small: expected number to be >=0'],
    ];
    for (const [cond, msg] of cases) expect(refused(() => parseExperiment(exp(cond), 'e.json')).message.split('\n')[0]).toBe(msg);
  });

  it('a dose string that cannot be read stops the run with the condition named', async () => {
    const e = parseExperiment(JSON.stringify({ scheme: { type: 'sync', cells: 4, steps: 2 }, conditions: { a: { drugs: { D: 'lots' } } } }), 'e.json');
    await expect(runExperiment(m, e, (req) => simulate(req))).rejects.toThrow(/drug "D": cannot read "lots"/);
  });
});

describe('no silent NaN', () => {
  it('random valid requests give finite fractions in [0, 1]', () => {
    const m = load({ rateUp: 'A ? $k * 2 : 0.5', rateDown: 1 });
    fc.assert(
      fc.property(
        fc.constantFrom('sync', 'async', 'sweep', 'stochastic'),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (type, cells, steps, time, noise, p) => {
          const scheme = type === 'stochastic' ? { type, cells, seed: 1, time } : { type, cells, seed: 1, steps, noise };
          const r = settle(() => simulate({ model: m, scheme, initial: { values: { A: p }, rest: 1 - p }, perturbations: [{ kind: 'node', node: 'B', value: 1, fraction: p }] }));
          if (r.ok) expectClean(r.value);
        },
      ),
      FC(601, 60),
    );
  });
});
