/** The project's own network (networks/vsmc-mg.json) through every exchange format. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModelFile } from '../../src/formats/node-io.js';
import { repoRoot } from '../helpers/paths.js';
import { functionDiffs, roundTrip } from './ref-models.js';

const model = loadModelFile(join(repoRoot(), 'networks/vsmc-mg.json'));

describe('networks/vsmc-mg.json', () => {
  for (const fmt of ['bnet', 'booleannet', 'maboss'] as const) {
    it(`native → ${fmt} → native keeps every function, input, flag and label`, () => {
      const { back, notes } = roundTrip(model, fmt);
      expect(functionDiffs(model, back)).toEqual([]);
      expect(back.network.flags).toEqual(Object.fromEntries(Object.entries(model.network.flags ?? {}).map(([k, f]) => [k, { value: f.value, ...(f.label !== undefined && f.label !== k ? { label: f.label } : {}) }])));
      expect(back.network.nodes.map((n) => n.label ?? n.id)).toEqual(model.network.nodes.map((n) => n.label ?? n.id));
      expect(notes.some((n) => /hypotheses are not written/.test(n))).toBe(Object.keys(model.network.hypotheses ?? {}).length > 0);
    });
  }

  it('native → SBML → native is lossless (vsmc-sim annotation)', () => {
    const { back } = roundTrip(model, 'sbml');
    const { format: _f, version: _v, ...net } = model.network;
    expect(back.network).toEqual(net);
  });
});
