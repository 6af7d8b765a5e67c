/**
 * Same seed → same answer, however the cells are split: blocks of 1024 cells seeded from
 * (seed, block), merged in block order; simulate(), simulateParallel with 1 and 2 workers and
 * mergeResults over cell ranges all agree bit for bit.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNativeModel } from '../../src/model/load.js';
import { parsePerturbationList } from '../../src/model/perturbation.js';
import { mergeResults, simulate } from '../../src/engine/simulate.js';
import { simulateParallel, terminatePool } from '../../src/engine/parallel-node.js';
import { publicResult } from '../../src/engine/worker-protocol.js';
import type { SimulationRequest } from '../../src/engine/types.js';
import { benchDir } from '../helpers/paths.js';
import { loadModelFile } from '../../src/formats/node-io.js';

const toy40 = () => loadModelFile(resolve(benchDir(), 'maboss/toy40.bnet'));

afterAll(terminatePool);

describe('determinism', () => {
  it('same seed, same result; another seed, another result', () => {
    const model = toy40();
    const req: SimulationRequest = { model, scheme: { type: 'stochastic', cells: 1500, seed: 'abc', time: 20, dt: 1 }, initial: 'random' };
    const a = simulate(req);
    const b = simulate(req);
    expect(isDeepStrictEqual(a, b)).toBe(true);
    const c = simulate({ ...req, scheme: { ...req.scheme, seed: 'abd' } });
    expect(isDeepStrictEqual(a.nodeFractions, c.nodeFractions)).toBe(false);
  });

  it('cell ranges merged with mergeResults equal one run', () => {
    const model = toy40();
    for (const type of ['sync', 'async', 'stochastic'] as const) {
      const req: SimulationRequest = {
        model,
        perturbations: parsePerturbationList('AKT%0@0.4'),
        schedule: [{ time: 5, node: 'EGF', value: 1, probability: 0.5 }],
        scheme: { type, cells: 2500, seed: 3, time: 10, steps: 40, dt: 1 },
        initial: 'random',
        record: { finalStates: true, trajectories: 2 },
      };
      const whole = simulate(req);
      const parts = [simulate(req, { cellRange: [2048, 2500] }), simulate(req, { cellRange: [0, 2048] })];
      const merged = publicResult(mergeResults(parts));
      expect(isDeepStrictEqual(merged, whole), type).toBe(true);
    }
    expect(() => simulate({ model, scheme: { type: 'sync', cells: 2000, seed: 1 } }, { cellRange: [100, 2000] })).toThrow(/multiple of 1024/);
  });

  it('simulateParallel with 1 and 2 workers equals simulate()', async () => {
    const model = loadNativeModel(readFileSync(resolve(__dirname, 'fixtures/toggle.json'), 'utf8'));
    const req: SimulationRequest = {
      model,
      perturbations: parsePerturbationList('B%0@0.3'),
      schedule: [{ time: 4, node: 'S', value: 1, probability: 0.5 }],
      scheme: { type: 'stochastic', cells: 4000, seed: 42, time: 10, dt: 0.5 },
      initial: 'random',
      record: { finalStates: true, trajectories: 3 },
    };
    const single = simulate(req);
    let progress = 0;
    const one = await simulateParallel(req, { threads: 1 });
    const two = await simulateParallel(req, { threads: 2, onProgress: (done) => (progress = done) });
    expect(progress).toBe(4000);
    expect(isDeepStrictEqual(one, single)).toBe(true);
    expect(isDeepStrictEqual(two, single)).toBe(true);
    const sync = { ...req, scheme: { type: 'sync' as const, cells: 3000, seed: 5, steps: 30, noise: 0.01 } };
    expect(isDeepStrictEqual(await simulateParallel(sync, { threads: 2 }), simulate(sync))).toBe(true);
  }, 60_000);

  it('simulateParallel reports user errors and honours an abort signal', async () => {
    const model = toy40();
    await expect(simulateParallel({ model, scheme: { type: 'sync', cells: 10, seed: 1 }, perturbations: parsePerturbationList('NOPE%0') }, { threads: 2 })).rejects.toThrow(/unknown node "NOPE"/);
    const ac = new AbortController();
    const p = simulateParallel({ model, scheme: { type: 'stochastic', cells: 200_000, seed: 1, time: 100 } }, { threads: 2, signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    await expect(p).rejects.toThrow(/abort/i);
  }, 60_000);
});
