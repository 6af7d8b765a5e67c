/**
 * Exhaustive synchronous attractor search: our sweep against our own naive one-state-at-a-time
 * implementation and against BoolNet 2.1.7's published timings on its own files.
 *
 *   npm run bench -- attractors            n = 20, 22, 24, 26
 *   npm run bench -- attractors --large    also n = 28 and 30
 *
 * Every measurement runs in a child process so that peak memory (max RSS) belongs to that run
 * alone. Times are the best of a few repetitions; CPU time is reported beside wall time because
 * the reference machine is shared (wall time under load says little).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const SELF = fileURLToPath(import.meta.url);
const CHILD_FLAG = '--attractors-child';
/** Naive successors are timed on this many states and extrapolated above it. */
const NAIVE_SAMPLE = 2 ** 22;

interface Spec {
  file: string;
  what: 'fast' | 'naive' | 'async';
  reps: number;
}
interface Measure {
  n: number;
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
  attractors: { size: number; basin: number }[];
  /** Naive only: how the figure was obtained. */
  how?: string;
}

// ------------------------------------------------------------------------------------------
// Child: one measurement.

async function child(spec: Spec): Promise<void> {
  const { loadModelFile } = await import('../src/formats/node-io.js');
  const { prepare } = await import('../src/model/prepare.js');
  const { findAttractors, analysisSpaces } = await import('../src/analysis/index.js');
  const { Ticker } = await import('../src/analysis/progress.js');
  const { fillSuccessorsNaive, naiveSyncAttractors } = await import('../src/analysis/naive.js');
  const { fillSuccessorsSliced, syncTableWalk } = await import('../src/analysis/sync.js');
  const sys = prepare(loadModelFile(spec.file));
  const sp = analysisSpaces(sys).basin;
  const N = 2 ** sp.m;
  let best = { wallS: Infinity, cpuS: Infinity };
  let attractors: { size: number; basin: number }[] = [];
  let how: string | undefined;
  const timed = <T>(f: () => T): { v: T; wallS: number; cpuS: number } => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const v = f();
    const wallS = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { v, wallS, cpuS: (c.user + c.system) / 1e6 };
  };
  for (let r = 0; r < spec.reps; r++) {
    if (spec.what === 'async') {
      const t = timed(() => findAttractors(sys, { scheme: 'async' }));
      attractors = t.v.attractors.map((a) => ({ size: a.size, basin: 0 }));
      if (t.wallS < best.wallS) best = { wallS: t.wallS, cpuS: t.cpuS };
    } else if (spec.what === 'fast') {
      const t = timed(() => findAttractors(sys, { scheme: 'sync' }));
      attractors = t.v.attractors.map((a) => ({ size: a.size, basin: a.basin! }));
      if (t.wallS < best.wallS) best = { wallS: t.wallS, cpuS: t.cpuS };
    } else if (N <= NAIVE_SAMPLE) {
      const t = timed(() => naiveSyncAttractors(sp, new Ticker()));
      attractors = t.v.map((c) => ({ size: c.size, basin: c.basin }));
      if (t.wallS < best.wallS) best = { wallS: t.wallS, cpuS: t.cpuS };
      how = 'full run';
    } else {
      // Successors one state at a time on the first 2^22 states, extrapolated to 2^n; the
      // walk (BoolNet's labelling) measured in full on the complete table.
      const table = new Uint32Array(N);
      const fill = timed(() => fillSuccessorsNaive(sp, table, new Ticker(), 0, NAIVE_SAMPLE));
      fillSuccessorsSliced(sp, table, new Ticker());
      const walk = timed(() => syncTableWalk(sp.m, table, new Ticker()));
      attractors = walk.v.map((c) => ({ size: c.size, basin: c.basin }));
      const scale = N / NAIVE_SAMPLE;
      const wallS = fill.wallS * scale + walk.wallS;
      if (wallS < best.wallS) best = { wallS, cpuS: fill.cpuS * scale + walk.cpuS };
      how = `successors timed on 2^22 states ×${scale}, walk in full`;
      break; // one repetition: it is long
    }
  }
  const m: Measure = { n: sp.m, ...best, maxRssMiB: process.resourceUsage().maxRSS / 1024, attractors, how };
  process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
}

// ------------------------------------------------------------------------------------------
// Parent.

function measure(spec: Spec): Measure {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, CHILD_FLAG, JSON.stringify(spec)], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`bench child failed for ${spec.file} (${spec.what}): ${r.stderr}`);
  return JSON.parse(line.slice(7)) as Measure;
}

const fmtS = (s: number) => (s < 1 ? s.toFixed(3) : s.toFixed(2));
const mps = (n: number, s: number) => (2 ** n / s / 1e6).toFixed(1);
const summary = (a: { size: number; basin: number }[]) =>
  a
    .map((x) => `${x.size}:${x.basin}`)
    .sort()
    .join(' ');

/** Our own N-K networks, written under bench/networks/ for other tools to run. */
async function ensureNetworks(sizes: number[]): Promise<string[]> {
  const { randomNKNetwork, networkToBnet } = await import('../src/analysis/random-network.js');
  const dir = join(here, 'networks');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const n of sizes) {
    for (const k of [2, 3]) {
      const net = randomNKNetwork(n, k, 1);
      const file = join(dir, `nk_n${n}_k${k}_seed1.bnet`);
      const text = `# random N-K network: n = ${n}, k = ${k}, seed 1 (src/analysis/random-network.ts)\n${networkToBnet(net)}`;
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
      files.push(file);
    }
  }
  return files;
}

export async function run(): Promise<void> {
  const large = process.argv.includes('--large');
  const sizes = [20, 22, 24, 26, ...(large ? [28, 30] : [])];
  const out = (s = '') => process.stdout.write(s + '\n');
  out('## Attractor search: exhaustive synchronous attractors and basins');
  out(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at start ${loadavg()[0]!.toFixed(1)}`);
  out();

  // Our networks: sweep vs naive.
  out('### Our random N-K networks (bench/networks/), sweep vs naive one-state-at-a-time');
  out('| network | n | k | sweep wall (s) | sweep CPU (s) | M states/s (CPU) | peak RSS (MiB) | naive CPU (s) | speed-up (CPU) | naive figure |');
  out('|---|---|---|---|---|---|---|---|---|---|');
  for (const file of await ensureNetworks(sizes)) {
    const n = Number(/_n(\d+)_/.exec(file)![1]);
    const k = Number(/_k(\d+)_/.exec(file)![1]);
    const fast = measure({ file, what: 'fast', reps: n <= 24 ? 3 : 2 });
    const naive = n <= 26 ? measure({ file, what: 'naive', reps: n <= 22 ? 2 : 1 }) : undefined;
    if (naive && summary(naive.attractors) !== summary(fast.attractors)) throw new Error(`naive and sweep disagree on ${file}`);
    out(
      `| ${file.split('/').pop()} | ${n} | ${k} | ${fmtS(fast.wallS)} | ${fmtS(fast.cpuS)} | ${mps(n, fast.cpuS)} | ${fast.maxRssMiB.toFixed(0)} | ${naive ? fmtS(naive.cpuS) : '—'} | ${naive ? (naive.cpuS / fast.cpuS).toFixed(1) + '×' : '—'} | ${naive?.how ?? 'not run'} |`,
    );
  }
  out();

  // BoolNet's files against BoolNet's own figures.
  const bdir = join(process.env.VSMC_BENCH_DIR ?? resolve(root, '../shared/bench'), 'boolnet');
  if (!existsSync(bdir)) {
    out(`(BoolNet files not found at ${bdir}; set VSMC_BENCH_DIR)`);
    return;
  }
  out('### BoolNet 2.1.7 files (../shared/bench/boolnet/): ours vs BoolNet getAttractors exhaustive');
  out('| network | n | BoolNet median (s) | BoolNet M states/s | ours wall (s) | ours CPU (s) | ours M states/s (CPU) | ratio (CPU) | ratio (wall) | peak RSS (MiB) | BoolNet RSS (MB) | same attractors and basins |');
  out('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const timings = readFileSync(join(bdir, 'boolnet-timings.md'), 'utf8');
  for (const n of [20, 22, 24, 26]) {
    for (const k of [2, 3]) {
      const base = `random_n${n}_k${k}_seed${n * 100 + k}`;
      const ref = JSON.parse(readFileSync(join(bdir, `${base}_sync_exhaustive.json`), 'utf8')) as { timing: { median_s: number }; attractor_lengths: number[]; basin_sizes: number[] };
      const rss = new RegExp(`${base}\\.bnet \\|[^\\n]*`).exec(timings)?.[0].split('|').map((x) => x.trim())[8] ?? '?';
      const fast = measure({ file: join(bdir, `${base}.bnet`), what: 'fast', reps: n <= 24 ? 3 : 2 });
      const want = summary(ref.attractor_lengths.map((size, i) => ({ size, basin: ref.basin_sizes[i]! })));
      const bn = ref.timing.median_s;
      out(
        `| ${base} | ${n} | ${bn} | ${mps(n, bn)} | ${fmtS(fast.wallS)} | ${fmtS(fast.cpuS)} | ${mps(n, fast.cpuS)} | ${(bn / fast.cpuS).toFixed(1)}× | ${(bn / fast.wallS).toFixed(1)}× | ${fast.maxRssMiB.toFixed(0)} | ${rss} | ${summary(fast.attractors) === want ? 'yes' : 'NO'} |`,
      );
    }
  }
  out();

  out('### Asynchronous attractors: exact terminal SCCs of the whole state space (BoolNet: random-walk heuristic)');
  out('| network | n | BoolNet heuristic (s) | ours wall (s) | ours CPU (s) | M states/s (CPU) | peak RSS (MiB) | attractor sizes | BoolNet found |');
  out('|---|---|---|---|---|---|---|---|---|');
  const asyncFiles: { file: string; ref?: string }[] = [
    { file: join(bdir, 'cellcycle.bnet'), ref: join(bdir, 'cellcycle_async_random.json') },
    { file: join(bdir, 'random_n15_k2_seed1502.bnet'), ref: join(bdir, 'random_n15_k2_seed1502_async_random.json') },
    { file: join(bdir, 'random_n15_k3_seed1503.bnet'), ref: join(bdir, 'random_n15_k3_seed1503_async_random.json') },
    ...[20, 22, ...(large ? [24] : [])].flatMap((n) => [2, 3].map((k) => ({ file: join(here, 'networks', `nk_n${n}_k${k}_seed1.bnet`) }))),
  ];
  for (const { file, ref } of asyncFiles) {
    const m = measure({ file, what: 'async', reps: 1 });
    const r = ref ? (JSON.parse(readFileSync(ref, 'utf8')) as { timing: { median_s: number }; attractor_lengths: number[] }) : undefined;
    const sizes = m.attractors.map((a) => a.size).sort((a, b) => a - b);
    out(
      `| ${file.split('/').pop()} | ${m.n} | ${r ? r.timing.median_s : '—'} | ${fmtS(m.wallS)} | ${fmtS(m.cpuS)} | ${mps(m.n, m.cpuS)} | ${m.maxRssMiB.toFixed(0)} | ${sizes.join('/')} | ${r ? [...r.attractor_lengths].sort((a, b) => a - b).join('/') : '—'} |`,
    );
  }
  out(`load average at end ${loadavg()[0]!.toFixed(1)}`);
}

const argIdx = process.argv.indexOf(CHILD_FLAG);
if (argIdx >= 0) {
  await child(JSON.parse(process.argv[argIdx + 1]!) as Spec);
}
