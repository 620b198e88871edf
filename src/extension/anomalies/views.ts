// Core stats -> protocol views: only what the Anomalies webview draws; rows stay on the host.
import {
  Anomaly, CompareResult, FLAG_COLD, FLAG_ERROR, FLAG_TIMEOUT, GroupStats, GroupTable, isSpanNode, quantileSorted,
  sortedCopy, StatsResult,
} from '../../core/stats';
import type {
  AnomalyView, ComparisonView, GroupDetail, GroupRow, HistogramView, InvocationRowView, Outcome, Overview, RowFilter, SeriesView,
} from '../../protocol/anomalies';

/** Histogram resolution: enough to see a second mode, few enough to click. */
export const HISTOGRAM_BINS = 40;

const orNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

export function anomalyView(a: Anomaly): AnomalyView {
  return { by: a.by, group: a.group, bucketStart: a.bucketStart, metric: a.metric, observed: a.observed, baseline: a.baseline, threshold: a.threshold, count: a.count };
}

/** `all` holds the anomalies of every grouping; the group rows count those of `r`'s grouping. */
export function overviewOf(r: StatsResult, all: readonly Anomaly[] = r.anomalies): Overview {
  const perGroup = new Map<string, number>();
  for (const a of r.anomalies) perGroup.set(a.group, (perGroup.get(a.group) ?? 0) + 1);
  const groups: GroupRow[] = r.groups.map((g) => ({
    key: g.key, count: g.count, errors: g.errors, timeouts: g.timeouts, coldStarts: g.coldStarts,
    p50Ms: orNull(g.p50Ms), p90Ms: orNull(g.p90Ms), p95Ms: orNull(g.p95Ms), p99Ms: orNull(g.p99Ms), maxMs: orNull(g.maxMs),
    anomalies: perGroup.get(g.key) ?? 0,
  }));
  const anomalies = [...all].sort((a, b) => a.bucketStart - b.bucketStart || a.by.localeCompare(b.by) || a.group.localeCompare(b.group));
  return { by: r.by, bucketMs: r.bucketMs, groups, anomalies: anomalies.map(anomalyView) };
}

export function outcomeOf(flags: number): Outcome {
  return flags & FLAG_TIMEOUT ? 'timeout' : flags & FLAG_ERROR ? 'error' : flags & FLAG_COLD ? 'cold' : 'ok';
}

/** Row indices of a group passing the filter (time range, duration range, outcome). */
export function filterRows(t: GroupTable, f: Omit<RowFilter, 'group'>): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const s = t.startMs[i];
    const d = t.durationMs[i];
    if (f.fromMs !== undefined && s < f.fromMs) continue;
    if (f.toMs !== undefined && s >= f.toMs) continue;
    if (f.minMs !== undefined && d < f.minMs) continue;
    if (f.maxMs !== undefined && d >= f.maxMs) continue;
    if (f.outcome !== undefined && outcomeOf(t.flags[i]) !== f.outcome) continue;
    out.push(i);
  }
  return out;
}

export function detailOf(g: GroupStats, anomalies: readonly Anomaly[], range: { fromMs?: number; toMs?: number } = {}): GroupDetail {
  const b = g.bucketed.buckets;
  const series: SeriesView = {
    start: b.map((x) => x.startMs), count: b.map((x) => x.count), errors: b.map((x) => x.errors),
    timeouts: b.map((x) => x.timeouts), coldStarts: b.map((x) => x.coldStarts),
    p50: b.map((x) => orNull(x.p50Ms)), p90: b.map((x) => orNull(x.p90Ms)), p95: b.map((x) => orNull(x.p95Ms)),
    p99: b.map((x) => orNull(x.p99Ms)), initMean: b.map((x) => orNull(x.initMeanMs)), maxMemUsed: b.map((x) => orNull(x.maxMemUsedMb)),
  };
  const rows = range.fromMs === undefined && range.toMs === undefined ? undefined : filterRows(g.table, range);
  return {
    group: g.key,
    bucketMs: g.bucketed.bucketMs,
    series,
    histogram: { linear: histogram(g.table, rows, false), log: histogram(g.table, rows, true) },
    memorySizeMb: orNull(g.memory.sizeMb),
    initP50Ms: orNull(g.init.p50Ms),
    anomalies: anomalies.filter((a) => a.group === g.key).map(anomalyView),
    fromMs: range.fromMs ?? null,
    toMs: range.toMs ?? null,
  };
}

/**
 * Durations binned per outcome. Log bins are spaced evenly in log(duration) from the smallest positive value,
 * so a log axis shows them as equal widths. The last edge is nudged past the maximum so every row falls in a bin.
 */
export function histogram(t: GroupTable, rows: number[] | undefined, log: boolean, bins = HISTOGRAM_BINS): HistogramView {
  const n = rows ? rows.length : t.length;
  const at = (k: number) => (rows ? rows[k] : k);
  const counts = { ok: new Array<number>(bins).fill(0), cold: new Array<number>(bins).fill(0), error: new Array<number>(bins).fill(0), timeout: new Array<number>(bins).fill(0) };
  if (n === 0) return { edges: [], counts: { ok: [], cold: [], error: [], timeout: [] } };
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < n; k++) {
    const d = t.durationMs[at(k)];
    if (d < lo && (!log || d > 0)) lo = d;
    if (d > hi) hi = d;
  }
  if (!Number.isFinite(lo)) lo = hi > 0 ? hi : 1;
  if (!log) lo = 0;
  if (!(hi > lo)) hi = lo + 1;
  const top = hi * (1 + 1e-9) + 1e-9;
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = log ? lo * Math.pow(top / lo, i / bins) : lo + ((top - lo) * i) / bins;
  for (let k = 0; k < n; k++) {
    const i = at(k);
    const d = Math.max(t.durationMs[i], lo);
    const pos = log ? Math.log(d / lo) / Math.log(top / lo) : (d - lo) / (top - lo);
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(pos * bins)));
    counts[outcomeOf(t.flags[i])][bin]++;
  }
  return { edges, counts };
}

export function invocationRows(t: GroupTable, rows: number[], limit: number): InvocationRowView[] {
  // Slowest first: the list answers "which ones were slow".
  const sorted = [...rows].sort((a, b) => t.durationMs[b] - t.durationMs[a]).slice(0, limit);
  return sorted.map((i) => rowView(t, i, outcomeOf(t.flags[i])));
}

function rowView(t: GroupTable, i: number, outcome: Outcome): InvocationRowView {
  const item = t.items[i];
  const base = { startMs: t.startMs[i], durationMs: t.durationMs[i], outcome };
  if (!isSpanNode(item)) {
    return { ...base, traceId: item.traceId ?? null, spanId: t.nodeOf?.get(item)?.span.spanId ?? null, requestId: item.requestId, label: item.requestId };
  }
  const s = item.span;
  return { ...base, traceId: s.traceId, spanId: s.spanId, requestId: item.invocation?.requestId ?? s.requestId ?? null, label: `${s.service} ${s.name}` };
}

export function comparisonView(c: CompareResult, maxAttributes = 25, maxValues = 8): ComparisonView {
  return {
    group: c.group, thresholdMs: c.thresholdMs, slowCount: c.slowCount, fastCount: c.fastCount,
    attributes: c.attributes.slice(0, maxAttributes).map((a) => ({
      attribute: a.attribute, divergence: a.divergence, sameAs: a.sameAs, values: a.values.slice(0, maxValues),
    })),
  };
}

/** p95 of the filtered rows: the default slow/fast threshold of a selected range. */
export function p95Of(t: GroupTable, rows: number[]): number {
  return quantileSorted(sortedCopy(rows.map((i) => t.durationMs[i])), 0.95);
}
