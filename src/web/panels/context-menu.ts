/** Right-click menu on a canvas node: knock out, force on, partial inhibition, reset, details. */
import type { App } from '../app.js';
import { h } from '../dom.js';
import { labelOf } from '../model-info.js';
import { toggleIntervention } from './nodes.js';

export class ContextMenu {
  readonly el = h('div', { class: 'ctxmenu', role: 'menu', hidden: true });
  private returnFocus: HTMLElement | null = null;

  constructor(private app: App) {
    document.body.append(this.el);
    document.addEventListener('pointerdown', (e) => {
      if (!this.el.hidden && !this.el.contains(e.target as Node)) this.close();
    });
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const items = [...this.el.querySelectorAll<HTMLElement>('[role="menuitem"]')];
        const k = items.indexOf(document.activeElement as HTMLElement);
        items[(k + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        e.preventDefault();
      }
    });
  }

  open(id: string, x: number, y: number): void {
    const label = labelOf(this.app.model, id);
    const iv = this.app.settings.interventions.get(id);
    const item = (text: string, fn: () => void) => {
      const b = h('button', { type: 'button', role: 'menuitem' }, text);
      b.addEventListener('click', () => {
        fn();
        this.close();
      });
      return b;
    };
    const slider = h('input', { type: 'range', min: '0', max: '100', step: '5', 'aria-label': `Partial inhibition of ${label}` });
    slider.value = String(iv?.kind === 'partial' ? Math.round(iv.inhibition * 100) : iv?.kind === 'ko' ? 100 : 0);
    const out = h('output', {}, `${slider.value} %`);
    slider.addEventListener('input', () => {
      out.textContent = `${slider.value} %`;
    });
    slider.addEventListener('change', () =>
      this.app.update((s) => {
        const v = Number(slider.value) / 100;
        if (v <= 0) s.interventions.delete(id);
        else if (v >= 1) s.interventions.set(id, { kind: 'ko' });
        else s.interventions.set(id, { kind: 'partial', inhibition: v });
      }),
    );
    this.el.replaceChildren(
      h('div', { class: 'title' }, label),
      item(iv?.kind === 'ko' ? `Undo knock-out of ${label}` : `Knock out ${label}`, () => toggleIntervention(this.app, id, 'ko')),
      item(iv?.kind === 'on' ? `Undo forcing of ${label}` : `Force on ${label}`, () => toggleIntervention(this.app, id, 'on')),
      h('div', { class: 'slider' }, slider, out),
      item(`Reset ${label}`, () => this.app.update((s) => s.interventions.delete(id))),
      item('Show details', () => this.app.select(id)),
    );
    this.el.setAttribute('aria-label', `Actions for ${label}`);
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    const hgt = this.el.offsetHeight;
    this.el.style.left = `${Math.min(x, window.innerWidth - w - 8)}px`;
    this.el.style.top = `${Math.min(y, window.innerHeight - hgt - 8)}px`;
    this.el.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.returnFocus?.focus?.();
  }
}
