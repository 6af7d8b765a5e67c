/**
 * The state space an analysis runs over. Nodes whose rule is a constant (inputs set by the
 * experiment, interventions, constants written in the model) are "fixed": their value is
 * substituted into every other rule and they leave the space, so a packed state holds one bit per
 * member node (bit j = member j, members in model order). Some analyses keep selected constant
 * nodes as members (basins over the full space, see `keepForBasins`).
 */
import { type Expr, simplifyConstants, substitute } from '../rules/ast.js';
import type { BooleanSystem } from '../model/prepare.js';

export interface Space {
  sys: BooleanSystem;
  /** Model indices of the member nodes; bit j of a packed state is member j. */
  members: number[];
  /** Per model node: its constant value when it is not a member, -1 for members. */
  outside: Int8Array;
  /** Rules of the members with the non-members' values substituted. */
  rules: Expr[];
  /** The members as a BooleanSystem, for the compiler in src/engine/compile.ts. */
  csys: BooleanSystem;
  m: number;
  /** Uint32 words per packed state. */
  words: number;
}

/** Value of a node whose prepared rule is a constant, else -1. */
export function constantValue(sys: BooleanSystem, i: number): number {
  const r = sys.rules[i]!;
  return r.kind === 'const' ? (r.value ? 1 : 0) : -1;
}

/**
 * Members: every node whose rule is not constant, plus the constant nodes `keep` selects
 * (they stay in the space with their constant rule).
 */
export function buildSpace(sys: BooleanSystem, keep: (i: number) => boolean = () => false): Space {
  const members: number[] = [];
  const outside = new Int8Array(sys.n).fill(-1);
  for (let i = 0; i < sys.n; i++) {
    const c = constantValue(sys, i);
    if (c < 0 || keep(i)) members.push(i);
    else outside[i] = c;
  }
  const constOf = (name: string): Expr | undefined => {
    const i = sys.index.get(name);
    if (i === undefined || outside[i]! < 0) return undefined;
    return { kind: 'const', value: outside[i] === 1 };
  };
  const rules = members.map((i) => simplifyConstants(substitute(sys.rules[i]!, constOf)));
  const ids = members.map((i) => sys.ids[i]!);
  const index = new Map<string, number>();
  ids.forEach((id, j) => index.set(id, j));
  const regulators = rules.map(() => [] as number[]);
  const csys: BooleanSystem = {
    model: sys.model,
    n: members.length,
    ids,
    index,
    rules,
    forced: new Int8Array(members.length).fill(-1),
    regulators,
    targets: rules.map(() => [] as number[]),
    readouts: [],
    hypothesis: sys.hypothesis,
    flagValues: sys.flagValues,
  };
  return { sys, members, outside, rules, csys, m: members.length, words: Math.max(1, Math.ceil(members.length / 32)) };
}

/** Full-length bit string (model order) of a packed state given as words. */
export function stateString(sp: Space, w: ArrayLike<number>, off = 0): string {
  const out: string[] = new Array(sp.sys.n);
  for (let i = 0; i < sp.sys.n; i++) out[i] = sp.outside[i] === 1 ? '1' : '0';
  for (let j = 0; j < sp.m; j++) out[sp.members[j]!] = (w[off + (j >>> 5)]! >>> (j & 31)) & 1 ? '1' : '0';
  return out.join('');
}

/** Pack a full model-order 0/1 state. */
export function packState(sp: Space, state: ArrayLike<number>, out = new Uint32Array(sp.words)): Uint32Array {
  out.fill(0);
  for (let j = 0; j < sp.m; j++) if (state[sp.members[j]!]) out[j >>> 5]! |= 1 << (j & 31);
  return out;
}

/**
 * Accumulates the pattern of a set of states: per member, whether some state has it on and some
 * has it off. Pattern characters: the value, or `-` where it varies.
 */
export class PatternAcc {
  private readonly on: Uint32Array;
  private readonly off: Uint32Array;
  constructor(private readonly sp: Space) {
    this.on = new Uint32Array(sp.words);
    this.off = new Uint32Array(sp.words);
  }
  add(w: ArrayLike<number>, o = 0): void {
    for (let k = 0; k < this.sp.words; k++) {
      this.on[k]! |= w[o + k]!;
      this.off[k]! |= ~w[o + k]!;
    }
  }
  pattern(): string {
    const sp = this.sp;
    const out: string[] = new Array(sp.sys.n);
    for (let i = 0; i < sp.sys.n; i++) out[i] = sp.outside[i] === 1 ? '1' : '0';
    for (let j = 0; j < sp.m; j++) {
      const on = (this.on[j >>> 5]! >>> (j & 31)) & 1;
      const off = (this.off[j >>> 5]! >>> (j & 31)) & 1;
      out[sp.members[j]!] = on && off ? '-' : on ? '1' : '0';
    }
    return out.join('');
  }
}

/** Lexicographic comparison of two packed multi-word states, most significant member last. */
export function compareWords(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, words: number): number {
  for (let k = words - 1; k >= 0; k--) {
    const x = a[ao + k]! >>> 0;
    const y = b[bo + k]! >>> 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
