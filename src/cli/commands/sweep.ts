import type { Command } from 'commander';
import { runSweep } from '../../screens/batch-node.js';
import { type BatchCliOptions, addBatchOptions, prepareBatch, runBatchCli } from '../../screens/cli-node.js';
import { sweepText } from '../../screens/reports.js';
import { doseNotes, parseSweepParam } from '../../screens/sweep-params.js';

interface SweepCli extends BatchCliOptions {
  param?: string[];
}

export function register(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('dose–response over one or two parameters: a drug dose (via its dose–response), the fraction of cells of a perturbation, or a $parameter (see docs/screens.md)')
    .argument('<model>', 'network file')
    .option(
      '--param <name=range>',
      'NAME=start:stop:step, start:stop:*factor or v1,v2,…, optionally with a unit ("Mg supplement=0:3:0.25 mM"); NAME is a drug (key, label, or the input it sets), a perturbation such as TRPM7%0 (swept: fraction of cells), an input node (fraction of cells with it on) or a $parameter; give it once or twice',
      (v: string, prev: string[] = []) => [...prev, v],
    );
  addBatchOptions(cmd).action(async (modelPath: string, o: SweepCli) => {
    await runBatchCli(
      'sweep',
      o,
      (signal, onProgress) => {
        const b = prepareBatch(modelPath, o, signal);
        const params = (o.param ?? []).map((t) => parseSweepParam(b.model, t));
        if (!o.quiet) for (const n of doseNotes(b.model, params)) process.stderr.write(`note: ${n}\n`);
        return runSweep(b.model, { ...b.options, onProgress, params });
      },
      (rep) => sweepText(rep),
    );
  });
}
