/**
 * Functional facts about a rule, from its truth table: which inputs it really depends on and with
 * which sign. Used by the static checks (declared vs actual sign), the SBML writer (transition
 * input signs) and the round-trip tests (truth-table equality instead of string equality).
 */
import { type Expr, variables } from './ast.js';

/** Truth tables are exhaustive; past this many inputs the facts are reported as unknown. */
export const MAX_TABLE_VARS = 20;

export type Sign = '+' | '-' | '±' | '0';

/**
 * Largest truth-table work accepted, in expression nodes × 32-assignment words (a few tens of
 * milliseconds); past it the facts are reported as unknown. A 20-input rule of a few thousand
 * operators would otherwise take seconds each time it is asked about.
 */
export const MAX_TABLE_WORK = 2 ** 22;

/** Number of nodes of an expression tree (iterative). */
export function exprSize(e: Expr): number {
  let n = 0;
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    n++;
    if (x.kind === 'not') stack.push(x.arg);
    else if (x.kind !== 'const' && x.kind !== 'var') for (const a of x.args) stack.push(a);
  }
  return n;
}

// Bit k of LOW[j] is bit j of k: variable j over 32 consecutive assignments, for j < 5.
const LOW = [0xaaaaaaaa | 0, 0xcccccccc | 0, 0xf0f0f0f0 | 0, 0xff00ff00 | 0, 0xffff0000 | 0];

function evalWord(e: Expr, value: (name: string) => number): number {
  switch (e.kind) {
    case 'const':
      return e.value ? -1 : 0;
    case 'var':
      return value(e.name);
    case 'not':
      return ~evalWord(e.arg, value);
    case 'and': {
      let r = -1;
      for (const a of e.args) r &= evalWord(a, value);
      return r;
    }
    case 'or': {
      let r = 0;
      for (const a of e.args) r |= evalWord(a, value);
      return r;
    }
    case 'xor': {
      let r = 0;
      for (const a of e.args) r ^= evalWord(a, value);
      return r;
    }
  }
}

/**
 * Bit i of the returned table is f(assignment i), with vars[j] = bit j of i. Evaluated 32
 * assignments at a time with bitwise operators. Undefined past MAX_TABLE_VARS inputs or
 * MAX_TABLE_WORK.
 */
export function truthTable(e: Expr, vars: string[]): Uint8Array | undefined {
  if (vars.length > MAX_TABLE_VARS) return undefined;
  const size = 1 << vars.length;
  const words = Math.max(1, size >>> 5);
  if (exprSize(e) * words > MAX_TABLE_WORK) return undefined;
  const pos = new Map(vars.map((v, i) => [v, i] as const));
  const out = new Uint8Array(size);
  for (let w = 0; w < words; w++) {
    const base = w << 5;
    const r = evalWord(e, (name) => {
      const j = pos.get(name);
      if (j === undefined) throw new Error(`truthTable: variable ${name} not in the list`);
      return j < 5 ? LOW[j]! : (base >> j) & 1 ? -1 : 0;
    });
    const n = Math.min(32, size - base);
    for (let k = 0; k < n; k++) out[base + k] = (r >>> k) & 1;
  }
  return out;
}

/** Sign of the dependence of f on each of `vars` (monotone up, down, both ways, or none). */
export function signs(e: Expr, vars: string[] = variables(e)): Map<string, Sign> | undefined {
  const table = truthTable(e, vars);
  if (!table) return undefined;
  const out = new Map<string, Sign>();
  vars.forEach((name, j) => {
    const bit = 1 << j;
    let up = false;
    let down = false;
    for (let a = 0; a < table.length; a++) {
      if (a & bit) continue;
      const lo = table[a]!;
      const hi = table[a | bit]!;
      if (hi > lo) up = true;
      else if (hi < lo) down = true;
      if (up && down) break;
    }
    out.set(name, up && down ? '±' : up ? '+' : down ? '-' : '0');
  });
  return out;
}

/** Do two rules compute the same function (over the union of their variables)? */
export function equivalent(a: Expr, b: Expr): boolean | undefined {
  const vars = [...new Set([...variables(a), ...variables(b)])];
  const ta = truthTable(a, vars);
  const tb = truthTable(b, vars);
  if (!ta || !tb) return undefined;
  for (let i = 0; i < ta.length; i++) if (ta[i] !== tb[i]) return false;
  return true;
}
