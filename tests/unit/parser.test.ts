import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type Expr, evaluate, nary, not, sameExpr, variables } from '../../src/rules/ast.js';
import { parseRule } from '../../src/rules/parser.js';
import { printRule } from '../../src/rules/printer.js';
import { errorOf } from '../helpers/errors.js';

const names = ['A', 'B', 'C', 'RUNX2', 'miR30b', 'x_1'];


describe('rule parser', () => {
  it('gives not > and > xor > or precedence', () => {
    expect(sameExpr(parseRule('a | b & c'), parseRule('a | (b & c)'))).toBe(true);
    expect(sameExpr(parseRule('a ^ b & c'), parseRule('a ^ (b & c)'))).toBe(true);
    expect(sameExpr(parseRule('a | b ^ c'), parseRule('a | (b ^ c)'))).toBe(true);
    expect(sameExpr(parseRule('!a & b'), parseRule('(!a) & b'))).toBe(true);
    expect(sameExpr(parseRule('a | b & c'), parseRule('(a | b) & c'))).toBe(false);
  });

  it('accepts word operators, C operators and constants in any case', () => {
    const e = parseRule('NOT a AND (b Or c) xor TRUE || false && 1 | 0');
    const env = (assign: Record<string, boolean>) => evaluate(e, (n) => assign[n]!);
    expect(env({ a: false, b: true, c: false })).toBe(false);
    expect(env({ a: true, b: true, c: false })).toBe(true);
    expect(variables(parseRule('~x & y'))).toEqual(['x', 'y']);
  });

  it('reports line and column of syntax errors, with the line and a caret', () => {
    const e1 = errorOf(() => parseRule('A & (B | C'));
    expect(e1.loc).toMatchObject({ line: 1, col: 11 });
    expect(e1.message).toContain('expected ")" to close "(" at column 5');
    expect(e1.message).toMatch(/\n {2}A & \(B \| C\n {12}\^/);
    const e2 = errorOf(() => parseRule('A &\n  & B'));
    expect(e2.loc).toMatchObject({ line: 2, col: 3 });
    expect(errorOf(() => parseRule('A $ B')).loc).toMatchObject({ col: 3 });
    expect(errorOf(() => parseRule('A B')).detail).toContain('found "B"');
    expect(errorOf(() => parseRule('A )')).detail).toBe('unmatched ")"');
    expect(errorOf(() => parseRule('')).detail).toContain('incomplete');
    expect(errorOf(() => parseRule('2')).detail).toContain('constants are 0 and 1');
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = '('.repeat(100_000) + 'a' + ')'.repeat(100_000);
    expect(errorOf(() => parseRule(deep)).detail).toContain('nested deeper than');
    expect(errorOf(() => parseRule('!'.repeat(100_000) + 'a')).detail).toContain('nested deeper than');
    expect(parseRule('('.repeat(50) + 'a' + ')'.repeat(50))).toMatchObject({ kind: 'var', name: 'a' });
  });

  it('refuses rules over the length limit', () => {
    expect(errorOf(() => parseRule('a|'.repeat(20) + 'a', { maxLength: 10 })).code).toBe('limit');
  });
});

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Expr>({ kind: 'const', value: true }, { kind: 'const', value: false }),
    fc.constantFrom(...names).map<Expr>((name) => ({ kind: 'var', name })),
    tie('e').map((a) => not(a)),
    fc.tuple(fc.constantFrom('and' as const, 'or' as const, 'xor' as const), fc.array(tie('e'), { minLength: 2, maxLength: 4 })).map(([k, args]) => nary(k, args)),
  ),
})).e;

describe('printer', () => {
  it('print → parse is the identity on random (flat) ASTs, in both syntaxes', () => {
    fc.assert(
      fc.property(exprArb, fc.constantFrom('symbolic' as const, 'words' as const), (e, syntax) => {
        const text = printRule(e, { syntax });
        return sameExpr(parseRule(text), e);
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('expanding xor keeps the function', () => {
    fc.assert(
      fc.property(exprArb, fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }), (e, bits) => {
        const env = (n: string) => bits[names.indexOf(n)]!;
        const expanded = parseRule(printRule(e, { expandXor: true }));
        return evaluate(expanded, env) === evaluate(e, env) && !printRule(e, { expandXor: true }).includes('^');
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
