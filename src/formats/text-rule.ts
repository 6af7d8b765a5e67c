/**
 * Boolean expressions as the plain-text formats write them (.bnet / BoolNet, BooleanNet): the
 * rule-language operators (`!` `&` `|` `^` and the words `not` `and` `or` `xor`, constants 0/1 and
 * true/false) over identifiers whose character set depends on the format (BooleanNet allows
 * `Ca2+c`, `C-Myc`). Identifiers are mapped to ids by the caller. Positions in errors are relative
 * to the text given; readers shift them to file coordinates with VsmcError.within.
 */
import { type Expr, nary, not } from '../rules/ast.js';
import { syntaxError } from '../rules/parser.js';
import { VsmcError } from '../util/errors.js';
import { limits } from '../util/limits.js';

export interface TextRuleSyntax {
  /** Characters allowed inside an identifier (after the first). */
  identChar: (c: string) => boolean;
  /** Characters allowed to start an identifier. */
  identStart: (c: string) => boolean;
  /** Name of the format, for messages. */
  what: string;
}

const LETTER = /\p{L}/u;
export const BNET_SYNTAX: TextRuleSyntax = {
  identStart: (c) => /[A-Za-z0-9_.]/.test(c) || LETTER.test(c),
  identChar: (c) => /[A-Za-z0-9_.]/.test(c) || LETTER.test(c),
  what: '.bnet',
};
export const BOOLEANNET_SYNTAX: TextRuleSyntax = {
  identStart: (c) => /[A-Za-z0-9_+\-.]/.test(c) || LETTER.test(c),
  identChar: (c) => /[A-Za-z0-9_+\-.]/.test(c) || LETTER.test(c),
  what: 'BooleanNet',
};

type Tok = { kind: 'id' | 'const' | 'not' | 'and' | 'or' | 'xor' | 'lp' | 'rp' | 'eof'; text: string; offset: number };

// Maps, not object literals: a name such as `constructor` or `__proto__` must not find
// Object.prototype members and be read as an operator.
const WORDS = new Map<string, Tok['kind']>([
  ['not', 'not'],
  ['and', 'and'],
  ['or', 'or'],
  ['xor', 'xor'],
  ['true', 'const'],
  ['false', 'const'],
]);
const SINGLE = new Map<string, Tok['kind']>([
  ['!', 'not'],
  ['~', 'not'],
  ['&', 'and'],
  ['|', 'or'],
  ['^', 'xor'],
  ['(', 'lp'],
  [')', 'rp'],
]);

function tokenize(text: string, syn: TextRuleSyntax): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      out.push({ kind: two === '&&' ? 'and' : 'or', text: two, offset: i });
      i += 2;
      continue;
    }
    const op = SINGLE.get(c);
    if (op !== undefined) {
      out.push({ kind: op, text: c, offset: i });
      i++;
      continue;
    }
    if (syn.identStart(c)) {
      let j = i + 1;
      while (j < n) {
        const cp = String.fromCodePoint(text.codePointAt(j)!);
        if (!syn.identChar(cp)) break;
        j += cp.length;
      }
      const word = text.slice(i, j);
      const w = WORDS.get(word.toLowerCase());
      if (w) out.push({ kind: w, text: word, offset: i });
      else if (word === '0' || word === '1') out.push({ kind: 'const', text: word, offset: i });
      else if (/^[0-9.]+$/.test(word)) throw syntaxError(text, i, `unexpected number "${word}" (constants are 0 and 1)`);
      else out.push({ kind: 'id', text: word, offset: i });
      i = j;
      continue;
    }
    const shown = String.fromCodePoint(text.codePointAt(i)!);
    throw syntaxError(text, i, `unexpected character "${shown}" in a ${syn.what} rule (operators are ! & | and parentheses, or the words not, and, or)`);
  }
  out.push({ kind: 'eof', text: '', offset: n });
  return out;
}

export interface RawVar {
  name: string;
  offset: number;
}

/**
 * Parse one rule; identifiers keep their raw spelling in `var` nodes (pos.offset relative to `text`).
 * Precedence: not > and > xor > or.
 */
export function parseTextRule(text: string, syn: TextRuleSyntax): Expr {
  const lim = limits();
  if (text.length > lim.maxRuleLength) throw new VsmcError('limit', `rule is ${text.length} characters long; the limit is ${lim.maxRuleLength}`);
  const toks = tokenize(text, syn);
  let p = 0;
  let depth = 0;
  const peek = () => toks[p]!;
  const enter = (t: Tok) => {
    if (++depth > lim.maxExprDepth) throw syntaxError(text, t.offset, `expression nested deeper than ${lim.maxExprDepth} levels`);
  };
  const describe = (t: Tok) => (t.kind === 'eof' ? 'the end of the rule' : `"${t.text}"`);
  const level = (kind: 'or' | 'xor' | 'and', sub: () => Expr) => (): Expr => {
    const args = [sub()];
    while (peek().kind === kind) {
      p++;
      args.push(sub());
    }
    return args.length === 1 ? args[0]! : nary(kind, args);
  };
  const parseNot = (): Expr => {
    const t = peek();
    if (t.kind === 'not') {
      p++;
      enter(t);
      const inner = parseNot();
      depth--;
      return not(inner);
    }
    return parseAtom();
  };
  const parseAnd = level('and', parseNot);
  const parseXor = level('xor', parseAnd);
  const parseOr = level('or', parseXor);
  function parseAtom(): Expr {
    const t = peek();
    switch (t.kind) {
      case 'lp': {
        p++;
        enter(t);
        const inner = parseOr();
        depth--;
        const close = peek();
        if (close.kind !== 'rp') throw syntaxError(text, close.offset, `expected ")" to close the "(" at column ${t.offset + 1}, found ${describe(close)}`);
        p++;
        return inner;
      }
      case 'const':
        p++;
        return { kind: 'const', value: t.text === '1' || t.text.toLowerCase() === 'true' };
      case 'id':
        p++;
        return { kind: 'var', name: t.text, pos: { offset: t.offset, line: 1, col: t.offset + 1 } };
      default:
        throw syntaxError(text, t.offset, t.kind === 'eof' ? 'rule is incomplete: expected a name, a constant, "!" or "("' : `expected a name, a constant, "!" or "(", found ${describe(t)}`);
    }
  }
  const e = parseOr();
  const rest = peek();
  if (rest.kind !== 'eof') {
    throw syntaxError(text, rest.offset, rest.kind === 'rp' ? 'unmatched ")"' : `expected an operator or the end of the rule, found ${describe(rest)}`);
  }
  return e;
}

/** Identifiers of a parsed text rule with their offsets, in order of appearance. */
export function rawVars(e: Expr): RawVar[] {
  const out: RawVar[] = [];
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === 'var') out.push({ name: x.name, offset: x.pos?.offset ?? 0 });
    else if (x.kind === 'not') stack.push(x.arg);
    else if (x.kind !== 'const') for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
  }
  return out;
}
