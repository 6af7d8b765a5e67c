/**
 * The stochastic engine against MaBoSS 2.6.6 on toy40 (all rates 1, uniform random initial
 * states): MaBoSS's marginals for 100,000 trajectories, each value the time average over the
 * window [t, t+1). Ours: 20,000 cells. Two-sample test per node and window with the pooled
 * proportion: a time average of a 0/1 quantity has variance ≤ p(1 − p), so the SE below is an
 * honest (conservative) bound for both runs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { simulate } from '../../src/engine/simulate.js';
import { benchDir } from '../helpers/paths.js';
import { loadModelFile } from '../../src/formats/node-io.js';

const MABOSS_CELLS = 100_000;

it('stochastic toy40 reproduces MaBoSS marginals within 4 SE (20,000 cells)', () => {
  const dir = resolve(benchDir(), 'maboss');
  const model = loadModelFile(resolve(dir, 'toy40.bnet'));
  const lines = readFileSync(resolve(dir, 'toy40_out8_n100k_seed1_marginals.tsv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split('\t');
  expect(header[0]).toBe('Time');
  const nodes = header.slice(1).filter((h) => model.index.has(h));
  expect(nodes.length).toBe(8);

  const cells = 20_000;
  const r = simulate({ model, scheme: { type: 'stochastic', cells, seed: 1, time: 100, dt: 1 }, initial: 'random' });
  expect(r.times).toEqual(Array.from({ length: 100 }, (_, t) => t));
  expect(r.final.fixedPointFraction).toBe(0);

  let worst = 0;
  let compared = 0;
  for (const line of lines.slice(1)) {
    const cols = line.split('\t');
    const t = Number(cols[0]);
    const w = r.times.indexOf(t);
    expect(w).toBeGreaterThanOrEqual(0);
    for (const node of nodes) {
      const pm = Number(cols[header.indexOf(node)]);
      const po = r.nodeFractions[w]![model.index.get(node)!]!;
      const pooled = (pm * MABOSS_CELLS + po * cells) / (MABOSS_CELLS + cells);
      const se = Math.sqrt(pooled * (1 - pooled) * (1 / cells + 1 / MABOSS_CELLS));
      const z = se > 0 ? Math.abs(po - pm) / se : po === pm ? 0 : Infinity;
      worst = Math.max(worst, z);
      compared++;
      if (z > 4) throw new Error(`${node} at t=${t}: ours ${po.toFixed(4)} vs MaBoSS ${pm.toFixed(4)} (${z.toFixed(1)} SE)`);
    }
  }
  expect(compared).toBe(800);
  expect(worst).toBeLessThanOrEqual(4);
});
