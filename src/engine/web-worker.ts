/**
 * Browser Web Worker entry for simulations. The page creates it with
 *   new Worker(new URL('../engine/web-worker.ts', import.meta.url), { type: 'module' })
 * and talks to it with the messages of worker-protocol.ts (see docs/engine.md).
 *
 * The run goes block by block (1024 cells) and yields to the event loop between blocks, so that a
 * 'cancel' message is seen within one block; progress is posted after every block and, when asked
 * for, the result over the cells done so far.
 */
import { createRun } from './simulate.js';
import type { BlockPartial } from './types.js';
import { type FromWorker, type RunMessage, type ToWorker, errorToMessage, publicResult, requestFromMessage } from './worker-protocol.js';

interface WorkerScope {
  onmessage: ((ev: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = globalThis as unknown as WorkerScope;
const cancelled = new Set<number>();
/** Runs queued or running: a cancel for anything else is ignored. */
const pending = new Set<number>();
let queue: Promise<void> = Promise.resolve();

/** A macrotask boundary without setTimeout's 4 ms clamp, so queued messages get delivered. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

class Cancelled extends Error {}

async function runOne(m: RunMessage): Promise<void> {
  try {
    const run = createRun(requestFromMessage(m));
    const total = run.ctx.scheme.cells;
    const parts: BlockPartial[] = [];
    let done = 0;
    let lastPartial = Date.now();
    for (let b = 0; b < run.blocks; b++) {
      await yieldToEvents();
      if (cancelled.has(m.id)) throw new Cancelled('cancelled');
      const part = run.runBlock(b);
      parts.push(part);
      done += part.cells;
      scope.postMessage({ type: 'progress', id: m.id, done, total });
      if (m.partialEveryMs && b + 1 < run.blocks && Date.now() - lastPartial >= m.partialEveryMs) {
        scope.postMessage({ type: 'partial', id: m.id, result: publicResult(run.finish(parts)), done, total });
        lastPartial = Date.now();
      }
    }
    scope.postMessage({ type: 'done', id: m.id, result: publicResult(run.finish(parts)) });
  } catch (e) {
    scope.postMessage(e instanceof Cancelled ? { type: 'error', id: m.id, cancelled: true, message: 'cancelled' } : errorToMessage(m.id, e));
  } finally {
    cancelled.delete(m.id);
    pending.delete(m.id);
  }
}

scope.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === 'cancel') {
    if (pending.has(m.id)) cancelled.add(m.id);
  } else if (m.type === 'run') {
    pending.add(m.id);
    queue = queue.then(() => runOne(m));
  }
};
