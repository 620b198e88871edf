// The typed, versioned protocol between the extension host and the Anomalies webview.
// One channel (channel.ts) for every panel: `v` on every message, every message validated on receipt.
import {
  arrayOf, bool, CommonHostMessage, CommonWebviewMessage, defineProtocol, DistributiveOmit, int, num, numOrNull,
  oneOf, opt, shape, shortStr, str, strOrNull, Validated,
} from './channel';
import { CostTableView, costSchema, getCostSchema } from './anomaliesCost';

export type { CostTableView, FunctionCostView, RightSizingView, SlowTailView } from './anomaliesCost';

// 2: `overview` says which groupings' anomalies are still being computed; `anomalies` brings them.
// 3: `overview` carries the first group's detail (`first`), so the first charts need no second round trip.
// 4: `getCost` / `cost`: each function's Lambda cost over the data or the selected range (docs/cost.md).
export const ANOMALIES_PROTOCOL_VERSION = 4;

export const GROUPINGS = ['function', 'service', 'operation', 'edge'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const ANOMALY_METRICS = ['p95Ms', 'errorRate', 'coldStartRate'] as const;
export type AnomalyMetricName = (typeof ANOMALY_METRICS)[number];
/** Histogram stacks: every row is in exactly one (timeout > error > cold start > ok). */
export const OUTCOMES = ['ok', 'cold', 'error', 'timeout'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AnomaliesDatasetInfo {
  sourceLabel: string;
  loading: boolean;
  error?: string;
  /** Changes with every (re)load; replies about an older dataset are stale. */
  datasetVersion: number;
}

export interface GroupRow {
  key: string;
  count: number;
  errors: number;
  timeouts: number;
  coldStarts: number;
  /** null when the group has no rows (never in practice) or the value is unknown. */
  p50Ms: number | null;
  p90Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  anomalies: number;
}

export interface AnomalyView {
  /** The grouping the anomaly was found in (the overview lists every grouping's anomalies). */
  by: Grouping;
  group: string;
  bucketStart: number;
  metric: AnomalyMetricName;
  observed: number;
  baseline: number;
  threshold: number;
  count: number;
}

export interface Overview {
  by: Grouping;
  bucketMs: number;
  groups: GroupRow[];
  /** Anomalies of every grouping (same bucket width), so nothing is missed whichever grouping is shown. */
  anomalies: AnomalyView[];
}

/** Per-bucket series, columnar; null where a bucket has no value (empty bucket, no memory data). */
export interface SeriesView {
  start: number[];
  count: number[];
  errors: number[];
  timeouts: number[];
  coldStarts: number[];
  p50: (number | null)[];
  p90: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  initMean: (number | null)[];
  maxMemUsed: (number | null)[];
}

/** Bin i covers [edges[i], edges[i + 1]); counts per outcome. */
export interface HistogramView {
  edges: number[];
  counts: Record<Outcome, number[]>;
}

export interface GroupDetail {
  group: string;
  bucketMs: number;
  series: SeriesView;
  /** Linear and log-spaced bins of the same rows (the view switches without asking again). */
  histogram: { linear: HistogramView; log: HistogramView };
  memorySizeMb: number | null;
  initP50Ms: number | null;
  anomalies: AnomalyView[];
  /** The time range the histogram covers (the whole data unless a range was selected). */
  fromMs: number | null;
  toMs: number | null;
}

export interface ValueShareView {
  value: string;
  slowCount: number;
  fastCount: number;
  slowShare: number;
  fastShare: number;
}

export interface ComparisonView {
  group: string;
  thresholdMs: number;
  slowCount: number;
  fastCount: number;
  attributes: { attribute: string; divergence: number; sameAs: string[]; values: ValueShareView[] }[];
}

export interface InvocationRowView {
  traceId: string | null;
  spanId: string | null;
  requestId: string | null;
  startMs: number;
  durationMs: number;
  outcome: Outcome;
  label: string;
}

/** The group list's order (most anomalies, then most rows, then by name): the view shows the first one unless told otherwise. */
export function compareGroupRows(a: GroupRow, b: GroupRow): number {
  return b.anomalies - a.anomalies || b.count - a.count || a.key.localeCompare(b.key);
}

/** The group the view shows first: what the host sends with the overview, before being asked. */
export function firstGroup(groups: readonly GroupRow[]): GroupRow | undefined {
  let best: GroupRow | undefined;
  for (const g of groups) if (!best || compareGroupRows(g, best) < 0) best = g;
  return best;
}

/** Filter of the rows a list or comparison is about. */
export interface RowFilter {
  group: string;
  fromMs?: number;
  toMs?: number;
  minMs?: number;
  maxMs?: number;
  outcome?: Outcome;
}

// ---- webview -> host ----

export type AnomaliesWebviewMessage =
  | CommonWebviewMessage
  /** bucketMs 0 = automatic. Answered by an `overview` push. */
  | { v: number; type: 'setOptions'; by: Grouping; bucketMs: number }
  | { v: number; type: 'getGroup'; requestId: number; group: string; fromMs?: number; toMs?: number }
  | { v: number; type: 'getInvocations'; requestId: number; filter: RowFilter; limit: number }
  | { v: number; type: 'compare'; requestId: number; filter: RowFilter; thresholdMs?: number }
  | { v: number; type: 'openTrace'; traceId: string; spanId?: string }
  /** Each function's cost over the data, or over [fromMs, toMs). */
  | { v: number; type: 'getCost'; requestId: number; fromMs?: number; toMs?: number };

// ---- host -> webview ----

export type AnomaliesHostMessage =
  | CommonHostMessage
  /**
   * `pending`: groupings whose anomalies are not in `overview.anomalies` yet (an `anomalies` message follows).
   * `first`: the detail (whole time range) of the group shown first (`firstGroup`), when there is one.
   */
  | { v: number; type: 'overview'; dataset: AnomaliesDatasetInfo; overview: Overview; pending: Grouping[]; first?: GroupDetail }
  /** Every grouping's anomalies, once the background computed them, for the overview of (by, bucketMs). */
  | { v: number; type: 'anomalies'; datasetVersion: number; by: Grouping; bucketMs: number; anomalies: AnomalyView[]; pending: Grouping[] }
  | { v: number; type: 'group'; requestId: number; datasetVersion: number; detail: GroupDetail }
  | { v: number; type: 'invocations'; requestId: number; total: number; rows: InvocationRowView[] }
  | { v: number; type: 'comparison'; requestId: number; comparison: ComparisonView }
  | { v: number; type: 'cost'; requestId: number; datasetVersion: number; cost: CostTableView };

export type AnomaliesWebviewMessageBody = DistributiveOmit<AnomaliesWebviewMessage, 'v'>;
export type AnomaliesHostMessageBody = DistributiveOmit<AnomaliesHostMessage, 'v'>;
export type AnomaliesHostMessageType = AnomaliesHostMessage['type'];

export function toAnomaliesWebview<M extends AnomaliesHostMessageBody>(m: M): M & { v: number } {
  return { ...m, v: ANOMALIES_PROTOCOL_VERSION };
}

export function toAnomaliesHost<M extends AnomaliesWebviewMessageBody>(m: M): M & { v: number } {
  return { ...m, v: ANOMALIES_PROTOCOL_VERSION };
}

/** Lists are bounded so a bad request cannot make the host serialise every row. */
export const MAX_INVOCATIONS = 1000;

// ---- validation (channel.ts; never throws) ----

const datasetInfo = shape({ sourceLabel: str, loading: bool, error: opt(str), datasetVersion: int });
const groupRow = shape({
  key: str, count: int, errors: int, timeouts: int, coldStarts: int,
  p50Ms: numOrNull, p90Ms: numOrNull, p95Ms: numOrNull, p99Ms: numOrNull, maxMs: numOrNull, anomalies: int,
});
const anomaly = shape({ by: oneOf(GROUPINGS), group: str, bucketStart: num, metric: oneOf(ANOMALY_METRICS), observed: num, baseline: num, threshold: num, count: int });
const overview = shape({ by: oneOf(GROUPINGS), bucketMs: num, groups: arrayOf(groupRow), anomalies: arrayOf(anomaly) });
const nums = arrayOf(num);
const numsOrNull = arrayOf(numOrNull);
const series = shape({
  start: nums, count: nums, errors: nums, timeouts: nums, coldStarts: nums,
  p50: numsOrNull, p90: numsOrNull, p95: numsOrNull, p99: numsOrNull, initMean: numsOrNull, maxMemUsed: numsOrNull,
});
const histogram = shape({ edges: nums, counts: shape({ ok: nums, cold: nums, error: nums, timeout: nums }) });
const detail = shape({
  group: str, bucketMs: num, series, histogram: shape({ linear: histogram, log: histogram }),
  memorySizeMb: numOrNull, initP50Ms: numOrNull, anomalies: arrayOf(anomaly), fromMs: numOrNull, toMs: numOrNull,
});
const share = shape({ value: str, slowCount: int, fastCount: int, slowShare: num, fastShare: num });
const comparison = shape({
  group: str, thresholdMs: num, slowCount: int, fastCount: int,
  attributes: arrayOf(shape({ attribute: str, divergence: num, sameAs: arrayOf(str), values: arrayOf(share) })),
});
const invocationRow = shape({
  traceId: strOrNull, spanId: strOrNull, requestId: strOrNull, startMs: num, durationMs: num, outcome: oneOf(OUTCOMES), label: str,
});
const filter = shape({ group: shortStr, fromMs: opt(num), toMs: opt(num), minMs: opt(num), maxMs: opt(num), outcome: opt(oneOf(OUTCOMES)) });

export const ANOMALIES_PROTOCOL = defineProtocol<AnomaliesWebviewMessage, AnomaliesHostMessage>('anomalies', ANOMALIES_PROTOCOL_VERSION, {
  setOptions: { by: oneOf(GROUPINGS), bucketMs: (x) => int(x) && (x as number) <= 7 * 86_400_000 },
  getGroup: { requestId: int, group: shortStr, fromMs: opt(num), toMs: opt(num) },
  getInvocations: { requestId: int, filter, limit: (x) => int(x) && (x as number) <= MAX_INVOCATIONS },
  compare: { requestId: int, filter, thresholdMs: opt(num) },
  openTrace: { traceId: shortStr, spanId: opt(shortStr) },
  getCost: getCostSchema,
}, {
  overview: { dataset: datasetInfo, overview, pending: arrayOf(oneOf(GROUPINGS)), first: opt(detail) },
  anomalies: { datasetVersion: int, by: oneOf(GROUPINGS), bucketMs: num, anomalies: arrayOf(anomaly), pending: arrayOf(oneOf(GROUPINGS)) },
  group: { requestId: int, datasetVersion: int, detail },
  invocations: { requestId: int, total: int, rows: arrayOf(invocationRow) },
  comparison: { requestId: int, comparison },
  cost: costSchema,
});

export type AnomaliesValidated<M> = Validated<M>;


export function validateAnomaliesWebviewMessage(raw: unknown): AnomaliesValidated<AnomaliesWebviewMessage> {
  return ANOMALIES_PROTOCOL.fromWebview(raw);
}

export function validateAnomaliesHostMessage(raw: unknown): AnomaliesValidated<AnomaliesHostMessage> {
  return ANOMALIES_PROTOCOL.fromHost(raw);
}
