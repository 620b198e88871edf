// The registry of JSON readers, in the order their shape tests are tried (most specific first).
import type { Format } from '../model';
import type { JsonReader, ReadContext } from './types';
import { cloudwatchEventReader, cloudwatchExportReader, subscriptionReader } from './cloudwatch';
import { lambdaJsonRecordReader } from './lambda';
import { awsSpansReader, otlpReader } from './otel';
import { otlpLogsReader } from './otlpLogs';
import { xrayReader } from './xray';
import { jaegerReader } from './jaeger';
import { zipkinReader } from './zipkin';
import { traceSummariesReader } from './exports/traceSummaries';
import { invokeResultReader } from './exports/invokeResult';

export function jsonReaders(): JsonReader[] {
  return [
    invokeResultReader,
    traceSummariesReader,
    subscriptionReader,
    cloudwatchExportReader,
    otlpReader,
    otlpLogsReader,
    xrayReader,
    jaegerReader,
    zipkinReader,
    awsSpansReader,
    lambdaJsonRecordReader,
    cloudwatchEventReader,
  ];
}

let readers: JsonReader[] | undefined;

/**
 * Hands a parsed JSON value to the first reader that recognises it; returns that reader's format.
 * Returns undefined when nothing recognised the value (the caller decides how to count it), and
 * null for an array whose unrecognised elements were already counted one by one.
 */
export function readJsonValue(value: unknown, ctx: ReadContext): Format | null | undefined {
  const format = readOne(value, ctx);
  if (format !== undefined || !Array.isArray(value) || value.length === 0) return format;
  // An array of mixed or individually-recognisable records: each element on its own. Nested arrays go on an
  // explicit stack, not recursion: hostile input nests deeper than the call stack.
  let found: Format | undefined;
  const stack: { items: unknown[]; path: string; next: number }[] = [{ items: value, path: ctx.origin.path ?? '', next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.items.length) { stack.pop(); continue; }
    const i = top.next++;
    const item = top.items[i];
    const path = `${top.path}[${i}]`;
    const itemCtx = { ...ctx, origin: { ...ctx.origin, path } };
    const f = readOne(item, itemCtx);
    if (f) found ??= f;
    else if (Array.isArray(item) && item.length > 0) stack.push({ items: item, path, next: 0 });
    else ctx.sink.skip('unknown-record', itemCtx.origin, describeUnknown(item));
  }
  return found ?? null;
}

function readOne(value: unknown, ctx: ReadContext): Format | undefined {
  readers ??= jsonReaders();
  // Fast path for the commonest record (one CloudWatch event per NDJSON line): skip the other shape tests.
  if (isCloudWatchEvent(value)) {
    cloudwatchEventReader.read(value, ctx);
    return cloudwatchEventReader.format;
  }
  for (const r of readers) {
    if (r.matches(value)) {
      r.read(value, ctx);
      return r.format;
    }
  }
  return undefined;
}

/** True when some reader recognises the value's shape (an array: when one of its first elements is). */
export function isRecognised(value: unknown): boolean {
  readers ??= jsonReaders();
  if (isCloudWatchEvent(value)) return true;
  for (const r of readers) if (r.matches(value)) return true;
  if (Array.isArray(value)) return value.slice(0, 3).some((v) => !Array.isArray(v) && isRecognised(v));
  return false;
}

/** Only CloudWatch writes these keys beside a message. */
function isCloudWatchEvent(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.message === 'string' && ('logStreamName' in o || 'ingestionTime' in o || 'eventId' in o);
}

export function describeUnknown(value: unknown): string {
  if (value === null || typeof value !== 'object') return `a JSON ${value === null ? 'null' : typeof value} is not a trace or log record`;
  const keys = Object.keys(value as object).slice(0, 6);
  return `no reader recognises a JSON ${Array.isArray(value) ? 'array' : `object with keys ${keys.join(', ') || '(none)'}`}`;
}
