/** .bnet / BoolNet and BooleanNet: syntax, errors with file:line:column, sniffing, ids and labels. */
import { describe, expect, it } from 'vitest';
import { readModel, sniffFormat, writeModel } from '../../src/formats/index.js';
import { parseRule } from '../../src/rules/parser.js';
import { equivalent } from '../../src/rules/semantics.js';
import { functionDiffs, roundTrip } from './ref-models.js';
import { errorOf as err } from '../helpers/errors.js';


describe('.bnet / BoolNet', () => {
  it('reads with and without header, "targets,factors", comments and blank lines', () => {
    const a = readModel('targets,factors\n# c\nA, !B & C # trailing\n\nB, A | (B & !C)\nC, 1\n', { format: 'bnet' });
    const b = readModel('A,!B&C\nB,A|B&!C\nC,1\n', { format: 'bnet' });
    expect(a.ids).toEqual(['A', 'B', 'C']);
    expect(functionDiffs(a, b)).toEqual([]);
    // Windows line ends and a byte-order mark.
    const c = readModel('\uFEFFtargets, factors\r\nA, !B & C\r\nB, A | B & !C\r\nC, 1\r\n', { format: 'bnet' });
    expect(functionDiffs(a, c)).toEqual([]);
  });

  it('names a syntax error by file, line and column', () => {
    const e = err(() => readModel('targets, factors\nA, B\nB, A & | C\n', { format: 'bnet', file: 'net.bnet' }));
    expect(e.code).toBe('syntax');
    expect(e.loc).toMatchObject({ file: 'net.bnet', line: 3, col: 8 });
    expect(e.message).toMatch(/^net\.bnet: 3:8: /);
    expect(e.message).toContain('B, A & | C');
  });

  it('rejects an unknown name with a suggestion, at its position', () => {
    const e = err(() => readModel('Erk, Erk & Mek\nMek, Erk | Mek & Raff\nRaf, !Erk\n', { format: 'bnet', file: 'raf.bnet' }));
    expect(e.code).toBe('unknown-identifier');
    expect(e.message).toContain('did you mean Raf?');
    expect(e.loc).toMatchObject({ file: 'raf.bnet', line: 2, col: 18 });
  });

  it('rejects a line without a comma, an empty rule and a second rule for one node', () => {
    expect(err(() => readModel('A, B\nB\n', { format: 'bnet', file: 'x.bnet' })).loc).toMatchObject({ line: 2, col: 1 });
    expect(err(() => readModel('A, \n', { format: 'bnet' })).message).toMatch(/empty rule/);
    expect(err(() => readModel('A, A\nA, !A\n', { format: 'bnet' })).message).toMatch(/second rule.*line 1/);
  });

  it('writes xor without ^ and never drops a variable', () => {
    const m = readModel('{"nodes":[{"id":"A","rule":"B ^ C"},{"id":"B","rule":"B | !B & A"},{"id":"C","rule":"C"}]}', { format: 'native' });
    const w = writeModel(m, 'bnet');
    expect(w.text).not.toContain('^');
    expect(w.notes.join('\n')).toMatch(/xor/);
    const back = readModel(w.text, { format: 'bnet' });
    expect(functionDiffs(m, back)).toEqual([]);
    expect(w.text).toContain('B, B | !B & A');
  });
});

describe('BooleanNet', () => {
  const text = [
    '# comment',
    'A = B = True',
    'C = False',
    'E = Random',
    '1: A* = not A',
    'B *= A and not C',
    'C * = (A or B) and not Ca2+c',
    '2: Ca2+c *= C-Myc',
    'C-Myc *= E',
  ].join('\n');

  it('reads rules, ranks, spaced markers, initial values and names with + and -', () => {
    const m = readModel(text, { format: 'booleannet' });
    expect(m.ids).toEqual(['A', 'B', 'C', 'Ca2_plus_c', 'C_Myc', 'E']);
    const node = (id: string) => m.network.nodes.find((n) => n.id === id)!;
    expect(node('Ca2_plus_c').label).toBe('Ca2+c');
    expect(node('C_Myc').label).toBe('C-Myc');
    expect(equivalent(m.rules[m.index.get('C')!]!, parseRule('(A | B) & !Ca2_plus_c'))).toBe(true);
    expect(m.network.initialStates!.initial).toEqual({ A: 1, B: 1, C: 0, E: 0.5 });
    expect(m.network.defaultInitial).toBe('initial');
    // E has no rule and a Random start: a self-loop.
    expect(node('E').rule).toBe('E');
  });

  it('makes a name with no rule an input (warning with a suggestion when it has no value either)', () => {
    const m = readModel('X = True\nA *= X and Bb\nB *= A\n', { format: 'booleannet' });
    expect(m.network.nodes.find((n) => n.id === 'X')).toMatchObject({ input: true, default: 1 });
    const w = m.diagnostics.find((d) => d.level === 'warning')!;
    expect(w.message).toMatch(/Bb .*input at 0.*did you mean B\?/);
  });

  it('names a syntax error by file, line and column', () => {
    const e = err(() => readModel('A *= B\nB *= A and (not A\n', { format: 'booleannet', file: 'r.txt' }));
    expect(e.code).toBe('syntax');
    expect(e.loc).toMatchObject({ file: 'r.txt', line: 2, col: 18 });
    const e2 = err(() => readModel('A *= B\nB = Maybe\n', { format: 'booleannet', file: 'r.txt' }));
    expect(e2.loc).toMatchObject({ line: 2, col: 5 });
  });

  it('writes *= rules in words and initial values', () => {
    const m = readModel(text, { format: 'booleannet' });
    const w = writeModel(m, 'booleannet');
    expect(w.text).toContain('C *= (A or B) and not Ca2_plus_c');
    expect(w.text).toContain('A = True');
    expect(w.text).toContain('E = Random');
    const back = readModel(w.text, { format: 'booleannet' });
    expect(functionDiffs(m, back)).toEqual([]);
    expect(back.network.nodes.find((n) => n.id === 'Ca2_plus_c')!.label).toBe('Ca2+c');
    // Nodes without an initial value are written as False (what the native format means by unlisted).
    expect(back.network.initialStates!.initial).toEqual({ Ca2_plus_c: 0, C_Myc: 0, ...m.network.initialStates!.initial });
  });
});

describe('format sniffing for .txt', () => {
  it('tells BoolNet from BooleanNet by content', () => {
    expect(sniffFormat('targets, factors\nA, B\n')).toBe('bnet');
    expect(sniffFormat('# x\nA, !B\n')).toBe('bnet');
    expect(sniffFormat('A *= B\n')).toBe('booleannet');
    expect(sniffFormat('A = True\n1: A* = not A\n')).toBe('booleannet');
    expect(sniffFormat('<?xml version="1.0"?><sbml/>')).toBe('sbml');
    expect(sniffFormat('node A { logic = A; }')).toBe('maboss');
    expect(sniffFormat('{"nodes": []}')).toBe('native');
    expect(readModel('A *= not A\n', { file: 'x.txt' }).ids).toEqual(['A']);
    expect(readModel('A, !A\n', { file: 'x.txt' }).ids).toEqual(['A']);
  });
});

describe('ids that need sanitising', () => {
  const native = JSON.stringify({
    nodes: [
      { id: 'bcat', label: 'β-catenin', rule: 'Wnt & !miR30b' },
      { id: 'miR30b', label: 'miR-30b', rule: 'Mg2 | bcat' },
      { id: 'Mg2', label: 'Mg2+', input: true, default: 1 },
      { id: 'Wnt', label: 'Wnt3α', rule: 'Wnt ^ bcat' },
    ],
    flags: { MOD_X: { value: 1 } },
  });

  it('keeps labels with -, + and Greek letters, inputs and flags through every text format', () => {
    const m = readModel(native, { format: 'native' });
    for (const fmt of ['bnet', 'booleannet', 'sbml', 'maboss'] as const) {
      const { back, text } = roundTrip(m, fmt);
      expect(functionDiffs(m, back), fmt).toEqual([]);
      expect(back.network.nodes.map((n) => n.label), fmt).toEqual(['β-catenin', 'miR-30b', 'Mg2+', 'Wnt3α']);
      expect(back.network.nodes.find((n) => n.id === 'Mg2'), fmt).toMatchObject({ input: true, default: 1 });
      expect(back.network.flags, fmt).toEqual({ MOD_X: { value: 1 } });
      if (fmt === 'bnet') expect(text).toContain('"label":"β-catenin"');
    }
  });

  it('sanitises names from files and keeps them as labels, so they survive bnet and back', () => {
    const m = readModel('β-catenin *= Wnt and not miR-30b\nmiR-30b *= Mg2+ or β-catenin\nMg2+ = True\nWnt *= Wnt\n4EBP1 *= not Wnt\n', { format: 'booleannet' });
    expect(m.ids).toEqual(['beta_catenin', 'miR_30b', 'Wnt', '_4EBP1', 'Mg2_plus']);
    expect(m.network.nodes.map((n) => n.label)).toEqual(['β-catenin', 'miR-30b', undefined, '4EBP1', 'Mg2+']);
    const { back } = roundTrip(m, 'bnet');
    expect(functionDiffs(m, back)).toEqual([]);
    expect(back.network.nodes.map((n) => n.label)).toEqual(['β-catenin', 'miR-30b', undefined, '4EBP1', 'Mg2+']);
    // A .bnet written by another tool, with names that are not ids.
    const b = readModel('targets, factors\nNF.kB, !IkB\nIkB, NF.kB\n', { format: 'bnet' });
    expect(b.ids).toEqual(['NF_kB', 'IkB']);
    expect(b.network.nodes[0]!.label).toBe('NF.kB');
  });
});
