/** The generators behind the engines: seeding, uniform range, and the ziggurat exponential. */
import { expect, it } from 'vitest';
import { blockRng } from '../../src/engine/rng.js';

it('blockRng streams are reproducible and differ by seed, purpose and block', () => {
  const draw = (seed: number | string, purpose: string, block: number) => Array.from({ length: 4 }, ((r) => () => r.nextU32())(blockRng(seed, purpose, block)));
  expect(draw(1, 'a', 0)).toEqual(draw(1, 'a', 0));
  expect(draw(1, 'a', 0)).not.toEqual(draw(2, 'a', 0));
  expect(draw(1, 'a', 0)).not.toEqual(draw(1, 'b', 0));
  expect(draw(1, 'a', 0)).not.toEqual(draw(1, 'a', 1));
  expect(draw(1, 'a', 0)).not.toEqual(draw('1x', 'a', 0));
});

it('uniforms lie in (0, 1) with the right mean', () => {
  const r = blockRng(3, 'u', 0);
  let sum = 0;
  const N = 200_000;
  for (let k = 0; k < N; k++) {
    const u = r.next();
    expect(u > 0 && u < 1).toBe(true);
    sum += u;
  }
  expect(Math.abs(sum / N - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
});

it('ziggurat exponential: moments and quantiles of Exp(1)', () => {
  const r = blockRng(5, 'e', 0);
  const N = 400_000;
  const xs = new Float64Array(N);
  let s1 = 0;
  let s2 = 0;
  for (let k = 0; k < N; k++) {
    const x = r.exp();
    xs[k] = x;
    s1 += x;
    s2 += x * x;
  }
  const mean = s1 / N;
  expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(N)); // sd of Exp(1) is 1
  expect(Math.abs(s2 / N - 2)).toBeLessThan(4 * Math.sqrt(20 / N)); // Var(X²) = 24 − 4 = 20
  xs.sort();
  // Kolmogorov–Smirnov distance against 1 − e^{−x}: the 0.1 % critical value is 1.95/√N.
  let d = 0;
  for (let k = 0; k < N; k++) {
    const F = 1 - Math.exp(-xs[k]!);
    d = Math.max(d, Math.abs(F - k / N), Math.abs(F - (k + 1) / N));
  }
  expect(d).toBeLessThan(1.95 / Math.sqrt(N));
  // The tail beyond the ziggurat's base layer (r ≈ 7.7) is reached and has the right mass.
  const tail = N - xs.findIndex((x) => x > 7.697);
  expect(Math.abs(tail / N - Math.exp(-7.697))).toBeLessThan(5 * Math.sqrt(Math.exp(-7.697) / N));
});
