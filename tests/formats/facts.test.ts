/** Known facts about the reference models that the importers must reproduce. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModelFile } from '../../src/formats/node-io.js';
import { readModel, writeModel } from '../../src/formats/index.js';
import { parseRule } from '../../src/rules/parser.js';
import { equivalent } from '../../src/rules/semantics.js';
import { referenceDir } from '../helpers/paths.js';
import { functionDiffs, loadRel } from './ref-models.js';

const ref = (rel: string) => join(referenceDir(), rel);
const ruleOf = (m: ReturnType<typeof loadRel>, id: string) => m.rules[m.index.get(id)!]!;

describe('known facts', () => {
  it('boolnet/cellcycle.txt and pyboolnet/faure_cellcycle.bnet give the same 10 functions', () => {
    const a = loadRel('boolnet/cellcycle.txt');
    const b = loadRel('pyboolnet/faure_cellcycle.bnet');
    expect(a.ids.length).toBe(10);
    expect(b.ids.length).toBe(10);
    // BoolNet spells Cdh1, pyboolnet cdh1.
    expect(functionDiffs(a, b, (id) => (id === 'Cdh1' ? 'cdh1' : id))).toEqual([]);
    expect(functionDiffs(loadRel('derived/cellcycle_boolnet_renamed_cdh1.txt'), b)).toEqual([]);
  });

  it('the MaBoSS cell-cycle logic is the same Faure network', () => {
    const m = loadModelFile(ref('maboss/cellcycle/cellcycle.bnd'), { cfg: [ref('maboss/cellcycle/cellcycle_runcfg.cfg'), ref('maboss/cellcycle/cellcycle_runcfg-thread_1.cfg')] });
    expect(functionDiffs(m, loadRel('pyboolnet/faure_cellcycle.bnet'))).toEqual([]);
    // Both .cfg files apply, the later one overriding the earlier (MaBoSS -c a -c b).
    expect(m.network.parameters).toEqual({ fast: 10, slow: 1 });
    const mb = m.network.metadata!.maboss as { settings: Record<string, number>; internal: string[] };
    expect(mb.settings.thread_count).toBe(1);
    expect(mb.settings.statdist_traj_count).toBe(5000);
    expect(mb.settings.time_tick).toBe(0.2);
    expect(mb.internal).toEqual(['Rb', 'E2F', 'p27', 'Cdc20', 'UbcH10', 'cdh1']);
    expect(m.network.defaultInitial).toBe('istate');
    expect(m.network.initialStates!.istate!.CycD).toBe(1);
    expect(m.network.nodes.find((n) => n.id === 'CycE')!.rateUp).toBe('@logic ? $slow : 0.0');
  });

  it('the GINsim bladder model booleanises to mpbn/bladder.bnet (bioLQM encoding), with an info diagnostic', () => {
    const sbml = loadRel('ginsim-repo/Bladder_Model.sbml');
    const bnet = loadRel('mpbn/bladder.bnet');
    // mpbn writes the constant species as self-loops ("DNAdamage, DNAdamage"), SBML as inputs.
    expect(functionDiffs(bnet, sbml, undefined, { inputStatus: false })).toEqual([]);
    const d = sbml.diagnostics.filter((x) => x.level === 'info' && /booleanised/.test(x.message));
    expect(d.map((x) => x.message.split(' ')[0]).sort()).toEqual(['ATM', 'Apoptosis', 'CHEK1_2', 'E2F1', 'E2F3']);
    const e2f1b2 = sbml.network.nodes.find((n) => n.id === 'E2F1_b2')!;
    expect(e2f1b2.multivalued).toEqual({ species: 'E2F1', level: 2 });
  });

  it('booleanises the other multi-valued GINsim/bioLQM models, never truncating a level', () => {
    const m = loadRel('biolqm/minimal_example.sbml');
    expect(m.ids).toEqual(['p53_b1', 'p53_b2', 'Mdm2cyt_b1', 'Mdm2cyt_b2', 'Mdm2nuc', 'DNAdam']);
    // p53 := 2 when Mdm2nuc = 0: each bit steps towards level 2.
    expect(equivalent(ruleOf(m, 'p53_b1'), parseRule('!Mdm2nuc | p53_b1 & p53_b2'))).toBe(true);
    expect(equivalent(ruleOf(m, 'Mdm2nuc'), parseRule('!p53_b1 & Mdm2cyt_b1 & !Mdm2cyt_b2 & !DNAdam | !p53_b1 & Mdm2cyt_b1 & Mdm2cyt_b2 | p53_b1 & Mdm2cyt_b1 & Mdm2cyt_b2'))).toBe(true);
    expect(equivalent(ruleOf(m, 'p53_b2'), parseRule('!Mdm2nuc & p53_b1'))).toBe(true);
    // DNAdam := p53 <= 1 & DNAdam = 1, i.e. !p53_b2 & DNAdam.
    expect(equivalent(ruleOf(m, 'DNAdam'), parseRule('!(p53_b1 & p53_b2) & DNAdam'))).toBe(true);
    for (const rel of ['ginsim-repo/Traynard_Boolean_MamCC_Apr2016.sbml', 'ginsim-repo/reduced_network.sbml', 'ginsim/importGraphTest.sbml']) {
      expect(loadRel(rel).diagnostics.some((d) => d.level === 'info' && /booleanised as/.test(d.message)), rel).toBe(true);
    }
  });

  it('reads transition input ids inside <ci> (GINsim threshold dialect)', () => {
    const m = loadRel('ginsim/importGraphTest.sbml');
    // (G0 < 1 & G2 >= 2 & G3 < 1) | (G0 >= 1 & G2 >= 1 & G3 < 1)
    expect(equivalent(ruleOf(m, 'G1'), parseRule('(!G0 & G2_b1 & G2_b2 & !G3) | (G0 & G2_b1 & !G3)'))).toBe(true);
    expect(m.inputs[m.index.get('G0')!]).toBe(true);
  });

  it('reads layout positions, and writes them back through the layout extension', () => {
    const m = loadRel('biolqm/minimal_example.sbml');
    expect(m.network.nodes.find((n) => n.id === 'Mdm2nuc')!.position).toEqual({ x: 472, y: 357 });
    const cf = loadRel('maboss/sbml/cell_fate.sbml');
    expect(cf.network.nodes.find((n) => n.id === 'TNF')!.position).toEqual({ x: 138, y: 8 });
    const w = writeModel(cf, 'sbml');
    expect(w.text).toContain('layout:reference="TNF"');
    const back = readModel(w.text, { format: 'sbml' });
    expect(back.network.nodes.find((n) => n.id === 'TNF')!.position).toEqual({ x: 138, y: 8 });
  });

  it('reads SBML notes and RDF citations, constants as inputs, and a .cfg beside the .sbml', () => {
    const m = loadRel('maboss/sbml/cell_fate.sbml');
    const fasl = m.network.nodes.find((n) => n.id === 'FASL')!;
    expect(fasl.input).toBe(true);
    expect(fasl.notes).toMatch(/Fas-induced apoptosis/);
    expect(fasl.evidence!.map((c) => c.pmid)).toEqual(['12485619', '8947041', '15289496', '11121439']);
    expect(m.network.description).toMatch(/cell fate decision/);
    expect((m.network.metadata!.maboss as { settings: Record<string, number> }).settings.max_time).toBe(10);
  });

  it('derives a Boolean network from an SBML core (non-qual) model, saying so', () => {
    const m = loadRel('boolesim/simpleX0-T-X1.sbml');
    expect(m.ids).toEqual(['X0', 'X1', 'T', 'S1', 'S2']);
    expect(m.inputs[0]).toBe(true);
    expect(m.network.nodes[0]!.default).toBe(1);
    expect(equivalent(ruleOf(m, 'T'), parseRule('X0'))).toBe(true);
    expect(equivalent(ruleOf(m, 'X1'), parseRule('T & S2'))).toBe(true);
    expect(m.diagnostics.some((d) => /without the qual package/.test(d.message))).toBe(true);
  });
});
