/**
 * Read-only questions the UI asks about a model: labels, rules printed with labels, what a
 * hypothesis switches off, the initial state shown after Reset. Model logic only (prepare and
 * resolveInitial from src/model); nothing here simulates.
 */
import type { Model } from '../model/model.js';
import { type BooleanSystem, prepare, resolveInitial } from '../model/prepare.js';
import type { Perturbation } from '../model/perturbation.js';
import { printRule } from '../rules/printer.js';
import type { ModelGraph } from './graph/model-graph.js';
import { type Settings, inputOverrides, settingsPerturbations } from './settings.js';

export function labelOf(model: Model, id: string): string {
  const i = model.index.get(id);
  return i === undefined ? id : (model.network.nodes[i]!.label ?? id);
}

/** A rule with node labels instead of ids, words for operators (read aloud well). */
export function readableRule(model: Model, id: string, sys?: BooleanSystem): string | undefined {
  const i = model.index.get(id);
  if (i === undefined) return undefined;
  const rule = sys ? sys.rules[i] : model.rules[i];
  if (!rule) return undefined;
  const flagLabel = (nm: string) => model.network.flags?.[nm]?.label;
  return printRule(rule, {
    syntax: 'words',
    constants: ['off', 'on'],
    rename: (nm) => (model.index.has(nm) ? labelOf(model, nm) : model.flags.has(nm) ? `[${flagLabel(nm) ?? nm}]` : nm),
  });
}

/** The prepared system for the current hypothesis and inputs (whole-population interventions only). */
export function preparedSystem(model: Model, s: Settings): BooleanSystem {
  const whole: Perturbation[] = settingsPerturbations(model, s).filter((p) => p.fraction === undefined || p.fraction >= 1);
  return prepare(model, { hypothesis: s.hypothesis, inputs: inputOverrides(model, s), perturbations: whole });
}

/** Edges (`source->target`) that the hypothesis removes: module flag off, or the folded rule no longer reads the source. */
export function fadedEdges(model: Model, graph: ModelGraph, hypothesis: string | undefined): Set<string> {
  const sys = prepare(model, { hypothesis });
  const off = new Set<string>();
  const reads = sys.regulators.map((r) => new Set(r));
  for (const e of graph.edges) {
    if (e.module !== undefined && sys.flagValues.get(e.module) === 0) {
      off.add(e.id);
      continue;
    }
    const t = model.index.get(e.target)!;
    const src = model.index.get(e.source)!;
    if (model.rules[t] !== null && !reads[t]!.has(src)) off.add(e.id);
  }
  return off;
}

/** Probability that each node is on at t = 0 (fixed nodes at their value), for the Reset view. */
export function initialFractions(model: Model, s: Settings): Float64Array {
  const sys = preparedSystem(model, s);
  const dist = resolveInitial(sys);
  const out = Float64Array.from(dist.probabilities);
  for (const block of dist.joint) {
    const total = block.choices.reduce((a, c) => a + c.weight, 0) || 1;
    block.nodes.forEach((node, k) => {
      out[node] = block.choices.reduce((a, c) => a + (c.values[k] === 1 ? c.weight : 0), 0) / total;
    });
  }
  for (let i = 0; i < sys.n; i++) if (sys.forced[i]! >= 0) out[i] = sys.forced[i]!;
  return out;
}

/** PubMed / DOI / plain links for a citation; only http(s) URLs are ever linked. */
export function citationLinks(c: { pmid?: string; doi?: string; url?: string }): { label: string; href: string }[] {
  const out: { label: string; href: string }[] = [];
  if (c.pmid && /^[0-9]+$/.test(c.pmid)) out.push({ label: `PubMed ${c.pmid}`, href: `https://pubmed.ncbi.nlm.nih.gov/${c.pmid}/` });
  if (c.doi && /^10\.\S+$/.test(c.doi)) out.push({ label: `doi:${c.doi}`, href: `https://doi.org/${encodeURI(c.doi)}` });
  if (c.url && /^https?:\/\/[^\s]+$/i.test(c.url)) {
    try {
      const u = new URL(c.url);
      if (u.protocol === 'https:' || u.protocol === 'http:') out.push({ label: u.hostname, href: u.href });
    } catch {
      /* not a URL: shown as text only */
    }
  }
  return out;
}
