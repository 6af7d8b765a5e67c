/**
 * Running many independent items on all cores: a pool of worker threads, each simulating whole
 * items single-threaded (no cell-level splitting: items are plentiful and equal in cost, so this
 * keeps every core busy without merging partial ensembles). With one thread the items run in the
 * calling thread. Results do not depend on the number of threads: an item's seed comes from its key.
 */
import { Worker } from 'node:worker_threads';
import type { Model } from '../model/model.js';
import { type ErrorCode, type SourceLocation, VsmcError } from '../util/errors.js';
import { ItemRunner } from './run-item.js';
import type { Item, ItemResult, JobSpec } from './types.js';

export type WorkerRequest = { type: 'init'; modelText: string; file?: string; job: JobSpec } | { type: 'item'; item: Item };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; result: ItemResult }
  | { type: 'error'; key?: string; message: string; vsmc?: { code: ErrorCode; detail: string; loc: SourceLocation } };

export interface PoolOptions {
  threads: number;
  model: Model;
  /** The model as native JSON text (what workers rebuild it from). */
  modelText: string;
  job: JobSpec;
  signal?: AbortSignal;
}

/** 'done' when every item finished, 'aborted' when the signal fired first (finished items were all reported). */
export type PoolOutcome = 'done' | 'aborted';

export async function runItems(items: Item[], opts: PoolOptions, onResult: (r: ItemResult) => void): Promise<PoolOutcome> {
  if (items.length === 0) return 'done';
  if (opts.threads <= 1) return runInThread(items, opts, onResult);
  return runInWorkers(items, opts, onResult);
}

async function runInThread(items: Item[], opts: PoolOptions, onResult: (r: ItemResult) => void): Promise<PoolOutcome> {
  const runner = new ItemRunner(opts.model, opts.job);
  for (const item of items) {
    if (opts.signal?.aborted) return 'aborted';
    onResult(runner.run(item));
    // Let signal handlers and timers run between items.
    await new Promise<void>((r) => setImmediate(r));
  }
  return opts.signal?.aborted ? 'aborted' : 'done';
}

function toError(m: Extract<WorkerReply, { type: 'error' }>): Error {
  if (m.vsmc) return new VsmcError(m.vsmc.code, m.vsmc.detail, m.vsmc.loc);
  return new Error(`batch worker failed${m.key !== undefined ? ` on item "${m.key}"` : ''}: ${m.message}`);
}

function runInWorkers(items: Item[], opts: PoolOptions, onResult: (r: ItemResult) => void): Promise<PoolOutcome> {
  const count = Math.min(opts.threads, items.length);
  const workers: Worker[] = [];
  let next = 0;
  let finished = 0;
  let settled = false;

  return new Promise<PoolOutcome>((resolve, reject) => {
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      stopAll();
      fn();
    };
    const onAbort = () => settle(() => resolve('aborted'));
    if (opts.signal?.aborted) return resolve('aborted');
    opts.signal?.addEventListener('abort', onAbort);

    const feed = (w: Worker) => {
      if (settled) return;
      if (next < items.length) w.postMessage({ type: 'item', item: items[next++]! } satisfies WorkerRequest);
    };

    for (let k = 0; k < count; k++) {
      const w = new Worker(new URL('./worker-boot.mjs', import.meta.url));
      workers.push(w);
      w.on('message', (m: WorkerReply) => {
        if (settled) return;
        if (m.type === 'ready') feed(w);
        else if (m.type === 'result') {
          try {
            onResult(m.result);
          } catch (e) {
            settle(() => reject(e));
            return;
          }
          finished++;
          if (finished === items.length) settle(() => resolve('done'));
          else feed(w);
        } else settle(() => reject(toError(m)));
      });
      w.on('error', (e) => settle(() => reject(e)));
      w.on('exit', (code) => {
        if (!settled) settle(() => reject(new Error(`batch worker exited unexpectedly (code ${code})`)));
      });
      w.postMessage({ type: 'init', modelText: opts.modelText, file: opts.model.file, job: opts.job } satisfies WorkerRequest);
    }
  });
}
