/**
 * A validated network: the raw native data (kept lossless for export) plus parsed rules indexed by
 * node. Built by `validateNetwork` from any reader's output; every face works from this.
 */
import type { Expr } from '../rules/ast.js';
import type { Network } from './schema.js';

export interface Diagnostic {
  level: 'error' | 'warning' | 'info';
  message: string;
  /** JSON path such as `nodes.RUNX2.regulations[1]`. */
  path?: string;
}

export interface Model {
  network: Network;
  /** Where it came from, for messages. */
  file?: string;
  ids: string[];
  index: Map<string, number>;
  /** Parsed rule per node; null for declared inputs. Identifiers are node ids or flags. */
  rules: (Expr | null)[];
  inputs: boolean[];
  /** Default values of module flags. */
  flags: Map<string, 0 | 1>;
  readouts: { name: string; label: string; terms: Expr[] }[];
  /** Non-fatal findings (sign mismatches, unused regulators, booleanised species…). */
  diagnostics: Diagnostic[];
}

export function nodeLabel(model: Model, i: number): string {
  return model.network.nodes[i]?.label ?? model.ids[i]!;
}
