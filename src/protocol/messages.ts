// The one typed, versioned protocol between the extension host and the Trace Explorer webview.
// Imported by both sides; every message is validated on receipt (see validate.ts, channel.ts).
import type { CommonHostMessage, CommonWebviewMessage, DistributiveOmit } from './channel';
import type { InvocationCostDetails, TraceCostSummary } from './explorerCost';
import type { CompareCandidates, Comparison, FlameView, LogPairs, LogSpanRef, SearchAnswer } from './investigate';

export type { InvocationCostDetails, TraceCostSummary } from './explorerCost';

// 2: cost (docs/cost.md): the `cost` sort key, `costUsd` on list rows, `getTraceCost`/`traceCost`, invocation cost in details.
// 3: search inside a trace, compare traces, flame graph (issue 18).
// 4: the log lines of two compared spans side by side (`getLogPairs` / `logPairs`); flame `omitted` counts spans, `maxSelf` is of the frames sent.
export const PROTOCOL_VERSION = 4;

export const SERVICE_TYPES = ['function', 'aws', 'http', 'database', 'queue', 'topic', 'client', 'service'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SORT_KEYS = ['start', 'duration', 'errors', 'function', 'cost'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];

export interface ListQuery {
  sort: SortKey;
  dir: SortDir;
  /** Free text plus tokens such as `is:error`, `is:cold`, `>500ms` (parsed on the host). */
  filter: string;
}

export interface TraceListRow {
  traceId: string;
  rootName: string;
  rootService: string;
  /** What the request was, when the root span says: `POST /orders` ('' when unknown). */
  operation: string;
  /** First Lambda function of the trace ('' when none). */
  functionName: string;
  startMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  coldStart: boolean;
  timeout: boolean;
  orphanCount: number;
  skewedCount: number;
  /** Lambda cost of the trace's invocations, USD (absent when the host has no cost model). */
  costUsd?: number;
}

/** Bit flags of a timeline row (RowColumns.flags). */
export const RowFlag = {
  Error: 1,
  Fault: 2,
  Throttle: 4,
  Timeout: 8,
  Orphan: 16,
  Skewed: 32,
  Critical: 64,
  HasChildren: 128,
  Collapsed: 256,
  ColdStart: 512,
  HasSource: 1024,
  /** X-Ray in_progress: no end recorded; drawn open to the end of the trace. */
  InProgress: 2048,
  /** Matches the search inside the trace. */
  Match: 4096,
} as const;

/** Timeline rows in columnar form: index i of every array describes the same row. Times are ms from trace start. */
export interface RowColumns {
  spanId: string[];
  name: string[];
  service: string[];
  /** Index into SERVICE_TYPES. */
  serviceType: number[];
  depth: number[];
  start: number[];
  duration: number[];
  /** Cold-start init time drawn before `start` (0 when none). */
  init: number[];
  flags: number[];
  /** Descendant count (what a collapsed row hides). */
  descendants: number[];
  /** '' when the span has no source location. */
  sourceFile: string[];
  /** 0 when unknown. */
  sourceLine: number[];
  /** Position (1-based) among the row's siblings and how many siblings there are (aria-posinset / aria-setsize). Optional: older hosts omit them. */
  posInSet?: number[];
  setSize?: number[];
}

/** Downsampled overview of all visible rows for the minimap: bucket i covers rows [i*rowsPerBucket, ...). */
export interface Minimap {
  rowsPerBucket: number;
  start: number[];
  end: number[];
  /** 1 when any row of the bucket is an error. */
  error: number[];
}

export interface TraceMeta {
  traceId: string;
  /** Changes whenever the visible row set changes (collapse/expand); rows of an older version are stale. */
  version: number;
  rowCount: number;
  spanCount: number;
  startMs: number;
  durationMs: number;
  /** Time range to draw, ms from trace start (includes init segments and skewed spans). */
  timeMin: number;
  timeMax: number;
  errorCount: number;
  orphanCount: number;
  skewedCount: number;
  criticalPathCount: number;
  rootName: string;
  rootService: string;
  services: string[];
  /** Row of the span asked for in openTrace's focusSpanId, -1 otherwise. */
  focusRow: number;
  minimap: Minimap;
}

export interface KeyValue {
  key: string;
  /** Attribute values are stringified on the host; JSON for objects and arrays. */
  value: string;
}

export interface HttpDetails {
  method?: string;
  url?: string;
  statusCode?: number;
  requestHeaders: KeyValue[];
  responseHeaders: KeyValue[];
  /** Parsed JSON when the body is JSON, else the raw string. */
  requestBody?: unknown;
  responseBody?: unknown;
}

export interface ExceptionDetails {
  type?: string;
  message?: string;
  stack?: string;
  frames: { file: string; line?: number; column?: number; function?: string; library?: boolean }[];
  /** Index in frames of the first frame in the user's code (the span's source), when there is one. */
  userFrame?: number;
  /** Where the exception was read: a span (trace) or a log line of the invocation. */
  from?: 'span' | 'log';
  /** Frames beyond the ones sent. */
  framesOmitted?: number;
}

export type StoryKind = 'span-start' | 'span-end' | 'child' | 'event' | 'exception' | 'log';

export interface StoryItem {
  kind: StoryKind;
  /** ms from trace start. */
  t: number;
  text: string;
  level?: string;
  /** For 'child' items: the child's span id (click to select). */
  spanId?: string;
  /** For log lines: platform / runtime / app. */
  logKind?: string;
}

export interface InvocationDetails {
  requestId: string;
  functionName: string;
  status: string;
  coldStart: boolean;
  initDurationMs?: number;
  durationMs?: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  errorType?: string;
  errorMessage?: string;
  /** Lambda cost of the invocation (docs/cost.md). */
  cost?: InvocationCostDetails;
}

export interface SpanDetails {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  serviceType: ServiceType;
  kind: string;
  startMs: number;
  startOffsetMs: number;
  durationMs: number;
  status: string;
  statusMessage?: string;
  httpStatus?: number;
  fault: boolean;
  throttle: boolean;
  /** X-Ray in_progress segment: its duration runs to the end of the trace. */
  inProgress?: boolean;
  orphan: boolean;
  skewed: boolean;
  critical: boolean;
  /** No span was recorded for this invocation (no tracing, or sampled out): the span was made from its logs. */
  fromLogs: boolean;
  remote?: string;
  source?: { file: string; line?: number; column?: number; function?: string };
  attributes: KeyValue[];
  resourceAttributes: KeyValue[];
  http?: HttpDetails;
  exceptions: ExceptionDetails[];
  invocation?: InvocationDetails;
  story: StoryItem[];
  /** Story items left out to keep the message small. */
  storyOmitted: number;
  origin: string;
}

export interface RestoreState {
  traceId?: string;
  spanId?: string;
  query?: ListQuery;
}

export interface DatasetInfo {
  sourceLabel: string;
  traceCount: number;
  loading: boolean;
  error?: string;
  /** Changes with every (re)load; list pages of an older dataset are stale. */
  datasetVersion: number;
}

// ---- webview -> host ----

export type WebviewMessage =
  | CommonWebviewMessage
  | { v: number; type: 'queryList'; requestId: number; query: ListQuery; offset: number; limit: number }
  | { v: number; type: 'openTrace'; requestId: number; traceId: string; focusSpanId?: string }
  /** Where a trace sits in the trace list under a query (to scroll the list to a trace opened from elsewhere). */
  | { v: number; type: 'locateTrace'; requestId: number; query: ListQuery; traceId: string }
  | { v: number; type: 'getRows'; requestId: number; traceId: string; version: number; offset: number; limit: number }
  | { v: number; type: 'setCollapsed'; requestId: number; traceId: string; spanId: string; collapsed: boolean }
  | { v: number; type: 'setAllCollapsed'; requestId: number; traceId: string; collapsed: boolean }
  | { v: number; type: 'getSpanDetails'; requestId: number; traceId: string; spanId: string }
  /** The trace's Lambda cost and each function's share, for the timeline's header. */
  | { v: number; type: 'getTraceCost'; requestId: number; traceId: string }
  | { v: number; type: 'openSource'; traceId: string; spanId: string }
  | { v: number; type: 'openLocation'; file: string; line: number; column?: number }
  | { v: number; type: 'selectionChanged'; traceId?: string; spanId?: string }
  /** Search the open trace (host side); `index` is the match to reveal (its ancestors expanded), -1 none. */
  | { v: number; type: 'searchTrace'; requestId: number; traceId: string; text: string; onlyMatches: boolean; index: number }
  | { v: number; type: 'compareCandidates'; requestId: number; traceId: string }
  /** Compare trace `a` (the baseline) with trace `b`; `a` '' is the typical trace of b's entry point. */
  | { v: number; type: 'compareTraces'; requestId: number; a: string; b: string }
  /** Flame graph frames under frame `root` (0: all), leaving out frames narrower than `minWidth` of it. */
  | { v: number; type: 'getFlame'; requestId: number; traceId: string; root: number; minWidth: number }
  /** Rows [offset, offset + limit) of span a's and span b's log lines lined up side by side (limit <= 1000). */
  | { v: number; type: 'getLogPairs'; requestId: number; a: LogSpanRef; b: LogSpanRef; offset: number; limit: number };

// ---- host -> webview ----

export type HostMessage =
  | CommonHostMessage
  | { v: number; type: 'init'; dataset: DatasetInfo; restore?: RestoreState }
  | { v: number; type: 'dataset'; dataset: DatasetInfo }
  | { v: number; type: 'listPage'; requestId: number; datasetVersion: number; total: number; offset: number; rows: TraceListRow[] }
  | { v: number; type: 'traceMeta'; requestId: number; meta: TraceMeta }
  /** Reply to locateTrace: the trace's row in the list, -1 when the query's filter leaves it out. */
  | { v: number; type: 'traceIndex'; requestId: number; datasetVersion: number; traceId: string; index: number; total: number }
  | { v: number; type: 'rows'; requestId: number; traceId: string; version: number; offset: number; columns: RowColumns }
  | { v: number; type: 'spanDetails'; requestId: number; details: SpanDetails }
  | { v: number; type: 'traceCost'; requestId: number; cost: TraceCostSummary }
  | { v: number; type: 'showTrace'; traceId: string; spanId?: string }
  /** Put this text in the trace list's filter box (e.g. `fn:orders` from the side bar). */
  | { v: number; type: 'setFilter'; filter: string }
  | { v: number; type: 'sourceResult'; spanId: string; ok: boolean; message: string }
  | { v: number; type: 'searchResult'; requestId: number; search: SearchAnswer; meta: TraceMeta }
  | { v: number; type: 'candidates'; requestId: number; candidates: CompareCandidates }
  | { v: number; type: 'comparison'; requestId: number; comparison: Comparison }
  | { v: number; type: 'flame'; requestId: number; flame: FlameView }
  | { v: number; type: 'logPairs'; requestId: number; pairs: LogPairs };

export type WebviewMessageType = WebviewMessage['type'];
export type HostMessageType = HostMessage['type'];

export type WebviewMessageBody = DistributiveOmit<WebviewMessage, 'v'>;
export type HostMessageBody = DistributiveOmit<HostMessage, 'v'>;

export function toWebview<M extends HostMessageBody>(m: M): M & { v: number } {
  return { ...m, v: PROTOCOL_VERSION };
}

export function toHost<M extends WebviewMessageBody>(m: M): M & { v: number } {
  return { ...m, v: PROTOCOL_VERSION };
}
