import { describe, expect, it } from 'vitest';
import { loadNativeModel } from '../../src/model/load.js';
import { prepare, resolveInitial } from '../../src/model/prepare.js';
import { parsePerturbation, formatPerturbation } from '../../src/model/perturbation.js';
import { printRule } from '../../src/rules/printer.js';
import { VsmcError } from '../../src/util/errors.js';
import { errorOf } from '../helpers/errors.js';

const net = {
  nodes: [
    { id: 'Pi', input: true, default: 0 },
    { id: 'Mg', input: true, default: 1 },
    { id: 'TRPM7', rule: '!Pi | Mg', regulations: [{ source: 'Pi', sign: '-' }, { source: 'Mg', sign: '+' }] },
    { id: 'Mg_int', rule: 'TRPM7 & Mg & MOD_INTRA', regulations: [{ source: 'TRPM7', sign: '+', module: 'MOD_INTRA' }] },
    { id: 'RUNX2', rule: 'Pi & !Mg_int', regulations: [{ source: 'Mg_int', sign: '+' }] },
  ],
  flags: { MOD_INTRA: { value: 1 } },
  hypotheses: { FULL: { flags: { MOD_INTRA: 1 } }, PASSIVE: { flags: { MOD_INTRA: 0 } } },
  defaultHypothesis: 'FULL',
  initialStates: { healthy: { Mg: 1, TRPM7: 1 } },
  defaultInitial: 'healthy',
  readouts: { Osteo: { terms: ['RUNX2', '!TRPM7'] } },
};


describe('native model validation', () => {
  it('loads, keeps order, and flags a declared sign that the rule contradicts', () => {
    const m = loadNativeModel(JSON.stringify(net), { file: 'n.json' });
    expect(m.ids).toEqual(['Pi', 'Mg', 'TRPM7', 'Mg_int', 'RUNX2']);
    expect(m.inputs).toEqual([true, true, false, false, false]);
    expect(m.diagnostics).toHaveLength(1);
    expect(m.diagnostics[0]!.message).toBe('RUNX2: Mg_int is declared + but the rule makes it -');
    expect(m.diagnostics[0]!.path).toBe('nodes.RUNX2.regulations[0]');
    const strict = loadNativeModel(JSON.stringify(net), { strictSigns: true });
    expect(strict.diagnostics[0]!.level).toBe('error');
  });

  it('names file, JSON path, line and column of an unknown identifier and suggests a near name', () => {
    const bad = structuredClone(net);
    bad.nodes[4]!.rule = 'Pi &\n  !Mg_itn';
    const e = errorOf(() => loadNativeModel(JSON.stringify(bad), { file: 'networks/x.json' }));
    expect(e.message.split('\n')[0]).toBe('networks/x.json: nodes.RUNX2.rule:2:4: unknown node "Mg_itn" (did you mean Mg_int?)');
  });

  it('rejects duplicates, rule-less nodes, unknown fields and bad JSON with their paths', () => {
    const dup = { nodes: [{ id: 'A', rule: 'A' }, { id: 'A', rule: '1' }] };
    expect(errorOf(() => loadNativeModel(JSON.stringify(dup))).message).toContain('nodes[1].id: duplicate node id "A"');
    expect(errorOf(() => loadNativeModel(JSON.stringify({ nodes: [{ id: 'A' }] }))).message).toContain('has no rule');
    expect(errorOf(() => loadNativeModel(JSON.stringify({ nodes: [{ id: 'A', rul: 'A' }] }))).message).toContain('nodes.A: unknown field "rul"');
    expect(errorOf(() => loadNativeModel(JSON.stringify({ nodes: [{ id: '1A', rule: 'A' }] }))).message).toContain('nodes[0].id');
    expect(errorOf(() => loadNativeModel('{"nodes": [}', { file: 'f.json' })).message).toMatch(/^f\.json: 1:1\d: invalid JSON/);
    const badHyp = { ...net, hypotheses: { X: { flags: { MOD_INTRAA: 1 } } } };
    expect(errorOf(() => loadNativeModel(JSON.stringify(badHyp))).message).toContain('did you mean MOD_INTRA?');
  });

  it('survives hostile identifiers without touching prototypes', () => {
    const hostile = { nodes: [{ id: '__proto__', input: true }, { id: 'constructor', rule: '__proto__ & !constructor' }] };
    const m = loadNativeModel(JSON.stringify(hostile));
    expect(m.ids).toEqual(['__proto__', 'constructor']);
    const sys = prepare(m, { inputs: JSON.parse('{"__proto__": 1}') as Record<string, 0 | 1> });
    expect(sys.forced[0]).toBe(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('prepare', () => {
  const m = loadNativeModel(JSON.stringify(net));

  it('folds flags for the chosen hypothesis and fixes inputs as constants', () => {
    const full = prepare(m, { inputs: { Pi: 1 } });
    expect(printRule(full.rules[3]!)).toBe('TRPM7 & Mg');
    expect(printRule(full.rules[0]!)).toBe('1');
    expect([...full.forced]).toEqual([1, 1, -1, -1, -1]);
    const passive = prepare(m, { hypothesis: 'PASSIVE' });
    expect(printRule(passive.rules[3]!)).toBe('0');
    expect(errorOf(() => prepare(m, { hypothesis: 'PASIVE' })).message).toContain('did you mean PASSIVE?');
    expect(errorOf(() => prepare(m, { inputs: { TRPM7: 1 } })).message).toContain('not an input node');
  });

  it('applies knockouts, forced nodes and edge perturbations exactly', () => {
    const sys = prepare(m, { perturbations: ['TRPM7%0', 'Mg_int:RUNX2%1'].map(parsePerturbation) });
    expect(printRule(sys.rules[2]!)).toBe('0');
    expect(sys.forced[2]).toBe(0);
    expect(printRule(sys.rules[4]!)).toBe('0');
    expect(sys.regulators[4]).toEqual([]);
    expect(errorOf(() => prepare(m, { perturbations: [parsePerturbation('Pi:TRPM7%0'), parsePerturbation('RUNX2:Pi%1')] })).message).toContain("Pi's rule does not read RUNX2");
  });

  it('resolves named, random and explicit initial states', () => {
    const sys = prepare(m);
    expect([...resolveInitial(sys).probabilities]).toEqual([0, 1, 1, 0, 0]);
    expect([...resolveInitial(sys, 'random').probabilities]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect([...resolveInitial(sys, { values: { RUNX2: 0.25 } }).probabilities]).toEqual([0, 0, 0, 0, 0.25]);
    expect(errorOf(() => resolveInitial(sys, 'helthy')).message).toContain('did you mean healthy?');
  });
});

describe('perturbation notation', () => {
  it('parses and prints every form', () => {
    for (const s of ['TRPM7%0', 'miR30b%1', 'A:B%0', 'Pi_load=1', 'TRPM7%0@0.7', 'A:B%1@0.25']) {
      expect(formatPerturbation(parsePerturbation(s))).toBe(s);
    }
    expect(parsePerturbation('X%1@1')).toEqual({ kind: 'node', node: 'X', value: 1 });
    expect(() => parsePerturbation('X%2')).toThrow(/expected X%0/);
    expect(() => parsePerturbation('X%0@1.5')).toThrow(/between 0 and 1/);
    expect(() => parsePerturbation('process.exit(1)')).toThrow(VsmcError);
  });
});
