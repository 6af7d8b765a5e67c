/** Entry point of the web app (index.html → here): builds the page and loads the model from the URL. */
import './styles.css';
import { App } from './app.js';
import { h } from './dom.js';
import { WorkerBackend } from './sim-client.js';
import { HeaderPanel } from './panels/header.js';
import { InputsPanel } from './panels/inputs.js';
import { DrugsPanel } from './panels/drugs.js';
import { NodesPanel } from './panels/nodes.js';
import { SchedulePanel } from './panels/schedule.js';
import { GraphPanel } from './panels/graph.js';
import { DetailsPanel } from './panels/details.js';
import { ControlsPanel } from './panels/controls.js';
import { ReadoutsPanel } from './panels/readouts.js';
import { ComparePanel } from './panels/compare.js';
import { AttractorsPanel } from './panels/attractors.js';
import { TourPanel } from './panels/tour.js';
import { ExperimentsPanel } from './panels/experiments.js';

function start(): void {
  const root = document.getElementById('app')!;
  const app = new App(new WorkerBackend());

  const banners = h('div', { class: 'banner-area', role: 'alert', 'aria-live': 'assertive' });
  app.banner = (kind, message) => {
    const close = h('button', { type: 'button', 'aria-label': 'Dismiss message' }, '✕');
    const b = h('div', { class: `banner ${kind}` }, kind === 'error' ? h('pre', {}, message) : h('div', { class: 'msg' }, message), close);
    close.addEventListener('click', () => b.remove());
    while (banners.children.length >= 3) banners.firstElementChild!.remove();
    banners.append(b);
    if (kind === 'info') setTimeout(() => b.remove(), 12_000);
  };

  const graph = new GraphPanel(app);
  const header = new HeaderPanel(app, graph);
  const details = new DetailsPanel(app);
  const tour = new TourPanel(app, graph.view);
  header.onTour = () => tour.open();
  const panels = {
    inputs: new InputsPanel(app),
    drugs: new DrugsPanel(app),
    nodes: new NodesPanel(app),
    schedule: new SchedulePanel(app),
    controls: new ControlsPanel(app),
    readouts: new ReadoutsPanel(app),
    compare: new ComparePanel(app),
    attractors: new AttractorsPanel(app),
    experiments: new ExperimentsPanel(app),
  };
  for (const p of [header, graph, details, tour, ...Object.values(panels)]) app.add(p);
  graph.el.append(details.el, tour.el);

  const left = h('aside', { class: 'side', 'aria-label': 'Conditions and interventions' }, panels.inputs.el, panels.drugs.el, panels.nodes.el, panels.schedule.el);
  const right = h('aside', { class: 'side right', 'aria-label': 'Simulation and results' }, panels.controls.el, panels.readouts.el, panels.compare.el, panels.attractors.el, panels.experiments.el);
  const main = h('main', { class: 'main' }, left, graph.el, right);
  root.replaceChildren(h('div', { class: 'app' }, header.el, banners, main));

  window.addEventListener('hashchange', () => {
    // A pasted link: rebuild everything from it (rejecting it if it is hostile).
    if (location.hash !== new URL(app.shareUrl()).hash) void app.boot(location.hash);
  });
  app.boot(location.hash).catch((e) => app.banner('error', `The simulator could not start: ${(e as Error).message}`));
}

start();
