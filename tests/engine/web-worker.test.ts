/**
 * The Web Worker entry, driven in-process: a fake worker scope (onmessage / postMessage on
 * globalThis) stands in for the browser's; MessageChannel is the same in Node.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadNativeModel } from '../../src/model/load.js';
import { simulate } from '../../src/engine/simulate.js';
import { type FromWorker, type ToWorker, publicResult, toRunMessage } from '../../src/engine/worker-protocol.js';
import type { SimulationRequest } from '../../src/engine/types.js';

const g = globalThis as unknown as { onmessage: ((ev: { data: ToWorker }) => void) | null; postMessage?: (m: FromWorker) => void };
const posted: FromWorker[] = [];
let saved: typeof g.postMessage;

beforeAll(async () => {
  saved = g.postMessage;
  g.postMessage = (m) => posted.push(structuredClone(m));
  await import('../../src/engine/web-worker.js');
});
afterAll(() => {
  g.postMessage = saved;
  g.onmessage = null;
});

const send = (m: ToWorker) => g.onmessage!({ data: structuredClone(m) });
async function until(pred: () => boolean): Promise<void> {
  for (let k = 0; k < 2000 && !pred(); k++) await new Promise((r) => setTimeout(r, 5));
  expect(pred()).toBe(true);
}

it('runs, reports progress and partial results, and answers like simulate()', async () => {
  const model = loadNativeModel(readFileSync(resolve(__dirname, 'fixtures/toggle.json'), 'utf8'));
  const req: SimulationRequest = { model, scheme: { type: 'stochastic', cells: 3000, seed: 1, time: 10, dt: 1 }, initial: 'random' };
  send(toRunMessage(req, 1, 0.0001));
  await until(() => posted.some((m) => m.id === 1 && (m.type === 'done' || m.type === 'error')));
  const mine = posted.filter((m) => m.id === 1);
  expect(mine.filter((m) => m.type === 'progress').map((m) => (m as { done: number }).done)).toEqual([1024, 2048, 3000]);
  expect(mine.some((m) => m.type === 'partial')).toBe(true);
  const done = mine.find((m) => m.type === 'done') as Extract<FromWorker, { type: 'done' }>;
  expect(done.result).toEqual(publicResult(simulate(req)));
});

it('cancels a running job; later jobs still run; user errors come back as VsmcError fields', async () => {
  const model = loadNativeModel(readFileSync(resolve(__dirname, 'fixtures/toggle.json'), 'utf8'));
  const big: SimulationRequest = { model, scheme: { type: 'stochastic', cells: 200_000, seed: 1, time: 50 }, initial: 'random' };
  send(toRunMessage(big, 2));
  send(toRunMessage({ ...big, perturbations: [{ kind: 'node', node: 'Nope', value: 0 }] }, 3));
  send(toRunMessage({ ...big, scheme: { ...big.scheme, cells: 10 } }, 4));
  await until(() => posted.some((m) => m.id === 2 && m.type === 'progress'));
  send({ type: 'cancel', id: 2 });
  await until(() => posted.some((m) => m.id === 4 && m.type === 'done'));
  const e2 = posted.find((m) => m.id === 2 && m.type === 'error') as Extract<FromWorker, { type: 'error' }>;
  expect(e2.cancelled).toBe(true);
  expect(posted.some((m) => m.id === 2 && m.type === 'done')).toBe(false);
  const e3 = posted.find((m) => m.id === 3 && m.type === 'error') as Extract<FromWorker, { type: 'error' }>;
  expect(e3.cancelled).toBe(false);
  expect(e3.code).toBe('unknown-identifier');
  expect(e3.message).toMatch(/Nope/);
});
