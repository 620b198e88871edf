// CloudWatch Logs containers: `aws logs` exports, single events / Logs Insights rows, subscription payloads.
// Each event's message becomes a LogEvent (lambda/), unless the message is itself a JSON record another reader
// knows (an `aws/spans` export: every message is an OpenTelemetry span).
import { gunzipSync } from 'zlib';
import type { Format, Origin } from '../model';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../ingest/jsonDepth';
import type { Hints, JsonReader, ReadContext } from './types';
import { functionNameFromLogGroup, lambdaEventFromJson, lambdaJsonRecordReader, parseLambdaMessage, plainLogEvent, toEpochMs, typeName } from './lambda';

type Obj = Record<string, unknown>;

/** `aws logs filter-log-events` / `get-log-events` output: `{ events: [{ timestamp, message, logStreamName? }], ... }`. */
export const cloudwatchExportReader: JsonReader = {
  format: 'cloudwatch-export',
  matches(v: unknown): boolean {
    if (!isObj(v) || !Array.isArray(v.events)) return false;
    if (v.events.length === 0) return 'nextForwardToken' in v || 'nextBackwardToken' in v || 'searchedLogStreams' in v || 'nextToken' in v;
    const first = v.events[0];
    return isObj(first) && ('message' in first || 'timestamp' in first) && !('spans' in v);
  },
  read(v: unknown, ctx: ReadContext): void {
    if (!isObj(v) || !Array.isArray(v.events)) return;
    // Our fetcher writes `logGroupName` next to the events; it knows better than the file path.
    const group = str(v.logGroupName);
    const hints = group ? groupHints(ctx.hints, group) : ctx.hints;
    readEvents(v.events, 'events', new HintsCache(hints), ctx, 'cloudwatch-export');
  },
};

/** One event per value (NDJSON `{timestamp, message, logStreamName?, logGroupName?}`), Logs Insights rows and results. */
export const cloudwatchEventReader: JsonReader = {
  format: 'cloudwatch-event',
  matches(v: unknown): boolean {
    // An array of Powertools / JSON-format records (they too hold `message` and `timestamp`) is read record by record.
    if (Array.isArray(v)) return v.length > 0 && isEventLike(v[0]) && !lambdaJsonRecordReader.matches(v[0]);
    if (!isObj(v)) return false;
    if (isEventLike(v)) return true;
    // `aws logs get-query-results`: { results: [[{field, value}, ...], ...], status }
    const rows = v.results;
    return Array.isArray(rows) && rows.length > 0 && Array.isArray(rows[0]) && isObj(rows[0][0]) && 'field' in rows[0][0];
  },
  read(v: unknown, ctx: ReadContext): void {
    const cache = eventHintsCache(ctx.hints);
    const base = ctx.origin.path ?? '';
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) readOneEvent(v[i], `${base}[${i}]`, cache, ctx);
      return;
    }
    if (isObj(v) && Array.isArray(v.results) && !isEventLike(v)) {
      const rows = v.results;
      for (let i = 0; i < rows.length; i++) {
        const path = `${base}${base ? '.' : ''}results[${i}]`;
        const row = rows[i];
        if (!Array.isArray(row)) {
          ctx.sink.skip('wrong-type', at(ctx.origin, path), `results[${i}] is ${typeName(row)}, expected an array of {field, value}`);
          continue;
        }
        const obj: Obj = {};
        for (const cell of row) if (isObj(cell) && typeof cell.field === 'string') obj[cell.field] = cell.value;
        readOneEvent(obj, path, cache, ctx);
      }
      return;
    }
    readOneEvent(v, ctx.origin.path, cache, ctx);
  },
};

/** CloudWatch Logs subscription payloads, the Lambda trigger envelope, and Firehose / Kinesis records carrying them. */
export const subscriptionReader: JsonReader = {
  format: 'cloudwatch-subscription',
  matches(v: unknown): boolean {
    if (!isObj(v)) return false;
    if (typeof v.messageType === 'string') return 'logEvents' in v || v.messageType === 'DATA_MESSAGE' || v.messageType === 'CONTROL_MESSAGE';
    if (isObj(v.awslogs)) return typeof v.awslogs.data === 'string';
    if (Array.isArray(v.records)) {
      const r = v.records[0];
      return isObj(r) && typeof r.data === 'string' && ('recordId' in r || 'deliveryStreamArn' in v);
    }
    if (Array.isArray(v.Records)) {
      const r = v.Records[0];
      return isObj(r) && isObj(r.kinesis) && typeof r.kinesis.data === 'string';
    }
    return false;
  },
  read(v: unknown, ctx: ReadContext): void {
    if (!isObj(v)) return;
    const base = ctx.origin.path ? ctx.origin.path + '.' : '';
    if (typeof v.messageType === 'string') return readPayload(v, base, ctx);
    if (isObj(v.awslogs)) return readEncoded(v.awslogs.data, `${base}awslogs.data`, ctx);
    const records = Array.isArray(v.records) ? v.records : Array.isArray(v.Records) ? v.Records : [];
    const key = Array.isArray(v.records) ? 'records' : 'Records';
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const holder = key === 'Records' && isObj(r) && isObj(r.kinesis) ? r.kinesis : r;
      const path = `${base}${key}[${i}]${holder === r ? '' : '.kinesis'}.data`;
      readEncoded(isObj(holder) ? holder.data : undefined, path, ctx);
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------

function readPayload(p: Obj, base: string, ctx: ReadContext): void {
  if (p.messageType === 'CONTROL_MESSAGE') return; // CloudWatch checking the destination is reachable: no data
  const group = str(p.logGroup);
  let hints = group ? groupHints(ctx.hints, group) : ctx.hints;
  const stream = str(p.logStream);
  if (stream) hints = { ...hints, logStream: stream };
  if (!Array.isArray(p.logEvents)) {
    const origin = at(ctx.origin, `${base}logEvents`);
    if (p.logEvents === undefined || p.logEvents === null) ctx.sink.skip('missing-field', origin, 'logEvents is missing');
    else ctx.sink.skip('wrong-type', origin, `logEvents is ${typeName(p.logEvents)}, expected an array`);
    return;
  }
  readEvents(p.logEvents, `${base}logEvents`, new HintsCache(hints), ctx, 'cloudwatch-subscription');
}

/** base64 (usually gzip-compressed) JSON: a subscription payload, or anything another reader knows. */
function readEncoded(data: unknown, path: string, ctx: ReadContext): void {
  const origin = at(ctx.origin, path);
  if (typeof data !== 'string') {
    if (data === undefined || data === null) ctx.sink.skip('missing-field', origin, `${path} is missing`);
    else ctx.sink.skip('wrong-type', origin, `${path} is ${typeName(data)}, expected a base64 string`);
    return;
  }
  let value: unknown;
  try {
    let buf = Buffer.from(data, 'base64');
    if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf, { maxOutputLength: 256 * 1024 * 1024 });
    const text = buf.toString('utf8');
    if (jsonTooDeep(text) !== undefined) return ctx.sink.skip('too-deep', origin, `${path} holds JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    value = JSON.parse(text);
  } catch (err) {
    ctx.sink.skip('invalid-json', origin, `${path} is not base64 (gzip) JSON: ${(err as Error).message}`);
    return;
  }
  const inner: ReadContext = { sink: ctx.sink, origin, hints: ctx.hints, readNested: ctx.readNested };
  if (isObj(value) && typeof value.messageType === 'string') return readPayload(value, `${path}.`, { ...inner, origin: ctx.origin });
  if (ctx.readNested(value, inner) === undefined) ctx.sink.skip('unknown-record', origin, `${path} decodes to JSON no reader recognises`);
}

function readEvents(events: unknown[], prefix: string, cache: HintsCache, ctx: ReadContext, format: Format): void {
  for (let i = 0; i < events.length; i++) readOneEvent(events[i], `${prefix}[${i}]`, cache, ctx, format);
}

/** One `{timestamp, message, logStreamName?, logGroupName?}` event or Insights row (`@timestamp`, `@message`, `@logStream`, `@log`). */
function readOneEvent(ev: unknown, path: string | undefined, cache: HintsCache, ctx: ReadContext, format: Format = 'cloudwatch-event'): void {
  const origin = path === undefined ? ctx.origin : at(ctx.origin, path);
  const where = path ?? 'event';
  if (!isObj(ev)) {
    ctx.sink.skip('wrong-type', origin, `${where} is ${typeName(ev)}, expected an object with timestamp and message`);
    return;
  }
  const insights = '@message' in ev || '@timestamp' in ev;
  const tsField = insights ? '@timestamp' : 'timestamp';
  const msgField = insights ? '@message' : 'message';
  const rawTs = ev[tsField];
  const message = ev[msgField];
  if (rawTs === undefined || rawTs === null) return ctx.sink.skip('missing-field', origin, `${tsField} is missing`);
  const ts = toEpochMs(rawTs);
  if (ts === undefined) {
    return ctx.sink.skip('wrong-type', origin,
      `${tsField} is ${typeName(rawTs)} ${preview(rawTs)}, expected epoch milliseconds or an ISO 8601 time`);
  }
  if (message === undefined || message === null) return ctx.sink.skip('missing-field', origin, `${msgField} is missing`);
  if (typeof message !== 'string' && !isObj(message)) {
    return ctx.sink.skip('wrong-type', origin, `${msgField} is ${typeName(message)} ${preview(message)}, expected a string`);
  }
  let group: string | undefined;
  let stream: string | undefined;
  if (insights) {
    const log = str(ev['@log']); // `123456789012:/aws/lambda/name`
    group = log ? log.slice(log.indexOf(':') + 1) : undefined;
    stream = str(ev['@logStream']);
  } else {
    group = str(ev.logGroupName) ?? str(ev.logGroup);
    stream = str(ev.logStreamName) ?? str(ev.logStream);
  }
  const hints = cache.get(group, stream);
  if (typeof message === 'string') readMessage(message, ts, hints, format, origin, ctx);
  else readParsedMessage(message, JSON.stringify(message), ts, hints, format, origin, ctx);
}

function readMessage(message: string, ts: number, hints: Hints, format: Format, origin: Origin, ctx: ReadContext): void {
  if (message.charCodeAt(0) !== 123 /* { */) {
    ctx.sink.log(parseLambdaMessage(message, ts, hints, format, origin));
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    ctx.sink.log(parseLambdaMessage(message, ts, hints, format, origin)); // kept as text
    return;
  }
  if (jsonTooDeep(message) !== undefined) {
    ctx.sink.skip('too-deep', origin, `message is JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    return;
  }
  readParsedMessage(value, message.trimEnd(), ts, hints, format, origin, ctx);
}

function readParsedMessage(value: unknown, text: string, ts: number, hints: Hints, format: Format, origin: Origin, ctx: ReadContext): void {
  const e = lambdaEventFromJson(value, text, ts, hints, format, origin);
  if (e) return ctx.sink.log(e);
  if (ctx.readNested(value, { sink: ctx.sink, origin, hints, readNested: ctx.readNested }) !== undefined) return;
  // JSON nobody knows (a metrics line, a custom object): still a log line of this function.
  const app = plainLogEvent(text, ts, hints, format, origin);
  if (isObj(value)) app.fields = value;
  ctx.sink.log(app);
}

/** Hints for a log group: its function name replaces one guessed from the path. */
function groupHints(base: Hints, group: string): Hints {
  return { ...base, logGroup: group, functionName: functionNameFromLogGroup(group) ?? base.functionName };
}

/**
 * One Hints object per (base hints, group, stream), shared by every event of a stream across calls: NDJSON files
 * bring one event per read() call, and lambda/message.ts caches the function name per Hints object.
 */
class HintsCache {
  private static readonly byBase = new WeakMap<Hints, Map<string, Hints>>();
  private readonly map: Map<string, Hints>;
  private lastGroup: string | undefined;
  private lastStream: string | undefined;
  private last: Hints | undefined;

  constructor(readonly base: Hints) {
    let map = HintsCache.byBase.get(base);
    if (!map) HintsCache.byBase.set(base, (map = new Map()));
    this.map = map;
  }

  get(group: string | undefined, stream: string | undefined): Hints {
    if (group === undefined && stream === undefined) return this.base;
    if (this.last !== undefined && group === this.lastGroup && stream === this.lastStream) return this.last;
    const key = `${group ?? ''}\u0000${stream ?? ''}`;
    let h = this.map.get(key);
    if (!h) {
      h = group ? groupHints(this.base, group) : { ...this.base };
      if (stream) h.logStream = stream;
      if (this.map.size >= 10000) this.map.clear();
      this.map.set(key, h);
    }
    this.lastGroup = group;
    this.lastStream = stream;
    return (this.last = h);
  }
}

// NDJSON of events calls read() once per line with the same file hints: keep that file's cache at hand.
let lastEventCache: HintsCache | undefined;
function eventHintsCache(base: Hints): HintsCache {
  if (lastEventCache === undefined || lastEventCache.base !== base) lastEventCache = new HintsCache(base);
  return lastEventCache;
}

function isEventLike(v: unknown): boolean {
  if (!isObj(v)) return false;
  if ('@message' in v) return true;
  return 'message' in v && 'timestamp' in v && !('events' in v) && !('logEvents' in v);
}

function at(origin: Origin, path: string): Origin {
  return { file: origin.file, line: origin.line, path };
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v));
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
