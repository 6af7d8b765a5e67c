import { describe, expect, it } from 'vitest';
import { doseFraction } from '../../src/model/dose.js';
import { runSensitivity, runSweep } from '../../src/screens/batch-node.js';
import { bliss } from '../../src/screens/stats.js';
import { doseNotes, parseRange, parseSweepParam } from '../../src/screens/sweep-params.js';
import { screenPlots, sweepPlots } from '../../src/screens/plots.js';
import { runScreen } from '../../src/screens/batch-node.js';
import { DRUG_NET, OR_NET, TOGGLE_NET, modelOf } from './helpers.js';

const scheme = { type: 'async' as const, cells: 400, seed: 11, steps: 100 };

describe('sweep parameters', () => {
  it('reads ranges, geometric ranges, lists and units', () => {
    expect(parseRange('0:1:0.25', 'p').values).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(parseRange('0:0.3:0.1', 'p').values).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseRange('1e-6:1e-4:*10', 'p').values).toEqual([1e-6, 1e-5, 1e-4]);
    expect(parseRange('0,0.5,1', 'p').values).toEqual([0, 0.5, 1]);
    expect(parseRange('0:3:1 mM', 'p')).toEqual({ values: [0, 1, 2, 3], unit: 'mM' });
    expect(parseRange('0:3e-3:1e-3', 'p').unit).toBeUndefined();
    expect(() => parseRange('1:0:0.1', 'p')).toThrow(/a ≤ b/);
    expect(() => parseRange('0:1', 'p')).toThrow(/start:stop:step/);
    expect(() => parseRange('0:1e9:1e-9', 'p')).toThrow(/limit/);
  });

  it('names drugs by key, label or input, perturbations and inputs', () => {
    const m = modelOf(DRUG_NET);
    expect(parseSweepParam(m, 'Dee drug=0:3:1 µM')).toMatchObject({ kind: 'drug', target: 'Dee drug', values: [0, 1e-6, 2e-6, 3e-6], unit: 'M' });
    expect(parseSweepParam(m, 'D=0:1e-6:5e-7')).toMatchObject({ kind: 'drug', target: 'Dee drug' });
    expect(parseSweepParam(m, 'plain=0:1:0.5')).toMatchObject({ kind: 'drug', target: 'plain', values: [0, 0.5, 1] });
    expect(parseSweepParam(m, 'T%0=0:1:0.5')).toMatchObject({ kind: 'perturbation', target: 'T%0' });
    expect(parseSweepParam(m, 'E=0:1:0.5')).toMatchObject({ kind: 'perturbation', target: 'E=1' });
    expect(() => parseSweepParam(m, 'T=0:1:0.5')).toThrow(/not an input or a drug.*T%0=/);
    expect(() => parseSweepParam(m, 'T%0=0:2:1')).toThrow(/between 0 and 1/);
    expect(() => parseSweepParam(m, 'Dee drugg=0:1:1')).toThrow(/did you mean Dee drug/);
    expect(() => parseSweepParam(m, '$k=1,2')).toThrow(/unknown parameter/);
    expect(doseNotes(m, [parseSweepParam(m, 'Dee drug=0:3:1')])[0]).toMatch(/unit/);
  });

  it('dose–response: the readout follows the Hill fraction of cells reached by the drug', async () => {
    const m = modelOf(DRUG_NET);
    const p = parseSweepParam(m, 'Dee drug=0,0.5,1,3,10 µM');
    const out = await runSweep(m, { scheme, threads: 1, params: [p], readouts: ['Ys', 'Ws'] });
    const rep = out.report!;
    expect(rep.rows.length).toBe(5);
    rep.rows.forEach((row, k) => {
      const f = doseFraction(p.values[k]!, { ec50: 1e-6, hill: 1 });
      expect(row.fractions['Dee drug']).toBeCloseTo(f, 5);
      // Y = D | E is on exactly in the treated cells: binomial around f.
      const se = Math.sqrt((f * (1 - f)) / 400);
      expect(Math.abs(row.readouts.Ys! - f)).toBeLessThanOrEqual(4 * se + 1e-9);
      expect(row.readouts.Ws).toBeCloseTo(1 - row.readouts.Ys!, 6);
      expect(row.ci.Ys![0]).toBeLessThanOrEqual(row.readouts.Ys!);
    });
    expect(rep.rows[0]!.readouts.Ys).toBe(0);
  });

  it('two-parameter grid, first parameter outermost', async () => {
    const m = modelOf(DRUG_NET);
    const out = await runSweep(m, { scheme: { ...scheme, cells: 50 }, threads: 1, params: [parseSweepParam(m, 'plain=0,1'), parseSweepParam(m, 'T%0=0,0.5,1')] });
    const rows = out.report!.rows;
    expect(rows.map((r) => [r.values.plain, r.values['T%0']])).toEqual([
      [0, 0],
      [0, 0.5],
      [0, 1],
      [1, 0],
      [1, 0.5],
      [1, 1],
    ]);
    expect(rows[2]!.readouts.Ws).toBe(0); // T knocked out everywhere
    expect(rows[3]!.readouts.Ys).toBe(1);
    const svg = sweepPlots(out.report!)[0]!.svg;
    expect(svg).toMatch(/^<\?xml[^]*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<path/);
  });
});

describe('sensitivity', () => {
  it('state flips: a toggle switch loses about half the cells, a self-locking node none', async () => {
    const m = modelOf(TOGGLE_NET);
    const out = await runSensitivity(m, { scheme, threads: 1, readouts: ['Xs'], sensitivity: { flips: true, rules: ['negate'] } });
    const rep = out.report!;
    const flip = (n: string) => rep.flips.find((f) => f.node === n)!;
    // Flipping X in (X,Y) = (1,0) gives (0,0): asynchronous updating reaches either fixed point.
    expect(flip('X').returned).toBeGreaterThan(0.35);
    expect(flip('X').returned).toBeLessThan(0.65);
    // Z copies X: a flipped Z is re-evaluated back in every cell.
    expect(flip('Z').returned).toBe(1);
    // K = K | X locks on: flipping it off is undone only where X is on (about half the cells).
    expect(flip('K').returned).toBeCloseTo(rep.baseline.Xs!, 1);
    expect(rep.flips[0]!.returned).toBeLessThanOrEqual(rep.flips[rep.flips.length - 1]!.returned);
    // Negating Z's rule (Z = !X) keeps X's distribution: X's readout hardly moves.
    const negZ = rep.rules.find((r) => r.change === 'negate Z')!;
    expect(Math.abs(negZ.delta.Xs!)).toBeLessThan(0.15);
    expect(negZ.overlap).toBeGreaterThan(0.8);
    expect(rep.summary.flips).toBe(4);
  });

  it('state flips are judged by attractor: a flip inside a cyclic attractor returns, a flip to another attractor does not', async () => {
    // A ⊣ B → A oscillates (one 4-state asynchronous attractor); C = C keeps its value: 2 attractors.
    const m = modelOf({
      nodes: [
        { id: 'A', rule: '!B' },
        { id: 'B', rule: 'A' },
        { id: 'C', rule: 'C' },
      ],
      initialStates: { r: { A: 0.5, B: 0.5, C: 0.5 } },
      defaultInitial: 'r',
      readouts: { Cs: { terms: ['C'] } },
    });
    const out = await runSensitivity(m, { scheme: { ...scheme, cells: 200 }, threads: 1, sensitivity: { flips: true, rules: [] } });
    const rep = out.report!;
    expect(rep.summary.returnedBy).toBe('attractor');
    expect(rep.summary.baselineAttractors).toBe(2);
    const flip = (n: string) => rep.flips.find((f) => f.node === n)!;
    expect(flip('A').returned).toBe(1);
    expect(flip('B').returned).toBe(1);
    expect(flip('C').returned).toBe(0);
    expect(rep.flips[0]!.node).toBe('C');
  });

  it('rule changes find the knockout that abolishes a readout', async () => {
    const m = modelOf(OR_NET);
    const out = await runSensitivity(m, { scheme: { ...scheme, cells: 32 }, threads: 1, readouts: ['Sout'], sensitivity: { flips: false, rules: ['fix0', 'negate'] } });
    const rep = out.report!;
    expect(rep.flips).toEqual([]);
    const big = rep.rules.filter((r) => r.delta.Sout === -1).map((r) => r.change).sort();
    expect(big).toEqual(['A%0', 'C%0', 'S%0', 'negate A', 'negate C', 'negate S'].sort());
  });
});

describe('Bliss synergy and plots', () => {
  it('uses the multiplicative scale for decreases and the headroom scale for increases', () => {
    const e = (value: number) => ({ value, se: 0 });
    const down = bliss(e(0.8), e(0.4), e(0.6), e(0.1));
    expect(down.scale).toBe('down');
    expect(down.expected).toBeCloseTo((0.4 * 0.6) / 0.8, 12);
    expect(down.synergy.value).toBeCloseTo(0.3 - 0.1, 12);
    const up = bliss(e(0.2), e(0.6), e(0.4), e(0.5));
    expect(up.scale).toBe('up');
    expect(up.expected).toBeCloseTo(1 - (0.4 * 0.6) / 0.8, 12);
    expect(up.synergy.value).toBeCloseTo(0.5 - 0.7, 12);
    expect(bliss(e(0), e(0), e(0), e(0)).synergy.value).toBe(0);
    const withSe = bliss({ value: 0.8, se: 0.01 }, { value: 0.4, se: 0.01 }, { value: 0.6, se: 0.01 }, { value: 0.1, se: 0.01 });
    expect(withSe.synergy.se).toBeGreaterThan(0.01);
  });

  it('draws a ranked bar chart and heat maps as standalone SVG', async () => {
    const m = modelOf(OR_NET);
    const out = await runScreen(m, { scheme: { ...scheme, cells: 32 }, threads: 1, readouts: ['Rout'], screen: { double: true, kinds: ['ko', 'oe'] } });
    const svgs = screenPlots(out.report!);
    expect(svgs.map((s) => s.name)).toEqual(['screen-singles-Rout.svg', 'screen-doubles-Rout.svg', 'screen-synergy-Rout.svg']);
    for (const s of svgs) expect(s.svg).toMatch(/^<\?xml[^]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgs[0]!.svg).toMatch(/R%0/);
    expect((svgs[1]!.svg.match(/<rect/g) ?? []).length).toBeGreaterThan(40);
  });
});
