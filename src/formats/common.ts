/**
 * Pieces shared by the format readers and writers: the `vsmc:` comment that carries what a
 * plain-text format has no place for (label, input/flag status), the list of things a target
 * format loses (WriteResult.notes), and the view of a network that writers export (module flags
 * become constant input nodes, since no exchange format has flags).
 */
import type { Diagnostic } from '../model/model.js';
import type { Network, NodeDef } from '../model/schema.js';
import { VsmcError } from '../util/errors.js';
import { isValidId } from './sanitize.js';

/** What a reader hands to the registry: a network for validateNetwork plus its own findings. */
export interface ImportResult {
  network: Network;
  diagnostics: Diagnostic[];
}

/** Per-node facts kept in a `vsmc:` comment by the text formats. */
export interface NodeMeta {
  id: string;
  label?: string;
  input?: boolean;
  default?: 0 | 1;
  /** The node stands for a module flag of the native network. */
  flag?: boolean;
  value?: 0 | 1;
}

const META_RE = /^\s*(?:#|\/\/)\s*vsmc:\s*(\{.*\})\s*$/;

/** `{...}` of a `# vsmc: {...}` / `// vsmc: {...}` comment line, or undefined. Malformed JSON is ignored. */
export function parseMetaComment(line: string): NodeMeta | undefined {
  const m = META_RE.exec(line);
  if (!m) return undefined;
  try {
    const o = JSON.parse(m[1]!) as unknown;
    if (!o || typeof o !== 'object' || typeof (o as NodeMeta).id !== 'string') return undefined;
    const r = o as Record<string, unknown>;
    const meta: NodeMeta = { id: r.id as string };
    if (typeof r.label === 'string') meta.label = r.label;
    if (r.input === true) meta.input = true;
    if (r.default === 0 || r.default === 1) meta.default = r.default;
    if (r.flag === true) meta.flag = true;
    if (r.value === 0 || r.value === 1) meta.value = r.value;
    return meta;
  } catch {
    return undefined;
  }
}

export function metaComment(prefix: '#' | '//', meta: NodeMeta): string {
  return `${prefix} vsmc: ${JSON.stringify(meta)}`;
}

/** A node as a writer sees it: module flags appear as constant inputs. */
export interface ExportNode {
  node: NodeDef;
  /** Set for the pseudo-nodes that stand for module flags. */
  flag?: { value: 0 | 1 };
}

export function exportNodes(net: Network): ExportNode[] {
  const out: ExportNode[] = net.nodes.map((n) => ({ node: n }));
  for (const [name, f] of Object.entries(net.flags ?? {})) {
    out.push({ node: { id: name, label: f.label, description: f.description, input: true, default: f.value }, flag: { value: f.value } });
  }
  return out;
}

/** The vsmc: comment for a node, or undefined when it has nothing to say. */
export function nodeMeta(e: ExportNode): NodeMeta | undefined {
  const n = e.node;
  const meta: NodeMeta = { id: n.id };
  let any = false;
  if (n.label !== undefined && n.label !== n.id) {
    meta.label = n.label;
    any = true;
  }
  if (e.flag) {
    meta.flag = true;
    meta.value = e.flag.value;
    any = true;
  } else if (n.input) {
    meta.input = true;
    meta.default = n.default ?? 0;
    any = true;
  }
  return any ? meta : undefined;
}

/**
 * Apply `vsmc:` comments after a text import: labels, declared inputs (only where the file's rule
 * is the node itself or a constant, so a hand-edited rule is never overridden) and module flags.
 */
export function applyMeta(net: Network, metas: Map<string, NodeMeta>): void {
  if (metas.size === 0) return;
  const keep: NodeDef[] = [];
  for (const n of net.nodes) {
    const m = metas.get(n.id);
    if (!m) {
      keep.push(n);
      continue;
    }
    if (m.label !== undefined) n.label = m.label;
    const selfRule = n.input === true || n.rule === undefined || n.rule.trim() === n.id || /^[01]$/.test(n.rule.trim());
    if (m.flag && selfRule) {
      net.flags ??= {};
      net.flags[n.id] = { value: m.value ?? n.default ?? 0, ...(n.label !== undefined && n.label !== n.id ? { label: n.label } : {}) };
      if (net.initialStates) for (const st of Object.values(net.initialStates)) delete st[n.id];
      continue;
    }
    if (m.input && selfRule) {
      n.input = true;
      n.default = m.default ?? n.default ?? 0;
      delete n.rule;
      delete n.rateUp;
      delete n.rateDown;
      if (net.initialStates) for (const st of Object.values(net.initialStates)) delete st[n.id];
    }
    keep.push(n);
  }
  net.nodes = keep;
  if (net.initialStates) {
    for (const [k, st] of Object.entries(net.initialStates)) if (Object.keys(st).length === 0 && net.defaultInitial !== k) delete net.initialStates[k];
  }
}

/** Things a network has that a format cannot hold, phrased for WriteResult.notes. */
export function lostNotes(net: Network, format: string, holds: Partial<Record<LossKey, boolean | string>>): string[] {
  const notes: string[] = [];
  const has = (k: LossKey): boolean => {
    switch (k) {
      case 'labels':
        return net.nodes.some((n) => n.label !== undefined && n.label !== n.id);
      case 'descriptions':
        return net.nodes.some((n) => n.description !== undefined || n.notes !== undefined) || net.description !== undefined;
      case 'evidence':
        return net.nodes.some((n) => (n.evidence?.length ?? 0) > 0 || (n.regulations ?? []).some((r) => (r.evidence?.length ?? 0) > 0));
      case 'regulations':
        return net.nodes.some((n) => (n.regulations?.length ?? 0) > 0);
      case 'positions':
        return net.nodes.some((n) => n.position !== undefined);
      case 'rates':
        return net.nodes.some((n) => n.rateUp !== undefined || n.rateDown !== undefined);
      case 'parameters':
        return Object.keys(net.parameters ?? {}).length > 0;
      case 'flags':
        return Object.keys(net.flags ?? {}).length > 0;
      case 'hypotheses':
        return Object.keys(net.hypotheses ?? {}).length > 0;
      case 'initialStates':
        return Object.keys(net.initialStates ?? {}).length > 0 || Object.keys(net.jointInitial ?? {}).length > 0;
      case 'readouts':
        return Object.keys(net.readouts ?? {}).length > 0;
      case 'drugs':
        return Object.keys(net.drugs ?? {}).length > 0;
      case 'metadata':
        return Object.keys(net.metadata ?? {}).length > 0;
      case 'kinds':
        return net.nodes.some((n) => n.kind !== undefined || n.compartment !== undefined || n.module !== undefined);
      case 'multivalued':
        return net.nodes.some((n) => n.multivalued !== undefined);
    }
  };
  const text: Record<LossKey, string> = {
    labels: 'node labels are kept only in vsmc: comments',
    descriptions: 'descriptions and notes are not written',
    evidence: 'evidence (citations) is not written',
    regulations: 'declared regulations (signs, modules, evidence) are not written; the rules carry the regulators',
    positions: 'node positions are not written',
    rates: 'rateUp/rateDown are not written',
    parameters: 'parameters are not written',
    flags: 'module flags are written as constant input nodes (their default value kept only in vsmc: comments)',
    hypotheses: 'hypotheses are not written',
    initialStates: 'named initial states are not written',
    readouts: 'readouts are not written',
    drugs: 'drugs are not written',
    metadata: 'metadata is not written',
    kinds: 'node kind, compartment and module tags are not written',
    multivalued: 'booleanised multi-valued species are written as their Boolean bits (X_b1, X_b2, …)',
  };
  for (const k of Object.keys(text) as LossKey[]) {
    const held = holds[k];
    if (held === true) continue;
    if (has(k)) notes.push(`${format}: ${typeof held === 'string' ? held : text[k]}`);
  }
  return notes;
}

export type LossKey =
  | 'labels'
  | 'descriptions'
  | 'evidence'
  | 'regulations'
  | 'positions'
  | 'rates'
  | 'parameters'
  | 'flags'
  | 'hypotheses'
  | 'initialStates'
  | 'readouts'
  | 'drugs'
  | 'metadata'
  | 'kinds'
  | 'multivalued';

/** Declared regulators that the rule does not mention (a format that stores only the rule loses them). */
export function droppedRegulatorNotes(net: Network, format: string, ruleVars: (n: NodeDef) => string[]): string[] {
  const out: string[] = [];
  for (const n of net.nodes) {
    if (!n.regulations?.length) continue;
    const vars = new Set(ruleVars(n));
    const missing = n.regulations.filter((r) => !vars.has(r.source)).map((r) => r.source);
    if (missing.length) out.push(`${format}: ${n.id}: declared regulator${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not in the rule cannot be written`);
  }
  return out;
}

export function assertValidExportId(id: string, format: string): void {
  if (!isValidId(id)) throw new VsmcError('format', `${format} export: node id "${id}" is not a valid identifier`);
}

const WORD_KEYWORDS = ['and', 'or', 'not', 'xor', 'true', 'false'];

/** Refuse ids that the target format would read as an operator or constant. */
export function assertNoKeywordIds(ids: Iterable<string>, format: string, extra: string[] = []): void {
  const kw = new Set([...WORD_KEYWORDS, ...extra]);
  for (const id of ids) {
    if (kw.has(id.toLowerCase())) {
      throw new VsmcError('unsupported', `${format} export: node "${id}" has the name of a ${format} keyword (${[...kw].join(', ')}, in any case); rename it first`);
    }
  }
}
