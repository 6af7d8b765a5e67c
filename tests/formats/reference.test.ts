/**
 * Conformance on the shared reference corpus: every model file loads, and survives native → X →
 * native for every exchange format with every node's Boolean function intact (truth tables).
 */
import { describe, expect, it } from 'vitest';
import type { FormatName } from '../../src/formats/index.js';
import { functionDiffs, loadRef, referenceModels, roundTrip } from './ref-models.js';

const { files, variants } = referenceModels();

describe('reference corpus: loading', () => {
  it(`loads all ${files.length} reference models`, () => {
    // The corpus holds 41 model files today; a smaller count means files went missing.
    expect(files.length).toBeGreaterThanOrEqual(41);
    for (const v of variants) expect(() => loadRef(v), v.name).not.toThrow();
    expect(new Set(variants.map((v) => v.rel)).size).toBe(files.length);
  });

  for (const v of variants) {
    it(`loads ${v.name}`, () => {
      const m = loadRef(v);
      expect(m.ids.length).toBeGreaterThan(0);
      expect(m.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
    });
  }
});

const FORMATS: FormatName[] = ['native', 'bnet', 'booleannet', 'sbml', 'maboss'];

describe('reference corpus: round trips preserve every Boolean function', () => {
  for (const fmt of FORMATS) {
    describe(`native → ${fmt} → native`, () => {
      for (const v of variants) {
        it(v.name, () => {
          const m = loadRef(v);
          const { back } = roundTrip(m, fmt);
          expect(functionDiffs(m, back)).toEqual([]);
          expect([...back.flags.keys()]).toEqual([...m.flags.keys()]);
        });
      }
    });
  }
});
