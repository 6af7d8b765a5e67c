/**
 * Worker-thread side of simulateParallel (Node only): rebuilds the model from its native JSON,
 * compiles the run once, then simulates the blocks the main thread hands out, one at a time.
 */
import { parentPort } from 'node:worker_threads';
import { type Run, createRun } from './simulate.js';
import { errorToMessage, requestFromMessage } from './worker-protocol.js';
import type { NodeToWorker, NodeFromWorker } from './parallel-node.js';

const port = parentPort;
if (!port) throw new Error('worker-node.ts must run in a worker thread');
let run: Run | undefined;

port.on('message', (m: NodeToWorker) => {
  try {
    if (m.type === 'init') {
      run = createRun(requestFromMessage(m));
      port.postMessage({ type: 'ready' } satisfies NodeFromWorker);
    } else if (m.type === 'block') {
      if (!run) throw new Error('worker: block before init');
      const partial = run.runBlock(m.block);
      const transfer: ArrayBuffer[] = [partial.occupancy.buffer, partial.finalOn.buffer, partial.readoutSum.buffer, partial.readoutSumSq.buffer] as ArrayBuffer[];
      if (partial.finalStates) transfer.push(partial.finalStates.buffer as ArrayBuffer);
      port.postMessage({ type: 'block', partial } satisfies NodeFromWorker, transfer);
    }
  } catch (e) {
    port.postMessage({ type: 'error', error: errorToMessage(0, e) } satisfies NodeFromWorker);
  }
});
