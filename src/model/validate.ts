/**
 * Static checks shared by every reader: schema, duplicate ids, rule syntax, unknown identifiers
 * (with suggestions), inputs without rules, hypotheses/initial states/readouts/drugs that name
 * unknown things, and declared regulation signs against the sign the rule actually has.
 * Errors throw a VsmcError naming the JSON path; findings that do not stop a run are diagnostics.
 */
import { type ZodError } from 'zod';
import { type Expr, variables, substitute } from '../rules/ast.js';
import { parseRule } from '../rules/parser.js';
import { type RateExpr, type RatePos, evalRateExpr, parseRateExpr, rateExprRefs } from '../rules/rate-expr.js';
import { MAX_TABLE_VARS, exprSize, signs } from '../rules/semantics.js';
import { VsmcError, suggest } from '../util/errors.js';
import { inspectJson, jsonPath } from '../util/json.js';
import { limits } from '../util/limits.js';
import { type Network, networkSchema } from './schema.js';
import type { Diagnostic, Model } from './model.js';
import { parsePerturbation } from './perturbation.js';

export function zodToVsmc(err: ZodError, file?: string, prefix: ReadonlyArray<PropertyKey> = [], data?: unknown): VsmcError {
  const issue = err.issues[0]!;
  const parts = [...prefix, ...(issue.path as PropertyKey[])];
  // `nodes[12]` is hard to find in a file; `nodes.RUNX2` is not.
  if (parts[0] === 'nodes' && typeof parts[1] === 'number') {
    const id = (data as { nodes?: Array<{ id?: unknown }> } | undefined)?.nodes?.[parts[1]]?.id;
    if (typeof id === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(id)) parts.splice(1, 1, id);
  }
  const path = jsonPath(parts);
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') msg = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  else if (issue.code === 'invalid_format' || issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_value') {
    // A native error has a JSON path but no line to show: say what was found.
    let v: unknown = data;
    for (const k of issue.path as PropertyKey[]) v = v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<PropertyKey, unknown>)[k] : undefined;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      const shown = JSON.stringify(v);
      msg += `, found ${shown.length > 60 ? shown.slice(0, 60) + '…' : shown}`;
    }
  }
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? 's' : ''})` : '';
  return new VsmcError('schema', msg + more, { file, path: path || undefined });
}

/**
 * zod copies records key by key, so a "__proto__" key (JSON.parse makes it an own property) would
 * be dropped silently: refuse it, naming where it is. Refuse absurd nesting (in metadata, the only
 * free-form part) too: writing the network back as JSON would overflow the stack.
 */
export function rejectHostileJson(data: unknown, file?: string): void {
  const max = limits().maxJsonDepth;
  const r = inspectJson(data, max);
  if (r.proto) throw new VsmcError('schema', 'the name "__proto__" is reserved; choose another', { file, path: jsonPath(r.proto) });
  if (r.deep) throw new VsmcError('limit', `data nested deeper than ${max} levels is refused`, { file, path: jsonPath(r.deep.slice(0, 8)) + (r.deep.length > 8 ? '…' : '') });
}

/** Schema-check plain data (already JSON-parsed) as a network. */
export function checkNetworkData(data: unknown, file?: string): Network {
  rejectHostileJson(data, file);
  const r = networkSchema.safeParse(data);
  if (!r.success) throw zodToVsmc(r.error, file, [], data);
  return r.data;
}

function nodePath(id: string, field: string): string {
  return `nodes.${/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) ? id : JSON.stringify(id)}.${field}`;
}

export interface ValidateOptions {
  file?: string;
  /** Declared-sign mismatches become errors (vsmc check) instead of diagnostics. */
  strictSigns?: boolean;
  /**
   * A $parameter used in a rate but not defined is left for the simulation to refuse (MaBoSS
   * .bnd files read without their .cfg: the reader warns). Otherwise it is an error at load,
   * except in a network that came from MaBoSS (metadata.maboss), where it is a warning.
   */
  allowMissingParameters?: boolean;
}

export function validateNetwork(network: Network, opts: ValidateOptions = {}): Model {
  const file = opts.file;
  const lim = limits();
  if (network.nodes.length > lim.maxNodes) {
    throw new VsmcError('limit', `the network has ${network.nodes.length} nodes; the limit is ${lim.maxNodes} (raise it with --max-nodes)`, { file });
  }
  const diagnostics: Diagnostic[] = [];
  const index = new Map<string, number>();
  const ids: string[] = [];
  network.nodes.forEach((n, i) => {
    if (index.has(n.id)) throw new VsmcError('semantic', `duplicate node id "${n.id}" (first declared as node ${index.get(n.id)! + 1})`, { file, path: `nodes[${i}].id` });
    index.set(n.id, i);
    ids.push(n.id);
  });

  const flags = new Map<string, 0 | 1>();
  for (const [name, f] of Object.entries(network.flags ?? {})) {
    if (index.has(name)) throw new VsmcError('semantic', `flag "${name}" has the same name as a node`, { file, path: `flags.${name}` });
    flags.set(name, f.value);
  }
  const known = (name: string) => index.has(name) || flags.has(name);
  const knownNames = () => [...ids, ...flags.keys()];

  const parseAt = (text: string, path: string): Expr => {
    let e: Expr;
    try {
      e = parseRule(text, { maxDepth: lim.maxExprDepth, maxLength: lim.maxRuleLength });
    } catch (err) {
      if (err instanceof VsmcError) throw err.within({ file, path });
      throw err;
    }
    checkIdentifiers(e, text, path);
    return e;
  };
  const checkIdentifiers = (e: Expr, text: string, path: string) => {
    const stack: Expr[] = [e];
    while (stack.length) {
      const x = stack.pop()!;
      if (x.kind === 'var') {
        if (!known(x.name)) {
          const lineText = text.split('\n')[(x.pos?.line ?? 1) - 1];
          throw new VsmcError('unknown-identifier', `unknown node "${x.name}"${suggest(x.name, knownNames())}`, {
            file,
            path,
            line: x.pos?.line,
            col: x.pos?.col,
            lineText,
          });
        }
      } else if (x.kind === 'not') stack.push(x.arg);
      else if (x.kind !== 'const') for (let k = x.args.length - 1; k >= 0; k--) stack.push(x.args[k]!);
    }
  };

  const rules: (Expr | null)[] = [];
  const inputs: boolean[] = [];
  network.nodes.forEach((n) => {
    const isInput = n.input === true;
    inputs.push(isInput);
    if (isInput) {
      if (n.rule !== undefined) throw new VsmcError('semantic', `input node "${n.id}" must not have a rule (inputs are held constant)`, { file, path: nodePath(n.id, 'rule') });
      rules.push(null);
      return;
    }
    if (n.rule === undefined) {
      throw new VsmcError('semantic', `node "${n.id}" has no rule; give it one, or declare it "input": true if it is held constant`, { file, path: nodePath(n.id, 'id') });
    }
    rules.push(parseAt(n.rule, nodePath(n.id, 'rule')));
  });

  // Regulations: sources exist; declared sign agrees with the function (flags at their defaults
  // or free: a module-gated edge is only visible with its flag on).
  // Sign checks evaluate truth tables: bound their total work so that a hostile file of many wide
  // rules cannot keep validation busy for minutes; past the budget they are skipped (and said so).
  let signWork = 0;
  let unchecked = 0;
  network.nodes.forEach((n, i) => {
    const rule = rules[i];
    const cost = rule ? 2 * exprSize(rule) * Math.max(1, 2 ** Math.min(variables(rule).length + 1, MAX_TABLE_VARS + 1) / 32) : 0;
    (n.regulations ?? []).forEach((r, k) => {
      const path = `${nodePath(n.id, 'regulations')}[${k}]`;
      if (!index.has(r.source)) throw new VsmcError('unknown-identifier', `regulation source "${r.source}" is not a node${suggest(r.source, ids)}`, { file, path: `${path}.source` });
      if (r.module !== undefined && !flags.has(r.module)) throw new VsmcError('unknown-identifier', `module flag "${r.module}" is not declared${suggest(r.module, flags.keys())}`, { file, path: `${path}.module` });
      if (!rule) return;
      if (signWork + cost > SIGN_CHECK_BUDGET) {
        unchecked++;
        return;
      }
      signWork += cost;
      const actual = actualSign(rule, r.source, flags);
      if (actual === undefined) return;
      if (actual.length === 1 && actual[0] === '0') {
        diagnostics.push({ level: opts.strictSigns ? 'error' : 'warning', path, message: `${n.id}: declared regulator ${r.source} (${r.sign}) does not influence the rule` });
      } else if (!actual.includes(r.sign) && r.sign !== '±') {
        diagnostics.push({ level: opts.strictSigns ? 'error' : 'warning', path, message: `${n.id}: ${r.source} is declared ${r.sign} but the rule makes it ${actual.join(' or ')}` });
      }
    });
  });
  if (unchecked) diagnostics.push({ level: 'info', message: `the declared signs of ${unchecked} regulation${unchecked > 1 ? 's were' : ' was'} not checked: the rules are too large to tabulate` });

  for (const [name, h] of Object.entries(network.hypotheses ?? {})) {
    for (const f of Object.keys(h.flags)) {
      if (!flags.has(f)) throw new VsmcError('unknown-identifier', `hypothesis "${name}" sets unknown flag "${f}"${suggest(f, flags.keys())}`, { file, path: `hypotheses.${name}.flags.${f}` });
    }
  }
  const own = (o: object | undefined, k: string) => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);
  if (network.defaultHypothesis !== undefined && !own(network.hypotheses, network.defaultHypothesis)) {
    throw new VsmcError('unknown-identifier', `default hypothesis "${network.defaultHypothesis}" is not defined`, { file, path: 'defaultHypothesis' });
  }
  for (const [name, st] of Object.entries(network.initialStates ?? {})) {
    for (const id of Object.keys(st)) {
      if (!index.has(id)) throw new VsmcError('unknown-identifier', `initial state "${name}" names unknown node "${id}"${suggest(id, ids)}`, { file, path: `initialStates.${name}.${id}` });
    }
  }
  if (network.defaultInitial !== undefined && !own(network.initialStates, network.defaultInitial)) {
    throw new VsmcError('unknown-identifier', `default initial state "${network.defaultInitial}" is not defined`, { file, path: 'defaultInitial' });
  }
  // A network from MaBoSS (metadata.maboss) takes its parameters from .cfg files that may come later.
  const fromMaboss = network.metadata !== undefined && Object.prototype.hasOwnProperty.call(network.metadata, 'maboss');
  const missing = checkRates(network, index, inputs, file, opts.allowMissingParameters ?? fromMaboss);
  if (missing.length && opts.allowMissingParameters === undefined) {
    diagnostics.push({ level: 'warning', path: 'parameters', message: `parameter${missing.length > 1 ? 's' : ''} ${missing.map((x) => '$' + x).join(', ')} used in rates ${missing.length > 1 ? 'are' : 'is'} not defined: a stochastic run needs ${missing.length > 1 ? 'them' : 'it'} (MaBoSS: give the .cfg)` });
  }

  const readouts = Object.entries(network.readouts ?? {}).map(([name, r]) => ({
    name,
    label: r.label ?? name,
    terms: r.terms.map((t, k) => parseAt(t, `readouts.${name}.terms[${k}]`)),
  }));
  for (const [name, d] of Object.entries(network.drugs ?? {})) {
    d.actions.forEach((a, k) => {
      const path = `drugs[${JSON.stringify(name)}].actions[${k}]`;
      let p;
      try {
        p = parsePerturbation(a);
      } catch (err) {
        throw err instanceof VsmcError ? err.within({ file, path }) : err;
      }
      const names = p.kind === 'edge' ? [p.source, p.target] : [p.node];
      for (const nm of names) if (!index.has(nm)) throw new VsmcError('unknown-identifier', `drug "${name}" acts on unknown node "${nm}"${suggest(nm, ids)}`, { file, path });
      if (p.kind === 'input' && !inputs[index.get(p.node)!]) throw new VsmcError('semantic', `drug "${name}" sets "${p.node}" with "=", but it is not an input node (use ${p.node}%${p.value})`, { file, path });
    });
  }

  return { network, file, ids, index, rules, inputs, flags, readouts, diagnostics };
}

/**
 * rateUp / rateDown at load, so that a bad rate is reported with the file and line, not when (and
 * only if) a stochastic run reaches it: syntax, nodes and parameters that exist, no attribute but
 * @logic, and rates that do not read the state must come out as finite numbers ≥ 0.
 */
function checkRates(network: Network, index: Map<string, number>, inputs: boolean[], file: string | undefined, allowMissingParameters: boolean): string[] {
  const allMissing = new Set<string>();
  const params = network.parameters ?? {};
  const hasParam = (k: string) => Object.prototype.hasOwnProperty.call(params, k);
  network.nodes.forEach((n, i) => {
    for (const field of ['rateUp', 'rateDown'] as const) {
      const raw = n[field];
      if (raw === undefined) continue;
      const path = nodePath(n.id, field);
      const bad = (v: number) => new VsmcError('semantic', `rate must be a finite number ≥ 0, found ${v}`, { file, path });
      if (typeof raw === 'number') {
        if (!(raw >= 0) || !Number.isFinite(raw)) throw bad(raw);
        continue;
      }
      let e: RateExpr;
      try {
        e = parseRateExpr(raw);
      } catch (err) {
        throw err instanceof VsmcError ? err.within({ file, path }) : err;
      }
      const refs = rateExprRefs(e);
      const at = (name: string, kind: 'node' | 'param' | 'attr') => {
        const x = findRef(e, kind, name);
        return x?.pos ? { line: x.pos.line, col: x.pos.col, lineText: raw.split('\n')[x.pos.line - 1] } : {};
      };
      for (const x of refs.nodes) {
        if (!index.has(x)) throw new VsmcError('unknown-identifier', `rate reads unknown node "${x}"${suggest(x, index.keys())}`, { file, path, ...at(x, 'node') });
      }
      for (const x of refs.attrs) {
        if (x !== 'logic') throw new VsmcError('semantic', `@${x}: only @logic can be used in a rate`, { file, path, ...at(x, 'attr') });
        if (inputs[i]) throw new VsmcError('semantic', `@logic in a rate of input node "${n.id}", which has no rule`, { file, path, ...at(x, 'attr') });
      }
      const missing = refs.params.filter((x) => !hasParam(x));
      if (missing.length) {
        if (allowMissingParameters) {
          for (const x of missing) allMissing.add(x);
          continue;
        }
        const x = missing[0]!;
        throw new VsmcError('unknown-identifier', `parameter $${x} is not defined${suggest(x, Object.keys(params))}; define it under "parameters"`, { file, path, ...at(x, 'param') });
      }
      if (refs.nodes.length === 0 && refs.attrs.length === 0) {
        const v = evalRateExpr(e, { node: () => 0, attr: () => 0, param: (k) => params[k]! });
        if (!(v >= 0) || !Number.isFinite(v)) throw bad(v);
      }
    }
  });
  return [...allMissing];
}

function findRef(e: RateExpr, kind: 'node' | 'param' | 'attr', name: string): (RateExpr & { pos?: RatePos }) | undefined {
  const stack: RateExpr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === kind && x.name === name) return x;
    if (x.kind === 'unary') stack.push(x.arg);
    else if (x.kind === 'binary') stack.push(x.right, x.left);
    else if (x.kind === 'cond') stack.push(x.else, x.then, x.test);
    else if (x.kind === 'call') for (let k = x.args.length - 1; k >= 0; k--) stack.push(x.args[k]!);
  }
  return undefined;
}

/** Truth-table work (see semantics.ts) allowed for the declared-sign checks of one network. */
const SIGN_CHECK_BUDGET = 2 ** 25;

function actualSign(rule: Expr, source: string, flags: Map<string, 0 | 1>): string[] | undefined {
  const out = new Set<string>();
  const withDefaults = substitute(rule, (nm) => (flags.has(nm) ? { kind: 'const', value: flags.get(nm) === 1 } : undefined));
  const s1 = signs(withDefaults, variables(withDefaults).includes(source) ? variables(withDefaults) : [...variables(withDefaults), source]);
  const s2 = signs(rule, variables(rule));
  if (!s1 && !s2) return undefined;
  for (const s of [s1?.get(source), s2?.get(source)]) if (s !== undefined && s !== '0') out.add(s === '±' ? '±' : s);
  return out.size === 0 ? ['0'] : [...out];
}
