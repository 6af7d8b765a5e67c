import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModel } from '../../src/formats/index.js';
import type { Model } from '../../src/model/model.js';
import type { Network } from '../../src/model/schema.js';
import { checkNetworkData, validateNetwork } from '../../src/model/validate.js';
import type { ItemResult } from '../../src/screens/types.js';

export function modelOf(net: unknown, file = 'test.json'): Model {
  return validateNetwork(checkNetworkData(net, file), { file });
}

export function tempDir(prefix = 'vsmc-screens-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a model as a native file (for CLI tests) and return its path. */
export function writeModelFile(model: Model, dir: string, name = 'model.json'): string {
  const p = join(dir, name);
  writeFileSync(p, writeModel(model, 'native').text);
  return p;
}

/** Result lines without timing, for comparisons. */
export function comparable(rs: ItemResult[]): Omit<ItemResult, 'ms'>[] {
  return [...rs].sort((a, b) => a.i - b.i).map(({ ms: _ms, ...rest }) => rest);
}

/**
 * R = A | B: only the double knockout of A and B abolishes R (Bliss synergy +1); S = A & C:
 * knocking out A or C abolishes S. Deterministic from all-zero.
 */
export const OR_NET: Network = {
  name: 'or-model',
  nodes: [
    { id: 'U', input: true, default: 1 },
    { id: 'A', rule: 'U' },
    { id: 'B', rule: 'U' },
    { id: 'C', rule: '1' },
    { id: 'R', rule: 'A | B' },
    { id: 'S', rule: 'A & C' },
  ],
  initialStates: { zero: {} },
  defaultInitial: 'zero',
  readouts: { Rout: { terms: ['R'] }, Sout: { terms: ['S'] } },
};

/**
 * A toggle switch X ⊣ Y ⊣ X started at random: two fixed points, each cell ends on one of them;
 * Z copies X. Final fractions are binomial, so seeds matter.
 */
export const TOGGLE_NET: Network = {
  name: 'toggle',
  nodes: [
    { id: 'X', rule: '!Y' },
    { id: 'Y', rule: '!X' },
    { id: 'Z', rule: 'X' },
    { id: 'K', rule: 'K | X' },
  ],
  defaultInitial: 'half',
  initialStates: { half: { X: 0.5, Y: 0.5, Z: 0, K: 0 } },
  readouts: { Xs: { terms: ['X'] }, Zs: { terms: ['Z', 'K'] } },
};

/** An input-driven node with a dosed drug (Hill, EC50 1 µM in M) and a plain drug without dose. */
export const DRUG_NET: Network = {
  name: 'drug-model',
  nodes: [
    { id: 'D', input: true, default: 0 },
    { id: 'E', input: true, default: 0 },
    { id: 'T', rule: '1' },
    { id: 'Y', rule: 'D | E' },
    { id: 'W', rule: 'T & !Y' },
  ],
  readouts: { Ys: { terms: ['Y'] }, Ws: { terms: ['W'] } },
  drugs: {
    'Dee drug': { actions: ['D=1'], dose: { ec50: 1e-6, hill: 1, maxEffect: 1, unit: 'M', defaultDose: 1e-5 } },
    plain: { actions: ['E=1'] },
  },
};
