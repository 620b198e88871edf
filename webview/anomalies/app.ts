// The Anomalies app: options bar, anomaly list, four charts (percentiles, histogram, rates, memory),
// the slow-vs-fast table and the invocation list. Persists its options (vscode.setState).
import Plotly, { PlotlyHTMLElement } from 'plotly.js-dist-min';
import type {
  AnomaliesDatasetInfo, AnomaliesHostMessage, AnomaliesWebviewMessage, AnomalyView, GroupDetail, Grouping, InvocationRowView, Outcome, Overview, RowFilter,
} from '../../src/protocol/anomalies';
import { ANOMALIES_PROTOCOL, compareGroupRows, GROUPINGS, OUTCOMES } from '../../src/protocol/anomalies';
import { clear, h, setText } from '../shared/dom';
import { formatDuration, formatTimestamp, plural } from '../../src/common/format';
import { onThemeChange } from '../shared/theme';
import { HostChannel } from '../shared/hostChannel';
import type { VsCodeApi } from '../shared/vscodeApi';
import { ChartTheme, readChartTheme } from './chartTheme';
import { Figure, histogramFigure, memoryFigure, percentileFigure, ratesFigure } from './charts';
import { ChartKind, chartName, ChartTable, chartTable, tableCaption, tableRowCount } from './chartText';
import { markCurrent, renderAnomalyList, renderComparison, renderInvocations } from './tables';
import { FocusMemory, KeyboardHelp, ShortcutGroup } from '../shared/a11y';
import { CostPane } from './cost';

export interface SavedState {
  by?: Grouping;
  bucketMs?: number;
  group?: string;
  log?: boolean;
}

const ANOMALY_SHORTCUTS: ShortcutGroup[] = [
  { title: 'Anywhere', items: [
    { keys: 'Tab / Shift+Tab', what: 'move between the options, the anomalies, the range, the charts\' tables and the lists' },
    { keys: 'Enter / Space', what: 'on an anomaly: show its group and time range; on an invocation: open its trace' },
    { keys: 'Enter', what: 'on a chart\'s table summary: show the numbers the chart draws' },
    { keys: '?', what: 'this list' },
  ] },
  { title: 'Time range', items: [
    { keys: 'From / to + Apply range', what: 'choose a custom range by keyboard (the same as dragging across the percentile chart)' },
    { keys: 'Enter', what: 'on a count in the histogram table: list those invocations (the same as clicking the bar)' },
  ] },
];

const BUCKETS: [string, number][] = [['auto', 0], ['1m', 60_000], ['5m', 300_000], ['15m', 900_000], ['1h', 3_600_000]];
const LIST_LIMIT = 200;
const PLOT_CONFIG = { displayModeBar: false, responsive: false, displaylogo: false, scrollZoom: false };

interface Range { fromMs: number; toMs: number }

export class App {
  private readonly host: HostChannel<AnomaliesWebviewMessage, AnomaliesHostMessage>;
  private state: SavedState;
  private overview?: Overview;
  private overviewInfo?: { dataset: AnomaliesDatasetInfo; pending: Grouping[] };
  private detail?: GroupDetail;
  private range?: Range;
  /** An anomaly of another grouping was clicked: applied when that grouping's overview arrives. */
  private pendingPick?: AnomalyView;
  private theme: ChartTheme = readChartTheme();
  private seq = 0;
  private focus?: FocusMemory;
  private focusedOnce = false;
  private cost?: CostPane;
  private readonly el = {
    by: h('select', { attrs: { 'aria-label': 'Group by' } }),
    bucket: h('select', { attrs: { 'aria-label': 'Time bucket' } }),
    group: h('select', { class: 'group-select', attrs: { 'aria-label': 'Group' } }),
    log: h('input', { attrs: { type: 'checkbox', 'aria-label': 'Log-scaled histogram' } }),
    status: h('span', { class: 'status', attrs: { role: 'status' } }),
    rangeChip: h('span', { class: 'range-chip' }),
    anomalies: h('section', { class: 'anomalies' }),
    percentiles: h('div', { class: 'chart', attrs: { 'data-chart': 'percentiles', role: 'img', 'aria-label': 'Chart loading' } }),
    histogram: h('div', { class: 'chart', attrs: { 'data-chart': 'histogram', role: 'img', 'aria-label': 'Chart loading' } }),
    rates: h('div', { class: 'chart', attrs: { 'data-chart': 'rates', role: 'img', 'aria-label': 'Chart loading' } }),
    memory: h('div', { class: 'chart', attrs: { 'data-chart': 'memory', role: 'img', 'aria-label': 'Chart loading' } }),
    compare: h('section', { class: 'compare-pane' }),
    /** The numbers each chart draws, as tables (keyboard and screen readers). */
    tables: { percentiles: h('div', { class: 'chart-data' }), histogram: h('div', { class: 'chart-data' }), rates: h('div', { class: 'chart-data' }), memory: h('div', { class: 'chart-data' }) } as Record<ChartKind, HTMLElement>,
    rangeFrom: h('select', { attrs: { 'aria-label': 'Range from bucket', 'data-testid': 'range-from' } }),
    rangeTo: h('select', { attrs: { 'aria-label': 'Range to bucket', 'data-testid': 'range-to' } }),
    invocations: h('section', { class: 'invocations-pane' }),
  };

  constructor(private readonly root: HTMLElement, private readonly api: VsCodeApi<SavedState>) {
    // Stats of a large dataset can take a while on first open: a longer timeout than the other panels.
    this.host = new HostChannel(ANOMALIES_PROTOCOL, api as VsCodeApi<unknown>, 60_000);
    this.state = api.getState() ?? {};
  }

  start(): void {
    this.buildDom();
    // Opening the panel focuses its main control: the anomaly the charts show (else the group chooser).
    this.focus = new FocusMemory({
      main: () => this.el.anomalies.querySelector<HTMLElement>('button.anomaly.current') ?? this.el.anomalies.querySelector<HTMLElement>('button.anomaly') ?? this.el.group,
    });
    this.host.on('overview', (m) => this.onOverview(m));
    this.host.on('anomalies', (m) => this.onAnomalies(m));
    this.host.on('error', (m) => this.setStatus(m.message));
    onThemeChange(() => { this.theme = readChartTheme(); void this.drawCharts(); });
    const resize = new ResizeObserver(() => {
      for (const c of this.charts()) if (c.childElementCount) Plotly.Plots.resize(c);
    });
    for (const c of this.charts()) resize.observe(c);
    this.host.send({ type: 'ready' });
    if ((this.state.by && this.state.by !== 'function') || this.state.bucketMs) {
      this.host.send({ type: 'setOptions', by: this.state.by ?? 'function', bucketMs: this.state.bucketMs ?? 0 });
    }
  }

  private charts(): HTMLElement[] {
    return [this.el.percentiles, this.el.histogram, this.el.rates, this.el.memory];
  }

  private buildDom(): void {
    for (const g of GROUPINGS) this.el.by.appendChild(h('option', { text: g, attrs: { value: g } }));
    for (const [label, ms] of BUCKETS) this.el.bucket.appendChild(h('option', { text: label, attrs: { value: ms } }));
    this.el.by.value = this.state.by ?? 'function';
    this.el.bucket.value = String(this.state.bucketMs ?? 0);
    this.el.log.checked = this.state.log ?? false;
    const options = () => {
      this.save({ by: this.el.by.value as Grouping, bucketMs: Number(this.el.bucket.value), group: undefined });
      this.range = undefined;
      this.host.send({ type: 'setOptions', by: this.state.by!, bucketMs: this.state.bucketMs! });
    };
    this.el.by.addEventListener('change', options);
    this.el.bucket.addEventListener('change', options);
    this.el.group.addEventListener('change', () => { this.range = undefined; this.selectGroup(this.el.group.value); });
    this.el.log.addEventListener('change', () => { this.save({ log: this.el.log.checked }); void this.drawHistogram(); });
    const clearRange = h('button', { class: 'link', text: 'clear', attrs: { type: 'button', 'aria-label': 'Clear the time range' } });
    clearRange.addEventListener('click', () => { this.range = undefined; void this.loadGroup(); });
    // The keyboard's way to choose a time range (the mouse can also drag across the percentile chart).
    const apply = h('button', { class: 'apply', text: 'Apply range', attrs: { type: 'submit', 'data-testid': 'range-apply' } });
    const rangeForm = h('form', { class: 'range-form', attrs: { 'aria-label': 'Choose a time range' } },
      h('label', {}, 'From ', this.el.rangeFrom), h('label', {}, 'to ', this.el.rangeTo), apply);
    rangeForm.addEventListener('submit', (e) => { e.preventDefault(); this.applyRangeForm(); });
    const help = new KeyboardHelp('Anomalies', ANOMALY_SHORTCUTS);
    const figure = (k: ChartKind) => h('figure', { class: 'chart-figure' }, this.el[k], this.el.tables[k]);
    this.cost = new CostPane(this.host);
    this.root.replaceChildren(
      h('header', { class: 'toolbar' },
        h('label', {}, 'Group by ', this.el.by),
        h('label', {}, 'Bucket ', this.el.bucket),
        h('label', { class: 'grow' }, 'Group ', this.el.group),
        h('label', {}, this.el.log, ' log-scaled histogram'),
        help.button('help-button'),
        this.el.status),
      h('h3', { text: 'Anomalies' }),
      this.el.anomalies,
      h('div', { class: 'range' }, this.el.rangeChip, clearRange, rangeForm),
      h('div', { class: 'charts' }, figure('percentiles'), figure('histogram'), figure('rates'), figure('memory')),
      h('div', { class: 'bottom' },
        h('div', {}, h('h3', { text: 'Slow vs fast' }), this.el.compare),
        h('div', {}, h('h3', { text: 'Invocations' }), this.el.invocations)),
      this.cost.root,
    );
  }

  private onOverview(m: Extract<AnomaliesHostMessage, { type: 'overview' }>): void {
    this.overview = m.overview;
    this.overviewInfo = { dataset: m.dataset, pending: m.pending };
    const { overview } = m;
    this.showOverviewStatus();
    this.el.by.value = overview.by;
    const groups = [...overview.groups].sort(compareGroupRows);
    clear(this.el.group);
    for (const g of groups) {
      const label = `${g.key} (${plural(g.count, 'row')}${g.anomalies ? `, ${plural(g.anomalies, 'anomaly', 'anomalies')}` : ''})`;
      this.el.group.appendChild(h('option', { text: label, attrs: { value: g.key } }));
    }
    const pick = this.pendingPick?.by === overview.by ? this.pendingPick : undefined;
    this.pendingPick = undefined;
    if (pick) this.range = { fromMs: pick.bucketStart, toMs: pick.bucketStart + overview.bucketMs };
    const keep = groups.find((g) => g.key === (pick?.group ?? this.state.group)) ?? groups[0];
    this.renderAnomalies(keep?.key);
    if (!this.focusedOnce && !m.dataset.loading) { this.focusedOnce = true; this.focus?.restore(); }
    if (!keep) {
      this.detail = undefined;
      for (const c of this.charts()) { Plotly.purge(c); delete c.dataset.wired; }
      clear(this.el.compare);
      clear(this.el.invocations);
      return;
    }
    // The host sent the first group's detail with the overview: its charts are drawn without asking again.
    const first = !this.range && m.first?.group === keep.key ? m.first : undefined;
    this.selectGroup(keep.key, first);
  }

  /** The other groupings' anomalies, computed after the first chart was drawn. */
  private onAnomalies(m: Extract<AnomaliesHostMessage, { type: 'anomalies' }>): void {
    const o = this.overview;
    const info = this.overviewInfo;
    if (!o || !info || o.by !== m.by || o.bucketMs !== m.bucketMs || info.dataset.datasetVersion !== m.datasetVersion) return;
    o.anomalies = m.anomalies;
    info.pending = m.pending;
    this.showOverviewStatus();
    this.renderAnomalies(this.state.group);
  }

  private renderAnomalies(group: string | undefined): void {
    const o = this.overview;
    if (!o) return;
    // The list is rebuilt as more groupings' anomalies arrive: keep focus on the same anomaly (or the current one).
    const focused = document.activeElement instanceof HTMLElement && this.el.anomalies.contains(document.activeElement) ? document.activeElement.dataset : undefined;
    renderAnomalyList(this.el.anomalies, o.anomalies, { by: o.by, group }, (a) => this.pickAnomaly(a));
    if (focused) {
      const same = [...this.el.anomalies.querySelectorAll<HTMLElement>('button.anomaly')]
        .find((b) => b.dataset.by === focused.by && b.dataset.group === focused.group && b.dataset.bucket === focused.bucket);
      (same ?? this.el.anomalies.querySelector<HTMLElement>('button.anomaly.current') ?? this.el.anomalies.querySelector<HTMLElement>('button.anomaly'))?.focus();
    }
    // Tests and screen readers can tell a complete list from one still filling.
    this.el.anomalies.dataset.pending = String(this.overviewInfo?.pending.length ?? 0);
    this.el.anomalies.setAttribute('aria-busy', String((this.overviewInfo?.pending.length ?? 0) > 0));
  }

  private showOverviewStatus(): void {
    const o = this.overview;
    const info = this.overviewInfo;
    if (!o || !info) return;
    const { dataset, pending } = info;
    const more = pending.length ? ` (${pending.join(', ')} still being computed)` : '';
    if (dataset.error) this.setStatus(`Could not load ${dataset.sourceLabel}: ${dataset.error}`);
    else if (dataset.loading) this.setStatus(`Loading ${dataset.sourceLabel}…`);
    else this.setStatus(`${dataset.sourceLabel}: ${plural(o.groups.length, 'group')}, ${plural(o.anomalies.length, 'anomaly', 'anomalies')}${more}, ${bucketLabel(o.bucketMs)} buckets`);
  }

  private selectGroup(key: string, detail?: GroupDetail): void {
    this.el.group.value = key;
    this.save({ group: key });
    const by = this.overview?.by;
    for (const b of this.el.anomalies.querySelectorAll<HTMLElement>('button.anomaly')) markCurrent(b, b.dataset.by === by && b.dataset.group === key);
    void this.loadGroup(detail);
  }

  private pickAnomaly(a: AnomalyView): void {
    if (a.by !== this.overview?.by) {
      this.pendingPick = a;
      this.el.by.value = a.by;
      this.save({ by: a.by, group: a.group });
      this.host.send({ type: 'setOptions', by: a.by, bucketMs: this.state.bucketMs ?? 0 });
      return;
    }
    const bucketMs = this.overview?.bucketMs ?? 0;
    this.range = { fromMs: a.bucketStart, toMs: a.bucketStart + bucketMs };
    if (this.state.group !== a.group) this.selectGroup(a.group);
    else void this.loadGroup();
  }

  /** Charts for the group (histogram of the selected range), its comparison and its slowest rows. `known`: its detail, when the host sent it already. */
  private async loadGroup(known?: GroupDetail): Promise<void> {
    const group = this.state.group;
    if (!group) return;
    const seq = ++this.seq;
    const r = this.range;
    setText(this.el.rangeChip, r ? `Range ${formatTimestamp(r.fromMs)} – ${formatTimestamp(r.toMs)} UTC` : 'Whole time range (drag across the percentile chart to select a range)');
    void this.cost?.load(r);
    try {
      const detail = known ?? (await this.host.request({ type: 'getGroup', group, fromMs: r?.fromMs, toMs: r?.toMs }, 'group')).detail;
      if (seq !== this.seq) return;
      this.detail = detail;
      await this.drawCharts();
      const filter: RowFilter = { group, fromMs: r?.fromMs, toMs: r?.toMs };
      const [cmp, inv] = await Promise.all([
        this.host.request({ type: 'compare', filter }, 'comparison'),
        this.host.request({ type: 'getInvocations', filter, limit: LIST_LIMIT }, 'invocations'),
      ]);
      if (seq !== this.seq) return;
      renderComparison(this.el.compare, cmp.comparison, r ? 'Selected range' : 'Whole time range');
      this.showInvocations(r ? 'Rows in the selected range' : 'All rows', inv.total, inv.rows);
    } catch (e) {
      if (seq === this.seq) this.setStatus(`Failed: ${(e as Error).message}`);
    }
  }

  private async listBin(bin: number, outcome: Outcome): Promise<void> {
    const d = this.detail;
    const group = this.state.group;
    if (!d || !group) return;
    const h = this.el.log.checked ? d.histogram.log : d.histogram.linear;
    if (bin < 0 || bin + 1 >= h.edges.length) return;
    const filter: RowFilter = { group, minMs: h.edges[bin], maxMs: h.edges[bin + 1], outcome, fromMs: this.range?.fromMs, toMs: this.range?.toMs };
    const seq = ++this.seq;
    try {
      const inv = await this.host.request({ type: 'getInvocations', filter, limit: LIST_LIMIT }, 'invocations');
      if (seq !== this.seq) return;
      const what = outcome === 'cold' ? 'cold starts' : outcome === 'ok' ? 'ok rows' : `${outcome}s`;
      this.showInvocations(`${what} between ${formatDuration(h.edges[bin])} and ${formatDuration(h.edges[bin + 1])}`, inv.total, inv.rows);
      this.el.invocations.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      this.setStatus(`Failed: ${(e as Error).message}`);
    }
  }

  private showInvocations(caption: string, total: number, rows: InvocationRowView[]): void {
    renderInvocations(this.el.invocations, caption, total, rows, (row) => {
      if (row.traceId) this.host.send({ type: 'openTrace', traceId: row.traceId, spanId: row.spanId ?? undefined });
    });
  }

  private async drawCharts(): Promise<void> {
    const d = this.detail;
    if (!d) return;
    const t = this.theme;
    const pct = await this.plot(this.el.percentiles, percentileFigure(t, d));
    if (!pct.dataset.wired) {
      pct.dataset.wired = '1';
      pct.on('plotly_relayout', (e) => this.onZoom(e));
    }
    // Let the first chart show before the rest is built: the other three charts, their words and the range form.
    await nextPaint();
    if (this.detail !== d) return; // another group or range was asked for meanwhile: its own drawing takes over
    for (const k of ['percentiles', 'rates', 'memory'] as const) this.describeChart(k, d);
    this.fillRangeForm(d);
    await this.drawHistogram();
    await this.plot(this.el.rates, ratesFigure(t, d));
    await this.plot(this.el.memory, memoryFigure(t, d));
  }

  private async drawHistogram(): Promise<void> {
    const d = this.detail;
    if (!d) return;
    this.describeChart('histogram', d);
    const hist = await this.plot(this.el.histogram, histogramFigure(this.theme, this.el.log.checked ? d.histogram.log : d.histogram.linear, this.el.log.checked, d.group));
    if (!hist.dataset.wired) {
      hist.dataset.wired = '1';
      hist.on('plotly_click', (e) => {
        const p = e.points[0];
        const outcome = p?.data.meta;
        if (p && typeof outcome === 'string' && (OUTCOMES as readonly string[]).includes(outcome)) void this.listBin(p.pointNumber, outcome as Outcome);
      });
    }
  }

  /**
   * The chart's name in words and the table of its numbers (opened by its summary, reachable by Tab). The table
   * (a row per bucket: thousands of elements) is built when first opened, not with every chart.
   */
  private describeChart(kind: ChartKind, d: GroupDetail): void {
    const log = this.el.log.checked;
    this.el[kind].setAttribute('aria-label', chartName(kind, d, log));
    const holder = this.el.tables[kind];
    const wasOpen = holder.querySelector('details')?.open ?? false;
    const caption = tableCaption(kind, log);
    const details = h('details', { attrs: { 'data-testid': `chart-table-${kind}` } },
      h('summary', { text: `${caption} (table, ${plural(tableRowCount(kind, d, log), 'row')})` }));
    const fill = () => details.appendChild(this.chartTableRegion(kind, chartTable(kind, d, log)));
    if (wasOpen) { fill(); details.open = true; }
    else details.addEventListener('toggle', () => { if (details.open && details.childElementCount < 2) fill(); });
    holder.replaceChildren(details);
  }

  private chartTableRegion(kind: ChartKind, t: ChartTable): HTMLElement {
    const flagged = new Set(t.flagged);
    const body = h('tbody', {}, ...t.rows.map((r, i) => h('tr', { class: flagged.has(i) ? 'flagged' : '' }, h('th', { text: r[0], attrs: { scope: 'row' } }),
      ...r.slice(1).map((c, j) => h('td', {}, kind === 'histogram' && c !== '0' ? this.binButton(i, OUTCOMES[j], c) : c)))));
    return h('div', { class: 'table-scroll', attrs: { tabindex: 0, role: 'region', 'aria-label': t.caption } },
      h('table', { class: 'chart-table' }, h('caption', { class: 'sr-only', text: t.caption }),
        h('thead', {}, h('tr', {}, ...t.head.map((x) => h('th', { text: x, attrs: { scope: 'col' } })))), body));
  }

  /** A histogram count in the table: a button listing that bin's invocations, as clicking its bar does. */
  private binButton(bin: number, outcome: Outcome, count: string): HTMLElement {
    const b = h('button', { class: 'link bin', text: count, attrs: { type: 'button', 'aria-label': `${count}: list these ${outcome === 'cold' ? 'cold starts' : `${outcome} rows`}` } });
    b.addEventListener('click', () => void this.listBin(bin, outcome));
    return b;
  }

  private fillRangeForm(d: GroupDetail): void {
    const fill = (sel: HTMLSelectElement, end: boolean) => {
      const keep = sel.value;
      sel.replaceChildren(...d.series.start.map((t) => {
        const at = end ? t + d.bucketMs : t;
        return h('option', { text: `${formatTimestamp(at).slice(0, 16)} UTC`, attrs: { value: at } });
      }));
      const want = this.range ? String(end ? this.range.toMs : this.range.fromMs) : keep;
      if ([...sel.options].some((o) => o.value === want)) sel.value = want;
      else if (end && sel.options.length) sel.selectedIndex = sel.options.length - 1;
    };
    fill(this.el.rangeFrom, false);
    fill(this.el.rangeTo, true);
  }

  private applyRangeForm(): void {
    const fromMs = Number(this.el.rangeFrom.value);
    const toMs = Number(this.el.rangeTo.value);
    if (!(toMs > fromMs)) { this.setStatus('The range must end after it starts.'); return; }
    this.range = { fromMs, toMs };
    void this.loadGroup();
  }

  private async plot(el: HTMLElement, f: Figure): Promise<PlotlyHTMLElement> {
    const drawn = await Plotly.react(el, f.data, f.layout, PLOT_CONFIG);
    // When each chart was first drawn (the render bench reads these; four marks per page at most).
    if (!el.dataset.drawn) { el.dataset.drawn = '1'; performance.mark(`anomalies:chart:${el.dataset.chart}`); }
    return drawn;
  }

  /** Dragging across the percentile chart selects that time range; double-click (autorange) clears it. */
  private onZoom(e: Record<string, unknown>): void {
    if (e['xaxis.autorange'] === true) {
      if (this.range) { this.range = undefined; void this.loadGroup(); }
      return;
    }
    const from = e['xaxis.range[0]'];
    const to = e['xaxis.range[1]'];
    if (from === undefined || to === undefined) return;
    const fromMs = plotlyDate(from);
    const toMs = plotlyDate(to);
    if (Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs > fromMs) {
      this.range = { fromMs, toMs };
      void this.loadGroup();
    }
  }

  private save(patch: Partial<SavedState>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }

  private setStatus(text: string): void {
    setText(this.el.status, text);
  }
}

/** Resolves after the browser has painted (or after 100 ms when it does not paint: a hidden panel gets no frames). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = window.setTimeout(resolve, 100);
    requestAnimationFrame(() => window.setTimeout(() => { window.clearTimeout(fallback); resolve(); }, 0));
  });
}

/** plotly gives date-axis ranges as 'YYYY-MM-DD HH:MM:SS.sss' in UTC (or ms numbers). */
function plotlyDate(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  return Date.parse(`${v.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}`);
}

function bucketLabel(ms: number): string {
  const found = BUCKETS.find(([, b]) => b === ms);
  if (found && ms > 0) return found[0];
  return ms >= 3_600_000 ? `${ms / 3_600_000}h` : ms >= 60_000 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}
