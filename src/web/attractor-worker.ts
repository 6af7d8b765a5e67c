/**
 * Web Worker for the attractor panel: the analysis library (src/analysis) on the current set-up,
 * off the page's thread. An asynchronous search is first restricted to the states reachable from
 * the initial state; when that set is too large for the budget, random walks from the initial
 * state are used instead (each attractor found is still exact). Readout scores of each attractor
 * are averaged over its listed states.
 */
import { findAttractors } from '../analysis/index.js';
import type { AttractorReport } from '../analysis/types.js';
import { loadNativeModel } from '../model/load.js';
import type { Perturbation } from '../model/perturbation.js';
import { prepare, resolveInitial } from '../model/prepare.js';
import { evaluate } from '../rules/ast.js';
import { VsmcError } from '../util/errors.js';

export interface FindMessage {
  type: 'find';
  id: number;
  modelJson: string;
  file?: string;
  hypothesis?: string;
  inputs: Record<string, 0 | 1>;
  perturbations: Perturbation[];
  scheme: 'sync' | 'async';
}

export interface AttractorsDone {
  type: 'done';
  id: number;
  report: AttractorReport;
  /** Per attractor, per readout (model order): mean score over the attractor's listed states. */
  readouts: (number | null)[][];
  readoutNames: string[];
  notes: string[];
}

export type FromAttractorWorker = AttractorsDone | { type: 'progress'; id: number; phase: string; done: number; total: number } | { type: 'error'; id: number; message: string };

const RESTRICTED_BUDGET = 2 ** 18;
const WALKS = 200;

const post = (m: FromAttractorWorker) => (globalThis as unknown as { postMessage(m: FromAttractorWorker): void }).postMessage(m);

(globalThis as unknown as { onmessage: (ev: MessageEvent<FindMessage>) => void }).onmessage = (ev) => {
  const m = ev.data;
  try {
    post(find(m));
  } catch (e) {
    post({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
  }
};

function find(m: FindMessage): AttractorsDone {
  const model = loadNativeModel(m.modelJson, { file: m.file });
  const notes: string[] = [];
  const partial = m.perturbations.filter((p) => p.fraction !== undefined && p.fraction < 1);
  if (partial.length) notes.push('Attractors describe one cell: interventions that act on a fraction of the cells are applied in full here.');
  const perturbations = m.perturbations.map((p) => ({ ...p, fraction: undefined }));
  const sys = prepare(model, { hypothesis: m.hypothesis, inputs: m.inputs, perturbations });
  const dist = resolveInitial(sys);
  const deterministic = dist.joint.length === 0 && dist.probabilities.every((p, i) => sys.forced[i]! >= 0 || p === 0 || p === 1);
  const onProgress = (p: { phase: string; done: number; total: number }) => post({ type: 'progress', id: m.id, ...p });
  let report: AttractorReport;
  if (deterministic) {
    const from = Uint8Array.from(dist.probabilities, (p, i) => (sys.forced[i]! >= 0 ? sys.forced[i]! : p));
    try {
      report = findAttractors(sys, { scheme: m.scheme, mode: 'restricted', from: [from], budget: RESTRICTED_BUDGET, onProgress });
    } catch (e) {
      if (!(e instanceof VsmcError && e.code === 'limit') || m.scheme !== 'async') throw e;
      notes.push(`More than ${RESTRICTED_BUDGET.toLocaleString('en')} states are reachable from the initial state, too many to search them all in the browser; ${WALKS} random walks from it were followed instead.`);
      report = findAttractors(sys, { scheme: 'async', mode: 'sampled', initial: dist, samples: WALKS, onProgress });
    }
  } else {
    notes.push(`The initial state is random; ${WALKS} starts drawn from it were followed.`);
    report = findAttractors(sys, { scheme: m.scheme, mode: 'sampled', initial: dist, samples: WALKS, onProgress });
  }
  const readouts = report.attractors.map((a) =>
    sys.readouts.map((r) => {
      if (!a.states?.length) return null;
      let sum = 0;
      for (const s of a.states) {
        const val = (name: string) => s[sys.index.get(name)!] === '1';
        sum += r.terms.reduce((t, term) => t + (evaluate(term, val) ? 1 : 0), 0) / r.terms.length;
      }
      return sum / a.states.length;
    }),
  );
  return { type: 'done', id: m.id, report, readouts, readoutNames: sys.readouts.map((r) => r.name), notes };
}
