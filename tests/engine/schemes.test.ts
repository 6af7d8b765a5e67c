/**
 * Update schemes: synchronous = the exhaustive successor function; bit-parallel = scalar on random
 * networks; fully asynchronous = stochastic with all rates 1 as far as reaching attractors goes
 * (same jump chain); the skip-ahead async equals step-by-step async; the cell cycle with CycD on
 * never reaches a fixed point.
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Expr, and, not, or, v, xor } from '../../src/rules/ast.js';
import { printRule } from '../../src/rules/printer.js';
import { validateNetwork } from '../../src/model/validate.js';
import { prepare } from '../../src/model/prepare.js';
import { compileScalarStep, compileWordStep } from '../../src/engine/compile.js';
import { simulate } from '../../src/engine/simulate.js';
import { referenceAsync, referenceSyncStep } from '../../src/engine/reference.js';
import type { Model } from '../../src/model/model.js';
import { referenceDir } from '../helpers/paths.js';
import { loadModelFile } from '../../src/formats/node-io.js';

const cellcycle = (): Model => loadModelFile(resolve(referenceDir(), 'boolnet/cellcycle.txt'));

function allStates(n: number): Uint8Array {
  const s = new Uint8Array((1 << n) * n);
  for (let x = 0; x < 1 << n; x++) for (let i = 0; i < n; i++) s[x * n + i] = (x >> i) & 1;
  return s;
}

/** Two-sample z for proportions p1 (n1 cells) and p2 (n2 cells), pooled variance. */
function z(p1: number, n1: number, p2: number, n2: number): number {
  const p = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return se > 0 ? Math.abs(p1 - p2) / se : p1 === p2 ? 0 : Infinity;
}

describe('sync', () => {
  it('one step from every state of the cell cycle is the exhaustive successor function', () => {
    const model = cellcycle();
    const sys = prepare(model);
    const n = sys.n;
    const states = allStates(n);
    const cells = 1 << n;
    const r = simulate({ model, scheme: { type: 'sync', cells, seed: 1, steps: 1 }, initial: { states, n }, record: { finalStates: true } });
    for (let c = 0; c < cells; c++) {
      const succ = referenceSyncStep(sys, states.subarray(c * n, c * n + n));
      expect(Array.from(r.finalStates!.subarray(c * n, c * n + n))).toEqual(Array.from(succ));
    }
  });

  it('matches the published successors of all-0 / all-1 and the fixed point', () => {
    const model = cellcycle();
    const expected = (JSON.parse(readFileSync(resolve(referenceDir(), 'expected-attractors.json'), 'utf8')) as { model: string; order: string[]; sync_succ_all0: string; sync_succ_all1: string; fixed_points: string[] }[]).find((e) => e.model === 'boolnet/cellcycle.txt')!;
    const n = model.ids.length;
    const toModelOrder = (s: string): string => model.ids.map((id) => s[expected.order.indexOf(id)]).join('');
    const states = new Uint8Array(3 * n);
    states.fill(1, n, 2 * n);
    const fp = toModelOrder(expected.fixed_points[0]!);
    for (let i = 0; i < n; i++) states[2 * n + i] = fp[i] === '1' ? 1 : 0;
    const r = simulate({ model, scheme: { type: 'sync', cells: 3, seed: 1, steps: 1 }, initial: { states, n }, record: { finalStates: true } });
    const out = (c: number) => Array.from(r.finalStates!.subarray(c * n, c * n + n)).join('');
    expect(out(0)).toBe(toModelOrder(expected.sync_succ_all0));
    expect(out(1)).toBe(toModelOrder(expected.sync_succ_all1));
    expect(out(2)).toBe(fp);
    expect(r.final.fixedPoints).toEqual([{ state: fp, count: 1 }]);
  });

  const exprArb = (names: string[]): fc.Arbitrary<Expr> =>
    fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(...names).map(v),
        fc.constantFrom(...names).map(v),
        tie('e').map(not),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((a) => and(...a)),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((a) => or(...a)),
        fc.array(tie('e'), { minLength: 2, maxLength: 2 }).map((a) => xor(...a)),
      ),
    })).e;

  const networkArb = fc.integer({ min: 1, max: 9 }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `x${i}`);
    return fc.record({
      names: fc.constant(names),
      rules: fc.array(exprArb(names), { minLength: n, maxLength: n }),
      seed: fc.integer(),
      steps: fc.integer({ min: 1, max: 6 }),
    });
  });

  it('bit-parallel and scalar evaluation agree on random networks', () => {
    fc.assert(
      fc.property(networkArb, ({ names, rules, seed, steps }) => {
        const model = validateNetwork({ nodes: names.map((id, i) => ({ id, rule: printRule(rules[i]!) })) });
        const sys = prepare(model);
        const n = sys.n;
        // Compiled shapes against each other on 32 random states.
        const scalar = compileScalarStep(sys);
        const word = compileWordStep(sys);
        let x = seed | 0;
        const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 16) & 1;
        const cur = new Int32Array(n);
        const states = new Uint8Array(32 * n);
        for (let c = 0; c < 32; c++) for (let i = 0; i < n; i++) if ((states[c * n + i] = rand())) cur[i]! |= 1 << c;
        const nextW = new Int32Array(n);
        word(cur, nextW, 0);
        const nextS = new Uint8Array(32 * n);
        for (let c = 0; c < 32; c++) scalar(states, nextS, c * n);
        for (let c = 0; c < 32; c++) for (let i = 0; i < n; i++) if (((nextW[i]! >>> c) & 1) !== nextS[c * n + i]) return false;
        // The engine (37 cells: a full word and a partial one) against the reference interpreter.
        const cells = 37;
        const init = new Uint8Array(cells * n);
        for (let k = 0; k < init.length; k++) init[k] = rand();
        const r = simulate({ model, scheme: { type: 'sync', cells, seed: 1, steps }, initial: { states: init, n }, record: { finalStates: true } });
        for (let c = 0; c < cells; c++) {
          let s: Uint8Array = init.slice(c * n, c * n + n);
          for (let k = 0; k < steps; k++) s = referenceSyncStep(sys, s);
          for (let i = 0; i < n; i++) if (r.finalStates![c * n + i] !== s[i]) return false;
        }
        return true;
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});

describe('async and stochastic', () => {
  it('stochastic (all rates 1) and async reach the same fixed points with the same frequencies', () => {
    const model = loadModelFile(resolve(referenceDir(), 'pyboolnet/arellano_rootstem.bnet'));
    const cells = 6000;
    const a = simulate({ model, scheme: { type: 'async', cells, seed: 3, steps: 100 * model.ids.length }, initial: 'random' });
    const s = simulate({ model, scheme: { type: 'stochastic', cells, seed: 4, time: 100, dt: 10 }, initial: 'random' });
    expect(a.final.fixedPointFraction).toBe(1);
    expect(s.final.fixedPointFraction).toBe(1);
    expect(s.stoppedAtFixedPoint).toBe(cells);
    const states = new Set([...a.final.fixedPoints, ...s.final.fixedPoints].map((x) => x.state));
    expect(states.size).toBe(4);
    for (const st of states) {
      const pa = (a.final.fixedPoints.find((x) => x.state === st)?.count ?? 0) / cells;
      const ps = (s.final.fixedPoints.find((x) => x.state === st)?.count ?? 0) / cells;
      expect(z(pa, cells, ps, cells), `fixed point ${st}: async ${pa}, stochastic ${ps}`).toBeLessThan(4);
    }
  });

  it('skip-ahead async equals step-by-step async (reference interpreter) window by window', () => {
    const model = cellcycle();
    const sys = prepare(model);
    const n = sys.n;
    const steps = 20 * n;
    const every = n;
    const cells = 3000;
    const ours = simulate({ model, scheme: { type: 'async', cells, seed: 5, steps, every }, initial: 'random' });
    const ref = referenceAsync(sys, cells, steps, every, 6);
    for (let w = 0; w < ours.times.length; w++) {
      for (let i = 0; i < n; i++) {
        // Window averages of 0/1 values: variance ≤ p(1 − p), so the pooled z is conservative.
        expect(z(ours.nodeFractions[w]![i]!, cells, ref.fractions[w]![i]!, cells), `${model.ids[i]} window ${w}`).toBeLessThan(4);
      }
    }
  });

  it('the cell cycle with CycD on never reaches a fixed point; with CycD off every cell does', () => {
    const model = cellcycle();
    const on = [{ kind: 'node' as const, node: 'CycD', value: 1 as const }];
    const off = [{ kind: 'node' as const, node: 'CycD', value: 0 as const }];
    for (const type of ['stochastic', 'async'] as const) {
      const scheme = { type, cells: 2000, seed: 9, time: 200, steps: 2000 };
      const r = simulate({ model, perturbations: on, scheme, initial: 'random' });
      expect(r.final.fixedPointFraction).toBe(0);
      expect(r.stoppedAtFixedPoint).toBe(0);
      expect(r.final.nodeFractions[model.index.get('CycD')!]).toBe(1);
      const k = simulate({ model, perturbations: off, scheme, initial: 'random' });
      expect(k.final.fixedPointFraction).toBe(1);
      expect(k.final.fixedPoints.length).toBe(1);
    }
    const sweep = simulate({ model, perturbations: on, scheme: { type: 'sweep', cells: 500, seed: 1, steps: 200 }, initial: 'random' });
    expect(sweep.final.fixedPointFraction).toBe(0);
  });
});
