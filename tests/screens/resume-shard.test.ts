import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScreen, runSweep } from '../../src/screens/batch-node.js';
import { type BatchCliOptions, prepareBatch } from '../../src/screens/cli-node.js';
import { mergeDirs } from '../../src/screens/merge-node.js';
import { readResults } from '../../src/screens/store-node.js';
import { parseSweepParam } from '../../src/screens/sweep-params.js';
import { repoRoot } from '../helpers/paths.js';
import { TOGGLE_NET, comparable, modelOf, tempDir, writeModelFile } from './helpers.js';

const scheme = { type: 'async' as const, cells: 100, seed: 3, steps: 100 };

function lines(dir: string): number {
  const p = join(dir, 'results.jsonl');
  return existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Run the CLI; optionally send `signal` once results.jsonl has `after` lines. */
function cli(args: string[], kill?: { after: number; signal: NodeJS.Signals; dir: string }): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin/vsmc.js'), ...args], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timer: NodeJS.Timeout | undefined;
    if (kill) {
      timer = setInterval(() => {
        if (lines(kill.dir) >= kill.after) {
          clearInterval(timer);
          child.kill(kill.signal);
        }
      }, 20);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('resume after an interruption', () => {
  it('keeps finished items, drops a torn line, and ends equal to an uninterrupted run', async () => {
    const dir = tempDir();
    const modelPath = writeModelFile(modelOf(TOGGLE_NET), dir);
    // Noise makes every async step a draw, so that each item takes long enough to be interrupted.
    const args = ['screen', modelPath, '--double', '--kinds', 'ko', '--scheme', 'async', '--cells', '500', '--steps', '3000', '--noise', '0.01', '--seed', '5', '--json', '--quiet'];
    const out = join(dir, 'run');
    const ref = join(dir, 'ref');

    const killed = await cli([...args, '--threads', '1', '--out', out], { after: 3, signal: 'SIGKILL', dir: out });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const before = readResults(join(out, 'results.jsonl')).results;
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(9);
    // A write torn by a crash: half a line at the end.
    appendFileSync(join(out, 'results.jsonl'), '{"i":10,"key":"Z%0 K%');

    const interrupted = await cli([...args, '--threads', '1', '--out', out, '--resume'], { after: before.length + 2, signal: 'SIGINT', dir: out });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/interrupted by SIGINT.*--resume/);
    expect(interrupted.stderr).toMatch(/torn/);
    const middle = readResults(join(out, 'results.jsonl')).results;
    expect(middle.slice(0, before.length)).toEqual(before);

    const resumed = await cli([...args, '--threads', '2', '--out', out, '--resume']);
    expect(resumed.code).toBe(0);
    const all = readResults(join(out, 'results.jsonl')).results;
    expect(all.length).toBe(11); // no item run twice
    expect(new Set(all.map((r) => r.i)).size).toBe(11);
    expect(all.slice(0, middle.length)).toEqual(middle);

    // The same job in-process, uninterrupted, with the CLI's own option handling.
    const b = prepareBatch(modelPath, { double: true, kinds: 'ko', scheme: 'async', cells: '500', steps: '3000', noise: '0.01', seed: '5', threads: '1', out: ref } as BatchCliOptions, new AbortController().signal);
    const whole = await runScreen(b.model, { ...b.options, screen: { single: true, double: true, kinds: ['ko'] } });
    expect(comparable(all)).toEqual(comparable(whole.results));
    expect(JSON.parse(resumed.stdout)).toEqual(JSON.parse(JSON.stringify(whole.report)));
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(readFileSync(join(ref, 'results.csv'), 'utf8'));
    // A finished directory is not overwritten without --resume.
    await expect(runScreen(b.model, { ...b.options, screen: { single: true, double: true, kinds: ['ko'] } })).rejects.toThrow(/already holds the results of a finished batch job; use --resume/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ completed: true, items: 11, done: 11, kind: 'screen' });
  });

  it('refuses to resume a different job', async () => {
    const dir = tempDir();
    const model = modelOf(TOGGLE_NET);
    await runScreen(model, { scheme, threads: 1, outDir: dir, screen: { single: true } });
    await expect(runScreen(model, { scheme: { ...scheme, seed: 4 }, threads: 1, outDir: dir, resume: true, screen: { single: true } })).rejects.toThrow(/different job.*scheme/);
  });
});

describe('shards and merge', () => {
  it('N shards merged equal the unsharded run', async () => {
    const dir = tempDir();
    const model = modelOf(TOGGLE_NET);
    const opts = { scheme, threads: 1, readouts: ['Xs', 'Zs'], screen: { double: true } };
    const whole = await runScreen(model, { ...opts, outDir: join(dir, 'whole') });
    const shards: string[] = [];
    for (let i = 0; i < 3; i++) {
      const d = join(dir, `s${i}`);
      const r = await runScreen(model, { ...opts, outDir: d, shard: { index: i, count: 3 } });
      expect(r.complete).toBe(true);
      expect(r.report).toBeUndefined();
      expect(r.results.every((x) => x.i % 3 === i)).toBe(true);
      shards.push(d);
    }
    // Missing shard: refused.
    expect(() => mergeDirs(shards.slice(0, 2), { outDir: join(dir, 'bad') })).toThrow(/missing items.*2\/3/);
    const merged = mergeDirs(shards, { outDir: join(dir, 'merged') });
    expect(merged.report).toEqual(whole.report);
    expect(readFileSync(join(dir, 'merged', 'results.csv'), 'utf8')).toBe(readFileSync(join(dir, 'whole', 'results.csv'), 'utf8'));
    expect(comparable(readResults(join(dir, 'merged', 'results.jsonl')).results)).toEqual(comparable(whole.results));

    // A shard of another job (different seed): refused.
    const other = join(dir, 'other');
    await runScreen(model, { ...opts, scheme: { ...scheme, seed: 99 }, outDir: other, shard: { index: 2, count: 3 } });
    expect(() => mergeDirs([shards[0]!, shards[1]!, other], { outDir: join(dir, 'bad2') })).toThrow(/different job/);
  });

  it('merges sweep shards through the CLI', async () => {
    const dir = tempDir();
    const model = modelOf(TOGGLE_NET);
    const params = [parseSweepParam(model, 'Y%0=0:1:0.25')];
    const whole = await runSweep(model, { scheme, threads: 1, params, outDir: join(dir, 'whole') });
    for (let i = 0; i < 2; i++) await runSweep(model, { scheme, threads: 1, params, outDir: join(dir, `s${i}`), shard: { index: i, count: 2 } });
    const r = await cli(['merge', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'm'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(whole.report)));
  });
});
