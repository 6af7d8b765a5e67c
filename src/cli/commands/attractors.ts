/**
 * `vsmc attractors MODEL`: fixed points, synchronous attractors with basins, asynchronous
 * attractors (terminal SCCs); exhaustive, restricted to given initial states, or sampled.
 * All the work is in src/analysis/; this file parses options and prints.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { type AttractorReport, type FindOptions, type FixedSpace, findAttractors, fixedPoints, formatCsv, formatTable, parseStateString } from '../../analysis/index.js';
import { loadModelFile, readTextFile } from '../../formats/node-io.js';
import type { Model } from '../../model/model.js';
import { type Perturbation, parsePerturbationList } from '../../model/perturbation.js';
import { type BooleanSystem, type InitialDistribution, prepare, resolveInitial } from '../../model/prepare.js';
import { VsmcError, suggest } from '../../util/errors.js';
import { parseJsonText } from '../../util/json.js';

interface AttractorCliOptions {
  scheme: string;
  mode?: string;
  fix?: string;
  hypothesis?: string;
  inputs?: string;
  perturb?: string;
  init?: string;
  samples?: string;
  seed: string;
  budget?: string;
  maxFreeNodes?: string;
  fixedSpace?: string;
  states?: boolean;
  json?: boolean;
  csv?: boolean;
  fixedPointsOnly?: boolean;
  progress?: boolean;
}

function positiveInt(v: string | undefined, flag: string, max = 2 ** 53): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().replace(/_/g, '');
  const x = /^2\^[0-9]+$/.test(t) ? 2 ** Number(t.slice(2)) : /^[0-9]+(e[0-9]+)?$/i.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(x) || x < 1 || x > max) throw new VsmcError('syntax', `${flag} must be a whole number from 1 to ${max.toLocaleString('en-US')} (2^k allowed), found "${v}"`);
  return x;
}

function parseAssignments(text: string, flag: string): Array<[string, 0 | 1]> {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=([01])$/.exec(part);
      if (!m) throw new VsmcError('syntax', `${flag}: expected NAME=0 or NAME=1, found "${part}"`);
      return [m[1]!, Number(m[2]) as 0 | 1];
    });
}

/** --fix A=v: input nodes are set as inputs, every other node gets the constant rule (A%v). */
function experimentSettings(model: Model, o: AttractorCliOptions): { inputs: Record<string, 0 | 1>; perturbations: Perturbation[] } {
  const inputs: Record<string, 0 | 1> = {};
  const setInput = (k: string, v: 0 | 1): void => {
    Object.defineProperty(inputs, k, { value: v, enumerable: true, writable: true, configurable: true });
  };
  const perturbations: Perturbation[] = [];
  if (o.inputs) for (const [k, v] of parseAssignments(o.inputs, '--inputs')) setInput(k, v);
  if (o.fix) {
    for (const [k, v] of parseAssignments(o.fix, '--fix')) {
      const i = model.index.get(k);
      if (i === undefined) throw new VsmcError('unknown-identifier', `--fix: unknown node "${k}"${suggest(k, model.ids)}`, { file: model.file });
      if (model.inputs[i]) setInput(k, v);
      else perturbations.push({ kind: 'node', node: k, value: v });
    }
  }
  if (o.perturb) perturbations.push(...parsePerturbationList(o.perturb));
  for (const p of perturbations) {
    if (p.fraction !== undefined && p.fraction !== 1) throw new VsmcError('syntax', 'attractor analysis applies perturbations to the whole network: drop the @fraction');
  }
  return { inputs, perturbations };
}

/** --init: a named initial state, a bit string over the model order, or a JSON file. */
function initialStates(text: string, sys: BooleanSystem): { states?: Uint8Array[]; distribution?: InitialDistribution } {
  if (/^[01]+$/.test(text) && text.length === sys.n) return { states: [parseStateString(sys, text)] };
  const isFile = /\.json$/i.test(text) || /[\\/]/.test(text) || existsSync(text);
  if (isFile) {
    const data = parseJsonText(readTextFile(text), text) as unknown;
    const fail = (): never => {
      throw new VsmcError('schema', 'an initial-state file holds {"node": 0 or 1 (or a probability), …}, {"values": {…}, "rest": p}, or {"states": ["0101…", …]} (bit strings in model order)', { file: text });
    };
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail();
    const obj = data as Record<string, unknown>;
    if (Array.isArray(obj.states)) {
      return {
        states: obj.states.map((s, k) => {
          if (typeof s !== 'string') return fail();
          try {
            return parseStateString(sys, s);
          } catch (e) {
            throw e instanceof VsmcError ? new VsmcError(e.code, `states[${k}]: ${e.detail}`, { file: text }) : e;
          }
        }),
      };
    }
    const values = (typeof obj.values === 'object' && obj.values !== null ? obj.values : obj) as Record<string, unknown>;
    for (const v of Object.values(values)) if (typeof v !== 'number') return fail();
    return fromDistribution(resolveInitial(sys, { values: values as Record<string, number>, rest: obj.rest === undefined ? 0 : Number(obj.rest) }), sys);
  }
  return fromDistribution(resolveInitial(sys, text), sys);
}

function fromDistribution(d: InitialDistribution, sys: BooleanSystem): { states?: Uint8Array[]; distribution?: InitialDistribution } {
  const definite = d.joint.length === 0 && d.probabilities.every((p) => p === 0 || p === 1);
  if (!definite) return { distribution: d };
  const s = new Uint8Array(sys.n);
  d.probabilities.forEach((p, i) => (s[i] = p));
  // Nodes the experiment fixes start at their value, as in a simulation.
  for (let i = 0; i < sys.n; i++) if (sys.forced[i]! >= 0) s[i] = sys.forced[i]!;
  return { states: [s] };
}

export function runAttractors(modelPath: string, o: AttractorCliOptions, progress?: (line: string) => void): AttractorReport {
  const model = loadModelFile(modelPath);
  const { inputs, perturbations } = experimentSettings(model, o);
  const sys = prepare(model, { hypothesis: o.hypothesis, inputs, perturbations });
  if (o.scheme !== 'sync' && o.scheme !== 'async') throw new VsmcError('syntax', `--scheme must be sync or async, found "${o.scheme}"`);
  if (o.mode !== undefined && !['exhaustive', 'restricted', 'sampled'].includes(o.mode)) {
    throw new VsmcError('syntax', `--mode must be exhaustive, restricted or sampled, found "${o.mode}"`);
  }
  if (o.fixedSpace !== undefined && !['model', 'full', 'reduced'].includes(o.fixedSpace)) {
    throw new VsmcError('syntax', `--fixed-space must be model, full or reduced, found "${o.fixedSpace}"`);
  }
  const onProgress = progress ? (p: { phase: string; done: number; total: number }) => progress(p.total > 0 ? `${p.phase}: ${((100 * p.done) / p.total).toFixed(1)}%` : `${p.phase}: ${p.done.toLocaleString('en-US')}`) : undefined;
  if (o.fixedPointsOnly) return fixedPoints(sys, { onProgress, scheme: o.scheme, includeStates: o.states, fixedSpace: o.fixedSpace as FixedSpace | undefined });
  const opts: FindOptions = {
    scheme: o.scheme,
    seed: /^-?[0-9]+$/.test(o.seed) ? Number(o.seed) : 1,
    includeStates: o.states,
    onProgress,
  };
  if (o.mode) opts.mode = o.mode as FindOptions['mode'];
  if (o.fixedSpace) opts.fixedSpace = o.fixedSpace as FixedSpace;
  const samples = positiveInt(o.samples, '--samples', 1e9);
  if (samples !== undefined) opts.samples = samples;
  const budget = positiveInt(o.budget, '--budget', 2 ** 31);
  if (budget !== undefined) opts.budget = budget;
  const maxNodes = positiveInt(o.maxFreeNodes, '--max-free-nodes', 32);
  if (maxNodes !== undefined) opts.maxExhaustiveNodes = maxNodes;
  if (o.init !== undefined) {
    const init = initialStates(o.init, sys);
    if (init.states) {
      opts.from = init.states;
      if (opts.mode === undefined) opts.mode = 'restricted';
    } else {
      if (opts.mode !== 'sampled') throw new VsmcError('semantic', `--init "${o.init}" is a distribution, not definite states: use it with --mode sampled (starts drawn from it)`);
      opts.initial = init.distribution;
    }
  } else if (opts.mode === 'restricted') {
    const named = sys.model.network.defaultInitial;
    if (named === undefined) throw new VsmcError('semantic', '--mode restricted needs initial states: --init NAME|FILE|BITSTRING', { file: model.file });
    const init = fromDistribution(resolveInitial(sys), sys);
    if (!init.states) throw new VsmcError('semantic', `the model's default initial state "${named}" is a distribution: give --init, or use --mode sampled`, { file: model.file });
    opts.from = init.states;
  }
  return findAttractors(sys, opts);
}

export function register(program: Command): void {
  program
    .command('attractors')
    .description('fixed points and attractors (synchronous with basins, or asynchronous terminal SCCs): exhaustive, restricted to initial states, or sampled')
    .argument('<model>', 'network file (.json, .bnet, BoolNet/BooleanNet .txt, SBML-qual, MaBoSS .bnd)')
    .option('--scheme <scheme>', 'update scheme: sync or async', 'sync')
    .option('--mode <mode>', 'exhaustive (default), restricted (from --init states) or sampled (random starts)')
    .option('--fix <list>', 'fix nodes: A=0,B=1 (inputs are set, other nodes get a constant rule)')
    .option('--hypothesis <name>', 'named hypothesis (module flags) of a native network')
    .option('--inputs <list>', 'input values: A=1,B=0')
    .option('--perturb <list>', 'perturbations: X%0 (knockout), X%1, A:B%0')
    .option('--init <state>', 'initial state(s): a named state, a bit string in model order, or a JSON file')
    .option('--samples <n>', 'random starts in sampled mode (default 1000)')
    .option('--seed <s>', 'seed for sampled mode', '1')
    .option('--budget <n>', 'largest number of states an asynchronous search may hold (default 2^25)')
    .option('--max-free-nodes <n>', 'largest number of free nodes for an exhaustive synchronous search (default 30, at most 32)')
    .option('--fixed-space <policy>', 'constant nodes in the basin space: model (default), full, reduced (see docs/attractors.md)')
    .option('--states', 'list the states of every attractor (default: attractors of up to 1000 states)')
    .option('--json', 'print the report as JSON')
    .option('--csv', 'print one CSV row per attractor')
    .option('--fixed-points-only', 'only the fixed points (constraint search; any network size)')
    .option('--no-progress', 'no progress lines on stderr')
    .action((modelPath: string, o: AttractorCliOptions) => {
      if (o.json && o.csv) throw new VsmcError('syntax', '--json and --csv exclude each other');
      const tty = process.stderr.isTTY === true && o.progress !== false;
      let shown = false;
      const progress = tty
        ? (line: string) => {
            process.stderr.write(`\r\x1b[K${line}`);
            shown = true;
          }
        : undefined;
      let report: AttractorReport;
      try {
        report = runAttractors(modelPath, o, progress);
      } finally {
        if (shown) process.stderr.write('\r\x1b[K');
      }
      if (o.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else if (o.csv) process.stdout.write(formatCsv(report));
      else process.stdout.write(formatTable(report, { states: o.states }));
    });
}
