import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCommand, type RunCommandOptions } from '../../src/cli/commands/run.js';
import { VsmcError } from '../../src/util/errors.js';
import { repoRoot } from '../helpers/paths.js';

const network = resolve(repoRoot(), 'networks/vsmc-mg.json');
const dir = mkdtempSync(join(tmpdir(), 'vsmc-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, body: object): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify({ network, scheme: { type: 'sync', cells: 1, steps: 40, seed: 1 }, ...body }, null, 2));
  return p;
}

const pass = file('pass.json', {
  title: 'passing',
  conditions: { Pi: { inputs: { Pi_load: 1 } }, 'Pi+Mg': { inputs: { Pi_load: 1, Mg_supp: 1 } } },
  expect: ['Calcification@Pi >= 0.9', 'Calcification@Pi+Mg <= 0.1', 'Osteo_score@Pi+Mg < Osteo_score@Pi'],
});
const conflict = file('conflict.json', {
  conditions: { 'CPP2+Mg': { inputs: { CPP2_added: 1, Mg_supp: 1 } } },
  expect: [{ expr: 'Calcification@CPP2+Mg >= 0.9', conflict: true, note: 'ter Braake 2020', table: { FULL: '✘', PASSIVE: '✔' } }],
});
const failing = file('fail.json', {
  conditions: { Pi: { inputs: { Pi_load: 1 } } },
  expect: ['Calcification@Pi <= 0.1'],
});
const invalid = file('invalid.json', { conditions: { Pi: { inputs: { Pi_load: 1 } } }, expect: ['Calcification@Pi = 1'] });

async function run(path: string, o: RunCommandOptions = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCommand(path, o, { out: (s) => (out += s), err: (s) => (err += s), progress: false });
  return { code, out, err };
}

describe('vsmc run', () => {
  it('prints conditions × readouts and each expectation with both sides', async () => {
    const r = await run(pass);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/condition\s+Osteo_score\s+Calc_score\s+Calcification/);
    expect(r.out).toMatch(/✔ Calcification@Pi >= 0\.9\s+1\.000 >= 0\.9/);
    expect(r.out).toMatch(/✔ Osteo_score@Pi\+Mg < Osteo_score@Pi\s+0\.111 < 1\.000/);
    expect(r.out).toMatch(/3\/3 expectations hold/);
  });

  it('shows documented conflicts without failing, and fails on a real failure', async () => {
    const c = await run(conflict);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/✘ Calcification@CPP2\+Mg >= 0\.9.*\(documented conflict\)/);
    const f = await run(failing);
    expect(f.code).toBe(1);
    expect(f.out).toMatch(/✘ Calcification@Pi <= 0\.1\s+1\.000 <= 0\.1/);
  });

  it('gives the --json shape, with expr exactly as written', async () => {
    const r = await run(pass, { json: true });
    const j = JSON.parse(r.out);
    expect(j.hypothesis).toBe('FULL');
    expect(Object.keys(j.conditions)).toEqual(['Pi', 'Pi+Mg']);
    expect(j.conditions.Pi.Calcification).toBe(1);
    expect(j.conditions['Pi+Mg'].Osteo_score).toBeCloseTo(1 / 9, 6);
    expect(j.expectations[0]).toEqual({ expr: 'Calcification@Pi >= 0.9', left: 1, right: 0.9, holds: true });
    expect(j.expectations[2]).toMatchObject({ expr: 'Osteo_score@Pi+Mg < Osteo_score@Pi', right: 1, holds: true });
  });

  it('--hypothesis all: one object per hypothesis and the scorecard', async () => {
    const r = await run(conflict, { json: true, hypothesis: 'all' });
    const j = JSON.parse(r.out);
    expect(j.hypotheses.map((h: { hypothesis: string }) => h.hypothesis)).toEqual(['FULL', 'ACTIVE', 'INTRA', 'MEMB', 'PASSIVE']);
    const passive = j.hypotheses.find((h: { hypothesis: string }) => h.hypothesis === 'PASSIVE');
    expect(passive.expectations[0]).toMatchObject({ expr: 'Calcification@CPP2+Mg >= 0.9', holds: true, conflict: true, table: true });
    expect(j.observations[0].hypotheses.FULL).toEqual({ holds: false, table: false });
    expect(r.code).toBe(0); // agrees with its table marks
    const text = await run(conflict, { hypothesis: 'all' });
    expect(text.out).toMatch(/Scorecard/);
    expect(text.out).toMatch(/Calcification@CPP2\+Mg >= 0\.9 \*\s+✘\s+✘\s+✘\s+✔\s+✔/);
    // Without marks, --hypothesis all fails only on failures under the default hypothesis.
    expect((await run(failing, { hypothesis: 'all' })).code).toBe(1);
    expect((await run(pass, { hypothesis: 'all' })).code).toBe(0);
  });

  it('runs a directory (sorted) and aggregates; writes the CSV atomically', async () => {
    const sub = mkdtempSync(join(dir, 'suite-'));
    writeFileSync(join(sub, 'b.json'), readFileSync(pass));
    writeFileSync(join(sub, 'a.json'), readFileSync(conflict));
    writeFileSync(join(sub, 'notes.txt'), 'ignored');
    const csv = join(sub, 'out.csv');
    const r = await run(sub, { csv });
    expect(r.code).toBe(0);
    expect(r.out.indexOf('a.json')).toBeLessThan(r.out.indexOf('b.json'));
    expect(r.out).toMatch(/2 files, 4 expectations: 3 hold, 0 fail, 1 documented conflict/);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('file,hypothesis,condition,readout,value,se');
    expect(lines.some((l) => /b\.json,FULL,Pi\+Mg,Calc_score,0,0$/.test(l))).toBe(true);
    expect(readdirSync(sub).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const j = JSON.parse((await run(sub, { json: true })).out);
    expect(j.files.map((f: { file: string }) => f.file.endsWith('a.json'))).toEqual([true, false]);
    expect(j.expectations).toHaveLength(4);
  });

  it('--network overrides, scheme overrides apply, and invalid input is a VsmcError', async () => {
    const r = await run(pass, { network, cells: '3', scheme: 'async', sweeps: '20', json: true });
    expect(r.code).toBe(0);
    await expect(run(invalid)).rejects.toThrow(VsmcError);
    await expect(run(pass, { cells: 'many' })).rejects.toThrow(/--cells/);
    await expect(run(pass, { hypothesis: 'PASIVE' })).rejects.toThrow(/did you mean PASSIVE/);
    await expect(run(join(dir, 'missing.json'))).rejects.toThrow(/no such file/);
  });

  it('--threads gives the same numbers as one thread', async () => {
    const o: RunCommandOptions = { json: true, cells: '1500', scheme: 'async', sweeps: '10' };
    const one = await run(pass, o);
    const two = await run(pass, { ...o, threads: '2' });
    expect(two.out).toBe(one.out);
    expect(JSON.parse(two.out).conditions.Pi.Calcification).toBeGreaterThan(0.5); // 10 sweeps: most cells, not all
  }, 60_000);

  it('exits 0, 1 and 2 (main), and the process exit status is set', async () => {
    const io = { out: '', err: '' };
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((io.out += String(s)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((io.err += String(s)), true));
    try {
      expect(await main(['run', pass])).toBe(0);
      expect(await main(['run', failing])).toBe(1);
      expect(await main(['run', invalid])).toBe(2);
    } finally {
      so.mockRestore();
      se.mockRestore();
      process.exitCode = undefined;
    }
    expect(io.err).toMatch(/^vsmc: .*invalid\.json: expect\[0\]:\d+:\d+: column 18: use == to compare for equality/m);
    expect(io.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    // One real process, for the exit status itself.
    const r = spawnSync(process.execPath, [resolve(repoRoot(), 'bin/vsmc.js'), 'run', failing, '--no-progress'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
  }, 60_000);
});
