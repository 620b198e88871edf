// Runtime lines (Node, Python, Go, .NET, Java failures and stack frames).
import type { Failure, LogEvent } from '../../model';
import { framesFromStackArray, parseStackFrames } from '../stack';
import { toEpochMs } from './epoch';
import { levelAt } from './helpers';
import { hasNewline, isObj, isSep, isTypeName, isUuidAt, lineEnd, str } from './scan';

export const NODE_FAILURES = ['Invoke Error', 'Uncaught Exception', 'Unhandled Promise Rejection'];

/**
 * `<ISO ts>\t<requestId>\t<LEVEL>\t<message>` (Node.js), `<ts> <requestId> Task timed out after 3.00 seconds`,
 * `2024-01-01 12:00:00 <requestId> INFO Handler - message` (Java log4j2), or any line starting with a digit.
 */
export function runtimeLine(e: LogEvent, text: string, n: number): void {
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
export function pythonLine(e: LogEvent, text: string, n: number): void {
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
export function goPanic(e: LogEvent, text: string): void {
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
