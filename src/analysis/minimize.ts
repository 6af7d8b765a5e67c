/**
 * Cheaper equivalent expressions for rules over few variables, for the generated bitwise code:
 * a rule written as a sum of products (BoolNet writes every rule as a DNF) often needs twice the
 * operators of a Shannon decomposition. Small rules are rebuilt from their truth table by
 * choosing, at each level, the split variable that gives the fewest operators, with the usual
 * shortcuts (x & f1, ¬x & f0, x ^ f0, f0 | x & f1, …). The original is kept when it is cheaper.
 */
import { type Expr, and, evaluate, nary, not, or, v, variables, xor } from '../rules/ast.js';

/** Operators in the generated code: k-ary and/or/xor cost k − 1, not costs 1. */
export function opCount(e: Expr): number {
  switch (e.kind) {
    case 'const':
    case 'var':
      return 0;
    case 'not':
      return 1 + opCount(e.arg);
    default:
      return e.args.length - 1 + e.args.reduce((s, a) => s + opCount(a), 0);
  }
}

const MAX_VARS = 5;

interface Built {
  e: Expr;
  cost: number;
}

/** Cofactors of a truth table (bit i = value at assignment i, var k = bit k of i) on variable k. */
function cofactors(tt: number, k: number, nv: number): [number, number] {
  let f0 = 0;
  let f1 = 0;
  const size = 1 << nv;
  for (let i = 0; i < size; i++) {
    const bit = (tt >>> i) & 1;
    if (!bit) continue;
    // Index of this assignment with var k removed, in the table over the remaining vars.
    const j = (i & ((1 << k) - 1)) | ((i >>> (k + 1)) << k);
    if ((i >>> k) & 1) f1 |= 1 << j;
    else f0 |= 1 << j;
  }
  return [f0 >>> 0, f1 >>> 0];
}

function full(nv: number): number {
  return nv >= 5 ? 0xffffffff : ((1 << (1 << nv)) - 1) >>> 0;
}

function synth(tt: number, vars: string[], memo: Map<string, Built>): Built {
  const nv = vars.length;
  const all = full(nv);
  tt = (tt & all) >>> 0;
  if (tt === 0) return { e: { kind: 'const', value: false }, cost: 0 };
  if (tt === all) return { e: { kind: 'const', value: true }, cost: 0 };
  const key = `${tt}:${vars.join(',')}`;
  const hit = memo.get(key);
  if (hit) return hit;
  let best: Built | undefined;
  for (let k = 0; k < nv; k++) {
    const [t0, t1] = cofactors(tt, k, nv);
    const rest = vars.filter((_, i) => i !== k);
    const x = v(vars[k]!);
    const nx = not(x);
    const allR = full(nv - 1);
    const f0 = synth(t0, rest, memo);
    const f1 = synth(t1, rest, memo);
    const cands: Built[] = [];
    if (t0 === t1) cands.push(f0);
    if (t0 === 0) cands.push(t1 === allR ? { e: x, cost: 0 } : { e: and(x, f1.e), cost: 1 + f1.cost });
    if (t1 === 0) cands.push(t0 === allR ? { e: nx, cost: 1 } : { e: and(nx, f0.e), cost: 2 + f0.cost });
    if (t0 === allR) cands.push({ e: or(nx, f1.e), cost: 2 + f1.cost });
    if (t1 === allR) cands.push({ e: or(x, f0.e), cost: 1 + f0.cost });
    if (((t0 ^ t1) & allR) === allR) cands.push({ e: xor(x, f0.e), cost: 1 + f0.cost });
    if ((t0 & ~t1) === 0) cands.push({ e: or(f0.e, and(x, f1.e)), cost: 2 + f0.cost + f1.cost });
    if ((t1 & ~t0) === 0) cands.push({ e: or(f1.e, and(nx, f0.e)), cost: 3 + f0.cost + f1.cost });
    cands.push({ e: or(and(x, f1.e), and(nx, f0.e)), cost: 4 + f0.cost + f1.cost });
    for (const c of cands) if (!best || c.cost < best.cost) best = c;
  }
  memo.set(key, best!);
  return best!;
}

/** and(¬a, ¬b, c) → and(¬or(a, b), c) and the dual: one negation instead of several. */
function deMorgan(e: Expr): Expr {
  switch (e.kind) {
    case 'const':
    case 'var':
      return e;
    case 'not':
      return not(deMorgan(e.arg));
    default: {
      const args = e.args.map(deMorgan);
      // nary(kind, array), not and(...args): a rule may have more terms than a spread call can pass.
      if (e.kind === 'xor') return nary('xor', args);
      const negs = args.filter((a) => a.kind === 'not');
      if (negs.length < 2) return nary(e.kind, args);
      const rest = args.filter((a) => a.kind !== 'not');
      const inner = negs.map((a) => (a as { arg: Expr }).arg);
      const grouped = not(nary(e.kind === 'and' ? 'or' : 'and', inner));
      return nary(e.kind, [grouped, ...rest]);
    }
  }
}

/** An equivalent rule with no more operators than `e` (unchanged when it has more than 5 variables). */
export function compactRule(e: Expr): Expr {
  const vars = variables(e);
  if (vars.length === 0 || vars.length > MAX_VARS) return deMorgan(e);
  let tt = 0;
  for (let i = 0; i < 1 << vars.length; i++) {
    const val = evaluate(e, (name) => ((i >>> vars.indexOf(name)) & 1) === 1);
    if (val) tt |= 1 << i;
  }
  const built = deMorgan(synth(tt >>> 0, vars, new Map()).e);
  const orig = deMorgan(e);
  return opCount(built) < opCount(orig) ? built : orig;
}
