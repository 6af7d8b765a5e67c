import type { Command } from 'commander';
import { splitList } from '../../screens/cli-node.js';
import { mergeDirs } from '../../screens/merge-node.js';
import { type ScreenReport, type SensitivityReport, type SweepReport, screenText, sensitivityText, sweepText } from '../../screens/reports.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description('join the output directories of the shards of one screen/sweep/sensitivity job (--shard i/N) into one result')
    .argument('<dirs...>', 'shard output directories')
    .requiredOption('--out <dir>', 'directory for the merged results')
    .option('--readout <list>', 'readouts to report and rank by (default: as the shards were run)')
    .option('--plot', 'write SVG figures')
    .option('--json', 'print the report as JSON')
    .option('--top <n>', 'rows shown in the text table (0: all)', '25')
    .action((dirs: string[], o: { out: string; readout?: string; plot?: boolean; json?: boolean; top: string }) => {
      const res = mergeDirs(dirs, { outDir: o.out, readouts: splitList(o.readout), plot: o.plot === true });
      const top = Number(o.top) || 0;
      if (o.json) process.stdout.write(JSON.stringify(res.report, null, 1) + '\n');
      else if (res.report.meta.kind === 'screen') process.stdout.write(screenText(res.report as ScreenReport, top));
      else if (res.report.meta.kind === 'sweep') process.stdout.write(sweepText(res.report as SweepReport));
      else process.stdout.write(sensitivityText(res.report as SensitivityReport, top));
      process.stderr.write(`merged ${dirs.length} director${dirs.length === 1 ? 'y' : 'ies'} (${res.items} items) into ${o.out}\n`);
    });
}
