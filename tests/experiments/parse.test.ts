import { describe, expect, it } from 'vitest';
import { compare, parseExpectation } from '../../src/experiments/expect.js';
import { locatePath, positionAt } from '../../src/experiments/json-locate.js';
import { parseExperiment } from '../../src/experiments/parse.js';
import { errorOf as err } from '../helpers/errors.js';


const exp = (o: unknown) => JSON.stringify(o, null, 2);

describe('expectation grammar', () => {
  it('parses READOUT@COND OP VALUE and READOUT@COND OP READOUT@COND', () => {
    const a = parseExpectation('Calcification@Pi >= 0.9');
    expect(a.op).toBe('>=');
    expect(a.left).toMatchObject({ kind: 'ref', readout: 'Calcification', condition: 'Pi', col: 1, conditionCol: 15 });
    expect(a.right).toMatchObject({ kind: 'number', value: 0.9 });
    const b = parseExpectation('Osteo_score@Pi+Mg < Osteo_score@Pi then Mg');
    expect(b.op).toBe('<');
    expect(b.left).toMatchObject({ readout: 'Osteo_score', condition: 'Pi+Mg' });
    expect(b.right).toMatchObject({ readout: 'Osteo_score', condition: 'Pi then Mg', col: 21 });
    for (const op of ['<', '<=', '>', '>=', '==', '!='] as const) expect(parseExpectation(`X@A ${op} 1`).op).toBe(op);
    expect(parseExpectation('0.5 < X@A').left).toMatchObject({ kind: 'number', value: 0.5 });
    expect(parseExpectation('X@A >= 90%').right).toMatchObject({ kind: 'number', value: 0.9 });
    expect(parseExpectation('X@A >= 1e-3').right).toMatchObject({ kind: 'number', value: 0.001 });
  });

  it('reports the column of each syntax error', () => {
    const cases: [string, number, RegExp][] = [
      ['Calcification@Pi 0.9', 21, /missing comparison operator/],
      ['Calcification@Pi = 0.9', 18, /use ==/],
      ['Calcification@Pi => 0.9', 18, /use ==/],
      ['Calcification@Pi ! 0.9', 18, /!=/],
      ['Calcification@Pi >= ', 21, /missing right side/],
      [' >= 0.9', 2, /missing left side/],
      ['Calcification >= 0.9', 1, /no @/],
      ['Calcification@Pi >= 0.9x', 21, /not a number/],
      ['@Pi >= 1', 1, /missing readout/],
      ['Calcification@ >= 1', 15, /missing condition/],
      ['Calc-score@Pi >= 1', 1, /not a node id or readout name/],
      ['X@A < 1 < 2', 9, /one comparison/],
      ['1 < 2', 1, /one side must be/],
    ];
    for (const [text, col, re] of cases) {
      const e = err(() => parseExpectation(text));
      expect(e.loc.col, text).toBe(col);
      expect(e.message, text).toMatch(re);
      expect(e.message, text).toContain(`column ${col}`);
    }
  });

  it('compares with a small tolerance for equality', () => {
    expect(compare(0.3, '==', 0.1 + 0.2)).toBe(true);
    expect(compare(0.3, '!=', 0.1 + 0.2)).toBe(false);
    expect(compare(1, '>=', 0.9)).toBe(true);
    expect(compare(0.9, '>', 0.9)).toBe(false);
    expect(compare(0.1, '<=', 0.1)).toBe(true);
  });
});

describe('experiment file', () => {
  const good = {
    network: 'net.json',
    conditions: {
      Pi: { inputs: { Pi_load: 1 } },
      'Pi+Mg': { inputs: { Pi_load: 1, Mg_supp: 1 } },
      'Pi then Mg': { from: 'Pi', inputs: { Pi_load: 1, Mg_supp: 1 } },
    },
    expect: ['Calcification@Pi >= 0.9', { expr: 'Calcification@Pi+Mg <= 0.1', conflict: true, note: 'n', observation: 'O3', table: { FULL: '✔', ACTIVE: false, PASSIVE: '-' } }],
  };

  it('reads conditions, expectations, conflicts and table marks', () => {
    const e = parseExperiment(exp(good), 'x.json');
    expect(e.order).toEqual(['Pi', 'Pi+Mg', 'Pi then Mg']);
    expect(e.expectations).toHaveLength(2);
    expect(e.expectations[0]).toMatchObject({ expr: 'Calcification@Pi >= 0.9', conflict: false, path: 'expect[0]' });
    const second = e.expectations[1]!;
    expect(second).toMatchObject({ conflict: true, note: 'n', observation: 'O3' });
    expect([...second.table]).toEqual([
      ['FULL', true],
      ['ACTIVE', false],
    ]);
  });

  it('orders `from` sources first and keeps file order otherwise', () => {
    const e = parseExperiment(exp({ conditions: { c: { from: 'b' }, a: {}, b: { from: 'a' }, d: {} } }));
    expect(e.order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects `from` cycles, self references and unknown sources with their path', () => {
    const cyc = err(() => parseExperiment(exp({ conditions: { A: { from: 'B' }, B: { from: 'C' }, C: { from: 'A' } } }), 'c.json'));
    expect(cyc.message).toMatch(/cycle.*"A" → "B" → "C" → "A"/);
    expect(cyc.loc.path).toBe('conditions.A.from');
    expect(cyc.loc.file).toBe('c.json');
    expect(err(() => parseExperiment(exp({ conditions: { A: { from: 'A' } } }))).message).toMatch(/starts from itself/);
    const unk = err(() => parseExperiment(exp({ conditions: { Pi: {}, X: { from: 'PI' } } })));
    expect(unk.loc.path).toBe('conditions.X.from');
    expect(unk.message).toMatch(/unknown condition "PI" \(did you mean Pi\?\)/);
  });

  it('names the JSON path, line and column of schema errors', () => {
    const text = exp({ conditions: { 'Pi+Mg': { inputs: { Pi_load: 1 }, perturbatons: [] } } });
    const e = err(() => parseExperiment(text, 'bad.json'));
    expect(e.code).toBe('schema');
    expect(e.loc.path).toBe('conditions["Pi+Mg"].perturbatons');
    expect(e.message).toMatch(/unknown field "perturbatons" \(did you mean perturbations\?\)/);
    expect(e.loc.line).toBe(7);
    expect(e.message.startsWith('bad.json: conditions["Pi+Mg"].perturbatons:7:')).toBe(true);

    const t2 = exp({ conditions: { A: { inputs: { Pi_load: 2 } } } });
    const e2 = err(() => parseExperiment(t2, 'b.json'));
    expect(e2.loc.path).toBe('conditions.A.inputs.Pi_load');
    expect(e2.loc.line).toBe(5);

    const e3 = err(() => parseExperiment(exp({ conditions: { A: { scheme: { type: 'asynch' } } } })));
    expect(e3.loc.path).toBe('conditions.A.scheme.type');

    const e4 = err(() => parseExperiment(exp({ conditions: { A: {} }, expect: [42] })));
    expect(e4.loc.path).toBe('expect[0]');
    expect(e4.message).toMatch(/READOUT@CONDITION/);

    expect(err(() => parseExperiment(exp({ conditions: {} }))).message).toMatch(/at least one condition/);
    expect(err(() => parseExperiment('{ "conditions": { "A": {} ')).message).toMatch(/invalid JSON/);
  });

  it('rejects condition names that would break expectations', () => {
    for (const name of ['a@b', 'a<b', 'x=y', 'no!', ' lead']) {
      const e = err(() => parseExperiment(exp({ conditions: { [name]: {} } })));
      expect(e.loc.path).toBe(`conditions[${JSON.stringify(name)}]`);
    }
  });

  it('locates expression errors in the file: path, file line and column, and column in the expression', () => {
    const text = exp({ conditions: { Pi: {}, 'Pi+Mg': {} }, expect: ['Calcification@Pi >= 0.9', 'Calcification@Pi+MG <= 0.1'] });
    const e = err(() => parseExperiment(text, 'e.json'));
    expect(e.loc.path).toBe('expect[1]');
    expect(e.message).toMatch(/column 15: unknown condition "Pi\+MG" \(did you mean Pi\+Mg\?\)/);
    const line = text.split('\n')[e.loc.line! - 1]!;
    expect(line.slice(e.loc.col! - 1).startsWith('Pi+MG')).toBe(true);
    // Object form: the path is the expr field.
    const t2 = exp({ conditions: { Pi: {} }, expect: [{ expr: 'Calcification@Pi => 1' }] });
    const e2 = err(() => parseExperiment(t2));
    expect(e2.loc.path).toBe('expect[0].expr');
    expect(e2.message).toMatch(/column 18: use ==/);
  });

  it('refuses "__proto__" as a name and keeps names like "constructor" as plain names', () => {
    const e = err(() => parseExperiment('{ "conditions": { "__proto__": {} } }'));
    expect(e.loc.path).toBe('conditions.__proto__');
    expect(e.message).toMatch(/reserved/);
    expect(err(() => parseExperiment('{ "conditions": { "A": { "inputs": { "__proto__": 1 } } } }')).loc.path).toBe('conditions.A.inputs.__proto__');
    const ok = parseExperiment(exp({ conditions: { constructor: {}, toString: { from: 'constructor' } }, expect: ['X@constructor < X@toString'] }));
    expect(ok.order).toEqual(['constructor', 'toString']);
    expect(err(() => parseExperiment(exp({ conditions: { hasOwnProperty: {} }, expect: ['X@valueOf >= 1'] }))).message).toMatch(/unknown condition "valueOf"/);
  });

  it('locates JSON paths in text', () => {
    const text = '{\n  "a": { "b": [1, {"c": "x"}] },\n  "d": 2\n}';
    const p = positionAt(text, locatePath(text, ['a', 'b', 1, 'c'])!);
    expect(p.line).toBe(2);
    expect(text.slice(p.offset, p.offset + 3)).toBe('"x"');
    const d = positionAt(text, locatePath(text, ['d'])!);
    expect([d.line, d.col]).toEqual([3, 8]);
  });
});
