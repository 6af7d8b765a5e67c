/**
 * Batch analyses (knockout screens, dose–response sweeps, sensitivity) share one shape: a job (what
 * to simulate, JSON-serialisable and hashed) expands into numbered items, each item is one
 * independent ensemble simulation, and each finished item is one line of results.jsonl.
 * See docs/screens.md.
 */
import type { ScheduledEvent, SchemeOptions } from '../engine/types.js';
import type { Perturbation } from '../model/perturbation.js';

export type JobKind = 'screen' | 'sweep' | 'sensitivity';

/** JSON-serialisable initial state (a named state, or explicit probabilities). */
export type JobInitial = string | { values: Record<string, number>; rest?: number };

/** The condition every item is simulated under (inputs, drugs already turned into perturbations). */
export interface JobCondition {
  /** What the user gave (`file.json#NAME`, `inputs Pi_load=1`), for reports. */
  label: string;
  hypothesis?: string;
  flags?: Record<string, 0 | 1>;
  inputs?: Record<string, 0 | 1>;
  perturbations?: Perturbation[];
  initial?: JobInitial;
  schedule?: ScheduledEvent[];
}

export type ScreenKind = 'ko' | 'oe';

export interface ScreenOptions {
  single: boolean;
  double: boolean;
  kinds: ScreenKind[];
  /** Nodes left out of the screen (inputs are always left out). */
  exclude: string[];
}

export type SweepTargetKind = 'drug' | 'perturbation' | 'parameter';

export interface SweepParam {
  /** As the user wrote it before `=`. */
  name: string;
  kind: SweepTargetKind;
  /** Drug key, perturbation notation without `@` (e.g. `TRPM7%0`), or parameter name with `$`. */
  target: string;
  /** Values swept: doses in the drug's unit, fractions of cells, or parameter values. */
  values: number[];
  unit?: string;
}

export type RuleChange = 'negate' | 'fix0' | 'fix1';

export interface SensitivityOptions {
  /** Single-bit state flips from the baseline's final states. */
  flips: boolean;
  /** Rule perturbations, each applied to every non-input node. */
  rules: RuleChange[];
  exclude: string[];
}

export interface JobSpec {
  format: 'vsmc-batch';
  version: 1;
  kind: JobKind;
  /** sha256 of the model's native JSON text. */
  modelHash: string;
  condition: JobCondition;
  /** Base scheme; each item runs with the seed `${scheme.seed}/${item.key}`. */
  scheme: SchemeOptions;
  screen?: ScreenOptions;
  sweep?: { params: SweepParam[] };
  sensitivity?: SensitivityOptions;
}

/** One independent simulation of a job. */
export interface Item {
  /** Position in the job's item list (0-based); shards and resume work on it. */
  index: number;
  /** Stable name, also the seed suffix: `baseline`, `TRPM7%0`, `A%0 B%1`, `flip X`, `negate X`, `Mg supplement=0.001`. */
  key: string;
  /** Added to the condition's perturbations (after them, so they win on the same node). */
  perturbations?: Perturbation[];
  /** `$parameter` values (stochastic rates). */
  parameters?: [string, number][];
  /** Node whose rule is replaced by its negation. */
  negate?: string;
  /** Node flipped in the final states of the baseline before running on. */
  flip?: string;
  /** Sweep coordinates, one per parameter. */
  coords?: number[];
  /** Fraction of cells affected, per sweep parameter (dose mapping applied). */
  fractions?: number[];
}

/** One line of results.jsonl. Vectors are in the order of the job's readout / node lists. */
export interface ItemResult {
  i: number;
  key: string;
  cells: number;
  /** Final mean of each model readout (model order) and its per-cell standard error. */
  mean: number[];
  se: number[];
  /** Final fraction of cells with each node on (model order). */
  nodes: number[];
  /** Fraction of cells that ended on a fixed point. */
  fp: number;
  /** Sensitivity items: fraction of cells back in their pre-flip state; overlap of final-state distributions with the baseline. */
  same?: number;
  overlap?: number;
  /** Sensitivity (baseline and flips): attractors the baseline cells lie in (-1: not searched; flips compared by state). */
  attractors?: number;
  /** Sweep items: the swept values and the fraction of cells each reaches. */
  coords?: number[];
  fractions?: number[];
  /** Wall time of the item in ms (informational; not part of comparisons). */
  ms?: number;
}

export interface Shard {
  index: number;
  count: number;
}

export interface Manifest {
  format: 'vsmc-batch-manifest';
  version: 1;
  kind: JobKind;
  /** sha256 of the canonical JSON of the job: two runs with the same hash compute the same items. */
  jobHash: string;
  job: JobSpec;
  model: { file?: string; hash: string; name?: string };
  readoutNames: string[];
  nodeIds: string[];
  /** Items in the whole job, and in this shard. */
  items: number;
  shard: Shard;
  shardItems: number;
  /** Items finished when the manifest was written. */
  done: number;
  completed: boolean;
  /** Display choices (not part of the hash): readouts to rank by, etc. */
  display: { readouts: string[] };
  started: string;
  finished?: string;
  /** Set on a directory written by `vsmc merge`. */
  mergedFrom?: string[];
  tool: string;
}
