/**
 * Straight-line JavaScript for the attractor searches, generated from the members' rule ASTs with
 * the expression printers of src/engine/compile.ts.
 *
 * Safety: as in compile.ts, the generated source holds only integer indices, numeric literals, the
 * operators & | ^ ~ >>> << and local variable names made here; identifiers from the model were
 * resolved to member indices by prepare()/buildSpace() before any source is written, so no text from
 * a model file reaches `new Function`.
 */
import { cachedFunction, wordSource } from '../engine/compile.js';
import type { Expr } from '../rules/ast.js';
import { compactRule } from './minimize.js';
import type { Space } from './space.js';

const fastCache = new WeakMap<Space, Expr[]>();
/** The members' rules rewritten with fewer operators (same functions). */
export function fastRules(sp: Space): Expr[] {
  let r = fastCache.get(sp);
  if (!r) {
    r = sp.rules.map(compactRule);
    fastCache.set(sp, r);
  }
  return r;
}

// One place turns generated source into code: compile.ts's cache (see its safety note).
const makeFn = <T>(args: string[], body: string): T => cachedFunction<T>(args, body).fn;

/** Synchronous successor of a packed state of at most 32 members (uint32 in, uint32 out). */
export type Step32 = (x: number) => number;

const step32Cache = new WeakMap<Space, Step32>();
const stepWordsCache = new WeakMap<Space, StepWords>();

export function compileStep32(sp: Space): Step32 {
  let f = step32Cache.get(sp);
  if (!f) {
    f = buildStep32(sp);
    step32Cache.set(sp, f);
  }
  return f;
}

function buildStep32(sp: Space): Step32 {
  if (sp.m > 32) throw new Error('compileStep32: more than 32 members');
  if (sp.m === 0) return () => 0;
  // Bit 0 of (x >>> j) is member j; bitwise operators keep bit 0 exact, so one `& 1` per rule suffices.
  const terms = fastRules(sp).map((r, i) => `(((${wordSource(sp.csys, r, (j) => `(x>>>${j})`)})&1)<<${i})`);
  return makeFn<Step32>(['x'], `return (${terms.join('|')})>>>0;`);
}

/** Synchronous successor of a multi-word packed state: next[xo..] = F(cur[co..]). */
export type StepWords = (c: Uint32Array, co: number, x: Uint32Array, xo: number) => void;

export function compileStepWords(sp: Space): StepWords {
  let f = stepWordsCache.get(sp);
  if (!f) {
    f = buildStepWords(sp);
    stepWordsCache.set(sp, f);
  }
  return f;
}

function buildStepWords(sp: Space): StepWords {
  const lines: string[] = [];
  for (let w = 0; w < sp.words; w++) {
    const terms: string[] = [];
    for (let i = 32 * w; i < Math.min(sp.m, 32 * w + 32); i++) {
      terms.push(`(((${wordSource(sp.csys, fastRules(sp)[i]!, (j) => `(c[co+${j >>> 5}]>>>${j & 31})`)})&1)<<${i & 31})`);
    }
    lines.push(`x[xo+${w}]=${terms.length ? terms.join('|') : '0'};`);
  }
  return makeFn<StepWords>(['c', 'co', 'x', 'xo'], lines.join('\n'));
}

const LOW_PATTERNS = [0xaaaaaaaa | 0, 0xcccccccc | 0, 0xf0f0f0f0 | 0, 0xff00ff00 | 0, 0xffff0000 | 0];
const TRANSPOSE_MASKS: Array<[number, number]> = [
  [16, 0x0000ffff],
  [8, 0x00ff00ff],
  [4, 0x0f0f0f0f],
  [2, 0x33333333],
  [1, 0x55555555],
];

/** Source of an in-place 32×32 bit transpose of locals r0..r31 (rows known to be zero are skipped). */
function transposeSource(zero: boolean[]): string {
  const out: string[] = [];
  for (const [s, mask] of TRANSPOSE_MASKS) {
    for (let k = 0; k < 32; k++) {
      if (k & s) continue;
      const a = zero[k]!;
      const b = zero[k + s]!;
      if (a && b) continue;
      const t = a ? `(r${k + s}&${mask})` : b ? `((r${k}>>>${s})&${mask})` : `(((r${k}>>>${s})^r${k + s})&${mask})`;
      out.push(`t=${t};r${k}^=t<<${s};r${k + s}^=t;`);
      zero[k] = false;
      zero[k + s] = false;
    }
  }
  return out.join('\n');
}

function stepLoopSource(sp: Space): string {
  const next = fastRules(sp).map((r, i) => `const n${i}=${wordSource(sp.csys, r, (j) => `a${j}`)};`);
  const assign = sp.rules.map((_, i) => `a${i}=n${i};`);
  return `for(let q=0;q<K;q++){\n${next.join('\n')}\n${assign.join('')}\n}`;
}

/**
 * The exhaustive synchronous sweep's inner step: the 32 consecutive states 32·b … 32·b+31, each
 * advanced K synchronous steps with bitwise operations (word j holds member j of the 32 states),
 * then transposed back into 32 packed states in out[0..31]. Returns 1, with the common state in
 * out[0], when all 32 lanes ended in the same state.
 */
export type SweepBatch = (b: number, K: number, out: Int32Array) => number;

export function compileSweepBatch(sp: Space): SweepBatch {
  const m = sp.m;
  if (m < 5 || m > 32) throw new Error('compileSweepBatch: needs 5..32 members');
  const init: string[] = [];
  for (let j = 0; j < m; j++) init.push(j < 5 ? `let a${j}=${LOW_PATTERNS[j]};` : `let a${j}=-((b>>>${j - 5})&1);`);
  const uniform = Array.from({ length: m }, (_, j) => `(a${j}^(a${j}>>31))`).join('|');
  const rows = Array.from({ length: 32 }, (_, k) => (k < m ? `let r${k}=a${k};` : `let r${k}=0;`));
  const zero = Array.from({ length: 32 }, (_, k) => k >= m);
  const outs = Array.from({ length: 32 }, (_, k) => `out[${k}]=r${k};`);
  const body = [
    init.join('\n'),
    stepLoopSource(sp),
    `if((${uniform})===0){out[0]=${Array.from({ length: m }, (_, j) => `(a${j}&${(1 << j) | 0})`).join('|')};return 1;}`,
    rows.join('\n'),
    'let t=0;',
    transposeSource(zero),
    outs.join(''),
    'return 0;',
  ].join('\n');
  return makeFn<SweepBatch>(['b', 'K', 'out'], body);
}

/**
 * The same for 32 arbitrary packed states: in[0..31] → out[0..31] after K synchronous steps.
 * `in` and `out` may be the same array.
 */
export type AdvanceBatch = (inp: Int32Array, K: number, out: Int32Array) => void;

export function compileAdvanceBatch(sp: Space): AdvanceBatch {
  const m = sp.m;
  if (m < 1 || m > 32) throw new Error('compileAdvanceBatch: needs 1..32 members');
  const load = Array.from({ length: 32 }, (_, k) => `let r${k}=inp[${k}];`);
  const toWords = transposeSource(new Array(32).fill(false));
  const words = Array.from({ length: m }, (_, j) => `let a${j}=r${j};`);
  const back = Array.from({ length: 32 }, (_, k) => (k < m ? `r${k}=a${k};` : `r${k}=0;`));
  const zero = Array.from({ length: 32 }, (_, k) => k >= m);
  const outs = Array.from({ length: 32 }, (_, k) => `out[${k}]=r${k};`);
  const body = [load.join('\n'), 'let t=0;', toWords, words.join('\n'), stepLoopSource(sp), back.join('\n'), transposeSource(zero), outs.join('')].join('\n');
  return makeFn<AdvanceBatch>(['inp', 'K', 'out'], body);
}
