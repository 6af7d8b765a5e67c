/**
 * The `vsmc` command line. Each command is in src/cli/commands/<name>.ts; this file only wires
 * them up and turns user errors into one clean message and exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { VsmcError, isVsmcError } from '../util/errors.js';
import { DEFAULT_LIMITS, LIMITS_ENV, type Limits, limits, setLimits } from '../util/limits.js';
import { registerAll } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vsmc')
    .description('Boolean and stochastic simulation of the Mg²⁺ / vascular smooth muscle cell calcification network, and of any Boolean network (.bnet, BooleanNet, SBML-qual, MaBoSS, native JSON).')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .option('--max-file-mb <mb>', `largest model or experiment file read, in MB (default ${DEFAULT_LIMITS.maxFileBytes / 1048576})`)
    .option('--max-nodes <n>', `largest network, in nodes (default ${DEFAULT_LIMITS.maxNodes})`)
    .option('--max-cell-steps <n>', `largest run: cells × steps × nodes (sync), cells × steps (async), cells × time × nodes (stochastic) (default ${DEFAULT_LIMITS.maxCellSteps})`)
    .exitOverride();
  // Applied before any command reads a file; published for the worker threads (see limits.ts).
  program.hook('preAction', () => applyLimitOptions(program.opts()));
  registerAll(program);
  return program;
}

function positive(v: string | undefined, flag: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0 || (integer && !Number.isInteger(x))) {
    throw new VsmcError('syntax', `${flag} must be a positive ${integer ? 'integer' : 'number'}, found "${v}"`);
  }
  return x;
}

function applyLimitOptions(o: { maxFileMb?: string; maxNodes?: string; maxCellSteps?: string }): void {
  const patch: Partial<Limits> = {};
  const mb = positive(o.maxFileMb, '--max-file-mb', false);
  if (mb !== undefined) patch.maxFileBytes = Math.max(1, Math.floor(mb * 1048576));
  const nodes = positive(o.maxNodes, '--max-nodes', true);
  if (nodes !== undefined) patch.maxNodes = nodes;
  const steps = positive(o.maxCellSteps, '--max-cell-steps', false);
  if (steps !== undefined) patch.maxCellSteps = steps;
  setLimits(patch);
  process.env[LIMITS_ENV] = JSON.stringify(limits());
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isVsmcError(e)) {
      process.stderr.write(`vsmc: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

const isEntry = process.argv[1] !== undefined && /(?:bin[\\/]vsmc(?:\.js)?|cli[\\/]main\.ts)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`vsmc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
