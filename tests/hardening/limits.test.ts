/**
 * Every resource limit, enforced where it should be, with a clear message that says how to raise
 * it, and before anything large is allocated. Each limit is tested with a tiny configured value,
 * so the tests are fast; the extreme inputs (100,000 nesting levels, 1 MB identifiers) run with
 * the default limits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type FormatName, readModel } from '../../src/formats/index.js';
import { readTextFile } from '../../src/formats/node-io.js';
import { parseExperiment } from '../../src/experiments/parse.js';
import { parseRule } from '../../src/rules/parser.js';
import { parseRateExpr } from '../../src/rules/rate-expr.js';
import { simulate } from '../../src/engine/simulate.js';
import { findAttractors } from '../../src/analysis/index.js';
import { prepare } from '../../src/model/prepare.js';
import { DEFAULT_LIMITS, setLimits } from '../../src/util/limits.js';
import type { VsmcError } from '../../src/util/errors.js';
import { exercise, expectNoPollution, settle } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vsmc-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  setLimits(DEFAULT_LIMITS);
  expectNoPollution();
});

function refused(f: () => unknown, input?: unknown): VsmcError {
  const r = settle(f, input);
  if (r.ok) throw new Error('expected a VsmcError, got a result');
  return r.error;
}

const chain = (ids: string[]) => ids.map((id, i) => ({ id, rule: ids[(i + 1) % ids.length]! }));

describe('file size (maxFileBytes, --max-file-mb)', () => {
  it('every reader refuses a text over the limit, naming the file and the flag', () => {
    setLimits({ maxFileBytes: 64 });
    const long = 'A, A\n'.repeat(20);
    for (const [format, text] of [['bnet', long], ['native', JSON.stringify({ nodes: chain(['A', 'B', 'C', 'D', 'E']) })]] as [FormatName, string][]) {
      const e = refused(() => readModel(text, { format, file: `big.${format}` }));
      expect(e.code).toBe('limit');
      expect(e.message).toBe(`big.${format}: file is ${text.length} bytes; the limit is 64 bytes (raise it with --max-file-mb)`);
    }
    const e = refused(() => parseExperiment(JSON.stringify({ title: 'a title long enough', conditions: { a: {}, b: {}, c: {}, d: {}, e: {}, f: {} } }), 'big.json'));
    expect(e.message).toMatch(/^big\.json: file is \d+ bytes; the limit is 64 bytes \(raise it with --max-file-mb\)$/);
  });

  it('a file on disk is refused from its size, before it is read', () => {
    const p = join(dir, 'big.bnet');
    writeFileSync(p, 'A, A\n'.repeat(1000));
    setLimits({ maxFileBytes: 1024 });
    expect(refused(() => readTextFile(p)).message).toBe(`${p}: file is 4.88 kB; the limit is 1 kB (raise it with --max-file-mb)`);
  });
});

describe('network size (maxNodes, --max-nodes)', () => {
  const four = ['A', 'B', 'C', 'D'];
  const texts: Record<FormatName, string> = {
    native: JSON.stringify({ nodes: chain(four) }),
    bnet: chain(four).map((n) => `${n.id}, ${n.rule}`).join('\n'),
    booleannet: chain(four).map((n) => `${n.id} *= ${n.rule}`).join('\n'),
    sbml: `<sbml><model><listOfQualitativeSpecies>${four.map((id) => `<qualitativeSpecies id="${id}" maxLevel="1"/>`).join('')}</listOfQualitativeSpecies></model></sbml>`,
    maboss: chain(four).map((n) => `node ${n.id} { logic = ${n.rule}; }`).join('\n'),
  };
  it('each format refuses a fourth node under a limit of three, with where it is', () => {
    setLimits({ maxNodes: 3 });
    const want: Record<FormatName, string> = {
      native: 'n.json: the network has 4 nodes; the limit is 3 (raise it with --max-nodes)',
      bnet: 'n.bnet: 4:1: more than 3 nodes; the limit is 3 (raise it with --max-nodes)',
      booleannet: 'n.booleannet: 4:1: more than 3 nodes; the limit is 3 (raise it with --max-nodes)',
      sbml: 'n.sbml: 1:186: species "D" (maxLevel 1) brings the booleanised network to 4 nodes; the limit is 3 (raise it with --max-nodes)',
      maboss: 'n.bnd: 4:6: more than 3 nodes; the limit is 3 (raise it with --max-nodes)',
    };
    for (const f of Object.keys(texts) as FormatName[]) {
      const file = `n.${f === 'maboss' ? 'bnd' : f === 'native' ? 'json' : f}`;
      const e = refused(() => readModel(texts[f], { format: f, file }));
      expect(e.code).toBe('limit');
      expect(e.message.split('\n')[0]).toBe(want[f]);
    }
  });

  it('SBML maxLevel counts as that many Boolean nodes, refused before booleanising', () => {
    const text = '<sbml><model><listOfQualitativeSpecies><qualitativeSpecies id="A" maxLevel="100000000"/></listOfQualitativeSpecies></model></sbml>';
    const e = refused(() => readModel(text, { format: 'sbml', file: 'm.sbml' }));
    expect(e.message.split('\n')[0]).toBe('m.sbml: 1:63: species "A" (maxLevel 100000000) brings the booleanised network to 100000000 nodes; the limit is 5000 (raise it with --max-nodes)');
  });

  it('within the limit the same texts read', () => {
    for (const f of Object.keys(texts) as FormatName[]) expect(settle(() => readModel(texts[f], { format: f })).ok).toBe(true);
  });
});

describe('expression depth and size (maxExprDepth, maxRuleLength)', () => {
  it('rules, text-format rules and rate expressions refuse nesting past the limit', () => {
    setLimits({ maxExprDepth: 4 });
    const deep = '((((( A )))))';
    expect(refused(() => readModel(JSON.stringify({ nodes: [{ id: 'A', rule: deep }] }), { format: 'native', file: 'd.json' })).message.split('\n')[0]).toBe('d.json: nodes.A.rule:1:5: expression nested deeper than 4 levels');
    expect(refused(() => readModel(`A, ${deep}\n`, { format: 'bnet', file: 'd.bnet' })).message.split('\n')[0]).toBe('d.bnet: 1:8: expression nested deeper than 4 levels');
    expect(refused(() => readModel(`A *= not not not not not A\n`, { format: 'booleannet', file: 'd.txt' })).message.split('\n')[0]).toBe('d.txt: 1:22: expression nested deeper than 4 levels');
    // The rate-expression parser counts each sub-expression and each "(": the third "(" is level 5.
    expect(refused(() => readModel(`node A { logic = ${deep}; }\n`, { format: 'maboss', file: 'd.bnd' })).message.split('\n')[0]).toBe('d.bnd: 1:20: expression nested deeper than 4 levels');
    expect(refused(() => parseRateExpr('-(-(-(-(1))))')).message.split('\n')[0]).toBe('1:3: expression nested deeper than 4 levels');
  });

  it('rules longer than maxRuleLength are refused before they are tokenised', () => {
    setLimits({ maxRuleLength: 20 });
    const rule = 'A & A & A & A & A & A';
    expect(refused(() => readModel(JSON.stringify({ nodes: [{ id: 'A', rule }] }), { format: 'native', file: 'l.json' })).message).toBe(`l.json: nodes.A.rule: rule is ${rule.length} characters long; the limit is 20`);
    expect(refused(() => readModel(`A, ${rule}`, { format: 'bnet', file: 'l.bnet' })).message.split('\n')[0]).toBe(`l.bnet: 1:3: rule is ${rule.length + 1} characters long; the limit is 20`);
    expect(refused(() => parseRateExpr('1 + 1 + 1 + 1 + 1 + 1')).message).toBe('rate expression is 21 characters long; the limit is 20');
  });

  it('JSON data nested past maxJsonDepth is refused (it could not be written back)', () => {
    setLimits({ maxJsonDepth: 5 });
    const text = JSON.stringify({ nodes: [{ id: 'A', rule: 'A' }], metadata: { a: [[[[[1]]]]] } });
    expect(refused(() => readModel(text, { format: 'native', file: 'j.json' })).message).toBe('j.json: metadata.a[0][0][0]: data nested deeper than 5 levels is refused');
  });

  it('XML nested past maxXmlDepth is refused by the linear scan, with the line', () => {
    setLimits({ maxXmlDepth: 5 });
    const text = '<sbml><model>\n<a><b><c><d></d></c></b></a></model></sbml>';
    expect(refused(() => readModel(text, { format: 'sbml', file: 'x.sbml' })).message.split('\n')[0]).toBe('x.sbml: 2:10: XML nested deeper than 5 levels is refused');
  });
});

describe('exhaustive state space (maxExhaustiveStates)', () => {
  const m = readModel(JSON.stringify({ nodes: chain(['A', 'B', 'C', 'D', 'E', 'F']).map((n, i) => ({ ...n, rule: `${n.rule} | !${'ABCDEF'[(i + 2) % 6]}` })) }), { format: 'native', file: 's.json' });
  it('synchronous and asynchronous exhaustive searches refuse 2^6 states under a limit of 16', () => {
    setLimits({ maxExhaustiveStates: 16 });
    const sync = refused(() => findAttractors(prepare(m), { scheme: 'sync' }));
    expect(sync.code).toBe('limit');
    expect(sync.message).toMatch(/^s\.json: exhaustive synchronous search over 6 free nodes \(2\^6 states\)/);
    const asyncE = refused(() => findAttractors(prepare(m), { scheme: 'async', budget: 2 ** 20 }));
    expect(asyncE.message).toMatch(/^s\.json: exhaustive asynchronous search needs all 2\^6 states of the 6 free nodes; the budget is 16 states/);
  });
  it('under the default limit they run', () => {
    expect(settle(() => findAttractors(prepare(m), { scheme: 'sync' })).ok).toBe(true);
    expect(settle(() => findAttractors(prepare(m), { scheme: 'async' })).ok).toBe(true);
  });
});

describe('run size (maxCellSteps, --max-cell-steps)', () => {
  const m = readModel(JSON.stringify({ nodes: chain(['A', 'B', 'C', 'D']) }), { format: 'native' });
  it('each scheme is checked up front, before anything per cell is allocated', () => {
    setLimits({ maxCellSteps: 1000 });
    const cases: [Parameters<typeof simulate>[0]['scheme'], string][] = [
      [{ type: 'sync', cells: 100, seed: 1, steps: 10 }, '100 cells × 10 steps × 4 nodes is over the limit of 1000 node updates per run (raise it with --max-cell-steps)'],
      [{ type: 'sweep', cells: 100, seed: 1, steps: 10 }, '100 cells × 10 steps × 4 nodes is over the limit of 1000 node updates per run (raise it with --max-cell-steps)'],
      [{ type: 'async', cells: 100, seed: 1, steps: 11 }, '100 cells × 11 steps is over the limit of 1000 node updates per run (raise it with --max-cell-steps)'],
      [{ type: 'stochastic', cells: 100, seed: 1, time: 3 }, '100 cells × time 3 × 4 nodes is over the limit of 1000 node updates per run (raise it with --max-cell-steps)'],
      // Starting a cell costs a pass over its nodes, however short the run.
      [{ type: 'sync', cells: 300, seed: 1, steps: 0 }, '300 cells × 0 steps × 4 nodes is over the limit of 1000 node updates per run (raise it with --max-cell-steps)'],
      [{ type: 'stochastic', cells: 300, seed: 1, time: 0.001 }, '300 cells × time 0.001 × 4 nodes is over the limit of 1000 node updates per run (raise it with --max-cell-steps)'],
    ];
    for (const [scheme, msg] of cases) {
      const e = refused(() => simulate({ model: m, scheme }));
      expect(e.code).toBe('limit');
      expect(e.message).toBe(msg);
    }
  });
  it('a request a billion times over the default limit fails without allocating', () => {
    const before = process.memoryUsage().arrayBuffers;
    for (const scheme of [
      { type: 'sync', cells: 1e9, seed: 1, steps: 1e12 },
      { type: 'stochastic', cells: 1e9, seed: 1, time: 1e12, dt: 1e8 },
    ] as const) {
      expect(refused(() => simulate({ model: m, scheme, record: { finalStates: true } })).code).toBe('limit');
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });
  it('within the limit the same model runs', () => {
    setLimits({ maxCellSteps: 1000 });
    expect(settle(() => simulate({ model: m, scheme: { type: 'sync', cells: 25, seed: 1, steps: 10 } })).ok).toBe(true);
  });
});

describe('extreme inputs under the default limits', () => {
  const N = 100_000;
  const nest = (open: string, inner: string, close: string) => open.repeat(N) + inner + close.repeat(N);
  const cases: [string, () => unknown][] = [
    ['100k parentheses in a native rule', () => readModel(JSON.stringify({ nodes: [{ id: 'A', rule: nest('(', 'A', ')') }] }), { format: 'native', file: 'x.json' })],
    ['100k negations in a native rule', () => readModel(JSON.stringify({ nodes: [{ id: 'A', rule: '!'.repeat(N) + 'A' }] }), { format: 'native', file: 'x.json' })],
    ['100k "not" in BooleanNet', () => readModel('A *= ' + 'not '.repeat(N) + 'A\n', { format: 'booleannet', file: 'x.txt' })],
    ['100k parentheses in .bnet', () => readModel('A, ' + nest('(', 'A', ')') + '\n', { format: 'bnet', file: 'x.bnet' })],
    ['100k parentheses in MaBoSS logic', () => readModel('node A { logic = ' + nest('(', 'A', ')') + '; }', { format: 'maboss', file: 'x.bnd' })],
    ['100k unary minus in a rate', () => parseRateExpr('-'.repeat(N) + '1')],
    ['100k-term sum in a rate', () => parseRateExpr(Array(N).fill('1').join('+'))],
    ['100k nested conditionals in a rate', () => parseRateExpr('A ? '.repeat(N) + '1' + ' : 0'.repeat(N))],
    ['100,000 nested XML elements', () => readModel('<sbml>' + nest('<a>', '', '</a>') + '</sbml>', { format: 'sbml', file: 'x.sbml' })],
    ['100,000 nested JSON arrays (model)', () => readModel(JSON.stringify({ nodes: [] }).replace('[]', nest('[', '', ']')), { format: 'native', file: 'x.json' })],
    ['100,000 nested JSON objects (metadata)', () => readModel(`{"nodes":[{"id":"A","rule":"A"}],"metadata":${nest('{"a":', '1', '}')}}`, { format: 'native', file: 'x.json' })],
    ['100,000 nested JSON (experiment)', () => parseExperiment(`{"conditions":{"a":{}},"title":${nest('[', '', ']')}}`, 'x.json')],
    ['unclosed 100,000 nesting (JSON error location)', () => readModel('['.repeat(N), { format: 'native', file: 'x.json' })],
    ['100k parentheses in a perturbation-free rule parse', () => parseRule(nest('(', 'A', ')'))],
  ];
  for (const [what, f] of cases) {
    it(what, () => {
      const r = settle(f, what);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['limit', 'syntax', 'schema', 'format']).toContain(r.error.code);
    });
  }

  const MB = 'x'.repeat(1024 * 1024);
  const big: [string, FormatName, string][] = [
    ['a 1 MB node id (native)', 'native', JSON.stringify({ nodes: [{ id: `A${MB}`, rule: `A${MB}` }] })],
    ['a 1 MB label (native)', 'native', JSON.stringify({ nodes: [{ id: 'A', rule: 'A', label: MB, notes: MB }] })],
    ['a 1 MB node name (.bnet)', 'bnet', `A${MB}, A${MB}\n`],
    ['a 1 MB node name (BooleanNet)', 'booleannet', `A${MB} *= A${MB}\n`],
    ['a 1 MB species id (SBML)', 'sbml', `<sbml><model><listOfQualitativeSpecies><qualitativeSpecies id="A${MB}" maxLevel="1"/></listOfQualitativeSpecies></model></sbml>`],
    ['a 1 MB node name (MaBoSS)', 'maboss', `node A${MB} { logic = A${MB}; }`],
    ['a 1 MB comment (.bnet)', 'bnet', `# ${MB}\nA, A\n`],
  ];
  for (const [what, format, text] of big) {
    it(what, () => {
      const r = settle(() => readModel(text, { format, file: 'big' }), what);
      if (r.ok) exercise(r.value, what);
    });
  }
  it('a 1 MB half-identifier as a rate parameter and as an experiment condition', () => {
    const half = 'p'.repeat(500_000);
    settle(() => readModel(JSON.stringify({ nodes: [{ id: 'A', rule: 'A', rateUp: `$${half}` }], parameters: { [half]: 1 } }), { format: 'native' }), 'param');
    settle(() => parseExperiment(JSON.stringify({ conditions: { [MB]: {} }, expect: [`A@${MB} > 0`] }), 'x.json'), 'condition');
  });
});
