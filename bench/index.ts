/**
 * `npm run bench`: runs each benchmark module that is present, in order. Each module exports
 * `async function run(): Promise<void>` and prints its own figures. `npm run bench -- engine`
 * runs only the named ones.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MODULES = ['engine', 'attractors', 'web'];
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

for (const name of MODULES) {
  if (only.length && !only.includes(name)) continue;
  const file = resolve(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts must export async function run()`);
  await mod.run();
}
