/**
 * SBML Level 3 Version 1 + qual v1 writer (+ layout v1 when nodes have positions).
 *
 * One transition per node with a rule: a qual:input per regulator (the rule's variables plus any
 * declared regulator the rule does not read) with the sign computed from the rule's truth table
 * (src/rules/semantics.ts), a defaultTerm of level 0 and one functionTerm of level 1 holding the
 * rule as canonical MathML (apply/and/or/not/xor, `eq` of a `<ci>` with a `<cn type="integer">`).
 * Inputs (and module flags) are `qual:constant="true"` species with their default as initialLevel.
 * Labels are `qual:name`; description and notes go to XHTML `<notes>`, citations to RDF
 * (bqbiol:isDescribedBy). What SBML has no element for (rates, parameters, flags, hypotheses,
 * readouts, drugs, exact evidence texts…) is kept as JSON in a vsmc-sim annotation, which other
 * tools ignore and vsmc-sim reads back.
 */
import { type Expr, variables } from '../rules/ast.js';
import { parseRule } from '../rules/parser.js';
import { signs } from '../rules/semantics.js';
import type { Citation, Network, NodeDef } from '../model/schema.js';
import { type ExportNode, assertValidExportId, exportNodes } from './common.js';
import { VSMC_NS } from './sbml-read.js';
import { escapeXml } from './xml.js';

const NS = {
  core: 'http://www.sbml.org/sbml/level3/version1/core',
  qual: 'http://www.sbml.org/sbml/level3/version1/qual/version1',
  layout: 'http://www.sbml.org/sbml/level3/version1/layout/version1',
  mathml: 'http://www.w3.org/1998/Math/MathML',
  xhtml: 'http://www.w3.org/1999/xhtml',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  bqbiol: 'http://biomodels.net/biology-qualifiers/',
};

const SIGN_NAME: Record<string, string> = { '+': 'positive', '-': 'negative', '±': 'dual' };

function mathml(e: Expr, ind: string): string[] {
  const out: string[] = [];
  const go = (x: Expr, pad: string): void => {
    switch (x.kind) {
      case 'const':
        out.push(`${pad}<${x.value ? 'true' : 'false'}/>`);
        return;
      case 'var':
        out.push(`${pad}<apply>`, `${pad}  <eq/>`, `${pad}  <ci> ${x.name} </ci>`, `${pad}  <cn type="integer"> 1 </cn>`, `${pad}</apply>`);
        return;
      case 'not':
        if (x.arg.kind === 'var') {
          out.push(`${pad}<apply>`, `${pad}  <eq/>`, `${pad}  <ci> ${x.arg.name} </ci>`, `${pad}  <cn type="integer"> 0 </cn>`, `${pad}</apply>`);
          return;
        }
        out.push(`${pad}<apply>`, `${pad}  <not/>`);
        go(x.arg, pad + '  ');
        out.push(`${pad}</apply>`);
        return;
      default:
        out.push(`${pad}<apply>`, `${pad}  <${x.kind}/>`);
        for (const a of x.args) go(a, pad + '  ');
        out.push(`${pad}</apply>`);
    }
  };
  go(e, ind);
  return out;
}

function notesXml(parts: string[], pad: string): string[] {
  if (parts.length === 0) return [];
  return [
    `${pad}<notes>`,
    `${pad}  <body xmlns="${NS.xhtml}">`,
    ...parts.map((p) => `${pad}    <p>${escapeXml(p)}</p>`),
    `${pad}  </body>`,
    `${pad}</notes>`,
  ];
}

function citationUri(c: Citation): string | undefined {
  if (c.pmid) return `http://identifiers.org/pubmed/${c.pmid}`;
  if (c.doi) return `http://identifiers.org/doi/${c.doi}`;
  if (c.url) return c.url;
  return undefined;
}

function jsonText(o: unknown): string {
  return escapeXml(JSON.stringify(o));
}

const NODE_EXTRA_KEYS = ['kind', 'compartment', 'module', 'description', 'notes', 'evidence', 'regulations', 'rateUp', 'rateDown', 'multivalued', 'label'] as const;
const MODEL_EXTRA_KEYS = ['name', 'description', 'metadata', 'parameters', 'flags', 'hypotheses', 'defaultHypothesis', 'initialStates', 'defaultInitial', 'jointInitial', 'readouts', 'drugs'] as const;

export function writeSbml(net: Network): { text: string; notes: string[] } {
  const notes: string[] = [];
  const nodes = exportNodes(net);
  for (const e of nodes) assertValidExportId(e.node.id, 'SBML');
  const hasLayout = net.nodes.some((n) => n.position);
  const init = net.defaultInitial ? (net.initialStates?.[net.defaultInitial] ?? {}) : undefined;
  const L: string[] = [];
  L.push('<?xml version="1.0" encoding="UTF-8"?>');
  L.push(
    `<sbml xmlns="${NS.core}" level="3" version="1" xmlns:qual="${NS.qual}" qual:required="true"${hasLayout ? ` xmlns:layout="${NS.layout}" layout:required="false"` : ''}>`,
  );
  const modelId = 'model_id';
  L.push(`  <model id="${modelId}"${net.name ? ` name="${escapeXml(net.name)}"` : ''}>`);
  if (net.description) L.push(...notesXml(net.description.split(/\n\s*\n/), '    '));
  const modelExtras: Record<string, unknown> = {};
  for (const k of MODEL_EXTRA_KEYS) if (net[k] !== undefined) modelExtras[k] = net[k];
  if (Object.keys(modelExtras).length) {
    L.push('    <annotation>', `      <vsmc:vsmcNetwork xmlns:vsmc="${VSMC_NS}">${jsonText(modelExtras)}</vsmc:vsmcNetwork>`, '    </annotation>');
  }
  L.push('    <listOfCompartments>', '      <compartment id="default" constant="true"/>', '    </listOfCompartments>');

  if (hasLayout) {
    const pos = net.nodes.filter((n) => n.position);
    const W = 90;
    const H = 30;
    const maxX = Math.max(...pos.map((n) => n.position!.x)) + W;
    const maxY = Math.max(...pos.map((n) => n.position!.y)) + H;
    L.push(`    <layout:listOfLayouts xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`);
    L.push(`      <layout:layout layout:id="vsmc_layout">`);
    L.push(`        <layout:dimensions layout:width="${Math.max(0, maxX)}" layout:height="${Math.max(0, maxY)}"/>`);
    L.push('        <layout:listOfAdditionalGraphicalObjects>');
    for (const n of pos) {
      L.push(
        `          <layout:generalGlyph layout:id="_ly_${n.id}" layout:reference="${n.id}">`,
        '            <layout:boundingBox>',
        `              <layout:position layout:x="${n.position!.x}" layout:y="${n.position!.y}"/>`,
        `              <layout:dimensions layout:width="${W}" layout:height="${H}"/>`,
        '            </layout:boundingBox>',
        '          </layout:generalGlyph>',
      );
    }
    L.push('        </layout:listOfAdditionalGraphicalObjects>', '      </layout:layout>', '    </layout:listOfLayouts>');
  }

  // Species.
  L.push('    <qual:listOfQualitativeSpecies>');
  let droppedFractional = false;
  for (const e of nodes) {
    const n = e.node;
    const attrs = [`qual:id="${n.id}"`];
    if (n.label !== undefined && n.label !== n.id) attrs.push(`qual:name="${escapeXml(n.label)}"`);
    attrs.push('qual:compartment="default"', `qual:constant="${n.input ? 'true' : 'false'}"`, 'qual:maxLevel="1"');
    if (n.input) attrs.push(`qual:initialLevel="${n.default ?? 0}"`);
    else if (init) {
      const p = init[n.id] ?? 0;
      if (p === 0 || p === 1) attrs.push(`qual:initialLevel="${p}"`);
      else droppedFractional = true;
    }
    const evidence = (n.evidence ?? []).map(citationUri).filter((u): u is string => u !== undefined);
    const metaid = `vsmc_${n.id}`;
    if (evidence.length) attrs.push(`metaid="${metaid}"`);
    const body: string[] = [];
    body.push(...notesXml([n.description, n.notes].filter((s): s is string => s !== undefined && s !== ''), '        '));
    const extras: Record<string, unknown> = {};
    if (!e.flag) for (const k of NODE_EXTRA_KEYS) if (n[k] !== undefined) extras[k] = n[k];
    // The rule's own spelling (the MathML holds the same function; the reader keeps this text only
    // when it still computes what the MathML computes).
    if (!e.flag && !n.input && n.rule !== undefined && Object.keys(extras).length) extras.rule = n.rule;
    if (evidence.length || Object.keys(extras).length) {
      body.push('        <annotation>');
      if (evidence.length) {
        body.push(
          `          <rdf:RDF xmlns:rdf="${NS.rdf}" xmlns:bqbiol="${NS.bqbiol}">`,
          `            <rdf:Description rdf:about="#${metaid}">`,
          '              <bqbiol:isDescribedBy>',
          '                <rdf:Bag>',
          ...[...new Set(evidence)].map((u) => `                  <rdf:li rdf:resource="${escapeXml(u)}"/>`),
          '                </rdf:Bag>',
          '              </bqbiol:isDescribedBy>',
          '            </rdf:Description>',
          '          </rdf:RDF>',
        );
      }
      if (Object.keys(extras).length) body.push(`          <vsmc:vsmcNode xmlns:vsmc="${VSMC_NS}">${jsonText(extras)}</vsmc:vsmcNode>`);
      body.push('        </annotation>');
    }
    if (body.length) L.push(`      <qual:qualitativeSpecies ${attrs.join(' ')}>`, ...body, '      </qual:qualitativeSpecies>');
    else L.push(`      <qual:qualitativeSpecies ${attrs.join(' ')}/>`);
  }
  L.push('    </qual:listOfQualitativeSpecies>');

  // Transitions.
  const withRules = nodes.filter((e) => !e.node.input && e.node.rule !== undefined);
  if (withRules.length) {
    L.push('    <qual:listOfTransitions>');
    for (const e of withRules) for (const line of transition(e)) L.push(line);
    L.push('    </qual:listOfTransitions>');
  }
  L.push('  </model>', '</sbml>');

  if (droppedFractional) notes.push(`sbml: initial probabilities other than 0 and 1 (state "${net.defaultInitial}") have no initialLevel; they are kept in the vsmc-sim annotation`);
  if (net.nodes.some((n) => n.rateUp !== undefined || n.rateDown !== undefined) || Object.keys(net.parameters ?? {}).length)
    notes.push('sbml: rates and parameters have no SBML-qual element; they are kept in the vsmc-sim annotation (other tools ignore it)');
  if (Object.keys(net.flags ?? {}).length) notes.push('sbml: module flags are written as constant species (initialLevel = the flag value)');
  if (Object.keys(net.hypotheses ?? {}).length || Object.keys(net.readouts ?? {}).length || Object.keys(net.drugs ?? {}).length)
    notes.push('sbml: hypotheses, readouts and drugs are kept only in the vsmc-sim annotation (other tools ignore it)');
  if (net.nodes.some((n) => n.multivalued)) notes.push('sbml: booleanised multi-valued species are written as their Boolean bits (maxLevel 1 each)');
  return { text: L.join('\n') + '\n', notes };
}

function transition(e: ExportNode): string[] {
  const n: NodeDef = e.node;
  const expr = parseRule(n.rule!);
  const vars = variables(expr);
  const computed = signs(expr, vars);
  const regulators: Array<{ source: string; sign: string }> = vars.map((s) => {
    const c = computed?.get(s);
    const declared = n.regulations?.find((r) => r.source === s)?.sign;
    const sign = c !== undefined && c !== '0' ? SIGN_NAME[c]! : declared ? SIGN_NAME[declared]! : 'unknown';
    return { source: s, sign };
  });
  for (const r of n.regulations ?? []) {
    if (!regulators.some((x) => x.source === r.source)) regulators.push({ source: r.source, sign: SIGN_NAME[r.sign]! });
  }
  const tr = `tr_${n.id}`;
  const L: string[] = [];
  L.push(`      <qual:transition qual:id="${tr}">`);
  if (regulators.length) {
    L.push('        <qual:listOfInputs>');
    for (const r of regulators) {
      L.push(`          <qual:input qual:id="${tr}_in_${r.source}" qual:qualitativeSpecies="${r.source}" qual:transitionEffect="none" qual:sign="${r.sign}"/>`);
    }
    L.push('        </qual:listOfInputs>');
  }
  L.push(
    '        <qual:listOfOutputs>',
    `          <qual:output qual:id="${tr}_out" qual:qualitativeSpecies="${n.id}" qual:transitionEffect="assignmentLevel"/>`,
    '        </qual:listOfOutputs>',
    '        <qual:listOfFunctionTerms>',
    '          <qual:defaultTerm qual:resultLevel="0"/>',
    '          <qual:functionTerm qual:resultLevel="1">',
    `            <math xmlns="${NS.mathml}">`,
  );
  // A loop, not push(...lines): a wide rule has more lines than a spread call can pass.
  for (const line of mathml(expr, '              ')) L.push(line);
  L.push(
    '            </math>',
    '          </qual:functionTerm>',
    '        </qual:listOfFunctionTerms>',
    '      </qual:transition>',
  );
  return L;
}
