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

/**
 * Limits handed down by a parent process or thread: the CLI publishes the limits its flags set in
 * VSMC_LIMITS, and worker threads (which start with a copy of the environment) read it here, so a
 * model the user allowed with --max-nodes is not refused again by the workers that re-read it.
 * No `process` in a browser: nothing to read there.
 */
function inherited(): Partial<Limits> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const raw = env?.[LIMITS_ENV];
  if (!raw) return {};
  const out: Partial<Limits> = {};
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    for (const k of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
      const v = o[k];
      if (typeof v === 'number' && v > 0) out[k] = v;
    }
  } catch {
    // Not ours or damaged: the defaults stand.
  }
  return out;
}

export const LIMITS_ENV = 'VSMC_LIMITS';

let current: Limits = { ...DEFAULT_LIMITS, ...inherited() };

export function limits(): Limits {
  return current;
}

export function setLimits(patch: Partial<Limits>): void {
  current = { ...current, ...patch };
}

/** A byte count for messages: "50 MB", "0.5 MB", "1.2 kB". */
export function describeBytes(n: number): string {
  const mb = n / 1048576;
  if (mb >= 1) return `${Number(mb.toPrecision(3))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toPrecision(3))} kB`;
  return `${n} bytes`;
}

/** The message for a file over maxFileBytes (every reader uses the same words). */
export function fileTooLarge(size: number): string {
  return `file is ${describeBytes(size)}; the limit is ${describeBytes(limits().maxFileBytes)} (raise it with --max-file-mb)`;
}
