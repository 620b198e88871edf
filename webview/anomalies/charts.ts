// Plotly figures of the Anomalies view, built from protocol data and the theme. Non-WebGL trace types only
// (scatter, bar): they render under the panel's CSP and in headless Chromium without a GPU.
import type { Data, Layout } from 'plotly.js-dist-min';
import type { AnomalyView, GroupDetail, HistogramView, Outcome } from '../../src/protocol/anomalies';
import { OUTCOMES } from '../../src/protocol/anomalies';
import { formatDuration } from '../../src/common/format';
import type { ChartTheme } from './chartTheme';

export interface Figure {
  data: Data[];
  layout: Layout;
}

/** Beyond this many buckets a point's marker or bar is under a pixel or two wide: one path draws the same picture, far cheaper. */
const DENSE = 300;

const OUTCOME_LABEL: Record<Outcome, string> = { ok: 'ok', cold: 'cold start', error: 'error', timeout: 'timeout' };

function baseLayout(t: ChartTheme, title: string, uirevision: string): Layout {
  const axis = { color: t.muted, gridcolor: t.grid, zerolinecolor: t.grid, linecolor: t.grid, automargin: true };
  return {
    title: { text: title, font: { size: t.base.fontSize + 1, color: t.fg }, x: 0, xanchor: 'left' },
    paper_bgcolor: t.bg,
    plot_bgcolor: t.bg,
    font: { family: t.base.fontFamily, size: t.base.fontSize - 1, color: t.fg },
    // Room for the date ticks and the legend below: with less, automargin grows it and plotly draws the chart twice.
    margin: { l: 56, r: 56, t: 32, b: 76 },
    legend: { orientation: 'h', y: -0.2, font: { color: t.fg } },
    hoverlabel: { bgcolor: t.bg, bordercolor: t.grid, font: { color: t.fg } },
    xaxis: { ...axis },
    yaxis: { ...axis },
    // Keeps the user's zoom across data updates of the same group.
    uirevision,
  };
}

const timeAxis = (t: ChartTheme) => ({ type: 'date', color: t.muted, gridcolor: t.grid, linecolor: t.grid, automargin: true });

/** Shaded bands over the buckets flagged for any metric. */
function anomalyBands(t: ChartTheme, anomalies: AnomalyView[], bucketMs: number, metrics?: string[]): Record<string, unknown>[] {
  const seen = new Set<number>();
  const shapes: Record<string, unknown>[] = [];
  for (const a of anomalies) {
    if (metrics && !metrics.includes(a.metric)) continue;
    if (seen.has(a.bucketStart)) continue;
    seen.add(a.bucketStart);
    shapes.push({
      type: 'rect', xref: 'x', yref: 'paper', x0: a.bucketStart, x1: a.bucketStart + bucketMs, y0: 0, y1: 1,
      fillcolor: t.anomaly, opacity: 0.14, line: { width: 0 }, layer: 'below',
    });
  }
  return shapes;
}

function markers(t: ChartTheme, anomalies: AnomalyView[], metric: string, bucketMs: number, scale: number, name: string, yaxis?: string): Data {
  const list = anomalies.filter((a) => a.metric === metric);
  return {
    type: 'scatter', mode: 'markers', name, yaxis,
    x: list.map((a) => a.bucketStart + bucketMs / 2),
    y: list.map((a) => a.observed * scale),
    text: list.map((a) => `${name}: ${fmtMetric(metric, a.observed)} (baseline ${fmtMetric(metric, a.baseline)}, ${a.count} rows)`),
    hoverinfo: 'text',
    marker: { symbol: 'x-thin-open', size: 12, color: t.anomaly, line: { width: 2, color: t.anomaly } },
  };
}

export function fmtMetric(metric: string, v: number): string {
  return metric === 'p95Ms' ? formatDuration(v) : `${(v * 100).toFixed(1)}%`;
}

/** x values at bucket centres, so a bucket's point sits in the middle of its band. */
function centres(d: GroupDetail): number[] {
  return d.series.start.map((s) => s + d.bucketMs / 2);
}

export function percentileFigure(t: ChartTheme, d: GroupDetail): Figure {
  const x = centres(d);
  const line = (name: string, y: (number | null)[], color: string, width = 1.5): Data => ({
    type: 'scatter', mode: 'lines', name, x, y, line: { color, width }, connectgaps: false,
    hovertemplate: `${name} %{y:.1f} ms<extra></extra>`,
  });
  const layout = baseLayout(t, 'Duration percentiles', `pct/${d.group}`);
  return {
    data: [
      line('p50', d.series.p50, t.p50),
      line('p90', d.series.p90, t.p90),
      line('p95', d.series.p95, t.p95, 2.5),
      line('p99', d.series.p99, t.p99),
      markers(t, d.anomalies, 'p95Ms', d.bucketMs, 1, 'p95 anomaly'),
    ],
    layout: {
      ...layout,
      xaxis: timeAxis(t),
      yaxis: { ...(layout.yaxis as object), title: { text: 'ms' }, rangemode: 'tozero', fixedrange: true },
      shapes: anomalyBands(t, d.anomalies, d.bucketMs),
      dragmode: 'zoom',
      hovermode: 'x unified',
    },
  };
}

/** Bars on an index axis: equal widths for linear and log bins alike, ticks labelled with the edges in ms. */
export function histogramFigure(t: ChartTheme, h: HistogramView, log: boolean, group: string): Figure {
  const bins = Math.max(0, h.edges.length - 1);
  const x = Array.from({ length: bins }, (_, i) => i);
  const ranges = x.map((i) => `${formatDuration(h.edges[i])} – ${formatDuration(h.edges[i + 1])}`);
  const data: Data[] = OUTCOMES.map((o) => ({
    type: 'bar', name: OUTCOME_LABEL[o], meta: o, x, y: h.counts[o], customdata: ranges,
    marker: { color: t.outcome[o] },
    hovertemplate: `%{customdata}<br>${OUTCOME_LABEL[o]}: %{y}<extra></extra>`,
  }));
  const step = Math.max(1, Math.ceil(bins / 8));
  const tickvals: number[] = [];
  for (let i = 0; i <= bins; i += step) tickvals.push(i - 0.5);
  const layout = baseLayout(t, `Duration histogram${log ? ' (log scale)' : ''}`, `hist/${group}/${log}`);
  return {
    data,
    layout: {
      ...layout,
      barmode: 'stack',
      bargap: 0.08,
      xaxis: { ...(layout.xaxis as object), tickvals, ticktext: tickvals.map((v) => formatDuration(h.edges[v + 0.5])), fixedrange: true },
      yaxis: { ...(layout.yaxis as object), title: { text: 'rows' }, fixedrange: true },
      hovermode: 'closest',
    },
  };
}

export function ratesFigure(t: ChartTheme, d: GroupDetail): Figure {
  const x = centres(d);
  const rate = (num: number[]) => num.map((n, i) => (d.series.count[i] > 0 ? (100 * n) / d.series.count[i] : null));
  const layout = baseLayout(t, 'Error and cold-start rate', `rates/${d.group}`);
  return {
    data: [
      x.length > DENSE
        ? { type: 'scatter', mode: 'lines', name: 'rows', x, y: d.series.count, yaxis: 'y2', line: { color: t.countFill, width: 0, shape: 'hvh' }, fill: 'tozeroy', fillcolor: t.countFill, hovertemplate: 'rows %{y}<extra></extra>' }
        : { type: 'bar', name: 'rows', x, y: d.series.count, yaxis: 'y2', marker: { color: t.count }, opacity: 0.25, hovertemplate: 'rows %{y}<extra></extra>' },
      { type: 'scatter', mode: 'lines', name: 'error rate', x, y: rate(d.series.errors), line: { color: t.errorRate, width: 2 }, hovertemplate: 'errors %{y:.1f}%<extra></extra>' },
      { type: 'scatter', mode: 'lines', name: 'cold-start rate', x, y: rate(d.series.coldStarts), line: { color: t.coldRate, width: 2 }, hovertemplate: 'cold starts %{y:.1f}%<extra></extra>' },
      markers(t, d.anomalies, 'errorRate', d.bucketMs, 100, 'error-rate anomaly'),
      markers(t, d.anomalies, 'coldStartRate', d.bucketMs, 100, 'cold-start anomaly'),
    ],
    layout: {
      ...layout,
      xaxis: timeAxis(t),
      yaxis: { ...(layout.yaxis as object), title: { text: '%' }, range: [0, 100], fixedrange: true },
      yaxis2: { overlaying: 'y', side: 'right', color: t.muted, showgrid: false, title: { text: 'rows' }, rangemode: 'tozero', fixedrange: true },
      shapes: anomalyBands(t, d.anomalies, d.bucketMs, ['errorRate', 'coldStartRate']),
      hovermode: 'x unified',
    },
  };
}

export function memoryFigure(t: ChartTheme, d: GroupDetail): Figure {
  const x = centres(d);
  const layout = baseLayout(t, 'Memory and cold-start init', `mem/${d.group}`);
  const data: Data[] = [
    { type: 'scatter', mode: x.length > DENSE ? 'lines' : 'lines+markers', name: 'max memory used', x, y: d.series.maxMemUsed, line: { color: t.memory, width: 2 }, marker: { size: 4 }, connectgaps: false, hovertemplate: 'max used %{y} MB<extra></extra>' },
    { type: 'scatter', mode: 'markers', name: 'init duration (mean)', x, y: d.series.initMean, yaxis: 'y2', marker: { color: t.init, size: 7, symbol: 'diamond' }, hovertemplate: 'init %{y:.0f} ms<extra></extra>' },
  ];
  const shapes: Record<string, unknown>[] = [];
  if (d.memorySizeMb !== null) {
    data.push({ type: 'scatter', mode: 'lines', name: `memory size ${d.memorySizeMb} MB`, x: [x[0], x[x.length - 1]], y: [d.memorySizeMb, d.memorySizeMb], line: { color: t.anomaly, dash: 'dash', width: 1.5 }, hoverinfo: 'skip' });
  }
  return {
    data,
    layout: {
      ...layout,
      xaxis: timeAxis(t),
      yaxis: { ...(layout.yaxis as object), title: { text: 'MB' }, rangemode: 'tozero', fixedrange: true },
      yaxis2: { overlaying: 'y', side: 'right', color: t.muted, showgrid: false, title: { text: 'init ms' }, rangemode: 'tozero', fixedrange: true },
      shapes,
      hovermode: 'x unified',
    },
  };
}
