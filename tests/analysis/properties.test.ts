/**
 * Property tests on random networks (n ≤ 12): the fast searches against brute force written
 * independently (tests/analysis/naive-reference.ts).
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { findAttractors, fixedPoints, syncSuccessor } from '../../src/analysis/index.js';
import { compactRule } from '../../src/analysis/minimize.js';
import { naiveSyncAttractors } from '../../src/analysis/naive.js';
import { Ticker } from '../../src/analysis/progress.js';
import { buildSpace, stateString } from '../../src/analysis/space.js';
import { cycleStates32, fillSuccessorsSliced, syncExhaustive32, syncTableWalk } from '../../src/analysis/sync.js';
import { compileStep32 } from '../../src/analysis/codegen.js';
import type { Perturbation } from '../../src/model/perturbation.js';
import { prepare } from '../../src/model/prepare.js';
import { validateNetwork } from '../../src/model/validate.js';
import { evaluate, variables } from '../../src/rules/ast.js';
import { parseRule } from '../../src/rules/parser.js';
import { bitString, naiveAsync, naiveFixedPoints, naiveSync, spaceStates, successorFn } from './naive-reference.js';

type Rng = () => number;

function randomExpr(rng: Rng, regs: string[], depth: number): string {
  if (depth === 0 || rng() < 0.3) {
    const v = regs[Math.floor(rng() * regs.length)]!;
    return rng() < 0.3 ? `!${v}` : v;
  }
  const r = rng();
  const a = randomExpr(rng, regs, depth - 1);
  const b = randomExpr(rng, regs, depth - 1);
  if (r < 0.1) return `!(${a})`;
  const op = r < 0.5 ? '&' : r < 0.85 ? '|' : '^';
  return `(${a} ${op} ${b})`;
}

function randomModel(seed: number, n: number, extra: { pad?: number } = {}) {
  const rng = seedrandom(`prop-${seed}-${n}`);
  const ids = Array.from({ length: n }, (_, i) => `x${i}`);
  const nodes = ids.map((id) => {
    const r = rng();
    if (r < 0.06) return { id, rule: rng() < 0.5 ? '0' : '1' };
    if (r < 0.12) return { id, rule: id };
    const k = 1 + Math.floor(rng() * Math.min(4, n));
    const regs: string[] = [];
    while (regs.length < k) {
      const c = ids[Math.floor(rng() * n)]!;
      if (!regs.includes(c)) regs.push(c);
    }
    return { id, rule: randomExpr(rng, regs, 3) };
  });
  // Padding: nodes that never change (x = x), to push packed states past 32 bits.
  for (let i = 0; i < (extra.pad ?? 0); i++) nodes.push({ id: `pad${i}`, rule: `pad${i}` });
  return validateNetwork({ nodes });
}

function randomPerturbations(seed: number, n: number): Perturbation[] {
  const rng = seedrandom(`pert-${seed}`);
  const out: Perturbation[] = [];
  for (let i = 0; i < n; i++) if (rng() < 0.15) out.push({ kind: 'node', node: `x${i}`, value: rng() < 0.5 ? 0 : 1 });
  return out;
}

const canonSync = (list: { states: string[]; basin: number }[]) =>
  list.map((c) => `${[...c.states].sort().join(',')}:${c.basin}`).sort();

const arb = fc.record({ seed: fc.integer({ min: 0, max: 1e9 }), n: fc.integer({ min: 1, max: 10 }), perturb: fc.boolean() });

describe('synchronous search agrees with one-state-at-a-time brute force', () => {
  it('exhaustive, default fixed-space policy', () => {
    fc.assert(
      fc.property(arb, ({ seed, n, perturb }) => {
        const perturbations = perturb ? randomPerturbations(seed, n) : [];
        const sys = prepare(randomModel(seed, n), { perturbations });
        const fixed = new Map(perturbations.map((p) => [sys.index.get((p as { node: string }).node)!, p.value]));
        const want = naiveSync(sys, spaceStates(n, fixed));
        const r = findAttractors(sys, { scheme: 'sync', includeStates: true });
        expect(r.complete).toBe(true);
        const got = r.attractors.map((a) => ({ states: a.states!, basin: a.basin! }));
        expect(canonSync(got)).toEqual(canonSync(want));
        for (const a of r.attractors) {
          // Cycles in successor order.
          const f = successorFn(sys);
          const toInt = (s: string) => [...s].reduce((acc, c, i) => acc | (c === '1' ? 1 << i : 0), 0) >>> 0;
          a.states!.forEach((s, i) => expect(bitString(f(toInt(s)), n)).toBe(a.states![(i + 1) % a.size]));
          expect(a.type).toBe(a.size === 1 ? 'fixed' : 'cycle');
        }
      }),
      { numRuns: 100 },
    );
  });

  it("fixedSpace 'reduced' and 'full'", () => {
    fc.assert(
      fc.property(arb, ({ seed, n }) => {
        const perturbations = randomPerturbations(seed, n);
        const sys = prepare(randomModel(seed, n), { perturbations });
        const constants = new Map<number, number>();
        sys.rules.forEach((r, i) => r.kind === 'const' && constants.set(i, r.value ? 1 : 0));
        const reduced = findAttractors(sys, { scheme: 'sync', includeStates: true, fixedSpace: 'reduced' });
        expect(canonSync(reduced.attractors.map((a) => ({ states: a.states!, basin: a.basin! })))).toEqual(canonSync(naiveSync(sys, spaceStates(n, constants))));
        const full = findAttractors(sys, { scheme: 'sync', includeStates: true, fixedSpace: 'full' });
        expect(canonSync(full.attractors.map((a) => ({ states: a.states!, basin: a.basin! })))).toEqual(canonSync(naiveSync(sys, spaceStates(n, new Map()))));
      }),
      { numRuns: 50 },
    );
  });

  it('the sweep with forced compaction, the successor table and the naive implementation agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 5, max: 12 }), (seed, n) => {
        const sys = prepare(randomModel(seed, n));
        const sp = buildSpace(sys, () => true);
        const want = canonSync(naiveSync(sys, spaceStates(n, new Map())));
        const step = compileStep32(sp);
        const asInfo = (cs: { start: number; size: number; basin: number }[]) =>
          cs.map((c) => ({ states: Array.from(cycleStates32(step, c.start, c.size), (x) => stateString(sp, [x])), basin: c.basin }));
        const t = new Ticker();
        expect(canonSync(asInfo(syncExhaustive32(sp, { ticker: t, steps: 1, tableEntries: 16 })))).toEqual(want);
        expect(canonSync(asInfo(syncExhaustive32(sp, { ticker: t, steps: 7 })))).toEqual(want);
        const table = new Uint32Array(2 ** sp.m);
        fillSuccessorsSliced(sp, table, t);
        expect(canonSync(asInfo(syncTableWalk(sp.m, table, t)))).toEqual(want);
        expect(canonSync(asInfo(naiveSyncAttractors(sp, t)))).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });

  it('restricted mode reaches the attractors of the given states', () => {
    fc.assert(
      fc.property(arb, fc.array(fc.integer({ min: 0, max: 2 ** 10 - 1 }), { minLength: 1, maxLength: 5 }), ({ seed, n }, raw) => {
        const sys = prepare(randomModel(seed, n));
        const starts = raw.map((x) => x % 2 ** n);
        const r = findAttractors(sys, { scheme: 'sync', mode: 'restricted', from: starts.map((x) => Uint8Array.from(bitString(x, n), Number)), includeStates: true });
        expect(r.complete).toBe(false);
        expect(canonSync(r.attractors.map((a) => ({ states: a.states!, basin: a.basin! })))).toEqual(canonSync(naiveSync(sys, starts)));
      }),
      { numRuns: 100 },
    );
  });

  it('syncSuccessor is one synchronous step of every node', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 2 ** 10 - 1 }), ({ seed, n }, x0) => {
        const sys = prepare(randomModel(seed, n));
        const x = x0 % 2 ** n;
        const next = syncSuccessor(sys, Uint8Array.from(bitString(x, n), Number));
        expect(Array.from(next).join('')).toBe(bitString(successorFn(sys)(x), n));
      }),
      { numRuns: 100 },
    );
  });
});

describe('asynchronous search agrees with Kosaraju on the explicit graph', () => {
  const canon = (sets: string[][]) => sets.map((s) => [...s].sort().join(',')).sort();
  it('exhaustive: terminal SCCs of the whole space (constant nodes at both values)', () => {
    fc.assert(
      fc.property(arb, ({ seed, n, perturb }) => {
        const sys = prepare(randomModel(seed, n), { perturbations: perturb ? randomPerturbations(seed, n) : [] });
        const all = Array.from({ length: 2 ** n }, (_, i) => i);
        const r = findAttractors(sys, { scheme: 'async', includeStates: true });
        expect(r.complete).toBe(true);
        expect(canon(r.attractors.map((a) => a.states!))).toEqual(canon(naiveAsync(sys, all)));
        for (const a of r.attractors) expect(a.type).toBe(a.size === 1 ? 'fixed' : 'complex');
      }),
      { numRuns: 80 },
    );
  });

  it('restricted: attractors reachable from the given states', () => {
    fc.assert(
      fc.property(arb, fc.array(fc.integer({ min: 0, max: 2 ** 10 - 1 }), { minLength: 1, maxLength: 3 }), ({ seed, n }, raw) => {
        const sys = prepare(randomModel(seed, n));
        const starts = raw.map((x) => x % 2 ** n);
        const r = findAttractors(sys, { scheme: 'async', mode: 'restricted', from: starts.map((x) => Uint8Array.from(bitString(x, n), Number)), includeStates: true });
        expect(canon(r.attractors.map((a) => a.states!))).toEqual(canon(naiveAsync(sys, starts)));
      }),
      { numRuns: 120 },
    );
  });

  it('sampled: every attractor reported is a true attractor', () => {
    fc.assert(
      fc.property(arb, ({ seed, n }) => {
        const sys = prepare(randomModel(seed, n));
        const truth = new Set(canon(naiveAsync(sys, Array.from({ length: 2 ** n }, (_, i) => i))));
        const r = findAttractors(sys, { scheme: 'async', mode: 'sampled', samples: 20, seed, includeStates: true });
        for (const a of r.attractors) expect(truth.has([...a.states!].sort().join(','))).toBe(true);
        expect(r.complete).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  it('packed states of more than 32 nodes (multi-word) give the same attractors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 255 }), (seed, n, x0) => {
        const small = prepare(randomModel(seed, n));
        const big = prepare(randomModel(seed, n, { pad: 40 }));
        const start = bitString(x0 % 2 ** n, n);
        const pad = '01'.repeat(20);
        const rs = findAttractors(small, { scheme: 'async', mode: 'restricted', from: [Uint8Array.from(start, Number)], includeStates: true });
        const rb = findAttractors(big, { scheme: 'async', mode: 'restricted', from: [Uint8Array.from(start + pad, Number)], includeStates: true });
        expect(rb.attractors.map((a) => a.states!.map((s) => s.slice(0, n)))).toEqual(rs.attractors.map((a) => a.states!));
        for (const a of rb.attractors) for (const s of a.states!) expect(s.slice(n)).toBe(pad);
        const ss = findAttractors(small, { scheme: 'sync', mode: 'restricted', from: [Uint8Array.from(start, Number)], includeStates: true });
        const sb = findAttractors(big, { scheme: 'sync', mode: 'restricted', from: [Uint8Array.from(start + pad, Number)], includeStates: true });
        expect(sb.attractors.map((a) => a.states!.map((s) => s.slice(0, n)))).toEqual(ss.attractors.map((a) => a.states!));
      }),
      { numRuns: 60 },
    );
  });
});

describe('fixed points', () => {
  it('constraint search agrees with exhaustive enumeration', () => {
    fc.assert(
      fc.property(fc.record({ seed: fc.integer({ min: 0, max: 1e9 }), n: fc.integer({ min: 1, max: 12 }), perturb: fc.boolean() }), ({ seed, n, perturb }) => {
        const sys = prepare(randomModel(seed, n), { perturbations: perturb ? randomPerturbations(seed, n) : [] });
        const r = fixedPoints(sys);
        expect(r.complete).toBe(true);
        expect(r.attractors.map((a) => a.pattern)).toEqual(naiveFixedPoints(sys));
      }),
      { numRuns: 150 },
    );
  });

  it('maxFixedPoints stops early and says so', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => ({ id: `x${i}`, rule: `x${i}` }));
    const sys = prepare(validateNetwork({ nodes }));
    const r = fixedPoints(sys, { maxFixedPoints: 100 });
    expect(r.attractors.length).toBe(100);
    expect(r.complete).toBe(false);
    expect(r.notes.join(' ')).toMatch(/stopped after 100/);
    expect(fixedPoints(sys).attractors.length).toBe(4096);
  });
});

describe('rule compaction', () => {
  it('compactRule keeps the function', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 6 }), (seed, k) => {
        const rng = seedrandom(`cr-${seed}`);
        const regs = Array.from({ length: k }, (_, i) => `v${i}`);
        const e = parseRule(randomExpr(rng, regs, 4));
        const c = compactRule(e);
        const vars = variables(e);
        for (let x = 0; x < 2 ** vars.length; x++) {
          const val = (name: string) => ((x >>> vars.indexOf(name)) & 1) === 1;
          expect(evaluate(c, val)).toBe(evaluate(e, val));
        }
      }),
      { numRuns: 300 },
    );
  });
});
