// The trace list: filter box, sort buttons, status, and a virtualised list of traces whose pages
// are fetched from the host (which sorts and filters all of them).
import { ListQuery, SORT_KEYS, SortKey, TraceListRow } from '../../src/protocol/messages';
import { Badge, traceBadges } from '../shared/a11yText';
import { h, setAttr, setText } from '../shared/dom';
import { formatDuration, formatTimestamp, isKnownTime, plural, UNKNOWN_TIME } from '../../src/common/format';
import { VirtualList } from '../shared/virtualList';
import type { HostMessage, WebviewMessage } from '../../src/protocol/messages';
import type { HostChannel } from '../shared/hostChannel';
import { PageCache } from './model/pageCache';
import { renderCost } from './cost';

type HostClient = HostChannel<WebviewMessage, HostMessage>;

const PAGE = 100;
const ROW_H = 44;
const SORT_LABELS: Record<SortKey, string> = { start: 'Start', duration: 'Duration', errors: 'Errors', function: 'Function', cost: 'Cost' };
/** The direction a sort starts in when first chosen: newest, slowest, most errors, A to Z, most expensive. */
const DEFAULT_DIR: Record<SortKey, 'asc' | 'desc'> = { start: 'desc', duration: 'desc', errors: 'desc', function: 'asc', cost: 'desc' };

export interface TraceListEvents {
  onSelect(traceId: string): void;
  onQueryChange(q: ListQuery): void;
  /** First page of a new query arrived. */
  onFirstPage?(rows: TraceListRow[]): void;
  /** "Compare selected": the marked trace (A, the baseline) with the open one (B). */
  onCompare?(a: string, b: string): void;
}

export class TraceListView {
  readonly root: HTMLElement;
  private readonly filter: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly sortButtons = new Map<SortKey, HTMLButtonElement>();
  private readonly scroller: HTMLElement;
  private readonly list: VirtualList;
  private readonly cache = new PageCache<TraceListRow[]>(PAGE);
  private query: ListQuery;
  private datasetVersion = 0;
  private datasetTotal = 0;
  private datasetLabel = '';
  /** Until the host's init arrives there is nothing to count: say so rather than "0 traces". */
  private loading = true;
  private error = '';
  private selectedId?: string;
  /** A trace opened from elsewhere, to scroll to once the list can say where it is. */
  private revealWanted?: string;
  private activeIndex = -1;
  /** A second trace picked with Ctrl/Cmd+click or Shift+Space, to compare with the open one. */
  private marked?: { traceId: string; label: string };
  private readonly compareBar: HTMLElement;
  private readonly compareText: HTMLElement;
  private filterTimer = 0;
  private queryGen = 0;
  private total = 0;

  constructor(private readonly host: HostClient, query: ListQuery, private readonly events: TraceListEvents) {
    this.query = query;
    this.filter = h('input', {
      class: 'filter-input',
      attrs: { type: 'search', placeholder: 'Filter: text, is:error, is:cold, >500ms, fn:name', 'aria-label': 'Filter traces', 'data-testid': 'trace-filter', 'data-focus-key': 'filter', spellcheck: 'false' },
    });
    this.filter.value = query.filter;
    this.filter.addEventListener('input', () => {
      window.clearTimeout(this.filterTimer);
      this.filterTimer = window.setTimeout(() => this.setQuery({ ...this.query, filter: this.filter.value }), 150);
    });
    this.filter.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') { e.preventDefault(); this.scroller.focus(); this.move(this.activeIndex < 0 ? 0 : 1); }
    });
    const sorts = h('div', { class: 'sort-bar', attrs: { role: 'toolbar', 'aria-label': 'Sort traces by' } }, h('span', { class: 'sort-label', text: 'Sort' }));
    for (const key of SORT_KEYS) {
      const b = h('button', { class: 'sort-button', attrs: { type: 'button', 'data-testid': `sort-${key}` } });
      b.addEventListener('click', () => this.sortBy(key));
      this.sortButtons.set(key, b);
      sorts.appendChild(b);
    }
    this.status = h('div', { class: 'panel-status', attrs: { 'data-testid': 'panel-status', role: 'status', 'aria-live': 'polite' } });
    this.scroller = h('div', {
      class: 'trace-list',
      attrs: { role: 'listbox', tabindex: 0, 'aria-label': 'Traces', 'aria-multiselectable': 'true', 'aria-keyshortcuts': 'Shift+Space Control+Space Escape', 'data-testid': 'trace-list', 'data-focus-key': 'list' },
    });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    // The list's cursor exists from the first focus (the selected trace, else the first), not from the first arrow key.
    this.scroller.addEventListener('focus', () => {
      if (this.activeIndex < 0 && this.total > 0) this.setActive(this.selectedIndex() ?? 0);
    });
    this.compareText = h('span', { class: 'list-compare-text', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'list-compare-text' } });
    const compare = h('button', { class: 'tl-button', text: 'Compare selected', attrs: { type: 'button', 'data-testid': 'compare-selected' } });
    compare.addEventListener('click', () => this.compareSelected());
    const clear = h('button', { class: 'tl-button', text: '×', title: 'Clear the second selection', attrs: { type: 'button', 'aria-label': 'Clear the second selection', 'data-testid': 'compare-clear' } });
    clear.addEventListener('click', () => { this.mark(undefined); this.scroller.focus(); });
    this.compareBar = h('div', { class: 'list-compare', attrs: { hidden: true, 'data-testid': 'list-compare' } }, this.compareText, compare, clear);
    this.root = h('section', { class: 'list-pane', attrs: { 'aria-label': 'Trace list' } },
      h('div', { class: 'list-header' }, this.filter, sorts, this.status, this.compareBar), this.scroller);
    this.list = new VirtualList({
      scroller: this.scroller,
      rowHeight: ROW_H,
      createRow: () => this.createRow(),
      renderRow: (el, i) => this.renderRow(el, i),
      onRange: (first, last) => this.fetch(first, last),
    });
    this.renderSortButtons();
    this.renderStatus();
  }

  get currentQuery(): ListQuery { return this.query; }

  /** New data (first load or reload): start over with the current query. */
  setDataset(version: number, total: number, label: string, loading: boolean, error?: string): void {
    // The same source growing (pages streaming in, a file re-read) keeps the user's place in the list.
    const sameSource = label === this.datasetLabel && this.datasetTotal > 0;
    this.datasetVersion = version;
    this.datasetTotal = total;
    this.datasetLabel = label;
    this.loading = loading;
    this.error = error ?? '';
    this.requery(!sameSource);
  }

  setSelected(traceId: string | undefined): void {
    this.selectedId = traceId;
    // A trace cannot be compared with itself: opening the marked one unmarks it.
    if (traceId && this.marked?.traceId === traceId) this.mark(undefined);
    this.list.refresh();
  }

  /** The second trace picked for comparison, if any. */
  get markedTrace(): string | undefined { return this.marked?.traceId; }

  /** Marks a second trace (undefined: none) to compare with the open one. */
  private mark(row: TraceListRow | undefined): void {
    this.marked = row && row.traceId !== this.selectedId ? { traceId: row.traceId, label: rowLabel(row) } : undefined;
    this.compareBar.hidden = !this.marked;
    setText(this.compareText, this.marked ? `Second trace: ${this.marked.label}` : '');
    this.compareText.title = this.marked ? this.marked.traceId : '';
    this.list.refresh();
  }

  private toggleMark(row: TraceListRow | undefined): void {
    if (!row) return;
    this.mark(this.marked?.traceId === row.traceId ? undefined : row);
  }

  private compareSelected(): void {
    if (this.marked && this.selectedId) this.events.onCompare?.(this.marked.traceId, this.selectedId);
  }

  /**
   * Scrolls the list (the least needed) to a trace opened from elsewhere and makes it the keyboard
   * cursor, when the current filter keeps it. The host knows its position in the sorted, filtered
   * list; asked once, so the user's own scrolling afterwards is left alone.
   */
  revealTrace(traceId: string): void {
    this.revealWanted = traceId;
    if (this.list.count > 0 || this.total > 0) this.locate();
    // else: the first page of the current query is on its way and locates it when it lands.
  }

  private locate(): void {
    const traceId = this.revealWanted;
    if (!traceId) return;
    const gen = this.cache.generation;
    const version = this.datasetVersion;
    void this.host.request({ type: 'locateTrace', query: this.query, traceId }, 'traceIndex').then((m) => {
      // A newer query or dataset answers for itself (its first page calls locate again).
      if (gen !== this.cache.generation || version !== this.datasetVersion || m.datasetVersion !== version) return;
      if (this.revealWanted !== traceId) return;
      if (m.index >= this.list.count) return; // the query's first page is not in yet: it asks again
      this.revealWanted = undefined;
      if (m.index < 0 || traceId !== this.selectedId) return;
      this.setActive(m.index);
    }, () => { if (this.revealWanted === traceId) this.revealWanted = undefined; });
  }

  focus(): void { this.scroller.focus(); }

  /** The list box itself (the panel's main control). */
  get scrollerElement(): HTMLElement { return this.scroller; }

  /** Fills the filter box from outside (side bar) and applies it. */
  setFilterText(filter: string): void {
    this.filter.value = filter;
    this.setQuery({ ...this.query, filter });
  }

  private setQuery(q: ListQuery): void {
    if (q.sort === this.query.sort && q.dir === this.query.dir && q.filter === this.query.filter) return;
    this.query = q;
    this.renderSortButtons();
    this.events.onQueryChange(q);
    this.requery();
  }

  private sortBy(key: SortKey): void {
    const dir = this.query.sort === key ? (this.query.dir === 'asc' ? 'desc' : 'asc') : DEFAULT_DIR[key];
    this.setQuery({ ...this.query, sort: key, dir });
  }

  private requery(resetScroll = true): void {
    this.queryGen++;
    this.cache.reset(`${this.datasetVersion}|${this.queryGen}`);
    if (resetScroll) {
      this.activeIndex = -1;
      setAttr(this.scroller, 'aria-activedescendant', undefined);
      this.scroller.scrollTop = 0;
    }
    const gen = this.cache.generation;
    this.cache.takeMissing(0, 1);
    void this.host.request({ type: 'queryList', query: this.query, offset: 0, limit: PAGE }, 'listPage').then((m) => {
      if (!this.cache.put(gen, 0, m.rows)) return;
      this.total = m.total;
      this.list.setCount(m.total);
      // The list's cursor (aria-activedescendant) exists as soon as there are rows, before any key or focus event.
      if (this.activeIndex < 0 && m.total > 0) this.setActive(0);
      else if (this.activeIndex >= m.total) this.setActive(m.total - 1);
      this.renderStatus();
      this.events.onFirstPage?.(m.rows);
      this.locate();
    }, (e: Error) => { this.cache.fail(0); this.error = e.message; this.renderStatus(); });
  }

  private fetch(first: number, last: number): void {
    const gen = this.cache.generation;
    for (const start of this.cache.takeMissing(first, last)) {
      void this.host.request({ type: 'queryList', query: this.query, offset: start, limit: PAGE }, 'listPage').then((m) => {
        if (this.cache.put(gen, start, m.rows)) this.list.refresh();
      }, () => this.cache.fail(start));
    }
  }

  private rowAt(i: number): TraceListRow | undefined {
    const loc = this.cache.locate(i);
    return loc?.page[loc.at];
  }

  private createRow(): HTMLElement {
    const el = h('div', { class: 'trace-row', attrs: { role: 'option', 'data-testid': 'trace-row' } },
      h('div', { class: 'trace-line1' }, h('span', { class: 'trace-name' }),
        h('span', { class: 'trace-figures' }, h('span', { class: 'trace-cost', attrs: { 'data-testid': 'trace-cost' } }), h('span', { class: 'trace-duration' }))),
      h('div', { class: 'trace-line2' }, h('span', { class: 'trace-meta' }), h('span', { class: 'trace-badges' })));
    el.addEventListener('click', (e) => {
      const i = Number(el.dataset.index);
      this.activeIndex = i;
      const row = this.rowAt(i);
      // Ctrl/Cmd+click: a second trace to compare with the open one (the open trace stays).
      if (e.ctrlKey || e.metaKey) { this.toggleMark(row); return; }
      if (row) this.events.onSelect(row.traceId);
    });
    return el;
  }

  private renderRow(el: HTMLElement, i: number): void {
    const row = this.rowAt(i);
    const [name, figures] = el.firstElementChild!.children as unknown as HTMLElement[];
    const [cost, duration] = figures.children as unknown as HTMLElement[];
    const [meta, badges] = el.lastElementChild!.children as unknown as HTMLElement[];
    el.id = `trace-row-${i}`;
    // Only the rows in view exist: say where this one is in the whole list.
    setAttr(el, 'aria-posinset', i + 1);
    setAttr(el, 'aria-setsize', this.total);
    el.classList.toggle('active', i === this.activeIndex);
    if (!row) {
      el.classList.add('placeholder');
      setAttr(el, 'data-trace-id', undefined);
      setText(name, 'Loading…'); setText(cost, ''); setText(duration, ''); setText(meta, ''); setText(badges, '');
      return;
    }
    el.classList.remove('placeholder');
    const selected = row.traceId === this.selectedId;
    const marked = row.traceId === this.marked?.traceId;
    el.classList.toggle('selected', selected);
    el.classList.toggle('marked', marked);
    el.classList.toggle('has-error', row.errorCount > 0);
    setAttr(el, 'aria-selected', selected || marked ? 'true' : 'false');
    setAttr(el, 'data-trace-id', row.traceId);
    const dur = formatDuration(row.durationMs);
    // Named by its content (what is shown, in order), the badges' symbols replaced by words for screen readers.
    setText(name, rowLabel(row));
    name.title = `${row.rootService} · ${row.rootName}\n${row.traceId}`;
    setText(duration, dur);
    renderCost(cost, row.costUsd);
    setText(meta, `${row.functionName || row.rootService} · ${(isKnownTime(row.startMs) ? formatTimestamp(row.startMs).slice(5, 23) : UNKNOWN_TIME)} · ${plural(row.spanCount, 'span')}`);
    renderBadges(badges, traceBadges(row));
  }

  private renderSortButtons(): void {
    for (const [key, b] of this.sortButtons) {
      const active = key === this.query.sort;
      const arrow = active ? (this.query.dir === 'asc' ? ' ▲' : ' ▼') : '';
      setText(b, `${SORT_LABELS[key]}${arrow}`);
      b.classList.toggle('active', active);
      setAttr(b, 'aria-pressed', active ? 'true' : 'false');
      setAttr(b, 'aria-label', `Sort by ${SORT_LABELS[key].toLowerCase()}${active ? (this.query.dir === 'asc' ? ', ascending' : ', descending') : ''}`);
    }
  }

  private renderStatus(): void {
    let text: string;
    if (this.error && this.datasetTotal === 0) text = this.error;
    else if (this.loading && this.datasetTotal === 0) text = this.datasetLabel ? `Loading ${this.datasetLabel}…` : 'Loading traces…';
    else if (this.query.filter.trim() && this.total !== this.datasetTotal) text = `${plural(this.total, 'trace')} of ${formatNumber(this.datasetTotal)}`;
    else text = plural(this.datasetTotal, 'trace');
    // A reload keeps the list it replaces until it is done: say that one is running.
    if (this.loading && this.datasetTotal > 0) text += this.datasetLabel ? ` · loading ${this.datasetLabel}…` : ' · loading…';
    setText(this.status, text);
    this.status.title = this.datasetLabel ? `Source: ${this.datasetLabel}${this.error ? `\n${this.error}` : ''}` : '';
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_H) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (e.key in moves) { e.preventDefault(); this.move(moves[e.key]); return; }
    // Shift+Space (or Ctrl+Space, as in VS Code's lists): mark the trace under the cursor as the second one.
    if (e.key === ' ' && (e.shiftKey || e.ctrlKey || e.metaKey)) { e.preventDefault(); this.toggleMark(this.rowAt(this.activeIndex)); return; }
    if (e.key === 'Escape' && this.marked) { e.preventDefault(); this.mark(undefined); return; }
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const row = this.rowAt(this.activeIndex);
      if (row) this.events.onSelect(row.traceId);
    }
  }

  /** The keyboard cursor: kept in view, drawn, and told to screen readers (aria-activedescendant). */
  private setActive(index: number): void {
    this.activeIndex = index;
    this.list.reveal(index);
    setAttr(this.scroller, 'aria-activedescendant', `trace-row-${index}`);
  }

  /** Index of the selected trace among the loaded rows, if it is loaded. */
  private selectedIndex(): number | undefined {
    if (!this.selectedId) return undefined;
    const [first, last] = this.list.range;
    for (let i = first; i < last; i++) if (this.rowAt(i)?.traceId === this.selectedId) return i;
    return undefined;
  }

  /** Moves the keyboard cursor and opens the trace under it (like a list box with selection follows focus). */
  private move(delta: number): void {
    if (this.total === 0) return;
    const next = Math.max(0, Math.min(this.total - 1, (this.activeIndex < 0 ? 0 : this.activeIndex) + delta));
    this.setActive(next);
    const row = this.rowAt(next);
    if (row) this.events.onSelect(row.traceId);
  }
}

function formatNumber(n: number): string { return n.toLocaleString('en-US'); }

function rowLabel(row: TraceListRow): string {
  return row.operation && row.operation !== row.rootName ? `${row.rootName} · ${row.operation}` : row.rootName || row.traceId;
}

/** Each badge: its symbol (hidden from screen readers), its word, and the words a screen reader adds. */
function renderBadges(el: HTMLElement, list: Badge[]): void {
  el.replaceChildren(...list.map((b) => h('span', { class: 'trace-badge' },
    b.symbol ? h('span', { text: `${b.symbol} `, attrs: { 'aria-hidden': 'true' } }) : '',
    b.text,
    b.spoken ? h('span', { class: 'sr-only', text: ` ${b.spoken}` }) : '')));
}
