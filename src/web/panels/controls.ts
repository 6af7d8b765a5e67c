/** Run / Pause / Step / Reset, the update scheme, number of cells, horizon, seed and playback speed. */
import type { App, Panel } from '../app.js';
import { h, section } from '../dom.js';
import { timeUnit } from '../request.js';
import { LIMITS, SCHEMES, type Scheme } from '../settings.js';
import { SPEEDS, type Speed } from '../sim-controller.js';

export class ControlsPanel implements Panel {
  readonly el: HTMLElement;
  private runBtn = h('button', { class: 'btn primary', type: 'button' }, 'Run');
  private pauseBtn = h('button', { class: 'btn', type: 'button' }, 'Pause');
  private stepBtn = h('button', { class: 'btn', type: 'button' }, 'Step');
  private resetBtn = h('button', { class: 'btn', type: 'button' }, 'Reset');
  private scheme = h('select', { id: 'ctl-scheme' }, ...SCHEMES.map((s) => h('option', { value: s.value }, s.label)));
  private cells = h('input', { id: 'ctl-cells', type: 'number', min: '1', max: String(LIMITS.maxCells), step: '1' });
  private steps = h('input', { id: 'ctl-steps', type: 'number', min: '1', max: String(LIMITS.maxSteps), step: '1' });
  private stepsUnit = h('span', { class: 'hint' });
  private seed = h('input', { id: 'ctl-seed', type: 'number', min: '0', max: String(LIMITS.maxSeed), step: '1' });
  private speed = h('select', { id: 'ctl-speed' }, ...SPEEDS.map((s) => h('option', { value: s.value }, s.label)));
  private bar = h('div');
  private progress = h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Cells simulated', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, this.bar);
  private status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Ready.');
  private lastStatus = '';

  constructor(private app: App) {
    this.runBtn.addEventListener('click', () => this.app.run());
    this.pauseBtn.addEventListener('click', () => this.app.pause());
    this.stepBtn.addEventListener('click', () => this.app.step());
    this.resetBtn.addEventListener('click', () => this.app.reset());
    this.resetBtn.title = 'Back to the initial state; interventions are kept';
    this.scheme.addEventListener('change', () => this.app.update((s) => (s.scheme = this.scheme.value as Scheme)));
    const num = (el: HTMLInputElement, max: number, min: number, set: (v: number) => void) =>
      el.addEventListener('change', () => {
        const v = Math.round(Number(el.value));
        if (!Number.isFinite(v) || v < min || v > max) {
          this.app.banner('error', `${el.labels?.[0]?.textContent ?? 'value'}: enter a whole number from ${min} to ${max}.`);
          this.onSettings();
          return;
        }
        this.app.update(() => set(v));
      });
    num(this.cells, LIMITS.maxCells, 1, (v) => (this.app.settings.cells = v));
    num(this.steps, LIMITS.maxSteps, 1, (v) => (this.app.settings.steps = v));
    num(this.seed, LIMITS.maxSeed, 0, (v) => (this.app.settings.seed = v));
    this.speed.value = this.app.sim.speed;
    this.speed.addEventListener('change', () => this.app.sim.setSpeed(this.speed.value as Speed));
    this.el = section(
      'Simulation',
      h('div', { class: 'controls' }, h('div', { class: 'buttons' }, this.runBtn, this.pauseBtn, this.stepBtn, this.resetBtn)),
      h(
        'div',
        { class: 'grid2' },
        h('label', { for: 'ctl-scheme' }, 'Update scheme'),
        this.scheme,
        h('label', { for: 'ctl-cells' }, 'Cells'),
        this.cells,
        h('label', { for: 'ctl-steps' }, 'Horizon'),
        h('div', { class: 'row' }, this.steps, this.stepsUnit),
        h('label', { for: 'ctl-seed' }, 'Seed'),
        this.seed,
        h('label', { for: 'ctl-speed' }, 'Playback speed'),
        this.speed,
      ),
      this.progress,
      this.status,
    );
  }

  onSettings(): void {
    const s = this.app.settings;
    this.scheme.value = s.scheme;
    this.cells.value = String(s.cells);
    this.steps.value = String(s.steps);
    this.seed.value = String(s.seed);
    this.stepsUnit.textContent = timeUnit(s.scheme);
  }

  onFrame(): void {
    const sim = this.app.sim;
    const frac = sim.cellsTotal ? sim.cellsDone / sim.cellsTotal : 0;
    this.bar.style.width = `${Math.round(frac * 100)}%`;
    this.progress.setAttribute('aria-valuenow', String(Math.round(frac * 100)));
    this.pauseBtn.disabled = !(sim.status === 'playing' || sim.status === 'computing');
    const unit = timeUnit(this.app.settings.scheme);
    const n = (x: number) => x.toLocaleString('en');
    let text: string;
    switch (sim.status) {
      case 'idle':
        text = 'Ready. Press Run to simulate.';
        break;
      case 'computing':
        text = `Simulating ${n(sim.cellsTotal)} cells…`;
        break;
      case 'playing':
        text = sim.computing ? `Running (${n(sim.cellsDone)} of ${n(sim.cellsTotal)} cells so far)…` : 'Running…';
        break;
      case 'paused':
        text = sim.cursor < 0 ? 'At the initial state (t = 0). Press Run or Step.' : 'Paused.';
        break;
      case 'finished':
        text = `Finished: ${n(sim.cellsTotal)} cells × ${this.app.settings.steps} ${unit}${sim.elapsedMs ? ` in ${(sim.elapsedMs / 1000).toFixed(1)} s` : ''}.`;
        break;
      case 'error':
        text = `Error: ${sim.error ?? 'the simulation failed'}`;
        break;
    }
    if (text !== this.lastStatus) {
      this.lastStatus = text;
      this.status.textContent = text;
    }
    this.status.dataset.state = sim.status;
    this.status.dataset.finished = String(sim.finishedCount);
  }
}
