/**
 * Node only: run a simulation on several worker threads. The cells are cut into the same fixed
 * blocks as the single-thread engine (each block seeded from (seed, block index)), the blocks are
 * handed out to whichever worker is free, and the block sums are merged in block order, so the
 * answer is bit-for-bit the same whatever the number of threads.
 *
 * Workers are kept in a small pool between runs (unref'd while idle, so they never keep the
 * process alive): starting one costs a TypeScript load and a JIT warm-up, which matters to
 * callers that make many short runs (experiments, screens).
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

const idle: Worker[] = [];

function acquire(k: number): Worker[] {
  const out: Worker[] = [];
  while (out.length < k && idle.length) out.push(idle.pop()!);
  while (out.length < k) out.push(new Worker(new URL('./worker-bootstrap.mjs', import.meta.url)));
  for (const w of out) w.ref();
  return out;
}

function release(w: Worker): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  w.unref();
  // A worker that dies while idle just leaves the pool.
  w.once('exit', () => {
    const i = idle.indexOf(w);
    if (i >= 0) idle.splice(i, 1);
  });
  idle.push(w);
}

/** Stop the idle workers (tests, or a host that wants its threads back). */
export async function terminatePool(): Promise<void> {
  const ws = idle.splice(0);
  await Promise.all(ws.map((w) => w.terminate()));
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
  const workers = acquire(threads);
  let nextBlock = 0;
  let done = 0;
  let finished = 0;
  let clean = false;

  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (e: unknown): void => {
        if (settled) return;
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        reject(e);
      };
      const onAbort = (): void => fail(opts.signal!.reason ?? new DOMException('The operation was aborted', 'AbortError'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const give = (w: Worker): void => {
        if (nextBlock < run.blocks) w.postMessage({ type: 'block', block: nextBlock++ } satisfies NodeToWorker);
      };
      for (const w of workers) {
        w.on('message', (m: NodeFromWorker) => {
          if (settled) return;
          // Two blocks in flight per worker: it never waits for the main thread between blocks.
          if (m.type === 'ready') {
            give(w);
            give(w);
          } else if (m.type === 'block') {
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
        w.on('exit', (code) => fail(new Error(`simulation worker exited with code ${code}`)));
        w.postMessage(init);
      }
    });
    clean = true;
  } finally {
    // After a failure or an abort the workers may still be busy: stop them rather than reuse them.
    if (clean) for (const w of workers) release(w);
    else await Promise.all(workers.map((w) => w.terminate()));
  }
  return run.finish(parts);
}
