/**
 * BoolNet 2.1.7's exhaustive synchronous results for its own random N-K networks
 * (../shared/bench/boolnet/*_sync_exhaustive.json): attractor states (cycles in successor order)
 * and basin sizes. n = 15 and 20 here; the larger files run in bench/attractors.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAttractors } from '../../src/analysis/index.js';
import { loadModelFile } from '../../src/formats/node-io.js';
import { prepare } from '../../src/model/prepare.js';
import { benchDir } from '../helpers/paths.js';

const dir = join(benchDir(), 'boolnet');
const FILES = ['random_n15_k2_seed1502', 'random_n15_k3_seed1503', 'random_n20_k2_seed2002', 'random_n20_k3_seed2003', 'cellcycle'];

/** Rotate a cycle to start at its lexicographically smallest bit string. */
function canonCycle(states: string[]): string {
  let best = 0;
  for (let i = 1; i < states.length; i++) if (states[i]! < states[best]!) best = i;
  return [...states.slice(best), ...states.slice(0, best)].join(' ');
}

describe('BoolNet exhaustive synchronous attractors', () => {
  for (const name of FILES) {
    it(name, () => {
      const ref = JSON.parse(readFileSync(join(dir, `${name}_sync_exhaustive.json`), 'utf8')) as {
        genes: string[];
        attractors: { states: string[]; basin_size?: number; basinSize?: number }[];
      };
      const sys = prepare(loadModelFile(join(dir, `${name}.bnet`)));
      expect(sys.ids).toEqual(ref.genes);
      const r = findAttractors(sys, { scheme: 'sync', includeStates: true });
      expect(r.complete).toBe(true);
      const got = r.attractors.map((a) => `${canonCycle(a.states!)} : ${a.basin}`).sort();
      const want = ref.attractors.map((a) => `${canonCycle(a.states)} : ${a.basin_size ?? a.basinSize}`).sort();
      expect(got).toEqual(want);
    });
  }
});

describe('BoolNet asynchronous attractors (its random heuristic) are the exact terminal SCCs', () => {
  for (const name of ['cellcycle', 'random_n15_k2_seed1502', 'random_n15_k3_seed1503']) {
    it(name, () => {
      const ref = JSON.parse(readFileSync(join(dir, `${name}_async_random.json`), 'utf8')) as { genes: string[]; attractors: { states: string[] }[] };
      const sys = prepare(loadModelFile(join(dir, `${name}.bnet`)));
      expect(sys.ids).toEqual(ref.genes);
      const r = findAttractors(sys, { scheme: 'async', includeStates: true });
      expect(r.complete).toBe(true);
      const canon = (sets: string[][]) => sets.map((s) => [...s].sort().join(' ')).sort();
      expect(canon(r.attractors.map((a) => a.states!))).toEqual(canon(ref.attractors.map((a) => a.states)));
    });
  }
});
