/**
 * Exact fixed points x = F(x) without enumerating 2^n states: the conditions x_i ↔ f_i(x) are
 * written as clauses (Tseitin encoding: one auxiliary variable per and/or/xor gate, the node
 * variable itself standing for a top-level and/or), and a DPLL search with two-watched-literal
 * unit propagation and chronological backtracking enumerates every solution. Decisions are made on
 * node variables only; gate variables then follow by propagation, so each fixed point is found
 * exactly once. Biological networks propagate strongly (most nodes are forced once a few are set),
 * so this finishes in milliseconds on networks of hundreds of nodes.
 */
import type { Expr } from '../rules/ast.js';
import { VsmcError } from '../util/errors.js';
import type { Ticker } from './progress.js';
import type { Space } from './space.js';

class Cnf {
  nVars: number;
  lits: number[] = [];
  starts: number[] = [];
  units: number[] = [];
  unsat = false;
  private trueVar = -1;
  constructor(nodeVars: number) {
    this.nVars = nodeVars;
  }
  newVar(): number {
    return this.nVars++;
  }
  constLit(value: boolean): number {
    if (this.trueVar < 0) {
      this.trueVar = this.newVar();
      this.units.push(2 * this.trueVar);
    }
    return 2 * this.trueVar + (value ? 0 : 1);
  }
  clause(c: number[]): void {
    const set = new Set<number>();
    for (const l of c) {
      if (set.has(l ^ 1)) return; // tautology
      set.add(l);
    }
    const lits = [...set];
    if (lits.length === 0) this.unsat = true;
    else if (lits.length === 1) this.units.push(lits[0]!);
    else {
      this.starts.push(this.lits.length);
      this.lits.push(...lits);
    }
  }
  /** g ↔ op(args) as clauses. */
  gate(g: number, kind: 'and' | 'or' | 'xor', args: number[]): void {
    if (kind === 'and') {
      for (const a of args) this.clause([g ^ 1, a]);
      this.clause([g, ...args.map((a) => a ^ 1)]);
    } else if (kind === 'or') {
      for (const a of args) this.clause([g, a ^ 1]);
      this.clause([g ^ 1, ...args]);
    } else {
      let acc = args[0]!;
      for (let i = 1; i < args.length; i++) {
        const b = args[i]!;
        const out = i === args.length - 1 ? g : 2 * this.newVar();
        this.clause([out ^ 1, acc, b]);
        this.clause([out ^ 1, acc ^ 1, b ^ 1]);
        this.clause([out, acc ^ 1, b]);
        this.clause([out, acc, b ^ 1]);
        acc = out;
      }
    }
  }
  /** Literal equal to the expression (index maps member names to variables). */
  encode(e: Expr, index: Map<string, number>): number {
    switch (e.kind) {
      case 'const':
        return this.constLit(e.value);
      case 'var':
        return 2 * index.get(e.name)!;
      case 'not':
        return this.encode(e.arg, index) ^ 1;
      default: {
        const args = e.args.map((a) => this.encode(a, index));
        const g = 2 * this.newVar();
        this.gate(g, e.kind, args);
        return g;
      }
    }
  }
}

export interface FixedPointResult {
  /** count·words packed states, in the order found. */
  states: Uint32Array;
  count: number;
  /** false when maxSolutions stopped the enumeration. */
  complete: boolean;
}

export interface SolveOptions {
  maxSolutions: number;
  ticker: Ticker;
  /** Bound on decisions (default 2^31): a VsmcError beyond. */
  maxDecisions?: number;
}

export function solveFixedPoints(sp: Space, opts: SolveOptions): FixedPointResult {
  const m = sp.m;
  const W = sp.words;
  const cnf = new Cnf(m);
  for (let j = 0; j < m; j++) {
    const r = sp.rules[j]!;
    const x = 2 * j;
    if ((r.kind === 'and' || r.kind === 'or') && r.args.length > 1) {
      cnf.gate(x, r.kind, r.args.map((a) => cnf.encode(a, sp.csys.index)));
      continue;
    }
    const l = cnf.encode(r, sp.csys.index);
    if (l === x) continue; // x = x: no condition
    cnf.clause([x ^ 1, l]);
    cnf.clause([x, l ^ 1]);
  }
  const found: number[] = [];
  let count = 0;
  if (cnf.unsat) return { states: new Uint32Array(0), count: 0, complete: true };

  const nVars = cnf.nVars;
  const lits = Int32Array.from(cnf.lits);
  const nClauses = cnf.starts.length;
  const cstart = Int32Array.from(cnf.starts);
  const cend = new Int32Array(nClauses);
  for (let i = 0; i < nClauses; i++) cend[i] = i + 1 < nClauses ? cstart[i + 1]! : lits.length;
  const watches: number[][] = Array.from({ length: 2 * nVars }, () => []);
  const occ = new Float64Array(nVars);
  for (let ci = 0; ci < nClauses; ci++) {
    watches[lits[cstart[ci]!]!]!.push(ci);
    watches[lits[cstart[ci]! + 1]!]!.push(ci);
    for (let k = cstart[ci]!; k < cend[ci]!; k++) occ[lits[k]! >> 1]!++;
  }
  // Node variables first, most constrained first; gate variables only if ever left unassigned.
  const order = Array.from({ length: nVars }, (_, v) => v).sort((a, b) => (a < m) !== (b < m) ? (a < m ? -1 : 1) : occ[b]! - occ[a]! || a - b);

  const assign = new Int8Array(nVars).fill(-1);
  const trail = new Int32Array(nVars);
  let tlen = 0;
  let qhead = 0;
  const val = (l: number): number => {
    const a = assign[l >> 1]!;
    return a < 0 ? -1 : a ^ (l & 1);
  };
  const enqueue = (l: number): boolean => {
    const cur = val(l);
    if (cur === 1) return true;
    if (cur === 0) return false;
    assign[l >> 1] = (l & 1) ^ 1;
    trail[tlen++] = l;
    return true;
  };
  const propagate = (): boolean => {
    while (qhead < tlen) {
      const falseLit = trail[qhead++]! ^ 1;
      const ws = watches[falseLit]!;
      let i = 0;
      let j = 0;
      while (i < ws.length) {
        const ci = ws[i++]!;
        const b = cstart[ci]!;
        if (lits[b] === falseLit) {
          lits[b] = lits[b + 1]!;
          lits[b + 1] = falseLit;
        }
        const first = lits[b]!;
        if (val(first) === 1) {
          ws[j++] = ci;
          continue;
        }
        let moved = false;
        for (let k = b + 2; k < cend[ci]!; k++) {
          if (val(lits[k]!) !== 0) {
            lits[b + 1] = lits[k]!;
            lits[k] = falseLit;
            watches[lits[b + 1]!]!.push(ci);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        ws[j++] = ci;
        if (!enqueue(first)) {
          while (i < ws.length) ws[j++] = ws[i++]!;
          ws.length = j;
          return false;
        }
      }
      ws.length = j;
    }
    return true;
  };
  const undo = (pos: number): void => {
    while (tlen > pos) assign[trail[--tlen]! >> 1] = -1;
    qhead = pos;
  };

  for (const u of cnf.units) if (!enqueue(u)) return { states: new Uint32Array(0), count: 0, complete: true };
  const decPos: number[] = [];
  const decLit: number[] = [];
  const decFlipped: boolean[] = [];
  const backtrack = (): boolean => {
    while (decPos.length > 0) {
      const pos = decPos.pop()!;
      const l = decLit.pop()!;
      const flipped = decFlipped.pop()!;
      undo(pos);
      if (!flipped) {
        decPos.push(pos);
        decLit.push(l ^ 1);
        decFlipped.push(true);
        enqueue(l ^ 1);
        return true;
      }
    }
    return false;
  };
  const maxDecisions = opts.maxDecisions ?? 2 ** 31;
  let decisions = 0;
  let complete = true;
  for (;;) {
    if (!propagate()) {
      if (!backtrack()) break;
      continue;
    }
    let pick = -1;
    for (const v of order) {
      if (assign[v]! < 0) {
        pick = v;
        break;
      }
    }
    if (pick < 0 || pick >= m) {
      if (pick < 0) {
        for (let w = 0; w < W; w++) {
          let word = 0;
          for (let b = 0; b < 32 && 32 * w + b < m; b++) if (assign[32 * w + b] === 1) word |= 1 << b;
          found.push(word >>> 0);
        }
        count++;
        if (count >= opts.maxSolutions) {
          complete = !backtrackHasMore();
          break;
        }
        if (!backtrack()) break;
        continue;
      }
    }
    if (++decisions > maxDecisions) {
      throw new VsmcError('limit', `the fixed-point search made more than ${maxDecisions.toLocaleString('en-US')} decisions without finishing`);
    }
    if ((decisions & 0xfff) === 0) opts.ticker.tick('fixed points', count, 0);
    decPos.push(tlen);
    decLit.push(2 * pick + 1); // try 0 first
    decFlipped.push(false);
    enqueue(2 * pick + 1);
  }
  return { states: Uint32Array.from(found), count, complete };

  /** After the limit: is there any other solution? (One more search step, then stop.) */
  function backtrackHasMore(): boolean {
    if (!backtrack()) return false;
    for (;;) {
      if (!propagate()) {
        if (!backtrack()) return false;
        continue;
      }
      let pick = -1;
      for (const v of order) {
        if (assign[v]! < 0) {
          pick = v;
          break;
        }
      }
      if (pick < 0) return true;
      decPos.push(tlen);
      decLit.push(2 * pick + 1);
      decFlipped.push(false);
      enqueue(2 * pick + 1);
    }
  }
}
