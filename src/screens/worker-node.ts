/**
 * A batch worker: rebuilds the model from its native JSON text once, then runs the items it is
 * sent, one at a time, each single-threaded through the engine.
 */
import { parentPort } from 'node:worker_threads';
import { readModel } from '../formats/index.js';
import { isVsmcError } from '../util/errors.js';
import { ItemRunner } from './run-item.js';
import type { WorkerReply, WorkerRequest } from './pool-node.js';

const port = parentPort;
if (!port) throw new Error('worker-node.ts must run in a worker thread');

let runner: ItemRunner | undefined;
const reply = (m: WorkerReply) => port.postMessage(m);

port.on('message', (m: WorkerRequest) => {
  try {
    if (m.type === 'init') {
      const model = readModel(m.modelText, { format: 'native', file: m.file });
      runner = new ItemRunner(model, m.job);
      reply({ type: 'ready' });
    } else if (m.type === 'item') {
      if (!runner) throw new Error('worker: item before init');
      reply({ type: 'result', result: runner.run(m.item) });
    }
  } catch (e) {
    reply({
      type: 'error',
      key: m.type === 'item' ? m.item.key : undefined,
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
      vsmc: isVsmcError(e) ? { code: e.code, detail: e.detail, loc: e.loc } : undefined,
    });
  }
});
