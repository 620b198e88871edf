// CloudWatch Logs operations over the dataset, with the paging rules the API reference documents:
// FilterLogEvents pages hold up to 10,000 events or 1 MB and may be empty while a nextToken says more remains;
// GetLogEvents hands back the same nextForwardToken at the end of the stream; DescribeLogGroups pages of 50.
import { ApiError, decodeToken, encodeToken, Json, num, str } from './apiError';
import { lowerBound, type EventStore, type LoopDataset, type LoopEvent, type LoopGroup } from './dataset';
import { InsightsEngine } from './insightsEval';

const MAX_EVENTS = 10_000;
const MAX_BYTES = 1_048_576;
/** How many events one FilterLogEvents call examines before it answers (the "time-bounded scan window"). */
const SCAN_WINDOW = 200_000;

export class LogsApi {
  readonly insights: InsightsEngine;

  constructor(readonly ds: LoopDataset, insightsOpts: { maxConcurrent?: number; runMs?: number } = {}) {
    this.insights = new InsightsEngine(ds, insightsOpts);
  }

  handle(op: string, body: Json): Json {
    switch (op) {
      case 'DescribeLogGroups': return this.describeLogGroups(body);
      case 'FilterLogEvents': return this.filterLogEvents(body);
      case 'GetLogEvents': return this.getLogEvents(body);
      case 'StartQuery': return this.insights.start(body);
      case 'GetQueryResults': return this.insights.results(body);
      case 'StopQuery': return this.insights.stop(body);
      default: throw new ApiError('UnknownOperationException', `Operation ${op} is not supported by the loopback server`);
    }
  }

  private group(body: Json): LoopGroup {
    const name = str(body.logGroupName) ?? groupFromIdentifier(str(body.logGroupIdentifier));
    if (!name) throw new ApiError('InvalidParameterException', 'logGroupName or logGroupIdentifier is required');
    const g = this.ds.groups.get(name);
    if (!g) throw new ApiError('ResourceNotFoundException', 'The specified log group does not exist.');
    return g;
  }

  private describeLogGroups(body: Json): Json {
    const prefix = str(body.logGroupNamePrefix) ?? '';
    const limit = Math.min(50, num(body.limit, 'limit') ?? 50);
    const names = [...this.ds.groups.keys()].filter((n) => n.startsWith(prefix)).sort();
    const start = body.nextToken ? decodeToken<{ i: number }>(String(body.nextToken), 'DescribeLogGroups').i : 0;
    const page = names.slice(start, start + limit).map((n) => {
      const g = this.ds.groups.get(n)!;
      const arn = `arn:aws:logs:us-east-1:${this.ds.accountId}:log-group:${n}`;
      return { logGroupName: n, creationTime: g.creationTime, metricFilterCount: 0, arn: `${arn}:*`, logGroupArn: arn, storedBytes: g.store.length * 200 };
    });
    const next = start + limit < names.length ? encodeToken({ i: start + limit }) : undefined;
    return { logGroups: page, ...(next ? { nextToken: next } : {}) };
  }

  private filterLogEvents(body: Json): Json {
    const g = this.group(body);
    if (body.logStreamNames && body.logStreamNamePrefix) throw new ApiError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix cannot both be given');
    const startTime = num(body.startTime, 'startTime') ?? 0;
    const endTime = num(body.endTime, 'endTime') ?? Number.MAX_SAFE_INTEGER; // inclusive: later events are not returned
    const limit = clampLimit(num(body.limit, 'limit'));
    const streams = Array.isArray(body.logStreamNames) ? new Set(body.logStreamNames as string[]) : undefined;
    const prefix = str(body.logStreamNamePrefix);
    const match = compileFilterPattern(str(body.filterPattern) ?? '');
    const lo = lowerBound(g.store, startTime);
    const hi = lowerBound(g.store, endTime + 1);
    let pos = lo;
    if (body.nextToken) {
      const t = decodeToken<{ g: string; i: number; s: number; e: number }>(String(body.nextToken), 'FilterLogEvents');
      if (t.g !== g.name || t.s !== startTime || t.e !== endTime) throw new ApiError('InvalidParameterException', 'The nextToken does not belong to this request');
      pos = t.i;
    }
    const events: LoopEvent[] = [];
    let bytes = 0;
    const scanEnd = Math.min(hi, pos + SCAN_WINDOW);
    for (; pos < scanEnd && events.length < limit; pos++) {
      const e = g.store.at(pos);
      if (streams && !streams.has(e.logStreamName)) continue;
      if (prefix && !e.logStreamName.startsWith(prefix)) continue;
      if (!match(e.message)) continue;
      const size = e.message.length + e.logStreamName.length + 120;
      if (bytes + size > MAX_BYTES && events.length > 0) break;
      bytes += size;
      events.push(e);
    }
    const out: Json = {
      events: events.map((e) => ({ logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })),
      searchedLogStreams: [], // deprecated since 2020: always an empty list
    };
    if (pos < hi) out.nextToken = encodeToken({ g: g.name, i: pos, s: startTime, e: endTime });
    return out;
  }

  private getLogEvents(body: Json): Json {
    const g = this.group(body);
    const stream = str(body.logStreamName);
    if (!stream) throw new ApiError('InvalidParameterException', 'logStreamName is required');
    const idx = streamIndex(g, stream);
    if (idx.length === 0) throw new ApiError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const startTime = num(body.startTime, 'startTime') ?? 0;
    const endTime = num(body.endTime, 'endTime') ?? Number.MAX_SAFE_INTEGER; // exclusive for GetLogEvents
    const limit = clampLimit(num(body.limit, 'limit'));
    const lo = lowerBoundIdx(g.store, idx, startTime);
    const hi = lowerBoundIdx(g.store, idx, endTime);
    let a: number;
    let b: number;
    const token = str(body.nextToken);
    const forward = token ? token.startsWith('f/') : body.startFromHead === true;
    if (token) {
      const m = /^[fb]\/(\d+)\/s$/.exec(token);
      if (!m) throw new ApiError('InvalidParameterException', 'The specified nextToken is not valid');
      const p = Math.max(lo, Math.min(hi, Number(m[1])));
      if (forward) { a = p; b = Math.min(hi, p + limit); } else { b = p; a = Math.max(lo, p - limit); }
    } else if (forward) {
      a = lo; b = Math.min(hi, lo + limit);
    } else {
      b = hi; a = Math.max(lo, hi - limit); // the newest page first, as the service does without startFromHead
    }
    const events = [];
    for (let k = a; k < b; k++) {
      const e = g.store.at(idx[k]);
      events.push({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime });
    }
    return { events, nextForwardToken: `f/${pad(b)}/s`, nextBackwardToken: `b/${pad(a)}/s` };
  }
}

/** Minimal filter pattern: space-separated terms (quoted or bare), all must appear; empty matches everything. */
export function compileFilterPattern(pattern: string): (m: string) => boolean {
  const terms = [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]).filter((t) => t.length > 0);
  if (terms.length === 0) return () => true;
  return (m) => terms.every((t) => m.includes(t));
}

function groupFromIdentifier(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const m = /:log-group:([^:]+)/.exec(id);
  return m ? m[1] : id;
}

function clampLimit(limit: number | undefined): number {
  if (limit !== undefined && (limit < 1 || limit > MAX_EVENTS)) throw new ApiError('InvalidParameterException', `limit must be between 1 and ${MAX_EVENTS}`);
  return limit ?? MAX_EVENTS;
}

function lowerBoundIdx(store: EventStore, idx: number[], ts: number): number {
  let lo = 0;
  let hi = idx.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (store.ts(idx[mid]) < ts) lo = mid + 1; else hi = mid;
  }
  return lo;
}

const streamIndexes = new WeakMap<EventStore, { length: number; byStream: Map<string, number[]> }>();

function streamIndex(g: LoopGroup, stream: string): number[] {
  let cached = streamIndexes.get(g.store);
  if (!cached || cached.length !== g.store.length) {
    const byStream = new Map<string, number[]>();
    for (let i = 0; i < g.store.length; i++) {
      const s = g.store.at(i).logStreamName;
      let list = byStream.get(s);
      if (!list) byStream.set(s, (list = []));
      list.push(i);
    }
    cached = { length: g.store.length, byStream };
    streamIndexes.set(g.store, cached);
  }
  return cached.byStream.get(stream) ?? [];
}

function pad(n: number): string {
  return String(n).padStart(56, '0');
}
