// Accessibility plumbing every panel shares: a live region that says what a key did, focus that comes
// back when the panel does, and the keyboard reference behind the `?` key.
import { h } from './dom';

/** A polite live region (visually hidden): announce('collapsed 14 spans'). */
export class Announcer {
  readonly el: HTMLElement;
  private timer = 0;

  constructor() {
    this.el = h('div', { class: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': 'announcer' } });
  }

  announce(text: string): void {
    // Cleared first so the same words said twice are announced twice; set after a tick so readers notice.
    this.el.textContent = '';
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => { this.el.textContent = text; }, 50);
  }
}

export interface FocusMemoryOptions {
  /** The control focus goes to when the panel opens and nothing was focused before. */
  main(): HTMLElement | undefined;
  /** Controls worth coming back to, by a stable key (they may be rebuilt; the key finds the new one). */
  byKey?(key: string): HTMLElement | undefined;
  /** The key focused last, saved with the panel's state (a panel not kept alive is rebuilt from it). */
  saved?: string;
  save?(key: string): void;
}

/**
 * Remembers the focused control and puts focus back on it when the panel is shown or focused again (VS Code
 * focuses the webview's frame, which otherwise leaves focus on the body). The first time: the main control.
 */
export class FocusMemory {
  private last?: HTMLElement;
  private key?: string;

  constructor(private readonly o: FocusMemoryOptions) {
    this.key = o.saved;
    document.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement;
      if (!(el instanceof HTMLElement) || el === document.body) return;
      this.last = el;
      const key = el.closest<HTMLElement>('[data-focus-key]')?.dataset.focusKey;
      if (key && key !== this.key) { this.key = key; o.save?.(key); }
    });
    window.addEventListener('focus', () => this.restoreSoon());
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') this.restoreSoon(); });
  }

  /** Focus where the user was (or the main control), unless something inside the panel already has it. */
  restore(): boolean {
    const active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return true;
    const target = (this.last?.isConnected && isShown(this.last) ? this.last : undefined)
      ?? (this.key ? this.o.byKey?.(this.key) : undefined) ?? this.o.main();
    if (!target || !isShown(target)) return false;
    target.focus({ preventScroll: true });
    return document.activeElement === target;
  }

  private restoreSoon(): void {
    // After the browser's own focus handling for the frame has run.
    window.setTimeout(() => this.restore(), 0);
  }
}

function isShown(el: HTMLElement): boolean {
  return el.isConnected && el.getClientRects().length > 0;
}

export interface Shortcut { keys: string; what: string }
export interface ShortcutGroup { title: string; items: Shortcut[] }

/**
 * The keyboard reference: a modal dialog listing every shortcut of the panel, opened with `?` (outside text
 * fields) or its toolbar button, closed with Escape; focus goes back where it was.
 */
export class KeyboardHelp {
  readonly dialog: HTMLDialogElement;
  private opener?: HTMLElement;

  constructor(panel: string, groups: ShortcutGroup[]) {
    const close = h('button', { class: 'help-close', text: 'Close', attrs: { type: 'button' } });
    close.addEventListener('click', () => this.dialog.close());
    this.dialog = h('dialog', { class: 'keyboard-help', attrs: { 'aria-labelledby': 'keyboard-help-title', 'data-testid': 'keyboard-help' } },
      h('h2', { text: `${panel}: keyboard`, attrs: { id: 'keyboard-help-title' } }),
      ...groups.flatMap((g) => [
        h('h3', { text: g.title }),
        h('table', {}, h('tbody', {}, ...g.items.map((s) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, ...keyChips(s.keys)), h('td', { text: s.what }))))),
      ]),
      h('p', { class: 'help-foot', text: 'Press ? for this list; Escape closes it.' }),
      close);
    this.dialog.addEventListener('close', () => { if (this.opener?.isConnected) this.opener.focus(); });
    document.body.appendChild(this.dialog);
    window.addEventListener('keydown', (e) => {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || isTextEntry(e.target)) return;
      e.preventDefault();
      this.open();
    });
  }

  /** A toolbar button that opens the reference (the same as `?`). */
  button(className: string): HTMLButtonElement {
    const b = h('button', { class: className, text: '?', title: 'Keyboard shortcuts (?)', attrs: { type: 'button', 'aria-label': 'Keyboard shortcuts', 'aria-keyshortcuts': '?', 'data-testid': 'keyboard-help-button' } });
    b.addEventListener('click', () => this.open());
    return b;
  }

  open(): void {
    if (this.dialog.open) return;
    this.opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : undefined;
    this.dialog.showModal();
  }
}

function keyChips(keys: string): (HTMLElement | string)[] {
  // "Shift+Left / Shift+Right": each key in a <kbd>, the separators as text; a lone "+" is a key.
  const out: (HTMLElement | string)[] = [];
  keys.split(' / ').forEach((alt, i) => {
    if (i) out.push(' / ');
    (alt.length > 1 ? alt.split('+') : [alt]).forEach((k, j) => {
      if (j) out.push('+');
      out.push(h('kbd', { text: k }));
    });
  });
  return out;
}

function isTextEntry(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  return t instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(t.type);
}
