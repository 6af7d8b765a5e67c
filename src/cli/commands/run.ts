/**
 * `vsmc run FILE|DIR`: run experiment files and check their expectations (see docs/experiments.md).
 * Exit 0 when every expectation holds, 1 when one fails, 2 on invalid input (main.ts).
 */
import type { Command } from 'commander';
import { simulateParallel } from '../../engine/parallel-node.js';
import { BLOCK, simulate } from '../../engine/simulate.js';
import type { SimulationRequest, SimulationResult } from '../../engine/types.js';
import { ModelCache, experimentFiles, loadExperimentFile, networkPathOf } from '../../experiments/files-node.js';
import { writeFileAtomic } from '../../util/files-node.js';
import { formatResult, formatScorecard, observationVerdicts, resultsCsv, runJson, FAIL } from '../../experiments/report.js';
import type { SchemeSpec } from '../../experiments/schema.js';
import { SCHEME_TYPES } from '../../experiments/schema.js';
import { runSuite, type SuiteEntry } from '../../experiments/suite.js';
import { VsmcError } from '../../util/errors.js';

export interface RunCommandOptions {
  hypothesis?: string;
  network?: string;
  json?: boolean;
  csv?: string;
  threads?: string;
  cells?: string;
  seed?: string;
  scheme?: string;
  sweeps?: string;
  steps?: string;
  progress?: boolean;
}

export interface RunIO {
  out(text: string): void;
  err(text: string): void;
  /** Show progress (a terminal on stderr). */
  progress: boolean;
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw new VsmcError('syntax', `${flag} must be a positive integer, found "${v}"`);
  return Number(v);
}

function positiveNumber(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!(x > 0) || !Number.isFinite(x)) throw new VsmcError('syntax', `${flag} must be a positive number, found "${v}"`);
  return x;
}

function schemeOverride(o: RunCommandOptions): SchemeSpec | undefined {
  const s: SchemeSpec = {};
  if (o.scheme !== undefined) {
    if (!(SCHEME_TYPES as readonly string[]).includes(o.scheme)) throw new VsmcError('syntax', `--scheme must be one of ${SCHEME_TYPES.join(', ')}, found "${o.scheme}"`);
    s.type = o.scheme as SchemeSpec['type'];
  }
  const cells = positiveInt(o.cells, '--cells');
  if (cells !== undefined) s.cells = cells;
  if (o.seed !== undefined) s.seed = /^-?[0-9]+$/.test(o.seed) ? Number(o.seed) : o.seed;
  const sweeps = positiveNumber(o.sweeps, '--sweeps');
  if (sweeps !== undefined) s.sweeps = sweeps;
  const steps = positiveInt(o.steps, '--steps');
  if (steps !== undefined) s.steps = steps;
  if (sweeps !== undefined && steps !== undefined) throw new VsmcError('syntax', 'give --sweeps or --steps, not both');
  return Object.keys(s).length ? s : undefined;
}

type Simulator = (req: SimulationRequest, onProgress?: (done: number, total: number) => void) => Promise<SimulationResult>;

/** A run of at most one engine block gains nothing from worker threads. */
const BLOCK_CELLS = BLOCK;

function simulator(threads: number | undefined): Simulator {
  const single: Simulator = async (req, onProgress) => simulate(req, { onProgress });
  if (threads === undefined || threads <= 1) return single;
  return (req, onProgress) => (req.scheme.cells > BLOCK_CELLS ? simulateParallel(req, { threads, onProgress }) : single(req, onProgress));
}

/** The command without commander: returns the exit code (0 or 1; invalid input throws VsmcError). */
export async function runCommand(path: string, o: RunCommandOptions, io: RunIO): Promise<number> {
  const threads = positiveInt(o.threads, '--threads');
  const scheme = schemeOverride(o);
  const cache = new ModelCache();
  const entries: SuiteEntry[] = experimentFiles(path).map((file) => {
    const experiment = loadExperimentFile(file);
    const model = cache.get(networkPathOf(experiment, o.network));
    return { experiment, model };
  });
  const sim = simulator(threads);
  let shown = false;
  let label = '';
  const show = (suffix: string) => {
    shown = true;
    io.err(`\r\x1b[2K${label}${suffix}`);
  };
  const suite = await runSuite(entries, {
    hypothesis: o.hypothesis,
    scheme,
    simulate: (req) => sim(req, io.progress ? (done, total) => total > BLOCK_CELLS && show(`  ${Math.round((100 * done) / total)} %`) : undefined),
    onCondition: io.progress
      ? ({ file, condition, hypothesis, done, total }) => {
          const where = `${file ?? ''}: ${condition}${hypothesis ? ` [${hypothesis}]` : ''}`;
          label = `[${done + 1}/${total}] ${where.length > 100 ? '…' + where.slice(-99) : where}`;
          show('');
        }
      : undefined,
  });
  if (shown) io.err('\r\x1b[2K');

  const all = [...suite.runs.values()].flat();
  if (o.csv !== undefined) writeFileAtomic(o.csv, resultsCsv(all));

  if (o.json) {
    if (suite.all) {
      const hypotheses = suite.hypotheses.map((h) => ({ hypothesis: h ?? null, ...(runJson(suite.runs.get(h ?? '')!, h) as object) }));
      const input = { hypotheses: suite.hypotheses as string[], runs: suite.runs };
      const observations = observationVerdicts(input).map((v) => ({
        observation: v.observation,
        hypotheses: Object.fromEntries([...v.cells].map(([h, c]) => [h, c.table === undefined ? { holds: c.holds } : { holds: c.holds, table: c.table }])),
      }));
      io.out(JSON.stringify({ hypotheses, observations, ok: suite.exitCode === 0 }, null, 2) + '\n');
    } else {
      const h = suite.hypotheses[0];
      io.out(JSON.stringify(runJson(suite.runs.get(h ?? '')!, h), null, 2) + '\n');
    }
    return suite.exitCode;
  }

  if (suite.all) {
    io.out(formatScorecard({ hypotheses: suite.hypotheses as string[], runs: suite.runs }) + '\n');
    if (suite.failing.length) {
      io.out(`\n${suite.failing.length} result${suite.failing.length > 1 ? 's' : ''} disagree with the expectations' validation-table marks (or fail under the default hypothesis):\n`);
      for (const { result, outcome } of suite.failing) {
        io.out(`  ${FAIL} ${result.hypothesis}: ${outcome.expectation.expr}  (${result.file ?? ''})\n`);
      }
    } else io.out('\nEvery result agrees with the validation-table marks.\n');
    return suite.exitCode;
  }

  io.out(all.map(formatResult).join('\n\n' + '─'.repeat(60) + '\n\n') + '\n');
  if (all.length > 1) {
    const outs = all.flatMap((r) => r.expectations);
    const held = outs.filter((x) => x.holds).length;
    const conflicts = outs.filter((x) => !x.holds && x.conflict).length;
    io.out(`\n${all.length} files, ${outs.length} expectations: ${held} hold, ${suite.failing.length} fail${conflicts ? `, ${conflicts} documented conflict${conflicts > 1 ? 's' : ''}` : ''}.\n`);
  }
  return suite.exitCode;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run experiment files (a file, or every *.json in a directory) and check their expectations')
    .argument('<path>', 'experiment file or directory')
    .option('--hypothesis <name>', 'run under this hypothesis, or "all" for the scorecard over every hypothesis')
    .option('--network <path>', 'network file (overrides the experiments\' "network")')
    .option('--json', 'print results as JSON')
    .option('--csv <out>', 'write every condition × node/readout value to a CSV file')
    .option('--threads <n>', 'worker threads per simulation')
    .option('--cells <n>', 'override the number of cells of every condition')
    .option('--seed <seed>', 'override the seed of every condition')
    .option('--scheme <type>', `override the update scheme (${SCHEME_TYPES.join(', ')})`)
    .option('--sweeps <n>', 'override the run length in sweeps (async: n × nodes single-node steps)')
    .option('--steps <n>', 'override the run length in engine steps')
    .option('--no-progress', 'no progress line on stderr')
    .action(async (path: string, o: RunCommandOptions) => {
      const code = await runCommand(path, o, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        progress: o.progress !== false && process.stderr.isTTY === true,
      });
      process.exitCode = code;
    });
}
