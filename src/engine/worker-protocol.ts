/**
 * Messages between a page and the simulation Web Worker (src/engine/web-worker.ts); documented in
 * docs/engine.md. The model travels as its native JSON text (a Model holds Maps and parsed ASTs,
 * which are rebuilt in the worker by the same validation), the rest of the request as is
 * (structured clone keeps Uint8Array initial states).
 */
import { loadNativeModel, writeNativeNetwork } from '../model/load.js';
import type { Model } from '../model/model.js';
import { VsmcError, type ErrorCode, type SourceLocation } from '../util/errors.js';
import type { SimulationRequest, SimulationResult } from './types.js';

/** Everything in a SimulationRequest except the model. */
export type RequestBody = Omit<SimulationRequest, 'model'>;

export interface RunMessage {
  type: 'run';
  /** Chosen by the page; echoed in every reply so that several runs can share one worker. */
  id: number;
  /** The model as native JSON (writeNativeNetwork(model.network)). */
  modelJson: string;
  /** File name for messages. */
  file?: string;
  request: RequestBody;
  /** Post a 'partial' result at most this often (ms); 0 or absent: no partial results. */
  partialEveryMs?: number;
}

export interface CancelMessage {
  type: 'cancel';
  id: number;
}

export type ToWorker = RunMessage | CancelMessage;

export interface ProgressMessage {
  type: 'progress';
  id: number;
  /** Cells done and total. */
  done: number;
  total: number;
}

/** The result over the cells done so far (a valid SimulationResult over fewer cells). */
export interface PartialMessage {
  type: 'partial';
  id: number;
  result: SimulationResult;
  done: number;
  total: number;
}

export interface DoneMessage {
  type: 'done';
  id: number;
  result: SimulationResult;
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  /** Set when the run stopped because of a 'cancel' message. */
  cancelled: boolean;
  message: string;
  /** Present for user errors (VsmcError): rebuild with errorFromMessage(). */
  code?: ErrorCode;
  detail?: string;
  loc?: SourceLocation;
}

export type FromWorker = ProgressMessage | PartialMessage | DoneMessage | ErrorMessage;

/** Split a request into what a worker message carries. */
export function toRunMessage(req: SimulationRequest, id: number, partialEveryMs?: number): RunMessage {
  const { model, ...request } = req;
  return { type: 'run', id, modelJson: writeNativeNetwork(model.network), file: model.file, request, partialEveryMs };
}

export function requestFromMessage(m: { modelJson: string; file?: string; request: RequestBody }): SimulationRequest {
  const model: Model = loadNativeModel(m.modelJson, { file: m.file });
  return { ...m.request, model };
}

export function errorToMessage(id: number, e: unknown, cancelled = false): ErrorMessage {
  if (e instanceof VsmcError) return { type: 'error', id, cancelled, message: e.message, code: e.code, detail: e.detail, loc: e.loc };
  return { type: 'error', id, cancelled, message: e instanceof Error ? e.message : String(e) };
}

export function errorFromMessage(m: Pick<ErrorMessage, 'message' | 'code' | 'detail' | 'loc'>): Error {
  if (m.code !== undefined && m.detail !== undefined) return new VsmcError(m.code, m.detail, m.loc ?? {});
  return new Error(m.message);
}

/** Strip the internal per-block sums before a result leaves the engine. */
export function publicResult(r: SimulationResult): SimulationResult {
  const { partials: _partials, ...rest } = r;
  void _partials;
  return rest;
}
