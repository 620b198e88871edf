// Answers the webview's requests from a Dataset. Pure (no vscode): the panel host feeds it raw
// messages and gives it a `post` function and the few side effects it needs.
import type { SpanNode, Trace } from '../../../core/model';
import { DatasetInfo, ListQuery, RestoreState, HostMessage, WebviewMessage } from '../../../protocol/messages';
import { EXPLORER_PROTOCOL } from '../../../protocol/validate';
import type { DatasetState } from '../../datasetState';
import { PanelController } from '../../panelController';
import { background } from '../../../core/background';
import { buildSpanDetails } from './spanDetails';
import { CostModel, costModelFor } from '../../../core/cost/model';
import { traceCostSummary } from './costs';
import { Investigate, isInvestigateMessage } from './investigate';
import { TraceList } from './traceList';
import { TraceRows } from './traceRows';

const RECENT_TRACES = 4;

export interface ControllerEffects {
  post(message: HostMessage): void;
  openSource(trace: Trace, node: SpanNode): void;
  openLocation(file: string, line: number, column?: number): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Selection as the webview last reported it (for the API and the serializer). */
  selectionChanged?(traceId?: string, spanId?: string): void;
}

export class ExplorerController extends PanelController<WebviewMessage, HostMessage> {
  private list?: { version: number; cost?: CostModel; list: TraceList };
  private rows?: TraceRows;
  /** Recently shown traces keep their collapse state (and version) when the user switches back. */
  private readonly recent = new Map<string, TraceRows>();
  private readonly warmed = new WeakSet<TraceRows>();
  private pendingShow?: { traceId: string; spanId?: string };
  private pendingFilter?: string;
  lastQuery?: ListQuery;
  private readonly investigate = new Investigate({
    dataset: () => this.data().dataset,
    rowsFor: (traceId, requestId) => this.rowsFor(traceId, requestId),
    post: (m) => this.post(m),
  });

  constructor(
    private readonly data: () => DatasetState,
    private readonly fx: ControllerEffects,
    private restore?: RestoreState,
  ) {
    super(EXPLORER_PROTOCOL, fx, 'explorer');
  }

  get currentTraceId(): string | undefined { return this.rows?.trace.traceId; }

  /** The data changed (loaded, reloaded, failed): tell the webview, which re-queries what it shows. */
  datasetChanged(): void {
    this.rows = undefined;
    this.recent.clear();
    if (this.isReady) this.post({ type: 'dataset', dataset: this.info() });
  }

  /** Navigate the webview to a trace (command `traceExplorer.openTrace`). Queued until the webview is ready. */
  showTrace(traceId: string, spanId?: string): void {
    if (!this.isReady) { this.pendingShow = { traceId, spanId }; return; }
    this.post({ type: 'showTrace', traceId, spanId });
  }

  /** Filter the trace list (side bar: a function's traces). Queued until the webview is ready. */
  setFilter(filter: string): void {
    if (!this.isReady) { this.pendingFilter = filter; return; }
    this.post({ type: 'setFilter', filter });
  }

  protected dispatch(m: WebviewMessage): void {
    if (isInvestigateMessage(m)) { this.investigate.handle(m); return; }
    switch (m.type) {
      case 'ready': {
        const restore = this.pendingShow ? { ...this.restore, traceId: this.pendingShow.traceId, spanId: this.pendingShow.spanId } : this.restore;
        this.pendingShow = undefined;
        this.post({ type: 'init', dataset: this.info(), restore });
        if (this.pendingFilter !== undefined) { this.post({ type: 'setFilter', filter: this.pendingFilter }); this.pendingFilter = undefined; }
        return;
      }
      case 'queryList': {
        this.lastQuery = m.query;
        const info = this.info();
        const list = this.traceList();
        const page = list ? list.page(m.query, m.offset, m.limit) : { total: 0, rows: [] };
        this.post({ type: 'listPage', requestId: m.requestId, datasetVersion: info.datasetVersion, total: page.total, offset: m.offset, rows: page.rows });
        return;
      }
      case 'locateTrace': {
        const info = this.info();
        const list = this.traceList();
        const index = list ? list.indexOf(m.query, m.traceId) : -1;
        const total = list ? list.query(m.query).length : 0;
        this.post({ type: 'traceIndex', requestId: m.requestId, datasetVersion: info.datasetVersion, traceId: m.traceId, index, total });
        return;
      }
      case 'openTrace': {
        const trace = this.data().dataset?.traceById.get(m.traceId);
        if (!trace) { this.post({ type: 'error', requestId: m.requestId, message: `Trace ${m.traceId} is not in the loaded data.` }); return; }
        const rows = this.rowsFor(m.traceId, m.requestId);
        if (!rows) return;
        const focus = m.focusSpanId ? rows.findNode(m.focusSpanId) : undefined;
        this.post({ type: 'traceMeta', requestId: m.requestId, meta: rows.meta(focus) });
        return;
      }
      case 'getRows': {
        const rows = this.rowsFor(m.traceId, m.requestId);
        if (!rows) return;
        // A stale version still gets rows (of the current version): the webview drops them by version.
        this.post({ type: 'rows', requestId: m.requestId, traceId: m.traceId, version: rows.version, offset: m.offset, columns: rows.columns(m.offset, m.limit) });
        this.warmAfterFirstRows(m.traceId, rows);
        return;
      }
      case 'setCollapsed': {
        const rows = this.rowsFor(m.traceId, m.requestId);
        if (!rows) return;
        const node = rows.findNode(m.spanId);
        if (node) rows.setCollapsed(node, m.collapsed);
        this.post({ type: 'traceMeta', requestId: m.requestId, meta: rows.meta(node) });
        return;
      }
      case 'setAllCollapsed': {
        const rows = this.rowsFor(m.traceId, m.requestId);
        if (!rows) return;
        rows.setAllCollapsed(m.collapsed);
        this.post({ type: 'traceMeta', requestId: m.requestId, meta: rows.meta() });
        return;
      }
      case 'getSpanDetails': {
        const rows = this.rowsFor(m.traceId, m.requestId);
        const node = rows?.findNode(m.spanId);
        if (!rows) return;
        if (!node) { this.post({ type: 'error', requestId: m.requestId, message: `Span ${m.spanId} is not in trace ${m.traceId}.` }); return; }
        this.post({ type: 'spanDetails', requestId: m.requestId, details: buildSpanDetails(rows.trace, node, { critical: rows.isCritical(node), cost: this.costModel() }) });
        return;
      }
      case 'getTraceCost': {
        const trace = this.data().dataset?.traceById.get(m.traceId);
        const model = this.costModel();
        if (!trace || !model) { this.post({ type: 'error', requestId: m.requestId, message: `Trace ${m.traceId} is not in the loaded data.` }); return; }
        this.post({ type: 'traceCost', requestId: m.requestId, cost: traceCostSummary(model, trace) });
        return;
      }
      case 'openSource': {
        const rows = this.rowsFor(m.traceId);
        const node = rows?.findNode(m.spanId);
        if (rows && node) this.fx.openSource(rows.trace, node);
        return;
      }
      case 'openLocation':
        this.fx.openLocation(m.file, m.line, m.column);
        return;
      case 'selectionChanged':
        this.restore = { ...this.restore, traceId: m.traceId, spanId: m.spanId };
        this.fx.selectionChanged?.(m.traceId, m.spanId);
        return;
    }
  }

  /**
   * After a trace's first rows went out: its search words and the flame graph's first view, made in the background so
   * the first search or "Flame graph" click does not wait. Not sooner: the search words are one long step (a second at
   * 1M spans), and a step that starts before the page asks for its rows delays the first frame by as much.
   */
  private warmAfterFirstRows(traceId: string, rows: TraceRows): void {
    if (this.warmed.has(rows)) return;
    this.warmed.add(rows);
    background.add(`search-index:${traceId}`, () => { if (this.recent.get(traceId) === rows) rows.searchIndex(); });
    background.add(`flame:${traceId}`, () => { if (this.recent.get(traceId) === rows) this.investigate.warmFlame(rows); });
  }

  private rowsFor(traceId: string, requestId?: number): TraceRows | undefined {
    if (this.rows?.trace.traceId === traceId) return this.rows;
    let rows = this.recent.get(traceId);
    if (!rows) {
      const trace = this.data().dataset?.traceById.get(traceId);
      if (!trace) {
        this.post({ type: 'error', requestId, message: `Trace ${traceId} is not in the loaded data.` });
        return undefined;
      }
      rows = new TraceRows(trace);
    }
    this.recent.delete(traceId);
    this.recent.set(traceId, rows);
    if (this.recent.size > RECENT_TRACES) this.recent.delete(this.recent.keys().next().value as string);
    this.rows = rows;
    return rows;
  }

  private traceList(): TraceList | undefined {
    const d = this.data();
    if (!d.dataset) return undefined;
    const cost = this.costModel();
    if (!this.list || this.list.version !== d.version || this.list.cost !== cost) this.list = { version: d.version, cost, list: new TraceList(d.dataset.traces, cost) };
    return this.list.list;
  }

  /** The dataset's shared cost model (core/cost costModelFor): the one built with the traceExplorer.cost.* settings, else default prices. */
  private costModel(): CostModel | undefined {
    const ds = this.data().dataset;
    return ds ? costModelFor(ds) : undefined;
  }

  private info(): DatasetInfo {
    const d = this.data();
    const info: DatasetInfo = { sourceLabel: d.sourceLabel, traceCount: d.dataset?.traces.length ?? 0, loading: d.loading, datasetVersion: d.version };
    if (d.error) info.error = d.error;
    return info;
  }
}
