/**
 * Random numbers for the engines. seedrandom (ARC4) turns the user's seed and the block index into
 * a 128-bit state; the hot loops then use xoshiro128** on that state, which is several times
 * faster than calling seedrandom per draw and has no per-draw allocation.
 */
import seedrandom from 'seedrandom';

export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 0x9e3779b9 | 0; // the all-zero state is a fixed point
  }

  /** Uniform 32-bit integer as a non-negative number. */
  nextU32(): number {
    const b = this.b;
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b = b ^ this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }

  /** Uniform in the open interval (0, 1): safe for −ln(U). 32 bits of resolution. */
  next(): number {
    return (this.nextU32() + 0.5) * 2.3283064365386963e-10;
  }

  /** Uniform integer in [0, m) for m ≤ 2^32. */
  below(m: number): number {
    return Math.floor(this.next() * m);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator for one purpose of one block: the same (seed, purpose, block) always gives the same stream. */
export function blockRng(seed: number | string, purpose: string, block: number): Xoshiro128 {
  const sr = seedrandom(`${String(seed)}\u0000${purpose}\u0000${block}`);
  return new Xoshiro128(sr.int32(), sr.int32(), sr.int32(), sr.int32());
}

/** Number of failures before the first success in Bernoulli(p) trials (p in (0, 1]). */
export function geometric(rng: Xoshiro128, logOneMinusP: number): number {
  if (logOneMinusP === -Infinity) return 0;
  return Math.floor(Math.log(rng.next()) / logOneMinusP);
}
