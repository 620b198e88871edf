// The Trace Explorer app: trace list | timeline over details. Owns the selection and persists it
// (vscode.setState), so the panel comes back on the same trace and span after a restart.
import { HostMessage, ListQuery, WebviewMessage } from '../../src/protocol/messages';
import { EXPLORER_PROTOCOL } from '../../src/protocol/validate';
import { h } from '../shared/dom';
import { FocusMemory, KeyboardHelp, ShortcutGroup } from '../shared/a11y';
import { onThemeChange } from '../shared/theme';
import { splitter } from '../shared/splitter';
import { HostChannel } from '../shared/hostChannel';
import { VsCodeApi } from '../shared/vscodeApi';
import { DetailsView } from './details';
import { TimelineView } from './timeline/timelineView';
import { TraceListView } from './traceList';
import { TraceCostHeader } from './cost';
import { InvestigateTools } from './investigate';

export interface SavedState {
  traceId?: string;
  spanId?: string;
  query?: ListQuery;
  listWidth?: number;
  detailsHeight?: number;
  /** The control focused last (data-focus-key), focused again when the panel is rebuilt. */
  focusKey?: string;
}

const EXPLORER_SHORTCUTS: ShortcutGroup[] = [
  { title: 'Trace list', items: [
    { keys: 'Up / Down', what: 'previous / next trace (opens it)' },
    { keys: 'Page Up / Page Down / Home / End', what: 'move by a page, to the first, to the last' },
    { keys: 'Enter / Space', what: 'open the trace under the cursor' },
    { keys: 'Shift+Space / Ctrl+click', what: 'select a second trace, then "Compare selected" compares it (A) with the open one (B)' },
    { keys: 'Escape', what: 'clear the second selection' },
    { keys: 'Down', what: 'in the filter box: into the list' },
  ] },
  { title: 'Timeline', items: [
    { keys: 'Up / Down / Page Up / Page Down / Home / End', what: 'move the selected span (its details show below)' },
    { keys: 'Left / Right', what: 'collapse / expand, or go to the parent / first child' },
    { keys: 'Enter', what: 'open the span\'s line of code beside the panel' },
    { keys: '+ / -', what: 'zoom in / out' },
    { keys: 'Shift+Left / Shift+Right', what: 'pan the time window' },
    { keys: '0', what: 'fit the whole trace' },
  ] },
  { title: 'Flame graph', items: [
    { keys: 'Up / Down / Left / Right', what: 'parent / first child / previous / next frame' },
    { keys: 'Enter / click', what: 'zoom into the frame (its span\'s details show below)' },
    { keys: 'Backspace / Escape', what: 'zoom out one level (or use the breadcrumbs)' },
    { keys: '+ / - / 0, Ctrl+wheel', what: 'zoom in / out / fit around the pointer' },
  ] },
  { title: 'Search in trace', items: [
    { keys: 'Ctrl+F / F3', what: 'to the search box' },
    { keys: 'Enter / Shift+Enter', what: 'in the search box: next / previous match (scrolls to it, expands its parents)' },
    { keys: 'Escape', what: 'in the search box: clear the search' },
  ] },
  { title: 'Anywhere', items: [
    { keys: 'Tab / Shift+Tab', what: 'filter, sort buttons, trace list, timeline buttons, timeline, details' },
    { keys: '?', what: 'this list' },
  ] },
];

const DEFAULT_QUERY: ListQuery = { sort: 'start', dir: 'desc', filter: '' };
const DETAILS_DEBOUNCE_MS = 60;

export class App {
  private readonly host: HostChannel<WebviewMessage, HostMessage>;
  private readonly list: TraceListView;
  private readonly timeline: TimelineView;
  private readonly details: DetailsView;
  private readonly cost: TraceCostHeader;
  private readonly tools: InvestigateTools;
  private state: SavedState;
  private traceId?: string;
  private spanId?: string;
  /** Trace to open once the list is there (restore after restart, or a command). */
  private pending?: { traceId: string; spanId?: string; reveal?: boolean };
  private detailsSeq = 0;
  private detailsTimer = 0;
  private traceSeq = 0;
  /** An openTrace request is waiting for the host. */
  private opening = false;
  private readonly focus: FocusMemory;
  private focusedOnce = false;

  constructor(private readonly root: HTMLElement, private readonly api: VsCodeApi<SavedState>) {
    this.host = new HostChannel(EXPLORER_PROTOCOL, api as VsCodeApi<unknown>);
    this.state = api.getState() ?? {};
    this.list = new TraceListView(this.host, this.state.query ?? DEFAULT_QUERY, {
      onSelect: (traceId) => { if (traceId !== this.traceId) void this.openTrace(traceId); },
      onQueryChange: (query) => this.save({ query }),
      onFirstPage: (rows) => {
        if (rows.length === 0) return; // still loading, or filtered to nothing: keep what we meant to open
        if (this.pending) { const p = this.pending; this.pending = undefined; void this.openTrace(p.traceId, p.spanId, p.reveal); }
        // Nothing shown or on its way (a showTrace can arrive before the list's first page): show the first.
        else if (!this.traceId && !this.opening && rows[0]) void this.openTrace(rows[0].traceId);
      },
      onCompare: (a, b) => { if (b === this.traceId) void this.tools.compare(a); },
    });
    this.timeline = new TimelineView(this.host, { onSelect: (spanId, open) => this.onSpanSelected(spanId, open) });
    this.cost = new TraceCostHeader(this.host);
    this.timeline.root.querySelector('.tl-heading')?.appendChild(this.cost.root);
    this.tools = new InvestigateTools(this.host, this.timeline, {
      openTrace: (traceId, spanId) => void this.openTrace(traceId, spanId, true),
      selectSpan: (spanId) => this.onSpanSelected(spanId, false),
    });
    this.details = new DetailsView({
      openSource: (spanId) => this.traceId && this.host.send({ type: 'openSource', traceId: this.traceId, spanId }),
      openLocation: (file, line, column) => this.host.send({ type: 'openLocation', file, line, column }),
      selectSpan: (spanId) => this.traceId && void this.openTrace(this.traceId, spanId),
    });
    this.layout();
    // Opening the panel focuses its main control (the trace list); coming back puts focus where it was.
    this.focus = new FocusMemory({
      main: () => this.list.scrollerElement,
      byKey: (k) => this.root.querySelector<HTMLElement>(`[data-focus-key="${k}"]`) ?? undefined,
      saved: this.state.focusKey,
      save: (focusKey) => this.save({ focusKey }),
    });
    const help = new KeyboardHelp('Trace Explorer', EXPLORER_SHORTCUTS);
    this.timeline.addTool(help.button('tl-button'));
  }

  start(): void {
    this.host.on('init', (m) => this.onInit(m));
    this.host.on('dataset', (m) => this.onDataset(m.dataset));
    // Opened from elsewhere (graph, query results, code lens): the list scrolls to it as well.
    this.host.on('showTrace', (m) => void this.openTrace(m.traceId, m.spanId, true));
    this.host.on('setFilter', (m) => this.list.setFilterText(m.filter));
    this.host.on('sourceResult', (m) => this.details.showSourceResult(m.spanId, m.ok, m.message));
    this.host.on('error', (m) => this.host.log('warn', `host error: ${m.message}`));
    onThemeChange(() => { this.timeline.retheme(); this.tools.retheme(); });
    window.addEventListener('keydown', (e) => {
      if ((e.key === 'f' && (e.ctrlKey || e.metaKey) && !e.altKey) || e.key === 'F3') { e.preventDefault(); this.tools.search.focus(); }
    });
    window.addEventListener('error', (e) => this.host.log('error', `${e.message} at ${e.filename}:${e.lineno}`));
    this.host.send({ type: 'ready' });
  }

  private layout(): void {
    const main = h('div', { class: 'main-pane' }, this.tools.bar, this.tools.area);
    const listSplit = splitter({
      container: this.root, variable: '--list-width', orientation: 'vertical', label: 'Resize trace list',
      initial: this.state.listWidth ?? 320, min: 200, max: () => Math.max(200, this.root.clientWidth - 360),
      onChange: (listWidth) => this.save({ listWidth }),
    });
    const detailsSplit = splitter({
      container: this.root, variable: '--details-height', orientation: 'horizontal', label: 'Resize details', inverted: true,
      initial: this.state.detailsHeight ?? Math.round(window.innerHeight * 0.4), min: 80, max: () => Math.max(80, this.root.clientHeight - 160),
      onChange: (detailsHeight) => this.save({ detailsHeight }),
    });
    main.append(detailsSplit, this.details.root);
    this.root.replaceChildren(this.list.root, listSplit, main);
  }

  private onInit(m: Extract<HostMessage, { type: 'init' }>): void {
    const restore = m.restore?.traceId ? m.restore : this.state;
    // A panel (re)opened on a trace shows it in the list too; a reload later keeps the list's place.
    if (restore.traceId) this.pending = { traceId: restore.traceId, spanId: restore.spanId, reveal: true };
    this.onDataset(m.dataset);
  }

  private onDataset(d: Extract<HostMessage, { type: 'dataset' }>['dataset']): void {
    // Keep the trace on screen across reloads (a file changed): reopen it once the new list is in.
    if (this.traceId && !this.pending) this.pending = { traceId: this.traceId, spanId: this.spanId };
    this.traceId = undefined;
    if (d.traceCount === 0) {
      this.cost.clear();
      this.timeline.showEmpty(d.loading ? 'Loading traces…' : d.error ?? 'No traces in this data.');
      this.details.showMessage(d.loading ? 'Loading…' : 'Nothing selected.');
    }
    this.list.setDataset(d.datasetVersion, d.traceCount, d.sourceLabel, d.loading, d.error);
  }

  /** `reveal`: scroll the trace list to the trace (it was opened from outside the list). */
  async openTrace(traceId: string, spanId?: string, reveal = false): Promise<void> {
    const seq = ++this.traceSeq;
    this.opening = true;
    try {
      const { meta } = await this.host.request({ type: 'openTrace', traceId, focusSpanId: spanId }, 'traceMeta');
      if (seq !== this.traceSeq) return;
      this.traceId = traceId;
      this.tools.setTrace(traceId);
      this.list.setSelected(traceId);
      if (reveal) this.list.revealTrace(traceId);
      const row = meta.focusRow >= 0 ? meta.focusRow : 0;
      this.timeline.setMeta(meta, row);
      this.timeline.select(row, false);
      void this.cost.show(traceId);
      if (!this.focusedOnce) { this.focusedOnce = true; this.focus.restore(); }
    } catch (e) {
      if (seq !== this.traceSeq) return;
      this.cost.clear();
      this.timeline.showEmpty(e instanceof Error ? e.message : String(e));
      this.details.showMessage('Nothing selected.');
    } finally {
      if (seq === this.traceSeq) this.opening = false;
    }
  }

  private onSpanSelected(spanId: string, open: boolean): void {
    const traceId = this.traceId;
    if (!traceId) return;
    const changed = spanId !== this.spanId;
    this.spanId = spanId;
    this.save({ traceId, spanId });
    this.host.send({ type: 'selectionChanged', traceId, spanId });
    if (open) this.host.send({ type: 'openSource', traceId, spanId });
    if (!changed && this.details.spanId === spanId) return;
    // Arrow keys can move through many rows quickly: fetch details for where the user stops.
    window.clearTimeout(this.detailsTimer);
    this.details.showLoading();
    this.detailsTimer = window.setTimeout(() => void this.loadDetails(traceId, spanId), open ? 0 : DETAILS_DEBOUNCE_MS);
  }

  private async loadDetails(traceId: string, spanId: string): Promise<void> {
    const seq = ++this.detailsSeq;
    try {
      const { details } = await this.host.request({ type: 'getSpanDetails', traceId, spanId }, 'spanDetails');
      if (seq === this.detailsSeq) this.details.show(details);
    } catch (e) {
      if (seq === this.detailsSeq) this.details.showMessage(e instanceof Error ? e.message : String(e));
    }
  }

  private save(patch: Partial<SavedState>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }
}
