/**
 * .bnet (pyboolnet, mpbn, MaBoSS) and BoolNet `targets, factors` files: one `target, rule` line per
 * node, an optional `targets, factors` header (also `targets,factors`), `#` comments, rules with
 * `!` `&` `|` (and `^`, the words not/and/or, constants 0/1) and parentheses.
 *
 * Names outside [A-Za-z0-9_] (or starting with a digit) get sanitised ids and keep their spelling as
 * label (src/formats/sanitize.ts). Export writes ids, with labels and input/flag status in
 * `# vsmc: {...}` comments that the reader restores.
 */
import type { Expr } from '../rules/ast.js';
import { variables } from '../rules/ast.js';
import { printRule } from '../rules/printer.js';
import type { Diagnostic } from '../model/model.js';
import type { Network, NodeDef } from '../model/schema.js';
import { VsmcError, suggest } from '../util/errors.js';
import { limits } from '../util/limits.js';
import { type ImportResult, type NodeMeta, applyMeta, assertNoKeywordIds, droppedRegulatorNotes, exportNodes, lostNotes, metaComment, nodeMeta, parseMetaComment } from './common.js';
import { IdTable } from './sanitize.js';
import { BNET_SYNTAX, parseTextRule, rawVars } from './text-rule.js';
import { parseRule } from '../rules/parser.js';

interface RuleLine {
  target: string;
  expr: Expr;
  line: number;
  /** 1-based column where the rule text starts. */
  col: number;
  lineText: string;
}

const HEADER_RE = /^\s*targets\s*,\s*factors\s*$/i;
export const EXPORTED_RE = /^\s*(#|\/\/)\s*exported by vsmc-sim/;

export function readBnet(text: string, file?: string): ImportResult {
  const lines = text.split('\n');
  const rules: RuleLine[] = [];
  const byTarget = new Map<string, RuleLine>();
  const metas = new Map<string, NodeMeta>();
  const diagnostics: Diagnostic[] = [];
  const comments: string[] = [];

  lines.forEach((raw, k) => {
    const lineNo = k + 1;
    const lineText = raw.replace(/\r$/, '');
    const trimmed = lineText.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
      const meta = parseMetaComment(trimmed);
      if (meta) metas.set(meta.id, meta);
      else if (rules.length === 0 && !EXPORTED_RE.test(trimmed)) comments.push(trimmed.replace(/^#+\s?/, ''));
      return;
    }
    const hash = lineText.indexOf('#');
    const body = hash >= 0 ? lineText.slice(0, hash) : lineText;
    if (HEADER_RE.test(body)) return;
    const comma = body.indexOf(',');
    const lead = body.length - body.trimStart().length;
    if (comma < 0) {
      throw new VsmcError('syntax', 'expected "target, rule" (a node name, a comma, then its rule)', { file, line: lineNo, col: lead + 1, lineText });
    }
    const target = body.slice(0, comma).trim();
    const ruleText = body.slice(comma + 1);
    if (target === '' || !BNET_SYNTAX.identStart(target[0]!) || [...target].some((c) => !BNET_SYNTAX.identChar(c)) || /^[0-9.]+$/.test(target)) {
      throw new VsmcError('syntax', `"${target}" is not a valid node name`, { file, line: lineNo, col: lead + 1, lineText });
    }
    if (ruleText.includes(',')) {
      throw new VsmcError('unsupported', 'a second comma: probabilistic BoolNet networks (a probability column) are not supported', {
        file,
        line: lineNo,
        col: comma + 2 + ruleText.indexOf(','),
        lineText,
      });
    }
    if (ruleText.trim() === '') {
      throw new VsmcError('syntax', `node "${target}" has an empty rule`, { file, line: lineNo, col: comma + 2, lineText });
    }
    const first = byTarget.get(target);
    if (first) {
      throw new VsmcError('semantic', `node "${target}" has a second rule (the first is on line ${first.line})`, { file, line: lineNo, col: lead + 1, lineText });
    }
    // Before the per-name work below (sanitising, checks) grows with the number of names.
    const maxNodes = limits().maxNodes;
    if (rules.length >= maxNodes) throw new VsmcError('limit', `more than ${maxNodes} nodes; the limit is ${maxNodes} (raise it with --max-nodes)`, { file, line: lineNo, col: lead + 1, lineText });
    let expr: Expr;
    try {
      expr = parseTextRule(ruleText, BNET_SYNTAX);
    } catch (e) {
      if (e instanceof VsmcError) throw e.within({ file, line: lineNo, col: comma + 2, lineText });
      throw e;
    }
    const rl: RuleLine = { target, expr, line: lineNo, col: comma + 2, lineText };
    rules.push(rl);
    byTarget.set(target, rl);
  });

  if (rules.length === 0) throw new VsmcError('format', 'no "target, rule" lines found: this is not a .bnet / BoolNet file', { file });

  // Every name used in a rule must have its own line.
  for (const r of rules) {
    for (const v of rawVars(r.expr)) {
      if (!byTarget.has(v.name)) {
        throw new VsmcError('unknown-identifier', `unknown node "${v.name}"${suggest(v.name, byTarget.keys())}: every node needs its own "${v.name}, rule" line`, {
          file,
          line: r.line,
          col: r.col + v.offset,
          lineText: r.lineText,
        });
      }
    }
  }

  const ids = new IdTable();
  ids.allocate(rules.map((r) => r.target));
  const nodes: NodeDef[] = rules.map((r) => {
    const id = ids.id(r.target);
    const node: NodeDef = { id, rule: printRule(r.expr, { rename: (nm) => ids.id(nm) }) };
    if (id !== r.target) node.label = r.target;
    return node;
  });
  for (const [name, id] of ids.renamed()) diagnostics.push({ level: 'info', path: `nodes.${id}`, message: `"${name}" is not a valid id: imported as ${id} (label "${name}")` });
  const network: Network = { nodes };
  const description = comments.join('\n').trim();
  if (description) network.description = description;
  applyMeta(network, metas);
  return { network, diagnostics };
}

export function writeBnet(net: Network): { text: string; notes: string[] } {
  assertNoKeywordIds(exportNodes(net).map((e) => e.node.id), 'bnet');
  const out: string[] = [];
  const notes: string[] = [];
  if (net.description) for (const l of net.description.split('\n')) out.push(`# ${l}`.trimEnd());
  out.push('# exported by vsmc-sim');
  out.push('targets, factors');
  let xor = false;
  for (const e of exportNodes(net)) {
    const n = e.node;
    const meta = nodeMeta(e);
    if (meta) out.push(metaComment('#', meta));
    let rule: string;
    if (n.input || n.rule === undefined) rule = n.id;
    else {
      const expr = parseRule(n.rule);
      if (hasXor(expr)) xor = true;
      rule = printRule(expr, { expandXor: true });
    }
    out.push(`${n.id}, ${rule}`);
  }
  if (xor) notes.push('bnet: xor is written as (a & !b) | (!a & b): .bnet has no xor operator');
  notes.push(
    ...lostNotes(net, 'bnet', { labels: true, flags: true }),
    ...droppedRegulatorNotes(net, 'bnet', (n) => (n.rule ? variables(parseRule(n.rule)) : [n.id])),
  );
  if (net.nodes.some((n) => n.input)) notes.push('bnet: inputs are written as "X, X" (their default value is kept only in vsmc: comments)');
  return { text: out.join('\n') + '\n', notes };
}

export function hasXor(e: Expr): boolean {
  const stack: Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === 'xor') return true;
    if (x.kind === 'not') stack.push(x.arg);
    else if (x.kind === 'and' || x.kind === 'or') for (const a of x.args) stack.push(a);
  }
  return false;
}
