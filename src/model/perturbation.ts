/**
 * Intervention notation shared by the CLI, experiment files, drugs and the web app:
 *   X%0        knockout (rule replaced by 0, state set to 0 at the start)
 *   X%1        forced on
 *   A:B%v      edge perturbation: B's rule reads A as the constant v
 *   X=1        set an input node (drugs and conditions use this for input-modelled drugs)
 *   …@f        applied in a fraction f of the cells (population fraction, MaBoSS DrugSim style)
 */
import { VsmcError } from '../util/errors.js';

export type Perturbation =
  | { kind: 'node'; node: string; value: 0 | 1; fraction?: number }
  | { kind: 'edge'; source: string; target: string; value: 0 | 1; fraction?: number }
  | { kind: 'input'; node: string; value: 0 | 1; fraction?: number };

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const NODE_RE = new RegExp(`^(${NAME})%([01])$`);
const EDGE_RE = new RegExp(`^(${NAME}):(${NAME})%([01])$`);
const INPUT_RE = new RegExp(`^(${NAME})=([01])$`);

export function parsePerturbation(text: string): Perturbation {
  const raw = text.trim();
  let body = raw;
  let fraction: number | undefined;
  const at = raw.lastIndexOf('@');
  if (at >= 0) {
    body = raw.slice(0, at).trim();
    const f = raw.slice(at + 1).trim();
    if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(f)) {
      throw new VsmcError('syntax', `perturbation "${raw}": the fraction after @ must be a number between 0 and 1, found "${f}"`);
    }
    fraction = Number(f);
  }
  let m = NODE_RE.exec(body);
  if (m) return withFraction({ kind: 'node', node: m[1]!, value: Number(m[2]) as 0 | 1 }, fraction);
  m = EDGE_RE.exec(body);
  if (m) return withFraction({ kind: 'edge', source: m[1]!, target: m[2]!, value: Number(m[3]) as 0 | 1 }, fraction);
  m = INPUT_RE.exec(body);
  if (m) return withFraction({ kind: 'input', node: m[1]!, value: Number(m[2]) as 0 | 1 }, fraction);
  throw new VsmcError(
    'syntax',
    `cannot read perturbation "${raw}": expected X%0 (knockout), X%1 (forced on), A:B%0 (edge), X=1 (input), optionally followed by @fraction`,
  );
}

function withFraction(p: Perturbation, fraction: number | undefined): Perturbation {
  return fraction === undefined || fraction === 1 ? p : { ...p, fraction };
}

export function formatPerturbation(p: Perturbation): string {
  const f = p.fraction === undefined ? '' : `@${p.fraction}`;
  switch (p.kind) {
    case 'node':
      return `${p.node}%${p.value}${f}`;
    case 'edge':
      return `${p.source}:${p.target}%${p.value}${f}`;
    case 'input':
      return `${p.node}=${p.value}${f}`;
  }
}

/** Parse a comma/space separated list such as "TRPM7%0,miR30b%1@0.5". */
export function parsePerturbationList(text: string): Perturbation[] {
  return text
    .split(/[,\s]+/)
    .filter((s) => s.length > 0)
    .map(parsePerturbation);
}
