/** The model's input nodes as switches named by their labels ("Phosphate load", "Mg²⁺ supplement"). */
import type { App, Panel } from '../app.js';
import { clear, h, section } from '../dom.js';
import { inputValue } from '../settings.js';

export class InputsPanel implements Panel {
  readonly el: HTMLElement;
  private list = h('div', { class: 'switch-list' });
  private boxes = new Map<string, HTMLInputElement>();

  constructor(private app: App) {
    this.el = section('Inputs', h('p', { class: 'hint' }, 'Conditions held constant during a run.'), this.list);
  }

  onModel(): void {
    const { model } = this.app;
    clear(this.list);
    this.boxes.clear();
    const groups = new Map<string, number[]>();
    model.network.nodes.forEach((n, i) => {
      if (!model.inputs[i]) return;
      const g = n.kind === 'drug' ? 'Drugs and tools' : n.kind === 'context' ? 'Experimental context' : 'Medium and serum';
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g)!.push(i);
    });
    if (groups.size === 0) this.list.append(h('p', { class: 'hint' }, 'This model declares no input nodes.'));
    const showGroups = groups.size > 1;
    for (const [g, idx] of groups) {
      if (showGroups) this.list.append(h('div', { class: 'group-label' }, g));
      for (const i of idx) {
        const n = model.network.nodes[i]!;
        const label = n.label ?? n.id;
        const box = h('input', {
          type: 'checkbox',
          role: 'switch',
          on: {
            change: () => this.app.update((s) => {
              const v = box.checked ? 1 : 0;
              if (v === (n.default ?? 0)) s.inputs.delete(n.id);
              else s.inputs.set(n.id, v);
            }),
          },
        });
        this.boxes.set(n.id, box);
        this.list.append(h('label', { class: 'switch', title: n.description ?? '' }, box, h('span', {}, label), label !== n.id ? h('span', { class: 'sub', 'aria-hidden': 'true' }, n.id) : null));
      }
    }
  }

  onSettings(): void {
    for (const [id, box] of this.boxes) box.checked = inputValue(this.app.model, this.app.settings, id) === 1;
  }
}
