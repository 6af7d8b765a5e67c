/**
 * Boolean rule AST. `and`, `or` and `xor` are n-ary and kept flat (no child has the same
 * operator as its parent) so that printing and re-parsing is the identity on normalised trees.
 */
export interface Pos {
  /** 0-based offset into the rule text. */
  offset: number;
  /** 1-based line and column inside the rule text. */
  line: number;
  col: number;
}

export type Expr =
  | { kind: 'const'; value: boolean }
  | { kind: 'var'; name: string; pos?: Pos }
  | { kind: 'not'; arg: Expr }
  | { kind: 'and' | 'or' | 'xor'; args: Expr[] };

export type NaryKind = 'and' | 'or' | 'xor';

export const TRUE: Expr = { kind: 'const', value: true };
export const FALSE: Expr = { kind: 'const', value: false };

export function v(name: string): Expr {
  return { kind: 'var', name };
}
export function not(arg: Expr): Expr {
  return { kind: 'not', arg };
}
export function nary(kind: NaryKind, args: Expr[]): Expr {
  const flat: Expr[] = [];
  for (const a of args) {
    // A loop, not push(...a.args): spreading 300,000 arguments overflows the stack.
    if (a.kind === kind) for (const b of a.args) flat.push(b);
    else flat.push(a);
  }
  if (flat.length === 1) return flat[0]!;
  if (flat.length === 0) return kind === 'and' ? TRUE : FALSE;
  return { kind, args: flat };
}
export const and = (...args: Expr[]): Expr => nary('and', args);
export const or = (...args: Expr[]): Expr => nary('or', args);
export const xor = (...args: Expr[]): Expr => nary('xor', args);

/** Identifiers in first-occurrence order. */
export function variables(e: Expr, out: string[] = [], seen = new Set<string>()): string[] {
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    switch (x.kind) {
      case 'var':
        if (!seen.has(x.name)) {
          seen.add(x.name);
          out.push(x.name);
        }
        break;
      case 'not':
        stack.push(x.arg);
        break;
      case 'and':
      case 'or':
      case 'xor':
        for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
        break;
    }
  }
  return out;
}

/** Replace identifiers. `f` returns a replacement expression or undefined to keep the variable. */
export function substitute(e: Expr, f: (name: string) => Expr | undefined): Expr {
  switch (e.kind) {
    case 'const':
      return e;
    case 'var':
      return f(e.name) ?? e;
    case 'not':
      return not(substitute(e.arg, f));
    default:
      return nary(e.kind, e.args.map((a) => substitute(a, f)));
  }
}

/** Constant folding that never changes the function (used after module flags are fixed). */
export function simplifyConstants(e: Expr): Expr {
  switch (e.kind) {
    case 'const':
    case 'var':
      return e;
    case 'not': {
      const a = simplifyConstants(e.arg);
      if (a.kind === 'const') return { kind: 'const', value: !a.value };
      if (a.kind === 'not') return a.arg;
      return not(a);
    }
    case 'and':
    case 'or': {
      const absorbing = e.kind === 'or';
      const kept: Expr[] = [];
      for (const raw of e.args) {
        const a = simplifyConstants(raw);
        if (a.kind === 'const') {
          if (a.value === absorbing) return { kind: 'const', value: absorbing };
          continue;
        }
        kept.push(a);
      }
      if (kept.length === 0) return { kind: 'const', value: !absorbing };
      return nary(e.kind, kept);
    }
    case 'xor': {
      let parity = false;
      const kept: Expr[] = [];
      for (const raw of e.args) {
        const a = simplifyConstants(raw);
        if (a.kind === 'const') parity = parity !== a.value;
        else kept.push(a);
      }
      if (kept.length === 0) return { kind: 'const', value: parity };
      const body = nary('xor', kept);
      return parity ? not(body) : body;
    }
  }
}

/** Depth and size, iteratively: used for input limits before anything recursive runs. */
export function measure(e: Expr): { depth: number; size: number } {
  let depth = 0;
  let size = 0;
  const stack: Array<[Expr, number]> = [[e, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    size++;
    if (d > depth) depth = d;
    if (x.kind === 'not') stack.push([x.arg, d + 1]);
    else if (x.kind === 'and' || x.kind === 'or' || x.kind === 'xor') for (const a of x.args) stack.push([a, d + 1]);
  }
  return { depth, size };
}

/** Evaluate with a lookup; used by reference implementations and truth-table checks, not hot loops. */
export function evaluate(e: Expr, value: (name: string) => boolean): boolean {
  switch (e.kind) {
    case 'const':
      return e.value;
    case 'var':
      return value(e.name);
    case 'not':
      return !evaluate(e.arg, value);
    case 'and':
      return e.args.every((a) => evaluate(a, value));
    case 'or':
      return e.args.some((a) => evaluate(a, value));
    case 'xor':
      return e.args.reduce((acc, a) => acc !== evaluate(a, value), false);
  }
}

/** Structural equality ignoring positions. */
export function sameExpr(a: Expr, b: Expr): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'const':
      return a.value === (b as typeof a).value;
    case 'var':
      return a.name === (b as typeof a).name;
    case 'not':
      return sameExpr(a.arg, (b as typeof a).arg);
    default: {
      const bb = b as typeof a;
      return a.args.length === bb.args.length && a.args.every((x, i) => sameExpr(x, bb.args[i]!));
    }
  }
}
