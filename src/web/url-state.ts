/**
 * The whole experiment in the URL hash: `#state=<URI-encoded JSON>`. A link reproduces the set-up.
 *
 * A hash comes from anyone, so it is treated as hostile: size-capped, parsed with JSON.parse (never
 * evaluated), checked against a strict zod schema (types, ranges, identifier syntax), then every
 * node, hypothesis and drug it names is looked up in the loaded model (Map/hasOwnProperty lookups,
 * so `__proto__` is just an unknown name). Any failure rejects the whole state with a message; the
 * page never shows or runs a half-applied link.
 */
import { z } from 'zod';
import type { Model } from '../model/model.js';
import { suggest } from '../util/errors.js';
import { LIMITS, SCHEMES, type Intervention, type Settings, defaultSettings } from './settings.js';

export const URL_STATE_VERSION = 1;
const MAX_HASH_CHARS = 32_000;

const id = z.string().max(200).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a node identifier');
const bit = z.union([z.literal(0), z.literal(1)]);

export const urlStateSchema = z
  .object({
    v: z.literal(URL_STATE_VERSION),
    model: z.string().max(200).regex(/^(file:)?[\w .()+-]+$/, 'must be a model name').optional(),
    hyp: id.optional(),
    scheme: z.enum(SCHEMES.map((s) => s.value) as [string, ...string[]]).optional(),
    cells: z.number().int().min(1).max(LIMITS.maxCells).optional(),
    steps: z.number().int().min(1).max(LIMITS.maxSteps).optional(),
    seed: z.number().int().min(0).max(LIMITS.maxSeed).optional(),
    inputs: z.array(z.tuple([id, bit])).max(5000).optional(),
    /** [node, 'ko' | 'on' | inhibition fraction in (0,1)] */
    iv: z.array(z.tuple([id, z.union([z.literal('ko'), z.literal('on'), z.number().gt(0).lt(1)])])).max(5000).optional(),
    drugs: z.array(z.tuple([z.string().min(1).max(100), z.number().min(0).max(LIMITS.maxDose)])).max(100).optional(),
    sched: z
      .array(z.object({ t: z.number().min(0).max(LIMITS.maxSteps), n: id, v: bit, p: z.number().min(0).max(1).optional() }).strict())
      .max(LIMITS.maxScheduled)
      .optional(),
    pin: z.array(id).max(LIMITS.maxPinned).optional(),
    layout: z.enum(['compartment', 'force', 'saved']).optional(),
  })
  .strict();

export type UrlState = z.infer<typeof urlStateSchema>;

export class UrlStateError extends Error {}

/** The JSON text in a location hash, or undefined when the hash holds no state. */
export function stateTextFromHash(hash: string): string | undefined {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!h) return undefined;
  if (h.length > MAX_HASH_CHARS) throw new UrlStateError(`the link's state is ${h.length} characters long; the limit is ${MAX_HASH_CHARS}`);
  if (!h.startsWith('state=')) throw new UrlStateError('the link has an unrecognised #fragment (expected #state=…)');
  try {
    return decodeURIComponent(h.slice('state='.length));
  } catch {
    throw new UrlStateError('the link state is not valid percent-encoding');
  }
}

/** Parse and schema-check the state (no model needed yet). */
export function parseUrlState(text: string): UrlState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UrlStateError(`the link state is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = urlStateSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? issue.path.map(String).join('.') : 'state';
    const msg = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue.message;
    throw new UrlStateError(`the link state is invalid at ${where}: ${msg}`);
  }
  return r.data;
}

/** Turn a checked state into Settings for `model`, rejecting names the model does not have. */
export function settingsFromUrlState(st: UrlState, model: Model, modelKey: string): Settings {
  const s = defaultSettings(modelKey);
  const node = (name: string, what: string): string => {
    if (!model.index.has(name)) throw new UrlStateError(`the link names an unknown node "${name}" (${what})${suggest(name, model.ids)}`);
    return name;
  };
  const hyps = model.network.hypotheses ?? {};
  if (st.hyp !== undefined) {
    if (!Object.prototype.hasOwnProperty.call(hyps, st.hyp)) throw new UrlStateError(`the link names an unknown hypothesis "${st.hyp}"${suggest(st.hyp, Object.keys(hyps))}`);
    s.hypothesis = st.hyp;
  }
  if (st.scheme) s.scheme = st.scheme as Settings['scheme'];
  if (st.cells) s.cells = st.cells;
  if (st.steps) s.steps = st.steps;
  if (st.seed !== undefined) s.seed = st.seed;
  for (const [n, v] of st.inputs ?? []) {
    node(n, 'input');
    if (!model.inputs[model.index.get(n)!]) throw new UrlStateError(`the link sets "${n}" as an input, but it is not an input node`);
    s.inputs.set(n, v);
  }
  for (const [n, v] of st.iv ?? []) {
    node(n, 'intervention');
    const iv: Intervention = v === 'ko' ? { kind: 'ko' } : v === 'on' ? { kind: 'on' } : { kind: 'partial', inhibition: v };
    s.interventions.set(n, iv);
  }
  const drugs = model.network.drugs ?? {};
  for (const [name, dose] of st.drugs ?? []) {
    if (!Object.prototype.hasOwnProperty.call(drugs, name)) throw new UrlStateError(`the link names an unknown drug ${JSON.stringify(name.slice(0, 60))}${suggest(name, Object.keys(drugs))}`);
    s.drugs.set(name, dose);
  }
  for (const e of st.sched ?? []) s.schedule.push({ time: e.t, node: node(e.n, 'schedule'), value: e.v, probability: e.p ?? 1 });
  s.schedule.sort((a, b) => a.time - b.time);
  s.pinned = [...new Set((st.pin ?? []).map((n) => node(n, 'pinned')))];
  if (st.layout) s.layout = st.layout;
  return s;
}

export function urlStateFromSettings(s: Settings): UrlState {
  const st: UrlState = { v: URL_STATE_VERSION, model: s.model, scheme: s.scheme, cells: s.cells, steps: s.steps, seed: s.seed };
  if (s.hypothesis) st.hyp = s.hypothesis;
  if (s.inputs.size) st.inputs = [...s.inputs];
  if (s.interventions.size) st.iv = [...s.interventions].map(([n, iv]) => [n, iv.kind === 'partial' ? iv.inhibition : iv.kind]);
  if (s.drugs.size) st.drugs = [...s.drugs];
  if (s.schedule.length) st.sched = s.schedule.map((e) => (e.probability === 1 ? { t: e.time, n: e.node, v: e.value } : { t: e.time, n: e.node, v: e.value, p: e.probability }));
  if (s.pinned.length) st.pin = [...s.pinned];
  if (s.layout) st.layout = s.layout;
  return st;
}

export function hashFromSettings(s: Settings): string {
  return '#state=' + encodeURIComponent(JSON.stringify(urlStateFromSettings(s)));
}
