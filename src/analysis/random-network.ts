/**
 * Seeded random N-K networks (Kauffman): every node reads exactly k distinct nodes chosen
 * uniformly (itself allowed), with a uniformly random truth table in which every input matters
 * (BoolNet's generateRandomNKNetwork with topology 'fixed', linkage 'uniform',
 * functionGeneration 'uniform', noIrrelevantGenes). Rules are written as sums of minterms so any
 * .bnet reader (BoolNet, PyBoolNet, MaBoSS, ours) reads the file unchanged.
 */
import seedrandom from 'seedrandom';
import type { Network } from '../model/schema.js';
import { VsmcError } from '../util/errors.js';

export function randomNKNetwork(n: number, k: number, seed: number, prefix = 'Gene'): Network {
  if (!(Number.isInteger(n) && n >= 1 && n <= 100_000)) throw new VsmcError('semantic', `n must be a whole number from 1 to 100000, found ${n}`);
  if (!(Number.isInteger(k) && k >= 1 && k <= Math.min(n, 8))) throw new VsmcError('semantic', `k must be a whole number from 1 to min(n, 8), found ${k}`);
  const rng = seedrandom(`nk-${n}-${k}-${seed}`);
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  const nodes = ids.map((id) => {
    const inputs: number[] = [];
    while (inputs.length < k) {
      const j = Math.floor(rng() * n);
      if (!inputs.includes(j)) inputs.push(j);
    }
    inputs.sort((a, b) => a - b);
    const rows = 1 << k;
    let table: number[];
    for (let tries = 0; ; tries++) {
      if (tries > 10_000) throw new Error('randomNKNetwork: no function with all inputs relevant');
      table = Array.from({ length: rows }, () => (rng() < 0.5 ? 1 : 0));
      const relevant = inputs.every((_, b) => table.some((v, r) => v !== table[r ^ (1 << b)]));
      if (relevant) break;
    }
    const terms: string[] = [];
    for (let r = 0; r < rows; r++) {
      if (!table[r]) continue;
      terms.push('(' + inputs.map((j, b) => ((r >>> b) & 1 ? ids[j]! : `!${ids[j]!}`)).join(' & ') + ')');
    }
    return { id, rule: terms.join(' | ') };
  });
  return { name: `random_n${n}_k${k}_seed${seed}`, nodes };
}

/** The network as a .bnet file (`targets, factors`). */
export function networkToBnet(net: Network): string {
  const lines = ['targets, factors'];
  for (const node of net.nodes) lines.push(`${node.id}, ${node.rule ?? node.id}`);
  return lines.join('\n') + '\n';
}
