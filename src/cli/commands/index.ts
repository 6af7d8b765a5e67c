import type { Command } from 'commander';
import * as run from './run.js';
import * as schema from './schema.js';
import * as simulate from './simulate.js';
import * as screen from './screen.js';
import * as sweep from './sweep.js';
import * as sensitivity from './sensitivity.js';
import * as merge from './merge.js';
import * as info from './info.js';
import * as convert from './convert.js';
import * as check from './check.js';
import * as attractors from './attractors.js';

/** Order here is the order in `vsmc --help`. */
const COMMANDS: Array<{ register(program: Command): void }> = [schema, simulate, run, screen, sweep, sensitivity, merge, info, convert, check, attractors];

export function registerAll(program: Command): void {
  for (const c of COMMANDS) c.register(program);
}
