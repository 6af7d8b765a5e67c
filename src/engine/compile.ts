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

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const makeFn = <T>(args: string[], body: string): T => new Function(...args, body) as T; // generated from a validated AST only (see top of file)

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
