/**
 * Resource limits for untrusted input. Every reader and engine checks these before it allocates;
 * a request over a limit fails fast with a message naming the limit and how to raise it.
 */
export interface Limits {
  /** Largest model or experiment file accepted, in bytes. */
  maxFileBytes: number;
  /** Largest number of nodes in a network. */
  maxNodes: number;
  /** Deepest nesting in one rule or rate expression. */
  maxExprDepth: number;
  /** Largest rule text, in characters. */
  maxRuleLength: number;
  /** Largest explicit state space (2^free nodes) for exhaustive analyses. */
  maxExhaustiveStates: number;
  /** Largest cells × steps (or cells × flips budget) for one simulation run. */
  maxCellSteps: number;
  /** Deepest XML nesting accepted. */
  maxXmlDepth: number;
  /** Deepest nesting of JSON data kept in a model (free-form metadata). */
  maxJsonDepth: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxNodes: 5000,
  maxExprDepth: 256,
  maxRuleLength: 1_000_000,
  maxExhaustiveStates: 2 ** 32,
  maxCellSteps: 2e10,
  maxXmlDepth: 200,
  maxJsonDepth: 200,
};

let current: Limits = { ...DEFAULT_LIMITS };

export function limits(): Limits {
  return current;
}

export function setLimits(patch: Partial<Limits>): void {
  current = { ...current, ...patch };
}
