/**
 * File-system side of experiments (CLI and tests): reading experiment files, expanding a
 * directory, resolving and caching the network each file names, and atomic writes.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadModelFile, readTextFile } from '../formats/node-io.js';
import type { Model } from '../model/model.js';
import { VsmcError } from '../util/errors.js';
import { errorAt, parseExperiment, type Experiment } from './parse.js';

export function loadExperimentFile(path: string): Experiment {
  return parseExperiment(readTextFile(path), path);
}

/** A file, or every `*.json` directly inside a directory (sorted by name). */
export function experimentFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new VsmcError('io', 'no such file or directory', { file: path });
  }
  if (!st.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new VsmcError('io', 'the directory holds no *.json experiment files', { file: path });
  return files;
}

/** The network an experiment runs on: `override` (CLI --network), else its `network` field relative to the file. */
export function networkPathOf(exp: Experiment, override?: string): string {
  if (override !== undefined) return override;
  const net = exp.spec.network;
  if (net === undefined) throw errorAt(exp, [], 'semantic', 'the experiment names no "network"; add one (relative to this file) or pass --network PATH');
  const p = resolve(dirname(exp.file ?? '.'), net);
  if (!existsSync(p)) throw errorAt(exp, ['network'], 'io', `network file not found: ${p}`);
  return p;
}

/** Loads each network once per process (a directory of experiments usually shares one). */
export class ModelCache {
  private readonly models = new Map<string, Model>();
  get(path: string): Model {
    const key = resolve(path);
    let m = this.models.get(key);
    if (!m) {
      m = loadModelFile(path);
      this.models.set(key, m);
    }
    return m;
  }
}

