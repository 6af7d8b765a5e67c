/**
 * Public types of the simulation engines. The experiment runner, the CLI and the web app code
 * against these; see docs/engine.md for the semantics of every field.
 */
import type { Model } from '../model/model.js';
import type { Perturbation } from '../model/perturbation.js';
import type { InitialSpec } from '../model/prepare.js';

export type SchemeName = 'sync' | 'async' | 'sweep' | 'stochastic';

export interface SchemeOptions {
  type: SchemeName;
  cells: number;
  seed: number | string;
  /** sync: synchronous steps; async: single-node updates (a "sweep" = n steps); sweep: number of sweeps. */
  steps?: number;
  /** stochastic: max time and window width (MaBoSS time_tick). */
  time?: number;
  dt?: number;
  /** Discrete schemes: window width in steps (default: a value giving ≤ 200 windows). */
  every?: number;
  /** sync/async/sweep: each node update gives the wrong value with probability ε. */
  noise?: number;
  /** How `@f` partial inhibition applies in stochastic runs (default 'fraction'). */
  rateScale?: 'fraction' | 'rate';
}

/** MaBoSS schedule semantics: at `time`, set `node` to `value` with probability p in each cell. */
export interface ScheduledEvent {
  time: number;
  node: string;
  value: 0 | 1;
  probability?: number;
}

/** Explicit per-cell initial states: `cells × n` values 0/1, row-major, nodes in model order. */
export interface ExplicitInitial {
  states: Uint8Array;
  n: number;
}

export interface SimulationRequest {
  model: Model;
  hypothesis?: string;
  flags?: Record<string, 0 | 1>;
  inputs?: Record<string, 0 | 1>;
  perturbations?: Perturbation[];
  initial?: InitialSpec | ExplicitInitial;
  scheme: SchemeOptions;
  schedule?: ScheduledEvent[];
  record?: { trajectories?: number; finalStates?: boolean };
}

export interface StateCount {
  state: string;
  count: number;
}

export interface FinalSummary {
  nodeFractions: Float64Array;
  readoutMeans: Float64Array;
  /** Standard error of each readout's mean over cells (sd / √cells). */
  readoutSE: Float64Array;
  /** Bit strings in ids order (character j = node j), top 1000 by count. */
  histogram: StateCount[];
  fixedPointFraction: number;
  fixedPoints: StateCount[];
}

export interface Trajectory {
  cell: number;
  times: number[];
  states: string[];
}

/**
 * Sums over the cells of one block (1024 cells), before normalisation. Blocks are merged in block
 * order, so that the floating-point sums do not depend on how blocks were spread over threads.
 */
export interface BlockPartial {
  block: number;
  cells: number;
  /** [window × slots]: Σ over cells of the time spent on, per node then per readout term. */
  occupancy: Float64Array;
  /** Cells on at the end, per node. */
  finalOn: Float64Array;
  /** Σ and Σ² over cells of each readout's final score. */
  readoutSum: Float64Array;
  readoutSumSq: Float64Array;
  /** Final state → cells; fixed-point final states → cells. */
  histogram: Map<string, number>;
  fixedPoints: Map<string, number>;
  fixedCount: number;
  /** Cells whose trajectory stopped early at a fixed point (stochastic; async/sweep without noise). */
  stopped: number;
  /** Node flips (stochastic) or node updates (discrete schemes): the work done, for benchmarks. */
  work: number;
  finalStates?: Uint8Array;
  trajectories?: Trajectory[];
}

export interface SimulationResult {
  ids: string[];
  readoutNames: string[];
  scheme: SchemeOptions;
  /** Window starts. */
  times: number[];
  /** [window][node]: fraction of cells on, averaged over the window [t, t+dt). */
  nodeFractions: Float64Array[];
  /** [window][readout]: mean score over cells, averaged over the window. */
  readoutMeans: Float64Array[];
  final: FinalSummary;
  /** cells × n final states, row-major (when record.finalStates). */
  finalStates?: Uint8Array;
  trajectories?: Trajectory[];
  /** Cells whose trajectory ended at a fixed point before the end of the run. */
  stoppedAtFixedPoint?: number;
  notes: string[];
  /** Cells covered by this result (all of scheme.cells unless a cellRange was asked for). */
  cellRange: [number, number];
  /** Node flips (stochastic) or node updates (discrete) performed. */
  work: number;
  /**
   * Per-block sums, present only on results of `simulate(req, { cellRange })`, so that
   * `mergeResults` can combine ranges exactly. Not part of the user-facing output.
   */
  partials?: { blocks: BlockPartial[]; shape: ResultShape };
}

/** What is needed besides the block sums to normalise them (carried with partial results). */
export interface ResultShape {
  /** Readout r owns occupancy slots n + termStart[r] … n + termStart[r+1] − 1. */
  termStart: number[];
  /** Length of each window (the last one may be shorter). */
  windowLens: number[];
}

export interface SimulateOptions {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Simulate only cells [start, end); start must be a multiple of the block size (1024). */
  cellRange?: [number, number];
}
