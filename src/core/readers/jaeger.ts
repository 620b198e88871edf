// Jaeger JSON: the query API / UI download (`{data: [trace...]}`), the UI's `{data: {spans, processes}}`, or one trace.
import type { Attributes, Origin, Span, SpanEvent, SpanException, SpanKind, SpanLink } from '../model';
import { normalizeSpanId, normalizeTraceId } from '../ids';
import { classifyRemote } from '../resource';
import type { JsonReader, ReadContext } from './types';
import {
  deriveStatus, exceptionsFromEvents, functionNameFromAttributes, httpStatusFromAttributes, isRecord, makeException,
  parseSpanKind, requestIdFromAttributes, show, sourceFromAttributes, strAttr, toAttrValue,
} from './attrs';
import { splitSharedSpans } from './zipkin';

type Raw = Record<string, unknown>;

function isTrace(v: unknown): v is Raw {
  return isRecord(v) && Array.isArray(v.spans) && (typeof v.traceID === 'string' || isRecord(v.processes) || isJaegerSpan(v.spans[0]));
}

/** A trace salvaged from a cut file may have lost `traceID` and `processes` (written after its spans). */
function isJaegerSpan(v: unknown): boolean {
  return isRecord(v) && typeof v.traceID === 'string' && typeof v.spanID === 'string' && typeof v.operationName === 'string';
}

export const jaegerReader: JsonReader = {
  format: 'jaeger',
  matches(value: unknown): boolean {
    if (!isRecord(value)) return false;
    if (Array.isArray(value.data)) return value.data.length === 0 ? 'total' in value || 'errors' in value : isTrace(value.data[0]);
    return isTrace(value.data) || isTrace(value);
  },
  read(value: unknown, ctx: ReadContext): void {
    if (!isRecord(value)) return;
    const spans: Span[] = [];
    if (Array.isArray(value.data)) {
      value.data.forEach((t, i) => readTrace(t, `data[${i}]`, ctx, spans));
    } else if (isRecord(value.data)) {
      readTrace(value.data, 'data', ctx, spans);
    } else {
      readTrace(value, '', ctx, spans);
    }
    splitSharedSpans(spans);
    for (const s of spans) ctx.sink.span(s);
  },
};

function at(ctx: ReadContext, path: string): Origin {
  return { ...ctx.origin, path: (ctx.origin.path ?? '') + path };
}

interface Process { service: string; tags: Attributes }

function readProcess(p: unknown): Process | undefined {
  if (!isRecord(p) || typeof p.serviceName !== 'string') return undefined;
  return { service: p.serviceName || 'unknown', tags: tags(p.tags) };
}

function readTrace(t: unknown, path: string, ctx: ReadContext, out: Span[]): void {
  if (!isRecord(t) || !Array.isArray(t.spans)) {
    ctx.sink.skip('wrong-type', at(ctx, path), 'trace has no spans array');
    return;
  }
  const processes = new Map<string, Process>();
  if (isRecord(t.processes)) {
    for (const id in t.processes) {
      const p = readProcess(t.processes[id]);
      if (p) processes.set(id, p);
    }
  }
  const prefix = path ? `${path}.spans` : 'spans';
  t.spans.forEach((raw, i) => {
    const span = toSpan(raw, processes, at(ctx, `${prefix}[${i}]`), ctx);
    if (span) out.push(span);
  });
}

/** Jaeger typed tags `[{key, type, value}]` -> Attributes; bool/number values given as strings are converted. */
function tags(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const t of list) {
    if (!isRecord(t) || typeof t.key !== 'string' || t.key === '__proto__') continue;
    out[t.key] = tagValue(t.type, t.value);
  }
  return out;
}

function tagValue(type: unknown, v: unknown): Attributes[string] {
  if (typeof v === 'string') {
    if (type === 'bool') return v === 'true';
    if (type === 'int64' || type === 'float64') {
      const n = Number(v);
      return v !== '' && Number.isFinite(n) && (type === 'float64' || Number.isSafeInteger(n)) ? n : v;
    }
  }
  return toAttrValue(v);
}

function toSpan(raw: unknown, processes: Map<string, Process>, origin: Origin, ctx: ReadContext): Span | undefined {
  const skip = (reason: 'missing-field' | 'wrong-type', message: string): undefined => {
    ctx.sink.skip(reason, origin, message);
    return undefined;
  };
  if (!isRecord(raw)) return skip('wrong-type', 'span is not an object');
  if (raw.traceID === undefined || raw.traceID === '') return skip('missing-field', 'span has no traceID');
  const traceId = normalizeTraceId(raw.traceID);
  if (!traceId) return skip('wrong-type', `traceID is not a trace id: ${show(raw.traceID)}`);
  if (raw.spanID === undefined || raw.spanID === '') return skip('missing-field', 'span has no spanID');
  const spanId = typeof raw.spanID === 'string' ? normalizeSpanId(raw.spanID) : undefined;
  if (!spanId) return skip('wrong-type', `spanID is not a span id: ${show(raw.spanID)}`);
  if (raw.startTime === undefined) return skip('missing-field', 'span has no startTime');
  if (typeof raw.startTime !== 'number' || !Number.isFinite(raw.startTime) || raw.startTime < 0) {
    return skip('wrong-type', `startTime is not epoch microseconds: ${show(raw.startTime)}`);
  }
  if (raw.duration !== undefined && (typeof raw.duration !== 'number' || !Number.isFinite(raw.duration))) {
    return skip('wrong-type', `duration is not microseconds: ${show(raw.duration)}`);
  }
  const refs = references(raw, traceId);
  if (typeof refs === 'string') return skip('wrong-type', refs);

  const process = readProcess(raw.process) ?? (typeof raw.processID === 'string' ? processes.get(raw.processID) : undefined);
  const attributes = tags(raw.tags);
  if (raw.duration === undefined) attributes['explorer.duration_missing'] = true;
  const kind: SpanKind = parseSpanKind(attributes['span.kind']) ?? 'internal';
  const startMs = raw.startTime / 1000;
  const { events, exceptions } = logs(raw.logs, startMs);
  const httpStatus = httpStatusFromAttributes(attributes);
  const otelStatus = strAttr(attributes, 'otel.status_code');
  const explicitError = attributes.error === true || attributes.error === 'true' || otelStatus === 'ERROR' || exceptions.length > 0;
  const status = deriveStatus({ kind, explicitError, explicitOk: otelStatus === 'OK', httpStatus });
  const resourceAttributes = process?.tags ?? {};
  const functionName = functionNameFromAttributes(resourceAttributes) ?? (kind === 'server' || kind === 'consumer' ? functionNameFromAttributes(attributes) : undefined);

  const span: Span = {
    traceId, spanId,
    name: typeof raw.operationName === 'string' && raw.operationName !== '' ? raw.operationName : '(unnamed)',
    service: process?.service ?? 'unknown',
    kind, startMs, durationMs: typeof raw.duration === 'number' ? Math.max(0, raw.duration / 1000) : 0,
    status: status.status, attributes, resourceAttributes, events, links: refs.links,
    exceptions: [...exceptions, ...exceptionsFromEvents(events)], format: 'jaeger', origin,
  };
  if (refs.parent) span.parentSpanId = refs.parent;
  const message = strAttr(attributes, 'otel.status_description') ?? span.exceptions[0]?.message;
  if (span.status === 'error' && message) span.statusMessage = message;
  if (status.fault) span.fault = true;
  if (status.throttle) span.throttle = true;
  if (httpStatus !== undefined) span.httpStatus = httpStatus;
  const remote = classifyRemote({ kind, name: span.name, attributes, resourceAttributes });
  if (remote) span.remote = remote;
  const source = sourceFromAttributes(attributes);
  if (source) span.source = source;
  const requestId = requestIdFromAttributes(attributes, kind) ?? requestIdFromAttributes(resourceAttributes, kind);
  if (requestId) span.requestId = requestId;
  if (functionName) span.functionName = functionName;
  return span;
}

/** CHILD_OF is the parent; FOLLOWS_FROM is a link, or the parent when there is no CHILD_OF. */
function references(raw: Raw, traceId: string): { parent?: string; links: SpanLink[] } | string {
  const links: SpanLink[] = [];
  let parent: string | undefined;
  let followsFrom: string | undefined;
  if (raw.references !== undefined && raw.references !== null && !Array.isArray(raw.references)) return 'references is not an array';
  for (const r of (raw.references as unknown[] | undefined) ?? []) {
    if (!isRecord(r)) continue;
    const spanId = typeof r.spanID === 'string' ? normalizeSpanId(r.spanID) : undefined;
    if (!spanId) return `reference spanID is not a span id: ${show(r.spanID)}`;
    const refTrace = r.traceID === undefined ? traceId : normalizeTraceId(r.traceID);
    if (!refTrace) return `reference traceID is not a trace id: ${show(r.traceID)}`;
    const sameTrace = refTrace === traceId;
    if (r.refType === 'CHILD_OF' && parent === undefined && sameTrace) parent = spanId;
    else if (r.refType === 'FOLLOWS_FROM' && followsFrom === undefined && sameTrace) followsFrom = spanId;
    else links.push({ traceId: refTrace, spanId, attributes: { 'jaeger.ref_type': String(r.refType) } });
  }
  if (followsFrom !== undefined) {
    if (parent === undefined) parent = followsFrom;
    else links.unshift({ traceId, spanId: followsFrom, attributes: { 'jaeger.ref_type': 'FOLLOWS_FROM' } });
  }
  // Old Jaeger JSON (and some converters) put the parent directly on the span.
  if (parent === undefined && typeof raw.parentSpanID === 'string' && raw.parentSpanID !== '' && !/^0+$/.test(raw.parentSpanID)) {
    parent = normalizeSpanId(raw.parentSpanID);
  }
  return { parent, links };
}

/** Logs -> events; OpenTracing error logs (`event: error`, `error.object`, `error.kind`) -> exceptions. */
function logs(raw: unknown, startMs: number): { events: SpanEvent[]; exceptions: SpanException[] } {
  const events: SpanEvent[] = [];
  const exceptions: SpanException[] = [];
  if (!Array.isArray(raw)) return { events, exceptions };
  for (const l of raw) {
    if (!isRecord(l)) continue;
    const attributes = tags(l.fields);
    const timeMs = typeof l.timestamp === 'number' && Number.isFinite(l.timestamp) ? l.timestamp / 1000 : startMs;
    const name = strAttr(attributes, 'event', 'message') ?? 'log';
    events.push({ timeMs, name, attributes });
    if (name === 'exception') continue; // OTel-style: exceptionsFromEvents reads it
    if (attributes.event === 'error' || attributes['error.kind'] !== undefined || attributes['error.object'] !== undefined) {
      exceptions.push(makeException(
        strAttr(attributes, 'error.kind', 'exception.type'),
        strAttr(attributes, 'message', 'error.object', 'exception.message'),
        strAttr(attributes, 'stack', 'exception.stacktrace'),
      ));
    }
  }
  return { events, exceptions };
}
