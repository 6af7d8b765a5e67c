/**
 * Node only: run a simulation on several worker threads. The cells are cut into the same fixed
 * blocks as the single-thread engine (each block seeded from (seed, block index)), the blocks are
 * handed out to whichever worker is free, and the block sums are merged in block order, so the
 * answer is bit-for-bit the same whatever the number of threads.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createRun } from './simulate.js';
import type { BlockPartial, SimulationRequest, SimulationResult } from './types.js';
import { type ErrorMessage, type RequestBody, errorFromMessage } from './worker-protocol.js';
import { writeNativeNetwork } from '../model/load.js';

export type NodeToWorker = { type: 'init'; modelJson: string; file?: string; request: RequestBody } | { type: 'block'; block: number };
export type NodeFromWorker = { type: 'ready' } | { type: 'block'; partial: BlockPartial } | { type: 'error'; error: ErrorMessage };

export interface ParallelOptions {
  /** Worker threads (default: all cores). */
  threads?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export async function simulateParallel(req: SimulationRequest, opts: ParallelOptions = {}): Promise<SimulationResult> {
  // Validate and compile here first: user errors surface before any thread starts.
  const run = createRun(req);
  const total = run.ctx.scheme.cells;
  const threads = Math.max(1, Math.min(Math.floor(opts.threads ?? defaultThreads()), run.blocks));
  const { model, ...request } = req;
  const init: NodeToWorker = { type: 'init', modelJson: writeNativeNetwork(model.network), file: model.file, request };
  opts.signal?.throwIfAborted();

  const parts: BlockPartial[] = new Array(run.blocks);
  const workers: Worker[] = [];
  let nextBlock = 0;
  let done = 0;
  let finished = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown): void => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const onAbort = (): void => fail(opts.signal!.reason ?? new DOMException('The operation was aborted', 'AbortError'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const give = (w: Worker): void => {
        if (nextBlock < run.blocks) w.postMessage({ type: 'block', block: nextBlock++ } satisfies NodeToWorker);
      };
      for (let k = 0; k < threads; k++) {
        const w = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url));
        workers.push(w);
        w.on('message', (m: NodeFromWorker) => {
          if (settled) return;
          if (m.type === 'ready') give(w);
          else if (m.type === 'block') {
            parts[m.partial.block] = m.partial;
            done += m.partial.cells;
            finished++;
            opts.onProgress?.(done, total);
            if (finished === run.blocks) {
              settled = true;
              opts.signal?.removeEventListener('abort', onAbort);
              resolve();
            } else give(w);
          } else if (m.type === 'error') fail(errorFromMessage(m.error));
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (!settled && code !== 0) fail(new Error(`simulation worker exited with code ${code}`));
        });
        w.postMessage(init);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return run.finish(parts);
}
