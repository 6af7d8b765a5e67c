/** MaBoSS .bnd + .cfg: the subset used by MaBoSS's examples, errors, and export. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readModel, writeModel } from '../../src/formats/index.js';
import { loadModelFile } from '../../src/formats/node-io.js';
import { parseRule } from '../../src/rules/parser.js';
import { equivalent } from '../../src/rules/semantics.js';
import { referenceDir } from '../helpers/paths.js';
import { functionDiffs } from './ref-models.js';
import { errorOf as err } from '../helpers/errors.js';

const ref = (rel: string) => join(referenceDir(), rel);

describe('MaBoSS .bnd', () => {
  it('reads custom attributes (@tmp), nodes without logic, and XOR (basic-network.bnd)', () => {
    const m = loadModelFile(ref('maboss/doc/basic-network.bnd'));
    const node = (id: string) => m.network.nodes.find((n) => n.id === id)!;
    const r = (id: string) => m.rules[m.index.get(id)!]!;
    // B: rate_up = @tmp, rate_down = NOT @tmp ? $B_var * 12. : 0. with tmp = NOT A OR C and $B_var = 0.
    expect(node('B').rateUp).toBe('NOT A OR C');
    expect(node('B').rateDown).toBe('NOT (NOT A OR C) ? $B_var * 12. : 0.');
    expect(equivalent(r('B'), parseRule('B | !A | C'))).toBe(true);
    expect((m.network.metadata!.maboss as { nodeAttributes: object }).nodeAttributes).toEqual({ B: { tmp: 'NOT A OR C' } });
    // D: logic = A OR (NOT B XOR C)
    expect(equivalent(r('D'), parseRule('A | (!B ^ C)'))).toBe(true);
    expect(node('D').rateUp).toBeUndefined();
    // A: rate_up = 1.1, rate_down = $A_rate_down * 10.2 with $A_rate_down = 0: once on, stays on.
    expect(equivalent(r('A'), parseRule('1'))).toBe(true);
    expect(m.network.parameters).toEqual({ A_rate_down: 0, B_var: 0, var2: 0 });
    expect(m.diagnostics.some((d) => /A has no logic/.test(d.message))).toBe(true);
  });

  it('reads XOR with MaBoSS precedence (below OR) and writes it unambiguously', () => {
    const m = readModel('node A { logic = A OR B XOR C; }\nnode B { logic = B; }\nnode C { logic = C; }\n', { format: 'maboss' });
    expect(equivalent(m.rules[0]!, parseRule('(A | B) ^ C'))).toBe(true);
    const w = writeModel(m, 'maboss');
    expect(w.text).toContain('logic = (A | B) ^ C;');
    expect(functionDiffs(m, readModel(w.text, { format: 'maboss', companion: w.companion }))).toEqual([]);
  });

  it('reads "X : expr" lines, Node with a capital, comments (Four_cycle.bnd)', () => {
    const m = loadModelFile(ref('maboss/toymodel/Four_cycle.bnd'), { cfg: [ref('maboss/toymodel/Four_cycle_SEscape.cfg')] });
    expect(m.ids).toEqual(['T', 'A', 'B', 'C', 'D']);
    const r = (id: string) => m.rules[m.index.get(id)!]!;
    expect(equivalent(r('C'), parseRule('1'))).toBe(true);
    expect(equivalent(r('D'), parseRule('!(A & B)'))).toBe(true);
    expect(equivalent(r('T'), parseRule('T & (A | B)'))).toBe(true);
    expect(m.network.initialStates!.istate).toMatchObject({ T: 1, A: 1, B: 1, C: 0.5, D: 0.5 });
  });

  it('fixes parameters used in logic at their .cfg values, with a diagnostic (p53_Mdm2)', () => {
    const m = loadModelFile(ref('maboss/p53_Mdm2/p53_Mdm2.bnd'), { cfg: [ref('maboss/p53_Mdm2/p53_Mdm2_runcfg.cfg')] });
    expect(m.network.nodes.find((n) => n.id === 'Mdm2C')!.rule).toBe('p53_h');
    expect(m.diagnostics.some((d) => /Mdm2C uses \$case_a/.test(d.message))).toBe(true);
    expect(m.network.initialStates!.istate).toMatchObject({ Dam: 1, Mdm2N: 1, p53: 0, p53_h: 0, Mdm2C: 0.5 });
    expect((m.network.metadata!.maboss as { refstate: object }).refstate).toEqual({ p53: 0, p53_h: 0 });
    // Without the .cfg the parameter is unknown: a clear error that names the .cfg candidates.
    const e = err(() => loadModelFile(ref('maboss/p53_Mdm2/p53_Mdm2.bnd')));
    expect(e.message).toMatch(/\$case_a .*not defined.*--cfg/);
    expect(e.loc.line).toBe(18);
  });

  it('reads joint and one-node istates, schedules, is_internal and run settings', () => {
    const m = loadModelFile(ref('maboss/cellfate/cellfate.bnd'), { cfg: [ref('maboss/cellfate/cellfate_schedule.cfg')] });
    const st = m.network.initialStates!.istate!;
    expect(st.TNF).toBeCloseTo(0.9);
    expect(st.FADD).toBe(1);
    const mb = m.network.metadata!.maboss as { schedule: Record<string, unknown>; internal: string[]; settings: Record<string, number> };
    expect(mb.schedule.TNF).toEqual([
      { time: 20, value: 0.1 },
      { time: 40, value: 0.9 },
      { time: 60, value: 0.1 },
      { time: 80, value: 0.9 },
      { time: 100, value: 0.1 },
    ]);
    expect(mb.internal).not.toContain('TNF');
    expect(mb.internal).toContain('CASP3');
    expect(mb.settings).toMatchObject({ time_tick: 0.1, max_time: 100, sample_count: 100000, discrete_time: 0, use_physrandgen: 0, thread_count: 1, statdist_traj_count: 0, seed_pseudorandom: 233814379 });
    expect(m.network.parameters!.TransRate).toBeCloseTo(1 / 6);

    const bnd = 'node A { logic = B; }\nnode B { logic = A; }\nnode C { logic = !C; }\n';
    const cfg = '[A,B].istate = 0.3 [0,1], 0.7 [1,0];\nC.istate = 0.25;\n$k = 2 * $j; $j = 3;\n';
    const j = readModel(bnd, { format: 'maboss', companion: cfg });
    expect(j.network.jointInitial).toEqual({ istate: [{ nodes: ['A', 'B'], choices: [{ weight: 0.3, values: [0, 1] }, { weight: 0.7, values: [1, 0] }] }] });
    expect(j.network.initialStates).toEqual({ istate: { C: 0.25 } });
    expect(j.network.parameters).toEqual({ k: 6, j: 3 });
  });

  it('names a syntax error, an unknown node and an unknown .cfg node by file, line and column', () => {
    const e = err(() => readModel('node A {\n  logic = B AND;\n}\nnode B { logic = A; }\n', { format: 'maboss', file: 'x.bnd' }));
    expect(e.code).toBe('syntax');
    expect(e.loc).toMatchObject({ file: 'x.bnd', line: 2, col: 16 });
    const e2 = err(() => readModel('node Alpha { logic = Beta; }\nnode Beta { logic = Alpa; }\n', { format: 'maboss', file: 'x.bnd' }));
    expect(e2.message).toMatch(/x\.bnd: 2:21: unknown node "Alpa" \(did you mean Alpha\?\)/);
    const e3 = err(() => readModel('node A { logic = A; }\n', { format: 'maboss', file: 'x.bnd', companion: '\nAa.istate = 1;\n', companionFile: 'x.cfg' }));
    expect(e3.loc).toMatchObject({ file: 'x.cfg', line: 2, col: 1 });
    expect(e3.message).toMatch(/did you mean A\?/);
    const e4 = err(() => readModel('node A { logic = A; /* never closed\n}', { format: 'maboss', file: 'x.bnd' }));
    expect(e4.loc).toMatchObject({ file: 'x.bnd', line: 1, col: 21 });
  });

  it('writes logic, default or own rates, istates, inputs, internal nodes and settings', () => {
    const net = JSON.stringify({
      nodes: [
        { id: 'In', input: true, default: 1 },
        { id: 'A', rule: 'In & !B | A ^ B', rateUp: '$k * 2', rateDown: 0.5 },
        { id: 'B', rule: 'A' },
      ],
      parameters: { k: 1.5 },
      initialStates: { s: { A: 1, B: 0.25 } },
      defaultInitial: 's',
      metadata: { maboss: { settings: { max_time: 10, sample_count: 1000 }, internal: ['B'] } },
    });
    const m = readModel(net, { format: 'native' });
    const w = writeModel(m, 'maboss');
    expect(w.text).toContain('node In {\n}');
    expect(w.text).toContain('logic = (In & !B) | (A ^ B);');
    expect(w.text).toContain('rate_up = $k * 2;');
    expect(w.text).toContain('rate_down = 0.5;');
    expect(w.text).toContain('rate_up = @logic ? 1.0 : 0.0;');
    expect(w.text).toContain('rate_down = @logic ? 0.0 : 1.0;');
    expect(w.companion).toContain('$k = 1.5;');
    expect(w.companion).toContain('In.istate = 1;');
    expect(w.companion).toContain('A.istate = 1;');
    expect(w.companion).toContain('[B].istate = 0.75 [0], 0.25 [1];');
    expect(w.companion).toContain('B.is_internal = 1;');
    expect(w.companion).toContain('max_time = 10;');
    const back = readModel(w.text, { format: 'maboss', companion: w.companion });
    expect(functionDiffs(m, back)).toEqual([]);
    expect(back.network.nodes[0]).toMatchObject({ id: 'In', input: true, default: 1 });
    expect(back.network.initialStates!.istate).toEqual({ A: 1, B: 0.25 });
    expect(back.network.parameters).toEqual({ k: 1.5 });
    expect(back.network.metadata!.maboss).toEqual({ settings: { max_time: 10, sample_count: 1000 }, internal: ['B'] });
  });
});
