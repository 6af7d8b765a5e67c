import type { Command } from 'commander';
import { runSensitivity } from '../../screens/batch-node.js';
import { type BatchCliOptions, addBatchOptions, prepareBatch, runBatchCli, splitList } from '../../screens/cli-node.js';
import { sensitivityText } from '../../screens/reports.js';
import type { RuleChange } from '../../screens/types.js';
import { VsmcError } from '../../util/errors.js';

interface SensitivityCli extends BatchCliOptions {
  flips?: boolean;
  rules?: string;
  exclude?: string;
}

const RULES: ReadonlyMap<string, RuleChange> = new Map([
  ['negate', 'negate'],
  ['fix0', 'fix0'],
  ['fix1', 'fix1'],
]);

export function register(program: Command): void {
  const cmd = program
    .command('sensitivity')
    .description('robustness of the readouts and final states to single-bit state flips (from the final states) and to single rule changes (negated, fixed 0, fixed 1) (see docs/screens.md)')
    .argument('<model>', 'network file')
    .option('--no-flips', 'leave out the state flips')
    .option('--rules <list>', 'rule changes: negate, fix0, fix1 (comma separated), or none', 'negate,fix0,fix1')
    .option('--exclude <list>', 'nodes left out');
  addBatchOptions(cmd).action(async (modelPath: string, o: SensitivityCli) => {
    const names = o.rules === 'none' ? [] : splitList(o.rules);
    const rules = names.map((r) => {
      const x = RULES.get(r);
      if (!x) throw new VsmcError('syntax', `--rules: expected negate, fix0, fix1 or none, found "${r}"`);
      return x;
    });
    await runBatchCli(
      'sensitivity',
      o,
      (signal, onProgress) => {
        const b = prepareBatch(modelPath, o, signal);
        return runSensitivity(b.model, { ...b.options, onProgress, sensitivity: { flips: o.flips !== false, rules, exclude: splitList(o.exclude) } });
      },
      (rep) => sensitivityText(rep, o.top === undefined ? 25 : Number(o.top)),
    );
  });
}
