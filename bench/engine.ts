/**
 * Simulation-engine benchmark (part of `npm run bench`): node flips/s (stochastic), node
 * updates/s (sync) and single-node steps/s (async) on toy40 (the MaBoSS benchmark network) and on
 * the VSMC model when present, against the naive reference interpreter run in the same process.
 * Set BENCH_SCALE (default 1) to scale the work, e.g. BENCH_SCALE=0.2 for a quick look.
 *
 * Method: every timed run follows a warm-up run of the same kind (JIT, worker pool); figures are
 * wall-clock rates (work / elapsed); the load average is printed because the machine is shared.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelFile } from '../src/formats/node-io.js';
import type { Model } from '../src/model/model.js';
import { prepare } from '../src/model/prepare.js';
import { simulate } from '../src/engine/simulate.js';
import { simulateParallel, terminatePool } from '../src/engine/parallel-node.js';
import { referenceAsync, referenceStochastic, referenceSync } from '../src/engine/reference.js';
import type { SimulationRequest } from '../src/engine/types.js';

const MABOSS_FLIPS_PER_S = 1.41e6; // ../shared/bench/README.md: toy40, 1 thread, 100,000 trajectories
const TARGETS = { stochastic1: 7e6, parallelGain: 1.8, sync: 200e6, async: 30e6 };

const root = resolve(fileURLToPath(import.meta.url), '../..');
const benchDir = process.env.VSMC_BENCH_DIR ?? resolve(root, '../shared/bench');
const scale = Number(process.env.BENCH_SCALE ?? 1) || 1;
const sized = (x: number): number => Math.max(64, Math.round(x * scale));

interface Row {
  model: string;
  what: string;
  threads: number;
  work: number;
  seconds: number;
  /** CPU seconds of this process (single-thread rows only): the rate a free core would give. */
  cpu?: number;
  unit: string;
  reference?: number;
  target?: number;
}

function fmt(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0);
}

async function timed(fn: () => Promise<{ work: number }> | { work: number }): Promise<{ work: number; seconds: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await fn();
  const c = process.cpuUsage(c0);
  return { work: r.work, seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

async function benchModel(name: string, model: Model, rows: Row[], withTargets: boolean): Promise<void> {
  const sys = prepare(model);
  const n = sys.n;
  const init = 'random' as const;
  const req = (type: 'stochastic' | 'sync' | 'async', cells: number, seed: number): SimulationRequest => ({
    model,
    initial: init,
    scheme: type === 'stochastic' ? { type, cells, seed, time: 100, dt: 1 } : type === 'sync' ? { type, cells, seed, steps: 100 } : { type, cells, seed, steps: 100 * n },
  });

  // Stochastic, one thread and two. V8 needs ~10⁷ flips to settle on optimised code: the first
  // run of the process is reported as "cold", the timed runs follow a warm-up.
  const cold = await timed(() => simulate(req('stochastic', sized(10_000), 97)));
  rows.push({ model: name, what: 'stochastic, cold (first run of the process)', threads: 1, ...cold, unit: 'node flips' });
  simulate(req('stochastic', sized(20_000), 99));
  const s1 = await timed(() => simulate(req('stochastic', sized(30_000), 1)));
  const refS = await timed(() => referenceStochastic(sys, Math.max(20, Math.round(300 * scale)), 100, 1, 1));
  rows.push({ model: name, what: 'stochastic (MaBoSS semantics)', threads: 1, ...s1, unit: 'node flips', reference: refS.work / refS.seconds, target: withTargets ? TARGETS.stochastic1 : undefined });
  await simulateParallel(req('stochastic', sized(60_000), 98), { threads: 2 });
  const s2 = await timed(() => simulateParallel(req('stochastic', sized(60_000), 2), { threads: 2 }));
  // CPU time here is summed over the main thread and both workers: work per CPU-second compared
  // with the single-thread run is the parallel efficiency, whatever else the machine is doing.
  rows.push({ model: name, what: 'stochastic (MaBoSS semantics)', threads: 2, ...s2, unit: 'node flips', target: withTargets ? (TARGETS.parallelGain * s1.work) / s1.seconds : undefined });

  // Synchronous, bit-parallel.
  simulate(req('sync', 2048, 99));
  const y = await timed(() => simulate(req('sync', sized(100_000), 1)));
  const refY = await timed(() => referenceSync(sys, Math.max(20, Math.round(500 * scale)), 100, 1, 1));
  rows.push({ model: name, what: 'sync (bit-parallel)', threads: 1, ...y, unit: 'node updates', reference: refY.work / refY.seconds, target: withTargets ? TARGETS.sync : undefined });

  // Fully asynchronous.
  simulate(req('async', 1024, 99));
  const a = await timed(() => simulate(req('async', sized(20_000), 1)));
  const refA = await timed(() => referenceAsync(sys, Math.max(20, Math.round(200 * scale)), 100 * n, n, 1));
  rows.push({ model: name, what: 'async (one node per step)', threads: 1, ...a, unit: 'single-node steps', reference: refA.work / refA.seconds, target: withTargets ? TARGETS.async : undefined });
  // The same with noise 1e-9: every step drawn (no skip-ahead), to show the raw per-step cost.
  const noisy = req('async', sized(5_000), 1);
  noisy.scheme.noise = 1e-9;
  const an = await timed(() => simulate(noisy));
  rows.push({ model: name, what: 'async, every step drawn (noise 1e-9)', threads: 1, ...an, unit: 'single-node steps', reference: refA.work / refA.seconds });
}

export async function run(): Promise<void> {
  const rows: Row[] = [];
  const toy40 = resolve(benchDir, 'maboss/toy40.bnet');
  const vsmc = resolve(root, 'networks/vsmc-mg.json');
  console.log(`\n## Simulation engines\n`);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}; load average before: ${loadavg()[0]!.toFixed(2)}; BENCH_SCALE=${scale}`);
  if (!existsSync(toy40)) throw new Error(`toy40 not found at ${toy40} (set VSMC_BENCH_DIR)`);
  await benchModel('toy40', loadModelFile(toy40), rows, true);
  if (existsSync(vsmc)) await benchModel('vsmc-mg', loadModelFile(vsmc), rows, false);
  await terminatePool();

  console.log('');
  console.log('| model | scheme | threads | work | wall time | rate (wall) | rate (CPU time) | vs naive reference | target |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const rate = r.work / r.seconds;
    const cpuRate = r.cpu ? r.work / r.cpu : undefined; // per CPU-second (all threads)
    const ref = r.reference ? `${(rate / r.reference).toFixed(0)}× (${fmt(r.reference)}/s)` : '';
    const tgt = r.target ? `${rate >= r.target ? 'met' : 'MISSED'} (≥ ${fmt(r.target)}/s)` : '';
    console.log(`| ${r.model} | ${r.what} | ${r.threads} | ${fmt(r.work)} ${r.unit} | ${r.seconds.toFixed(2)} s | ${fmt(rate)}/s | ${cpuRate ? fmt(cpuRate) + '/s' : ''} | ${ref} | ${tgt} |`);
  }
  const s1 = rows.find((r) => r.model === 'toy40' && r.what.startsWith('stochastic (') && r.threads === 1)!;
  const s2 = rows.find((r) => r.model === 'toy40' && r.what.startsWith('stochastic (') && r.threads === 2)!;
  const r1 = s1.work / s1.seconds;
  console.log('');
  const eff = s2.work / s2.cpu! / (s1.work / s1.cpu!);
  console.log(`toy40 stochastic: ${(r1 / MABOSS_FLIPS_PER_S).toFixed(1)}× MaBoSS 2.6.6 on one core (${fmt(MABOSS_FLIPS_PER_S)} flips/s); two threads ${(s2.work / s2.seconds / r1).toFixed(2)}× one thread (wall clock).`);
  console.log(`parallel efficiency (work per CPU-second, 2 threads vs 1): ${eff.toFixed(2)}, i.e. ${(2 * eff).toFixed(2)}× one thread when two cores are free.`);
  console.log(`load average after: ${loadavg()[0]!.toFixed(2)}`);
}
