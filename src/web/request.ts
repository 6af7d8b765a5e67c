/**
 * Settings → the engine's SimulationRequest (the same request the CLI builds). The UI measures time
 * in steps (sync), sweeps (sweep, async) or time units (stochastic); the async engine counts single
 * node updates, so sweeps are multiplied by the number of nodes here and divided back for display.
 */
import type { Model } from '../model/model.js';
import type { SchemeOptions, SimulationRequest } from '../engine/types.js';
import { type Scheme, type Settings, inputOverrides, settingsPerturbations } from './settings.js';

/** Engine time units per UI time unit. */
export function timeScale(model: Model, scheme: Scheme): number {
  return scheme === 'async' ? Math.max(1, model.ids.length) : 1;
}

export function timeUnit(scheme: Scheme): string {
  return scheme === 'sync' ? 'steps' : scheme === 'stochastic' ? 'time units' : 'sweeps';
}

export function schemeOptions(model: Model, s: Settings): SchemeOptions {
  const base = { cells: s.cells, seed: s.seed };
  switch (s.scheme) {
    case 'sync':
      return { ...base, type: 'sync', steps: s.steps };
    case 'sweep':
      return { ...base, type: 'sweep', steps: s.steps };
    case 'async': {
      const k = timeScale(model, 'async');
      return { ...base, type: 'async', steps: s.steps * k, every: k };
    }
    case 'stochastic':
      return { ...base, type: 'stochastic', time: s.steps, dt: Math.max(s.steps / 100, 1e-6) };
  }
}

export function buildRequest(model: Model, s: Settings, override: { hypothesis?: string } = {}): SimulationRequest {
  const k = timeScale(model, s.scheme);
  return {
    model,
    hypothesis: override.hypothesis ?? s.hypothesis,
    inputs: inputOverrides(model, s),
    perturbations: settingsPerturbations(model, s),
    scheme: schemeOptions(model, s),
    // Discrete schemes count whole steps; an event typed for the continuous scheme is rounded.
    schedule: s.schedule.map((e) => ({ time: s.scheme === 'stochastic' ? e.time : Math.round(e.time * k), node: e.node, value: e.value, probability: e.probability })),
  };
}

/** A string that changes whenever the request would (results are reused while it stays the same). */
export function requestKey(model: Model, s: Settings, override: { hypothesis?: string } = {}): string {
  const r = buildRequest(model, s, override);
  return JSON.stringify({ ...r, model: undefined });
}
