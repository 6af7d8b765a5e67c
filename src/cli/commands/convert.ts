/**
 * `vsmc convert IN OUT`: any supported format to any other. The target format comes from --to or
 * OUT's extension; MaBoSS writes OUT.bnd and OUT.cfg. What the target cannot hold is listed on
 * stderr ("note: …"). OUT "-" writes a one-file format to standard output.
 */
import { writeFileAtomic } from '../../util/files-node.js';
import type { Command } from 'commander';
import { FORMATS, formatFromFilename, writeModel } from '../../formats/index.js';
import { VsmcError } from '../../util/errors.js';
import { addModelOptions, formatOption, loadFromOptions, type ModelFileOptions } from './info.js';

export function register(program: Command): void {
  addModelOptions(
    program
      .command('convert')
      .description('convert a model between formats (native JSON, bnet, booleannet, sbml, maboss)')
      .argument('<in>', 'input model file')
      .argument('<out>', 'output file ("-" for standard output; MaBoSS writes OUT.bnd + OUT.cfg)'),
  )
    .option('--to <format>', `output format (${FORMATS.map((f) => f.name).join(', ')}); default: from OUT's extension`)
    .action((input: string, out: string, o: ModelFileOptions & { to?: string }) => {
      const to = formatOption(o.to, '--to') ?? (out === '-' ? undefined : formatFromFilename(out));
      if (!to) throw new VsmcError('syntax', `cannot tell the output format from "${out}"; give it with --to (${FORMATS.map((f) => f.name).join(', ')})`);
      const model = loadFromOptions(input, o);
      const w = writeModel(model, to);
      for (const n of w.notes) process.stderr.write(`note: ${n}\n`);
      if (out === '-') {
        if (w.companion !== undefined) throw new VsmcError('syntax', 'MaBoSS writes two files (.bnd and .cfg): give an output file name instead of "-"');
        process.stdout.write(w.text);
        return;
      }
      let main = out;
      let companion: string | undefined;
      if (w.companion !== undefined) {
        const base = out.replace(/\.(bnd|cfg)$/i, '');
        main = `${base}.bnd`;
        companion = `${base}.cfg`;
      }
      writeFileAtomic(main, w.text);
      if (companion !== undefined) writeFileAtomic(companion, w.companion!);
      process.stderr.write(`wrote ${main}${companion ? ` and ${companion}` : ''} (${to}, ${model.ids.length} nodes)\n`);
    });
}
