/**
 * Ctrl-C in the middle of a long run leaves either a complete result file or none, never a
 * truncated one that looks complete; the real command (bin/vsmc.js, its own process) answers a bad
 * file with exit 2 and one line; and a limit raised by a flag reaches the worker threads. These
 * spawn the CLI, so they run side by side in one test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/commands/run.js';
import { referenceDir, repoRoot } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'vsmc-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BIN = join(repoRoot(), 'bin/vsmc.js');

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  err: string;
  out: string;
}

function start(args: string[]): { child: ChildProcess; done: Promise<Done>; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<Done>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, err, out })));
  return { child, done, stderr: () => err };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await sleep(50);
}

/** No leftover temporary file (writes go through a temporary file and a rename). */
function expectNoTemp(): void {
  expect(readdirSync(dir).filter((f) => /\.tmp/.test(f))).toEqual([]);
}

describe('the real command in its own process', () => {
  it('simulate --out and run --csv killed with SIGINT mid-run; a bad file; raised limits reach the worker threads', async () => {
    // A cell-cycle model that keeps flipping: a million cells take tens of seconds on one thread.
    const model = join(referenceDir(), 'pyboolnet/faure_cellcycle.bnet');
    const sim = start(['simulate', model, '--cells', '1000000', '--time', '100', '--threads', '1', '--out', 'sim.csv']);
    const experiment = join(repoRoot(), 'experiments/literature/o03-mg-protects.json');
    const run = start(['run', experiment, '--cells', '400000', '--csv', 'run.csv', '--no-progress']);
    writeFileSync(join(dir, 'bad.bnet'), 'targets, factors\nA, B & (\nB, A\n');
    const bad = start(['info', 'bad.bnet']);
    // A network over the default node limit, allowed with --max-nodes: the worker threads re-read it
    // and must apply the raised limit too (two blocks of cells, two threads).
    writeFileSync(join(dir, 'big.bnet'), Array.from({ length: 5100 }, (_, i) => `N${i}, N${(i + 1) % 5100}`).join('\n') + '\n');
    const big = start(['--max-nodes', '6000', 'simulate', 'big.bnet', '--threads', '2', '--cells', '2048', '--scheme', 'sync', '--steps', '1', '--no-progress', '--out', 'big.csv']);

    // simulate reports progress (not a terminal: one line per 10 %): interrupt a second after it started.
    await until(() => /simulate: \d+\/1000000 cells/.test(sim.stderr()), 30_000);
    expect(sim.stderr()).toMatch(/simulate: \d+\/1000000 cells/);
    await sleep(1000);
    sim.child.kill('SIGINT');
    // run prints nothing meanwhile; it started with simulate, so it is as far into its (longer) run.
    run.child.kill('SIGINT');

    const [s, r, b, g] = await Promise.all([sim.done, run.done, bad.done, big.done]);

    // simulate: cancelled cleanly (130, one line) and nothing written — or, had it finished, a complete file.
    if (existsSync(join(dir, 'sim.csv'))) {
      const lines = readFileSync(join(dir, 'sim.csv'), 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.length).toBe(101);
      const width = lines[0]!.split(',').length;
      for (const l of lines) expect(l.split(',').length).toBe(width);
      expect(lines[100]!.startsWith('99,')).toBe(true);
    } else {
      expect(s.code).toBe(130);
      expect(s.err).toMatch(/vsmc: simulate cancelled; no output written\n$/);
    }
    expect(s.err).not.toMatch(/\n\s+at /);

    // run: killed by the signal (no handler) before it wrote anything — or complete.
    if (existsSync(join(dir, 'run.csv'))) {
      const want: string[] = [];
      const small = join(dir, 'small.csv');
      await runCommand(experiment, { cells: '4', csv: small }, { out: () => {}, err: () => {}, progress: false });
      want.push(...readFileSync(small, 'utf8').split('\n'));
      expect(readFileSync(join(dir, 'run.csv'), 'utf8').split('\n').length).toBe(want.length);
    } else {
      expect(r.signal === 'SIGINT' || r.code === 130).toBe(true);
    }
    expectNoTemp();

    expect(g.code, g.err).toBe(0);
    expect(readFileSync(join(dir, 'big.csv'), 'utf8').split('\n')[0]!.split(',').length).toBe(5101);

    // The real command: exit 2, one line plus the quoted line and caret, no stack trace.
    expect(b.code).toBe(2);
    expect(b.out).toBe('');
    expect(b.err).toBe('vsmc: bad.bnet: 2:9: rule is incomplete: expected a name, a constant, "!" or "("\n  A, B & (\n          ^\n');
  }, 90_000);
});
