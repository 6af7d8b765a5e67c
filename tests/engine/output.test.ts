/** CSV and JSON forms of a result. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { loadNativeModel } from '../../src/model/load.js';
import { simulate } from '../../src/engine/simulate.js';
import { resultToCsv, resultToJson, statesFromStrings } from '../../src/engine/output.js';

const model = loadNativeModel(readFileSync(resolve(__dirname, 'fixtures/toggle.json'), 'utf8'));

it('CSV: time, node columns (or the chosen ones), readouts; one row per window', () => {
  const r = simulate({ model, scheme: { type: 'sync', cells: 40, seed: 1, steps: 6, every: 2 }, initial: 'random' });
  const lines = resultToCsv(r).trim().split('\n');
  expect(lines[0]).toBe('time,S,A,B,C,activity');
  expect(lines.map((l) => l.split(',')[0])).toEqual(['time', '0', '2', '4']);
  expect(lines.slice(1).every((l) => l.split(',').length === 6)).toBe(true);
  expect(resultToCsv(r, { nodes: ['C'] }).split('\n')[0]).toBe('time,C,activity');
  expect(() => resultToCsv(r, { nodes: ['Cc'] })).toThrow(/unknown node "Cc"/);
});

it('JSON: plain arrays, final states as bit strings that read back as initial states', () => {
  const r = simulate({ model, scheme: { type: 'async', cells: 5, seed: 2, steps: 30 }, initial: 'random', record: { finalStates: true, trajectories: 1 } });
  const j = JSON.parse(resultToJson(r)) as { nodeFractions: number[][]; finalStates: string[]; final: { histogram: { state: string; count: number }[] }; trajectories: unknown[]; partials?: unknown };
  expect(j.nodeFractions[0]).toEqual(Array.from(r.nodeFractions[0]!));
  expect(j.finalStates).toHaveLength(5);
  expect(j.final.histogram.reduce((a, h) => a + h.count, 0)).toBe(5);
  expect(j.trajectories).toHaveLength(1);
  expect(j.partials).toBeUndefined();
  const back = statesFromStrings(j.finalStates, r.ids);
  expect(Array.from(back.states)).toEqual(Array.from(r.finalStates!));
  expect(() => statesFromStrings(['01'], r.ids)).toThrow(/4 characters/);
});
