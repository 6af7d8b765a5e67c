/**
 * MaBoSS .bnd + .cfg (the subset used by MaBoSS's own examples and tests).
 *
 * .bnd: `node X { logic = …; rate_up = …; rate_down = …; description = "…"; attr = …; }` (`Node`,
 * `NODE` too), bnet-style lines `X : expr` / `X, expr` (and a `targets, factors` header), C/C++
 * comments and `#` comment lines. Expressions are the rate-expression language
 * (src/rules/rate-expr.ts), read with MaBoSS's precedence (XOR below OR); written back with mixed
 * logical operators parenthesised, so native text and MaBoSS text mean the same. Custom attributes (`tmp = A AND B;` used as `@tmp`) are inlined into
 * the node's logic and rates; they are also kept in metadata.maboss.nodeAttributes.
 *
 * Node semantics follow MaBoSS: `logic` is the node's Boolean rule (parameters in it, such as
 * `$case_a ? p53_h : p53`, are fixed at their .cfg values, with an info diagnostic); a node with
 * no logic gets the rule its rates imply, X' = X ? (rate_down == 0) : (rate_up != 0); a node with
 * neither (a MaBoSS input node) is a declared input when its istate is 0 or 1, otherwise a
 * self-loop `X` starting at random. rate_up/rate_down are kept as strings; a missing rate of a
 * node with logic stays absent (MaBoSS's default `@logic ? 1 : 0` / `@logic ? 0 : 1`), a missing
 * rate of a node without logic becomes 0 (MaBoSS's default there).
 *
 * .cfg: `$p = expr;` → parameters (keys without `$`); `X.istate = 0|1|p;` and `[A,B].istate =
 * w [0,1], w' [1,0];` → initial state "istate" (defaultInitial; nodes without istate start at
 * random, p = 0.5, as in MaBoSS; one-node `[X]` blocks become a probability, larger blocks go to
 * jointInitial.istate); `X.is_internal`, `X.refstate`, `X.schedule = t:v, …;` and run settings
 * (`time_tick`, `max_time`, `sample_count`, `discrete_time`, `use_physrandgen`, `thread_count`,
 * `statdist_traj_count`, `seed_pseudorandom`, …) → metadata.maboss.
 */
import { type Expr, TRUE, FALSE, and, not, or, xor, simplifyConstants, v, variables } from '../rules/ast.js';
import { parseRule } from '../rules/parser.js';
import { printRule } from '../rules/printer.js';
import {
  type RateExpr,
  type RateToken,
  RateParser,
  describeRateToken,
  evalRateExpr,
  formatNumber,
  parseRateExpr,
  printRateExpr,
  rateExprRefs,
  rateSyntaxError,
  tokenizeRate,
} from '../rules/rate-expr.js';
import type { Diagnostic } from '../model/model.js';
import type { Network, NodeDef } from '../model/schema.js';
import { z } from 'zod';
import { VsmcError, suggest } from '../util/errors.js';
import { jsonPath } from '../util/json.js';
import { limits } from '../util/limits.js';
import { type ImportResult, type NodeMeta, applyMeta, assertNoKeywordIds, droppedRegulatorNotes, exportNodes, lostNotes, metaComment, nodeMeta, parseMetaComment } from './common.js';

export interface MabossMeta {
  settings?: Record<string, number>;
  /** Nodes with is_internal = 1 (not shown in MaBoSS outputs). */
  internal?: string[];
  refstate?: Record<string, number>;
  schedule?: Record<string, Array<{ time: number; value: number }>>;
  /** Custom node attributes (inlined into rules and rates on import), as MaBoSS text. */
  nodeAttributes?: Record<string, Record<string, string>>;
}

/**
 * metadata.maboss as the writer uses it. It arrives from a native file, where metadata is
 * free-form: check its shape, and that keys are identifiers and attribute values are expressions
 * or quoted strings, so that nothing but what it claims to be is written into the .bnd/.cfg.
 */
const MABOSS_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
const mabossMetaSchema = z
  .object({
    settings: z.record(z.string().regex(MABOSS_ID, 'must be an identifier'), z.number()).optional(),
    internal: z.array(z.string()).optional(),
    refstate: z.record(z.string(), z.number()).optional(),
    schedule: z.record(z.string(), z.array(z.object({ time: z.number(), value: z.number() }).strict())).optional(),
    nodeAttributes: z.record(z.string(), z.record(z.string().regex(MABOSS_ID, 'must be an identifier'), z.string())).optional(),
  })
  .passthrough();

function mabossMetaOf(net: Network): MabossMeta {
  const raw = net.metadata?.maboss;
  if (raw === undefined) return {};
  const r = mabossMetaSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new VsmcError('schema', `MaBoSS export: ${issue.message}`, { path: jsonPath(['metadata', 'maboss', ...(issue.path as PropertyKey[])]) });
  }
  const meta = r.data as MabossMeta;
  for (const [node, attrs] of Object.entries(meta.nodeAttributes ?? {})) {
    for (const [k, val] of Object.entries(attrs)) {
      const path = jsonPath(['metadata', 'maboss', 'nodeAttributes', node, k]);
      if (val.trimStart().startsWith('"')) {
        let ok = false;
        try {
          ok = typeof JSON.parse(val) === 'string';
        } catch {
          ok = false;
        }
        if (!ok) throw new VsmcError('schema', `MaBoSS export: attribute ${k} of ${node} is neither an expression nor one quoted string`, { path });
      } else {
        try {
          parseRateExpr(val);
        } catch (e) {
          throw e instanceof VsmcError ? new VsmcError(e.code, `MaBoSS export: attribute ${k} of ${node}: ${e.detail}`, { path }) : e;
        }
      }
    }
  }
  return meta;
}

export interface CfgSource {
  text: string;
  file?: string;
}

// ---------------------------------------------------------------------------------------------
// .bnd

interface Item {
  name: string;
  expr?: RateExpr;
  str?: string;
  tok: RateToken;
}

interface NodeDecl {
  name: string;
  tok: RateToken;
  items: Map<string, Item>;
  /** `// vsmc: {...}` comment found inside or just before the block. */
  meta?: NodeMeta;
}

function isKeyword(t: RateToken, word: string): boolean {
  return t.kind === 'id' && t.text.toLowerCase() === word;
}

function parseBnd(text: string, file?: string): NodeDecl[] {
  let toks: RateToken[];
  try {
    toks = tokenizeRate(text, { comments: true });
  } catch (e) {
    throw e instanceof VsmcError ? e.within({ file }) : e;
  }
  const p = new RateParser(toks, text);
  p.xorBelowOr = true;
  const decls: NodeDecl[] = [];
  const byName = new Map<string, NodeDecl>();
  const maxNodes = limits().maxNodes;
  const add = (d: NodeDecl) => {
    const first = byName.get(d.name);
    if (first) throw p.error(d.tok, `node "${d.name}" is declared twice (first at line ${first.tok.pos.line})`);
    if (decls.length >= maxNodes) {
      const at = p.error(d.tok, `more than ${maxNodes} nodes; the limit is ${maxNodes} (raise it with --max-nodes)`);
      throw new VsmcError('limit', at.detail, at.loc);
    }
    byName.set(d.name, d);
    decls.push(d);
  };
  try {
    while (p.peek().kind !== 'eof') {
      const t = p.peek();
      if (isKeyword(t, 'node') && p.peek(1).kind === 'id') {
        p.next();
        const nameTok = p.next();
        p.expectOp('{', `after "node ${nameTok.text}"`);
        const items = new Map<string, Item>();
        while (!p.isOp('}')) {
          const it = p.peek();
          if (it.kind === 'eof') throw p.error(it, `node "${nameTok.text}" is not closed with "}"`);
          if (it.kind !== 'id') throw p.error(it, `expected an attribute such as "logic = …;" or "}" in node "${nameTok.text}", found ${describeRateToken(it)}`);
          // "node B {" inside A's block: A's "}" is missing (clearer than "expected = after node").
          if (isKeyword(it, 'node') && p.peek(1).kind === 'id' && p.isOp('{', 2)) {
            throw p.error(it, `node "${nameTok.text}" (line ${nameTok.pos.line}) is not closed with "}" before the next node`);
          }
          p.next();
          p.expectOp('=', `after "${it.text}"`);
          const item: Item = { name: it.text, tok: it };
          if (p.peek().kind === 'str') item.str = p.next().value as string;
          else item.expr = p.parseTop();
          p.expectOp(';', `at the end of "${it.text} = …"`);
          if (items.has(it.text)) throw p.error(it, `attribute "${it.text}" is set twice in node "${nameTok.text}"`);
          items.set(it.text, item);
        }
        p.next();
        add({ name: nameTok.text, tok: nameTok, items });
        continue;
      }
      if (t.kind === 'id' && (p.isOp(':', 1) || p.isOp(',', 1))) {
        p.next();
        p.next();
        const e = p.parseTop();
        if (p.isOp(';')) p.next();
        if (t.text === 'targets' && e.kind === 'node' && e.name === 'factors') continue;
        const items = new Map<string, Item>([['logic', { name: 'logic', expr: e, tok: t }]]);
        add({ name: t.text, tok: t, items });
        continue;
      }
      throw p.error(t, `expected "node NAME { … }" or "NAME : logic", found ${describeRateToken(t)}`);
    }
  } catch (e) {
    throw e instanceof VsmcError ? e.within({ file }) : e;
  }
  // vsmc: comments (written by our exporter just before "node X {").
  const metas = new Map<string, NodeMeta>();
  for (const line of text.split('\n')) {
    const m = parseMetaComment(line);
    if (m) metas.set(m.id, m);
  }
  for (const d of decls) d.meta = metas.get(d.name);
  return decls;
}

/** Replace @attr references (other than @logic) by the attribute's expression. */
function inlineAttrs(e: RateExpr, attrs: Map<string, Item>, text: string): RateExpr {
  // Inlining can nest (an attribute using attributes) and duplicate (`@a + @a`, chained, grows
  // exponentially): bound the depth of the result, so that the recursive walks that follow cannot
  // overflow the stack, and the number of nodes built.
  const maxDepth = limits().maxExprDepth * 8;
  const maxSize = limits().maxRuleLength;
  let size = 0;
  const go = (x: RateExpr, stack: string[], depth: number): RateExpr => {
    if (depth > maxDepth) throw rateSyntaxError(text, attrPos(x, stack, attrs), `expression nested deeper than ${maxDepth} operations once its attributes are inlined; simplify the attributes`);
    if (++size > maxSize) throw rateSyntaxError(text, attrPos(x, stack, attrs), `expression grows beyond ${maxSize} terms once its attributes are inlined; simplify the attributes`);
    switch (x.kind) {
      case 'attr': {
        if (x.name === 'logic') return x;
        const it = attrs.get(x.name);
        if (!it || !it.expr) {
          const known = [...attrs.values()].filter((a) => a.expr).map((a) => a.name);
          throw rateSyntaxError(text, x.pos?.offset ?? 0, `@${x.name} is not an attribute of this node${suggest(x.name, known)}`);
        }
        if (stack.includes(x.name)) throw rateSyntaxError(text, x.pos?.offset ?? 0, `attribute @${x.name} refers to itself (${[...stack, x.name].join(' → ')})`);
        return go(it.expr, [...stack, x.name], depth + 1);
      }
      case 'unary':
        return { ...x, arg: go(x.arg, stack, depth + 1) };
      case 'binary':
        return { ...x, left: go(x.left, stack, depth + 1), right: go(x.right, stack, depth + 1) };
      case 'cond':
        return { ...x, test: go(x.test, stack, depth + 1), then: go(x.then, stack, depth + 1), else: go(x.else, stack, depth + 1) };
      case 'call':
        return { ...x, args: x.args.map((a) => go(a, stack, depth + 1)) };
      default:
        return x;
    }
  };
  return go(e, [], 0);
}

/** Where to point an inlining error: the attribute being inlined, else the expression itself. */
function attrPos(x: RateExpr, stack: string[], attrs: Map<string, Item>): number {
  const top = stack.length ? attrs.get(stack[0]!) : undefined;
  return top?.tok.pos.offset ?? ('pos' in x && x.pos ? x.pos.offset : 0);
}

/** Boolean structure of an expression with parameters fixed; undefined where it is arithmetic over nodes. */
function toBoolean(e: RateExpr, param: (name: string, at: RateExpr) => number): Expr | undefined {
  const refsNodes = (x: RateExpr) => rateExprRefs(x).nodes.length > 0;
  switch (e.kind) {
    case 'num':
      return e.value !== 0 ? TRUE : FALSE;
    case 'bool':
      return e.value ? TRUE : FALSE;
    case 'node':
      return v(e.name);
    case 'param':
      return param(e.name, e) !== 0 ? TRUE : FALSE;
    case 'attr':
      return undefined;
    case 'unary': {
      const a = toBoolean(e.arg, param);
      if (!a) return undefined;
      return e.op === '!' ? not(a) : a;
    }
    case 'binary': {
      if (e.op === 'and' || e.op === 'or' || e.op === 'xor') {
        const l = toBoolean(e.left, param);
        const r = toBoolean(e.right, param);
        if (!l || !r) return undefined;
        return e.op === 'and' ? and(l, r) : e.op === 'or' ? or(l, r) : xor(l, r);
      }
      break;
    }
    case 'cond': {
      const t = toBoolean(e.test, param);
      const a = toBoolean(e.then, param);
      const b = toBoolean(e.else, param);
      if (!t || !a || !b) return undefined;
      const ts = simplifyConstants(t);
      if (ts.kind === 'const') return ts.value ? a : b;
      return or(and(t, a), and(not(t), b));
    }
    default:
      break;
  }
  if (!refsNodes(e)) {
    const val = evalRateExpr(e, { node: () => 0, param: (n) => param(n, e), attr: () => NaN });
    return val !== 0 && !Number.isNaN(val) ? TRUE : FALSE;
  }
  return undefined;
}

const MAX_TABLE_VARS = 16;
const MAX_TABLE_WORK = 2 ** 25;

function rateExprSize(e: RateExpr): number {
  let n = 0;
  const stack: RateExpr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    n++;
    if (x.kind === 'unary') stack.push(x.arg);
    else if (x.kind === 'binary') stack.push(x.left, x.right);
    else if (x.kind === 'cond') stack.push(x.test, x.then, x.else);
    else if (x.kind === 'call') stack.push(...x.args);
  }
  return n;
}

/** A readable expression of a truth table (Shannon expansion with the obvious simplifications). */
export function exprFromFunction(vars: string[], f: (value: (name: string) => boolean) => boolean): Expr {
  if (vars.length > MAX_TABLE_VARS) throw new VsmcError('limit', `cannot derive a rule over ${vars.length} nodes (the limit is ${MAX_TABLE_VARS})`);
  const assign = new Map<string, boolean>();
  const same = (a: Expr, b: Expr): boolean => JSON.stringify(a) === JSON.stringify(b);
  const build = (i: number): Expr => {
    if (i === vars.length) return f((n) => assign.get(n) ?? false) ? TRUE : FALSE;
    const x = vars[i]!;
    assign.set(x, true);
    const hi = build(i + 1);
    assign.set(x, false);
    const lo = build(i + 1);
    assign.delete(x);
    if (same(hi, lo)) return hi;
    const isT = (e: Expr) => e.kind === 'const' && e.value;
    const isF = (e: Expr) => e.kind === 'const' && !e.value;
    if (isT(hi) && isF(lo)) return v(x);
    if (isF(hi) && isT(lo)) return not(v(x));
    if (isF(lo)) return and(v(x), hi);
    if (isF(hi)) return and(not(v(x)), lo);
    if (isT(hi)) return or(v(x), lo);
    if (isT(lo)) return or(not(v(x)), hi);
    return or(and(v(x), hi), and(not(v(x)), lo));
  };
  return build(0);
}

export function readMaboss(text: string, cfgs: CfgSource[], file?: string): ImportResult {
  const decls = parseBnd(text, file);
  if (decls.length === 0) throw new VsmcError('format', 'no node declarations found: this is not a MaBoSS .bnd file', { file });
  const diagnostics: Diagnostic[] = [];
  const names = new Set(decls.map((d) => d.name));
  const cfg = mergeCfgs(cfgs.map((c) => parseCfg(c.text, c.file)));

  const paramValue = (name: string, at: RateExpr, where: string): number => {
    const val = cfg.params.get(name);
    if (val === undefined) {
      const cfgNames = cfgs.map((c) => c.file ?? '<cfg>').join(', ');
      throw new VsmcError(
        'unknown-identifier',
        `parameter $${name} (in ${where}) is not defined${suggest(name, cfg.params.keys())}; MaBoSS parameters come from the .cfg${cfgs.length ? ` (read: ${cfgNames})` : ' (none was read: give one with --cfg)'}`,
        at.kind === 'param' && at.pos ? { file, line: at.pos.line, col: at.pos.col, lineText: text.split('\n')[at.pos.line - 1] } : { file },
      );
    }
    return val;
  };
  const checkNodes = (e: RateExpr) => {
    const stack: RateExpr[] = [e];
    while (stack.length) {
      const x = stack.pop()!;
      if (x.kind === 'node' && !names.has(x.name)) {
        const at = x.pos;
        throw new VsmcError('unknown-identifier', `unknown node "${x.name}"${suggest(x.name, names)}`, at ? { file, line: at.line, col: at.col, lineText: text.split('\n')[at.line - 1] } : { file });
      }
      if (x.kind === 'unary') stack.push(x.arg);
      else if (x.kind === 'binary') stack.push(x.left, x.right);
      else if (x.kind === 'cond') stack.push(x.test, x.then, x.else);
      else if (x.kind === 'call') stack.push(...x.args);
    }
  };

  // A rule computed from a truth table evaluates the expression 2^vars times: bound that work.
  const checkTruthTable = (vars: string[], exprs: RateExpr[], it: Item, id: string) => {
    let size = 0;
    for (const e of exprs) size += rateExprSize(e);
    const where = { file, line: it.tok.pos.line, col: it.tok.pos.col, lineText: text.split('\n')[it.tok.pos.line - 1] };
    if (vars.length > MAX_TABLE_VARS) throw new VsmcError('limit', `cannot derive the Boolean rule of ${id} from its ${it.name} over ${vars.length} nodes (the limit is ${MAX_TABLE_VARS}); write its logic with Boolean operators`, where);
    if (size * 2 ** vars.length > MAX_TABLE_WORK) throw new VsmcError('limit', `deriving the Boolean rule of ${id} from its ${it.name} would evaluate ${size} terms ${2 ** vars.length} times; simplify it`, where);
  };
  const nodes: NodeDef[] = [];
  const mabossInputs: string[] = [];
  const nodeAttributes: Record<string, Record<string, string>> = {};
  const usedParams = new Set<string>();
  for (const d of decls) {
    const id = d.name;
    const node: NodeDef = { id };
    const items = d.items;
    const wrap = <T>(f: () => T): T => {
      try {
        return f();
      } catch (e) {
        throw e instanceof VsmcError ? e.within({ file }) : e;
      }
    };
    for (const it of items.values()) if (it.expr) checkNodes(it.expr);
    const custom: [string, string][] = [];
    for (const it of items.values()) {
      if (it.name === 'logic' || it.name === 'rate_up' || it.name === 'rate_down') continue;
      if (it.name === 'description' && it.str !== undefined) {
        node.description = it.str;
        continue;
      }
      custom.push([it.name, it.str !== undefined ? JSON.stringify(it.str) : printRateExpr(it.expr!)]);
    }
    // fromEntries/defineProperty: names come from the file, and "__proto__" must stay an own key.
    if (custom.length) Object.defineProperty(nodeAttributes, id, { value: Object.fromEntries(custom), enumerable: true, writable: true, configurable: true });
    const get = (k: string): RateExpr | undefined => {
      const it = items.get(k);
      if (!it) return undefined;
      if (!it.expr) throw new VsmcError('syntax', `${k} of node ${id} must be an expression, not a string`, { file, line: it.tok.pos.line, col: it.tok.pos.col });
      return wrap(() => inlineAttrs(it.expr!, items, text));
    };
    const logic = get('logic');
    const up = get('rate_up');
    const down = get('rate_down');
    for (const e of [logic, up, down]) if (e) for (const pn of rateExprRefs(e).params) usedParams.add(pn);
    if (logic && rateExprRefs(logic).attrs.includes('logic')) {
      const it = items.get('logic')!;
      throw new VsmcError('semantic', `the logic of node ${id} refers to @logic`, { file, line: it.tok.pos.line, col: it.tok.pos.col });
    }
    if (logic) {
      const where = `the logic of ${id}`;
      let rule = toBoolean(logic, (n, at) => paramValue(n, at, where));
      const ps = rateExprRefs(logic).params;
      if (!rule) {
        const vars = rateExprRefs(logic).nodes;
        checkTruthTable(vars, [logic], items.get('logic')!, id);
        rule = exprFromFunction(vars, (val) => evalRateExpr(logic, { node: (n) => (val(n) ? 1 : 0), param: (n) => paramValue(n, logic, where), attr: () => NaN }) !== 0);
        diagnostics.push({ level: 'info', path: `nodes.${id}.rule`, message: `the logic of ${id} is arithmetic; its Boolean rule was computed from its truth table` });
      }
      if (ps.length) {
        diagnostics.push({ level: 'info', path: `nodes.${id}.rule`, message: `the logic of ${id} uses ${ps.map((x) => '$' + x).join(', ')}: its rule is fixed at the .cfg value${ps.length > 1 ? 's' : ''} (${ps.map((x) => `$${x} = ${cfg.params.get(x)}`).join(', ')})` });
      }
      node.rule = printRule(simplifyConstants(rule));
      if (up) node.rateUp = printRateExpr(up);
      if (down) node.rateDown = printRateExpr(down);
    } else if (up || down) {
      for (const [k, e] of [['rate_up', up], ['rate_down', down]] as const) {
        if (e && rateExprRefs(e).attrs.includes('logic')) {
          const it = items.get(k)!;
          throw new VsmcError('semantic', `${k} of node ${id} refers to @logic, but the node has no logic`, { file, line: it.tok.pos.line, col: it.tok.pos.col });
        }
      }
      const upE: RateExpr = up ?? { kind: 'num', value: 0 };
      const downE: RateExpr = down ?? { kind: 'num', value: 0 };
      const vars = [id, ...new Set([...rateExprRefs(upE).nodes, ...rateExprRefs(downE).nodes].filter((n) => n !== id))];
      const where = `the rates of ${id}`;
      checkTruthTable(vars, [upE, downE], (items.get('rate_up') ?? items.get('rate_down'))!, id);
      const rule = exprFromFunction(vars, (val) => {
        const env = { node: (n: string) => (val(n) ? 1 : 0), param: (n: string) => paramValue(n, upE, where), attr: () => NaN };
        return val(id) ? evalRateExpr(downE, env) === 0 : evalRateExpr(upE, env) !== 0;
      });
      node.rule = printRule(simplifyConstants(rule));
      node.rateUp = up ? printRateExpr(up) : 0;
      node.rateDown = down ? printRateExpr(down) : 0;
      diagnostics.push({ level: 'info', path: `nodes.${id}.rule`, message: `${id} has no logic: its Boolean rule "${node.rule}" is the one its rates imply (on when rate_up > 0, off when rate_down > 0)` });
    } else {
      node.rule = id;
      mabossInputs.push(id);
    }
    nodes.push(node);
  }

  const network: Network = { nodes };
  const unknownParams = [...usedParams].filter((pn) => !cfg.params.has(pn));
  if (unknownParams.length) {
    diagnostics.push({
      level: 'warning',
      message: `parameter${unknownParams.length > 1 ? 's' : ''} ${unknownParams.map((x) => '$' + x).join(', ')} used in rates ${unknownParams.length > 1 ? 'are' : 'is'} not defined${cfgs.length ? '' : ' (no .cfg was read; give one with --cfg)'}`,
    });
  }
  applyCfg(network, cfg, diagnostics, file);
  if (Object.keys(nodeAttributes).length) {
    const meta = mabossMeta(network);
    meta.nodeAttributes = nodeAttributes;
  }

  // MaBoSS input nodes: constant at their initial value.
  const st = network.initialStates?.istate;
  const inJoint = new Set((network.jointInitial?.istate ?? []).flatMap((b) => b.nodes));
  const randomInputs: string[] = [];
  for (const id of mabossInputs) {
    const n = nodes.find((x) => x.id === id)!;
    const p = st?.[id];
    if ((p === 0 || p === 1) && !inJoint.has(id)) {
      delete n.rule;
      n.input = true;
      n.default = p;
      delete st![id];
    } else randomInputs.push(id);
  }
  if (randomInputs.length) {
    diagnostics.push({ level: 'info', message: `MaBoSS input node${randomInputs.length > 1 ? 's' : ''} (no logic, no rates) without a fixed istate keep${randomInputs.length > 1 ? '' : 's'} its initial value: rule "X" for ${randomInputs.join(', ')}` });
  }
  const metas = new Map<string, NodeMeta>();
  for (const d of decls) if (d.meta) metas.set(d.name, d.meta);
  applyMeta(network, metas);
  return { network, diagnostics };
}

// ---------------------------------------------------------------------------------------------
// .cfg

interface CfgData {
  params: Map<string, number>;
  settings: Map<string, number>;
  /** node → probability of starting on. */
  istate: Map<string, { p: number; tok: RateToken; file?: string; text: string }>;
  joint: Array<{ nodes: string[]; choices: Array<{ weight: number; values: Array<0 | 1> }>; tok: RateToken; file?: string; text: string }>;
  internal: Map<string, boolean>;
  refstate: Map<string, number>;
  schedule: Map<string, Array<{ time: number; value: number }>>;
  /** Node names used in the cfg, with where (checked against the network). */
  nodeRefs: Array<{ name: string; tok: RateToken; file?: string; text: string }>;
  unknownNodeAttrs: string[];
  seen: boolean;
}

function emptyCfg(): CfgData {
  return { params: new Map(), settings: new Map(), istate: new Map(), joint: [], internal: new Map(), refstate: new Map(), schedule: new Map(), nodeRefs: [], unknownNodeAttrs: [], seen: false };
}

export function parseCfg(text: string, file?: string): CfgData {
  const out = emptyCfg();
  out.seen = true;
  let toks: RateToken[];
  try {
    toks = tokenizeRate(text, { comments: true });
  } catch (e) {
    throw e instanceof VsmcError ? e.within({ file }) : e;
  }
  const p = new RateParser(toks, text);
  p.xorBelowOr = true;
  const paramExprs = new Map<string, RateExpr>();
  const pending: Array<() => void> = [];
  const evaluating = new Set<string>();
  const param = (name: string, at?: RateExpr): number => {
    const known = out.params.get(name);
    if (known !== undefined) return known;
    const e = paramExprs.get(name);
    if (!e) {
      const pos = at && 'pos' in at ? at.pos : undefined;
      throw new VsmcError('unknown-identifier', `parameter $${name} is not defined${suggest(name, paramExprs.keys())}`, pos ? { file, line: pos.line, col: pos.col, lineText: text.split('\n')[pos.line - 1] } : { file });
    }
    if (evaluating.has(name)) throw new VsmcError('semantic', `parameter $${name} is defined in terms of itself`, { file });
    evaluating.add(name);
    const val = value(e);
    evaluating.delete(name);
    out.params.set(name, val);
    return val;
  };
  const value = (e: RateExpr): number =>
    evalRateExpr(e, {
      node: (n) => {
        throw new VsmcError('semantic', `a .cfg value cannot depend on node "${n}"`, { file });
      },
      param: (n) => param(n, findParam(e, n)),
      attr: (n) => {
        throw new VsmcError('semantic', `a .cfg value cannot use @${n}`, { file });
      },
    });
  const findParam = (e: RateExpr, n: string): RateExpr | undefined => {
    const stack: RateExpr[] = [e];
    while (stack.length) {
      const x = stack.pop()!;
      if (x.kind === 'param' && x.name === n) return x;
      if (x.kind === 'unary') stack.push(x.arg);
      else if (x.kind === 'binary') stack.push(x.left, x.right);
      else if (x.kind === 'cond') stack.push(x.test, x.then, x.else);
      else if (x.kind === 'call') stack.push(...x.args);
    }
    return undefined;
  };
  const ref = (tok: RateToken) => out.nodeRefs.push({ name: tok.text, tok, file, text });

  try {
    while (p.peek().kind !== 'eof') {
      const t = p.peek();
      if (t.kind === 'param') {
        p.next();
        p.expectOp('=', `after ${t.text}`);
        const e = p.parseTop();
        p.expectOp(';', `at the end of "${t.text} = …"`);
        paramExprs.set(t.value as string, e);
        out.params.delete(t.value as string);
        continue;
      }
      if (t.kind === 'op' && t.text === '[') {
        p.next();
        const nodesT: RateToken[] = [];
        for (;;) {
          const n = p.next();
          if (n.kind !== 'id') throw p.error(n, `expected a node name in "[…]", found ${describeRateToken(n)}`);
          nodesT.push(n);
          if (p.isOp(',')) {
            p.next();
            continue;
          }
          break;
        }
        p.expectOp(']', 'to close the node list');
        p.expectOp('.', 'in "[…].istate"');
        const attr = p.next();
        if (!isKeyword(attr, 'istate')) throw p.error(attr, `only "[…].istate" is supported for node lists, found ${describeRateToken(attr)}`);
        p.expectOp('=', 'after ".istate"');
        const choices: Array<{ w: RateExpr; vals: RateExpr[]; tok: RateToken }> = [];
        for (;;) {
          const wt = p.peek();
          const w = p.parseTop();
          p.expectOp('[', 'before the node values');
          const vals: RateExpr[] = [p.parseTop()];
          while (p.isOp(',')) {
            p.next();
            vals.push(p.parseTop());
          }
          p.expectOp(']', 'after the node values');
          if (vals.length !== nodesT.length) throw p.error(wt, `${vals.length} value${vals.length > 1 ? 's' : ''} for ${nodesT.length} node${nodesT.length > 1 ? 's' : ''}`);
          choices.push({ w, vals, tok: wt });
          if (p.isOp(',')) {
            p.next();
            continue;
          }
          break;
        }
        p.expectOp(';', 'at the end of the istate');
        for (const n of nodesT) ref(n);
        pending.push(() => {
          const cs = choices.map((c) => {
            const weight = value(c.w);
            if (!(weight >= 0)) throw new VsmcError('semantic', `istate weight must be ≥ 0, found ${weight}`, { file, line: c.tok.pos.line, col: c.tok.pos.col });
            return { weight, values: c.vals.map((x) => (value(x) !== 0 ? 1 : 0) as 0 | 1) };
          });
          const total = cs.reduce((s, c) => s + c.weight, 0);
          if (!(total > 0)) throw new VsmcError('semantic', 'istate weights add up to 0', { file, line: t.pos.line, col: t.pos.col });
          if (nodesT.length === 1) {
            const pOn = cs.filter((c) => c.values[0] === 1).reduce((s, c) => s + c.weight, 0) / total;
            out.istate.set(nodesT[0]!.text, { p: pOn, tok: nodesT[0]!, file, text });
          } else {
            for (const n of nodesT) out.istate.delete(n.text);
            out.joint = out.joint.filter((j) => !j.nodes.some((n) => nodesT.some((x) => x.text === n)));
            out.joint.push({ nodes: nodesT.map((n) => n.text), choices: cs, tok: t, file, text });
          }
        });
        continue;
      }
      if (t.kind === 'id' && p.isOp('.', 1)) {
        p.next();
        p.next();
        const attr = p.next();
        if (attr.kind !== 'id') throw p.error(attr, `expected an attribute after "${t.text}.", found ${describeRateToken(attr)}`);
        p.expectOp('=', `after "${t.text}.${attr.text}"`);
        ref(t);
        const a = attr.text;
        if (a === 'schedule') {
          const entries: Array<{ time: RateExpr; value: RateExpr }> = [];
          for (;;) {
            const time = p.parseTop();
            p.expectOp(':', 'between a time and a value in a schedule');
            const val = p.parseTop();
            entries.push({ time, value: val });
            if (p.isOp(',')) {
              p.next();
              continue;
            }
            break;
          }
          p.expectOp(';', 'at the end of the schedule');
          pending.push(() => out.schedule.set(t.text, entries.map((x) => ({ time: value(x.time), value: value(x.value) }))));
          continue;
        }
        const e = p.parseTop();
        p.expectOp(';', `at the end of "${t.text}.${a} = …"`);
        if (a === 'istate') {
          pending.push(() => {
            const val = value(e);
            if (!(val >= 0 && val <= 1)) throw new VsmcError('semantic', `${t.text}.istate must be 0, 1 or a probability, found ${val}`, { file, line: t.pos.line, col: t.pos.col, lineText: text.split('\n')[t.pos.line - 1] });
            out.istate.set(t.text, { p: val, tok: t, file, text });
            out.joint = out.joint.filter((j) => !j.nodes.includes(t.text));
          });
        } else if (a === 'is_internal') pending.push(() => out.internal.set(t.text, value(e) !== 0));
        else if (a === 'refstate') pending.push(() => out.refstate.set(t.text, value(e)));
        else out.unknownNodeAttrs.push(`${t.text}.${a}`);
        continue;
      }
      if (t.kind === 'id' && p.isOp('=', 1)) {
        p.next();
        p.next();
        const e = p.parseTop();
        p.expectOp(';', `at the end of "${t.text} = …"`);
        pending.push(() => out.settings.set(t.text, value(e)));
        continue;
      }
      throw p.error(t, `expected "$param = …;", "NODE.istate = …;", "[A,B].istate = …;" or "setting = …;", found ${describeRateToken(t)}`);
    }
    for (const name of paramExprs.keys()) param(name);
    for (const f of pending) f();
  } catch (e) {
    throw e instanceof VsmcError ? e.within({ file }) : e;
  }
  return out;
}

/** Several .cfg files, later ones overriding earlier ones (MaBoSS -c a.cfg -c b.cfg). */
function mergeCfgs(list: CfgData[]): CfgData {
  const out = emptyCfg();
  for (const c of list) {
    out.seen = true;
    for (const [k, x] of c.params) out.params.set(k, x);
    for (const [k, x] of c.settings) out.settings.set(k, x);
    for (const [k, x] of c.istate) {
      out.istate.set(k, x);
      out.joint = out.joint.filter((j) => !j.nodes.includes(k));
    }
    for (const j of c.joint) {
      for (const n of j.nodes) out.istate.delete(n);
      out.joint = out.joint.filter((o) => !o.nodes.some((n) => j.nodes.includes(n)));
      out.joint.push(j);
    }
    for (const [k, x] of c.internal) out.internal.set(k, x);
    for (const [k, x] of c.refstate) out.refstate.set(k, x);
    for (const [k, x] of c.schedule) out.schedule.set(k, x);
    out.nodeRefs.push(...c.nodeRefs);
    out.unknownNodeAttrs.push(...c.unknownNodeAttrs);
  }
  return out;
}

function mabossMeta(net: Network): MabossMeta {
  net.metadata ??= {};
  const m = (net.metadata.maboss ??= {}) as MabossMeta;
  return m;
}

function applyCfg(net: Network, cfg: CfgData, diagnostics: Diagnostic[], bndFile?: string): void {
  if (!cfg.seen) return;
  const ids = new Set(net.nodes.map((n) => n.id));
  for (const r of cfg.nodeRefs) {
    if (!ids.has(r.name)) {
      throw new VsmcError('unknown-identifier', `unknown node "${r.name}"${suggest(r.name, ids)}${bndFile ? ` (not in ${bndFile})` : ''}`, {
        file: r.file,
        line: r.tok.pos.line,
        col: r.tok.pos.col,
        lineText: r.text.split('\n')[r.tok.pos.line - 1],
      });
    }
  }
  if (cfg.params.size) net.parameters = Object.fromEntries(cfg.params);
  if (cfg.istate.size || cfg.joint.length) {
    const inJoint = new Set(cfg.joint.flatMap((j) => j.nodes));
    const st: Record<string, number> = {};
    for (const n of net.nodes) {
      if (n.input) continue;
      if (inJoint.has(n.id)) continue;
      // defineProperty: a node named "__proto__" must get an own key, not replace the prototype.
      Object.defineProperty(st, n.id, { value: cfg.istate.get(n.id)?.p ?? 0.5, enumerable: true, writable: true, configurable: true });
    }
    for (const n of net.nodes) {
      if (!n.input) continue;
      const x = cfg.istate.get(n.id);
      if (x && (x.p === 0 || x.p === 1)) n.default = x.p;
      else if (x) diagnostics.push({ level: 'warning', path: `nodes.${n.id}`, message: `${n.id} is an input: its istate ${x.p} cannot be a probability; it stays at ${n.default ?? 0}` });
    }
    net.initialStates = { ...(net.initialStates ?? {}), istate: st };
    net.defaultInitial = 'istate';
    const joint = cfg.joint.filter((j) => !j.nodes.some((n) => net.nodes.find((x) => x.id === n)?.input));
    if (joint.length) net.jointInitial = { ...(net.jointInitial ?? {}), istate: joint.map((j) => ({ nodes: j.nodes, choices: j.choices })) };
    const unset = net.nodes.filter((n) => !n.input && !inJoint.has(n.id) && !cfg.istate.has(n.id)).map((n) => n.id);
    if (unset.length && unset.length < net.nodes.length) diagnostics.push({ level: 'info', path: 'initialStates.istate', message: `no istate for ${unset.join(', ')}: they start at random (p = 0.5), as in MaBoSS` });
  }
  const meta: MabossMeta = {};
  if (cfg.settings.size) meta.settings = Object.fromEntries(cfg.settings);
  const internal = [...cfg.internal].filter(([, x]) => x).map(([k]) => k);
  if (internal.length) meta.internal = internal;
  if (cfg.refstate.size) meta.refstate = Object.fromEntries(cfg.refstate);
  if (cfg.schedule.size) meta.schedule = Object.fromEntries(cfg.schedule);
  if (Object.keys(meta).length) Object.assign(mabossMeta(net), meta);
  if (cfg.unknownNodeAttrs.length) diagnostics.push({ level: 'warning', message: `.cfg node settings not understood and ignored: ${cfg.unknownNodeAttrs.join(', ')}` });
}

/** Apply MaBoSS .cfg files to a network read from another format (SBML + .cfg, as MaBoSS runs them). */
export function applyCfgFiles(net: Network, cfgs: CfgSource[], diagnostics: Diagnostic[], modelFile?: string): void {
  if (!cfgs.length) return;
  applyCfg(net, mergeCfgs(cfgs.map((c) => parseCfg(c.text, c.file))), diagnostics, modelFile);
}

// ---------------------------------------------------------------------------------------------
// Export

function exprToRate(e: Expr): RateExpr {
  switch (e.kind) {
    case 'const':
      return { kind: 'bool', value: e.value };
    case 'var':
      return { kind: 'node', name: e.name };
    case 'not':
      return { kind: 'unary', op: '!', arg: exprToRate(e.arg) };
    default: {
      // Balanced, not a left-deep chain: the printer recurses, and a rule may have 300,000 terms.
      const op = e.kind;
      const build = (lo: number, hi: number): RateExpr => {
        if (hi - lo === 1) return exprToRate(e.args[lo]!);
        const mid = (lo + hi) >>> 1;
        return { kind: 'binary', op, left: build(lo, mid), right: build(mid, hi) };
      };
      return build(0, e.args.length);
    }
  }
}

/** A rule in MaBoSS logic syntax (`!` `&` `|` `^`, mixed operators parenthesised). */
export function printMabossLogic(e: Expr): string {
  return printRateExpr(exprToRate(e), { symbols: true });
}

function rateText(x: number | string): string {
  return typeof x === 'number' ? formatNumber(x) : printRateExpr(parseRateExpr(x));
}

export function writeMaboss(net: Network): { text: string; companion: string; notes: string[] } {
  assertNoKeywordIds(exportNodes(net).map((e) => e.node.id), 'maboss', ['node']);
  const notes: string[] = [];
  const meta = mabossMetaOf(net);
  const B: string[] = ['// exported by vsmc-sim'];
  if (net.name) B.push(`// ${net.name}`);
  const nodes = exportNodes(net);
  for (const e of nodes) {
    const n = e.node;
    B.push('');
    const m = nodeMeta(e);
    if (m) B.push(metaComment('//', m));
    B.push(`node ${n.id} {`);
    if (n.description !== undefined && !e.flag) B.push(`  description = ${JSON.stringify(n.description)};`);
    if (!n.input && n.rule !== undefined) {
      B.push(`  logic = ${printMabossLogic(parseRule(n.rule))};`);
      B.push(`  rate_up = ${n.rateUp !== undefined ? rateText(n.rateUp) : '@logic ? 1.0 : 0.0'};`);
      B.push(`  rate_down = ${n.rateDown !== undefined ? rateText(n.rateDown) : '@logic ? 0.0 : 1.0'};`);
    }
    for (const [k, val] of Object.entries(meta.nodeAttributes?.[n.id] ?? {})) B.push(`  ${k} = ${val};`);
    B.push('}');
  }

  const C: string[] = ['// exported by vsmc-sim'];
  const params = Object.entries(net.parameters ?? {});
  if (params.length) {
    C.push('', '// parameters');
    for (const [k, val] of params) C.push(`$${k} = ${formatCfgNumber(val)};`);
  }
  const settings = Object.entries(meta.settings ?? {});
  if (settings.length) {
    C.push('', '// run settings');
    for (const [k, val] of settings) C.push(`${k} = ${formatCfgNumber(val)};`);
  }
  C.push('', '// initial state');
  const stName = net.defaultInitial;
  const st = stName ? (net.initialStates?.[stName] ?? {}) : undefined;
  const joint = stName ? (net.jointInitial?.[stName] ?? []) : [];
  const inJoint = new Set(joint.flatMap((j) => j.nodes));
  for (const e of nodes) {
    const n = e.node;
    if (n.input) {
      C.push(`${n.id}.istate = ${n.default ?? 0};`);
      continue;
    }
    if (!st || inJoint.has(n.id)) continue;
    const p = st[n.id] ?? 0;
    if (p === 0 || p === 1) C.push(`${n.id}.istate = ${p};`);
    else C.push(`[${n.id}].istate = ${formatCfgNumber(1 - p)} [0], ${formatCfgNumber(p)} [1];`);
  }
  for (const j of joint) C.push(`[${j.nodes.join(', ')}].istate = ${j.choices.map((c) => `${formatCfgNumber(c.weight)} [${c.values.join(', ')}]`).join(', ')};`);
  if (!st) C.push('// (no default initial state: nodes other than inputs start at random)');
  const internal = new Set(meta.internal ?? []);
  if (internal.size) {
    C.push('', '// internal nodes (not shown in outputs)');
    for (const id of internal) if (net.nodes.some((n) => n.id === id)) C.push(`${id}.is_internal = 1;`);
  }
  const refs = Object.entries(meta.refstate ?? {});
  if (refs.length) {
    C.push('');
    for (const [k, val] of refs) C.push(`${k}.refstate = ${formatCfgNumber(val)};`);
  }
  const sched = Object.entries(meta.schedule ?? {});
  if (sched.length) {
    C.push('');
    for (const [k, list] of sched) C.push(`${k}.schedule = ${list.map((x) => `${formatCfgNumber(x.time)}:${formatCfgNumber(x.value)}`).join(', ')};`);
  }
  const others = Object.keys(net.initialStates ?? {}).filter((k) => k !== stName);
  if (others.length) notes.push(`maboss: only the default initial state is written as istate; ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'} not`);
  notes.push(
    ...lostNotes(net, 'maboss', { labels: true, flags: true, rates: true, parameters: true, initialStates: true, metadata: 'metadata other than metadata.maboss is not written', descriptions: 'node notes and the network description are not written (node descriptions are)' }).filter(
      (x) => !(x.startsWith('maboss: metadata') && Object.keys(net.metadata ?? {}).every((k) => k === 'maboss')),
    ),
    ...droppedRegulatorNotes(net, 'maboss', (n) => (n.rule ? variables(parseRule(n.rule)) : [n.id])),
  );
  return { text: B.join('\n') + '\n', companion: C.join('\n') + '\n', notes };
}

function formatCfgNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(x);
}
