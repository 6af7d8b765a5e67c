/**
 * From a node's rateUp/rateDown field (number or expression text) to something the stochastic
 * kernel evaluates quickly: a constant, or a function of the state and the node's rule value.
 *
 * Expressions are parsed by src/rules/rate-expr.ts; parameters are replaced by their values and
 * node names by indices, then the tree is turned into JavaScript source (see compileExpression).
 */
import type { Model } from '../model/model.js';
import { type RateExpr, parseRateExpr, rateExprRefs } from '../rules/rate-expr.js';
import { VsmcError } from '../util/errors.js';
import { cachedFunction } from './compile.js';

export type CompiledRate =
  | { kind: 'const'; value: number }
  | {
      kind: 'expr';
      /** Node indices the expression reads. */
      refs: number[];
      /**
       * The expression reads the state (@logic or node values): it applies as written, as in
       * MaBoSS. Constant rates (numbers, $parameters) are gated by the rule instead.
       */
      asWritten: boolean;
      fn: (s: Uint8Array, o: number, logic: number) => number;
      /** Multiplier from rate-scaling interventions. */
      scale?: number;
    };

const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PARAM = /^\$([A-Za-z_][A-Za-z0-9_]*)$/;

export function compileRateText(raw: string | number | undefined, model: Model, params: Map<string, number>, path: string): CompiledRate {
  if (raw === undefined) return { kind: 'const', value: 1 };
  if (typeof raw === 'number') return checkConst(raw, model, path);
  const text = raw.trim();
  if (NUMBER.test(text)) return checkConst(Number(text), model, path);
  const m = PARAM.exec(text);
  if (m) {
    const v = params.get(m[1]!);
    if (v === undefined) throw new VsmcError('unknown-identifier', `unknown parameter $${m[1]}`, { file: model.file, path });
    return checkConst(v, model, path);
  }
  return compileExpression(text, model, params, path);
}

function checkConst(v: number, model: Model, path: string): CompiledRate {
  if (!(v >= 0) || !Number.isFinite(v)) throw new VsmcError('semantic', `rate must be a finite number ≥ 0, found ${v}`, { file: model.file, path });
  return { kind: 'const', value: v };
}

const FUNCTIONS = new Map<string, string>([
  ['exp', 'Math.exp'],
  ['pow', 'Math.pow'],
  ['min', 'Math.min'],
  ['max', 'Math.max'],
  ['abs', 'Math.abs'],
  ['sqrt', 'Math.sqrt'],
  ['floor', 'Math.floor'],
  ['ceil', 'Math.ceil'],
  ['log10', 'Math.log10'],
  ['log2', 'Math.log2'],
]);

const BINARY = new Map<string, string>([
  ['*', '*'],
  ['/', '/'],
  ['+', '+'],
  ['-', '-'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['==', '==='],
  ['!=', '!=='],
]);

function literal(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '(-Infinity)' : `(${String(x)})`;
}

function compileExpression(text: string, model: Model, params: Map<string, number>, path: string): CompiledRate {
  let e: RateExpr;
  try {
    e = parseRateExpr(text);
  } catch (err) {
    throw err instanceof VsmcError ? err.within({ file: model.file, path }) : err;
  }
  const refs = rateExprRefs(e);
  for (const a of refs.attrs) {
    if (a !== 'logic') throw new VsmcError('semantic', `rate uses @${a}; only @logic is known to the engine (inline custom attributes)`, { file: model.file, path });
  }
  const nodes: number[] = [];
  for (const nm of refs.nodes) {
    const i = model.index.get(nm);
    if (i === undefined) throw new VsmcError('unknown-identifier', `rate reads unknown node "${nm}"`, { file: model.file, path });
    nodes.push(i);
  }
  for (const pm of refs.params) if (!params.has(pm)) throw new VsmcError('unknown-identifier', `unknown parameter $${pm}`, { file: model.file, path });
  const asWritten = refs.nodes.length > 0 || refs.attrs.includes('logic');
  // Everything user-named is resolved here: node → index, parameter → its number, @logic → L.
  const go = (x: RateExpr): string => {
    switch (x.kind) {
      case 'num':
        return literal(x.value);
      case 'bool':
        return x.value ? '1' : '0';
      case 'node':
        return `s[o+${model.index.get(x.name)!}]`;
      case 'param':
        return literal(params.get(x.name)!);
      case 'attr':
        return 'L';
      case 'unary':
        return x.op === '!' ? `(${go(x.arg)}===0?1:0)` : `(${x.op}${go(x.arg)})`;
      case 'cond':
        return `(${go(x.test)}!==0?${go(x.then)}:${go(x.else)})`;
      case 'binary': {
        const l = go(x.left);
        const r = go(x.right);
        if (x.op === 'and') return `((${l}!==0&&${r}!==0)?1:0)`;
        if (x.op === 'or') return `((${l}!==0||${r}!==0)?1:0)`;
        if (x.op === 'xor') return `(((${l}!==0)!==(${r}!==0))?1:0)`;
        const op = BINARY.get(x.op)!;
        return /[<>=]/.test(op) ? `((${l}${op}${r})?1:0)` : `(${l}${op}${r})`;
      }
      case 'call': {
        const args = x.args.map(go);
        if (x.fn === 'log') return args.length === 2 ? `(Math.log(${args[0]})/Math.log(${args[1]}))` : `Math.log(${args[0]})`;
        const f = FUNCTIONS.get(x.fn);
        if (!f) throw new VsmcError('semantic', `unknown function "${x.fn}" in a rate`, { file: model.file, path });
        return `${f}(${args.join(',')})`;
      }
    }
  };
  const body = go(e);
  if (!asWritten) {
    // Only numbers and parameters: a constant.
    const value = cachedFunction<() => number>([], `return ${body};`).fn(); // generated from the resolved tree above: numbers and operators only
    return checkConst(value, model, path);
  }
  // Generated from the parsed and resolved rate tree: node indices, numeric literals, operators and Math functions only.
  const fn = cachedFunction<(s: Uint8Array, o: number, L: number) => number>(['s', 'o', 'L'], `return ${body};`).fn;
  return { kind: 'expr', refs: nodes, asWritten, fn };
}
