// The one model every reader writes and every view reads. No `vscode` import, ever.

/** Where a record came from: file path and 1-based line (the line its JSON value or text line starts on). */
export interface Origin {
  file: string;
  line: number;
  /** JSON path inside a multi-record document, e.g. `data[0].spans[12]`. */
  path?: string;
}

export type Format =
  | 'cloudwatch-export'      // `aws logs filter-log-events` / `get-log-events` JSON ({ events: [...] })
  | 'cloudwatch-event'       // one CloudWatch event per line: { timestamp, message, ... }
  | 'cloudwatch-subscription'// { messageType, logGroup, logStream, logEvents }
  | 'lambda-text'            // plain text Lambda log lines
  | 'lambda-json'            // Lambda JSON log format (platform.* records, app records with requestId)
  | 'aws-spans'              // CloudWatch Transaction Search spans (aws/spans log group)
  | 'xray'                   // X-Ray segment documents, batch-get-traces output, daemon format
  | 'otlp'                   // OTLP/JSON (resourceSpans)
  | 'jaeger'                 // Jaeger JSON (data[].spans + processes)
  | 'zipkin';                // Zipkin v2 JSON

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface SourceLocation {
  /** Path as recorded (often a deployed path such as /var/task/src/orders.js). */
  file: string;
  line?: number;
  column?: number;
  function?: string;
}

export type ResourceType =
  | 'function'   // a Lambda function
  | 'aws'        // an AWS managed service or resource (DynamoDB table, S3 bucket, API Gateway, ...)
  | 'http'       // an external HTTP host
  | 'database'   // a non-AWS database
  | 'queue'      // SQS, Kafka topic used as a queue...
  | 'topic'      // SNS, EventBridge bus...
  | 'client'     // the caller outside the system
  | 'service';   // any other instrumented service

export interface Resource {
  /** Stable id: `${type}:${name}`. */
  id: string;
  type: ResourceType;
  name: string;
  /** e.g. "DynamoDB", "SNS", "SQS", "S3", "APIGateway" for type 'aws'/'queue'/'topic'. */
  service?: string;
}

export type SpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal';
export type SpanStatus = 'ok' | 'error' | 'unset';

export interface SpanEvent {
  timeMs: number;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes?: Attributes;
}

export interface SpanException {
  type?: string;
  message?: string;
  stack?: string;
  frames: SourceLocation[];
}

export interface Span {
  /** Normalised: 32 lower-case hex digits (X-Ray ids converted, 64-bit ids left-padded). */
  traceId: string;
  /** Lower-case hex (or the raw id, lower-cased, when not hex). */
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** Service that recorded the span (service.name, X-Ray segment name, Zipkin localEndpoint). */
  service: string;
  kind: SpanKind;
  /** Epoch milliseconds, fractional. */
  startMs: number;
  durationMs: number;
  /** X-Ray `in_progress`: no end recorded yet; drawn open to the end of its trace. */
  inProgress?: boolean;
  status: SpanStatus;
  statusMessage?: string;
  /** X-Ray style flags: error = 4xx, fault = 5xx, throttle = 429. */
  fault?: boolean;
  throttle?: boolean;
  httpStatus?: number;
  attributes: Attributes;
  resourceAttributes?: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  exceptions: SpanException[];
  /** The remote resource this span calls (client/producer spans) or the resource it is (server spans). */
  remote?: Resource;
  source?: SourceLocation;
  /** Lambda request id when the span belongs to an invocation. */
  requestId?: string;
  /** Lambda function name when the span is (part of) a Lambda invocation. */
  functionName?: string;
  format: Format;
  origin: Origin;
}

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export type LogKind = 'platform' | 'runtime' | 'app';

export interface LogEvent {
  /** Epoch ms; 0 with `timeUnknown` when neither the line nor any line of its file carried a time. */
  timestampMs: number;
  timeUnknown?: boolean;
  message: string;
  kind: LogKind;
  level?: LogLevel;
  requestId?: string;
  /** Normalised trace id when the line carries one (X-Ray header, Powertools xray_trace_id, OTel trace_id). */
  traceId?: string;
  spanId?: string;
  logGroup?: string;
  logStream?: string;
  functionName?: string;
  /**
   * Structured fields when the line is JSON; read them with logFields(). Most JSON lines keep only their
   * text here, parsed on demand: a parsed object per line kept for a million lines costs the GC dearly.
   */
  fields?: Record<string, unknown> | string;
  /** Frames parsed from a stack trace in the line. */
  frames?: SourceLocation[];
  /** Lambda platform line (START / END / REPORT / platform.* records). */
  platform?: PlatformRecord;
  /** Set when the line reports a failure of the invocation. */
  failure?: Failure;
  format: Format;
  origin: Origin;
}

export type PlatformType = 'start' | 'end' | 'report' | 'runtimeDone' | 'initStart' | 'initReport' | 'restoreReport' | 'other';

export interface PlatformRecord {
  type: PlatformType;
  version?: string;
  durationMs?: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  initDurationMs?: number;
  restoreDurationMs?: number;
  /** From `Status: timeout` / `Status: error` on REPORT, or platform.runtimeDone / platform.report status. */
  status?: InvocationStatus;
  errorType?: string;
  traceId?: string;
  segmentId?: string;
  sampled?: boolean;
  /** Fields whose value was not a number (e.g. `Duration: abc ms`), named for the warning. */
  invalid?: string[];
  /** platform.runtimeDone `spans[]`: the runtime's phases (responseLatency, responseDuration, ...). */
  phases?: InvocationPhase[];
}

export interface InvocationPhase {
  name: string;
  startMs: number;
  durationMs: number;
}

export interface Failure {
  kind: 'error' | 'timeout' | 'crash';
  errorType?: string;
  errorMessage?: string;
}

export type InvocationStatus = 'ok' | 'error' | 'timeout' | 'crash';

export interface Invocation {
  requestId: string;
  functionName: string;
  logGroup?: string;
  logStream?: string;
  version?: string;
  startMs: number;
  endMs: number;
  /** No line of the invocation carried a time (a bare `--log-type Tail` copy): startMs/endMs are 0. */
  timeUnknown?: boolean;
  durationMs?: number;
  billedDurationMs?: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  /** Present on cold starts. */
  initDurationMs?: number;
  /** SnapStart restore. */
  restoreDurationMs?: number;
  coldStart: boolean;
  status: InvocationStatus;
  errorType?: string;
  errorMessage?: string;
  traceId?: string;
  segmentId?: string;
  sampled?: boolean;
  /** True once a REPORT / platform.report line was seen. */
  reported: boolean;
  /** What was wrong with its platform lines (numbers out of range, left out); counted in `warnings`. */
  warnings?: string[];
  /** The runtime's phases from platform.runtimeDone, shown as child spans of the invocation. */
  phases?: InvocationPhase[];
  logs: LogEvent[];
}

/** A span placed in its trace tree. */
export interface SpanNode {
  span: Span;
  children: SpanNode[];
  depth: number;
  /** Parent id given but not found in the trace. */
  orphan: boolean;
  /** Starts before its parent or ends after it by more than the skew tolerance. */
  skewed: boolean;
  /** The invocation this span was joined to, if any. */
  invocation?: Invocation;
  /** Log lines correlated to this span (its invocation's logs, or lines carrying its span id). */
  logs: LogEvent[];
}

export interface Trace {
  traceId: string;
  roots: SpanNode[];
  /** All nodes in depth-first order (children by start time). */
  nodes: SpanNode[];
  startMs: number;
  endMs: number;
  durationMs: number;
  services: string[];
  invocations: Invocation[];
  errorCount: number;
  orphanCount: number;
  skewedCount: number;
  /** Root span's name, or the first function's. */
  rootName: string;
  rootService: string;
}

export interface Problem {
  file: string;
  line: number;
  reason: string;
  message: string;
}

export interface FileSummary {
  file: string;
  formats: Format[];
  records: number;
  bytes: number;
}

/** The structured fields of a log line (parsed now when the line kept only its JSON text). */
export function logFields(e: LogEvent): Record<string, unknown> | undefined {
  const f = e.fields;
  if (typeof f !== 'string') return f;
  try {
    const v: unknown = JSON.parse(f);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
