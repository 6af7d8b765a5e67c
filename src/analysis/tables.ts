/**
 * Open-addressing hash tables over packed states (typed arrays, linear probing, power-of-two
 * capacity). Every growth is checked against a caller-given maximum so that a search never
 * allocates without bound.
 */
import { VsmcError } from '../util/errors.js';

// Each table class mixes keys differently: walking one table in slot order and inserting into
// another with the same hash would fill the second one in probe order (long clusters).
const hash32 = (k: number, shift: number): number => Math.imul(k ^ (k >>> 15), 0x2c1b3c6d) >>> shift;
const hash32b = (k: number, shift: number): number => {
  k = Math.imul(k ^ (k >>> 16), 0x85ebca6b);
  k = Math.imul(k ^ (k >>> 13), 0xc2b2ae35);
  return (k ^ (k >>> 16)) >>> shift;
};

function capFor(entries: number): number {
  let c = 16;
  while (c < entries * 2) c *= 2;
  return c;
}

/** uint32 state → count (a float, so that counts up to 2^53 stay exact). Count 0 = empty slot. */
export class CountTable {
  keys: Uint32Array;
  counts: Float64Array;
  size = 0;
  private shift: number;
  private mask: number;
  constructor(expected = 1024) {
    const cap = capFor(expected);
    this.keys = new Uint32Array(cap);
    this.counts = new Float64Array(cap);
    this.shift = 32 - Math.log2(cap);
    this.mask = cap - 1;
  }
  get capacity(): number {
    return this.keys.length;
  }
  add(key: number, count: number): void {
    const keys = this.keys;
    const counts = this.counts;
    let i = hash32(key, this.shift);
    for (;;) {
      const c = counts[i]!;
      if (c === 0) {
        keys[i] = key;
        counts[i] = count;
        if (++this.size * 2 > keys.length) this.grow();
        return;
      }
      if (keys[i] === key) {
        counts[i] = c + count;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }
  private grow(): void {
    const oldK = this.keys;
    const oldC = this.counts;
    const cap = oldK.length * 2;
    this.keys = new Uint32Array(cap);
    this.counts = new Float64Array(cap);
    this.shift = 32 - Math.log2(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldC[i]! !== 0) this.add(oldK[i]!, oldC[i]!);
  }
}

/** uint32 state → int32 value; `get` returns `missing` for absent keys. */
export class U32Map {
  private keys: Uint32Array;
  private vals: Int32Array;
  private used: Uint8Array;
  size = 0;
  private shift: number;
  private mask: number;
  constructor(
    expected = 1024,
    private readonly maxEntries = 2 ** 28,
    private readonly what = 'states',
  ) {
    const cap = capFor(Math.min(expected, maxEntries));
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.used = new Uint8Array(cap);
    this.shift = 32 - Math.log2(cap);
    this.mask = cap - 1;
  }
  get(key: number, missing: number): number {
    let i = hash32b(key, this.shift);
    for (;;) {
      if (!this.used[i]) return missing;
      if (this.keys[i] === key) return this.vals[i]!;
      i = (i + 1) & this.mask;
    }
  }
  set(key: number, val: number): void {
    let i = hash32b(key, this.shift);
    for (;;) {
      if (!this.used[i]) {
        this.used[i] = 1;
        this.keys[i] = key;
        this.vals[i] = val;
        if (++this.size * 2 > this.keys.length) this.grow();
        return;
      }
      if (this.keys[i] === key) {
        this.vals[i] = val;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }
  private grow(): void {
    if (this.size > this.maxEntries) {
      throw new VsmcError('limit', `more than ${this.maxEntries.toLocaleString('en-US')} ${this.what} to hold in memory`);
    }
    const oK = this.keys;
    const oV = this.vals;
    const oU = this.used;
    const cap = oK.length * 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.used = new Uint8Array(cap);
    this.shift = 32 - Math.log2(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oK.length; i++) if (oU[i]) this.set(oK[i]!, oV[i]!);
  }
}

/**
 * Interns multi-word packed states: each distinct state gets a dense id 0, 1, 2, … and its words
 * are kept in a pool (id·words … id·words+words−1). Used for reachable-set searches on networks
 * of any size.
 */
export class StateStore {
  pool: Uint32Array;
  size = 0;
  private table: Int32Array; // id + 1, 0 = empty
  private mask: number;
  constructor(
    readonly words: number,
    readonly maxStates: number,
    private readonly limitMessage: () => string,
    expected = 1024,
  ) {
    const cap = capFor(Math.min(expected, maxStates));
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    this.pool = new Uint32Array(Math.max(16, Math.min(expected, maxStates)) * words);
  }
  private hash(src: ArrayLike<number>, o: number): number {
    let h = 0x811c9dc5;
    for (let k = 0; k < this.words; k++) h = Math.imul(h ^ src[o + k]!, 0x01000193) ^ (h >>> 13);
    return Math.imul(h ^ (h >>> 16), 0x2c1b3c6d) >>> 0;
  }
  private equals(id: number, src: ArrayLike<number>, o: number): boolean {
    const p = this.pool;
    const b = id * this.words;
    for (let k = 0; k < this.words; k++) if (p[b + k] !== src[o + k]! >>> 0) return false;
    return true;
  }
  /** Id of the state, or -1 when absent. */
  find(src: ArrayLike<number>, o = 0): number {
    let i = this.hash(src, o) & this.mask;
    for (;;) {
      const e = this.table[i]!;
      if (e === 0) return -1;
      if (this.equals(e - 1, src, o)) return e - 1;
      i = (i + 1) & this.mask;
    }
  }
  /** Id of the state, adding it when absent (`added` tells which). */
  intern(src: ArrayLike<number>, o = 0): number {
    let i = this.hash(src, o) & this.mask;
    for (;;) {
      const e = this.table[i]!;
      if (e === 0) break;
      if (this.equals(e - 1, src, o)) {
        this.added = false;
        return e - 1;
      }
      i = (i + 1) & this.mask;
    }
    if (this.size >= this.maxStates) throw new VsmcError('limit', this.limitMessage());
    const id = this.size++;
    if ((id + 1) * this.words > this.pool.length) {
      const np = new Uint32Array(Math.min(this.maxStates, Math.max(16, this.pool.length / this.words) * 2) * this.words);
      np.set(this.pool);
      this.pool = np;
    }
    const base = id * this.words;
    for (let k = 0; k < this.words; k++) this.pool[base + k] = src[o + k]!;
    this.table[i] = id + 1;
    if (this.size * 2 > this.table.length) this.rehash();
    this.added = true;
    return id;
  }
  added = false;
  private rehash(): void {
    const cap = this.table.length * 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      let i = this.hash(this.pool, id * this.words) & this.mask;
      while (this.table[i] !== 0) i = (i + 1) & this.mask;
      this.table[i] = id + 1;
    }
  }
}

/** Growable Uint32 stack (bounded). */
export class U32Stack {
  data: Uint32Array;
  length = 0;
  constructor(
    initial = 1024,
    private readonly max = 2 ** 32,
  ) {
    this.data = new Uint32Array(initial);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      if (this.length >= this.max) throw new VsmcError('limit', `search stack exceeded ${this.max} entries`);
      const nd = new Uint32Array(Math.min(this.max, this.data.length * 2));
      nd.set(this.data);
      this.data = nd;
    }
    this.data[this.length++] = v;
  }
  pop(): number {
    return this.data[--this.length]!;
  }
  top(): number {
    return this.data[this.length - 1]!;
  }
}
