/**
 * Brute-force references for the property tests, written independently of src/analysis: full
 * states as integers (bit i = node i), successors by interpreting the rule ASTs, cycles by
 * iteration, SCCs by Kosaraju over an explicit adjacency list.
 */
import { type Expr, evaluate } from '../../src/rules/ast.js';
import type { BooleanSystem } from '../../src/model/prepare.js';

export function bitString(x: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += (x >>> i) & 1 ? '1' : '0';
  return s;
}

export function successorFn(sys: BooleanSystem): (x: number) => number {
  const idx = sys.index;
  return (x: number) => {
    let y = 0;
    sys.rules.forEach((r: Expr, i: number) => {
      if (evaluate(r, (name) => ((x >>> idx.get(name)!) & 1) === 1)) y |= 1 << i;
    });
    return y >>> 0;
  };
}

/** States of the space: nodes in `fixed` (index → value) held at their value, the rest free. */
export function spaceStates(n: number, fixed: Map<number, number>): number[] {
  const out: number[] = [];
  for (let x = 0; x < 2 ** n; x++) {
    let ok = true;
    for (const [i, v] of fixed) if (((x >>> i) & 1) !== v) ok = false;
    if (ok) out.push(x);
  }
  return out;
}

export interface NaiveCycle {
  states: string[];
  basin: number;
}

/** Synchronous attractors (cycle states sorted) and basins over the given states. */
export function naiveSync(sys: BooleanSystem, states: number[]): NaiveCycle[] {
  const f = successorFn(sys);
  const byKey = new Map<string, NaiveCycle>();
  for (const x0 of states) {
    const seen = new Map<number, number>();
    let x = x0;
    let t = 0;
    while (!seen.has(x)) {
      seen.set(x, t++);
      x = f(x);
    }
    const cyc: number[] = [];
    let y = x;
    do {
      cyc.push(y);
      y = f(y);
    } while (y !== x);
    const strs = cyc.map((c) => bitString(c, sys.n)).sort();
    const key = strs.join(',');
    const e = byKey.get(key) ?? { states: strs, basin: 0 };
    e.basin++;
    byKey.set(key, e);
  }
  return [...byKey.values()];
}

/** Asynchronous transitions: flip node i when its rule disagrees with its value. */
export function asyncEdges(sys: BooleanSystem, x: number): number[] {
  const f = successorFn(sys);
  const y = f(x);
  const out: number[] = [];
  for (let i = 0; i < sys.n; i++) if ((((x ^ y) >>> i) & 1) === 1) out.push((x ^ (1 << i)) >>> 0);
  return out;
}

/** Terminal SCCs (sorted state strings) of the asynchronous graph restricted to what `starts` reach. */
export function naiveAsync(sys: BooleanSystem, starts: number[]): string[][] {
  // Reachable set by BFS, explicit adjacency.
  const f = successorFn(sys);
  const edges = (x: number): number[] => {
    const y = f(x);
    const out: number[] = [];
    for (let i = 0; i < sys.n; i++) if ((((x ^ y) >>> i) & 1) === 1) out.push((x ^ (1 << i)) >>> 0);
    return out;
  };
  const adj = new Map<number, number[]>();
  const queue: number[] = [];
  for (const s of starts) {
    if (!adj.has(s)) {
      adj.set(s, edges(s));
      queue.push(s);
    }
  }
  for (let q = 0; q < queue.length; q++) {
    for (const y of adj.get(queue[q]!)!) {
      if (!adj.has(y)) {
        adj.set(y, edges(y));
        queue.push(y);
      }
    }
  }
  const nodes = [...adj.keys()];
  const radj = new Map<number, number[]>(nodes.map((v) => [v, []]));
  for (const v of nodes) for (const w of adj.get(v)!) radj.get(w)!.push(v);
  // Kosaraju: finishing order on G, then components on the reverse graph.
  const visited = new Set<number>();
  const finish: number[] = [];
  for (const s of nodes) {
    if (visited.has(s)) continue;
    const stack: Array<[number, number]> = [[s, 0]];
    visited.add(s);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const es = adj.get(top[0])!;
      if (top[1] < es.length) {
        const w = es[top[1]++]!;
        if (!visited.has(w)) {
          visited.add(w);
          stack.push([w, 0]);
        }
      } else {
        finish.push(top[0]);
        stack.pop();
      }
    }
  }
  const comp = new Map<number, number>();
  const comps: number[][] = [];
  for (let i = finish.length - 1; i >= 0; i--) {
    const s = finish[i]!;
    if (comp.has(s)) continue;
    const id = comps.length;
    const members: number[] = [];
    const stack = [s];
    comp.set(s, id);
    while (stack.length) {
      const v = stack.pop()!;
      members.push(v);
      for (const w of radj.get(v)!) {
        if (!comp.has(w)) {
          comp.set(w, id);
          stack.push(w);
        }
      }
    }
    comps.push(members);
  }
  const terminal = comps.filter((members, id) => members.every((v) => adj.get(v)!.every((w) => comp.get(w) === id)));
  return terminal.map((members) => members.map((x) => bitString(x, sys.n)).sort());
}

export function naiveFixedPoints(sys: BooleanSystem): string[] {
  const f = successorFn(sys);
  const out: string[] = [];
  for (let x = 0; x < 2 ** sys.n; x++) if (f(x) === x) out.push(bitString(x, sys.n));
  return out.sort();
}
