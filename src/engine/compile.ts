/**
 * Rule compiler: turns the validated rule ASTs of a BooleanSystem into straight-line JavaScript.
 *
 * Safety: the generated source contains only integer indices, the operators & | ^ ~ and the
 * constants 0/1/-1. Identifiers were resolved to indices by validation and prepare(); no text from
 * the model file reaches the generated code. That is why `new Function` is acceptable here and
 * nowhere else.
 *
 * Two evaluation shapes:
 *  - scalar: one state per Uint8Array (values 0/1);
 *  - bit-sliced words: one Int32Array word per node holds 32 independent states (cells, or states of
 *    an exhaustive search), so one pass evaluates 32 states with bitwise operators.
 */
import type { Expr } from '../rules/ast.js';
import type { BooleanSystem } from '../model/prepare.js';
import type { NodeRates } from './rates.js';

type Ref = (i: number) => string;

function resolveIndex(sys: BooleanSystem, name: string): number {
  const i = sys.index.get(name);
  if (i === undefined) throw new Error(`compile: unresolved identifier ${JSON.stringify(name)} (prepare() must fold flags first)`);
  return i;
}

/** JS source of a 0/1 scalar expression. */
export function scalarSource(sys: BooleanSystem, e: Expr, ref: Ref): string {
  switch (e.kind) {
    case 'const':
      return e.value ? '1' : '0';
    case 'var':
      return ref(resolveIndex(sys, e.name));
    case 'not':
      return `(1^${scalarSource(sys, e.arg, ref)})`;
    case 'and':
      return `(${e.args.map((a) => scalarSource(sys, a, ref)).join('&')})`;
    case 'or':
      return `(${e.args.map((a) => scalarSource(sys, a, ref)).join('|')})`;
    case 'xor':
      return `(${e.args.map((a) => scalarSource(sys, a, ref)).join('^')})`;
  }
}

/** JS source of a bitwise expression over 32-bit words (bit k = state k). */
export function wordSource(sys: BooleanSystem, e: Expr, ref: Ref): string {
  switch (e.kind) {
    case 'const':
      return e.value ? '-1' : '0';
    case 'var':
      return ref(resolveIndex(sys, e.name));
    case 'not':
      return `(~${wordSource(sys, e.arg, ref)})`;
    case 'and':
      return `(${e.args.map((a) => wordSource(sys, a, ref)).join('&')})`;
    case 'or':
      return `(${e.args.map((a) => wordSource(sys, a, ref)).join('|')})`;
    case 'xor':
      return `(${e.args.map((a) => wordSource(sys, a, ref)).join('^')})`;
  }
}

/**
 * Generated functions are cached by their source: a second run of the same model gets the same
 * function objects back, with the type feedback and optimised code V8 already has for them.
 * (A fresh function per run costs a JIT warm-up of ~10⁷ flips and deoptimises the kernels' call
 * sites, which had seen the previous run's functions.) Bounded by total source size.
 */
const FN_CACHE = new Map<string, unknown>();
const FN_CACHE_MAX_CHARS = 32_000_000;
let fnCacheChars = 0;

export function cachedFunction<T>(args: string[], body: string): { fn: T; fresh: boolean } {
  const key = `${args.join(',')}\n${body}`;
  const hit = FN_CACHE.get(key);
  if (hit !== undefined) {
    FN_CACHE.delete(key);
    FN_CACHE.set(key, hit);
    return { fn: hit as T, fresh: false };
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function(...args, body) as T; // generated from a validated AST only (see top of file)
  if (key.length <= FN_CACHE_MAX_CHARS / 4) {
    while (fnCacheChars + key.length > FN_CACHE_MAX_CHARS && FN_CACHE.size) {
      const oldest = FN_CACHE.keys().next().value as string;
      FN_CACHE.delete(oldest);
      fnCacheChars -= oldest.length;
    }
    FN_CACHE.set(key, fn);
    fnCacheChars += key.length;
  }
  return { fn, fresh: true };
}

const makeFn = <T>(args: string[], body: string): T => cachedFunction<T>(args, body).fn;

export type ScalarNodeFn = (s: Uint8Array, o: number) => number;

/** One function per node: f_i(state, offset) → 0/1, reading state[offset + j] for node j. */
export function compileScalarNodes(sys: BooleanSystem): ScalarNodeFn[] {
  return sys.rules.map((r) => makeFn<ScalarNodeFn>(['s', 'o'], `return ${scalarSource(sys, r, (j) => `s[o+${j}]`)};`));
}

/** Whole synchronous step on scalar states: next[o+i] = f_i(cur[o+…]). */
export type ScalarStepFn = (cur: Uint8Array, next: Uint8Array, o: number) => void;
export function compileScalarStep(sys: BooleanSystem): ScalarStepFn {
  const lines = sys.rules.map((r, i) => `x[o+${i}]=${scalarSource(sys, r, (j) => `c[o+${j}]`)};`);
  return makeFn<ScalarStepFn>(['c', 'x', 'o'], lines.join('\n'));
}

export type WordNodeFn = (w: Int32Array, o: number) => number;
/** One bitwise function per node over words w[o + j]. */
export function compileWordNodes(sys: BooleanSystem): WordNodeFn[] {
  return sys.rules.map((r) => makeFn<WordNodeFn>(['w', 'o'], `return ${wordSource(sys, r, (j) => `w[o+${j}]`)}|0;`));
}

/** Whole synchronous step on 32 states at once: next[o+i] = F_i(cur[o+…]). */
export type WordStepFn = (cur: Int32Array, next: Int32Array, o: number) => void;
export function compileWordStep(sys: BooleanSystem): WordStepFn {
  const lines = sys.rules.map((r, i) => `x[o+${i}]=${wordSource(sys, r, (j) => `c[o+${j}]`)};`);
  return makeFn<WordStepFn>(['c', 'x', 'o'], lines.join('\n'));
}

/** Readout terms compiled the same way: term functions over a scalar state. */
export function compileReadouts(sys: BooleanSystem): { name: string; terms: ScalarNodeFn[] }[] {
  return sys.readouts.map((r) => ({
    name: r.name,
    terms: r.terms.map((t) => makeFn<ScalarNodeFn>(['s', 'o'], `return ${scalarSource(sys, t, (j) => `s[o+${j}]`)};`)),
  }));
}

/** Readout terms over bit-sliced words: popcount of each term's word gives the cells where it holds. */
export function compileWordReadouts(sys: BooleanSystem): { name: string; terms: WordNodeFn[] }[] {
  return sys.readouts.map((r) => ({
    name: r.name,
    terms: r.terms.map((t) => makeFn<WordNodeFn>(['w', 'o'], `return ${wordSource(sys, t, (j) => `w[o+${j}]`)}|0;`)),
  }));
}

export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export type WordStepDiffFn = (cur: Int32Array, next: Int32Array, o: number) => number;
export type AfterFlipFn = (j: number, s: Uint8Array, lg: Uint8Array, rt: Float64Array, el: Int32Array, ep: Int32Array, cnt: Int32Array) => void;

// ---------------------------------------------------------------------------------------------
// Kernel-specific shapes (src/engine/*): same safety argument as at the top of this file — the
// generated source holds only integer indices, operators, numeric literals and constants.

/** f_k(state at offset o) for node k: one function with a switch, so the call site stays monomorphic. */
export function compileSwitch(sys: BooleanSystem): (k: number, s: Uint8Array, o: number) => number {
  if (sys.n > 2000) {
    const fns = compileScalarNodes(sys);
    return (k, s, o) => fns[k]!(s, o);
  }
  const cases = sys.rules.map((r, i) => `case ${i}: return ${scalarSource(sys, r, (j) => `s[o+${j}]`)};`);
  return makeFn<(k: number, s: Uint8Array, o: number) => number>(['k', 's', 'o'], `switch (k) {\n${cases.join('\n')}\n}\nreturn 0;`);
}

// Same safety argument as compileSwitch.
export function compileWordStepDiff(sys: BooleanSystem): WordStepDiffFn {
  const lines = sys.rules.map((r, i) => `v=${wordSource(sys, r, (j) => `c[o+${j}]`)};x[o+${i}]=v;d|=v^c[o+${i}];`);
  return makeFn<WordStepDiffFn>(['c', 'x', 'o'], `let v=0,d=0;\n${lines.join('\n')}\nreturn d;`);
}

/** Largest generated afterFlip source; beyond it the kernel's generic path is as good. */
const MAX_AFTER_FLIP_SOURCE = 2_000_000;

// Same safety argument as compileSwitch: indices, operators and numeric literals only.
export function compileAfterFlip(sys: BooleanSystem, affected: Int32Array[], rates: NodeRates | null): AfterFlipFn | null {
  // rates null: only "enabled" (rule ≠ state) matters, as with equal constant rates.
  if (rates && rates.dynamic.some((d) => d !== null)) return null;
  const uniform = rates === null || rates.uniform !== null;
  const num = (x: number): string => (Number.isFinite(x) ? String(x) : '0');
  const add = (k: number) => `if(p<0){ep[${k}]=ec;el[ec++]=${k};}`;
  const remove = (k: number) => `if(p>=0){q=el[--ec];el[p]=q;ep[q]=p;ep[${k}]=-1;}`;
  // Rate of node k from its rule value L and its (new) state; with equal rates only "enabled" matters.
  const setRate = (k: number) =>
    uniform
      ? `p=ep[${k}];if(L!==s[${k}]){${add(k)}}else ${remove(k)}`
      : `lg[${k}]=L;r=s[${k}]?(L?0:${num(rates!.down[k]!)}):(L?${num(rates!.up[k]!)}:0);rt[${k}]=r;p=ep[${k}];if(r>0){${add(k)}}else ${remove(k)}`;
  const nodeCode = sys.rules.map((r, k) => `L=${scalarSource(sys, r, (i) => `s[${i}]`)};${setRate(k)}`);
  const cases: string[] = [];
  let size = 0;
  for (let j = 0; j < sys.n; j++) {
    const selfReading = sys.regulators[j]!.includes(j);
    const parts: string[] = [];
    for (const k of affected[j]!) {
      // j's own rule does not read j: its value is unchanged by the flip, no need to evaluate it.
      if (k === j && !selfReading) parts.push(uniform ? `p=ep[${j}];if(p<0){ep[${j}]=ec;el[ec++]=${j};}else{q=el[--ec];el[p]=q;ep[q]=p;ep[${j}]=-1;}` : `L=lg[${j}];${setRate(j)}`);
      else parts.push(nodeCode[k]!);
    }
    const body = parts.join('\n');
    size += body.length;
    if (size > MAX_AFTER_FLIP_SOURCE) return null;
    cases.push(`case ${j}:\n${body}\nbreak;`);
  }
  const src = `let ec=cnt[0],L=0,r=0,p=0,q=0;\nswitch(j){\n${cases.join('\n')}\n}\ncnt[0]=ec;`;
  const { fn, fresh } = cachedFunction<AfterFlipFn>(['j', 's', 'lg', 'rt', 'el', 'ep', 'cnt'], src);
  if (fresh) primeAfterFlip(fn, sys.n);
  return fn;
}

/**
 * Run every case of a fresh afterFlip a few times on scratch states, so that V8 has type feedback
 * for all of them before it optimises: otherwise each node flipping for the first time after
 * optimisation (rare nodes do) deoptimises the function. Costs a few hundred calls.
 */
function primeAfterFlip(fn: AfterFlipFn, n: number): void {
  const s = new Uint8Array(n);
  const lg = new Uint8Array(n);
  const rt = new Float64Array(n);
  const el = new Int32Array(n);
  const ep = new Int32Array(n).fill(-1);
  const cnt = new Int32Array(1);
  let x = 0x2545f491;
  for (let round = 0; round < 16; round++) {
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      s[i] = (x >>> 16) & 1;
      lg[i] = (x >>> 17) & 1;
    }
    // The list stays consistent across rounds (fn maintains it), so both the add and the remove
    // paths of every case run.
    for (let j = 0; j < n; j++) {
      s[j] = s[j]! ^ 1;
      fn(j, s, lg, rt, el, ep, cnt);
    }
  }
}

/** Enabled-set maintenance without generated code (when the generated source would be too large). */
export function genericAfterFlip(affected: Int32Array[], evalNode: (k: number, s: Uint8Array, o: number) => number): AfterFlipFn {
  return (j, s, _lg, _rt, el, ep, cnt) => {
    let ec = cnt[0]!;
    const aff = affected[j]!;
    for (let a = 0; a < aff.length; a++) {
      const k = aff[a]!;
      const p = ep[k]!;
      if (evalNode(k, s, 0) !== s[k]) {
        if (p < 0) {
          ep[k] = ec;
          el[ec++] = k;
        }
      } else if (p >= 0) {
        const q = el[--ec]!;
        el[p] = q;
        ep[q] = p;
        ep[k] = -1;
      }
    }
    cnt[0] = ec;
  };
}
