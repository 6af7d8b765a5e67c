/**
 * Rule printer. Two syntaxes: `symbolic` (! & | ^, as .bnet and MaBoSS use) and `words`
 * (not and or, as BooleanNet uses). Parentheses only where precedence needs them, so
 * print → parse gives back the same (normalised) tree.
 */
import type { Expr } from './ast.js';
import { VsmcError } from '../util/errors.js';
import { limits } from '../util/limits.js';

export interface PrintOptions {
  syntax?: 'symbolic' | 'words';
  /** Rewrite xor as and/or for formats that have no xor operator. */
  expandXor?: boolean;
  /** Rename identifiers on the way out (export with sanitised ids). */
  rename?: (name: string) => string;
  /** Spelling of the constants. */
  constants?: [string, string];
}

const PREC = { or: 1, xor: 2, and: 3, not: 4, atom: 5 } as const;

function precOf(e: Expr): number {
  switch (e.kind) {
    case 'or':
      return PREC.or;
    case 'xor':
      return PREC.xor;
    case 'and':
      return PREC.and;
    case 'not':
      return PREC.not;
    default:
      return PREC.atom;
  }
}

/**
 * xor written with and/or/not: each term doubles what came before it, so the text grows as 2^terms.
 * Refused (VsmcError 'limit') once it would pass the rule-length limit, before anything is printed.
 */
export function expandXorExpr(e: Expr): Expr {
  const max = limits().maxRuleLength;
  const sizes = new Map<Expr, number>();
  // Printed size estimate (nodes ~ characters); the expansion shares subtrees, so sizes are summed, not walked.
  const size = (x: Expr): number => {
    const known = sizes.get(x);
    if (known !== undefined) return known;
    let s: number;
    if (x.kind === 'const' || x.kind === 'var') s = 1;
    else if (x.kind === 'not') s = 1 + size(x.arg);
    else s = x.args.reduce((t, a) => t + size(a), 1);
    sizes.set(x, s);
    return s;
  };
  const go = (x: Expr): Expr => {
    switch (x.kind) {
      case 'const':
      case 'var':
        return x;
      case 'not':
        return { kind: 'not', arg: go(x.arg) };
      case 'and':
      case 'or':
        return { kind: x.kind, args: x.args.map(go) };
      case 'xor': {
        let acc = go(x.args[0]!);
        for (let i = 1; i < x.args.length; i++) {
          const b = go(x.args[i]!);
          acc = {
            kind: 'or',
            args: [
              { kind: 'and', args: [acc, { kind: 'not', arg: b }] },
              { kind: 'and', args: [{ kind: 'not', arg: acc }, b] },
            ],
          };
          if (size(acc) > max) {
            throw new VsmcError('limit', `an xor of ${x.args.length} terms written with and/or/not would be longer than ${max} characters (each term doubles it); this format has no xor operator`);
          }
        }
        return acc;
      }
    }
  };
  return go(e);
}

export function printRule(e: Expr, opts: PrintOptions = {}): string {
  const words = opts.syntax === 'words';
  const ops = words
    ? { not: 'not ', and: ' and ', or: ' or ', xor: ' xor ' }
    : { not: '!', and: ' & ', or: ' | ', xor: ' ^ ' };
  const [c0, c1] = opts.constants ?? (words ? ['False', 'True'] : ['0', '1']);
  const rename = opts.rename ?? ((s: string) => s);
  const root = opts.expandXor ? expandXorExpr(e) : e;

  const go = (x: Expr, parentPrec: number): string => {
    let s: string;
    const myPrec = precOf(x);
    switch (x.kind) {
      case 'const':
        return x.value ? c1 : c0;
      case 'var':
        return rename(x.name);
      case 'not':
        s = ops.not + go(x.arg, PREC.not);
        break;
      default:
        // Children of the same operator are parenthesised: the AST is flat, so a same-kind child
        // only exists in non-normalised trees and must keep its grouping.
        s = x.args.map((a) => go(a, myPrec + (a.kind === x.kind ? 1 : 0))).join(ops[x.kind]);
    }
    return myPrec < parentPrec || (x.kind !== 'not' && myPrec === parentPrec && parentPrec !== 0) ? `(${s})` : s;
  };
  return go(root, 0);
}
