/** The MaBoSS rate-expression language. */
import { describe, expect, it } from 'vitest';
import { evalRateExpr, parseRateExpr, printRateExpr, rateExprRefs, type RateEnv } from '../../src/rules/rate-expr.js';
import { VsmcError } from '../../src/util/errors.js';

const env = (nodes: Record<string, number> = {}, params: Record<string, number> = {}, attrs: Record<string, number> = {}): RateEnv => ({
  node: (n) => nodes[n] ?? 0,
  param: (n) => params[n] ?? NaN,
  attr: (n) => attrs[n] ?? NaN,
});
const ev = (s: string, e: RateEnv = env()) => evalRateExpr(parseRateExpr(s), e);

describe('rate expressions', () => {
  it('reads numbers in every MaBoSS spelling and booleans', () => {
    expect(ev('1')).toBe(1);
    expect(ev('0.')).toBe(0);
    expect(ev('.5')).toBe(0.5);
    expect(ev('1e+100')).toBe(1e100);
    expect(ev('2.5E-3')).toBe(0.0025);
    expect(ev('TRUE')).toBe(1);
    expect(ev('false')).toBe(0);
  });

  it('has C-like precedence: unary, * /, + -, comparisons, AND, XOR, OR, ternary', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('10 - 4 - 3')).toBe(3);
    expect(ev('8 / 4 / 2')).toBe(1);
    expect(ev('-2 * 3')).toBe(-6);
    expect(ev('1 < 2 == 1')).toBe(1);
    expect(ev('1 OR 0 AND 0')).toBe(1);
    expect(ev('1 | 1 ^ 1')).toBe(1); // 1 | (1 ^ 1)
    expect(ev('1 ^ 1 & 0')).toBe(1); // 1 ^ (1 & 0)
    expect(ev('0 ? 1 : 0 ? 2 : 3')).toBe(3);
    expect(ev('NOT 0 + 1')).toBe(2); // (NOT 0) + 1
  });

  it('evaluates nodes, $params, @logic/@attr, logic operators in every spelling and functions', () => {
    const e = env({ A: 1, B: 0 }, { fast: 10, slow: 1 }, { logic: 1 });
    expect(ev('@logic ? $fast : 0.0', e)).toBe(10);
    expect(ev('A && !B', e)).toBe(1);
    expect(ev('A AND NOT B', e)).toBe(1);
    expect(ev('A & B | !A', e)).toBe(0);
    expect(ev('A XOR B', e)).toBe(1);
    expect(ev('A || B', e)).toBe(1);
    expect(ev('log(1.0, 2)')).toBe(0);
    expect(ev('log(exp(2))')).toBeCloseTo(2);
    expect(ev('pow(2, 10) + min(3, 1, 2) + max(1, 4) + abs(-1) + sqrt(16) + floor(1.7) + ceil(1.2) + log10(100) + log2(8)')).toBe(1024 + 1 + 4 + 1 + 4 + 1 + 2 + 2 + 3);
    expect(ev('$slow / 24', e)).toBeCloseTo(1 / 24);
    expect(ev('A >= 1 && B != 1', e)).toBe(1);
  });

  it('lists references', () => {
    expect(rateExprRefs(parseRateExpr('($Low ? 0 : (@logic ? $TransRate : 0)) + A * @tmp - B / A'))).toEqual({ nodes: ['A', 'B'], params: ['Low', 'TransRate'], attrs: ['logic', 'tmp'] });
  });

  it('prints MaBoSS syntax that reads back to the same value, parenthesising mixed logic', () => {
    const cases = ['($Low_CASP8 ? 0 : (@logic ? 1 : 0))', '(NOT @logic AND NOT p53_h ? 1.0 : 0.0) / $tp53d', 'A XOR B OR C', 'A OR B XOR C', '1 - (2 - 3)', '2 / (4 * 2)', '-(A + 1)', 'log(8, 2) * -B'];
    const e = env({ A: 1, B: 0, C: 1, p53_h: 0 }, { Low_CASP8: 0, tp53d: 2 }, { logic: 0 });
    for (const c of cases) {
      const p = printRateExpr(parseRateExpr(c));
      expect(evalRateExpr(parseRateExpr(p), e), `${c} → ${p}`).toBe(evalRateExpr(parseRateExpr(c), e));
    }
    expect(printRateExpr(parseRateExpr('A OR B XOR C'))).toBe('A OR (B XOR C)');
    expect(printRateExpr(parseRateExpr('@logic ? $fast : 0.0'))).toBe('@logic ? $fast : 0.0');
    expect(printRateExpr(parseRateExpr('a & !b'), { symbols: true })).toBe('a & !b');
  });

  it('reports errors with line and column, unknown functions and wrong arity', () => {
    const at = (s: string) => {
      try {
        parseRateExpr(s);
      } catch (e) {
        if (e instanceof VsmcError) return e;
      }
      throw new Error('expected an error');
    };
    expect(at('1 +\n  * 2').loc).toMatchObject({ line: 2, col: 3 });
    expect(at('(1 + 2').message).toMatch(/expected "\)"/);
    expect(at('foo(1)').message).toMatch(/unknown function "foo"/);
    expect(at('pow(1)').message).toMatch(/pow\(\) takes 2 arguments/);
    expect(at('A ? 1').message).toMatch(/expected ":"/);
    expect(at('1 2').message).toMatch(/expected an operator/);
    expect(at('#').code).toBe('syntax');
  });

  it('bounds the nesting depth', () => {
    const deep = '('.repeat(10_000) + '1' + ')'.repeat(10_000);
    expect(() => parseRateExpr(deep)).toThrow(/nested deeper than/);
    expect(() => parseRateExpr('-'.repeat(10_000) + '1')).toThrow(/nested deeper than/);
    // A flat chain nests too (left-deep tree): bounded, never a stack overflow.
    expect(() => parseRateExpr(Array(20_000).fill('1').join(' + '))).toThrow(/nested deeper than/);
    expect(evalRateExpr(parseRateExpr(Array(1000).fill('1').join(' + ')), env())).toBe(1000);
  });
});
