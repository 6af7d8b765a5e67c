/**
 * The page's side of the simulation worker. One worker lives for the page; each request gets an
 * id, partial results stream back; the worker runs jobs one after the other.
 */
import type { SimulationRequest, SimulationResult } from '../engine/types.js';
import { type FromWorker, errorFromMessage, toRunMessage } from '../engine/worker-protocol.js';

export interface SimCallbacks {
  progress(partial: SimulationResult | undefined, done: number, total: number): void;
  done(result: SimulationResult): void;
  error(message: string): void;
}

export interface SimJob {
  cancel(): void;
}

export interface SimBackend {
  simulate(req: SimulationRequest, cb: SimCallbacks): SimJob;
}

/** The engine's Web Worker (src/engine/web-worker.ts): one for the page, jobs identified by id. */
export class WorkerBackend implements SimBackend {
  private worker: Worker;
  private jobs = new Map<number, SimCallbacks>();
  private next = 1;

  constructor(private partialEveryMs = 120) {
    this.worker = new Worker(new URL('../engine/web-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      const cb = this.jobs.get(m.id);
      if (!cb) return;
      switch (m.type) {
        case 'progress':
          cb.progress(undefined, m.done, m.total);
          break;
        case 'partial':
          cb.progress(m.result, m.done, m.total);
          break;
        case 'done':
          this.jobs.delete(m.id);
          cb.done(m.result);
          break;
        case 'error':
          this.jobs.delete(m.id);
          if (!m.cancelled) cb.error(errorFromMessage(m).message);
          break;
      }
    };
    this.worker.onerror = (e) => {
      for (const cb of this.jobs.values()) cb.error(`the simulation worker failed: ${e.message}`);
      this.jobs.clear();
    };
  }

  simulate(req: SimulationRequest, cb: SimCallbacks): SimJob {
    const id = this.next++;
    this.jobs.set(id, cb);
    this.worker.postMessage(toRunMessage(req, id, this.partialEveryMs));
    return {
      cancel: () => {
        if (this.jobs.delete(id)) this.worker.postMessage({ type: 'cancel', id });
      },
    };
  }
}
