/**
 * The `vsmc` command line. Each command is in src/cli/commands/<name>.ts; this file only wires
 * them up and turns user errors into one clean message and exit code 2.
 */
import { Command, CommanderError } from 'commander';
import { isVsmcError } from '../util/errors.js';
import { registerAll } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vsmc')
    .description('Boolean and stochastic simulation of the Mg²⁺ / vascular smooth muscle cell calcification network, and of any Boolean network (.bnet, BooleanNet, SBML-qual, MaBoSS, native JSON).')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerAll(program);
  return program;
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
