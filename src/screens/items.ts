/**
 * Expanding a job into its items, deterministically: the same job always gives the same list in
 * the same order, so that item numbers mean the same thing in every shard and on every resume.
 */
import type { Model } from '../model/model.js';
import type { Perturbation } from '../model/perturbation.js';
import { VsmcError, suggest } from '../util/errors.js';
import type { Item, JobSpec, ScreenKind, Shard } from './types.js';

/** Largest number of items one job may have (each is a whole ensemble simulation). */
export const MAX_ITEMS = 2_000_000;

export const BASELINE_KEY = 'baseline';

/** Seed of one item: derived from the job seed and the item's key only (not from its worker or position). */
export function itemSeed(seed: number | string, key: string): string {
  return `${String(seed)}/${key}`;
}

function nodePerturbation(node: string, kind: ScreenKind): Perturbation {
  return { kind: 'node', node, value: kind === 'ko' ? 0 : 1 };
}

export function perturbationKey(ps: Perturbation[]): string {
  return ps.map((p) => (p.kind === 'node' ? `${p.node}%${p.value}` : JSON.stringify(p))).join(' ');
}

/** Non-input nodes of the model minus the excluded ones (checked against the model). */
export function screenNodes(model: Model, exclude: string[], what = '--exclude'): string[] {
  const ex = new Set<string>();
  for (const x of exclude) {
    if (!model.index.has(x)) throw new VsmcError('unknown-identifier', `${what}: unknown node "${x}"${suggest(x, model.ids)}`, { file: model.file });
    ex.add(x);
  }
  return model.ids.filter((id, i) => !model.inputs[i] && !ex.has(id));
}

/**
 * Screen items: the baseline, then single perturbations (node order, kinds in the given order),
 * then doubles (pairs of distinct nodes i < j in node order, every combination of kinds).
 * Doubles need the singles for their Bliss expectation, so `double` includes the singles.
 */
export function screenItems(model: Model, job: JobSpec): Item[] {
  const opts = job.screen;
  if (!opts) throw new Error('screenItems: not a screen job');
  const nodes = screenNodes(model, opts.exclude);
  const kinds = opts.kinds;
  const singles: Perturbation[][] = [];
  for (const id of nodes) for (const k of kinds) singles.push([nodePerturbation(id, k)]);
  const items: Item[] = [{ index: 0, key: BASELINE_KEY }];
  const push = (ps: Perturbation[]) => {
    if (items.length >= MAX_ITEMS) throw new VsmcError('limit', `the screen has more than ${MAX_ITEMS} items; exclude nodes or kinds`);
    items.push({ index: items.length, key: perturbationKey(ps), perturbations: ps });
  };
  if (opts.single || opts.double) for (const s of singles) push(s);
  if (opts.double) {
    const pairs = (nodes.length * (nodes.length - 1)) / 2;
    if (pairs * kinds.length * kinds.length > MAX_ITEMS) throw new VsmcError('limit', `the double screen has ${pairs * kinds.length * kinds.length} items (limit ${MAX_ITEMS}); exclude nodes or kinds`);
    for (let a = 0; a < nodes.length; a++) {
      for (let b = a + 1; b < nodes.length; b++) {
        for (const ka of kinds) for (const kb of kinds) push([nodePerturbation(nodes[a]!, ka), nodePerturbation(nodes[b]!, kb)]);
      }
    }
  }
  return items;
}

/** Sensitivity items: the baseline (with final states), state flips, then rule changes. */
export function sensitivityItems(model: Model, job: JobSpec, forced: ReadonlySet<string>): Item[] {
  const opts = job.sensitivity;
  if (!opts) throw new Error('sensitivityItems: not a sensitivity job');
  const nodes = screenNodes(model, opts.exclude);
  const items: Item[] = [{ index: 0, key: BASELINE_KEY }];
  const push = (it: Omit<Item, 'index'>) => items.push({ index: items.length, ...it });
  if (opts.flips) {
    // Flipping a node the condition holds fixed is undone by the engine at once: nothing to learn.
    for (const id of nodes) if (!forced.has(id)) push({ key: `flip ${id}`, flip: id });
  }
  for (const change of opts.rules) {
    for (const id of nodes) {
      if (change === 'negate') push({ key: `negate ${id}`, negate: id });
      else push({ key: `${id}%${change === 'fix0' ? 0 : 1}`, perturbations: [{ kind: 'node', node: id, value: change === 'fix0' ? 0 : 1 }] });
    }
  }
  return items;
}

/** Round-robin shards: item k belongs to shard k mod N (balances jobs whose costly items cluster). */
export function inShard(index: number, shard: Shard): boolean {
  return index % shard.count === shard.index;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new VsmcError('syntax', `--shard: expected i/N such as 0/10, found "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1) || count > 1_000_000) throw new VsmcError('semantic', `--shard ${text}: N must be between 1 and 1000000`);
  if (index >= count) throw new VsmcError('semantic', `--shard ${text}: i must be between 0 and N−1 = ${count - 1}`);
  return { index, count };
}
