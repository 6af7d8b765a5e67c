import { describe, expect, it } from 'vitest';
import { runScreen } from '../../src/screens/batch-node.js';
import { screenItems, parseShard, inShard } from '../../src/screens/items.js';
import { buildJob } from '../../src/screens/batch-node.js';
import { OR_NET, TOGGLE_NET, comparable, modelOf } from './helpers.js';

const scheme = { type: 'async' as const, cells: 64, seed: 7, steps: 200 };

describe('screen items', () => {
  it('lists the baseline, singles and doubles of the non-input nodes in a fixed order', () => {
    const model = modelOf(OR_NET);
    const job = buildJob(model, 'screen', undefined, scheme, { screen: { single: true, double: true, kinds: ['ko', 'oe'], exclude: [] } });
    const items = screenItems(model, job);
    const n = 5; // A B C R S (U is an input)
    expect(items.length).toBe(1 + 2 * n + ((n * (n - 1)) / 2) * 4);
    expect(items[0]!.key).toBe('baseline');
    expect(items.slice(1, 5).map((i) => i.key)).toEqual(['A%0', 'A%1', 'B%0', 'B%1']);
    expect(items[1 + 2 * n]!.key).toBe('A%0 B%0');
    expect(items[2 + 2 * n]!.key).toBe('A%0 B%1');
    expect(items.every((it, k) => it.index === k)).toBe(true);
    expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
  });

  it('honours --kinds and --exclude, and rejects unknown nodes', () => {
    const model = modelOf(OR_NET);
    const job = buildJob(model, 'screen', undefined, scheme, { screen: { single: true, double: false, kinds: ['ko'], exclude: ['C', 'S'] } });
    expect(screenItems(model, job).map((i) => i.key)).toEqual(['baseline', 'A%0', 'B%0', 'R%0']);
    const bad = buildJob(model, 'screen', undefined, scheme, { screen: { single: true, double: false, kinds: ['ko'], exclude: ['Q'] } });
    expect(() => screenItems(model, bad)).toThrow(/unknown node "Q"/);
  });

  it('shards partition the items round-robin', () => {
    const s = parseShard('2/3');
    expect(s).toEqual({ index: 2, count: 3 });
    expect([0, 1, 2, 3, 4, 5].filter((k) => inShard(k, s))).toEqual([2, 5]);
    expect(() => parseShard('3/3')).toThrow(/between 0 and N−1/);
    expect(() => parseShard('a/b')).toThrow(/expected i\/N/);
  });
});

describe('vsmc screen (library)', () => {
  it('finds the knockouts that abolish a readout and the synergy of a redundant pair', async () => {
    const model = modelOf(OR_NET);
    const out = await runScreen(model, { scheme, threads: 1, readouts: ['Rout', 'Sout'], screen: { double: true, kinds: ['ko'] } });
    const rep = out.report!;
    expect(rep.baseline).toEqual({ Rout: 1, Sout: 1 });
    const row = (p: string) => rep.results.find((r) => r.perturbation === p)!;
    // Single knockouts of A or B leave R = A | B on; only the double abolishes it.
    expect(row('A%0').readouts.Rout).toBe(1);
    expect(row('B%0').readouts.Rout).toBe(1);
    expect(row('A%0 B%0').readouts.Rout).toBe(0);
    expect(row('A%0 B%0').delta.Rout).toBe(-1);
    expect(row('A%0 B%0').bliss!.Rout).toBe(1);
    expect(row('A%0 B%0').synergy!.Rout).toBe(1);
    // S = A & C: either knockout abolishes S; their double is exactly Bliss (no synergy).
    expect(row('A%0').readouts.Sout).toBe(0);
    expect(row('C%0').readouts.Sout).toBe(0);
    expect(row('A%0 C%0').synergy!.Sout).toBe(0);
    expect(row('R%0').delta.Rout).toBe(-1);
    expect(row('A%0').ci.Sout!.delta).toEqual([-1, -1]);
  });

  it('has the documented JSON shape, sorted by |Δ| of the first readout', async () => {
    const model = modelOf(TOGGLE_NET);
    const out = await runScreen(model, { scheme: { ...scheme, cells: 200 }, threads: 1, readouts: ['Xs'], screen: { single: true, kinds: ['ko', 'oe'] } });
    const rep = JSON.parse(JSON.stringify(out.report));
    expect(Object.keys(rep.baseline)).toEqual(['Xs']);
    expect(rep.results.length).toBe(8);
    for (const r of rep.results) {
      expect(r.perturbation).toMatch(/^[A-Z]%[01]$/);
      expect(Object.keys(r.readouts)).toEqual(['Xs']);
      expect(r.delta.Xs).toBeCloseTo(r.readouts.Xs - rep.baseline.Xs, 5);
      const [lo, hi] = r.ci.Xs.delta;
      expect(lo).toBeLessThanOrEqual(r.delta.Xs);
      expect(hi).toBeGreaterThanOrEqual(r.delta.Xs);
      expect(r.ci.Xs.value[0]).toBeLessThanOrEqual(r.readouts.Xs);
    }
    const abs = rep.results.map((r: { delta: { Xs: number } }) => Math.abs(r.delta.Xs));
    expect(abs).toEqual([...abs].sort((a: number, b: number) => b - a));
    // The random start gives a binomial baseline near 1/2 with a non-zero SE.
    expect(rep.baseline.Xs).toBeGreaterThan(0.35);
    expect(rep.baseline.Xs).toBeLessThan(0.65);
    expect(rep.baselineCI.Xs[1] - rep.baselineCI.Xs[0]).toBeGreaterThan(0.05);
    // Y%0 releases X: X ends on in every cell.
    expect(rep.results.find((r: { perturbation: string }) => r.perturbation === 'Y%0').readouts.Xs).toBe(1);
  });

  it('gives identical results with 1 and 3 worker threads', async () => {
    const model = modelOf(TOGGLE_NET);
    const run = (threads: number) => runScreen(model, { scheme: { ...scheme, cells: 100 }, threads, readouts: ['Xs', 'Zs'], screen: { double: true, kinds: ['ko', 'oe'] } });
    const a = await run(1);
    const c = await run(3);
    expect(comparable(c.results)).toEqual(comparable(a.results));
    expect(c.report).toEqual(a.report);
    // Different seeds give different ensembles (the seed matters).
    const d = await runScreen(model, { scheme: { ...scheme, cells: 100, seed: 8 }, threads: 1, readouts: ['Xs'], screen: { single: true } });
    expect(d.report!.baseline.Xs).not.toBe(a.report!.baseline.Xs);
  });
});
