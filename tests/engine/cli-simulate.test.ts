/** `vsmc simulate`: CSV/JSON output, options, errors (exit 2, no stack trace). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { buildRequest, parseSchedule } from '../../src/cli/commands/simulate.js';
import { loadNativeModel } from '../../src/model/load.js';

const run = promisify(execFile);
const bin = resolve(repoRoot(), 'bin/vsmc.js');
const model = resolve(__dirname, 'fixtures/toggle.json');
const dir = mkdtempSync(join(tmpdir(), 'vsmc-simulate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function vsmc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { cwd: repoRoot(), env: { ...process.env, FORCE_COLOR: '0' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('vsmc simulate', () => {
  it('writes the CSV: header time, node ids, readouts; first column the window starts', async () => {
    const out = join(dir, 'a.csv');
    const r = await vsmc(['simulate', model, '--scheme', 'stochastic', '--cells', '300', '--nodes', 'S,A,B,C', '--time', '5', '--dt', '1', '--seed', '1', '--threads', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,S,A,B,C,activity');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([0, 1, 2, 3, 4]);
    // The model's own initial state ("healthy": A off, B on) is the default.
    expect(lines[1]!.split(',').slice(1, 4)).toEqual(['0', '0', '1']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 30_000);

  it('JSON output with interventions, a schedule, per-cell initial states from a file, 2 threads', async () => {
    const out = join(dir, 'b.json');
    const init = join(dir, 'init.json');
    writeFileSync(init, JSON.stringify({ states: ['0110', '0101', '0000', '0111'] }));
    const r = await vsmc(['simulate', model, '--scheme', 'sync', '--cells', '4', '--steps', '6', '--every', '1', '--init', init, '--perturb', 'B%0', '--schedule', 'S=1@3', '--threads', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8')) as { ids: string[]; times: number[]; nodeFractions: number[][]; final: { nodeFractions: number[] }; finalStates?: string[] };
    expect(j.ids).toEqual(['S', 'A', 'B', 'C']);
    expect(j.times).toEqual([0, 1, 2, 3, 4, 5]);
    // B is knocked out from the start; A follows !B; S switches on at step 3.
    expect(j.nodeFractions[0]).toEqual([0, 0.75, 0, 0.5]);
    expect(j.nodeFractions.map((w) => w[0])).toEqual([0, 0, 0, 1, 1, 1]);
    expect(j.final.nodeFractions).toEqual([1, 1, 0, 1]);
  }, 30_000);

  it('option parsing: schedule notation, scheme-specific options, input settings', () => {
    expect(parseSchedule('Mg_supp=1@20:0.5, X=0@3')).toEqual([
      { node: 'Mg_supp', value: 1, time: 20, probability: 0.5 },
      { node: 'X', value: 0, time: 3 },
    ]);
    expect(() => parseSchedule('X=2@3')).toThrow(/NODE=V@TIME/);
    const m = loadNativeModel(readFileSync(model, 'utf8'));
    const base = { scheme: 'sync', cells: '10', seed: '1' };
    expect(() => buildRequest(m, { ...base, time: '5' })).toThrow(/--steps/);
    expect(() => buildRequest(m, { ...base, scheme: 'stochastic', steps: '5' })).toThrow(/--time/);
    expect(() => buildRequest(m, { ...base, scheme: 'gillespie' })).toThrow(/--scheme must be one of/);
    const { req, threads } = buildRequest(m, { ...base, inputs: 'S=1', noise: '0.01', threads: '3', init: 'random' });
    expect(req.inputs).toEqual({ S: 1 });
    expect(req.scheme).toEqual({ type: 'sync', cells: 10, seed: 1, noise: 0.01 });
    expect(req.initial).toBe('random');
    expect(threads).toBe(3);
  });

  it('user errors exit 2 with one message and no output file', async () => {
    const out = join(dir, 'c.csv');
    const r = await vsmc(['simulate', model, '--perturb', 'Nope%0', '--cells', '10', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown node "Nope"/);
    expect(r.stderr).not.toMatch(/at .*\.ts/);
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});
