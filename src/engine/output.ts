/**
 * Result → CSV / JSON text (pure: the CLI writes it to files, the web app offers it as a download).
 */
import { VsmcError, suggest } from '../util/errors.js';
import type { SimulationResult } from './types.js';

function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(8)));
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Header `time`, then one column per node (or the chosen nodes) and one per readout; each row a
 * window start and the fractions (readouts: mean score) averaged over [t, t + dt).
 */
export function resultToCsv(r: SimulationResult, opts: { nodes?: string[] } = {}): string {
  const index = new Map(r.ids.map((id, i) => [id, i]));
  const nodes = (opts.nodes ?? r.ids).map((id) => {
    const i = index.get(id);
    if (i === undefined) throw new VsmcError('unknown-identifier', `--nodes: unknown node "${id}"${suggest(id, r.ids)}`);
    return i;
  });
  const lines: string[] = [['time', ...nodes.map((i) => r.ids[i]!), ...r.readoutNames].map(csvField).join(',')];
  r.times.forEach((t, w) => {
    const nf = r.nodeFractions[w]!;
    const rm = r.readoutMeans[w]!;
    lines.push([num(t), ...nodes.map((i) => num(nf[i]!)), ...Array.from(rm, num)].join(','));
  });
  return lines.join('\n') + '\n';
}

/** Plain-JSON form: typed arrays as arrays, final states as one bit string per cell. */
export function resultToPlain(r: SimulationResult): unknown {
  const n = r.ids.length;
  const { partials: _p, finalStates, ...rest } = r;
  void _p;
  const out: Record<string, unknown> = {
    ...rest,
    nodeFractions: r.nodeFractions.map((a) => Array.from(a)),
    readoutMeans: r.readoutMeans.map((a) => Array.from(a)),
    final: {
      ...r.final,
      nodeFractions: Array.from(r.final.nodeFractions),
      readoutMeans: Array.from(r.final.readoutMeans),
      readoutSE: Array.from(r.final.readoutSE),
    },
  };
  if (finalStates) {
    const states: string[] = [];
    for (let o = 0; o < finalStates.length; o += n) {
      let s = '';
      for (let i = 0; i < n; i++) s += finalStates[o + i] ? '1' : '0';
      states.push(s);
    }
    out.finalStates = states;
  }
  return out;
}

export function resultToJson(r: SimulationResult): string {
  return JSON.stringify(resultToPlain(r), null, 1) + '\n';
}

/** Explicit per-cell states from bit strings (e.g. the finalStates of a JSON result). */
export function statesFromStrings(list: string[], ids: string[]): { states: Uint8Array; n: number } {
  const n = ids.length;
  const states = new Uint8Array(list.length * n);
  list.forEach((s, c) => {
    if (typeof s !== 'string' || s.length !== n || !/^[01]*$/.test(s)) {
      throw new VsmcError('semantic', `state ${c + 1}: expected a string of ${n} characters 0/1 (one per node, in model order)`);
    }
    for (let i = 0; i < n; i++) states[c * n + i] = s.charCodeAt(i) === 49 ? 1 : 0;
  });
  return { states, n };
}
