/**
 * Booleanisation of multi-valued species (SBML-qual maxLevel > 1), with the encoding bioLQM,
 * GINsim ("booleanize") and mpbn use (Didier et al. 2011, "Mapping multivalued onto Boolean
 * dynamics"): a species X with levels 0..k becomes k Boolean nodes X_b1 … X_bk, X_bj meaning
 * "X ≥ j" (so X_b2 ⇒ X_b1 in every admissible state). A comparison `X >= 2` reads X_b2; it is
 * written X_b1 & X_b2, as bioLQM writes it, so that the Boolean functions are bioLQM's on every
 * state, admissible or not (the level of a bit vector is its number of leading 1s). `X == 1` reads
 * X_b1 & !X_b2. With F_j = "the target level of X is ≥ j", bit j follows
 *
 *   X_bj = (F_j & X_b(j-1)) | (X_bj & X_b(j+1))      (X_b0 = 1, X_b(k+1) = 0)
 *
 * so a level moves one step at a time, as in the multi-valued asynchronous dynamics.
 */
import { type Expr, FALSE, TRUE, and, nary, not, or, simplifyConstants, v } from '../rules/ast.js';

export interface SpeciesLevels {
  /** Highest level (1 for a Boolean species). */
  max: number;
  /** Node id for a Boolean species; bit ids X_b1..X_bk for a multi-valued one. */
  id: string;
  bits: string[];
}

/** "X ≥ j" as a Boolean expression. */
export function atLeast(s: SpeciesLevels, j: number): Expr {
  if (j <= 0) return TRUE;
  if (j > s.max) return FALSE;
  return s.max === 1 ? v(s.id) : and(...s.bits.slice(0, j).map((b) => v(b)));
}

/** "X == k" (k an integer): k leading 1s and then a 0. */
function exactly(s: SpeciesLevels, k: number): Expr {
  if (k < 0 || k > s.max) return FALSE;
  if (s.max === 1) return k === 1 ? v(s.id) : not(v(s.id));
  const next = k === s.max ? TRUE : not(v(s.bits[k]!));
  return and(atLeast(s, k), next);
}

export type CmpOp = 'eq' | 'neq' | 'geq' | 'gt' | 'leq' | 'lt';

export const FLIP: Record<CmpOp, CmpOp> = { eq: 'eq', neq: 'neq', geq: 'leq', gt: 'lt', leq: 'geq', lt: 'gt' };

/** `X op k` over the Boolean encoding (k may be any number). */
export function compare(s: SpeciesLevels, op: CmpOp, k: number): Expr {
  const ge = (x: number) => atLeast(s, Math.ceil(x));
  let e: Expr;
  switch (op) {
    case 'geq':
      e = ge(k);
      break;
    case 'gt':
      e = atLeast(s, Math.floor(k) + 1);
      break;
    case 'lt':
      e = not(ge(k));
      break;
    case 'leq':
      e = not(atLeast(s, Math.floor(k) + 1));
      break;
    case 'eq':
      e = Number.isInteger(k) ? exactly(s, k) : FALSE;
      break;
    case 'neq':
      e = Number.isInteger(k) ? not(exactly(s, k)) : TRUE;
      break;
  }
  return simplifyConstants(e);
}

/** Boolean value of a constant comparison. */
export function compareNumbers(a: number, op: CmpOp, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'neq':
      return a !== b;
    case 'geq':
      return a >= b;
    case 'gt':
      return a > b;
    case 'leq':
      return a <= b;
    case 'lt':
      return a < b;
  }
}

/**
 * "Target level ≥ j" from SBML-qual function terms: the terms with resultLevel ≥ j, or the default
 * level when no term applies.
 */
export function targetAtLeast(terms: Array<{ level: number; cond: Expr }>, defaultLevel: number, j: number): Expr {
  const hit = terms.filter((t) => t.level >= j).map((t) => t.cond);
  let e: Expr = hit.length === 0 ? FALSE : nary('or', hit);
  if (defaultLevel >= j) {
    const none = terms.length === 0 ? TRUE : not(nary('or', terms.map((t) => t.cond)));
    e = or(e, none);
  }
  return simplifyConstants(e);
}

/** Rules of the nodes that encode one species: [rule of X] or [rule of X_b1, …, rule of X_bk]. */
export function speciesRules(s: SpeciesLevels, terms: Array<{ level: number; cond: Expr }>, defaultLevel: number): Expr[] {
  if (s.max === 1) return [targetAtLeast(terms, defaultLevel, 1)];
  const out: Expr[] = [];
  for (let j = 1; j <= s.max; j++) {
    const fj = targetAtLeast(terms, defaultLevel, j);
    const below = j === 1 ? TRUE : v(s.bits[j - 2]!);
    const above = j === s.max ? FALSE : v(s.bits[j]!);
    out.push(simplifyConstants(or(and(fj, below), and(v(s.bits[j - 1]!), above))));
  }
  return out;
}
