// One CloudWatch message (text or JSON log format) -> one LogEvent.
import type { Format, InvocationPhase, LogEvent, LogKind, Origin, PlatformRecord, PlatformType } from '../../model';
import { normalizeSpanId, normalizeTraceId } from '../../ids';
import type { Hints } from '../types';
import { framesFromStackArray } from '../stack';
import { jsonTooDeep } from '../../ingest/jsonDepth';
import { toEpochMs } from './epoch';
import { functionNameFromLogGroup, normalizeLevel } from './helpers';
import { newPlatformRecord, platformLine, requestIdErrorLine, setPlatformFailure, statusOf } from './platform';
import { NODE_FAILURES, goPanic, pythonLine, runtimeLine } from './runtime';
import { isObj, isSpace, looksLike, num, type Obj, str } from './scan';

/** Turns one CloudWatch log message from a Lambda log group into a LogEvent. Never throws. */
export function parseLambdaMessage(message: string, timestampMs: number | undefined, hints: Hints, format: Format, origin: Origin): LogEvent {
  return parseText(message, timestampMs, hints, format, origin, 0);
}

/**
 * A message already parsed from JSON: Lambda JSON log format records (platform.*, function, extension),
 * JSON app logs (Lambda JSON format, Powertools, runtime error objects). Undefined when the object is not one of those.
 */
export function lambdaEventFromJson(
  value: unknown, text: string | undefined, timestampMs: number | undefined, hints: Hints, format: Format, origin: Origin,
): LogEvent | undefined {
  const e = eventFromJson(value, text, timestampMs, hints, format, origin);
  if (e && Number.isNaN(e.timestampMs)) e.timestampMs = 0; // no time given and none in the record
  return e;
}

/** As lambdaEventFromJson, but timestampMs stays NaN when unknown, for the caller to fill in. */
function eventFromJson(
  value: unknown, text: string | undefined, timestampMs: number | undefined, hints: Hints, format: Format, origin: Origin,
): LogEvent | undefined {
  if (!isObj(value)) return undefined;
  const type = value.type;
  if (typeof type === 'string' && 'record' in value) {
    if (type.startsWith('platform.')) return platformJson(value, type, text, timestampMs, hints, format, origin);
    if (type === 'function' || type === 'extension') return telemetryLogJson(value, timestampMs, hints, format, origin);
  }
  if (!isAppRecord(value)) return undefined;
  return appJson(value, text, timestampMs, hints, format, origin);
}

export function parseText(raw: string, ts: number | undefined, hints: Hints, format: Format, origin: Origin, fallbackMs: number): LogEvent {
  if (typeof raw !== 'string') raw = String(raw);
  const c = raw.charCodeAt(0);
  if (c === 123 /* { */) {
    const e = jsonMessage(raw, trimEnd(raw), ts, hints, format, origin);
    if (Number.isNaN(e.timestampMs)) e.timestampMs = fallbackMs;
    return e;
  }
  // Scan `text` up to `n` rather than a trimmed copy: charCodeAt on a sliced string is markedly slower.
  const text = unescapeIfEscaped(raw);
  const n = contentEnd(text);
  const e = newEvent(n === text.length ? text : text.slice(0, n), ts, 'app', hints, format, origin);
  switch (c) {
    // START / END / REPORT are told apart by a few characters (each character read costs); the request id
    // check that follows confirms them.
    case 83: /* S */ if (looksLike(text, 'START RequestId: ')) platformLine(e, text, n, 'start', 6); break;
    case 69: /* E */
      if (looksLike(text, 'END RequestId: ')) platformLine(e, text, n, 'end', 4);
      else if (text.startsWith('EXTENSION')) platformLine(e, text, n, 'other', 9);
      break;
    case 82: /* R */
      if (looksLike(text, 'REPORT RequestId: ')) platformLine(e, text, n, 'report', 7);
      else if (text.startsWith('RequestId: ')) requestIdErrorLine(e, e.message);
      else if (text.startsWith('RESTORE_REPORT')) platformLine(e, text, n, 'restoreReport', 14);
      else if (text.startsWith('RESTORE_')) platformLine(e, text, n, 'other', 8);
      break;
    case 73: /* I */
      if (text.startsWith('INIT_START')) platformLine(e, text, n, 'initStart', 10);
      else if (text.startsWith('INIT_REPORT')) platformLine(e, text, n, 'initReport', 11);
      else if (text.startsWith('INIT_')) platformLine(e, text, n, 'other', 5);
      break;
    case 84: /* T */ if (text.startsWith('TELEMETRY')) platformLine(e, text, n, 'other', 9); break;
    case 76: /* L */
      if (text.startsWith('LOGS\t') || text.startsWith('LOGS ')) platformLine(e, text, n, 'other', 4);
      else if (text.startsWith('LAMBDA_WARNING')) { e.kind = 'runtime'; e.level = 'WARN'; }
      break;
    case 91: /* [ */ pythonLine(e, text, n); break;
    case 112: /* p */ if (text.startsWith('panic: ')) goPanic(e, text); break;
    default:
      if (c >= 48 && c <= 57) runtimeLine(e, text, n);
  }
  if (Number.isNaN(e.timestampMs)) e.timestampMs = fallbackMs;
  return e;
}

function newEvent(message: string, ts: number | undefined, kind: LogKind, hints: Hints, format: Format, origin: Origin): LogEvent {
  // Every event gets the same property set so V8 keeps one shape for a million of them.
  return {
    timestampMs: ts === undefined ? NaN : ts,
    timeUnknown: undefined,
    message,
    kind,
    level: undefined,
    requestId: undefined,
    traceId: undefined,
    spanId: undefined,
    logGroup: hints.logGroup,
    logStream: hints.logStream,
    functionName: functionNameOf(hints),
    fields: undefined,
    frames: undefined,
    platform: undefined,
    failure: undefined,
    format,
    origin,
  };
}

// Readers pass the same hints object for every event of a container: remember the last answer.
let lastHints: Hints | undefined;
let lastFunctionName: string | undefined;
function functionNameOf(hints: Hints): string | undefined {
  if (hints !== lastHints) {
    lastHints = hints;
    lastFunctionName = hints.functionName ?? functionNameFromLogGroup(hints.logGroup);
  }
  return lastFunctionName;
}

/** Messages whose tabs and newlines arrive as the two characters `\t` / `\n` (some forwarders double-escape). */
function unescapeIfEscaped(text: string): string {
  if (text.indexOf('\\') < 0 || text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0) return text;
  if (text.indexOf('\\t') < 0 && text.indexOf('\\n') < 0) return text;
  return text.replace(/\\[tnr]/g, (s) => (s === '\\t' ? '\t' : s === '\\n' ? '\n' : '\r'));
}

function trimEnd(text: string): string {
  const n = contentEnd(text);
  return n === text.length ? text : text.slice(0, n);
}

/** Length of the text without trailing whitespace (CloudWatch messages end with a newline). */
function contentEnd(text: string): number {
  let n = text.length;
  while (n > 0 && isSpace(text.charCodeAt(n - 1))) n--;
  return n;
}

/** A log line kept as it is (a message no parser understands, e.g. JSON of an unknown shape). */
export function plainLogEvent(message: string, timestampMs: number, hints: Hints, format: Format, origin: Origin): LogEvent {
  return newEvent(message, timestampMs, 'app', hints, format, origin);
}

function jsonMessage(raw: string, text: string, ts: number | undefined, hints: Hints, format: Format, origin: Origin): LogEvent {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return newEvent(text, ts, 'app', hints, format, origin); // looks like JSON, is not: keep the text
  }
  // Nested deeper than the views can walk: the line is kept as text, without structured fields.
  if (jsonTooDeep(raw) !== undefined) return newEvent(text, ts, 'app', hints, format, origin);
  const e = eventFromJson(value, text, ts, hints, format, origin);
  if (e) return e;
  const other = newEvent(text, ts, 'app', hints, format, origin);
  if (isObj(value)) other.fields = value;
  return other;
}

function isAppRecord(v: Obj): boolean {
  return 'level' in v || 'message' in v || 'requestId' in v || 'errorType' in v || 'msg' in v ||
    'log_level' in v || 'levelname' in v || 'function_request_id' in v || 'errorMessage' in v;
}

/** Lambda JSON format app records, Powertools, runtime error objects (`{errorType, errorMessage, stackTrace}`). */
function appJson(v: Obj, text: string | undefined, ts: number | undefined, hints: Hints, format: Format, origin: Origin): LogEvent {
  const message = typeof v.message === 'string' ? v.message : typeof v.msg === 'string' ? v.msg : text ?? JSON.stringify(v);
  const e = newEvent(message, ts ?? toEpochMs(v.timestamp ?? v.time ?? v['@timestamp']), 'app', hints, format, origin);
  // Keep the text, not the object (see LogEvent.fields); a cold-start line keeps its object, which invocations read.
  e.fields = text !== undefined && v.cold_start !== true ? text : v;
  e.level = normalizeLevel(v.level ?? v.log_level ?? v.levelname ?? v.severity);
  e.requestId = str(v.requestId) ?? str(v.function_request_id) ?? str(v.awsRequestId) ?? str(v.aws_request_id) ?? str(v.AWSRequestId);
  e.traceId = traceIdOf(v.xray_trace_id ?? v.traceId ?? v.trace_id);
  const spanId = v.spanId ?? v.span_id;
  if (typeof spanId === 'string') e.spanId = normalizeSpanId(spanId);
  e.functionName = str(v.function_name) ?? e.functionName; // the record's own name beats a guess from the file path

  // An error object with no log message of its own is the runtime reporting an unhandled error;
  // the same keys next to a message are the app logging a caught one (frames, no failure).
  const inner = isObj(v.message) && typeof v.message.errorType === 'string' ? v.message : undefined;
  const err = inner ?? v;
  const errorType = str(err.errorType);
  if (errorType !== undefined || typeof err.errorMessage === 'string') {
    const unhandled = inner !== undefined || v.message === undefined || NODE_FAILURES.indexOf(v.message as string) >= 0;
    if (unhandled) {
      e.kind = 'runtime';
      e.level ??= 'ERROR';
      e.failure = { kind: errorType === 'Runtime.ExitError' ? 'crash' : 'error', errorType, errorMessage: str(err.errorMessage) };
    }
  }
  const stack = err.stackTrace ?? err.stack ?? (isObj(v.error) ? v.error.stack : undefined) ?? v.exception;
  if (stack !== undefined) {
    const frames = framesFromStackArray(stack);
    if (frames.length > 0) e.frames = frames;
  }
  return e;
}

const PLATFORM_TYPES: Record<string, PlatformType> = {
  'platform.start': 'start', 'platform.end': 'end', 'platform.report': 'report', 'platform.runtimeDone': 'runtimeDone',
  'platform.initStart': 'initStart', 'platform.initReport': 'initReport', 'platform.restoreReport': 'restoreReport',
};

/** `{"time":"...","type":"platform.report","record":{"requestId","metrics":{...},"tracing":{...},"status"}}` */
function platformJson(
  v: Obj, type: string, text: string | undefined, ts: number | undefined, hints: Hints, format: Format, origin: Origin,
): LogEvent {
  const ptype = PLATFORM_TYPES[type] ?? 'other';
  const e = newEvent(text ?? JSON.stringify(v), ts ?? toEpochMs(v.time), 'platform', hints, format, origin);
  e.fields = e.message; // the record's own JSON text, parsed on demand (see LogEvent.fields)
  const rec: Obj = isObj(v.record) ? v.record : {};
  const p = newPlatformRecord(ptype);
  e.platform = p;
  e.requestId = str(rec.requestId);
  p.version = str(rec.version) ?? str(rec.functionVersion);
  const metrics: Obj = isObj(rec.metrics) ? rec.metrics : {};
  const durationMs = num(metrics.durationMs);
  if (ptype === 'initReport') p.initDurationMs = durationMs;
  else if (ptype === 'restoreReport') p.restoreDurationMs = durationMs;
  else p.durationMs = durationMs;
  p.billedDurationMs = num(metrics.billedDurationMs);
  p.memorySizeMb = num(metrics.memorySizeMB);
  p.maxMemoryUsedMb = num(metrics.maxMemoryUsedMB);
  p.initDurationMs ??= num(metrics.initDurationMs);
  p.restoreDurationMs ??= num(metrics.restoreDurationMs);
  p.errorType = str(rec.errorType);
  if (typeof rec.status === 'string') p.status = statusOf(rec.status, p.errorType);
  const tracing = rec.tracing;
  if (isObj(tracing)) {
    if (typeof tracing.value === 'string') traceHeader(tracing.value, p);
    // The record's own span id names the invocation's segment; the header's Parent is its caller's.
    p.segmentId = str(tracing.spanId) ?? p.segmentId;
  }
  if (Array.isArray(rec.spans)) p.phases = phasesOf(rec.spans);
  e.traceId = p.traceId;
  setPlatformFailure(e, p);
  return e;
}

/** runtimeDone `spans: [{"name":"responseLatency","start":"<ISO>","durationMs":23.02}, ...]`; malformed entries are left out. */
function phasesOf(list: unknown[]): InvocationPhase[] | undefined {
  const out: InvocationPhase[] = [];
  for (const s of list) {
    if (!isObj(s)) continue;
    const name = str(s.name);
    const startMs = toEpochMs(s.start);
    const durationMs = num(s.durationMs);
    if (name !== undefined && startMs !== undefined && durationMs !== undefined && durationMs >= 0) out.push({ name, startMs, durationMs });
  }
  return out.length > 0 ? out : undefined;
}

/** Telemetry API / JSON format `{"type":"function","record": "<text line>" | {app record}}`. */
function telemetryLogJson(v: Obj, ts: number | undefined, hints: Hints, format: Format, origin: Origin): LogEvent {
  const time = ts ?? toEpochMs(v.time);
  const rec = v.record;
  if (typeof rec === 'string') return parseText(rec, time, hints, format, origin, NaN);
  const e = isObj(rec) ? eventFromJson(rec, undefined, time, hints, format, origin) : undefined;
  if (e) return e;
  const other = newEvent(typeof rec === 'object' ? JSON.stringify(rec) : String(rec), time, 'app', hints, format, origin);
  other.fields = v;
  return other;
}

/** `Root=1-5e61292c-cc1229a4dfbeae1043928548;Parent=c657b77d9514f70c;Sampled=1` */
function traceHeader(header: string, p: PlatformRecord): void {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    if (key === 'Root') p.traceId = normalizeTraceId(val);
    else if (key === 'Parent') p.segmentId = val;
    else if (key === 'Sampled') p.sampled = val === '1';
  }
}

/** A trace id given as an id (either form) or as a whole X-Amzn-Trace-Id header, normalised to 32 hex. */
export function traceIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  if (raw.startsWith('Root=')) {
    const p: PlatformRecord = { type: 'other' };
    traceHeader(raw, p);
    return p.traceId;
  }
  return normalizeTraceId(raw);
}
