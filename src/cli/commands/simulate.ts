/**
 * `vsmc simulate MODEL`: one simulation run (any scheme) written as CSV or JSON. The run always
 * goes through worker threads (simulateParallel) so that the main thread stays free for Ctrl-C
 * and the progress bar; the result does not depend on --threads.
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../util/files-node.js';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { loadModelFile, readTextFile } from '../../formats/node-io.js';
import { parsePerturbationList } from '../../model/perturbation.js';
import type { InitialSpec } from '../../model/prepare.js';
import { defaultThreads, simulateParallel } from '../../engine/parallel-node.js';
import { resultToCsv, resultToJson, statesFromStrings } from '../../engine/output.js';
import type { ExplicitInitial, ScheduledEvent, SchemeName, SimulationRequest } from '../../engine/types.js';
import type { Model } from '../../model/model.js';
import { parseJsonText } from '../../util/json.js';
import { VsmcError } from '../../util/errors.js';

export interface SimulateCliOptions {
  scheme: string;
  cells: string;
  time?: string;
  dt?: string;
  steps?: string;
  every?: string;
  seed: string;
  threads?: string;
  init?: string;
  hypothesis?: string;
  inputs?: string;
  perturb?: string;
  schedule?: string;
  noise?: string;
  rateScale?: string;
  nodes?: string;
  out?: string;
  json?: boolean;
  progress?: boolean;
}

const SCHEMES: SchemeName[] = ['sync', 'async', 'sweep', 'stochastic'];

function int(v: string | undefined, flag: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v.trim()) || Number(v) < min) throw new VsmcError('syntax', `${flag} must be an integer ≥ ${min}, found "${v}"`);
  return Number(v);
}

function real(v: string | undefined, flag: string, ok: (x: number) => boolean, what: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new VsmcError('syntax', `${flag} must be ${what}, found "${v}"`);
  return x;
}

function parseAssignments(text: string, flag: string): Record<string, 0 | 1> {
  const out: Record<string, 0 | 1> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=([01])$/.exec(part);
    if (!m) throw new VsmcError('syntax', `${flag}: expected NAME=0 or NAME=1, found "${part}"`);
    Object.defineProperty(out, m[1]!, { value: Number(m[2]) as 0 | 1, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** "X=1@20" or "X=1@20:0.5", comma separated. */
export function parseSchedule(text: string): ScheduledEvent[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=([01])@([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)(?::([0-9]*\.?[0-9]+))?$/.exec(part);
      if (!m) throw new VsmcError('syntax', `--schedule: expected NODE=V@TIME or NODE=V@TIME:P (e.g. Mg_supp=1@20:0.5), found "${part}"`);
      const e: ScheduledEvent = { node: m[1]!, value: Number(m[2]) as 0 | 1, time: Number(m[3]) };
      if (m[4] !== undefined) e.probability = Number(m[4]);
      return e;
    });
}

/** --init: random, zeros, a named initial state, or a JSON file. */
function initialFrom(text: string | undefined, model: Model): InitialSpec | ExplicitInitial | undefined {
  if (text === undefined) return undefined;
  const looksLikeFile = /\.json$/i.test(text) || /[\\/]/.test(text);
  if (!looksLikeFile || (!existsSync(text) && !/\.json$/i.test(text))) return text;
  const data = parseJsonText(readTextFile(text), text) as unknown;
  const fail = (): never => {
    throw new VsmcError('schema', 'an initial-state file holds {"node": value or probability, …}, {"values": {…}, "rest": p}, or {"states"|"finalStates": ["0101…", …]} (one bit string per cell)', { file: text });
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail();
  const obj = data as Record<string, unknown>;
  const list = obj.states ?? obj.finalStates;
  if (Array.isArray(list)) {
    try {
      return statesFromStrings(list as string[], model.ids);
    } catch (e) {
      throw e instanceof VsmcError ? e.within({ file: text }) : e;
    }
  }
  if (typeof obj.values === 'object' && obj.values !== null) {
    const rest = obj.rest === undefined ? 0 : Number(obj.rest);
    return { values: obj.values as Record<string, number>, rest };
  }
  for (const v of Object.values(obj)) if (typeof v !== 'number') return fail();
  return { values: obj as Record<string, number> };
}


export function buildRequest(model: Model, o: SimulateCliOptions): { req: SimulationRequest; threads: number } {
  if (!SCHEMES.includes(o.scheme as SchemeName)) throw new VsmcError('syntax', `--scheme must be one of ${SCHEMES.join(', ')}, found "${o.scheme}"`);
  const type = o.scheme as SchemeName;
  const discrete = type !== 'stochastic';
  if (discrete && (o.time !== undefined || o.dt !== undefined)) throw new VsmcError('syntax', `--time and --dt are for --scheme stochastic; a ${type} run counts --steps (and --every)`);
  if (!discrete && (o.steps !== undefined || o.every !== undefined)) throw new VsmcError('syntax', '--steps and --every are for the discrete schemes; a stochastic run takes --time and --dt');
  const scheme: SimulationRequest['scheme'] = {
    type,
    cells: int(o.cells, '--cells', 1)!,
    seed: /^-?[0-9]+$/.test(o.seed) ? Number(o.seed) : o.seed,
  };
  const time = real(o.time, '--time', (x) => x > 0, 'a positive number');
  const dt = real(o.dt, '--dt', (x) => x > 0, 'a positive number');
  const steps = int(o.steps, '--steps', 0);
  const every = int(o.every, '--every', 1);
  const noise = real(o.noise, '--noise', (x) => x >= 0 && x <= 1, 'a probability between 0 and 1');
  if (time !== undefined) scheme.time = time;
  if (dt !== undefined) scheme.dt = dt;
  if (steps !== undefined) scheme.steps = steps;
  if (every !== undefined) scheme.every = every;
  if (noise !== undefined) scheme.noise = noise;
  if (o.rateScale !== undefined) {
    if (o.rateScale !== 'fraction' && o.rateScale !== 'rate') throw new VsmcError('syntax', `--rate-scale must be fraction or rate, found "${o.rateScale}"`);
    scheme.rateScale = o.rateScale;
  }
  const req: SimulationRequest = { model, scheme };
  if (o.hypothesis !== undefined) req.hypothesis = o.hypothesis;
  if (o.inputs !== undefined) req.inputs = parseAssignments(o.inputs, '--inputs');
  if (o.perturb !== undefined) req.perturbations = parsePerturbationList(o.perturb);
  if (o.schedule !== undefined) req.schedule = parseSchedule(o.schedule);
  const initial = initialFrom(o.init, model);
  if (initial !== undefined) req.initial = initial;
  const threads = int(o.threads, '--threads', 1) ?? defaultThreads();
  return { req, threads };
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('simulate a cell population and write node fractions (and readouts) per time window, as CSV or JSON')
    .argument('<model>', 'network file (native .json, .bnet, BooleanNet, SBML-qual, MaBoSS .bnd)')
    .option('--scheme <s>', 'sync | async | sweep | stochastic', 'stochastic')
    .option('--cells <n>', 'number of cells (trajectories)', '10000')
    .option('--time <t>', 'stochastic: maximum time', undefined)
    .option('--dt <dt>', 'stochastic: window width (MaBoSS time_tick)', undefined)
    .option('--steps <n>', 'sync: steps; async: single-node updates; sweep: sweeps')
    .option('--every <k>', 'discrete schemes: window width in steps')
    .option('--seed <s>', 'random seed (number or text)', '1')
    .option('--threads <n>', 'worker threads (default: all cores; the result does not depend on it)')
    .option('--init <spec>', 'initial state: random, zeros, a named state of the model, or a JSON file')
    .option('--hypothesis <h>', 'named hypothesis (module flags) of the model')
    .option('--inputs <list>', 'input settings, e.g. "Mg_ext=1,Pi_load=0"')
    .option('--perturb <list>', 'interventions, e.g. "TRPM7%0,miR30b%1@0.5"')
    .option('--schedule <list>', 'scheduled events NODE=V@TIME[:P], e.g. "Mg_supp=1@20:0.8"')
    .option('--noise <eps>', 'discrete schemes: probability that a node update is flipped')
    .option('--rate-scale <mode>', 'stochastic: apply X%v@f as a fraction of cells (fraction) or as a rate scale (rate)')
    .option('--nodes <list>', 'CSV: only these node columns')
    .option('--out <file>', 'write to file.csv or file.json (default: CSV on stdout)')
    .option('--json', 'write the JSON result instead of CSV')
    .option('--no-progress', 'no progress output')
    .action(async (modelPath: string, o: SimulateCliOptions) => {
      const model = loadModelFile(modelPath);
      const { req, threads } = buildRequest(model, o);
      const nodes = o.nodes?.split(/[,\s]+/).filter(Boolean);
      const asJson = o.json === true || (o.out !== undefined && /\.json$/i.test(o.out));
      const ac = new AbortController();
      const onSigint = (): void => ac.abort();
      process.once('SIGINT', onSigint);
      const tty = process.stderr.isTTY === true;
      const showProgress = o.progress !== false;
      const bar = showProgress && tty ? new SingleBar({ format: 'simulate [{bar}] {percentage}% | {value}/{total} cells | ETA {eta}s', stream: process.stderr, hideCursor: true }) : null;
      let lastPct = -1;
      const started = Date.now();
      bar?.start(req.scheme.cells, 0);
      let result;
      try {
        result = await simulateParallel(req, {
          threads,
          signal: ac.signal,
          onProgress: (done, total) => {
            if (bar) bar.update(done);
            else if (showProgress) {
              const pct = Math.floor((100 * done) / total / 10) * 10;
              if (pct > lastPct) {
                lastPct = pct;
                process.stderr.write(`simulate: ${done}/${total} cells (${pct}%)\n`);
              }
            }
          },
        });
      } catch (e) {
        bar?.stop();
        if (ac.signal.aborted) {
          process.stderr.write('vsmc: simulate cancelled; no output written\n');
          process.exitCode = 130;
          return;
        }
        throw e;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      bar?.stop();
      const text = asJson ? resultToJson(result) : resultToCsv(result, { nodes });
      if (o.out !== undefined) writeFileAtomic(o.out, text);
      else process.stdout.write(text);
      const secs = (Date.now() - started) / 1000;
      const what = req.scheme.type === 'stochastic' ? 'node flips' : req.scheme.type === 'async' ? 'single-node steps' : 'node updates';
      if (showProgress) {
        process.stderr.write(
          `simulate: ${req.scheme.cells} cells, ${req.scheme.type}, ${threads} thread${threads > 1 ? 's' : ''}, ${secs.toFixed(2)} s, ${(result.work / secs / 1e6).toFixed(2)} M ${what}/s; ` +
            `fixed points reached: ${(100 * result.final.fixedPointFraction).toFixed(1)} %${o.out ? `; wrote ${o.out}` : ''}\n`,
        );
        for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
      }
    });
}
