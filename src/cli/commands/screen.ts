import type { Command } from 'commander';
import { runScreen } from '../../screens/batch-node.js';
import { type BatchCliOptions, addBatchOptions, prepareBatch, runBatchCli, splitList } from '../../screens/cli-node.js';
import { screenText } from '../../screens/reports.js';
import type { ScreenKind } from '../../screens/types.js';
import { VsmcError } from '../../util/errors.js';

interface ScreenCli extends BatchCliOptions {
  single?: boolean;
  double?: boolean;
  kinds?: string;
  exclude?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('screen')
    .description('knockout / forced-on screen: every single (and optionally double) perturbation X%0 / X%1 of the non-input nodes, ranked by its effect on the readouts (see docs/screens.md)')
    .argument('<model>', 'network file')
    .option('--single', 'single perturbations (the default unless --double)')
    .option('--double', 'also every pair of perturbations of two different nodes, with Bliss synergy')
    .option('--kinds <list>', 'ko (knockout X%0), oe (forced on X%1), or both', 'ko,oe')
    .option('--exclude <list>', 'nodes left out of the screen');
  addBatchOptions(cmd).action(async (modelPath: string, o: ScreenCli) => {
    const kinds = splitList(o.kinds);
    for (const k of kinds) if (k !== 'ko' && k !== 'oe') throw new VsmcError('syntax', `--kinds: expected ko and/or oe, found "${k}"`);
    if (!kinds.length) throw new VsmcError('syntax', '--kinds: give ko, oe or ko,oe');
    await runBatchCli(
      'screen',
      o,
      (signal, onProgress) => {
        const b = prepareBatch(modelPath, o, signal);
        return runScreen(b.model, { ...b.options, onProgress, screen: { single: o.single === true || !o.double, double: o.double === true, kinds: kinds as ScreenKind[], exclude: splitList(o.exclude) } });
      },
      (rep) => screenText(rep, o.top === undefined ? 25 : Number(o.top)),
    );
  });
}
