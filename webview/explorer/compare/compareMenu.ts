// "Compare…": a menu of what to compare the open trace with: the typical trace of its entry point,
// the same entry point's fastest / median / slowest traces, or a trace pinned earlier (pick two traces).
import type { CompareCandidates } from '../../../src/protocol/investigate';
import { formatDuration } from '../../../src/common/format';
import { h, setAttr } from '../../shared/dom';

export interface CompareChoice {
  /** Baseline trace id; '' = the typical trace of the open trace's entry point. */
  a: string;
}

export interface CompareMenuHooks {
  candidates(): Promise<CompareCandidates | undefined>;
  pinned(): { traceId: string; label: string } | undefined;
  pin(): void;
  choose(c: CompareChoice): void;
}

export class CompareMenu {
  readonly root: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly menu: HTMLElement;

  constructor(private readonly hooks: CompareMenuHooks) {
    this.button = h('button', { class: 'tl-button', text: 'Compare…', title: 'Compare this trace with another one or with the typical trace', attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'compare-menu', 'data-testid': 'compare-button' } });
    this.menu = h('div', { class: 'compare-menu', attrs: { role: 'menu', id: 'compare-menu', 'aria-label': 'Compare with', hidden: true, 'data-testid': 'compare-menu' } });
    this.root = h('div', { class: 'compare-menu-wrap' }, this.button, this.menu);
    this.button.addEventListener('click', () => (this.menu.hidden ? void this.open() : this.close()));
    this.menu.addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('mousedown', (e) => { if (!this.root.contains(e.target as Node)) this.close(false); });
  }

  async open(): Promise<void> {
    const c = await this.hooks.candidates().catch(() => undefined);
    const items: HTMLElement[] = [];
    const item = (text: string, testid: string, act: () => void, disabled = false) => {
      const b = h('button', { class: 'compare-item', text, attrs: { type: 'button', role: 'menuitem', tabindex: -1, 'data-testid': testid, 'aria-disabled': disabled ? 'true' : undefined } });
      b.addEventListener('click', () => { if (disabled) return; this.close(); act(); });
      items.push(b);
    };
    if (c) {
      item(c.typicalCount > 0 ? `Typical ${c.entryPoint} (median of ${c.typicalCount} traces)` : `Typical ${c.entryPoint}: no other trace`, 'compare-typical', () => this.hooks.choose({ a: '' }), c.typicalCount === 0);
      for (const x of c.candidates) item(`${x.label} · ${formatDuration(x.durationMs)} · ${x.spanCount} spans`, 'compare-candidate', () => this.hooks.choose({ a: x.traceId }));
    }
    const p = this.hooks.pinned();
    if (p && p.traceId !== c?.traceId) item(`Pinned: ${p.label}`, 'compare-pinned', () => this.hooks.choose({ a: p.traceId }));
    item('Pin this trace (compare another one with it)', 'compare-pin', () => this.hooks.pin());
    this.menu.replaceChildren(...items);
    this.menu.hidden = false;
    setAttr(this.button, 'aria-expanded', 'true');
    items[0]?.focus();
  }

  close(refocus = true): void {
    if (this.menu.hidden) return;
    this.menu.hidden = true;
    setAttr(this.button, 'aria-expanded', 'false');
    if (refocus) this.button.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const items = Array.from(this.menu.querySelectorAll<HTMLElement>('[role="menuitem"]'));
    const i = items.indexOf(document.activeElement as HTMLElement);
    let next: number;
    if (e.key === 'ArrowDown') next = (i + 1) % items.length;
    else if (e.key === 'ArrowUp') next = (i - 1 + items.length) % items.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    else if (e.key === 'Escape' || e.key === 'Tab') { if (e.key === 'Escape') e.preventDefault(); this.close(e.key === 'Escape'); return; }
    else return;
    e.preventDefault();
    items[next]?.focus();
  }
}
