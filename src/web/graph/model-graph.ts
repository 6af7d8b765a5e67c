/**
 * The drawable graph of a Model: one node per model node, one edge per (regulator → target) pair
 * with its sign (declared in `regulations`, or computed from the rule's truth table when absent)
 * and its module flag. Pure: no DOM, so tests and the layout use it directly.
 */
import type { Model } from '../../model/model.js';
import { variables } from '../../rules/ast.js';
import { signs } from '../../rules/semantics.js';

export type EdgeSign = '+' | '-' | '±' | '?';

export interface GraphNode {
  id: string;
  index: number;
  label: string;
  compartment?: string;
  kind?: string;
  input: boolean;
  phenotype: boolean;
  /** Experimental context (live cells, fixed cells): gates nearly everything, so its edges are hidden by default. */
  context: boolean;
  position?: { x: number; y: number };
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  sign: EdgeSign;
  /** Module flag gating the edge (MOD_INTRA, …), from the regulation or inferred from the rule. */
  module?: string;
}

export interface ModelGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const PHENOTYPE = /^(phen|readout|output)/i;
const CONTEXT = /^(ctx|context)/i;

export function buildModelGraph(model: Model): ModelGraph {
  const net = model.network;
  const nodes: GraphNode[] = net.nodes.map((n, i) => ({
    id: n.id,
    index: i,
    label: n.label ?? n.id,
    compartment: n.compartment,
    kind: n.kind,
    input: model.inputs[i] === true,
    phenotype: (n.compartment !== undefined && PHENOTYPE.test(n.compartment)) || n.kind === 'phenotype' || n.kind === 'readout',
    context: (n.compartment !== undefined && CONTEXT.test(n.compartment)) || n.kind === 'context',
    position: n.position,
  }));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  net.nodes.forEach((n, i) => {
    const rule = model.rules[i];
    const vars = rule ? variables(rule) : [];
    const nodeVars = vars.filter((v) => model.index.has(v));
    let computed: Map<string, string> | undefined;
    const computedSign = (src: string): EdgeSign => {
      if (!rule) return '?';
      computed ??= signs(rule, vars) ?? new Map();
      const s = computed.get(src);
      return s === '+' || s === '-' || s === '±' ? s : '?';
    };
    const add = (source: string, sign: EdgeSign, module?: string) => {
      const id = `${source}->${n.id}`;
      if (seen.has(id) || !model.index.has(source)) return;
      seen.add(id);
      edges.push({ id, source, target: n.id, sign, module });
    };
    for (const r of n.regulations ?? []) add(r.source, r.sign, r.module);
    for (const v of nodeVars) add(v, computedSign(v), inferModule(rule!, v, model));
  });
  return { nodes, edges };
}

/**
 * A regulator read only inside a conjunction with a module flag belongs to that module
 * (`!(MOD_MEMB & Mg_hi)` gates Mg_hi → Cav12 by MOD_MEMB). When the regulator also appears outside
 * any flag, the edge is ungated.
 */
function inferModule(rule: import('../../rules/ast.js').Expr, v: string, model: Model): string | undefined {
  const found = new Set<string | null>();
  const walk = (e: import('../../rules/ast.js').Expr, gate: string | null): void => {
    switch (e.kind) {
      case 'const':
        return;
      case 'var':
        if (e.name === v) found.add(gate);
        return;
      case 'not':
        return walk(e.arg, gate);
      case 'and': {
        const flag = e.args.find((a) => a.kind === 'var' && model.flags.has(a.name));
        const g = gate ?? (flag && flag.kind === 'var' ? flag.name : null);
        for (const a of e.args) walk(a, g);
        return;
      }
      default:
        for (const a of e.args) walk(a, gate);
    }
  };
  walk(rule, null);
  if (found.size !== 1) return undefined;
  const [g] = [...found];
  return g ?? undefined;
}
