// What the simulation decides, before any output format is chosen. Emitters turn these into real formats.
import type { AttrValue } from '../model';
import type { CallSite } from './callSites';
import type { FnName } from './scenario';

/** One stack frame: a line of the sample app, or a runtime/library frame printed as is. */
export interface Frame {
  site?: CallSite;
  raw?: string;
  /** Node prints `at async fn (...)` for frames resumed after an await. */
  async?: boolean;
}

export interface SimError {
  type: string;
  message: string;
  /** Innermost first, as Node prints them (Python emitters reverse the order). */
  frames: Frame[];
}

export type SpanKindName = 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

/** How the span looks as an X-Ray (sub)segment. */
export type XrayShape =
  | { kind: 'apigw' }
  | { kind: 'function' }
  | { kind: 'aws'; service: 'DynamoDB' | 'SNS' | 'SQS'; operation: string; resource: string }
  | { kind: 'http'; host: string; url: string; method: string };

export interface SimSpan {
  spanId: string;
  parentId?: string;
  name: string;
  kind: SpanKindName;
  /** Who recorded it: a function, or API Gateway. */
  owner: FnName | 'apigw';
  start: number;
  end: number;
  attributes: Record<string, AttrValue>;
  status: 'UNSET' | 'OK' | 'ERROR';
  statusMessage?: string;
  httpStatus?: number;
  throttle?: boolean;
  site?: CallSite;
  error?: SimError;
  /** Async hop: the producer span this consumer continues. */
  linkTo?: string;
  xray: XrayShape;
  /** Set on function server spans. */
  invocation?: SimInvocation;
}

export type LogStyle = 'node-text' | 'python-text' | 'python-json' | 'powertools';

export interface SimLog {
  ts: number;
  level: 'INFO' | 'WARN' | 'ERROR';
  message: string;
  /** Extra structured keys (Powertools / JSON records). */
  fields?: Record<string, AttrValue>;
  /** Unhandled error reported by the runtime (Node "Invoke Error", Python traceback). */
  unhandled?: SimError;
}

export interface SimInvocation {
  fn: FnName;
  requestId: string;
  logStream: string;
  logStyle: LogStyle;
  cold: boolean;
  /** Init phase (cold starts): [initStart, start). */
  initStart?: number;
  initDurationMs?: number;
  start: number;
  end: number;
  maxMemoryUsedMb: number;
  status: 'ok' | 'error' | 'timeout' | 'crash';
  errorType?: string;
  errorMessage?: string;
  logs: SimLog[];
  serverSpanId: string;
  /** X-Ray: the AWS::Lambda segment Lambda itself records; REPORT's SegmentId. */
  lambdaSegmentId: string;
  /** Span or subsegment this invocation was triggered from (API Gateway / SNS publish / SQS send). */
  triggerSpanId: string;
}

export interface SimTrace {
  /** 32 hex digits; the first 8 are the epoch seconds, so it is also a valid X-Ray id. */
  traceId: string;
  xrayTraceId: string;
  start: number;
  end: number;
  route: 'POST /orders' | 'GET /orders/{orderId}';
  asXray: boolean;
  /** False when sampling dropped the trace's spans: only its logs are written (they say Sampled: false). */
  sampled: boolean;
  spans: SimSpan[];
  invocations: SimInvocation[];
  tags: {
    authRejected: boolean;
    throttled: boolean;
    mail5xx: boolean;
    timeout: boolean;
    crash: boolean;
  };
}
