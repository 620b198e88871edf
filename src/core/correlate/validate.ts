// Range and shape checks on what the readers produced. A record that fails one is kept (with the bad value
// left out where it would mislead, e.g. a 1e32 ms duration) and flagged: never dropped or repaired silently.
import type { Attributes, PlatformRecord, Span } from '../model';
import type { WarningReason } from '../readers/types';
import { isSummaryOnly } from '../readers/exports/traceSummaries';

/** Timestamps outside 2000-01-01 .. 2100-01-01 (epoch ms) are not real trace data. */
export const MIN_TIME_MS = Date.UTC(2000, 0, 1);
export const MAX_TIME_MS = Date.UTC(2100, 0, 1);
/** Longer than any span we can draw meaningfully: 30 days. */
export const MAX_SPAN_MS = 30 * 24 * 3600 * 1000;
/** Lambda runs at most 15 minutes; a minute of slack for the init phase and rounding. */
export const MAX_LAMBDA_MS = 16 * 60 * 1000;
/** Lambda memory sizes, MB. */
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10240;

export interface Finding {
  reason: WarningReason;
  message: string;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

export function inTimeRange(ms: number): boolean {
  return ms >= MIN_TIME_MS && ms < MAX_TIME_MS;
}

/** What is wrong with a span, if anything. A span whose duration is out of range keeps 0 ms, flagged. */
export function checkSpan(s: Span): Finding[] {
  const out: Finding[] = [];
  if (!HEX32.test(s.traceId)) out.push({ reason: 'bad-id', message: `trace id ${JSON.stringify(s.traceId)} is not 32 (or 16) hex digits` });
  // A trace-summary row stands in for a trace not read yet under an id the core made up (`summary-<hex>`).
  if (!HEX16.test(s.spanId) && !isDerivedId(s) && !isSummaryOnly(s)) out.push({ reason: 'bad-id', message: `span id ${JSON.stringify(s.spanId)} is not 16 hex digits` });
  if (s.parentSpanId !== undefined && s.parentSpanId !== '' && !HEX16.test(s.parentSpanId) && !/[.~]/.test(s.parentSpanId)) {
    out.push({ reason: 'bad-id', message: `parent span id ${JSON.stringify(s.parentSpanId)} is not 16 hex digits` });
  }
  // Untimed Zipkin fragments merge into their half; alone, the reader has already flagged them.
  if (!inTimeRange(s.startMs) && !(s.startMs === 0 && s.attributes['zipkin.fragment'] === true)) {
    out.push({ reason: 'out-of-range', message: `start time ${show(s.startMs)} ms is outside 2000-2100` });
  }
  if (!(s.durationMs >= 0 && s.durationMs <= MAX_SPAN_MS)) {
    out.push({ reason: 'out-of-range', message: `duration ${show(s.durationMs)} ms is out of range (0 to 30 days); shown as 0 ms` });
    s.durationMs = 0;
  }
  return out;
}

/** Ids the core makes from a real one (`<id>.client`, `<id>~2`) are checked through the id they came from. */
function isDerivedId(s: Span): boolean {
  const original = s.attributes['explorer.original_span_id'];
  return typeof original === 'string' && s.spanId.startsWith(original) && HEX16.test(original);
}

/** Platform (REPORT, platform.report) numbers out of range are left out of the record and named. */
export function checkPlatform(p: PlatformRecord): Finding[] {
  const range = (key: 'durationMs' | 'billedDurationMs' | 'initDurationMs' | 'restoreDurationMs' | 'memorySizeMb' | 'maxMemoryUsedMb',
    label: string, min: number, max: number, unit: string) => {
    const v = p[key];
    if (v === undefined || (v >= min && v <= max)) return;
    (p.invalid ??= []).push(`${label}: ${v} ${unit} is out of range (${min} to ${max} ${unit}); left out`);
    p[key] = undefined;
  };
  range('durationMs', 'Duration', 0, MAX_LAMBDA_MS, 'ms');
  range('billedDurationMs', 'Billed Duration', 0, MAX_LAMBDA_MS, 'ms');
  range('initDurationMs', 'Init Duration', 0, MAX_LAMBDA_MS, 'ms');
  range('restoreDurationMs', 'Restore Duration', 0, MAX_LAMBDA_MS, 'ms');
  range('memorySizeMb', 'Memory Size', MIN_MEMORY_MB, MAX_MEMORY_MB, 'MB');
  range('maxMemoryUsedMb', 'Max Memory Used', 0, MAX_MEMORY_MB, 'MB');
  return (p.invalid ?? []).map((message) => ({ reason: 'out-of-range', message }));
}

/** Flags a span: `explorer.warnings` lists what was found, for the views to show. */
export function flagSpan(attributes: Attributes, findings: Finding[]): void {
  const prev = attributes['explorer.warnings'];
  const list = Array.isArray(prev) ? prev.filter((x): x is string => typeof x === 'string') : [];
  for (const f of findings) list.push(`${f.reason}: ${f.message}`);
  attributes['explorer.warnings'] = list;
}

function show(n: number): string {
  return String(n);
}
