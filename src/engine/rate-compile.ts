/**
 * From a node's rateUp/rateDown field (number or expression text) to something the stochastic
 * kernel evaluates quickly: a constant, or a function of the state and the node's rule value.
 */
import type { Model } from '../model/model.js';
import { VsmcError } from '../util/errors.js';

export type CompiledRate =
  | { kind: 'const'; value: number }
  | {
      kind: 'expr';
      /** Node indices the expression reads. */
      refs: number[];
      /** The expression mentions @logic: it applies as written instead of being gated by the rule. */
      usesLogic: boolean;
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

function compileExpression(text: string, model: Model, _params: Map<string, number>, path: string): CompiledRate {
  throw new VsmcError('unsupported', `rate expression "${text}" is not supported yet (only numbers and $parameters)`, { file: model.file, path });
}
