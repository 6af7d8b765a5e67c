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

  /**
   * Exponential(1) variate by the ziggurat method (Marsaglia & Tsang 2000, 256 layers): one 32-bit
   * draw and a table lookup in ~99 % of the calls, an exact rejection step otherwise. Exact up to
   * its 24-bit resolution, and about three times cheaper than −ln(U). The low 8 bits pick the
   * layer and the high 24 bits the position, so the two are independent.
   */
  exp(): number {
    for (;;) {
      const u = this.nextU32();
      const iz = u & 255;
      const jz = u >>> 8;
      if (jz < KE[iz]!) return jz * WE[iz]!;
      if (iz === 0) return ZIG_R - Math.log(this.next());
      const x = jz * WE[iz]!;
      if (FE[iz]! + this.next() * (FE[iz - 1]! - FE[iz]!) < Math.exp(-x)) return x;
    }
  }

  /** Uniform integer in [0, m) for m ≤ 2^32. */
  below(m: number): number {
    return Math.floor(this.next() * m);
  }
}

// Ziggurat tables for the exponential distribution, 256 layers, 24-bit positions.
const ZIG_R = 7.697117470131487;
const KE = new Uint32Array(256);
const WE = new Float64Array(256);
const FE = new Float64Array(256);
{
  const m = 16777216;
  const ve = 3.949659822581572e-3;
  let de = ZIG_R;
  let te = de;
  const q = ve / Math.exp(-de);
  KE[0] = Math.floor((de / q) * m);
  KE[1] = 0;
  WE[0] = q / m;
  WE[255] = de / m;
  FE[0] = 1;
  FE[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    KE[i + 1] = Math.floor((de / te) * m);
    te = de;
    FE[i] = Math.exp(-de);
    WE[i] = de / m;
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
