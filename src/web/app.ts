/**
 * The application object: the loaded model, the user's settings, the selection, the simulation
 * controller and the comparison reference. Panels read from it and change it through its methods;
 * it tells them what changed. Rendering of simulation frames is batched into one
 * requestAnimationFrame per frame.
 */
import type { Model } from '../model/model.js';
import { readModel } from '../formats/index.js';
import type { SimulationRequest, SimulationResult } from '../engine/types.js';
import { type ModelGraph, buildModelGraph } from './graph/model-graph.js';
import { type LayoutName, defaultLayout } from './graph/layout.js';
import { type Settings, cloneSettings, defaultSettings, describeCondition } from './settings.js';
import { buildRequest, requestKey } from './request.js';
import { SimController } from './sim-controller.js';
import type { SimBackend } from './sim-client.js';
import { UrlStateError, hashFromSettings, parseUrlState, settingsFromUrlState, stateTextFromHash } from './url-state.js';
import { CATALOG, DEFAULT_MODEL_KEY, catalogEntry } from './catalog.js';
import { initialFractions } from './model-info.js';

export interface Panel {
  /** A new model was loaded (rebuild). */
  onModel?(): void;
  /** Settings changed (update controls in place). */
  onSettings?(): void;
  /** Simulation state or time cursor moved (called at most once per animation frame). */
  onFrame?(): void;
  onSelection?(): void;
  onReference?(): void;
}

export interface Reference {
  label: string;
  result: SimulationResult;
  settings: Settings;
  hypothesis?: string;
}

export type BannerKind = 'error' | 'info';

export class App {
  model!: Model;
  graph!: ModelGraph;
  settings!: Settings;
  selected: string | null = null;
  reference: Reference | undefined;
  /** An attractor shown on the network instead of the simulation (cleared by any run action). */
  overlay: { label: string; activity: Float64Array } | undefined;
  readonly sim: SimController;
  private panels: Panel[] = [];
  private frameQueued = false;
  private urlTimer = 0;
  private initialCache: { key: string; value: Float64Array | undefined } | undefined;
  /** Bumped on every settings or model change; memoises the request key. */
  private version = 0;
  private keyCache: { version: number; key: string } | undefined;
  banner: (kind: BannerKind, message: string) => void = () => {};

  constructor(readonly backend: SimBackend) {
    this.sim = new SimController(backend, () => this.queueFrame());
  }

  add(p: Panel): void {
    this.panels.push(p);
  }

  // ---------- model ----------

  /** Open a model from text (file picker, drop, catalogue). Throws VsmcError with location on failure. */
  loadModelText(text: string, file: string, key: string, settings?: Settings): void {
    const model = readModel(text, { file });
    this.setModel(model, key, settings);
  }

  setModel(model: Model, key: string, settings?: Settings): void {
    this.version++;
    this.model = model;
    this.graph = buildModelGraph(model);
    this.settings = settings ?? defaultSettings(key);
    this.settings.model = key;
    this.settings.layout ??= defaultLayout(this.graph);
    this.selected = null;
    this.reference = undefined;
    this.sim.invalidate();
    for (const p of this.panels) p.onModel?.();
    this.settingsChanged();
  }

  async loadCatalog(key: string, settings?: Settings): Promise<void> {
    const entry = catalogEntry(key);
    if (!entry) throw new Error(`no bundled model "${key}"`);
    const text = await entry.load();
    this.loadModelText(text, entry.file, key, settings);
  }

  /**
   * Start-up: the model and settings from the URL hash when it holds a valid state, else the
   * default model. A rejected hash leaves a visible message and the default experiment.
   */
  async boot(hash: string): Promise<void> {
    let stateText: string | undefined;
    let rejected: string | undefined;
    try {
      stateText = stateTextFromHash(hash);
    } catch (e) {
      rejected = (e as Error).message;
    }
    if (stateText !== undefined) {
      try {
        const st = parseUrlState(stateText);
        const key = st.model ?? DEFAULT_MODEL_KEY;
        if (key.startsWith('file:')) {
          await this.loadCatalog(DEFAULT_MODEL_KEY);
          this.banner('info', `This link was made with a model opened from a file (${key.slice(5)}). Open that file to reproduce it; showing the built-in model meanwhile.`);
          return;
        }
        const entry = catalogEntry(key);
        if (!entry) throw new UrlStateError(`the link names an unknown model "${key}"; available: ${CATALOG.map((c) => c.key).join(', ')}`);
        const text = await entry.load();
        const model = readModel(text, { file: entry.file });
        const settings = settingsFromUrlState(st, model, key);
        this.setModel(model, key, settings);
        return;
      } catch (e) {
        rejected = e instanceof UrlStateError ? e.message : `the link could not be applied: ${(e as Error).message}`;
      }
    }
    await this.loadCatalog(DEFAULT_MODEL_KEY);
    if (rejected) {
      this.banner('error', `Link rejected: ${rejected}. The default experiment is shown instead.`);
      history.replaceState(null, '', location.pathname + location.search);
    }
  }

  // ---------- settings ----------

  update(mutate: (s: Settings) => void): void {
    mutate(this.settings);
    this.settingsChanged();
  }

  private settingsChanged(): void {
    this.version++;
    this.overlay = undefined;
    if (this.sim.key !== undefined && this.sim.key !== this.currentKey()) {
      this.sim.invalidate();
    }
    for (const p of this.panels) p.onSettings?.();
    this.queueFrame();
    clearTimeout(this.urlTimer);
    this.urlTimer = window.setTimeout(() => this.writeUrl(), 150);
  }

  writeUrl(): void {
    const hash = hashFromSettings(this.settings);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  shareUrl(): string {
    return location.href.split('#')[0] + hashFromSettings(this.settings);
  }

  setLayout(name: LayoutName): void {
    this.update((s) => {
      s.layout = name;
    });
  }

  // ---------- selection ----------

  select(id: string | null): void {
    if (id !== null && !this.model.index.has(id)) return;
    this.selected = id;
    for (const p of this.panels) p.onSelection?.();
  }

  // ---------- simulation ----------

  currentKey(): string {
    if (this.keyCache?.version !== this.version) this.keyCache = { version: this.version, key: requestKey(this.model, this.settings) };
    return this.keyCache.key;
  }

  request(): SimulationRequest {
    return buildRequest(this.model, this.settings);
  }

  run(): void {
    this.overlay = undefined;
    this.sim.run(this.currentKey(), () => this.request());
  }

  pause(): void {
    this.sim.pause();
  }

  step(): void {
    this.overlay = undefined;
    this.sim.step(this.currentKey(), () => this.request());
  }

  reset(): void {
    this.overlay = undefined;
    this.sim.reset();
  }

  /** Node activity at the time cursor: the initial state after Reset, else the result window. */
  activity(): Float64Array | undefined {
    if (this.overlay) return this.overlay.activity;
    const r = this.sim.result;
    if (r && this.sim.cursor >= 0) return r.nodeFractions[this.sim.cursor];
    const key = `${this.settings.model}|${this.currentKey()}`;
    if (this.initialCache?.key !== key) {
      let value: Float64Array | undefined;
      try {
        value = initialFractions(this.model, this.settings);
      } catch {
        value = undefined;
      }
      this.initialCache = { key, value };
    }
    return this.initialCache.value;
  }

  /** Readout means at the cursor (undefined before anything was simulated). */
  readouts(): Float64Array | undefined {
    const r = this.sim.result;
    if (!r) return undefined;
    return r.readoutMeans[Math.max(0, this.sim.cursor)];
  }

  showOverlay(o: App['overlay']): void {
    this.overlay = o;
    this.queueFrame();
  }

  describe(s: Settings = this.settings, hypothesis?: string): string {
    return describeCondition(this.model, hypothesis ? { ...s, hypothesis } : s);
  }

  setReference(ref: Reference | undefined): void {
    this.reference = ref;
    for (const p of this.panels) p.onReference?.();
    this.queueFrame();
  }

  keepAsReference(): void {
    const r = this.sim.result;
    if (!r || this.sim.computing) return;
    this.setReference({ label: this.describe(), result: r, settings: cloneSettings(this.settings) });
  }

  /** Run the current condition under another hypothesis as the reference. */
  compareHypothesis(hypothesis: string, onDone: (err?: string) => void): void {
    const req = buildRequest(this.model, this.settings, { hypothesis });
    const settings = cloneSettings(this.settings);
    this.backend.simulate(req, {
      progress: () => {},
      done: (result) => {
        this.setReference({ label: this.describe(settings, hypothesis), result, settings, hypothesis });
        onDone();
      },
      error: (m) => onDone(m),
    });
  }

  // ---------- frames ----------

  queueFrame(): void {
    if (this.frameQueued) return;
    this.frameQueued = true;
    requestAnimationFrame(() => {
      this.frameQueued = false;
      for (const p of this.panels) p.onFrame?.();
    });
  }
}
