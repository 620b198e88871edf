// Lambda log lines (text and JSON log format, platform and runtime lines) -> LogEvent.
// Hot path: runs once per CloudWatch event. Dispatch on the first character, scan with indexOf/charCodeAt,
// JSON.parse only messages that start with `{`, and parse a line's own timestamp only when the caller has none.
import type { Failure, Format, InvocationPhase, InvocationStatus, LogEvent, LogKind, LogLevel, Origin, PlatformRecord, PlatformType } from '../model';
import { normalizeSpanId, normalizeTraceId } from '../ids';
import type { Hints, JsonReader, ReadContext, Sink, TextReader } from './types';
import { framesFromStackArray, parseStackFrames } from './stack';
import { jsonTooDeep } from '../ingest/jsonDepth';
import { cliPrefix } from './lambda/prefixes';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Small exported helpers

/** `/aws/lambda/<name>` (also `account:/aws/lambda/<name>` from Logs Insights) -> `<name>`. */
export function functionNameFromLogGroup(logGroup: string | undefined): string | undefined {
  if (typeof logGroup !== 'string') return undefined;
  const at = logGroup.indexOf('/aws/lambda/');
  if (at < 0) return undefined;
  const name = logGroup.slice(at + 12);
  return name.length > 0 && name.indexOf('/') < 0 ? name : undefined;
}

/** Any spelling of a log level (`warning`, `CRITICAL`, pino's 30) -> LogLevel. */
export function normalizeLevel(raw: unknown): LogLevel | undefined {
  if (typeof raw === 'number') {
    if (raw >= 60) return 'FATAL';
    if (raw >= 50) return 'ERROR';
    if (raw >= 40) return 'WARN';
    if (raw >= 30) return 'INFO';
    if (raw >= 20) return 'DEBUG';
    return raw >= 0 ? 'TRACE' : undefined;
  }
  if (typeof raw !== 'string' || raw.length < 3 || raw.length > 8) return undefined;
  switch (raw) {
    case 'INFO': case 'info': case 'Info': case 'NOTICE': case 'notice': return 'INFO';
    case 'WARN': case 'warn': case 'Warn': case 'WARNING': case 'warning': case 'Warning': return 'WARN';
    case 'ERROR': case 'error': case 'Error': case 'ERR': case 'err': return 'ERROR';
    case 'DEBUG': case 'debug': case 'Debug': return 'DEBUG';
    case 'TRACE': case 'trace': case 'Trace': return 'TRACE';
    case 'FATAL': case 'fatal': case 'Fatal': case 'CRITICAL': case 'critical': case 'Critical': case 'CRIT': case 'crit':
      return 'FATAL';
    default: return undefined;
  }
}

/** The Lambda runtimes' upper-case level words in text[from, to), without slicing (hot path). */
function levelAt(text: string, from: number, to: number): LogLevel | undefined {
  switch (to - from) {
    case 4:
      if (text.startsWith('INFO', from)) return 'INFO';
      if (text.startsWith('WARN', from)) return 'WARN';
      // .NET's text format: info, warn, fail, crit, dbug, trce
      if (text.startsWith('fail', from)) return 'ERROR';
      if (text.startsWith('info', from)) return 'INFO';
      if (text.startsWith('warn', from)) return 'WARN';
      if (text.startsWith('crit', from)) return 'FATAL';
      if (text.startsWith('dbug', from)) return 'DEBUG';
      if (text.startsWith('trce', from)) return 'TRACE';
      break;
    case 5:
      if (text.startsWith('ERROR', from)) return 'ERROR';
      if (text.startsWith('DEBUG', from)) return 'DEBUG';
      if (text.startsWith('TRACE', from)) return 'TRACE';
      if (text.startsWith('FATAL', from)) return 'FATAL';
      break;
    case 7:
      if (text.startsWith('WARNING', from)) return 'WARN';
      break;
    case 8:
      if (text.startsWith('CRITICAL', from)) return 'FATAL';
      break;
  }
  return undefined;
}

/**
 * A timestamp as written in logs -> epoch ms: numbers in s/ms/µs/ns (by magnitude), numeric strings, ISO 8601
 * (a time without zone is UTC, as Lambda and Logs Insights write it), `2024-01-01 12:00:00,123+0200` (Python logging).
 */
export function toEpochMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? scaleEpoch(v) : undefined;
  if (typeof v !== 'string' || v.length < 8 || v.length > 40) return undefined;
  const c = v.charCodeAt(0);
  if (c < 48 || c > 57) return undefined;
  if (v.charCodeAt(4) !== 45 /* - */) {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? scaleEpoch(n) : undefined;
  }
  let iso = v;
  if (iso.charCodeAt(10) === 32) iso = iso.slice(0, 10) + 'T' + iso.slice(11);
  if (iso.charCodeAt(19) === 44 /* , */) iso = iso.slice(0, 19) + '.' + iso.slice(20);
  const len = iso.length;
  if (len > 10 && !hasZone(iso)) iso += 'Z';
  else if (len >= 24 && (iso.charCodeAt(len - 5) === 43 || iso.charCodeAt(len - 5) === 45) && isDigitCode(iso.charCodeAt(len - 3))) {
    iso = iso.slice(0, len - 2) + ':' + iso.slice(len - 2); // +0200 -> +02:00
  }
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

function scaleEpoch(n: number): number {
  if (n < 1e11) return n * 1000;      // seconds
  if (n < 1e14) return n;             // milliseconds
  if (n < 1e17) return n / 1000;      // microseconds
  return n / 1e6;                     // nanoseconds
}

function hasZone(iso: string): boolean {
  const last = iso.charCodeAt(iso.length - 1);
  if (last === 90 /* Z */ || last === 122) return true;
  // A zone offset sits after the time part: look for + or - after position 19.
  for (let i = 19; i < iso.length; i++) {
    const c = iso.charCodeAt(i);
    if (c === 43 || c === 45) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// One message -> one LogEvent

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

function parseText(raw: string, ts: number | undefined, hints: Hints, format: Format, origin: Origin, fallbackMs: number): LogEvent {
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

// ---------------------------------------------------------------------------------------------------------------
// Platform text lines: START / END / REPORT / INIT_* / RESTORE_* / EXTENSION / TELEMETRY

// `Key: value [unit]` pairs, separated by tabs, newlines or (in some copies) plain spaces.
const PLATFORM_KEYS = [
  'RequestId', 'Version', 'Duration', 'Billed Duration', 'Memory Size', 'Max Memory Used', 'Init Duration',
  'Restore Duration', 'Billed Restore Duration', 'XRAY TraceId', 'SegmentId', 'Sampled', 'Status', 'Error Type',
  'Runtime Version', 'Runtime Version ARN', 'Phase', 'Name', 'State', 'Events',
].map((k) => k + ': ');

/**
 * Key index + 1 by (first character, length before the colon): unique for every key, so a token is identified
 * without comparing strings. The last character before the colon is checked too, against unknown keys.
 */
const KEY_BY_CHAR_LENGTH = new Int8Array(128 * 32);
PLATFORM_KEYS.forEach((k, i) => {
  const slot = k.charCodeAt(0) * 32 + k.length - 2;
  if (KEY_BY_CHAR_LENGTH[slot] !== 0) throw new Error(`platform keys collide: ${k}`);
  KEY_BY_CHAR_LENGTH[slot] = i + 1;
});

function platformKeyAt(text: string, i: number, n: number): number {
  const c = text.charCodeAt(i);
  if (c >= 128) return -1;
  const max = Math.min(n, i + 24);
  let colon = i + 1;
  while (colon < max && text.charCodeAt(colon) !== 58 /* : */) colon++;
  if (colon >= max || text.charCodeAt(colon + 1) !== 32) return -1;
  const k = KEY_BY_CHAR_LENGTH[c * 32 + colon - i] - 1;
  if (k < 0) return -1;
  const key = PLATFORM_KEYS[k];
  return key.charCodeAt(colon - i - 1) === text.charCodeAt(colon - 1) && key.charCodeAt(1) === text.charCodeAt(i + 1) ? k : -1;
}

function platformLine(e: LogEvent, text: string, n: number, type: PlatformType, from: number): void {
  const p = newPlatformRecord(type);
  e.kind = 'platform';
  e.platform = p;
  let fields: Obj | undefined;
  let status: string | undefined;
  let i = from;
  // Fast path for the request id right after the keyword, as Lambda writes it.
  if (text.charCodeAt(i) === 82 /* R */ && text.charCodeAt(i + 9) === 58 /* : */ && isUuidAt(text, i + 11, n)) {
    e.requestId = text.slice(i + 11, i + 47);
    i += 47;
  }
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const key = platformKeyAt(text, i, n);
    if (key < 0) { // unknown word: step over it
      while (i < n && !isSpace(text.charCodeAt(i))) i++;
      continue;
    }
    const vStart = i + PLATFORM_KEYS[key].length;
    let vEnd = vStart;
    let number: number | undefined;
    if (key >= 2 && key <= 8) {
      number = decimalFrom(text, vStart, n);
      vEnd = decimalEnd;
    }
    while (vEnd < n && !isSpace(text.charCodeAt(vEnd))) { vEnd++; number = undefined; }
    if (number === undefined && key >= 2 && key <= 8) (p.invalid ??= []).push(`${PLATFORM_KEYS[key]}${text.slice(vStart, vEnd)} is not a number; left out`);
    i = vEnd;
    if (text.charCodeAt(i) === 32 && (startsAt(text, i, ' ms') || startsAt(text, i, ' MB'))) i += 3;
    switch (key) {
      case 0: e.requestId ??= text.slice(vStart, vEnd); break;
      case 1: p.version ??= text.slice(vStart, vEnd); break;
      case 2: p.durationMs ??= number; break;
      case 3: p.billedDurationMs ??= number; break;
      case 4: p.memorySizeMb ??= number; break;
      case 5: p.maxMemoryUsedMb ??= number; break;
      case 6: p.initDurationMs ??= number; break;
      case 7: p.restoreDurationMs ??= number; break;
      case 8: (fields ??= {}).billedRestoreDurationMs = number; break;
      case 9: p.traceId ??= xrayTraceIdAt(text, vStart, vEnd) ?? normalizeTraceId(text.slice(vStart, vEnd)); break;
      case 10: p.segmentId ??= text.slice(vStart, vEnd); break;
      case 11: p.sampled ??= text.charCodeAt(vStart) === 116 /* t */ || text.charCodeAt(vStart) === 49 /* 1 */; break;
      case 12: status ??= text.slice(vStart, vEnd); break;
      case 13: p.errorType ??= text.slice(vStart, vEnd); break;
      case 14: (fields ??= {}).runtimeVersion = text.slice(vStart, vEnd); break;
      case 15: (fields ??= {}).runtimeVersionArn = text.slice(vStart, vEnd); break;
      case 16: (fields ??= {}).phase = text.slice(vStart, vEnd); break;
      case 17: (fields ??= {}).name = text.slice(vStart, vEnd); break;
      case 18: (fields ??= {}).state = text.slice(vStart, vEnd); break;
      case 19: { // `[INVOKE, SHUTDOWN]` holds a space: take it to the end of the field
        let end = vStart;
        while (end < n && text.charCodeAt(end) !== 9 && text.charCodeAt(end) !== 10) end++;
        (fields ??= {}).events = text.slice(vStart, end);
        i = end;
        break;
      }
    }
  }
  if (status !== undefined) p.status = statusOf(status, p.errorType);
  e.traceId = p.traceId;
  e.fields = fields;
  setPlatformFailure(e, p);
}

/**
 * Every record gets the whole property set at once: adding the fields one by one as a REPORT line
 * yields them gave each of a million records a chain of shape changes and a separate property store.
 */
function newPlatformRecord(type: PlatformType): PlatformRecord {
  return {
    type, version: undefined, durationMs: undefined, billedDurationMs: undefined, memorySizeMb: undefined,
    maxMemoryUsedMb: undefined, initDurationMs: undefined, restoreDurationMs: undefined, status: undefined,
    errorType: undefined, traceId: undefined, segmentId: undefined, sampled: undefined, phases: undefined,
    invalid: undefined,
  };
}

function setPlatformFailure(e: LogEvent, p: PlatformRecord): void {
  const s = p.status;
  if (s === 'timeout' || s === 'error' || s === 'crash') {
    e.failure = { kind: s === 'crash' ? 'crash' : s, errorType: p.errorType };
    e.level = 'ERROR';
  }
}

/** Lambda status words -> InvocationStatus. A runtime that exited or ran out of memory crashed. */
function statusOf(raw: string, errorType: string | undefined): InvocationStatus {
  switch (raw) {
    case 'success': case 'ok': return 'ok';
    case 'timeout': return 'timeout';
    case 'crash': return 'crash';
    default:
      return errorType === 'Runtime.ExitError' || errorType === 'Runtime.OutOfMemory' ? 'crash' : 'error';
  }
}

/** `RequestId: <id> Error: Runtime exited with error: exit status 1\nRuntime.ExitError`, `... Process exited before completing request`. */
function requestIdErrorLine(e: LogEvent, text: string): void {
  let idEnd = 11;
  while (idEnd < text.length && !isSpace(text.charCodeAt(idEnd))) idEnd++;
  e.requestId = text.slice(11, idEnd);
  e.kind = 'runtime';
  e.level = 'ERROR';
  let rest = text.slice(idEnd).trimStart();
  if (rest.startsWith('Error: ')) rest = rest.slice(7);
  const first = rest.slice(0, lineEnd(rest, 0));
  const second = rest.slice(first.length).trim();
  const errorType = second.length > 0 && second.indexOf(' ') < 0 ? second : undefined;
  if (first.startsWith('Task timed out')) {
    e.failure = { kind: 'timeout', errorType: errorType ?? 'Sandbox.Timedout', errorMessage: first };
  } else if (first.startsWith('Runtime exited') || first.startsWith('Process exited') || errorType === 'Runtime.ExitError') {
    e.failure = { kind: 'crash', errorType: errorType ?? 'Runtime.ExitError', errorMessage: first };
  } else if (first.length > 0) {
    e.failure = { kind: 'error', errorType, errorMessage: first };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Runtime lines

const NODE_FAILURES = ['Invoke Error', 'Uncaught Exception', 'Unhandled Promise Rejection'];

/**
 * `<ISO ts>\t<requestId>\t<LEVEL>\t<message>` (Node.js), `<ts> <requestId> Task timed out after 3.00 seconds`,
 * `2024-01-01 12:00:00 <requestId> INFO Handler - message` (Java log4j2), or any line starting with a digit.
 */
function runtimeLine(e: LogEvent, text: string, n: number): void {
  // Node.js: `<ISO ts>\t<uuid or undefined>\t<LEVEL>\t<message>`, found with indexOf rather than character loops.
  const t1 = text.indexOf('\t');
  if (t1 > 0 && t1 < 40) {
    let idEnd = -1;
    if (isUuidAt(text, t1 + 1, n)) {
      e.requestId = text.slice(t1 + 1, t1 + 37);
      idEnd = t1 + 37;
    } else if (text.startsWith('undefined\t', t1 + 1)) idEnd = t1 + 10; // logged during init
    if (idEnd > 0) {
      if (Number.isNaN(e.timestampMs)) e.timestampMs = toEpochMs(text.slice(0, t1)) ?? NaN;
      return afterRequestId(e, text, n, idEnd + 1);
    }
  }
  // Space separated, or a date and a time before the id: look for the id in the first three words.
  let p = 0;
  for (let k = 0; k < 3 && p < n; k++) {
    let q = p;
    while (q < n && !isSep(text.charCodeAt(q))) q++;
    if (q - p === 36 && isUuidAt(text, p, n)) {
      e.requestId = text.slice(p, q);
      if (Number.isNaN(e.timestampMs)) e.timestampMs = toEpochMs(text.slice(0, p - 1)) ?? NaN;
      return afterRequestId(e, text, n, q + 1);
    }
    p = q + 1;
  }
  // A line that merely starts with a digit.
}

/** The rest of a runtime line after its request id: level word, then timeouts, runtime-reported errors, stacks. */
function afterRequestId(e: LogEvent, text: string, n: number, m: number): void {
  let w = m;
  while (w < n && w - m < 9 && !isSep(text.charCodeAt(w))) w++;
  const level = levelAt(text, m, w);
  if (level) {
    e.level = level;
    m = w;
    while (m < n && isSep(text.charCodeAt(m))) m++; // log4j pads the level with spaces
  }
  if (text.startsWith('Task timed out', m)) {
    e.kind = 'runtime';
    e.level = 'ERROR';
    e.failure = { kind: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: text.slice(m, lineEnd(text, m)) };
    return;
  }
  if (level === 'ERROR' || level === 'FATAL') {
    for (const f of NODE_FAILURES) {
      if (text.startsWith(f, m)) return nodeFailure(e, text, m + f.length);
    }
    if (text.charCodeAt(m - 2) === 108 /* the l of .NET's `fail` */ && hasNewline(text, m, n)) return dotnetFailure(e, text, m);
  }
  if (hasNewline(text, m, n)) addFrames(e, e.message);
}

/** `Invoke Error \t{"errorType":"Error","errorMessage":"boom","stack":["Error: boom","    at ..."]}` */
function nodeFailure(e: LogEvent, text: string, from: number): void {
  e.kind = 'runtime';
  const failure: Failure = { kind: 'error' };
  e.failure = failure;
  const brace = text.indexOf('{', from);
  let err: unknown;
  if (brace >= 0) {
    try { err = JSON.parse(text.slice(brace)); } catch { /* cut short (256 KB limit): keep the text */ }
  }
  if (isObj(err)) {
    e.fields = err;
    failure.errorType = str(err.errorType);
    failure.errorMessage = str(err.errorMessage);
    const frames = framesFromStackArray(err.stack ?? err.stackTrace ?? err.trace);
    if (frames.length > 0) e.frames = frames;
  } else {
    addFrames(e, text);
  }
  if (failure.errorType === 'Runtime.ExitError') failure.kind = 'crash';
}

/**
 * `[INFO]\t<ts>\t<requestId>\t<message>` (logging), and `[ERROR] KeyError: 'x'\rTraceback ...` or
 * `[ERROR] Runtime.ImportModuleError: ...`: an unhandled exception reported by the runtime.
 */
function pythonLine(e: LogEvent, text: string, n: number): void {
  const close = text.indexOf(']');
  if (close < 4 || close > 10) return;
  const level = levelAt(text, 1, close);
  if (!level) return;
  e.level = level;
  if (text.charCodeAt(close + 1) === 9 /* \t */) {
    const t2 = text.indexOf('\t', close + 2);
    if (t2 < 0 || t2 >= n) return;
    if (Number.isNaN(e.timestampMs)) e.timestampMs = toEpochMs(text.slice(close + 2, t2)) ?? NaN;
    if (isUuidAt(text, t2 + 1, n)) e.requestId = text.slice(t2 + 1, t2 + 37);
    if (hasNewline(text, t2, n)) addFrames(e, e.message);
    return;
  }
  if (level !== 'ERROR' && level !== 'FATAL') return;
  // `[ERROR] Type: message` — the runtime's report of an exception the handler did not catch.
  let t = close + 1;
  while (t < n && text.charCodeAt(t) === 32) t++;
  const first = lineEnd(text, t);
  const colon = text.indexOf(': ', t);
  if (colon < 0 || colon > first || !isTypeName(text, t, colon)) {
    if (hasNewline(text, t, n)) addFrames(e, e.message);
    return;
  }
  e.kind = 'runtime';
  e.failure = { kind: 'error', errorType: text.slice(t, colon), errorMessage: text.slice(colon + 2, first) };
  addFrames(e, e.message);
}

/** `panic: <message>` then `goroutine 1 [running]:` and frames: the Go handler failed. */
function goPanic(e: LogEvent, text: string): void {
  e.kind = 'runtime';
  e.level = 'FATAL';
  e.failure = { kind: 'error', errorType: 'panic', errorMessage: text.slice(7, lineEnd(text, 7)) };
  addFrames(e, e.message);
}

/**
 * .NET's `fail` line for an exception the handler let out: `System.InvalidOperationException: msg` followed by
 * `   at ...` frames. Only a typed first line with frames counts: a plain logged error is not a failure.
 */
function dotnetFailure(e: LogEvent, text: string, m: number): void {
  const colon = text.indexOf(': ', m);
  const first = lineEnd(text, m);
  if (colon < 0 || colon > first || !isTypeName(text, m, colon) || !text.slice(m, colon).endsWith('Exception')) return;
  addFrames(e, e.message);
  if (!e.frames) return;
  e.kind = 'runtime';
  e.failure = { kind: 'error', errorType: text.slice(m, colon), errorMessage: text.slice(colon + 2, first) };
}

function addFrames(e: LogEvent, text: string): void {
  const frames = parseStackFrames(text);
  if (frames.length > 0) e.frames = frames;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON messages

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

// ---------------------------------------------------------------------------------------------------------------
// JsonReader for Lambda JSON-format records that are themselves the JSON value (Telemetry API NDJSON, JSON exports)

export const lambdaJsonRecordReader: JsonReader = {
  format: 'lambda-json',
  matches(value: unknown): boolean {
    if (!isObj(value)) return false;
    const type = value.type;
    if (typeof type === 'string') {
      // Without `time` it is still recognisably ours: read() then names the missing field.
      return 'record' in value && (type.startsWith('platform.') || ('time' in value && (type === 'function' || type === 'extension')));
    }
    // App records: Lambda JSON format (no requestId during init), Powertools, pino-style JSON logs.
    return ('level' in value || 'log_level' in value) && ('timestamp' in value || 'time' in value) &&
      (typeof value.requestId === 'string' || typeof value.function_request_id === 'string' || 'message' in value || 'msg' in value);
  },
  read(value: unknown, ctx: ReadContext): void {
    if (!isObj(value)) {
      ctx.sink.skip('wrong-type', ctx.origin, `record is ${typeName(value)}, expected object`);
      return;
    }
    const field = 'type' in value ? 'time' : 'time' in value ? 'time' : 'timestamp';
    const raw = value[field];
    if (raw === undefined || raw === null) {
      ctx.sink.skip('missing-field', ctx.origin, `${field} is missing`);
      return;
    }
    const ts = toEpochMs(raw);
    if (ts === undefined) {
      ctx.sink.skip('wrong-type', ctx.origin, `${field} is ${typeName(raw)} ${JSON.stringify(raw).slice(0, 40)}, expected an ISO 8601 time or epoch number`);
      return;
    }
    const e = lambdaEventFromJson(value, undefined, ts, ctx.hints, 'lambda-json', ctx.origin);
    if (e) ctx.sink.log(e);
    else ctx.sink.skip('unknown-record', ctx.origin, 'not a Lambda log record');
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Text files of Lambda log lines

/** Reads plain text Lambda logs, with or without the `aws logs tail` prefix; multi-line messages are joined. */
export function createLambdaTextReader(sink: Sink, hints: Hints, file: string): TextReader {
  return new LambdaTextReader(sink, hints, file);
}

/** What a pending record takes as continuation lines. */
const enum Absorb { None, Xray, Stack, All }

const MAX_PENDING_CHARS = 1 << 20;

/** Lines without a time held back until a line with one arrives (bounded: a file may carry no time at all). */
const MAX_UNTIMED = 10000;

class LambdaTextReader implements TextReader {
  private parts: string[] = [];
  private pendingChars = 0;
  private pendingLine = 0;
  private pendingTs: number | undefined;
  private pendingHints: Hints;
  private absorb = Absorb.None;
  private tailMode = false;
  private lastTs = 0;
  /** Events whose line carried no time, waiting for the next line that does (START takes that one's time). */
  private untimed: LogEvent[] = [];
  /** Per stream (hints object), the invocation between its START and its REPORT: lines without a request id run in it. */
  private readonly open = new Map<Hints, string>();
  private readonly streamHints = new Map<string, Hints>();

  constructor(private readonly sink: Sink, private readonly hints: Hints, private readonly file: string) {
    this.pendingHints = hints;
  }

  line(text: string, lineNo: number, continued = false): void {
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (isBinaryText(text)) {
      this.flush();
      this.sink.skip('binary', { file: this.file, line: lineNo }, `binary or undecodable bytes in a text line (${text.length} chars)`);
      return;
    }
    const prefix = cliPrefix(text);
    if (prefix) {
      this.tailMode = true;
      this.flush();
      const hints = prefix.stream ? this.hintsFor(prefix.stream) : this.hints;
      this.begin(text.slice(prefix.bodyStart), lineNo, prefix.ts, hints, Absorb.All);
      return;
    }
    const pending = this.parts.length > 0;
    if (pending && this.pendingChars + text.length < MAX_PENDING_CHARS && (continued || this.continues(text))) {
      this.parts.push(text);
      this.pendingChars += text.length + 1;
      return;
    }
    if (isBlank(text)) return; // nothing to continue: a blank line carries no data
    this.flush();
    this.begin(text, lineNo, undefined, this.hints, absorbOf(text));
  }

  /**
   * For a file reader about to parse a line starting with `{` or `[` as JSON: 2 = the line belongs to the
   * record being read whatever it holds (every record of a CLI copy starts with its prefix), 1 = it does unless
   * it is a record of its own (pretty JSON or util.inspect output under a runtime line), 0 = it does not.
   */
  continuation(text: string): 0 | 1 | 2 {
    if (this.parts.length === 0 || this.pendingChars + text.length >= MAX_PENDING_CHARS) return 0;
    if (this.tailMode) return 2;
    return this.absorb === Absorb.All ? 1 : 0;
  }

  /** A whole record the file reader cut out (a JSON value no trace reader recognised: an error object, say). */
  record(text: string, lineNo: number): void {
    this.flush();
    this.begin(text, lineNo, undefined, this.hints, Absorb.None);
    this.flush();
  }

  end(): void {
    this.flush();
    this.release(undefined);
  }

  private continues(text: string): boolean {
    if (this.tailMode) return true; // with the prefix, every record starts with it
    if (isRecordStart(text)) return false;
    switch (this.absorb) {
      case Absorb.All: return true;
      case Absorb.Xray: return text.startsWith('XRAY');
      case Absorb.Stack: return isStackContinuation(text);
      default: return false;
    }
  }

  private begin(text: string, lineNo: number, ts: number | undefined, hints: Hints, absorb: Absorb): void {
    this.parts.push(text);
    this.pendingChars = text.length;
    this.pendingLine = lineNo;
    this.pendingTs = ts;
    this.pendingHints = hints;
    this.absorb = absorb;
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    if (this.parts.length > 2 && !this.tailMode && isErrorObjectBlock(this.parts)) {
      // The Java runtime's pretty-printed error object under the function's last line is a record of its own.
      const block = this.parts.slice(1).join('\n');
      const line = this.pendingLine;
      this.parts.length = 1;
      this.flush();
      this.begin(block, line + 1, undefined, this.pendingHints, Absorb.None);
    }
    let text = this.parts.length === 1 ? this.parts[0] : this.parts.join('\n');
    this.parts = [];
    // `aws logs tail --format json` prints a JSON message on the lines after its prefix.
    if (this.tailMode && isSpace(text.charCodeAt(0))) text = text.trimStart();
    const e = parseText(text, this.pendingTs, this.pendingHints, 'lambda-text', { file: this.file, line: this.pendingLine }, NaN);
    this.runsIn(e);
    if (Number.isNaN(e.timestampMs)) {
      this.untimed.push(e);
      if (this.untimed.length >= MAX_UNTIMED) this.release(undefined);
      return;
    }
    this.release(e.timestampMs);
    this.lastTs = e.timestampMs;
    this.sink.log(e);
  }

  /** Gives the request id of the invocation running in the line's stream to a line that names none. */
  private runsIn(e: LogEvent): void {
    const hints = this.pendingHints;
    const p = e.platform;
    if (e.requestId !== undefined) {
      if (p?.type === 'start') this.open.set(hints, e.requestId);
      else if (p?.type === 'report') this.open.delete(hints);
      return;
    }
    if (p) return; // INIT_START, EXTENSION...: outside any invocation
    const id = this.open.get(hints);
    if (id !== undefined) e.requestId = id;
  }

  /**
   * Emits the held-back untimed events. A START takes the time of the line after it (its invocation's first),
   * any other line the time of the line before it; with no time anywhere the time is unknown, never 1970.
   */
  private release(next: number | undefined): void {
    if (this.untimed.length === 0) return;
    const held = this.untimed;
    this.untimed = [];
    for (const e of held) {
      const before = this.lastTs > 0 ? this.lastTs : undefined;
      const t = e.platform?.type === 'start' ? next ?? before : before ?? next;
      if (t === undefined) {
        e.timestampMs = 0;
        e.timeUnknown = true;
      } else e.timestampMs = t;
      this.sink.log(e);
    }
  }

  private hintsFor(stream: string): Hints {
    let h = this.streamHints.get(stream);
    if (!h) {
      h = { ...this.hints, logStream: stream };
      if (this.streamHints.size < 10000) this.streamHints.set(stream, h);
    }
    return h;
  }
}

/** Lines 1.. of a pending record are a whole `{ errorMessage, errorType, stackTrace }` object starting at column 0. */
function isErrorObjectBlock(parts: string[]): boolean {
  if (parts[1] !== '{' || parts[parts.length - 1] !== '}') return false;
  try {
    const v: unknown = JSON.parse(parts.slice(1).join('\n'));
    return isObj(v) && typeof v.errorType === 'string' && 'errorMessage' in v && v.message === undefined;
  } catch {
    return false;
  }
}

/** NUL bytes, or more than 5% undecodable bytes (one stray replacement character is still text). */
function isBinaryText(text: string): boolean {
  if (text.indexOf('\u0000') >= 0) return true;
  let bad = text.indexOf('\ufffd');
  if (bad < 0) return false;
  let count = 0;
  for (; bad < text.length; bad++) if (text.charCodeAt(bad) === 0xfffd) count++;
  return count * 20 > text.length;
}

/**
 * True for a text line that starts with `[` but is a Lambda log line, not JSON: Python's `[INFO]\t...`,
 * `[ERROR] KeyError: ...`. For file readers that send lines starting with `[` to the JSON parser.
 */
export function isBracketedLevelLine(line: string): boolean {
  if (line.charCodeAt(0) !== 91 /* [ */) return false;
  const close = line.indexOf(']');
  if (close < 4 || close > 10 || levelAt(line, 1, close) === undefined) return false;
  const after = line.charCodeAt(close + 1);
  return after === 9 || after === 32 || Number.isNaN(after);
}

function isRecordStart(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 91: /* [ */ return isBracketedLevelLine(text);
    case 123: return true;
    case 83: return text.startsWith('START RequestId: ');
    case 69: return text.startsWith('END RequestId: ') || text.startsWith('EXTENSION');
    case 82: return text.startsWith('REPORT RequestId: ') || text.startsWith('RequestId: ') || text.startsWith('RESTORE_');
    case 73: return text.startsWith('INIT_');
    case 84: return text.startsWith('TELEMETRY');
    case 76: return text.startsWith('LOGS\t') || text.startsWith('LAMBDA_WARNING');
    default: return isTimestampStart(text);
  }
}

function absorbOf(text: string): Absorb {
  if (text.startsWith('REPORT')) return Absorb.Xray; // its X-Ray part may follow on the next line
  if (text.startsWith('RequestId: ')) return Absorb.All; // `Runtime.ExitError` follows
  if (text.startsWith('LAMBDA_WARNING')) return Absorb.Stack;
  if (isRecordStart(text) && text.charCodeAt(0) !== 91 && !isTimestampStart(text)) return Absorb.None; // platform lines
  return text.charCodeAt(0) === 91 || isTimestampStart(text) ? Absorb.All : Absorb.Stack;
}

/** Lines that only make sense as part of the record above them, even after an unprefixed line. */
function isStackContinuation(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9 || text.startsWith('Traceback') || text.startsWith('Caused by') ||
    text.startsWith('During handling') || text.startsWith('The above exception') || text.startsWith('goroutine ');
}

/** `2024-01-01...` or `2024/01/01...` */
function isTimestampStart(text: string): boolean {
  const sep = text.charCodeAt(4);
  return (sep === 45 || sep === 47) && isDigitCode(text.charCodeAt(0)) && isDigitCode(text.charCodeAt(1)) &&
    isDigitCode(text.charCodeAt(2)) && isDigitCode(text.charCodeAt(3)) && isDigitCode(text.charCodeAt(5));
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning helpers

/**
 * A Lambda request id (a UUID, 8-4-4-4-12) at `at`, ending at `end` or a separator. Checks the dashes and the
 * hex digits around them: enough to tell an id from a word, at a fraction of a full scan.
 */
function isUuidAt(text: string, at: number, end: number): boolean {
  const stop = at + 36;
  if (stop > end) return false;
  if (stop < end && !isSpace(text.charCodeAt(stop))) return false;
  return text.charCodeAt(at + 8) === 45 && text.charCodeAt(at + 13) === 45 && text.charCodeAt(at + 18) === 45 &&
    text.charCodeAt(at + 23) === 45 && isHex(text.charCodeAt(at)) && isHex(text.charCodeAt(at + 7)) &&
    isHex(text.charCodeAt(at + 9)) && isHex(text.charCodeAt(at + 22)) && isHex(text.charCodeAt(at + 24)) && isHex(text.charCodeAt(stop - 1));
}

/** `<KEYWORD> RequestId: ` checked at four characters: the keyword's second letter, the space, `R` and the colon. */
function looksLike(text: string, prefix: string): boolean {
  const sp = prefix.indexOf(' ');
  return text.charCodeAt(1) === prefix.charCodeAt(1) && text.charCodeAt(sp) === 32 && text.charCodeAt(sp + 1) === 82 &&
    text.charCodeAt(sp + 10) === 58;
}

/** startsWith as a character loop: V8 inlines it, which String.prototype.startsWith with a position is not. */
function startsAt(text: string, at: number, literal: string): boolean {
  if (at + literal.length > text.length) return false;
  for (let j = 0; j < literal.length; j++) if (text.charCodeAt(at + j) !== literal.charCodeAt(j)) return false;
  return true;
}

/** `1-5e61292c-cc1229a4dfbeae1043928548` -> 32 lower-case hex digits, without a regular expression (one per REPORT). */
function xrayTraceIdAt(text: string, from: number, to: number): string | undefined {
  if (to - from !== 35 || text.charCodeAt(from) !== 49 || text.charCodeAt(from + 1) !== 45 || text.charCodeAt(from + 10) !== 45) return undefined;
  let upper = false;
  for (let i = from + 2; i < to; i++) {
    if (i === from + 10) continue;
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 70) upper = true;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  const id = text.slice(from + 2, from + 10) + text.slice(from + 11, to);
  return upper ? id.toLowerCase() : id;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `KeyError`, `Runtime.ImportModuleError`, `botocore.exceptions.ClientError` */
function isTypeName(s: string, from: number, to: number): boolean {
  if (to <= from || to - from > 200) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95)) return false;
  }
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isSep(c: number): boolean {
  return c === 9 || c === 32;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** A newline before `end` (the message's own trailing newline does not count). */
function hasNewline(text: string, from: number, end: number): boolean {
  const nl = text.indexOf('\n', from);
  if (nl >= 0 && nl < end) return true;
  const cr = text.indexOf('\r', from);
  return cr >= 0 && cr < end;
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** Where the last decimalFrom stopped (a second return value without allocating). */
let decimalEnd = 0;

/** `619.31` starting at `from`, without slicing; undefined when no digits. Sets decimalEnd. */
function decimalFrom(text: string, from: number, to: number): number | undefined {
  let n = 0;
  let scale = 1;
  let dot = false;
  let i = from;
  for (; i < to && i - from < 16; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      if (dot) scale *= 10;
    } else if (c === 46 && !dot && i > from) dot = true;
    else break;
  }
  decimalEnd = i;
  return i > from && text.charCodeAt(i - 1) !== 46 ? n / scale : undefined; // exact integers divided: the double Number() gives
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
