/**
 * From a validated Model to the plain Boolean system the engines and analyses run: module flags
 * folded in for the chosen hypothesis, inputs and whole-population interventions turned into
 * constant rules, edge perturbations substituted, and regulator/target lists computed.
 * Interventions applied to a fraction of cells are not handled here: the engine builds one system
 * with and one without them and assigns cells (see src/engine/).
 */
import { type Expr, simplifyConstants, substitute, variables } from '../rules/ast.js';
import { VsmcError, suggest } from '../util/errors.js';
import type { Model } from './model.js';
import type { Perturbation } from './perturbation.js';

export interface PrepareOptions {
  /** Named hypothesis; defaults to the network's defaultHypothesis. */
  hypothesis?: string;
  /** Explicit flag values, applied after the hypothesis. */
  flags?: Record<string, 0 | 1>;
  /** Input values (override the inputs' defaults). Keys must be input nodes. */
  inputs?: Record<string, 0 | 1>;
  /** Whole-population interventions (fraction undefined or 1). */
  perturbations?: Perturbation[];
}

export interface BooleanSystem {
  model: Model;
  n: number;
  ids: string[];
  index: Map<string, number>;
  /** One rule per node over node ids only (flags folded). Inputs and fixed nodes are constants. */
  rules: Expr[];
  /** 0/1 where an input setting or an intervention fixes the node (its state is set at the start); -1 otherwise. */
  forced: Int8Array;
  /** Indices read by each node's rule, and the reverse lists. */
  regulators: number[][];
  targets: number[][];
  readouts: { name: string; label: string; terms: Expr[] }[];
  hypothesis: string | undefined;
  flagValues: Map<string, 0 | 1>;
}

export function resolveFlags(model: Model, opts: Pick<PrepareOptions, 'hypothesis' | 'flags'>): { hypothesis: string | undefined; flags: Map<string, 0 | 1> } {
  const net = model.network;
  const flags = new Map(model.flags);
  const hypothesis = opts.hypothesis ?? net.defaultHypothesis;
  if (hypothesis !== undefined) {
    const h = net.hypotheses?.[hypothesis];
    if (!h || !Object.prototype.hasOwnProperty.call(net.hypotheses, hypothesis)) {
      const known = Object.keys(net.hypotheses ?? {});
      throw new VsmcError('unknown-identifier', known.length ? `unknown hypothesis "${hypothesis}"${suggest(hypothesis, known)}; the model defines ${known.join(', ')}` : `unknown hypothesis "${hypothesis}": the model defines none`, { file: model.file });
    }
    for (const [k, val] of Object.entries(h.flags)) flags.set(k, val);
  }
  for (const [k, val] of Object.entries(opts.flags ?? {})) {
    if (!flags.has(k)) throw new VsmcError('unknown-identifier', `unknown flag "${k}"${suggest(k, flags.keys())}`, { file: model.file });
    flags.set(k, val);
  }
  return { hypothesis, flags };
}

export function prepare(model: Model, opts: PrepareOptions = {}): BooleanSystem {
  const { hypothesis, flags } = resolveFlags(model, opts);
  const n = model.ids.length;
  const forced = new Int8Array(n).fill(-1);
  const nodeIndex = (name: string, what: string): number => {
    const i = model.index.get(name);
    if (i === undefined) throw new VsmcError('unknown-identifier', `${what}: unknown node "${name}"${suggest(name, model.ids)}`, { file: model.file });
    return i;
  };

  const flagConst = (nm: string): Expr | undefined => (flags.has(nm) ? { kind: 'const', value: flags.get(nm) === 1 } : undefined);
  const rules: Expr[] = model.rules.map((r, i) => {
    if (r === null) {
      const def = model.network.nodes[i]!.default ?? 0;
      forced[i] = def;
      return { kind: 'const', value: def === 1 };
    }
    return simplifyConstants(substitute(r, flagConst));
  });

  for (const [id, val] of Object.entries(opts.inputs ?? {})) {
    const i = nodeIndex(id, 'input setting');
    if (!model.inputs[i]) {
      throw new VsmcError('semantic', `"${id}" is not an input node; use the perturbation ${id}%${val} to fix it`, { file: model.file });
    }
    forced[i] = val;
    rules[i] = { kind: 'const', value: val === 1 };
  }

  for (const p of opts.perturbations ?? []) {
    if (p.fraction !== undefined && p.fraction !== 1) {
      throw new VsmcError('semantic', 'internal: population-fraction perturbations are applied by the engine, not by prepare()');
    }
    if (p.kind === 'node' || p.kind === 'input') {
      const i = nodeIndex(p.node, 'perturbation');
      if (p.kind === 'input' && !model.inputs[i]) throw new VsmcError('semantic', `"${p.node}" is not an input node; use ${p.node}%${p.value}`, { file: model.file });
      forced[i] = p.value;
      rules[i] = { kind: 'const', value: p.value === 1 };
    } else {
      const s = nodeIndex(p.source, 'edge perturbation');
      const t = nodeIndex(p.target, 'edge perturbation');
      const before = rules[t]!;
      if (!variables(before).includes(p.source)) {
        throw new VsmcError('semantic', `edge perturbation ${p.source}:${p.target}: ${p.target}'s rule does not read ${p.source}`, { file: model.file });
      }
      void s;
      rules[t] = simplifyConstants(substitute(before, (nm) => (nm === p.source ? { kind: 'const', value: p.value === 1 } : undefined)));
    }
  }

  const regulators = rules.map((r) => variables(r).map((nm) => model.index.get(nm)!));
  const targets: number[][] = Array.from({ length: n }, () => []);
  regulators.forEach((regs, t) => regs.forEach((s) => targets[s]!.push(t)));
  const readouts = model.readouts.map((r) => ({ ...r, terms: r.terms.map((t) => simplifyConstants(substitute(t, flagConst))) }));

  return { model, n, ids: model.ids, index: model.index, rules, forced, regulators, targets, readouts, hypothesis, flagValues: flags };
}

/** Initial-state distribution: independent per-node probabilities plus optional joint blocks. */
export interface InitialDistribution {
  /** Probability that each node starts on. */
  probabilities: Float64Array;
  /** Joint distributions over groups of nodes (MaBoSS `[A,B].istate = p [0,1], q [1,0]`). */
  joint: { nodes: number[]; choices: { weight: number; values: (0 | 1)[] }[] }[];
}

export type InitialSpec =
  | string // a named state, or "random"
  | { values: Record<string, number>; rest?: number }
  | InitialDistribution;

/**
 * Resolve an initial-state request. Default: the model's own initial state where it has one,
 * otherwise uniformly random (MaBoSS's default for a .bnet). Forced nodes are overridden by the
 * engine when it draws states.
 */
export function resolveInitial(sys: BooleanSystem, spec?: InitialSpec): InitialDistribution {
  const net = sys.model.network;
  const probs = new Float64Array(sys.n);
  const fromValues = (values: Record<string, number>, rest: number, what: string): InitialDistribution => {
    if (!(rest >= 0 && rest <= 1)) throw new VsmcError('semantic', `${what}: "rest" (the value of unlisted nodes) must be between 0 and 1, found ${rest}`, { file: sys.model.file });
    probs.fill(rest);
    for (const [id, p] of Object.entries(values)) {
      const i = sys.index.get(id);
      if (i === undefined) throw new VsmcError('unknown-identifier', `${what}: unknown node "${id}"${suggest(id, sys.ids)}`, { file: sys.model.file });
      if (!(p >= 0 && p <= 1)) throw new VsmcError('semantic', `${what}: value for ${id} must be between 0 and 1, found ${p}`, { file: sys.model.file });
      probs[i] = p;
    }
    return { probabilities: probs, joint: [] };
  };
  if (spec === undefined) spec = net.defaultInitial ?? 'random';
  if (typeof spec === 'string') {
    if (spec === 'random') return { probabilities: probs.fill(0.5), joint: [] };
    if (spec === 'zeros') return { probabilities: probs, joint: [] };
    const st = net.initialStates?.[spec];
    if (!st || !Object.prototype.hasOwnProperty.call(net.initialStates, spec)) {
      const known = Object.keys(net.initialStates ?? {});
      throw new VsmcError('unknown-identifier', `unknown initial state "${spec}"${suggest(spec, known)}; use ${['random', 'zeros', ...known].join(', ')}, or a file`, { file: sys.model.file });
    }
    const dist = fromValues(st, 0, `initial state "${spec}"`);
    const blocks = Object.prototype.hasOwnProperty.call(net.jointInitial ?? {}, spec) ? net.jointInitial![spec]! : [];
    const joint = blocks.map((b) => ({
      nodes: b.nodes.map((id) => {
        const i = sys.index.get(id);
        if (i === undefined) throw new VsmcError('unknown-identifier', `joint initial state "${spec}": unknown node "${id}"`, { file: sys.model.file });
        return i;
      }),
      choices: b.choices,
    }));
    return { ...dist, joint };
  }
  if ('probabilities' in spec) return spec;
  return fromValues(spec.values, spec.rest ?? 0, 'initial state');
}
