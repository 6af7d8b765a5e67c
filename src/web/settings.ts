/**
 * What the user has set up: the experiment (model, hypothesis, inputs, interventions, drugs,
 * schedule, scheme, cells, seed) and a few view choices. All of it round-trips through the URL
 * (url-state.ts) so a link reproduces the experiment. Keys are node ids or drug names, so every
 * keyed collection is a Map (ids such as `__proto__` are just strings here).
 */
import type { Model } from '../model/model.js';
import { applyDrug } from '../model/dose.js';
import type { Perturbation } from '../model/perturbation.js';
import type { LayoutName } from './graph/layout.js';

export const SCHEMES = [
  { value: 'sweep', label: 'Asynchronous (random-order sweeps)' },
  { value: 'async', label: 'Asynchronous (one random node per step)' },
  { value: 'sync', label: 'Synchronous' },
  { value: 'stochastic', label: 'Stochastic, continuous time' },
] as const;
export type Scheme = (typeof SCHEMES)[number]['value'];

export type Intervention = { kind: 'ko' } | { kind: 'on' } | { kind: 'partial'; inhibition: number };

export interface ScheduledEvent {
  time: number;
  node: string;
  value: 0 | 1;
  /** Fraction of cells the event reaches. */
  probability: number;
}

export interface Settings {
  /** Catalogue key of a bundled model, or `file:<name>` for a model opened from disk. */
  model: string;
  hypothesis?: string;
  scheme: Scheme;
  cells: number;
  /** Horizon: steps (sync), sweeps (async, sweep) or time units (stochastic). */
  steps: number;
  seed: number;
  inputs: Map<string, 0 | 1>;
  interventions: Map<string, Intervention>;
  /** Drug name → dose in the drug's unit. */
  drugs: Map<string, number>;
  schedule: ScheduledEvent[];
  pinned: string[];
  layout?: LayoutName;
}

export const LIMITS = {
  maxCells: 100_000,
  maxSteps: 10_000,
  maxSeed: 2 ** 31 - 1,
  maxScheduled: 200,
  maxPinned: 24,
  maxDose: 1e9,
} as const;

export function defaultSettings(model: string): Settings {
  return {
    model,
    scheme: 'sweep',
    cells: 1000,
    steps: 30,
    seed: 1,
    inputs: new Map(),
    interventions: new Map(),
    drugs: new Map(),
    schedule: [],
    pinned: [],
  };
}

export function cloneSettings(s: Settings): Settings {
  return {
    ...s,
    inputs: new Map(s.inputs),
    interventions: new Map(s.interventions),
    drugs: new Map(s.drugs),
    schedule: s.schedule.map((e) => ({ ...e })),
    pinned: [...s.pinned],
  };
}

/** Current value of an input: the user's setting, else the model default. */
export function inputValue(model: Model, s: Settings, id: string): 0 | 1 {
  const set = s.inputs.get(id);
  if (set !== undefined) return set;
  const i = model.index.get(id);
  return i === undefined ? 0 : (model.network.nodes[i]!.default ?? 0);
}

/** Input settings that differ from the model defaults, for the request. */
export function inputOverrides(model: Model, s: Settings): Record<string, 0 | 1> {
  const out: Record<string, 0 | 1> = Object.create(null);
  for (const [id, v] of s.inputs) if (model.index.has(id)) out[id] = v;
  return out;
}

export function interventionPerturbation(node: string, iv: Intervention): Perturbation | undefined {
  switch (iv.kind) {
    case 'ko':
      return { kind: 'node', node, value: 0 };
    case 'on':
      return { kind: 'node', node, value: 1 };
    case 'partial':
      if (iv.inhibition <= 0) return undefined;
      return iv.inhibition >= 1 ? { kind: 'node', node, value: 0 } : { kind: 'node', node, value: 0, fraction: iv.inhibition };
  }
}

/** Node interventions and drug actions as perturbations (drugs at their dose's cell fraction). */
export function settingsPerturbations(model: Model, s: Settings): Perturbation[] {
  const out: Perturbation[] = [];
  for (const [node, iv] of s.interventions) {
    const p = interventionPerturbation(node, iv);
    if (p) out.push(p);
  }
  for (const [name, dose] of s.drugs) {
    const app = applyDrug(model, name, dose);
    if (app.fraction > 0) out.push(...app.perturbations);
  }
  return out;
}

/** Short human description of the condition, for chart legends and CSV headers. */
export function describeCondition(model: Model, s: Settings): string {
  const label = (id: string) => {
    const i = model.index.get(id);
    return i === undefined ? id : (model.network.nodes[i]!.label ?? id);
  };
  const parts: string[] = [];
  for (const [id, v] of s.inputs) {
    const i = model.index.get(id);
    if (i === undefined || (model.network.nodes[i]!.default ?? 0) === v) continue;
    parts.push(v ? label(id) : `no ${label(id)}`);
  }
  for (const [name, dose] of s.drugs) if (dose > 0) parts.push(model.network.drugs?.[name]?.label ?? name);
  for (const [id, iv] of s.interventions) parts.push(iv.kind === 'ko' ? `${label(id)} KO` : iv.kind === 'on' ? `${label(id)} on` : `${label(id)} −${Math.round(iv.inhibition * 100)}%`);
  const base = parts.length ? parts.join(' + ') : 'baseline';
  return s.hypothesis ? `${base} [${s.hypothesis}]` : base;
}
