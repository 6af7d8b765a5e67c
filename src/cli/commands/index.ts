import type { Command } from 'commander';
import * as run from './run.js';
import * as schema from './schema.js';

/** Order here is the order in `vsmc --help`. */
const COMMANDS: Array<{ register(program: Command): void }> = [schema, run];

export function registerAll(program: Command): void {
  for (const c of COMMANDS) c.register(program);
}
