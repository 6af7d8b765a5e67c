/** Public shapes of the attractor analyses (library, CLI --json, web app). */
import type { InitialDistribution } from '../model/prepare.js';

export type Scheme = 'sync' | 'async';
export type SearchMode = 'exhaustive' | 'restricted' | 'sampled';

export interface AttractorInfo {
  /** fixed: one state; cycle: a synchronous cycle; complex: an asynchronous attractor of more than one state. */
  type: 'fixed' | 'cycle' | 'complex';
  size: number;
  /** One character per node of `order`: its value, or `-` where it varies within the attractor. */
  pattern: string;
  /** Member states as bit strings over `order` (cycles in successor order, starting from the smallest). */
  states?: string[];
  /**
   * Exhaustive synchronous search: number of states of the space whose trajectory ends here.
   * Restricted / sampled search: number of the initial states tried that ended here (see notes).
   */
  basin?: number;
}

export interface AttractorReport {
  /** All node ids of the model, in model order; character j of a state or pattern is node j. */
  order: string[];
  scheme: Scheme;
  /** true when every attractor of the system is listed (exhaustive searches that finished). */
  complete: boolean;
  mode: string;
  attractors: AttractorInfo[];
  notes: string[];
}

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

/**
 * Which constant nodes stay in the state space for basins and restricted/sampled starts:
 *  - 'model' (default): constants written in the model's rules stay (a knockout written as `X, 0`
 *    keeps the states where X is 1; they leave for the rest of the space in one step), nodes the
 *    experiment sets (inputs, --fix, perturbations) are left out;
 *  - 'full': every constant node stays (rule replaced by a constant, complementary states kept);
 *  - 'reduced': every constant node is left out (BoolNet's fixGenes).
 * Attractors are the same under all three; basin sizes differ.
 */
export type FixedSpace = 'model' | 'full' | 'reduced';

export interface CommonOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** List member states of attractors up to this size (default 1000); `includeStates` lists all. */
  maxListedStates?: number;
  includeStates?: boolean;
  fixedSpace?: FixedSpace;
}

export interface FindOptions extends CommonOptions {
  scheme: Scheme;
  mode?: SearchMode;
  /** Initial states (model order, one 0/1 per node) for restricted mode, or starts for sampled mode. */
  from?: Uint8Array[];
  /** Distribution to draw sampled starts from (default: uniform over the space). */
  initial?: InitialDistribution;
  /** Largest number of states an asynchronous search may hold (default 2^25). */
  budget?: number;
  /** Number of random starts in sampled mode (default 1000). */
  samples?: number;
  seed?: number;
  /** Largest number of free nodes for an exhaustive synchronous search (default 30). */
  maxExhaustiveNodes?: number;
  /**
   * Exhaustive synchronous search: most distinct states its hash table may hold (default 2^24);
   * beyond it (attractors with very many states) a full successor table is used up to 28 nodes.
   */
  maxSweepEntries?: number;
}

export interface FixedPointOptions extends CommonOptions {
  /** Stop after this many fixed points (default 100,000); the report is then incomplete. */
  maxFixedPoints?: number;
}
