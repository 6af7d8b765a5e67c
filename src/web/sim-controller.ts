/**
 * Run / Pause / Step / Reset over engine results. The engine (in a Web Worker) simulates every
 * cell over the whole horizon, block by block; results stream in and refine as more cells finish.
 * The page plays the time course back window by window, so colours and curves move forward in
 * time while the run is going; Pause freezes the time cursor, Step moves it one window, Reset puts
 * it back at t = 0 (the initial state) without touching the interventions. Same results as the CLI
 * for the same request and seed.
 */
import type { SimulationRequest, SimulationResult } from '../engine/types.js';
import type { SimBackend, SimJob } from './sim-client.js';

export type SimStatus = 'idle' | 'computing' | 'playing' | 'paused' | 'finished' | 'error';

export const SPEEDS = [
  { value: 'slow', label: 'Slow', windowsPerSecond: 6 },
  { value: 'normal', label: 'Normal', windowsPerSecond: 20 },
  { value: 'fast', label: 'Fast', windowsPerSecond: 80 },
  { value: 'instant', label: 'Instant', windowsPerSecond: Infinity },
] as const;
export type Speed = (typeof SPEEDS)[number]['value'];

export class SimController {
  status: SimStatus = 'idle';
  result: SimulationResult | undefined;
  /** Request key of `result` (or of the computation under way). */
  key: string | undefined;
  /** Window shown; -1 = the initial state. */
  cursor = -1;
  cellsDone = 0;
  cellsTotal = 0;
  error: string | undefined;
  computing = false;
  elapsedMs = 0;
  speed: Speed = 'normal';
  /** How many times a run reached its end: lets a watcher (and the e2e tests) tell a new finish from an old one. */
  finishedCount = 0;

  private job: SimJob | undefined;
  /** Step pressed before any result: advance as soon as the first (partial) result arrives. */
  private stepPending = false;
  private playing = false;
  private frame = 0;
  private last = 0;
  private acc = 0;
  private started = 0;

  constructor(
    private backend: SimBackend,
    private changed: () => void,
  ) {}

  get windows(): number {
    return this.result?.times.length ?? 0;
  }

  /** Start or continue. A different key discards the old result and computes afresh. */
  run(key: string, request: () => SimulationRequest): void {
    if (this.key !== key || this.status === 'error') this.compute(key, request);
    else if (this.cursor >= this.windows - 1 && !this.computing) this.cursor = -1;
    this.play();
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    if (this.status === 'playing' || this.status === 'computing') this.status = 'paused';
    this.changed();
  }

  /** One window forward (computing first if needed). */
  step(key: string, request: () => SimulationRequest): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    if (this.key !== key || this.status === 'error') {
      this.compute(key, request);
      if (this.status !== 'error') {
        this.status = 'paused';
        this.stepPending = true;
      }
      this.changed();
      return;
    }
    this.advance(1);
    this.setStatus(this.cursor >= this.windows - 1 && !this.computing ? 'finished' : 'paused');
    this.changed();
  }

  /** Back to the initial state; the result (same interventions) is kept for the next Run. */
  reset(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.cursor = -1;
    if (this.status !== 'error' && this.status !== 'computing') this.status = this.result ? 'paused' : 'idle';
    this.changed();
  }

  /** Forget the result (model or settings changed). */
  invalidate(): void {
    this.job?.cancel();
    this.stepPending = false;
    this.job = undefined;
    this.computing = false;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.result = undefined;
    this.key = undefined;
    this.cursor = -1;
    this.status = 'idle';
    this.error = undefined;
    this.changed();
  }

  setSpeed(s: Speed): void {
    this.speed = s;
  }

  private compute(key: string, request: () => SimulationRequest): void {
    this.job?.cancel();
    this.stepPending = false;
    this.result = undefined;
    this.key = key;
    this.cursor = -1;
    this.error = undefined;
    this.cellsDone = 0;
    this.cellsTotal = 0;
    this.computing = true;
    this.status = 'computing';
    this.started = performance.now();
    let req: SimulationRequest;
    try {
      req = request();
    } catch (e) {
      this.fail(e);
      return;
    }
    this.cellsTotal = req.scheme.cells;
    const job = this.backend.simulate(req, {
      progress: (partial, done, total) => {
        if (this.job !== job) return;
        this.cellsDone = done;
        this.cellsTotal = total;
        if (partial) this.result = partial;
        if (this.stepPending && this.result) {
          this.stepPending = false;
          this.advance(1);
        }
        this.changed();
      },
      done: (result) => {
        if (this.job !== job) return;
        this.job = undefined;
        this.result = result;
        this.computing = false;
        this.cellsDone = this.cellsTotal = result.cellRange[1] - result.cellRange[0];
        this.elapsedMs = performance.now() - this.started;
        if (this.stepPending) {
          this.stepPending = false;
          this.advance(1);
        }
        if (!this.playing) this.setStatus(this.cursor >= this.windows - 1 ? 'finished' : 'paused');
        else if (this.speed === 'instant') this.cursor = this.windows - 1;
        this.changed();
      },
      error: (message) => {
        if (this.job !== job) return;
        this.job = undefined;
        this.fail(message);
      },
    });
    this.job = job;
  }

  private fail(e: unknown): void {
    this.computing = false;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
    this.key = undefined;
    this.changed();
  }

  private play(): void {
    if (this.status === 'error') return;
    this.playing = true;
    this.status = this.computing && !this.result ? 'computing' : 'playing';
    this.last = performance.now();
    this.acc = 0;
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(this.tick);
    this.changed();
  }

  private tick = (now: number): void => {
    if (!this.playing) return;
    const dt = Math.min(0.25, (now - this.last) / 1000);
    this.last = now;
    if (this.result) {
      const before = this.cursor;
      const speed = SPEEDS.find((s) => s.value === this.speed)!.windowsPerSecond;
      if (!Number.isFinite(speed)) this.cursor = this.windows - 1;
      else {
        this.acc += dt * speed;
        const k = Math.floor(this.acc);
        if (k > 0) {
          this.acc -= k;
          this.advance(k);
        }
      }
      const moved = this.cursor !== before || this.status !== 'playing';
      this.status = 'playing';
      if (this.cursor >= this.windows - 1 && !this.computing) {
        this.playing = false;
        this.setStatus('finished');
        this.changed();
        return;
      }
      if (moved) this.changed();
    }
    this.frame = requestAnimationFrame(this.tick);
  };

  private setStatus(s: SimStatus): void {
    if (s === 'finished' && this.status !== 'finished') this.finishedCount++;
    this.status = s;
  }

  private advance(k: number): void {
    this.cursor = Math.min(this.windows - 1, this.cursor + k);
  }
}
