// Search inside the open trace: a search box, a "3 / 12" counter, previous / next, "only matches".
// The search itself runs on the host (or engine) over the whole trace; the answer is a count, the
// current match's row (its collapsed ancestors expanded there) and new row versions whose rows carry
// RowFlag.Match, so the timeline highlights matches from the rows it already fetches page by page.
import type { HostMessage, TraceMeta, WebviewMessage } from '../../src/protocol/messages';
import type { SearchAnswer } from '../../src/protocol/investigate';
import type { HostChannel } from '../shared/hostChannel';
import { h, setText } from '../shared/dom';
import { plural } from '../../src/common/format';

type HostClient = HostChannel<WebviewMessage, HostMessage>;

const DEBOUNCE_MS = 150;

export interface SearchEvents {
  /** New rows for the trace; `focusRow` is the current match's row (-1: keep the selection). */
  onRows(meta: TraceMeta, focusRow: number): void;
}

export class SearchBar {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly counter: HTMLElement;
  private readonly only: HTMLInputElement;
  private traceId?: string;
  private answer?: SearchAnswer;
  private timer = 0;
  private seq = 0;

  constructor(private readonly host: HostClient, private readonly events: SearchEvents) {
    this.input = h('input', {
      class: 'search-input',
      attrs: { type: 'search', placeholder: 'Search in trace', 'aria-label': 'Search in trace: names, services, attributes, status, log lines', 'aria-keyshortcuts': 'Enter Shift+Enter', 'data-testid': 'trace-search', 'data-focus-key': 'trace-search', spellcheck: 'false' },
    });
    this.counter = h('span', { class: 'search-count', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'trace-search-count' } });
    const button = (text: string, label: string, testid: string, step: number) => {
      const b = h('button', { class: 'tl-button', text, title: label, attrs: { type: 'button', 'aria-label': label, 'data-testid': testid } });
      b.addEventListener('click', () => this.step(step));
      return b;
    };
    this.only = h('input', { attrs: { type: 'checkbox', id: 'search-only', 'aria-label': 'Only matches', 'data-testid': 'trace-search-only' } });
    this.root = h('div', { class: 'trace-search', attrs: { role: 'search', 'aria-label': 'Search in trace' } },
      this.input, this.counter,
      button('↑', 'Previous match (Shift+Enter)', 'trace-search-prev', -1),
      button('↓', 'Next match (Enter)', 'trace-search-next', 1),
      h('label', { class: 'search-only', title: 'Show only the matches and their ancestors', attrs: { for: 'search-only' } }, this.only,
        h('span', { class: 'label-long', text: 'Only matches' }), h('span', { class: 'label-short', text: 'Only' })));
    this.input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.run(0), DEBOUNCE_MS);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); this.step(e.shiftKey ? -1 : 1); }
      else if (e.key === 'Escape' && this.input.value) { e.preventDefault(); e.stopPropagation(); this.input.value = ''; void this.run(-1); }
    });
    this.only.addEventListener('change', () => void this.run(this.answer && this.answer.index >= 0 ? this.answer.index : 0));
    this.render();
  }

  /** A trace was opened: the search (if any) runs on it too, without moving the selection. */
  setTrace(traceId: string | undefined): void {
    if (traceId === this.traceId) return;
    this.traceId = traceId;
    this.answer = undefined;
    if (this.input.value.trim()) void this.run(-1);
    else this.render();
  }

  focus(): void { this.input.focus(); this.input.select(); }

  /** Next (+1) or previous (-1) match, wrapping around; a pending edit searches first. */
  step(delta: number): void {
    const a = this.answer;
    const text = this.input.value.trim();
    if (!a || a.text !== text || a.traceId !== this.traceId) { window.clearTimeout(this.timer); void this.run(0); return; }
    if (a.total === 0) return;
    const next = a.index < 0 ? (delta > 0 ? 0 : a.total - 1) : (a.index + delta + a.total) % a.total;
    void this.run(next);
  }

  private async run(index: number): Promise<void> {
    const traceId = this.traceId;
    if (!traceId) return;
    const seq = ++this.seq;
    const text = this.input.value.trim();
    try {
      const m = await this.host.request({ type: 'searchTrace', traceId, text, onlyMatches: this.only.checked && text !== '', index }, 'searchResult');
      if (seq !== this.seq || traceId !== this.traceId) return;
      this.answer = m.search;
      this.render();
      this.events.onRows(m.meta, m.search.index >= 0 ? m.meta.focusRow : -1);
    } catch (e) {
      if (seq === this.seq) setText(this.counter, e instanceof Error ? e.message : String(e));
    }
  }

  private render(): void {
    const a = this.answer;
    const text = this.input.value.trim();
    this.root.classList.toggle('no-match', !!a && !!text && a.total === 0);
    if (!a || !text) { setText(this.counter, ''); return; }
    setText(this.counter, a.total === 0 ? 'No matches' : a.index >= 0 ? `${(a.index + 1).toLocaleString('en-US')} / ${a.total.toLocaleString('en-US')}` : plural(a.total, 'match', 'matches'));
    this.counter.title = a.total ? `${plural(a.total, 'span')} match “${a.text}”` : '';
  }
}
