// OpenTelemetry span readers: OTLP/JSON (resourceSpans) and CloudWatch Transaction Search (`aws/spans`).
import type { Attributes, Format, Origin, Span, SpanEvent, SpanLink } from '../model';
import { normalizeSpanId, normalizeTraceId } from '../ids';
import { classifyRemote } from './resource';
import type { JsonReader, ReadContext } from './types';
import {
  adoptAttributes, deriveStatus, exceptionsFromEvents, functionNameFromAttributes, httpStatusFromAttributes,
  isRecord, keyValueList, nanosDurationMs, nanosToMs, parseSpanKind, requestIdFromAttributes,
  show, sourceFromAttributes, strAttr,
} from './attrs';

type AttrDecoder = (raw: unknown) => Attributes;

export const otlpReader: JsonReader = {
  format: 'otlp',
  matches(value: unknown): boolean {
    return isRecord(value) && Array.isArray(value.resourceSpans);
  },
  read(value: unknown, ctx: ReadContext): void {
    if (!isRecord(value) || !Array.isArray(value.resourceSpans)) return;
    value.resourceSpans.forEach((rs, i) => readResourceSpans(rs, `resourceSpans[${i}]`, ctx));
  },
};

function readResourceSpans(rs: unknown, path: string, ctx: ReadContext): void {
  if (!isRecord(rs)) return skipWrongType(ctx, path, `${path} is not an object`);
  const resource = isRecord(rs.resource) ? keyValueList(rs.resource.attributes) : {};
  // `instrumentationLibrarySpans` is the pre-1.0 name, still written by old collectors.
  const key = rs.scopeSpans !== undefined ? 'scopeSpans' : 'instrumentationLibrarySpans';
  const list = rs[key];
  if (list === undefined) return; // a resource without spans holds nothing to lose
  if (!Array.isArray(list)) return skipWrongType(ctx, `${path}.${key}`, `${key} is not an array`);
  list.forEach((ss, j) => {
    const ssPath = `${path}.${key}[${j}]`;
    if (!isRecord(ss)) return skipWrongType(ctx, ssPath, `${ssPath} is not an object`);
    const scope = isRecord(ss.scope) ? ss.scope : isRecord(ss.instrumentationLibrary) ? ss.instrumentationLibrary : undefined;
    if (ss.spans === undefined) return;
    if (!Array.isArray(ss.spans)) return skipWrongType(ctx, `${ssPath}.spans`, 'spans is not an array');
    ss.spans.forEach((raw, k) => {
      const span = buildOtelSpan(raw, resource, scope, keyValueList, 'otlp', { ...ctx.origin, path: `${ssPath}.spans[${k}]` }, ctx);
      if (span) ctx.sink.span(span);
    });
  });
}

/** Spans of the `aws/spans` log group: one OTel span per log event, attributes as flat objects. */
export const awsSpansReader: JsonReader = {
  format: 'aws-spans',
  matches(value: unknown): boolean {
    if (!isRecord(value)) return false;
    return typeof value.traceId === 'string' && typeof value.spanId === 'string' &&
      (value.startTimeUnixNano !== undefined || value.durationNano !== undefined || value.endTimeUnixNano !== undefined) &&
      !Array.isArray(value.attributes);
  },
  read(value: unknown, ctx: ReadContext): void {
    // 200,000 of these is the benchmark: attribute objects parsed from JSON are adopted, not copied.
    const resource = isRecord(value) && isRecord(value.resource) ? internResource(adoptAttributes(value.resource.attributes), ctx) : {};
    const scope = isRecord(value) && isRecord(value.scope) ? value.scope : undefined;
    const span = buildOtelSpan(value, resource, scope, adoptAttributes, 'aws-spans', ctx.origin, ctx);
    if (span) ctx.sink.span(span);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Every aws/spans record repeats its process's resource (a dozen attributes, half the record): spans of one
// process share one equal object, as OTLP and Jaeger spans share theirs. Resource attributes are read-only
// downstream. One interner per load (keyed by its sink), so no dataset outlives its load through the cache.

interface InternedResource { attrs: Attributes; keys: string[] }

const MAX_RESOURCES_PER_SERVICE = 16;
const interners = new WeakMap<object, Map<unknown, InternedResource[]>>();

function internResource(attrs: Attributes, ctx: ReadContext): Attributes {
  let byService = interners.get(ctx.sink);
  if (!byService) interners.set(ctx.sink, (byService = new Map()));
  const service = attrs['service.name'];
  let list = byService.get(service);
  if (!list) {
    if (byService.size >= 1000) byService.clear(); // bounded: keys come from data
    byService.set(service, (list = []));
  }
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (!sameAttributes(attrs, r.keys, r.attrs)) continue;
    if (i > 0) { list.splice(i, 1); list.unshift(r); }
    return r.attrs;
  }
  list.unshift({ attrs, keys: Object.keys(attrs) });
  if (list.length > MAX_RESOURCES_PER_SERVICE) list.pop();
  return attrs;
}

/** Same keys in the same order with the same values (primitives, or arrays of primitives; nested objects never match). */
function sameAttributes(a: Attributes, keys: string[], b: Attributes): boolean {
  let i = 0;
  for (const k in a) {
    if (i >= keys.length || keys[i] !== k) return false;
    const x = a[k];
    const y = b[k];
    if (!Object.is(x, y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let j = 0; j < x.length; j++) if (!Object.is(x[j], y[j]) || (typeof x[j] === 'object' && x[j] !== null)) return false;
    } else if (typeof x === 'object' && x !== null) return false;
    i++;
  }
  return i === keys.length;
}

function skipWrongType(ctx: ReadContext, path: string, message: string): void {
  ctx.sink.skip('wrong-type', { ...ctx.origin, path }, message);
}

/** One OTel span (OTLP or aws/spans flavour) -> Span, or a skip naming the bad field. */
function buildOtelSpan(
  raw: unknown, resource: Attributes, scope: Record<string, unknown> | undefined,
  decode: AttrDecoder, format: Format, origin: Origin, ctx: ReadContext,
): Span | undefined {
  const skip = (reason: 'missing-field' | 'wrong-type', message: string): undefined => {
    ctx.sink.skip(reason, origin, message);
    return undefined;
  };
  if (!isRecord(raw)) return skip('wrong-type', 'span is not an object');
  if (raw.traceId === undefined || raw.traceId === '') return skip('missing-field', 'span has no traceId');
  const traceId = normalizeTraceId(raw.traceId);
  if (!traceId) return skip('wrong-type', `traceId is not a trace id: ${show(raw.traceId)}`);
  if (raw.spanId === undefined || raw.spanId === '') return skip('missing-field', 'span has no spanId');
  const spanId = typeof raw.spanId === 'string' ? normalizeSpanId(raw.spanId) : undefined;
  if (!spanId) return skip('wrong-type', `spanId is not a span id: ${show(raw.spanId)}`);
  let parentSpanId: string | undefined;
  if (raw.parentSpanId !== undefined && raw.parentSpanId !== '' && raw.parentSpanId !== null) {
    parentSpanId = typeof raw.parentSpanId === 'string' ? normalizeSpanId(raw.parentSpanId) : undefined;
    if (!parentSpanId) return skip('wrong-type', `parentSpanId is not a span id: ${show(raw.parentSpanId)}`);
  }

  const attributes = decode(raw.attributes);
  const times = spanTimes(raw);
  if (typeof times === 'string') return skip(times.startsWith('span has no') ? 'missing-field' : 'wrong-type', times);
  if (times.note) attributes[times.note] = true;

  const kind = parseSpanKind(raw.kind) ?? 'internal';
  const events = readEvents(raw.events, decode, times.startMs);
  const links = readLinks(raw.links, decode);
  const status = isRecord(raw.status) ? raw.status : {};
  const code = statusCode(status.code);
  const httpStatus = httpStatusFromAttributes(attributes);
  const derived = deriveStatus({ kind, explicitError: code === 'error', explicitOk: code === 'ok', httpStatus });
  const functionName = functionNameFromAttributes(resource) ?? (kind === 'server' || kind === 'consumer' ? functionNameFromAttributes(attributes) : undefined);
  if (scope && typeof scope.name === 'string' && scope.name !== '' && attributes['otel.scope.name'] === undefined) {
    attributes['otel.scope.name'] = scope.name;
    if (typeof scope.version === 'string' && scope.version !== '') attributes['otel.scope.version'] = scope.version;
  }

  const span: Span = {
    traceId, spanId, name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : '(unnamed)',
    service: serviceName(resource, attributes, functionName),
    kind, startMs: times.startMs, durationMs: times.durationMs,
    status: derived.status, attributes, resourceAttributes: resource,
    events, links, exceptions: exceptionsFromEvents(events), format, origin,
  };
  if (parentSpanId) span.parentSpanId = parentSpanId;
  const message = typeof status.message === 'string' ? status.message : typeof status.description === 'string' ? status.description : undefined;
  if (message) span.statusMessage = message;
  if (derived.fault) span.fault = true;
  if (derived.throttle) span.throttle = true;
  if (httpStatus !== undefined) span.httpStatus = httpStatus;
  const remote = classifyRemote({ kind, name: span.name, attributes, resourceAttributes: resource });
  if (remote) span.remote = remote;
  const source = sourceFromAttributes(attributes);
  if (source) span.source = source;
  const requestId = requestIdFromAttributes(attributes, kind) ?? requestIdFromAttributes(resource, kind);
  if (requestId) span.requestId = requestId;
  if (functionName) span.functionName = functionName;
  return span;
}

/** service.name unless it is the SDK default `unknown_service...`; then the Lambda function or AWS local service. */
function serviceName(resource: Attributes, attributes: Attributes, functionName: string | undefined): string {
  const named = strAttr(resource, 'service.name');
  if (named && !named.startsWith('unknown_service')) return named;
  return functionName ?? strAttr(resource, 'aws.local.service') ?? strAttr(attributes, 'aws.local.service') ?? named ?? 'unknown';
}

interface Times { startMs: number; durationMs: number; note?: string }

/** Start and duration from start/end nanos, falling back on `durationNano` (aws/spans). Error text names the field. */
function spanTimes(raw: Record<string, unknown>): Times | string {
  const { startTimeUnixNano: start, endTimeUnixNano: end, durationNano } = raw;
  const hasDuration = durationNano !== undefined;
  const durNanos = hasDuration ? nanosToMs(durationNano) : undefined; // ns -> ms, same conversion
  if (hasDuration && durNanos === undefined) return `durationNano is not a number of nanoseconds: ${show(durationNano)}`;
  let startMs: number | undefined;
  if (start !== undefined && start !== null) {
    startMs = nanosToMs(start);
    if (startMs === undefined) return `startTimeUnixNano is not a nanosecond timestamp: ${show(start)}`;
  }
  let endMs: number | undefined;
  if (end !== undefined && end !== null) {
    endMs = nanosToMs(end);
    if (endMs === undefined) return `endTimeUnixNano is not a nanosecond timestamp: ${show(end)}`;
  }
  if (startMs === undefined) {
    if (endMs !== undefined && durNanos !== undefined) return { startMs: endMs - durNanos, durationMs: durNanos };
    return 'span has no startTimeUnixNano';
  }
  if (durNanos !== undefined) return { startMs, durationMs: durNanos };
  if (endMs === undefined) return { startMs, durationMs: 0, note: 'explorer.duration_missing' };
  const durationMs = nanosDurationMs(start, end) ?? endMs - startMs;
  if (durationMs < 0) return { startMs, durationMs: 0, note: 'explorer.end_before_start' };
  return { startMs, durationMs };
}

function statusCode(code: unknown): 'ok' | 'error' | 'unset' {
  switch (code) {
    case 2: case 'STATUS_CODE_ERROR': case 'ERROR': case 'Error': case 'error': return 'error';
    case 1: case 'STATUS_CODE_OK': case 'OK': case 'Ok': case 'ok': return 'ok';
    default: return 'unset';
  }
}

/** Events without a usable time are placed at the span start rather than lost. */
function readEvents(raw: unknown, decode: AttrDecoder, spanStartMs: number): SpanEvent[] {
  if (!Array.isArray(raw)) return [];
  const out: SpanEvent[] = [];
  for (const e of raw) {
    if (!isRecord(e)) continue;
    const timeMs = nanosToMs(e.timeUnixNano) ?? nanosToMs(e.timestamp) ?? spanStartMs;
    out.push({ timeMs, name: typeof e.name === 'string' ? e.name : '', attributes: decode(e.attributes) });
  }
  return out;
}

function readLinks(raw: unknown, decode: AttrDecoder): SpanLink[] {
  if (!Array.isArray(raw)) return [];
  const out: SpanLink[] = [];
  for (const l of raw) {
    if (!isRecord(l)) continue;
    const traceId = normalizeTraceId(l.traceId);
    const spanId = typeof l.spanId === 'string' ? normalizeSpanId(l.spanId) : undefined;
    if (!traceId || !spanId) continue;
    const link: SpanLink = { traceId, spanId };
    const attributes = decode(l.attributes);
    if (Object.keys(attributes).length > 0) link.attributes = attributes;
    out.push(link);
  }
  return out;
}
