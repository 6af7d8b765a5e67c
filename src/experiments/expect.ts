/**
 * Expectations: `READOUT@CONDITION OP VALUE` or `READOUT@CONDITION OP READOUT@CONDITION`, with OP one
 * of < <= > >= == !=. READOUT is a node id (fraction of cells with the node on at the end of the
 * run) or a readout name (mean score). Condition names may contain spaces and `+` but none of
 * `@ < > = !`, so the first operator character ends the left side.
 */
import { VsmcError } from '../util/errors.js';

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Operand =
  | { kind: 'number'; value: number; text: string; col: number }
  | { kind: 'ref'; readout: string; condition: string; col: number; readoutCol: number; conditionCol: number };

export interface ParsedExpectation {
  left: Operand;
  op: CompareOp;
  right: Operand;
  opCol: number;
}

/** Equality on simulated fractions and means: differences below this count as equal. */
export const EQUAL_TOLERANCE = 1e-9;

const READOUT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER_RE = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?%?$/;
/** Characters a condition name may not contain (they delimit expectations). */
export const CONDITION_FORBIDDEN = /[@<>=!]/;

export function expectationError(text: string, col: number, detail: string): VsmcError {
  return new VsmcError('syntax', `column ${col}: ${detail}`, { col, lineText: text });
}

function parseOperand(text: string, start: number, end: number): Operand {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const s = raw.trim();
  const col = start + lead + 1;
  if (s.length === 0) throw expectationError(text, col, start === 0 ? 'missing left side before the operator' : 'missing right side after the operator');
  if (NUMBER_RE.test(s)) {
    const pct = s.endsWith('%');
    const value = Number(pct ? s.slice(0, -1) : s) / (pct ? 100 : 1);
    return { kind: 'number', value, text: s, col };
  }
  const at = s.indexOf('@');
  if (at < 0) {
    if (/^[-+.0-9]/.test(s)) throw expectationError(text, col, `"${s}" is not a number`);
    throw expectationError(text, col, `expected READOUT@CONDITION or a number, found "${s}" (no @)`);
  }
  const readout = s.slice(0, at).trim();
  const condRaw = s.slice(at + 1);
  const condition = condRaw.trim();
  const conditionCol = col + at + 1 + (condRaw.length - condRaw.trimStart().length);
  if (readout.length === 0) throw expectationError(text, col, 'missing readout before @');
  if (!READOUT_RE.test(readout)) throw expectationError(text, col, `"${readout}" is not a node id or readout name`);
  if (condition.length === 0) throw expectationError(text, col + at + 1, 'missing condition name after @');
  if (condition.includes('@')) throw expectationError(text, col + at + 1 + condRaw.indexOf('@'), 'a second @ in one operand');
  return { kind: 'ref', readout, condition, col, readoutCol: col, conditionCol };
}

/** Longest expectation text accepted (they are one comparison; this only bounds hostile input). */
export const MAX_EXPECTATION_LENGTH = 10_000;

export function parseExpectation(text: string): ParsedExpectation {
  if (text.length > MAX_EXPECTATION_LENGTH) throw new VsmcError('limit', `an expectation of ${text.length} characters; the limit is ${MAX_EXPECTATION_LENGTH}`);
  let k = -1;
  for (let i = 0; i < text.length; i++) {
    if ('<>=!'.includes(text[i]!)) {
      k = i;
      break;
    }
  }
  if (k < 0) throw expectationError(text, text.length + 1, 'missing comparison operator (one of < <= > >= == !=)');
  const c = text[k]!;
  const next = text[k + 1];
  let op: CompareOp;
  let len = 1;
  if (next === '=') {
    op = (c + '=') as CompareOp;
    len = 2;
  } else if (c === '<' || c === '>') op = c;
  else if (c === '=') throw expectationError(text, k + 1, 'use == to compare for equality');
  else throw expectationError(text, k + 1, '"!" must be followed by = (!=)');
  const rest = text.slice(k + len);
  const bad = /[<>=!]/.exec(rest);
  if (bad) throw expectationError(text, k + len + bad.index + 1, `unexpected "${bad[0]}": one comparison per expectation`);
  const left = parseOperand(text, 0, k);
  const right = parseOperand(text, k + len, text.length);
  if (left.kind === 'number' && right.kind === 'number') throw expectationError(text, 1, 'compares two numbers; one side must be READOUT@CONDITION');
  return { left, op, right, opCol: k + 1 };
}

export function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '<':
      return a < b - EQUAL_TOLERANCE;
    case '<=':
      return a <= b + EQUAL_TOLERANCE;
    case '>':
      return a > b + EQUAL_TOLERANCE;
    case '>=':
      return a >= b - EQUAL_TOLERANCE;
    case '==':
      return Math.abs(a - b) <= EQUAL_TOLERANCE;
    case '!=':
      return Math.abs(a - b) > EQUAL_TOLERANCE;
  }
}

/** Every condition an expectation reads. */
export function operandConditions(e: ParsedExpectation): string[] {
  const out: string[] = [];
  for (const o of [e.left, e.right]) if (o.kind === 'ref') out.push(o.condition);
  return out;
}
