/**
 * Options shared by the batch commands (screen, sweep, sensitivity): condition, scheme, threads,
 * output directory, resume, shards, progress and interruption. Only option parsing and printing
 * live here; the work is in batch-node.ts.
 */
import type { Command } from 'commander';
import { SCHEME_TYPES, type SchemeSpec } from '../experiments/schema.js';
import { loadModelFile } from '../formats/node-io.js';
import type { Model } from '../model/model.js';
import { VsmcError } from '../util/errors.js';
import { BATCH_DEFAULT_SCHEME, type AnyReport, type BatchOptions, type BatchOutcome } from './batch-node.js';
import { batchScheme, resolveCondition } from './condition-node.js';
import { parseShard } from './items.js';
import { createProgress } from './progress-node.js';
import { defaultThreads } from './runner-node.js';

export interface BatchCliOptions {
  cfg?: string[];
  condition?: string;
  inputs?: string;
  perturb?: string;
  hypothesis?: string;
  initial?: string;
  readout?: string;
  scheme?: string;
  cells?: string;
  steps?: string;
  sweeps?: string;
  time?: string;
  dt?: string;
  seed?: string;
  noise?: string;
  threads?: string;
  out?: string;
  json?: boolean;
  plot?: boolean;
  resume?: boolean;
  shard?: string;
  quiet?: boolean;
  top?: string;
}

export function addBatchOptions(cmd: Command): Command {
  return cmd
    .option('--cfg <file>', 'MaBoSS .cfg to read with a .bnd/.sbml model (repeatable; default: X.cfg beside X.bnd)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--condition <file>', 'condition file (an experiment condition object), or FILE#NAME: a condition of an experiment file')
    .option('--inputs <list>', 'input settings, e.g. Pi_load=1,Mg_supp=1 (override the condition\'s)')
    .option('--perturb <list>', 'extra perturbations of the condition, e.g. TRPM7%0,miR30b%1@0.5')
    .option('--hypothesis <name>', 'model hypothesis (module flags)')
    .option('--initial <name>', 'initial state: a named state of the model, random or zeros')
    .option('--readout <list>', 'readouts to report and rank by (model readouts or node ids); default: the model\'s readouts')
    .option('--scheme <type>', `update scheme: ${SCHEME_TYPES.join(', ')} (default ${BATCH_DEFAULT_SCHEME.type})`)
    .option('--cells <n>', `cells per ensemble (default ${BATCH_DEFAULT_SCHEME.cells})`)
    .option('--steps <n>', 'engine steps (async: single-node updates; sync/sweep: steps)')
    .option('--sweeps <n>', `duration in sweeps (async: sweeps × nodes steps; default ${BATCH_DEFAULT_SCHEME.sweeps})`)
    .option('--time <t>', 'stochastic scheme: simulated time')
    .option('--dt <t>', 'stochastic scheme: window width')
    .option('--seed <s>', `job seed; each item runs with seed "<seed>/<item key>" (default ${BATCH_DEFAULT_SCHEME.seed})`)
    .option('--noise <p>', 'update noise per node per step (sync/async/sweep)')
    .option('--threads <n>', 'worker threads (default: all cores; 1 runs in this thread)')
    .option('--out <dir>', 'output directory: results.jsonl (streamed), manifest.json, results.json/.csv, SVGs')
    .option('--json', 'print the report as JSON')
    .option('--plot', 'write SVG figures into --out')
    .option('--resume', 'continue an interrupted run in --out (finished items are kept)')
    .option('--shard <i/N>', 'run only the items k with k mod N = i (join the shards with vsmc merge)')
    .option('--top <n>', 'rows shown in the text table (0: all)', '25')
    .option('--quiet', 'no progress output');
}

function int(v: string | undefined, what: string, min = 1): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min) throw new VsmcError('syntax', `${what}: expected an integer ≥ ${min}, found "${v}"`);
  return Number(v);
}

function positive(v: string | undefined, what: string, allowZero = false): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) throw new VsmcError('syntax', `${what}: expected a number ${allowZero ? '≥' : '>'} 0, found "${v}"`);
  return x;
}

export function cliScheme(o: BatchCliOptions): SchemeSpec {
  const s: SchemeSpec = {};
  if (o.scheme !== undefined) {
    if (!(SCHEME_TYPES as readonly string[]).includes(o.scheme)) throw new VsmcError('syntax', `--scheme: expected one of ${SCHEME_TYPES.join(', ')}, found "${o.scheme}"`);
    s.type = o.scheme as SchemeSpec['type'];
  }
  s.cells = int(o.cells, '--cells');
  s.steps = int(o.steps, '--steps');
  s.sweeps = positive(o.sweeps, '--sweeps');
  s.time = positive(o.time, '--time');
  s.dt = positive(o.dt, '--dt');
  s.noise = positive(o.noise, '--noise', true);
  if (o.seed !== undefined) s.seed = /^-?\d+$/.test(o.seed) && Math.abs(Number(o.seed)) < 2 ** 53 ? Number(o.seed) : o.seed;
  for (const k of Object.keys(s) as (keyof SchemeSpec)[]) if (s[k] === undefined) delete s[k];
  return s;
}

export function splitList(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface PreparedBatch {
  model: Model;
  options: BatchOptions;
  top: number;
  json: boolean;
}

/** Load the model, resolve the condition and scheme, and read the run options. */
export function prepareBatch(modelPath: string, o: BatchCliOptions, signal: AbortSignal): PreparedBatch {
  const model = loadModelFile(modelPath, { cfg: o.cfg });
  const { condition, scheme: condScheme } = resolveCondition(model, { condition: o.condition, inputs: o.inputs, perturb: o.perturb, hypothesis: o.hypothesis, initial: o.initial });
  const scheme = batchScheme(model, BATCH_DEFAULT_SCHEME, condScheme, cliScheme(o));
  const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
  if (shard && shard.count > 1 && o.out === undefined) throw new VsmcError('semantic', '--shard needs --out DIR: a shard\'s results are joined later with vsmc merge');
  if (o.resume && o.out === undefined) throw new VsmcError('semantic', '--resume needs --out DIR (the directory of the interrupted run)');
  const threads = int(o.threads, '--threads') ?? defaultThreads();
  const top = o.top === undefined ? 25 : (int(o.top, '--top', 0) ?? 25);
  return {
    model,
    top,
    json: o.json === true,
    options: {
      condition,
      scheme,
      readouts: splitList(o.readout),
      threads,
      outDir: o.out,
      resume: o.resume === true,
      shard,
      plot: o.plot === true,
      signal,
    },
  };
}

/**
 * Run a batch with progress on stderr and Ctrl-C / SIGTERM turned into a clean stop: finished
 * items are already in results.jsonl, so the run can be resumed.
 */
export async function runBatchCli<R extends AnyReport>(label: string, o: BatchCliOptions, run: (signal: AbortSignal, onProgress: (d: number, t: number) => void) => Promise<BatchOutcome<R>>, print: (rep: R) => string): Promise<void> {
  const ac = new AbortController();
  let signalName: string | undefined;
  const onSignal = (name: string) => () => {
    signalName ??= name;
    ac.abort();
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const progress = createProgress(label, { quiet: o.quiet === true });
  let outcome: BatchOutcome<R>;
  try {
    outcome = await run(ac.signal, (d, t) => progress.update(d, t));
  } finally {
    progress.stop();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  if (outcome.repaired) process.stderr.write(`vsmc: ${label}: dropped a torn last line of results.jsonl (an interrupted write); that item was run again\n`);
  if (!outcome.complete) {
    const where = o.out !== undefined ? `; ${outcome.manifest.done} of ${outcome.manifest.shardItems} items are saved in ${o.out}: run the same command with --resume to finish` : ' (no --out: nothing was saved)';
    process.stderr.write(`vsmc: ${label} interrupted by ${signalName ?? 'a signal'}${where}\n`);
    process.exitCode = 130;
    return;
  }
  if (!outcome.report) {
    const s = outcome.manifest.shard;
    if (!o.quiet) process.stderr.write(`${label}: shard ${s.index}/${s.count} finished (${outcome.manifest.shardItems} of ${outcome.items} items) in ${o.out}; join the shards with: vsmc merge DIR... --out DIR\n`);
    return;
  }
  if (o.json) process.stdout.write(JSON.stringify(outcome.report, null, 1) + '\n');
  else process.stdout.write(print(outcome.report));
  if (outcome.files.length && !o.quiet) process.stderr.write(`wrote ${outcome.files.join(', ')}\n`);
}
