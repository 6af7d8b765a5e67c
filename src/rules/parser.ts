/**
 * Rule-language parser: a hand-written tokenizer and recursive-descent parser over a tiny grammar.
 *
 *   or   := xor  (('|' | '||' | 'or')  xor)*
 *   xor  := and  (('^' | 'xor')        and)*
 *   and  := not  (('&' | '&&' | 'and') not)*
 *   not  := ('!' | '~' | 'not') not | atom
 *   atom := '(' or ')' | '0' | '1' | 'true' | 'false' | identifier
 *
 * Precedence: not > and > xor > or. Keywords are case-insensitive (`AND`, `True`), identifiers are not.
 * Nesting is bounded (maxDepth) so hostile input ends in an error, never a stack overflow.
 */
import { type Expr, type Pos, nary, not } from './ast.js';
import { VsmcError, positionOf, type SourceLocation } from '../util/errors.js';

export interface ParseOptions {
  /** Maximum nesting of parentheses / negations. */
  maxDepth?: number;
  /** Maximum text length in characters. */
  maxLength?: number;
}

export const DEFAULT_MAX_DEPTH = 256;
export const DEFAULT_MAX_RULE_LENGTH = 1_000_000;

type TokKind = 'id' | 'const' | 'not' | 'and' | 'or' | 'xor' | 'lp' | 'rp' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  pos: Pos;
}

// A Map, not an object literal: identifiers such as `constructor` or `__proto__` must not hit
// Object.prototype.
const KEYWORDS = new Map<string, TokKind>([
  ['not', 'not'],
  ['and', 'and'],
  ['or', 'or'],
  ['xor', 'xor'],
  ['true', 'const'],
  ['false', 'const'],
]);

export const IDENT_RE = /^[A-Za-z0-9_]+$/;


export function syntaxError(text: string, offset: number, detail: string): VsmcError {
  const { line, col, lineText } = positionOf(text, offset);
  const loc: SourceLocation = { line, col, lineText };
  return new VsmcError('syntax', detail, loc);
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'end of rule' : `"${t.text}"`;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const pos: Pos = { offset: i, line, col: i - lineStart + 1 };
    const ch = text[i]!;
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      out.push({ kind: two === '&&' ? 'and' : 'or', text: two, pos });
      i += 2;
      continue;
    }
    switch (ch) {
      case '!':
      case '~':
        out.push({ kind: 'not', text: ch, pos });
        i++;
        continue;
      case '&':
        out.push({ kind: 'and', text: ch, pos });
        i++;
        continue;
      case '|':
        out.push({ kind: 'or', text: ch, pos });
        i++;
        continue;
      case '^':
        out.push({ kind: 'xor', text: ch, pos });
        i++;
        continue;
      case '(':
        out.push({ kind: 'lp', text: ch, pos });
        i++;
        continue;
      case ')':
        out.push({ kind: 'rp', text: ch, pos });
        i++;
        continue;
    }
    if (/[A-Za-z0-9_]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      const word = text.slice(i, j);
      const kw = KEYWORDS.get(word.toLowerCase());
      if (kw) out.push({ kind: kw, text: word, pos });
      else if (word === '0' || word === '1') out.push({ kind: 'const', text: word, pos });
      else if (/^[0-9]+$/.test(word)) throw syntaxError(text, i, `unexpected number "${word}" (constants are 0 and 1)`);
      else out.push({ kind: 'id', text: word, pos });
      i = j;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const shown = String.fromCodePoint(cp);
    throw syntaxError(text, i, `unexpected character "${shown}" (operators are ! & | ^ and parentheses)`);
  }
  out.push({ kind: 'eof', text: '', pos: { offset: n, line, col: n - lineStart + 1 } });
  return out;
}

export function parseRule(text: string, opts: ParseOptions = {}): Expr {
  const maxLength = opts.maxLength ?? DEFAULT_MAX_RULE_LENGTH;
  if (text.length > maxLength) {
    throw new VsmcError('limit', `rule is ${text.length} characters long; the limit is ${maxLength}`);
  }
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  const toks = tokenize(text);
  let p = 0;
  let depth = 0;

  const peek = () => toks[p]!;
  const enter = (t: Token) => {
    if (++depth > maxDepth) throw syntaxError(text, t.pos.offset, `expression nested deeper than ${maxDepth} levels`);
  };

  function parseOr(): Expr {
    const args = [parseXor()];
    while (peek().kind === 'or') {
      p++;
      args.push(parseXor());
    }
    return args.length === 1 ? args[0]! : nary('or', args);
  }
  function parseXor(): Expr {
    const args = [parseAnd()];
    while (peek().kind === 'xor') {
      p++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : nary('xor', args);
  }
  function parseAnd(): Expr {
    const args = [parseNot()];
    while (peek().kind === 'and') {
      p++;
      args.push(parseNot());
    }
    return args.length === 1 ? args[0]! : nary('and', args);
  }
  function parseNot(): Expr {
    const t = peek();
    if (t.kind === 'not') {
      p++;
      enter(t);
      const inner = parseNot();
      depth--;
      return not(inner);
    }
    return parseAtom();
  }
  function parseAtom(): Expr {
    const t = peek();
    switch (t.kind) {
      case 'lp': {
        p++;
        enter(t);
        const inner = parseOr();
        depth--;
        const close = peek();
        if (close.kind !== 'rp') {
          throw syntaxError(text, close.pos.offset, `expected ")" to close "(" at column ${t.pos.col}, found ${describe(close)}`);
        }
        p++;
        return inner;
      }
      case 'const':
        p++;
        return { kind: 'const', value: t.text === '1' || t.text.toLowerCase() === 'true' };
      case 'id':
        p++;
        return { kind: 'var', name: t.text, pos: t.pos };
      default:
        throw syntaxError(
          text,
          t.pos.offset,
          t.kind === 'eof' ? 'rule is incomplete: expected a name, a constant, "!" or "("' : `expected a name, a constant, "!" or "(", found ${describe(t)}`,
        );
    }
  }

  const e = parseOr();
  const rest = peek();
  if (rest.kind !== 'eof') {
    throw syntaxError(
      text,
      rest.pos.offset,
      rest.kind === 'rp' ? 'unmatched ")"' : `expected an operator (& | ^) or the end of the rule, found ${describe(rest)}`,
    );
  }
  return e;
}
