/**
 * SBML Level 3 qual reader (GINsim, bioLQM, CellCollective, MaBoSS dialects), with a fallback for
 * SBML core models without the qual package (a Boolean abstraction of the reaction graph).
 *
 * Policy (docs/formats.md):
 *  - ids: the SBML id is the node id (SIds are valid native ids; the MathML and a MaBoSS .cfg refer
 *    to them); a non-empty `qual:name` different from the id becomes the label;
 *  - `qual:constant="true"` species are declared inputs (default = initialLevel, or 0 with an info
 *    diagnostic); a non-constant species with no transition keeps its level and is an input too;
 *  - function terms: the target level is the resultLevel of the term that holds (several terms of
 *    one level are ORed), else the defaultTerm's;
 *  - `<ci>` may name a species or a transition input (its threshold level is then the value);
 *    spaces around names are ignored; eq/neq/geq/gt/leq/lt against `<cn>`, and/or/not/xor/implies,
 *    `<true/>`/`<false/>`;
 *  - maxLevel > 1: booleanised (src/formats/multivalued.ts) with an info diagnostic;
 *  - notes → node notes / network description; RDF pubmed/doi links → evidence; layout positions →
 *    position; qual:input signs of Boolean species → declared regulations.
 */
import { type Expr, FALSE, TRUE, and, nary, not, or, simplifyConstants, v } from '../rules/ast.js';
import { printRule } from '../rules/printer.js';
import { parseRule } from '../rules/parser.js';
import { equivalent } from '../rules/semantics.js';
import type { Diagnostic } from '../model/model.js';
import type { Citation, Network, NodeDef, Regulation } from '../model/schema.js';
import { VsmcError, positionOf, suggest, type SourceLocation } from '../util/errors.js';
import { limits } from '../util/limits.js';
import type { ImportResult } from './common.js';
import { type CmpOp, type SpeciesLevels, FLIP, compare, compareNumbers, speciesRules } from './multivalued.js';
import { IdTable } from './sanitize.js';
import { type XNode, allText, child, children, parseXml } from './xml.js';

export const VSMC_NS = 'urn:vsmc-sim:sbml-annotation:1';

interface QSpecies {
  sid: string;
  name?: string;
  max: number;
  initial?: number;
  constant: boolean;
  el: XNode;
}

function locate(text: string, needle: string, file?: string): SourceLocation {
  const i = text.indexOf(needle);
  if (i < 0) return { file };
  const { line, col, lineText } = positionOf(text, i);
  return { file, line, col, lineText };
}

/** A level attribute: absent → undefined; present, it must be a number (not silently the default). */
function intAttr(x: XNode, name: string, where: () => SourceLocation): number | undefined {
  const s = x.attrs[name];
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new VsmcError('format', `${name}="${s.length > 40 ? s.slice(0, 40) + '…' : s}" is not a number`, where());
  return n;
}

/** Citations from the RDF of an <annotation>: identifiers.org / pubmed / doi links. */
function rdfEvidence(annotation: XNode | undefined): Citation[] {
  if (!annotation) return [];
  const out: Citation[] = [];
  const seen = new Set<string>();
  const walk = (x: XNode) => {
    const res = x.attrs.resource;
    if (x.name === 'li' && res) {
      if (seen.has(res)) return;
      seen.add(res);
      const pm = /(?:pubmed[/:])(\d+)/i.exec(res);
      const doi = /(?:doi[/:]|doi\.org\/)(10\.\S+)/i.exec(res);
      if (pm) out.push({ text: `PubMed ${pm[1]}`, pmid: pm[1]! });
      else if (doi) out.push({ text: `doi:${doi[1]}`, doi: doi[1]! });
      else out.push({ text: res, url: res });
    }
    for (const c of x.children) walk(c);
  };
  walk(annotation);
  return out;
}

/** JSON extras that vsmc-sim's own SBML writer leaves in an annotation. */
function vsmcExtras(annotation: XNode | undefined): Record<string, unknown> | undefined {
  const x = annotation?.children.find((c) => c.name === 'vsmcNetwork' || c.name === 'vsmcNode');
  if (!x || !x.text.trim()) return undefined;
  try {
    const o = JSON.parse(x.text) as unknown;
    return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Positions from the layout extension: glyph reference (or species) → bounding-box corner. */
function layoutPositions(model: XNode): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  for (const lol of children(model, 'listOfLayouts')) {
    for (const layout of children(lol, 'layout')) {
      const glyphs = [
        ...children(child(layout, 'listOfAdditionalGraphicalObjects'), 'generalGlyph'),
        ...children(child(layout, 'listOfSpeciesGlyphs'), 'speciesGlyph'),
      ];
      for (const g of glyphs) {
        const ref = g.attrs.reference ?? g.attrs.species;
        const pos = child(child(g, 'boundingBox'), 'position');
        if (!ref || !pos) continue;
        const x = Number(pos.attrs.x);
        const y = Number(pos.attrs.y);
        if (Number.isFinite(x) && Number.isFinite(y) && !out.has(ref)) out.set(ref, { x, y });
      }
    }
    break; // the first layout only
  }
  return out;
}

function notesText(el: XNode): string | undefined {
  const notes = child(el, 'notes');
  if (!notes) return undefined;
  const t = allText(notes);
  return t === '' ? undefined : t;
}

export function readSbml(text: string, file?: string): ImportResult {
  const root = parseXml(text, file);
  if (root.name !== 'sbml') throw new VsmcError('format', `the root element is <${root.name}>, not <sbml>`, locate(text, `<${root.name}`, file));
  const model = child(root, 'model');
  if (!model) throw new VsmcError('format', 'the SBML file has no <model>', locate(text, '<sbml', file));
  const qs = child(model, 'listOfQualitativeSpecies');
  if (qs) return readQual(text, model, qs, file);
  if (child(model, 'listOfSpecies')) return readCore(text, model, file);
  throw new VsmcError('format', 'the SBML model has neither qualitative species (SBML-qual) nor species', locate(text, '<model', file));
}

function readQual(text: string, model: XNode, qs: XNode, file?: string): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const species: QSpecies[] = [];
  const bySid = new Map<string, QSpecies>();
  let booleanNodes = 0;
  for (const el of children(qs, 'qualitativeSpecies')) {
    const sid = (el.attrs.id ?? '').trim();
    if (!sid) throw new VsmcError('format', 'a qualitativeSpecies has no id', locate(text, '<qual:qualitativeSpecies', file));
    if (bySid.has(sid)) throw new VsmcError('semantic', `duplicate qualitativeSpecies id "${sid}"`, locate(text, `"${sid}"`, file));
    const at = () => locate(text, `"${sid}"`, file);
    const max = intAttr(el, 'maxLevel', at) ?? 1;
    if (!Number.isInteger(max) || max < 1) {
      if (max === 0) {
        // A species stuck at level 0: still one Boolean node (always 0).
      } else throw new VsmcError('format', `species "${sid}": maxLevel must be a positive integer, found "${el.attrs.maxLevel}"`, locate(text, `"${sid}"`, file));
    }
    // Each level above 1 is one more Boolean node: bound the total before allocating the bits.
    booleanNodes += Math.max(1, max);
    if (booleanNodes > limits().maxNodes) {
      throw new VsmcError('limit', `species "${sid}" (maxLevel ${max}) brings the booleanised network to ${booleanNodes} nodes; the limit is ${limits().maxNodes} (raise it with --max-nodes)`, locate(text, `"${sid}"`, file));
    }
    const name = el.attrs.name?.trim();
    const s: QSpecies = { sid, name: name || undefined, max: Math.max(1, max), initial: intAttr(el, 'initialLevel', at), constant: el.attrs.constant === 'true', el };
    species.push(s);
    bySid.set(sid, s);
  }
  if (species.length === 0) throw new VsmcError('format', 'the SBML-qual model has no qualitative species', { file });

  // Ids: species ids first (valid SIds keep their spelling), then the bits of multi-valued species.
  const ids = new IdTable();
  ids.allocate(species.map((s) => s.sid));
  const levels = new Map<string, SpeciesLevels>();
  for (const s of species) {
    const id = ids.id(s.sid);
    const bits: string[] = [];
    if (s.max > 1) for (let j = 1; j <= s.max; j++) bits.push(ids.id(`${s.sid}_b${j}`));
    levels.set(s.sid, { max: s.max, id, bits });
  }

  // Transitions.
  interface Tr {
    id: string;
    outputs: string[];
    terms: Array<{ level: number; cond: Expr }>;
    defaultLevel: number;
    inputs: Array<{ species: string; sign?: string }>;
  }
  const byOutput = new Map<string, Tr>();
  const transitions: Tr[] = [];
  for (const tr of children(child(model, 'listOfTransitions'), 'transition')) {
    const trId = tr.attrs.id ?? `transition ${transitions.length + 1}`;
    const where = (): SourceLocation => locate(text, tr.attrs.id ? `"${tr.attrs.id}"` : '<qual:transition', file);
    const inputIds = new Map<string, { species: string; threshold?: number }>();
    const inputs: Tr['inputs'] = [];
    for (const inp of children(child(tr, 'listOfInputs'), 'input')) {
      const sp = (inp.attrs.qualitativeSpecies ?? '').trim();
      if (!bySid.has(sp)) throw new VsmcError('unknown-identifier', `transition ${trId}: input species "${sp}" is not declared${suggest(sp, bySid.keys())}`, where());
      const threshold = intAttr(inp, 'thresholdLevel', where) ?? intAttr(inp, 'tresholdLevel', where);
      if (inp.attrs.id) inputIds.set(inp.attrs.id.trim(), { species: sp, threshold });
      inputs.push({ species: sp, sign: inp.attrs.sign });
    }
    const outputs: string[] = [];
    for (const out of children(child(tr, 'listOfOutputs'), 'output')) {
      const sp = (out.attrs.qualitativeSpecies ?? '').trim();
      if (!bySid.has(sp)) throw new VsmcError('unknown-identifier', `transition ${trId}: output species "${sp}" is not declared${suggest(sp, bySid.keys())}`, where());
      outputs.push(sp);
    }
    if (outputs.length === 0) throw new VsmcError('format', `transition ${trId} has no output`, where());
    const lof = child(tr, 'listOfFunctionTerms');
    const def = child(lof, 'defaultTerm');
    const defaultLevel = def ? (intAttr(def, 'resultLevel', where) ?? 0) : 0;
    const terms: Tr['terms'] = [];
    for (const ft of children(lof, 'functionTerm')) {
      const level = intAttr(ft, 'resultLevel', where);
      if (level === undefined) throw new VsmcError('format', `transition ${trId}: a functionTerm has no resultLevel`, where());
      const math = child(ft, 'math');
      const body = math?.children[0];
      if (!body) throw new VsmcError('format', `transition ${trId}: a functionTerm has no MathML`, where());
      let cond: Expr;
      try {
        cond = simplifyConstants(mathToExpr(body, levels, inputIds));
      } catch (e) {
        if (e instanceof VsmcError) throw new VsmcError(e.code, `transition ${trId}: ${e.detail}`, where());
        throw e;
      }
      terms.push({ level, cond });
    }
    const t: Tr = { id: trId, outputs, terms, defaultLevel, inputs };
    for (const o of outputs) {
      if (byOutput.has(o)) throw new VsmcError('semantic', `species "${o}" is the output of two transitions (${byOutput.get(o)!.id} and ${trId})`, where());
      byOutput.set(o, t);
    }
    transitions.push(t);
  }

  const positions = layoutPositions(model);
  const nodeExtras = new Map<string, Record<string, unknown>>();
  const nodes: NodeDef[] = [];
  const initial: Record<string, number> = {};
  const noInitial: string[] = [];
  const heldInputs: string[] = [];
  for (const s of species) {
    const lv = levels.get(s.sid)!;
    const tr = byOutput.get(s.sid);
    const isInput = s.constant || !tr;
    if (!s.constant && !tr) heldInputs.push(s.sid);
    const notes = notesText(s.el);
    const annotation = child(s.el, 'annotation');
    const evidence = rdfEvidence(annotation);
    const extras = vsmcExtras(annotation);
    const pos = positions.get(s.sid);
    const clampedTerms = tr ? tr.terms.map((t) => ({ level: Math.min(t.level, s.max), cond: t.cond })) : [];
    if (tr && tr.terms.some((t) => t.level > s.max)) diagnostics.push({ level: 'warning', path: `nodes.${lv.id}`, message: `transition ${tr.id} sets ${s.sid} to a level above its maxLevel ${s.max}; clamped` });
    const rules = tr && !s.constant ? speciesRules(lv, clampedTerms, Math.min(tr.defaultLevel, s.max)) : [];
    const nodeIds = s.max === 1 ? [lv.id] : lv.bits;
    nodeIds.forEach((id, k) => {
      const n: NodeDef = { id };
      if (s.max === 1 && s.name !== undefined && s.name !== id) n.label = s.name;
      if (s.max === 1 && s.sid !== id && n.label === undefined) n.label = s.sid;
      if (s.max > 1) n.multivalued = { species: s.sid, level: k + 1 };
      if (k === 0 && notes) n.notes = notes;
      if (k === 0 && evidence.length) n.evidence = evidence;
      if (pos) n.position = { x: pos.x, y: pos.y + 12 * k };
      if (isInput) {
        n.input = true;
        n.default = s.initial !== undefined && s.initial >= k + 1 ? 1 : 0;
      } else {
        n.rule = printRule(rules[k]!);
        if (s.initial !== undefined) initial[id] = s.initial >= k + 1 ? 1 : 0;
      }
      if (extras && s.max === 1) nodeExtras.set(id, extras);
      nodes.push(n);
    });
    if (isInput && s.initial === undefined) noInitial.push(s.sid);
    if (s.max > 1) {
      diagnostics.push({
        level: 'info',
        path: `nodes.${lv.bits[0]}`,
        message: `${s.sid} has levels 0..${s.max}: booleanised as ${lv.bits.join(', ')} (${lv.bits[0]} means ${s.sid} ≥ 1${s.max > 1 ? `, ${lv.bits[1]} means ${s.sid} ≥ 2` : ''}; bioLQM encoding)`,
      });
    }
  }
  if (noInitial.length) diagnostics.push({ level: 'info', message: `input${noInitial.length > 1 ? 's' : ''} without initialLevel, default 0: ${noInitial.join(', ')}` });
  if (heldInputs.length) diagnostics.push({ level: 'info', message: `species with no transition keep their level and are inputs: ${heldInputs.join(', ')}` });

  // Declared regulations from the inputs' signs (Boolean species only: a sign on a multi-valued
  // species does not carry over to its bits).
  const SIGN: Record<string, Regulation['sign']> = { positive: '+', negative: '-', dual: '±' };
  for (const tr of transitions) {
    for (const o of tr.outputs) {
      const ol = levels.get(o)!;
      if (ol.max !== 1 || bySid.get(o)!.constant) continue;
      const node = nodes.find((n) => n.id === ol.id)!;
      const regs = new Map<string, Regulation['sign']>();
      for (const inp of tr.inputs) {
        const il = levels.get(inp.species)!;
        const sign = inp.sign && Object.prototype.hasOwnProperty.call(SIGN, inp.sign) ? SIGN[inp.sign] : undefined;
        if (il.max !== 1 || !sign) continue;
        const prev = regs.get(il.id);
        regs.set(il.id, prev === undefined || prev === sign ? sign : '±');
      }
      if (regs.size) node.regulations = [...regs].map(([source, sign]) => ({ source, sign }));
    }
  }

  const network: Network = { nodes };
  const modelName = model.attrs.name?.trim();
  if (modelName) network.name = modelName;
  const desc = notesText(model);
  if (desc) network.description = desc;
  if (Object.keys(initial).length) {
    network.initialStates = { initialLevel: initial };
    network.defaultInitial = 'initialLevel';
  }
  applyExtras(network, vsmcExtras(child(model, 'annotation')), nodeExtras, diagnostics);
  return { network, diagnostics };
}

/** Merge what vsmc-sim's own writer stored in annotations (fields SBML has no place for). */
function applyExtras(net: Network, modelExtras: Record<string, unknown> | undefined, nodeExtras: Map<string, Record<string, unknown>>, diagnostics: Diagnostic[]): void {
  const NODE_KEYS = ['kind', 'compartment', 'module', 'description', 'notes', 'evidence', 'regulations', 'rateUp', 'rateDown', 'multivalued', 'label'];
  for (const n of net.nodes) {
    const x = nodeExtras.get(n.id);
    if (!x) continue;
    const rec = n as Record<string, unknown>;
    if (typeof x.rule === 'string' && n.rule !== undefined) {
      try {
        if (equivalent(parseRule(x.rule), parseRule(n.rule)) === true) n.rule = x.rule;
      } catch {
        // An unreadable stored spelling: keep the rule from the MathML.
      }
    }
    for (const k of NODE_KEYS) {
      if (k in x) rec[k] = x[k];
      else if (k === 'regulations' || k === 'notes' || k === 'evidence') delete rec[k];
    }
  }
  if (!modelExtras) return;
  const MODEL_KEYS = ['name', 'description', 'metadata', 'parameters', 'flags', 'hypotheses', 'defaultHypothesis', 'initialStates', 'defaultInitial', 'jointInitial', 'readouts', 'drugs'];
  const rec = net as Record<string, unknown>;
  for (const k of MODEL_KEYS) if (k in modelExtras) rec[k] = modelExtras[k];
  if (!('initialStates' in modelExtras)) {
    delete net.initialStates;
    delete net.defaultInitial;
  }
  // Flags were written as constant species: take them out of the nodes again.
  const flags = Object.keys(net.flags ?? {});
  if (flags.length) {
    const f = new Set(flags);
    net.nodes = net.nodes.filter((n) => !f.has(n.id));
  }
  void diagnostics;
}

type InputIds = Map<string, { species: string; threshold?: number }>;

function mathToExpr(x: XNode, levels: Map<string, SpeciesLevels>, inputIds: InputIds): Expr {
  const name = x.name;
  switch (name) {
    case 'true':
      return TRUE;
    case 'false':
      return FALSE;
    case 'ci': {
      const r = resolveCi(x, levels, inputIds);
      if (r.kind === 'species') return compare(r.s, 'geq', 1);
      return r.value !== 0 ? TRUE : FALSE;
    }
    case 'cn':
      return cnValue(x) !== 0 ? TRUE : FALSE;
    case 'apply':
      break;
    default:
      throw new VsmcError('unsupported', `MathML element <${name}> is not supported in a qual function term`);
  }
  const [opEl, ...args] = x.children;
  if (!opEl) throw new VsmcError('format', 'empty MathML <apply>');
  const op = opEl.name;
  const sub = () => args.map((a) => mathToExpr(a, levels, inputIds));
  switch (op) {
    // nary(), not and(...): an <apply> may hold more arguments than a spread call can pass.
    case 'and':
      return args.length ? nary('and', sub()) : TRUE;
    case 'or':
      return args.length ? nary('or', sub()) : FALSE;
    case 'xor':
      return args.length ? nary('xor', sub()) : FALSE;
    case 'not':
      if (args.length !== 1) throw new VsmcError('format', `MathML <not/> takes one argument, found ${args.length}`);
      return not(sub()[0]!);
    case 'implies': {
      if (args.length !== 2) throw new VsmcError('format', `MathML <implies/> takes two arguments, found ${args.length}`);
      const [a, b] = sub();
      return or(not(a!), b!);
    }
    case 'eq':
    case 'neq':
    case 'geq':
    case 'gt':
    case 'leq':
    case 'lt': {
      if (args.length !== 2) throw new VsmcError('unsupported', `MathML <${op}/> with ${args.length} arguments is not supported (two are)`);
      const a = operand(args[0]!, levels, inputIds);
      const b = operand(args[1]!, levels, inputIds);
      if (a.kind === 'species' && b.kind === 'number') return compare(a.s, op, b.value);
      if (a.kind === 'number' && b.kind === 'species') return compare(b.s, FLIP[op], a.value);
      if (a.kind === 'number' && b.kind === 'number') return compareNumbers(a.value, op, b.value) ? TRUE : FALSE;
      throw new VsmcError('unsupported', `comparing two species (<${op}/>) is not supported`);
    }
    default:
      throw new VsmcError('unsupported', `MathML operator <${op}/> is not supported in a qual function term`);
  }
}

type Operand = { kind: 'species'; s: SpeciesLevels } | { kind: 'number'; value: number };

function cnValue(x: XNode): number {
  const t = x.text.trim();
  const val = Number(t);
  if (t === '' || !Number.isFinite(val)) throw new VsmcError('format', `<cn> holds "${t}", not a number`);
  return val;
}

function resolveCi(x: XNode, levels: Map<string, SpeciesLevels>, inputIds: InputIds): Operand {
  const nm = x.text.trim();
  const s = levels.get(nm);
  if (s) return { kind: 'species', s };
  const inp = inputIds.get(nm);
  if (inp) {
    if (inp.threshold === undefined) return { kind: 'species', s: levels.get(inp.species)! };
    return { kind: 'number', value: inp.threshold };
  }
  throw new VsmcError('unknown-identifier', `<ci> ${nm} </ci> is neither a species nor an input of the transition${suggest(nm, [...levels.keys(), ...inputIds.keys()])}`);
}

function operand(x: XNode, levels: Map<string, SpeciesLevels>, inputIds: InputIds): Operand {
  if (x.name === 'ci') return resolveCi(x, levels, inputIds);
  if (x.name === 'cn') return { kind: 'number', value: cnValue(x) };
  if (x.name === 'true' || x.name === 'false') return { kind: 'number', value: x.name === 'true' ? 1 : 0 };
  throw new VsmcError('unsupported', `a comparison operand <${x.name}> is not supported (a species, an input id or a <cn> number are)`);
}

// ---------------------------------------------------------------------------------------------
// SBML core (no qual package): a Boolean abstraction of the reaction graph.

function mathSpecies(x: XNode | undefined, speciesIds: Set<string>, out: Set<string>): void {
  if (!x) return;
  if (x.name === 'ci') {
    const nm = x.text.trim();
    if (speciesIds.has(nm)) out.add(nm);
  }
  for (const c of x.children) mathSpecies(c, speciesIds, out);
}

function readCore(text: string, model: XNode, file?: string): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const els = children(child(model, 'listOfSpecies'), 'species');
  if (els.length === 0) throw new VsmcError('format', 'the SBML model has no species', locate(text, '<listOfSpecies', file));
  const sids = els.map((e) => (e.attrs.id ?? '').trim());
  const speciesIds = new Set(sids);
  const ids = new IdTable();
  ids.allocate(sids);
  const producers = new Map<string, Expr[]>();
  for (const r of children(child(model, 'listOfReactions'), 'reaction')) {
    const need = new Set<string>();
    for (const sr of children(child(r, 'listOfReactants'), 'speciesReference')) if (speciesIds.has(sr.attrs.species ?? '')) need.add(sr.attrs.species!);
    for (const mr of children(child(r, 'listOfModifiers'), 'modifierSpeciesReference')) if (speciesIds.has(mr.attrs.species ?? '')) need.add(mr.attrs.species!);
    mathSpecies(child(child(r, 'kineticLaw'), 'math'), speciesIds, need);
    const cond = need.size ? nary('and', [...need].map((s) => v(ids.id(s)))) : TRUE;
    for (const sr of children(child(r, 'listOfProducts'), 'speciesReference')) {
      const p = sr.attrs.species ?? '';
      if (!speciesIds.has(p)) continue;
      const list = producers.get(p) ?? [];
      list.push(cond);
      producers.set(p, list);
    }
  }
  const assigned = new Map<string, Expr>();
  for (const ar of children(child(model, 'listOfRules'), 'assignmentRule')) {
    const target = (ar.attrs.variable ?? '').trim();
    if (!speciesIds.has(target)) continue;
    const refs = new Set<string>();
    mathSpecies(child(ar, 'math'), speciesIds, refs);
    assigned.set(target, refs.size ? nary('and', [...refs].map((s) => v(ids.id(s)))) : TRUE);
  }
  const nodes: NodeDef[] = els.map((e) => {
    const sid = (e.attrs.id ?? '').trim();
    const id = ids.id(sid);
    const n: NodeDef = { id };
    const name = e.attrs.name?.trim();
    if (name && name !== id) n.label = name;
    else if (sid !== id) n.label = sid;
    const rule = assigned.get(sid) ?? (producers.has(sid) ? nary('or', producers.get(sid)!) : undefined);
    if (rule) n.rule = printRule(simplifyConstants(rule));
    else {
      const init = Number(e.attrs.initialConcentration ?? e.attrs.initialAmount ?? '0');
      n.input = true;
      n.default = init > 0 ? 1 : 0;
    }
    return n;
  });
  diagnostics.push({
    level: 'info',
    message:
      'SBML core model without the qual package: Boolean network derived from its reactions (a product is on when all reactants, modifiers and species in the rate law of one producing reaction are on; an assignment rule is on when all species it reads are on; other species are inputs, on when their initial amount is > 0)',
  });
  const network: Network = { nodes };
  const modelName = model.attrs.name?.trim() ?? model.attrs.id?.trim();
  if (modelName) network.name = modelName;
  const desc = notesText(model);
  if (desc) network.description = desc;
  return { network, diagnostics };
}
