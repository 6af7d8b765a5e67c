/**
 * Literature experiments (experiments/literature/*.json, run by src/experiments through the page's
 * simulation worker): one experiment with its expectations ✔/✘, or the whole suite under every
 * hypothesis as a scorecard table.
 */
import type { App, Panel } from '../app.js';
import type { SimulationRequest, SimulationResult } from '../../engine/types.js';
import { parseExperiment, type Experiment } from '../../experiments/parse.js';
import { observationVerdicts } from '../../experiments/report.js';
import { runExperiment, type ExperimentResult, type SimulateFn } from '../../experiments/runner.js';
import { runSuite } from '../../experiments/suite.js';
import { append, clear, h, section } from '../dom.js';
import { tableCsv } from '../export/csv.js';
import { download } from './header.js';

const FILES = import.meta.glob('../../../experiments/literature/*.json', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

interface Entry {
  file: string;
  load: () => Promise<string>;
  experiment?: Experiment;
}

const ENTRIES: Entry[] = Object.entries(FILES)
  .map(([path, load]) => ({ file: path.slice(path.lastIndexOf('/') + 1), load }))
  .sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true }));

export class ExperimentsPanel implements Panel {
  readonly el: HTMLElement;
  private pick = h('select', { 'aria-label': 'Literature experiment' });
  private runBtn = h('button', { class: 'btn', type: 'button' }, 'Run experiment');
  private cardBtn = h('button', { class: 'btn', type: 'button' }, 'Hypothesis scorecard');
  private stopBtn = h('button', { class: 'btn', type: 'button', hidden: true }, 'Stop');
  private csvBtn = h('button', { class: 'btn', type: 'button', hidden: true }, 'Scorecard as CSV');
  private status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private out = h('div');
  private abort: AbortController | undefined;
  private lastCard: { header: string[]; rows: string[][] } | undefined;

  constructor(private app: App) {
    this.runBtn.addEventListener('click', () => void this.runOne());
    this.cardBtn.addEventListener('click', () => void this.runCard());
    this.stopBtn.addEventListener('click', () => this.abort?.abort());
    this.csvBtn.addEventListener('click', () => this.lastCard && download('scorecard.csv', tableCsv(this.lastCard.header, this.lastCard.rows), 'text/csv'));
    this.el = section(
      'Literature experiments',
      h('p', { class: 'hint' }, 'Published observations as experiments with expectations, run on this network under the selected hypothesis.'),
      this.pick,
      h('div', { class: 'row' }, this.runBtn, this.cardBtn, this.stopBtn, this.csvBtn),
      this.status,
      this.out,
    );
  }

  onModel(): void {
    // The suite is written for the bundled VSMC network.
    const ok = ENTRIES.length > 0 && this.app.settings.model === 'vsmc-mg';
    this.el.hidden = !ok;
    if (!ok || this.pick.options.length) return;
    this.pick.append(...ENTRIES.map((e) => h('option', { value: e.file }, e.file.replace(/\.json$/, ''))));
    void Promise.all(ENTRIES.map((e) => this.load(e).catch(() => undefined))).then(() => {
      for (const opt of this.pick.options) {
        const e = ENTRIES.find((x) => x.file === opt.value);
        if (e?.experiment?.spec.title) opt.textContent = e.experiment.spec.title;
      }
    });
  }

  private async load(e: Entry): Promise<Experiment> {
    e.experiment ??= parseExperiment(await e.load(), `experiments/literature/${e.file}`);
    return e.experiment;
  }

  private simulate(signal: AbortSignal): SimulateFn {
    return (req: SimulationRequest) =>
      new Promise<SimulationResult>((resolve, reject) => {
        const job = this.app.backend.simulate(req, { progress: () => {}, done: resolve, error: (m) => reject(new Error(m)) });
        signal.addEventListener(
          'abort',
          () => {
            job.cancel();
            reject(new Error('stopped'));
          },
          { once: true },
        );
      });
  }

  private busy(on: boolean): void {
    this.runBtn.disabled = this.cardBtn.disabled = on;
    this.stopBtn.hidden = !on;
  }

  private async runOne(): Promise<void> {
    const entry = ENTRIES.find((e) => e.file === this.pick.value);
    if (!entry) return;
    this.abort = new AbortController();
    this.busy(true);
    const hyp = this.app.settings.hypothesis ?? this.app.model.network.defaultHypothesis;
    this.status.textContent = `Running ${entry.file} under ${hyp ?? 'the model default'}…`;
    try {
      const exp = await this.load(entry);
      const res = await runExperiment(this.app.model, exp, this.simulate(this.abort.signal), { hypothesis: hyp, signal: this.abort.signal });
      this.showResult(res);
      const fails = res.expectations.filter((o) => !o.holds).length;
      this.status.textContent = `${res.expectations.length - fails} of ${res.expectations.length} expectations hold under ${res.hypothesis ?? 'the model default'}.`;
    } catch (e) {
      this.status.textContent = `Error: ${(e as Error).message}`;
    } finally {
      this.busy(false);
    }
  }

  private showResult(r: ExperimentResult): void {
    clear(this.out);
    const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(2));
    append(this.out, [
      h('h3', { class: 'sub' }, r.title ?? r.file ?? 'experiment'),
      r.source.length ? h('details', { class: 'hint' }, h('summary', {}, 'Sources'), ...r.source.map((s) => h('p', {}, s))) : null,
      h(
        'ul',
        { class: 'expect', 'aria-label': 'Expectations' },
        ...r.expectations.map((o) =>
          h(
            'li',
            {},
            h('span', { class: o.holds ? 'pass' : 'fail', 'aria-label': o.holds ? 'holds' : 'fails' }, o.holds ? '✔' : '✘'),
            ' ',
            h('code', {}, o.expectation.expr),
            h('span', { class: 'hint' }, ` (${fmt(o.left)} vs ${fmt(o.right)})`),
            o.conflict ? h('span', { class: 'badge warn', title: 'a documented conflict between model and data' }, 'conflict') : null,
            o.table !== undefined && o.table !== o.holds ? h('span', { class: 'badge warn', title: 'differs from the validation table' }, '≠ table') : null,
          ),
        ),
      ),
      h('div', { class: 'table-scroll' }, h(
        'table',
        { class: 'data', 'aria-label': 'Conditions (final values)' },
        h('thead', {}, h('tr', {}, h('th', {}, 'condition'), ...r.columns.map((c) => h('th', { class: 'num' }, c)))),
        h('tbody', {}, ...r.conditions.map((c) => h('tr', {}, h('td', {}, c.name), ...r.columns.map((col) => h('td', { class: 'num' }, fmt(c.values.get(col))))))),
      )),
    ]);
  }

  private async runCard(): Promise<void> {
    this.abort = new AbortController();
    this.busy(true);
    this.csvBtn.hidden = true;
    clear(this.out);
    try {
      const entries = await Promise.all(ENTRIES.map(async (e) => ({ experiment: await this.load(e), model: this.app.model })));
      const res = await runSuite(entries, {
        hypothesis: 'all',
        simulate: this.simulate(this.abort.signal),
        signal: this.abort.signal,
        onCondition: (i) => {
          this.status.textContent = `Scorecard: ${i.done + 1} of ${i.total} conditions (${i.hypothesis ?? ''}, ${i.file?.split('/').pop() ?? ''})…`;
        },
      });
      const hs = res.hypotheses.filter((x): x is string => x !== undefined);
      const verdicts = observationVerdicts({ hypotheses: hs, runs: res.runs });
      const mark = (c: { holds: boolean; table?: boolean }) => `${c.holds ? '✔' : '✘'}${c.table !== undefined && c.table !== c.holds ? '≠' : ''}`;
      this.lastCard = { header: ['observation', ...hs], rows: verdicts.map((v) => [v.observation, ...hs.map((x) => mark(v.cells.get(x)!))]) };
      this.out.append(
        h('p', { class: 'hint' }, '✔ every expectation of the observation holds, ✘ one fails, ≠ differs from the validation table.'),
        h('div', { class: 'table-scroll' }, h(
          'table',
          { class: 'data scorecard', 'aria-label': 'Hypothesis scorecard' },
          h('thead', {}, h('tr', {}, h('th', {}, 'observation'), ...hs.map((x) => h('th', {}, x)))),
          h(
            'tbody',
            {},
            ...verdicts.map((v) => h('tr', {}, h('td', {}, v.observation), ...hs.map((x) => {
              const c = v.cells.get(x)!;
              return h('td', { class: c.holds ? 'pass' : 'fail' }, mark(c));
            }))),
          ),
        )),
      );
      const totals = hs.map((x) => `${x} ${verdicts.filter((v) => v.cells.get(x)!.holds).length}/${verdicts.length}`).join(' · ');
      this.status.textContent = `Scorecard done: ${totals}.`;
      this.csvBtn.hidden = false;
    } catch (e) {
      this.status.textContent = `Error: ${(e as Error).message}`;
    } finally {
      this.busy(false);
    }
  }
}
