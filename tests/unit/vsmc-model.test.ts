import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/formats/node-io.js';
import { parseRule } from '../../src/rules/parser.js';
import { equivalent } from '../../src/rules/semantics.js';
import { biologyDir, repoRoot } from '../helpers/paths.js';

const model = loadModelFile(join(repoRoot(), 'networks/vsmc-mg.json'), { strictSigns: true });
const net = model.network;

/** Node ids from the tables of shared/biology/nodes.md (first column of each table row). */
function draftIds(): string[] {
  const text = readFileSync(join(biologyDir(), 'nodes.md'), 'utf8');
  const ids: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| ([A-Za-z_][A-Za-z0-9_]*) \|/.exec(line);
    if (m && m[1] !== 'id') ids.push(m[1]!);
  }
  return ids;
}

/** Rules of shared/biology/rules_plain.txt. */
function draftRules(): Map<string, string> {
  const text = readFileSync(join(biologyDir(), 'rules_plain.txt'), 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(line.trim());
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

describe('the built-in VSMC model (networks/vsmc-mg.json)', () => {
  it('has every node of the draft with the same ids, and nothing checks wrong', () => {
    const ids = draftIds();
    expect(ids.length).toBe(56);
    expect(new Set(model.ids)).toEqual(new Set(ids));
    expect(model.diagnostics.filter((d) => d.level === 'error')).toEqual([]);
  });

  it('documents every node: label, compartment, kind, description, evidence', () => {
    const compartments = new Set(['extracellular', 'membrane', 'cytoplasm', 'nucleus', 'phenotype', 'context']);
    for (const n of net.nodes) {
      expect(n.label, n.id).toBeTruthy();
      expect(compartments.has(n.compartment ?? ''), `${n.id}: ${n.compartment}`).toBe(true);
      expect(n.kind, n.id).toBeTruthy();
      expect(n.description, n.id).toBeTruthy();
      if (!n.input) expect(n.evidence?.length ?? 0, n.id).toBeGreaterThan(0);
    }
    const label = (id: string) => net.nodes.find((n) => n.id === id)!.label;
    expect(label('bCatenin')).toBe('β-catenin');
    expect(label('miR30b')).toBe('miR-30b');
  });

  it('keeps the draft rules: each differs only where its notes say why', () => {
    const draft = draftRules();
    for (const [i, n] of net.nodes.entries()) {
      const d = draft.get(n.id);
      if (!d || !model.rules[i]) continue;
      const same = equivalent(model.rules[i]!, parseRule(d));
      if (!same) expect(n.notes ?? '', `${n.id} departs from rules_plain.txt without a note`).toMatch(/depart|chang/i);
    }
  });

  it('defines the flags, hypotheses, healthy state, readouts and drugs the issue names', () => {
    expect(Object.keys(net.flags ?? {}).sort()).toEqual(['MOD_INTRA', 'MOD_MEMB', 'MOD_PASSIVE', 'MOD_PIDIRECT', 'OPT_CASR_DIRECT', 'OPT_MGTNAP']);
    const h = net.hypotheses!;
    const row = (name: string) => ['MOD_INTRA', 'MOD_MEMB', 'MOD_PASSIVE', 'MOD_PIDIRECT'].map((f) => h[name]!.flags[f]).join('');
    // rules.md §1: INTRA MEMB PASSIVE PIDIRECT
    expect({ FULL: row('FULL'), ACTIVE: row('ACTIVE'), INTRA: row('INTRA'), MEMB: row('MEMB'), PASSIVE: row('PASSIVE') }).toEqual({
      FULL: '1111',
      ACTIVE: '1101',
      INTRA: '1001',
      MEMB: '0101',
      PASSIVE: '0010',
    });
    expect(net.defaultHypothesis).toBe('FULL');
    const healthy = net.initialStates!['healthy']!;
    const on = Object.entries(healthy).filter(([, v]) => v === 1).map(([k]) => k).sort();
    expect(on).toEqual(['ATP_ext', 'ATP_src', 'BMP7', 'Cav12', 'CaSR', 'Cells', 'FetuinA', 'MGP', 'Mg_ext', 'PPi', 'SM22a', 'TRPM7', 'aSMA', 'miR133a', 'miR143', 'miR30b'].sort());
    const defaults = net.nodes.filter((n) => n.input && n.default === 1).map((n) => n.id).sort();
    expect(defaults).toEqual(['ATP_src', 'Cells', 'FetuinA', 'Mg_ext']);
    expect(Object.keys(net.readouts ?? {})).toEqual(expect.arrayContaining(['Osteo_score', 'Calc_score']));
    for (const d of ['2-APB', 'TRPM7 siRNA', 'Calcimimetic', 'Calcilytic', 'Mg supplement', 'Mg-based binder', 'miR-30b mimic', 'Caspase inhibitor']) {
      expect(net.drugs?.[d]?.dose, d).toBeDefined();
    }
  });
});
