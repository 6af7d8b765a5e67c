import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../..');
}

function sharedDir(envVar: string, sub: string): string {
  const dir = process.env[envVar] ?? resolve(repoRoot(), '../shared', sub);
  if (!existsSync(dir)) {
    // The corpus is always present in CI; a missing one is a failure, never a silent skip.
    throw new Error(`${sub} corpus not found at ${dir} (set ${envVar} to its location)`);
  }
  return dir;
}

/** ../shared/reference, or $VSMC_REFERENCE_DIR. */
export function referenceDir(): string {
  return sharedDir('VSMC_REFERENCE_DIR', 'reference');
}

/** ../shared/bench, or $VSMC_BENCH_DIR. */
export function benchDir(): string {
  return sharedDir('VSMC_BENCH_DIR', 'bench');
}

/** ../shared/biology, or $VSMC_BIOLOGY_DIR. */
export function biologyDir(): string {
  return sharedDir('VSMC_BIOLOGY_DIR', 'biology');
}
