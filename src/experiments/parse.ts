/**
 * Reading an experiment file: JSON with positions, schema check, expectation syntax, condition
 * names, the `from` graph (unknown sources, cycles) and the order in which conditions must run.
 * Checks that need the network (node ids, inputs, drugs, hypotheses) are in plan.ts.
 */
import type { ZodError } from 'zod';
import { VsmcError, suggest } from '../util/errors.js';
import { inspectJson, jsonPath, parseJsonText } from '../util/json.js';
import { fileTooLarge, limits } from '../util/limits.js';
import { CONDITION_FORBIDDEN, parseExpectation, type ParsedExpectation } from './expect.js';
import { locatePath, positionAt } from './json-locate.js';
import { conditionSchema, expectationObjectSchema, experimentSchema, scheduleEventSchema, schemeSpecSchema, type ExperimentSpec, type TableMark } from './schema.js';

const FIELD_NAMES = [
  ...new Set([experimentSchema, conditionSchema, schemeSpecSchema, expectationObjectSchema, scheduleEventSchema].flatMap((sc) => Object.keys(sc.shape))),
];

/** Most conditions and expectations accepted in one file (each condition is a full simulation). */
export const MAX_CONDITIONS = 10_000;
export const MAX_EXPECTATIONS = 100_000;

export interface Expectation extends ParsedExpectation {
  /** Exactly as written in the file. */
  expr: string;
  index: number;
  /** JSON path of the expectation, e.g. `expect[3]`. */
  path: string;
  conflict: boolean;
  note?: string;
  observation?: string;
  /** Validation-table outcome per hypothesis name: true ✔, false ✘ (no entry: no claim). */
  table: Map<string, boolean>;
}

export interface Experiment {
  spec: ExperimentSpec;
  file?: string;
  /** The source text, kept to locate later (model-dependent) errors. */
  text?: string;
  /** Condition names in the order they must run (`from` sources first, file order otherwise). */
  order: string[];
  expectations: Expectation[];
}

/** A VsmcError located at a JSON path of the experiment file (line and column when the text is known). */
export function errorAt(exp: { file?: string; text?: string }, parts: ReadonlyArray<PropertyKey>, code: VsmcError['code'], detail: string): VsmcError {
  const path = jsonPath(parts) || undefined;
  if (exp.text !== undefined) {
    const off = locatePath(exp.text, parts);
    if (off !== undefined) {
      const p = positionAt(exp.text, off);
      return new VsmcError(code, detail, { file: exp.file, path, line: p.line, col: p.col, lineText: p.lineText });
    }
  }
  return new VsmcError(code, detail, { file: exp.file, path });
}

/** Re-locate an error raised inside an expression string to file coordinates. */
export function expressionError(exp: { file?: string; text?: string }, parts: PropertyKey[], expr: string, err: VsmcError): VsmcError {
  const path = jsonPath(parts);
  const col = err.loc.col ?? 1;
  if (exp.text !== undefined) {
    const off = locatePath(exp.text, parts);
    // Only when the JSON string has no escapes does a column in the value map onto the file.
    if (off !== undefined && exp.text[off] === '"' && exp.text.slice(off + 1, off + 1 + expr.length) === expr) {
      const p = positionAt(exp.text, off + col);
      return new VsmcError(err.code, err.detail, { file: exp.file, path, line: p.line, col: p.col, lineText: p.lineText });
    }
  }
  return new VsmcError(err.code, err.detail, { file: exp.file, path, col, lineText: expr });
}

function zodError(err: ZodError, exp: { file?: string; text?: string }): VsmcError {
  const issue = err.issues[0]!;
  const parts = [...(issue.path as PropertyKey[])];
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') {
    // Point at the first unknown key itself, and guess what was meant from every field name of the format.
    parts.push(issue.keys[0]!);
    msg = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${suggest(issue.keys[0]!, FIELD_NAMES)}`;
  }
  if (issue.code === 'invalid_union' && parts[0] === 'expect') msg = 'an expectation is a string "READOUT@CONDITION OP VALUE" or an object { "expr": …, "conflict"?, "note"?, "observation"?, "table"? }';
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? 's' : ''})` : '';
  return errorAt(exp, parts, 'schema', msg + more);
}

function markValue(m: TableMark): boolean | undefined {
  if (m === '-') return undefined;
  return m === true || m === '✔';
}

/**
 * zod copies records key by key, and a "__proto__" key would then set the prototype instead of
 * naming a condition, input or drug: refuse it up front. (Other names such as "constructor" are
 * safe: the code looks names up in Maps/Sets or as own keys only.)
 */
function rejectProtoKeys(data: unknown, where: { file?: string; text?: string }): void {
  const at = inspectJson(data, Infinity).proto;
  if (at) throw errorAt(where, at, 'schema', 'the name "__proto__" is reserved; choose another');
}

export function checkExperimentData(data: unknown, opts: { file?: string; text?: string } = {}): Experiment {
  rejectProtoKeys(data, opts);
  const r = experimentSchema.safeParse(data);
  if (!r.success) throw zodError(r.error, opts);
  const spec = r.data;
  const where = { file: opts.file, text: opts.text };

  const names = Object.keys(spec.conditions);
  if (names.length === 0) throw errorAt(where, ['conditions'], 'schema', 'an experiment needs at least one condition');
  if (names.length > MAX_CONDITIONS) throw errorAt(where, ['conditions'], 'limit', `${names.length} conditions; the limit is ${MAX_CONDITIONS}`);
  for (const name of names) {
    const bad = CONDITION_FORBIDDEN.exec(name);
    if (name.trim() !== name || name.length === 0) throw errorAt(where, ['conditions', name], 'schema', `condition name "${name}" must not be empty or start/end with spaces`);
    if (bad) throw errorAt(where, ['conditions', name], 'schema', `condition name "${name}" must not contain "${bad[0]}" (it is used in expectations: READOUT@CONDITION OP VALUE)`);
  }
  const known = new Set(names);

  // `from` graph: sources exist; run sources first; a cycle cannot run.
  for (const name of names) {
    const from = spec.conditions[name]!.from;
    if (from === undefined) continue;
    if (!known.has(from)) throw errorAt(where, ['conditions', name, 'from'], 'unknown-identifier', `condition "${name}" starts from unknown condition "${from}"${suggest(from, names)}`);
    if (from === name) throw errorAt(where, ['conditions', name, 'from'], 'semantic', `condition "${name}" starts from itself`);
  }
  const order: string[] = [];
  const state = new Map<string, 1 | 2>(); // 1 visiting, 2 done
  for (const start of names) {
    if (state.has(start)) continue;
    // Iterative walk along the chain of `from` links (each condition has at most one source).
    const chain: string[] = [];
    let cur: string | undefined = start;
    while (cur !== undefined && !state.has(cur)) {
      state.set(cur, 1);
      chain.push(cur);
      cur = spec.conditions[cur]!.from;
    }
    if (cur !== undefined && state.get(cur) === 1) {
      const cyc = chain.slice(chain.indexOf(cur));
      throw errorAt(where, ['conditions', cur, 'from'], 'semantic', `conditions form a cycle through "from": ${[...cyc, cur].map((c) => `"${c}"`).join(' → ')}`);
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      state.set(chain[k]!, 2);
      order.push(chain[k]!);
    }
  }

  const list = spec.expect ?? [];
  if (list.length > MAX_EXPECTATIONS) throw errorAt(where, ['expect'], 'limit', `${list.length} expectations; the limit is ${MAX_EXPECTATIONS}`);
  const expectations: Expectation[] = list.map((e, index) => {
    const obj = typeof e === 'string' ? { expr: e } : e;
    const parts: PropertyKey[] = typeof e === 'string' ? ['expect', index] : ['expect', index, 'expr'];
    let parsed: ParsedExpectation;
    try {
      parsed = parseExpectation(obj.expr);
    } catch (err) {
      if (err instanceof VsmcError) throw expressionError(where, parts, obj.expr, err);
      throw err;
    }
    for (const o of [parsed.left, parsed.right]) {
      if (o.kind !== 'ref' || known.has(o.condition)) continue;
      throw expressionError(where, parts, obj.expr, new VsmcError('unknown-identifier', `column ${o.conditionCol}: unknown condition "${o.condition}"${suggest(o.condition, names)}`, { col: o.conditionCol }));
    }
    const table = new Map<string, boolean>();
    for (const [h, m] of Object.entries('table' in obj && obj.table ? obj.table : {})) {
      const v = markValue(m);
      if (v !== undefined) table.set(h, v);
    }
    return {
      ...parsed,
      expr: obj.expr,
      index,
      path: jsonPath(['expect', index]),
      conflict: 'conflict' in obj && obj.conflict === true,
      note: 'note' in obj ? obj.note : undefined,
      observation: 'observation' in obj ? obj.observation : undefined,
      table,
    };
  });

  return { spec, file: opts.file, text: opts.text, order, expectations };
}

/** An error at column `col` of an expectation, located in the file. */
export function expectationErrorAt(exp: Experiment, e: Expectation, col: number, code: VsmcError['code'], detail: string): VsmcError {
  const parts: PropertyKey[] = typeof exp.spec.expect?.[e.index] === 'string' ? ['expect', e.index] : ['expect', e.index, 'expr'];
  return expressionError(exp, parts, e.expr, new VsmcError(code, `column ${col}: ${detail}`, { col }));
}

export function parseExperiment(text: string, file?: string): Experiment {
  if (text.length > limits().maxFileBytes) throw new VsmcError('limit', fileTooLarge(text.length), { file });
  const data = parseJsonText(text, file);
  return checkExperimentData(data, { file, text });
}
