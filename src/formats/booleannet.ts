/**
 * BooleanNet rules (Albert lab; pystablemotifs uses the same syntax): `A *= B and not C` (also
 * `A* = …`, `A * = …`), an optional rank prefix `1:` (accepted and ignored), initial values
 * `A = True`, `A = False`, `A = Random`, chained `A = B = True`, and `#` comments. Names may contain
 * `+` and `-` (`Ca2+c`, `C-Myc`): they get sanitised ids and keep their spelling as label.
 *
 * A name with no update rule keeps its value (BooleanNet semantics): it becomes an input held at
 * its initial value when that is True/False, or a self-loop rule `X` starting at random (p = 0.5)
 * when it is Random; a name with neither a rule nor an initial value becomes an input at 0 with a
 * warning. Initial values of the other nodes form the initial state "initial" (defaultInitial).
 */
import type { Expr } from '../rules/ast.js';
import { variables } from '../rules/ast.js';
import { parseRule } from '../rules/parser.js';
import { printRule } from '../rules/printer.js';
import type { Diagnostic } from '../model/model.js';
import type { Network, NodeDef } from '../model/schema.js';
import { VsmcError, suggest } from '../util/errors.js';
import { limits } from '../util/limits.js';
import { EXPORTED_RE, hasXor } from './bnet.js';
import { type ImportResult, type NodeMeta, applyMeta, assertNoKeywordIds, droppedRegulatorNotes, exportNodes, lostNotes, metaComment, nodeMeta, parseMetaComment } from './common.js';
import { IdTable } from './sanitize.js';
import { BOOLEANNET_SYNTAX, parseTextRule, rawVars } from './text-rule.js';

interface RuleLine {
  target: string;
  expr: Expr;
  line: number;
  col: number;
  lineText: string;
}

/** `[rank:] target * = rule` */
const RULE_RE = /^(\s*(?:\d+\s*:\s*)?)([^=*:#\s][^=*#]*?)\s*\*\s*=(.*)$/;
const VALUE_RE = /^(true|false|random|1|0)$/i;

/** Does this text look like BooleanNet (an `A *=` / `A* =` rule line)? */
export function looksLikeBooleanNet(text: string): boolean {
  for (const raw of text.split('\n')) {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (RULE_RE.test(raw.replace(/\r$/, ''))) return true;
  }
  return false;
}

export function readBooleanNet(text: string, file?: string): ImportResult {
  const rules: RuleLine[] = [];
  const byTarget = new Map<string, RuleLine>();
  const init = new Map<string, { value: 'true' | 'false' | 'random'; line: number }>();
  const order: string[] = [];
  const seen = new Set<string>();
  const metas = new Map<string, NodeMeta>();
  const comments: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const maxNodes = limits().maxNodes;
  const note = (name: string, where?: { line: number; col: number; lineText: string }) => {
    if (!seen.has(name)) {
      // Before the per-name work below (sanitising, ordering) grows with the number of names.
      if (seen.size >= maxNodes) throw new VsmcError('limit', `more than ${maxNodes} nodes; the limit is ${maxNodes} (raise it with --max-nodes)`, { file, ...where });
      seen.add(name);
      order.push(name);
    }
  };
  const checkName = (name: string, lineNo: number, col: number, lineText: string) => {
    const chars = [...name];
    if (name === '' || !BOOLEANNET_SYNTAX.identStart(chars[0]!) || chars.some((c) => !BOOLEANNET_SYNTAX.identChar(c)) || /^[0-9.]+$/.test(name)) {
      throw new VsmcError('syntax', `"${name}" is not a valid node name`, { file, line: lineNo, col, lineText });
    }
  };

  text.split('\n').forEach((raw, k) => {
    const lineNo = k + 1;
    const lineText = raw.replace(/\r$/, '');
    const trimmed = lineText.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
      const meta = parseMetaComment(trimmed);
      if (meta) metas.set(meta.id, meta);
      else if (rules.length === 0 && init.size === 0 && !EXPORTED_RE.test(trimmed)) comments.push(trimmed.replace(/^#+\s?/, ''));
      return;
    }
    const hash = lineText.indexOf('#');
    const body = hash >= 0 ? lineText.slice(0, hash) : lineText;
    const m = RULE_RE.exec(body);
    if (m) {
      const target = m[2]!.trim();
      const targetCol = m[1]!.length + 1;
      checkName(target, lineNo, targetCol, lineText);
      const ruleText = m[3]!;
      const ruleCol = body.length - ruleText.length + 1;
      if (ruleText.trim() === '') throw new VsmcError('syntax', `node "${target}" has an empty rule`, { file, line: lineNo, col: ruleCol, lineText });
      const first = byTarget.get(target);
      if (first) throw new VsmcError('semantic', `node "${target}" has a second rule (the first is on line ${first.line})`, { file, line: lineNo, col: targetCol, lineText });
      let expr: Expr;
      try {
        expr = parseTextRule(ruleText, BOOLEANNET_SYNTAX);
      } catch (e) {
        if (e instanceof VsmcError) throw e.within({ file, line: lineNo, col: ruleCol, lineText });
        throw e;
      }
      const rl = { target, expr, line: lineNo, col: ruleCol, lineText };
      rules.push(rl);
      byTarget.set(target, rl);
      note(target, { line: lineNo, col: targetCol, lineText });
      return;
    }
    if (body.includes('=')) {
      const parts = body.split('=');
      const value = parts.pop()!.trim();
      if (!VALUE_RE.test(value)) {
        const col = body.lastIndexOf('=') + 2 + (body.slice(body.lastIndexOf('=') + 1).length - body.slice(body.lastIndexOf('=') + 1).trimStart().length);
        throw new VsmcError('syntax', `expected True, False or Random as an initial value, found "${value}" (an update rule is written "A *= …")`, { file, line: lineNo, col, lineText });
      }
      const v = value.toLowerCase();
      const norm = v === '1' ? 'true' : v === '0' ? 'false' : (v as 'true' | 'false' | 'random');
      let offset = 0;
      for (const part of parts) {
        const name = part.trim();
        const col = offset + (part.length - part.trimStart().length) + 1;
        checkName(name, lineNo, col, lineText);
        init.set(name, { value: norm, line: lineNo });
        note(name, { line: lineNo, col, lineText });
        offset += part.length + 1;
      }
      return;
    }
    const lead = lineText.length - lineText.trimStart().length;
    throw new VsmcError('syntax', 'expected an update rule "A *= B and not C" or an initial value "A = True"', { file, line: lineNo, col: lead + 1, lineText });
  });

  if (rules.length === 0) throw new VsmcError('format', 'no update rules ("A *= …") found: this is not a BooleanNet file', { file });

  const knownNames = new Set([...byTarget.keys(), ...init.keys()]);
  // Node order: rule targets in file order, then names without a rule in order of appearance.
  for (const r of rules) for (const v of rawVars(r.expr)) note(v.name, { line: r.line, col: r.col + v.offset, lineText: r.lineText });
  const appearance = [...order];
  order.length = 0;
  order.push(...rules.map((r) => r.target), ...appearance.filter((n) => !byTarget.has(n)));

  const ids = new IdTable();
  ids.allocate(order);
  const nodes: NodeDef[] = [];
  const state: Record<string, number> = {};
  const ruleless: string[] = [];
  for (const name of order) {
    const id = ids.id(name);
    const node: NodeDef = { id };
    if (id !== name) node.label = name;
    const r = byTarget.get(name);
    const iv = init.get(name);
    if (r) {
      node.rule = printRule(r.expr, { rename: (nm) => ids.id(nm) });
      if (iv) state[id] = iv.value === 'true' ? 1 : iv.value === 'false' ? 0 : 0.5;
    } else if (iv && iv.value !== 'random') {
      node.input = true;
      node.default = iv.value === 'true' ? 1 : 0;
    } else if (iv) {
      node.rule = id;
      state[id] = 0.5;
      diagnostics.push({ level: 'info', path: `nodes.${id}`, message: `${name} has no update rule and a Random initial value: it keeps its value (rule "${id}", starting at random)` });
    } else {
      node.input = true;
      node.default = 0;
      ruleless.push(name);
      // Suggestions for the first few only: each one scans every name.
      const hint = ruleless.length <= 20 ? suggest(name, [...knownNames].filter((x) => x !== name)) : '';
      diagnostics.push({
        level: 'warning',
        path: `nodes.${id}`,
        message: `${name} is used in a rule but has no update rule and no initial value: held constant as an input at 0${hint}`,
      });
    }
    nodes.push(node);
  }
  for (const [name, id] of ids.renamed()) diagnostics.push({ level: 'info', path: `nodes.${id}`, message: `"${name}" is not a valid id: imported as ${id} (label "${name}")` });

  const network: Network = { nodes };
  const description = comments.join('\n').trim();
  if (description) network.description = description;
  if (Object.keys(state).length) {
    network.initialStates = { initial: state };
    network.defaultInitial = 'initial';
  }
  applyMeta(network, metas);
  return { network, diagnostics };
}

export function writeBooleanNet(net: Network): { text: string; notes: string[] } {
  assertNoKeywordIds(exportNodes(net).map((e) => e.node.id), 'booleannet');
  const out: string[] = [];
  const notes: string[] = [];
  if (net.description) for (const l of net.description.split('\n')) out.push(`# ${l}`.trimEnd());
  out.push('# exported by vsmc-sim');
  const nodes = exportNodes(net);
  const initName = net.defaultInitial;
  const st = initName ? (net.initialStates?.[initName] ?? {}) : undefined;
  const initLines: string[] = [];
  let fractional = false;
  for (const e of nodes) {
    const n = e.node;
    if (n.input) initLines.push(`${n.id} = ${n.default === 1 ? 'True' : 'False'}`);
    else if (st) {
      const p = st[n.id] ?? 0;
      if (p !== 0 && p !== 1 && p !== 0.5) fractional = true;
      initLines.push(`${n.id} = ${p === 1 ? 'True' : p === 0 ? 'False' : 'Random'}`);
    }
  }
  if (initLines.length) out.push('', '# initial values', ...initLines);
  out.push('', '# update rules');
  let xor = false;
  for (const e of nodes) {
    const n = e.node;
    const meta = nodeMeta(e);
    if (meta) out.push(metaComment('#', meta));
    let rule: string;
    if (n.input || n.rule === undefined) rule = n.id;
    else {
      const expr = parseRule(n.rule);
      if (hasXor(expr)) xor = true;
      rule = printRule(expr, { syntax: 'words', expandXor: true });
    }
    out.push(`${n.id} *= ${rule}`);
  }
  if (xor) notes.push('booleannet: xor is written with and/or/not: BooleanNet has no xor operator');
  if (fractional) notes.push(`booleannet: initial probabilities other than 0, 0.5 and 1 (state "${initName}") are written as Random`);
  const multi = Object.keys(net.initialStates ?? {}).length > 1 || Object.keys(net.jointInitial ?? {}).length > 0;
  notes.push(
    ...lostNotes(net, 'booleannet', { labels: true, flags: true, initialStates: multi ? 'only the default initial state is written (as initial values); other states and joint distributions are not' : true }),
    ...droppedRegulatorNotes(net, 'booleannet', (n) => (n.rule ? variables(parseRule(n.rule)) : [n.id])),
  );
  return { text: out.join('\n') + '\n', notes };
}
