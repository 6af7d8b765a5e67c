/**
 * The MaBoSS rate-expression language: what `rate_up` / `rate_down` (and MaBoSS `logic`, custom
 * node attributes and .cfg values) are written in. Numbers, TRUE/FALSE, `$param`, node ids (0/1),
 * `@logic` / `@attr`, unary `- + ! NOT`, `* /`, `+ -`, `< <= > >=`, `== !=`, `AND && &`,
 * `XOR ^`, `OR || |`, the ternary `c ? a : b`, parentheses and the functions log(x), log(x, base),
 * exp, pow, min, max, abs, sqrt, floor, ceil, log10, log2.
 *
 * Precedence is C-like, tightest first: unary, multiplicative, additive, relational, equality,
 * AND, XOR, OR, ternary. (MaBoSS's own grammar puts XOR below OR; printRateExpr always
 * parenthesises mixed logical operators, so what it prints means the same thing to both.)
 *
 * Booleans evaluate to 0/1; a value is true when it is non-zero. Parameter names are given
 * without the leading `$`, attribute names without the `@` (`@logic` → attr "logic").
 * Keywords (AND OR NOT XOR TRUE FALSE) are case-insensitive; identifiers are not.
 */
import { VsmcError, positionOf, type SourceLocation } from '../util/errors.js';
import { limits } from '../util/limits.js';

export interface RatePos {
  offset: number;
  line: number;
  col: number;
}

export type RateBinaryOp = '*' | '/' | '+' | '-' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'xor' | 'or';

export type RateExpr =
  | { kind: 'num'; value: number; text?: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'node'; name: string; pos?: RatePos }
  | { kind: 'param'; name: string; pos?: RatePos }
  | { kind: 'attr'; name: string; pos?: RatePos }
  | { kind: 'unary'; op: '-' | '+' | '!'; arg: RateExpr }
  | { kind: 'binary'; op: RateBinaryOp; left: RateExpr; right: RateExpr }
  | { kind: 'cond'; test: RateExpr; then: RateExpr; else: RateExpr }
  | { kind: 'call'; fn: string; args: RateExpr[]; pos?: RatePos };

/** Most arguments of one function call (min/max take any number). */
export const MAX_CALL_ARGS = 1000;

/** Functions and how many arguments each takes. */
export const RATE_FUNCTIONS: Record<string, [number, number]> = {
  log: [1, 2],
  exp: [1, 1],
  pow: [2, 2],
  min: [1, Infinity],
  max: [1, Infinity],
  abs: [1, 1],
  sqrt: [1, 1],
  floor: [1, 1],
  ceil: [1, 1],
  log10: [1, 1],
  log2: [1, 1],
};

// ---------------------------------------------------------------------------------------------
// Tokens (shared with the MaBoSS .bnd / .cfg readers in src/formats/maboss.ts)

export type RateTokKind =
  | 'num'
  | 'id'
  | 'param'
  | 'attr'
  | 'str'
  | 'op' // operators and punctuation: text says which
  | 'eof';

export interface RateToken {
  kind: RateTokKind;
  text: string;
  /** Numeric value for 'num'; name without sigil for 'param'/'attr'; unquoted text for 'str'. */
  value?: number | string;
  pos: RatePos;
}

export interface TokenizeOptions {
  /** Skip C/C++ comments and `#` comment lines (MaBoSS files). */
  comments?: boolean;
}

const OPS3: string[] = [];
const OPS2 = ['==', '!=', '<=', '>=', '&&', '||'];
const OPS1 = '+-*/<>!&|^?:(),;{}[]=.~';

function isIdStart(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
}
function isIdChar(c: string): boolean {
  return isIdStart(c) || (c >= '0' && c <= '9');
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}


export function rateSyntaxError(text: string, offset: number, detail: string): VsmcError {
  const { line, col, lineText } = positionOf(text, offset);
  const loc: SourceLocation = { line, col, lineText };
  return new VsmcError('syntax', detail, loc);
}

export function tokenizeRate(text: string, opts: TokenizeOptions = {}): RateToken[] {
  const out: RateToken[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (opts.comments) {
      if (c === '/' && text[i + 1] === '/') {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      if (c === '/' && text[i + 1] === '*') {
        const startOff = i;
        i += 2;
        while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
          if (text[i] === '\n') newline(i);
          i++;
        }
        if (i >= n) throw rateSyntaxError(text, startOff, 'comment "/*" is never closed with "*/"');
        i += 2;
        continue;
      }
      if (c === '#' && text.slice(lineStart, i).trim() === '') {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
    }
    const pos: RatePos = { offset: i, line, col: i - lineStart + 1 };
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      let j = i;
      while (isDigit(text[j])) j++;
      if (text[j] === '.') {
        j++;
        while (isDigit(text[j])) j++;
      }
      if (text[j] === 'e' || text[j] === 'E') {
        let k = j + 1;
        if (text[k] === '+' || text[k] === '-') k++;
        if (isDigit(text[k])) {
          while (isDigit(text[k])) k++;
          j = k;
        }
      }
      const word = text.slice(i, j);
      out.push({ kind: 'num', text: word, value: Number(word), pos });
      i = j;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(text[j]!)) j++;
      out.push({ kind: 'id', text: text.slice(i, j), pos });
      i = j;
      continue;
    }
    if ((c === '$' || c === '@') && i + 1 < n && isIdStart(text[i + 1]!)) {
      let j = i + 2;
      while (j < n && isIdChar(text[j]!)) j++;
      out.push({ kind: c === '$' ? 'param' : 'attr', text: text.slice(i, j), value: text.slice(i + 1, j), pos });
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n) {
          const e = text[j + 1]!;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
          continue;
        }
        if (text[j] === '\n') newline(j);
        s += text[j];
        j++;
      }
      if (j >= n) throw rateSyntaxError(text, i, 'string is never closed with "');
      out.push({ kind: 'str', text: text.slice(i, j + 1), value: s, pos });
      i = j + 1;
      continue;
    }
    const three = text.slice(i, i + 3);
    if (OPS3.includes(three)) {
      out.push({ kind: 'op', text: three, pos });
      i += 3;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (OPS2.includes(two)) {
      out.push({ kind: 'op', text: two, pos });
      i += 2;
      continue;
    }
    if (OPS1.includes(c)) {
      out.push({ kind: 'op', text: c, pos });
      i++;
      continue;
    }
    const shown = String.fromCodePoint(text.codePointAt(i)!);
    throw rateSyntaxError(text, i, `unexpected character "${shown}"`);
  }
  out.push({ kind: 'eof', text: '', pos: { offset: n, line, col: n - lineStart + 1 } });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parser

const KEYWORDS = new Set(['and', 'or', 'not', 'xor', 'true', 'false']);

function kw(t: RateToken): string | undefined {
  if (t.kind !== 'id') return undefined;
  const l = t.text.toLowerCase();
  return KEYWORDS.has(l) ? l : undefined;
}

export function describeRateToken(t: RateToken): string {
  return t.kind === 'eof' ? 'the end of the expression' : `"${t.text}"`;
}

/** Recursive-descent parser over a token array; used for whole strings and inside .bnd/.cfg files. */
export class RateParser {
  p = 0;
  private depth = 0;
  private readonly maxDepth: number;

  /**
   * MaBoSS's own grammar ranks XOR below OR (`A OR B XOR C` is `(A OR B) XOR C`); the .bnd/.cfg
   * readers set this so that files mean what they mean to MaBoSS.
   */
  xorBelowOr = false;

  constructor(
    readonly toks: RateToken[],
    readonly text: string,
    maxDepth = limits().maxExprDepth,
  ) {
    this.maxDepth = maxDepth;
  }

  peek(k = 0): RateToken {
    return this.toks[Math.min(this.p + k, this.toks.length - 1)]!;
  }
  next(): RateToken {
    const t = this.peek();
    if (this.p < this.toks.length - 1) this.p++;
    return t;
  }
  isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }
  error(t: RateToken, detail: string): VsmcError {
    return rateSyntaxError(this.text, t.pos.offset, detail);
  }
  expectOp(text: string, what?: string): RateToken {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) throw this.error(t, `expected "${text}"${what ? ' ' + what : ''}, found ${describeRateToken(t)}`);
    return this.next();
  }
  private enter(t: RateToken): void {
    if (++this.depth > this.maxDepth) throw this.error(t, `expression nested deeper than ${this.maxDepth} levels`);
  }
  private leave(): void {
    this.depth--;
  }

  /**
   * A whole expression, with its tree depth bounded too: long `a + b + c + …` chains nest without
   * parentheses, and evaluation is recursive.
   */
  parseTop(): RateExpr {
    const start = this.peek();
    const e = this.parseExpression();
    const max = this.maxDepth * 8;
    if (rateExprDepth(e) > max) throw this.error(start, `expression is nested deeper than ${max} operations; split it`);
    return e;
  }

  /** expression := or ('?' expression ':' expression)? */
  parseExpression(): RateExpr {
    const start = this.peek();
    this.enter(start);
    const test = this.xorBelowOr ? this.parseXorLoose() : this.parseOr();
    let out = test;
    if (this.isOp('?')) {
      this.next();
      const a = this.parseExpression();
      this.expectOp(':', 'in the conditional "c ? a : b"');
      const b = this.parseExpression();
      out = { kind: 'cond', test, then: a, else: b };
    }
    this.leave();
    return out;
  }

  /** MaBoSS order: xor := or (XOR or)*, or := and (OR and)*. */
  private parseXorLoose(): RateExpr {
    let left = this.parseOrTight();
    for (;;) {
      const t = this.peek();
      if ((t.kind === 'op' && t.text === '^') || kw(t) === 'xor') {
        this.next();
        left = { kind: 'binary', op: 'xor', left, right: this.parseOrTight() };
      } else return left;
    }
  }
  private parseOrTight(): RateExpr {
    let left = this.parseAnd();
    for (;;) {
      const t = this.peek();
      if ((t.kind === 'op' && (t.text === '||' || t.text === '|')) || kw(t) === 'or') {
        this.next();
        left = { kind: 'binary', op: 'or', left, right: this.parseAnd() };
      } else return left;
    }
  }

  private parseOr(): RateExpr {
    let left = this.parseXor();
    for (;;) {
      const t = this.peek();
      if ((t.kind === 'op' && (t.text === '||' || t.text === '|')) || kw(t) === 'or') {
        this.next();
        left = { kind: 'binary', op: 'or', left, right: this.parseXor() };
      } else return left;
    }
  }
  private parseXor(): RateExpr {
    let left = this.parseAnd();
    for (;;) {
      const t = this.peek();
      if ((t.kind === 'op' && t.text === '^') || kw(t) === 'xor') {
        this.next();
        left = { kind: 'binary', op: 'xor', left, right: this.parseAnd() };
      } else return left;
    }
  }
  private parseAnd(): RateExpr {
    let left = this.parseEquality();
    for (;;) {
      const t = this.peek();
      if ((t.kind === 'op' && (t.text === '&&' || t.text === '&')) || kw(t) === 'and') {
        this.next();
        left = { kind: 'binary', op: 'and', left, right: this.parseEquality() };
      } else return left;
    }
  }
  private parseEquality(): RateExpr {
    let left = this.parseRelational();
    while (this.isOp('==') || this.isOp('!=')) {
      const op = this.next().text as '==' | '!=';
      left = { kind: 'binary', op, left, right: this.parseRelational() };
    }
    return left;
  }
  private parseRelational(): RateExpr {
    let left = this.parseAdditive();
    while (this.isOp('<') || this.isOp('<=') || this.isOp('>') || this.isOp('>=')) {
      const op = this.next().text as '<' | '<=' | '>' | '>=';
      left = { kind: 'binary', op, left, right: this.parseAdditive() };
    }
    return left;
  }
  private parseAdditive(): RateExpr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-';
      left = { kind: 'binary', op, left, right: this.parseMultiplicative() };
    }
    return left;
  }
  private parseMultiplicative(): RateExpr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next().text as '*' | '/';
      left = { kind: 'binary', op, left, right: this.parseUnary() };
    }
    return left;
  }
  private parseUnary(): RateExpr {
    const t = this.peek();
    let op: '-' | '+' | '!' | undefined;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~')) op = t.text === '~' ? '!' : (t.text as '-' | '+' | '!');
    else if (kw(t) === 'not') op = '!';
    if (op) {
      this.next();
      this.enter(t);
      const arg = this.parseUnary();
      this.leave();
      return { kind: 'unary', op, arg };
    }
    return this.parsePrimary();
  }
  private parsePrimary(): RateExpr {
    const t = this.peek();
    switch (t.kind) {
      case 'num':
        this.next();
        return { kind: 'num', value: t.value as number, text: t.text };
      case 'param':
        this.next();
        return { kind: 'param', name: t.value as string, pos: t.pos };
      case 'attr':
        this.next();
        return { kind: 'attr', name: t.value as string, pos: t.pos };
      case 'id': {
        const k = kw(t);
        if (k === 'true' || k === 'false') {
          this.next();
          return { kind: 'bool', value: k === 'true' };
        }
        if (k !== undefined) throw this.error(t, `expected a value, found the operator ${describeRateToken(t)}`);
        this.next();
        if (this.isOp('(')) {
          const fn = t.text;
          // Own keys only: `constructor(1)` or `toString(1)` must not find Object.prototype members.
          const arity = Object.prototype.hasOwnProperty.call(RATE_FUNCTIONS, fn) ? RATE_FUNCTIONS[fn] : undefined;
          if (!arity) throw this.error(t, `unknown function "${fn}" (known: ${Object.keys(RATE_FUNCTIONS).join(', ')})`);
          this.next();
          const args: RateExpr[] = [];
          if (!this.isOp(')')) {
            args.push(this.parseExpression());
            while (this.isOp(',')) {
              // Evaluation spreads the arguments (Math.max(...a)) and code generation writes them
              // out: keep the count far below what a call can take.
              if (args.length >= MAX_CALL_ARGS) throw this.error(this.peek(), `${fn}() takes at most ${MAX_CALL_ARGS} arguments`);
              this.next();
              args.push(this.parseExpression());
            }
          }
          this.expectOp(')', `to close the arguments of ${fn}(`);
          if (args.length < arity[0] || args.length > arity[1]) {
            const want = arity[0] === arity[1] ? `${arity[0]}` : arity[1] === Infinity ? `at least ${arity[0]}` : `${arity[0]} or ${arity[1]}`;
            throw this.error(t, `${fn}() takes ${want} argument${want === '1' ? '' : 's'}, found ${args.length}`);
          }
          return { kind: 'call', fn, args, pos: t.pos };
        }
        return { kind: 'node', name: t.text, pos: t.pos };
      }
      case 'op':
        if (t.text === '(') {
          this.next();
          this.enter(t);
          const inner = this.parseExpression();
          this.leave();
          const close = this.peek();
          if (!(close.kind === 'op' && close.text === ')')) throw this.error(close, `expected ")" to close "(" at line ${t.pos.line}, column ${t.pos.col}, found ${describeRateToken(close)}`);
          this.next();
          return inner;
        }
        throw this.error(t, `expected a number, a name, $parameter, @attribute, "(" or a unary operator, found ${describeRateToken(t)}`);
      case 'str':
        throw this.error(t, 'a string is not allowed in an expression');
      case 'eof':
        throw this.error(t, 'expression is incomplete');
    }
  }
}

/** Parse a complete rate expression. Throws VsmcError('syntax') with the line and column. */
export function parseRateExpr(text: string): RateExpr {
  const lim = limits();
  if (text.length > lim.maxRuleLength) throw new VsmcError('limit', `rate expression is ${text.length} characters long; the limit is ${lim.maxRuleLength}`);
  const toks = tokenizeRate(text);
  const p = new RateParser(toks, text, lim.maxExprDepth);
  const e = p.parseTop();
  const rest = p.peek();
  if (rest.kind !== 'eof') {
    throw p.error(rest, rest.kind === 'op' && rest.text === ')' ? 'unmatched ")"' : `expected an operator or the end of the expression, found ${describeRateToken(rest)}`);
  }
  return e;
}

/** Depth of an expression tree, computed without recursion. */
export function rateExprDepth(e: RateExpr): number {
  let max = 0;
  const stack: Array<[RateExpr, number]> = [[e, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > max) max = d;
    switch (x.kind) {
      case 'unary':
        stack.push([x.arg, d + 1]);
        break;
      case 'binary':
        stack.push([x.left, d + 1], [x.right, d + 1]);
        break;
      case 'cond':
        stack.push([x.test, d + 1], [x.then, d + 1], [x.else, d + 1]);
        break;
      case 'call':
        for (const a of x.args) stack.push([a, d + 1]);
        break;
      default:
        break;
    }
  }
  return max;
}

/** A native rateUp/rateDown value (number or text) as an expression. */
export function rateValueExpr(v: number | string): RateExpr {
  return typeof v === 'number' ? { kind: 'num', value: v } : parseRateExpr(v);
}

// ---------------------------------------------------------------------------------------------
// Printer (MaBoSS syntax)

const BIN_PREC: Record<RateBinaryOp, number> = {
  or: 1,
  xor: 2,
  and: 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
};
const LOGICAL = new Set<RateBinaryOp>(['or', 'xor', 'and']);
const BIN_TEXT: Record<RateBinaryOp, string> = { or: 'OR', xor: 'XOR', and: 'AND', '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '+': '+', '-': '-', '*': '*', '/': '/' };

export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toFixed(1);
  if (!Number.isFinite(v)) return v > 0 ? '1e+308' : '-1e+308';
  const s = String(v);
  return s;
}

export interface PrintRateOptions {
  /** Rename node identifiers (export with other ids). */
  rename?: (name: string) => string;
  /** Logical operators as `!` `&` `|` `^` instead of NOT AND OR XOR. */
  symbols?: boolean;
}

/** Print in MaBoSS syntax with only the parentheses needed (mixed logical operators always get them). */
export function printRateExpr(e: RateExpr, opts: PrintRateOptions = {}): string {
  const rename = opts.rename ?? ((s: string) => s);
  const words = !opts.symbols;
  const opText = (op: RateBinaryOp): string => (words ? BIN_TEXT[op] : op === 'and' ? '&' : op === 'or' ? '|' : op === 'xor' ? '^' : BIN_TEXT[op]);
  const prec = (x: RateExpr): number => {
    switch (x.kind) {
      case 'cond':
        return 0;
      case 'binary':
        return BIN_PREC[x.op];
      case 'unary':
        return 8;
      default:
        return 9;
    }
  };
  const go = (x: RateExpr): string => {
    switch (x.kind) {
      case 'num':
        return x.text ?? formatNumber(x.value);
      case 'bool':
        return x.value ? 'TRUE' : 'FALSE';
      case 'node':
        return rename(x.name);
      case 'param':
        return '$' + x.name;
      case 'attr':
        return '@' + x.name;
      case 'unary': {
        const inner = prec(x.arg) < 8 ? `(${go(x.arg)})` : go(x.arg);
        return x.op === '!' ? (words ? `NOT ${inner}` : `!${inner}`) : `${x.op}${inner}`;
      }
      case 'call':
        return `${x.fn}(${x.args.map(go).join(', ')})`;
      case 'cond': {
        const t = prec(x.test) <= 0 ? `(${go(x.test)})` : go(x.test);
        const a = go(x.then);
        const b = go(x.else);
        return `${t} ? ${a} : ${b}`;
      }
      case 'binary': {
        const my = BIN_PREC[x.op];
        const wrap = (c: RateExpr, right: boolean): string => {
          const cp = prec(c);
          let need = cp < my || (cp === my && right && !LOGICAL.has(x.op));
          // Mixed logical operators are always parenthesised (MaBoSS ranks XOR below OR).
          if (c.kind === 'binary' && LOGICAL.has(c.op) && LOGICAL.has(x.op) && c.op !== x.op) need = true;
          return need ? `(${go(c)})` : go(c);
        };
        return `${wrap(x.left, false)} ${opText(x.op)} ${wrap(x.right, true)}`;
      }
    }
  };
  return go(e);
}

// ---------------------------------------------------------------------------------------------
// References and evaluation

export function rateExprRefs(e: RateExpr): { nodes: string[]; params: string[]; attrs: string[] } {
  const nodes: string[] = [];
  const params: string[] = [];
  const attrs: string[] = [];
  const seen = { nodes: new Set<string>(), params: new Set<string>(), attrs: new Set<string>() };
  const stack: RateExpr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'node':
        if (!seen.nodes.has(x.name)) {
          seen.nodes.add(x.name);
          nodes.push(x.name);
        }
        break;
      case 'param':
        if (!seen.params.has(x.name)) {
          seen.params.add(x.name);
          params.push(x.name);
        }
        break;
      case 'attr':
        if (!seen.attrs.has(x.name)) {
          seen.attrs.add(x.name);
          attrs.push(x.name);
        }
        break;
      case 'unary':
        stack.push(x.arg);
        break;
      case 'binary':
        stack.push(x.right, x.left);
        break;
      case 'cond':
        stack.push(x.else, x.then, x.test);
        break;
      case 'call':
        for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
        break;
      default:
        break;
    }
  }
  return { nodes, params, attrs };
}

export interface RateEnv {
  node(name: string): number;
  param(name: string): number;
  attr(name: string): number;
}

const b = (v: boolean): number => (v ? 1 : 0);

export function evalRateExpr(e: RateExpr, env: RateEnv): number {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'bool':
      return e.value ? 1 : 0;
    case 'node':
      return env.node(e.name);
    case 'param':
      return env.param(e.name);
    case 'attr':
      return env.attr(e.name);
    case 'unary': {
      const v = evalRateExpr(e.arg, env);
      return e.op === '-' ? -v : e.op === '+' ? v : b(v === 0);
    }
    case 'cond':
      return evalRateExpr(e.test, env) !== 0 ? evalRateExpr(e.then, env) : evalRateExpr(e.else, env);
    case 'binary': {
      if (e.op === 'and') return b(evalRateExpr(e.left, env) !== 0 && evalRateExpr(e.right, env) !== 0);
      if (e.op === 'or') return b(evalRateExpr(e.left, env) !== 0 || evalRateExpr(e.right, env) !== 0);
      const l = evalRateExpr(e.left, env);
      const r = evalRateExpr(e.right, env);
      switch (e.op) {
        case 'xor':
          return b((l !== 0) !== (r !== 0));
        case '*':
          return l * r;
        case '/':
          return l / r;
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '<':
          return b(l < r);
        case '<=':
          return b(l <= r);
        case '>':
          return b(l > r);
        case '>=':
          return b(l >= r);
        case '==':
          return b(l === r);
        case '!=':
          return b(l !== r);
      }
      return NaN;
    }
    case 'call': {
      const a = e.args.map((x) => evalRateExpr(x, env));
      switch (e.fn) {
        case 'log':
          return a.length === 2 ? Math.log(a[0]!) / Math.log(a[1]!) : Math.log(a[0]!);
        case 'exp':
          return Math.exp(a[0]!);
        case 'pow':
          return Math.pow(a[0]!, a[1]!);
        case 'min':
          return Math.min(...a);
        case 'max':
          return Math.max(...a);
        case 'abs':
          return Math.abs(a[0]!);
        case 'sqrt':
          return Math.sqrt(a[0]!);
        case 'floor':
          return Math.floor(a[0]!);
        case 'ceil':
          return Math.ceil(a[0]!);
        case 'log10':
          return Math.log10(a[0]!);
        case 'log2':
          return Math.log2(a[0]!);
      }
      throw new VsmcError('semantic', `unknown function "${e.fn}"`);
    }
  }
}
