/**
 * Functional facts about a rule, from its truth table: which inputs it really depends on and with
 * which sign. Used by the static checks (declared vs actual sign), the SBML writer (transition
 * input signs) and the round-trip tests (truth-table equality instead of string equality).
 */
import { type Expr, evaluate, variables } from './ast.js';

/** Truth tables are exhaustive; past this many inputs the facts are reported as unknown. */
export const MAX_TABLE_VARS = 20;

export type Sign = '+' | '-' | '±' | '0';

/** Bit i of the returned table is f(assignment i), with vars[j] = bit j of i. */
export function truthTable(e: Expr, vars: string[]): Uint8Array | undefined {
  if (vars.length > MAX_TABLE_VARS) return undefined;
  const pos = new Map(vars.map((v, i) => [v, i] as const));
  const size = 1 << vars.length;
  const out = new Uint8Array(size);
  for (let a = 0; a < size; a++) {
    out[a] = evaluate(e, (name) => {
      const j = pos.get(name);
      if (j === undefined) throw new Error(`truthTable: variable ${name} not in the list`);
      return ((a >> j) & 1) === 1;
    })
      ? 1
      : 0;
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
