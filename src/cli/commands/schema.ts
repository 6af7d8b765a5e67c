import type { Command } from 'commander';
import { networkJsonSchema } from '../../model/schema.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the native network format')
    .action(() => {
      process.stdout.write(JSON.stringify(networkJsonSchema(), null, 2) + '\n');
    });
}
