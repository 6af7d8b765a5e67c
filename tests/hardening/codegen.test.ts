/**
 * The codegen argument, checked: rule and rate text is never passed to eval / new Function; the
 * only `new Function` sites generate source from validated ASTs whose identifiers were resolved to
 * indices. Statically (every site in src/ is known and carries the safety comment) and at run time
 * (every generated body seen while hostile models run holds no identifier from the model, only the
 * generator's own parameter names, keywords and Math functions; and it computes what the
 * interpreter computes).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../../src/formats/index.js';
import { simulate } from '../../src/engine/simulate.js';
import { compileScalarNodes, compileWordNodes } from '../../src/engine/compile.js';
import { compileRateText } from '../../src/engine/rate-compile.js';
import { findAttractors, fixedPoints } from '../../src/analysis/index.js';
import { prepare } from '../../src/model/prepare.js';
import { evaluate } from '../../src/rules/ast.js';
import { evalRateExpr, parseRateExpr } from '../../src/rules/rate-expr.js';
import { repoRoot } from '../helpers/paths.js';
import { FC, expectNoPollution } from './helpers.js';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mjs|js)$/.test(f)) out.push(p);
  }
  return out;
}

/** Every place that turns a string into code, with the reason it is allowed. */
const ALLOWED_SITES: Record<string, number> = {
  'src/engine/compile.ts': 1, // cachedFunction: rule/rate source from compile.ts's printers (the attractor code uses it too)
};

describe('static: where strings become code', () => {
  const root = repoRoot();
  const files = sourceFiles(join(root, 'src'));

  it('no eval, no Function() call, no string timers, no computed import() anywhere in src/', () => {
    const bad = /(^|[^\w.])eval\s*\(|(^|[^\w.])(?<!new\s)Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]|\bimport\s*\(\s*(?!['"`]|\s*\))/gm;
    const found: string[] = [];
    for (const f of files) {
      // Comments out (line comments and JSDoc lines), then one scan per file.
      const code = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/^\s*\*.*$/gm, '');
      for (const m of code.matchAll(bad)) found.push(`${relative(root, f)}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('new Function only at the known sites, each with its safety comment', () => {
    const found: Record<string, number> = {};
    for (const f of files) {
      const rel = relative(root, f);
      const text = readFileSync(f, 'utf8');
      text.split('\n').forEach((line) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
        if (/\bnew\s+Function\b/.test(code)) {
          found[rel] = (found[rel] ?? 0) + 1;
          // The site says where its source comes from…
          expect(line, rel).toMatch(/\/\/ generated from (a )?validated AST/);
        }
      });
      // …and the file explains why that is safe.
      if (found[rel]) expect(text, rel).toMatch(/Safety:[\s\S]*?no text from[\s*]+(the|a)[\s*]+model[\s*]+file[\s*]+reaches/);
    }
    expect(found).toEqual(ALLOWED_SITES);
  });
});

describe('run time: generated bodies hold no model text', () => {
  const bodies: string[] = [];
  const RealFunction = Function;
  beforeAll(() => {
    (globalThis as { Function: FunctionConstructor }).Function = new Proxy(RealFunction, {
      construct(target, args: string[]) {
        bodies.push(args.join('\n'));
        return Reflect.construct(target, args) as object;
      },
      apply(target, self, args: string[]) {
        bodies.push(args.join('\n'));
        return Reflect.apply(target, self, args) as unknown;
      },
    });
  });
  afterAll(() => {
    (globalThis as { Function: FunctionConstructor }).Function = RealFunction;
    expectNoPollution();
  });

  // Words a generator may write: its parameter and local names, keywords, Math.
  const ALLOWED_WORDS = new Set([
    'return', 'switch', 'case', 'break', 'let', 'const', 'if', 'else', 'for', 'default', 'Math', 'NaN', 'Infinity',
    'exp', 'pow', 'min', 'max', 'abs', 'sqrt', 'floor', 'ceil', 'log', 'log10', 'log2', 'imul', 'clz32',
  ]);
  const isGeneratorName = (w: string) => ALLOWED_WORDS.has(w) || /^[a-zA-Z]{1,3}[0-9]*$/.test(w) || /^(cnt|ec|el|ep|lg|rt|tmp)$/.test(w);
  const HOSTILE = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'process', 'require', 'globalThis', 'exit', 'alert', 'script'];

  const ids = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'process', 'require', 'globalThis'];
  const model = readModel(
    JSON.stringify({
      nodes: ids.map((id, i) => ({
        id,
        rule: `${ids[(i + 1) % ids.length]} & !${ids[(i + 2) % ids.length]} | ${id} ^ ${ids[(i + 4) % ids.length]}`,
        // Rates that read the state and parameters named like prototype members.
        rateUp: i % 2 ? `@logic ? $constructor * (1 + ${ids[(i + 3) % ids.length]}) : 0` : '$toString',
        rateDown: i % 3 ? `max($valueOf, ${ids[(i + 5) % ids.length]}) / 2` : 1,
      })),
      parameters: { constructor: 2, toString: 1.5, valueOf: 0.25 },
      readouts: { require: { terms: ['process & !globalThis', 'constructor'] } },
    }),
    { format: 'native', file: 'hostile.json' },
  );

  it('simulations and analyses of a model whose every name is hostile', () => {
    for (const type of ['sync', 'async', 'sweep'] as const) simulate({ model, scheme: { type, cells: 64, seed: 3, steps: 20 } });
    simulate({ model, scheme: { type: 'stochastic', cells: 64, seed: 3, time: 5 } });
    simulate({ model, perturbations: [{ kind: 'node', node: 'constructor', value: 0, fraction: 0.5 }], scheme: { type: 'stochastic', cells: 64, seed: 3, time: 5, rateScale: 'rate' } });
    const sys = prepare(model);
    findAttractors(sys, { scheme: 'sync' });
    findAttractors(sys, { scheme: 'async' });
    fixedPoints(sys);
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) {
      const words = b.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
      for (const w of words) {
        expect(HOSTILE.includes(w), `model name "${w}" in generated code:\n${b.slice(0, 400)}`).toBe(false);
        expect(isGeneratorName(w), `unexpected word "${w}" in generated code:\n${b.slice(0, 400)}`).toBe(true);
      }
      expect(b).not.toMatch(/["'`\\]/);
    }
  });

  it('compiled rules compute what the interpreter computes, on random states', () => {
    const sys = prepare(model);
    const scalar = compileScalarNodes(sys);
    const words = compileWordNodes(sys);
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: sys.n, maxLength: sys.n }), (ws) => {
        const w = Int32Array.from(ws);
        const nodes = words.map((f) => f(w, 0));
        for (let bit = 0; bit < 32; bit += 7) {
          const s = Uint8Array.from(ws, (x) => (x >>> bit) & 1);
          sys.rules.forEach((r, i) => {
            const want = evaluate(r, (name) => s[sys.index.get(name)!] === 1) ? 1 : 0;
            expect(scalar[i]!(s, 0)).toBe(want);
            expect((nodes[i]! >>> bit) & 1).toBe(want);
          });
        }
      }),
      FC(501, 60),
    );
  });

  it('compiled rates compute what the rate interpreter computes', () => {
    const params = new Map(Object.entries(model.network.parameters ?? {}));
    model.network.nodes.forEach((n, i) => {
      for (const field of ['rateUp', 'rateDown'] as const) {
        const raw = n[field];
        if (typeof raw !== 'string') continue;
        const c = compileRateText(raw, model, params, `nodes.${n.id}.${field}`);
        const e = parseRateExpr(raw);
        for (let trial = 0; trial < 16; trial++) {
          const s = Uint8Array.from(ids, (_, j) => (trial >> j % 4) & 1);
          const L = (trial >> 2) & 1;
          const want = evalRateExpr(e, { node: (nm) => s[model.index.get(nm)!]!, param: (nm) => params.get(nm)!, attr: () => L });
          const got = c.kind === 'const' ? c.value : c.fn(s, 0, L);
          expect(got, `${n.id}.${field} (${i})`).toBe(want);
        }
      }
    });
  });
});
