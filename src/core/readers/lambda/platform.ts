// Platform text lines: START / END / REPORT / INIT_* / RESTORE_* / EXTENSION / TELEMETRY.
import type { InvocationStatus, LogEvent, PlatformRecord, PlatformType } from '../../model';
import { normalizeTraceId } from '../../ids';
import { decimalEnd, decimalFrom, isSpace, isUuidAt, lineEnd, type Obj, startsAt, xrayTraceIdAt } from './scan';

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

export function platformLine(e: LogEvent, text: string, n: number, type: PlatformType, from: number): void {
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
export function newPlatformRecord(type: PlatformType): PlatformRecord {
  return {
    type, version: undefined, durationMs: undefined, billedDurationMs: undefined, memorySizeMb: undefined,
    maxMemoryUsedMb: undefined, initDurationMs: undefined, restoreDurationMs: undefined, status: undefined,
    errorType: undefined, traceId: undefined, segmentId: undefined, sampled: undefined, phases: undefined,
    invalid: undefined,
  };
}

export function setPlatformFailure(e: LogEvent, p: PlatformRecord): void {
  const s = p.status;
  if (s === 'timeout' || s === 'error' || s === 'crash') {
    e.failure = { kind: s === 'crash' ? 'crash' : s, errorType: p.errorType };
    e.level = 'ERROR';
  }
}

/** Lambda status words -> InvocationStatus. A runtime that exited or ran out of memory crashed. */
export function statusOf(raw: string, errorType: string | undefined): InvocationStatus {
  switch (raw) {
    case 'success': case 'ok': return 'ok';
    case 'timeout': return 'timeout';
    case 'crash': return 'crash';
    default:
      return errorType === 'Runtime.ExitError' || errorType === 'Runtime.OutOfMemory' ? 'crash' : 'error';
  }
}

/** `RequestId: <id> Error: Runtime exited with error: exit status 1\nRuntime.ExitError`, `... Process exited before completing request`. */
export function requestIdErrorLine(e: LogEvent, text: string): void {
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
