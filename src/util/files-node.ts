/**
 * Result files for the CLI. Every result is written through a temporary file in the same
 * directory, flushed, then renamed, so an interrupted run leaves either the complete previous file,
 * the complete new one, or nothing — never a truncated file that looks complete. Parent directories
 * are created as needed (`--out results/run1.csv`).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { VsmcError } from './errors.js';

export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file may not exist
    }
    throw new VsmcError('io', `cannot write: ${e instanceof Error ? e.message : String(e)}`, { file: path });
  }
}
