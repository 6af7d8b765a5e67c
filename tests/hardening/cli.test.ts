/**
 * Every command on bad input, one by one, through the CLI entry (main(), in this process: the
 * same code bin/vsmc.js runs, without a Node start-up per case): exit 2, one `vsmc: …` message
 * naming the file and the place, no stack trace, nothing on stdout, no output file. The global
 * limit flags are applied before any command reads a file. (vsmc check keeps its documented
 * contract: 1 when the model it read has errors, 2 when the file cannot be read.)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULT_LIMITS, LIMITS_ENV, limits, setLimits } from '../../src/util/limits.js';
import { expectNoPollution } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vsmc-hard-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  // The flags change process-wide limits (and publish them for worker threads): undo both.
  setLimits(DEFAULT_LIMITS);
  delete process.env[LIMITS_ENV];
  expectNoPollution();
});

const put = (name: string, text: string): string => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};

const bad = put('bad.json', '{"nodes": [{"id": "A", "rule": "A &"}]}\n');
const badLine = `vsmc: ${bad}: nodes.A.rule:1:4: rule is incomplete: expected a name, a constant, "!" or "("`;
const good = put('good.json', JSON.stringify({ nodes: [{ id: 'A', rule: '!B' }, { id: 'B', rule: 'A' }, { id: 'C', rule: 'C' }] }));
const badXml = put('bad.sbml', '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<sbml/>\n');
const badExp = put('bad-exp.json', `{\n  "network": "good.json",\n  "conditions": { "a": { "scheme": { "cells": -5 } } }\n}\n`);

async function vsmc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const before = process.exitCode;
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    e.mockRestore();
    o.mockRestore();
    process.exitCode = before;
  }
}

/** Exit 2, exactly one clean message whose first line is `first`, nothing on stdout. */
function expectRefused(r: { code: number; out: string; err: string }, first: string | RegExp): void {
  expect(r.code, r.err).toBe(2);
  expect(r.out).toBe('');
  const line = r.err.split('\n')[0]!;
  if (typeof first === 'string') expect(line).toBe(first);
  else expect(line).toMatch(first);
  expect(r.err.match(/^vsmc: /gm)?.length).toBe(1);
  expect(r.err).not.toMatch(/\n\s+at [^\n]*:\d+:\d+\)?\n/);
  expect(r.err).not.toMatch(/internal error|TypeError|RangeError|ReferenceError/);
}

describe('each command on a bad model file', () => {
  const out = join(dir, 'out');
  it('vsmc info', async () => expectRefused(await vsmc('info', bad), badLine));
  it('vsmc convert (and no output file)', async () => {
    expectRefused(await vsmc('convert', bad, `${out}.bnet`), badLine);
    expect(existsSync(`${out}.bnet`)).toBe(false);
  });
  it('vsmc check: a model with errors is exit 1 with the error listed; an unreadable file is exit 2', async () => {
    const r = await vsmc('check', bad);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe(`error: ${badLine.slice('vsmc: '.length)}`);
    expect(r.err).toBe('');
    expectRefused(await vsmc('check', badXml), `vsmc: ${badXml}: 2:1: XML with a <!DOCTYPE declaration is refused (entity expansion and external entities are not allowed in model files); remove the declaration`);
    expectRefused(await vsmc('check', join(dir, 'missing.json')), `vsmc: ${join(dir, 'missing.json')}: cannot read file: no such file`);
  });
  it('vsmc simulate (and no output file)', async () => {
    expectRefused(await vsmc('simulate', bad, '--out', `${out}.csv`, '--no-progress'), badLine);
    expect(existsSync(`${out}.csv`)).toBe(false);
  });
  it('vsmc attractors', async () => expectRefused(await vsmc('attractors', bad, '--no-progress'), badLine));
  it('vsmc screen', async () => expectRefused(await vsmc('screen', bad, '--quiet'), badLine));
  it('vsmc sweep', async () => expectRefused(await vsmc('sweep', bad, '--param', 'A%0=0:1:0.5', '--quiet'), badLine));
  it('vsmc sensitivity', async () => expectRefused(await vsmc('sensitivity', bad, '--quiet'), badLine));
  it('every model command on an XML entity bomb', async () => {
    for (const cmd of ['info', 'simulate', 'attractors', 'screen', 'sensitivity']) {
      expectRefused(await vsmc(cmd, badXml, ...(cmd === 'info' ? [] : cmd === 'simulate' || cmd === 'attractors' ? ['--no-progress'] : ['--quiet'])), /^vsmc: .*bad\.sbml: 2:1: XML with a <!DOCTYPE declaration is refused/);
    }
  });
});

describe('vsmc run on a bad experiment file', () => {
  it('schema error with path, line and column', async () => {
    expectRefused(await vsmc('run', badExp, '--no-progress'), `vsmc: ${badExp}: conditions.a.scheme.cells:3:47: Too small: expected number to be >0`);
  });
  it('an experiment naming a bad network', async () => {
    const e = put('names-bad.json', JSON.stringify({ network: 'bad.json', conditions: { a: {} } }));
    expectRefused(await vsmc('run', e, '--no-progress'), badLine);
  });
  it('a --csv output is not written when the input is bad', async () => {
    const csv = join(dir, 'run.csv');
    expectRefused(await vsmc('run', badExp, '--csv', csv, '--no-progress'), /cells/);
    expect(existsSync(csv)).toBe(false);
  });
});

describe('vsmc merge on directories that are not (intact) batch outputs', () => {
  const manifest = (o: object) => JSON.stringify({ format: 'vsmc-batch-manifest', kind: 'screen', jobHash: 'h', job: { kind: 'screen', scheme: { cells: 4 }, condition: { label: 'c' } }, model: { hash: 'm' }, readoutNames: ['R'], nodeIds: ['A'], items: 1, shard: { index: 0, count: 1 }, shardItems: 1, done: 1, completed: true, display: { readouts: ['R'] }, started: 't', ...o });
  it('no manifest', async () => {
    const d = join(dir, 'empty');
    mkdirSync(d, { recursive: true });
    expectRefused(await vsmc('merge', d, '--out', join(dir, 'm1')), `vsmc: ${d}: no manifest.json: not the output directory of a batch job`);
  });
  it('a manifest that is not JSON', async () => {
    const p = put('s2/manifest.json', '{ damaged');
    expectRefused(await vsmc('merge', join(dir, 's2'), '--out', join(dir, 'm2')), `vsmc: ${p}: manifest.json is not valid JSON`);
  });
  it('a manifest with a damaged field', async () => {
    const p = put('s3/manifest.json', manifest({ model: 5 }));
    expectRefused(await vsmc('merge', join(dir, 's3'), '--out', join(dir, 'm3')), `vsmc: ${p}: model: damaged batch manifest: Invalid input: expected object, received number`);
  });
  it('result lines that do not fit the job', async () => {
    put('s4/manifest.json', manifest({}));
    put('s4/results.jsonl', '{"i":0,"key":"baseline","cells":4,"mean":[],"se":[],"nodes":[],"fp":0}\n');
    expectRefused(await vsmc('merge', join(dir, 's4'), '--out', join(dir, 'm4')), /results\.jsonl: item 0 "baseline" does not fit the job/);
  });
  it('a result line that is not one', async () => {
    put('s5/manifest.json', manifest({}));
    const p = put('s5/results.jsonl', '{"i":"zero"}\n');
    expectRefused(await vsmc('merge', join(dir, 's5'), '--out', join(dir, 'm5')), `vsmc: ${p}: 1: not a result line (the file was damaged or edited)`);
  });
});

describe('bad options and side files', () => {
  const cases: [string[], string | RegExp][] = [
    [['simulate', good, '--cells', '0'], 'vsmc: --cells must be an integer ≥ 1, found "0"'],
    [['simulate', good, '--cells', '1e9999'], 'vsmc: --cells must be an integer ≥ 1, found "1e9999"'],
    [['simulate', good, '--time', 'Infinity'], 'vsmc: --time must be a positive number, found "Infinity"'],
    [['simulate', good, '--time', 'NaN'], 'vsmc: --time must be a positive number, found "NaN"'],
    [['simulate', good, '--dt', '0'], 'vsmc: --dt must be a positive number, found "0"'],
    [['simulate', good, '--scheme', 'sync', '--steps', '-1'], 'vsmc: --steps must be an integer ≥ 0, found "-1"'],
    [['simulate', good, '--noise', '2', '--scheme', 'sync'], 'vsmc: --noise must be a probability between 0 and 1, found "2"'],
    [['simulate', good, '--scheme', 'eval'], 'vsmc: --scheme must be one of sync, async, sweep, stochastic, found "eval"'],
    [['simulate', good, '--perturb', 'A%0@2'], 'vsmc: perturbation "A%0@2": the fraction after @ must be a number between 0 and 1, found "2"'],
    [['simulate', good, '--inputs', '__proto__=1'], `vsmc: ${good}: input setting: unknown node "__proto__"`],
    [['simulate', good, '--hypothesis', 'constructor'], `vsmc: ${good}: unknown hypothesis "constructor": the model defines none`],
    [['simulate', good, '--init', 'toString'], `vsmc: ${good}: unknown initial state "toString"; use random, zeros, or a file`],
    [['simulate', good, '--schedule', 'A=1@NaN'], 'vsmc: --schedule: expected NODE=V@TIME or NODE=V@TIME:P (e.g. Mg_supp=1@20:0.5), found "A=1@NaN"'],
    [['attractors', good, '--fix', 'constructor=1'], `vsmc: ${good}: --fix: unknown node "constructor"`],
    [['convert', good, join(dir, 'x.pdf')], /^vsmc: .*--to/],
  ];
  for (const [args, first] of cases) {
    it(args.slice(2).join(' '), async () => expectRefused(await vsmc(...args, ...(args[0] === 'convert' ? [] : ['--no-progress'])), first));
  }
  it('usage errors (commander) are exit 2 with one line and the help hint, no stack', async () => {
    for (const args of [['simulate', good, '--bogus'], ['frobnicate'], ['simulate']]) {
      const r = await vsmc(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error: /);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
  it('initial-state files that are wrong', async () => {
    const f1 = put('init1.json', '{"states": [1, 2]}');
    expectRefused(await vsmc('simulate', good, '--init', f1, '--no-progress'), `vsmc: ${f1}: state 1: expected a string of 3 characters 0/1 (one per node, in model order)`);
    const f2 = put('init2.json', '{"values": {"A": 1}, "rest": "abc"}');
    expectRefused(await vsmc('simulate', good, '--init', f2, '--no-progress'), `vsmc: ${good}: initial state: "rest" (the value of unlisted nodes) must be between 0 and 1, found NaN`);
    const f3 = put('init3.json', '{"A": "x"}');
    expectRefused(await vsmc('attractors', good, '--init', f3, '--no-progress'), /^vsmc: .*init3\.json: an initial-state file holds/);
    const f4 = put('init4.json', '{"A": 1,');
    expectRefused(await vsmc('simulate', good, '--init', f4, '--no-progress'), `vsmc: ${f4}: 1:9: invalid JSON: expected a property name in double quotes, found end of file`);
  });
});

describe('global limit flags', () => {
  it('--max-nodes, --max-file-mb and --max-cell-steps apply before the command reads anything', async () => {
    expectRefused(await vsmc('--max-nodes', '2', 'info', good), `vsmc: ${good}: the network has 3 nodes; the limit is 2 (raise it with --max-nodes)`);
    setLimits(DEFAULT_LIMITS);
    expectRefused(await vsmc('info', good, '--max-file-mb', '0.00001'), /^vsmc: .*good\.json: file is \d+ bytes; the limit is 10 bytes \(raise it with --max-file-mb\)$/);
    setLimits(DEFAULT_LIMITS);
    expectRefused(await vsmc('--max-cell-steps', '100', 'simulate', good, '--scheme', 'sync', '--cells', '10', '--steps', '10', '--no-progress'), 'vsmc: 10 cells × 10 steps × 3 nodes is over the limit of 100 node updates per run (raise it with --max-cell-steps)');
  });
  it('raising --max-nodes lets a larger model through, and is published for worker threads', async () => {
    const big = put('big.bnet', Array.from({ length: 12 }, (_, i) => `N${i}, N${(i + 1) % 12}`).join('\n') + '\n');
    setLimits({ maxNodes: 10 });
    expectRefused(await vsmc('info', big), /more than 10 nodes/);
    const r = await vsmc('--max-nodes', '20', 'info', big);
    expect(r.code).toBe(0);
    expect(limits().maxNodes).toBe(20);
    expect(JSON.parse(process.env[LIMITS_ENV]!).maxNodes).toBe(20);
  });
  it('flag values that are not positive numbers', async () => {
    for (const [flag, v] of [['--max-nodes', 'abc'], ['--max-nodes', '0'], ['--max-nodes', '1.5'], ['--max-file-mb', '-1'], ['--max-cell-steps', 'Infinity']]) {
      expectRefused(await vsmc(flag!, v!, 'info', good), `vsmc: ${flag} must be a positive ${flag === '--max-nodes' ? 'integer' : 'number'}, found "${v}"`);
    }
  });
  it('attractors keeps its own cap as --max-free-nodes', async () => {
    const r = await vsmc('attractors', good, '--max-free-nodes', '1', '--no-progress');
    expectRefused(r, /beyond the limit of 1 free nodes/);
  });
});
