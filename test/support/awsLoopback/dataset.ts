// What the loopback server serves: log groups of events (sorted by timestamp) and X-Ray traces.
// Events come from a folder in the layout of samples/data (or generateSample output), or are synthesised by index so a
// million-event group costs no memory.
import * as fs from 'fs';
import * as path from 'path';

export interface LoopEvent {
  timestamp: number;
  message: string;
  logStreamName: string;
  ingestionTime: number;
  eventId: string;
}

/** Events of one group in timestamp order, addressable by index. */
export interface EventStore {
  readonly length: number;
  ts(i: number): number;
  at(i: number): LoopEvent;
}

export interface LoopGroup {
  name: string;
  creationTime: number;
  store: EventStore;
}

export interface XrayTraceDoc {
  Id: string;
  Duration?: number;
  LimitExceeded?: boolean;
  Segments: { Id: string; Document: string }[];
}

export interface LoopDataset {
  accountId: string;
  groups: Map<string, LoopGroup>;
  traces: XrayTraceDoc[];
}

export class ArrayStore implements EventStore {
  constructor(readonly events: LoopEvent[]) {
    events.sort((a, b) => a.timestamp - b.timestamp);
  }
  get length(): number { return this.events.length; }
  ts(i: number): number { return this.events[i].timestamp; }
  at(i: number): LoopEvent { return this.events[i]; }
  /** New events join at the end (the incremental-refresh tests append newer events). */
  append(more: LoopEvent[]): void {
    this.events.push(...more);
    this.events.sort((a, b) => a.timestamp - b.timestamp);
  }
}

export interface SyntheticOptions {
  groups: string[];
  /** Events per group (4 per invocation: START, an app line, END, REPORT). */
  eventsPerGroup: number;
  startMs: number;
  stepMs: number;
  streams?: number;
}

/** Lambda-shaped events computed from their index: deterministic, unique messages, REPORT lines for Insights. */
export class SyntheticStore implements EventStore {
  constructor(readonly group: string, readonly length: number, readonly startMs: number, readonly stepMs: number, readonly streams = 4) {}

  ts(i: number): number { return this.startMs + Math.floor(i * this.stepMs); }

  at(i: number): LoopEvent {
    const k = Math.floor(i / 4);
    const rid = requestIdFor(this.group, k);
    const timestamp = this.ts(i);
    const fn = this.group.slice(this.group.lastIndexOf('/') + 1);
    const dur = durationFor(k);
    let message: string;
    switch (i % 4) {
      case 0: message = `START RequestId: ${rid} Version: $LATEST\n`; break;
      case 1: message = `${new Date(timestamp).toISOString()}\t${rid}\tINFO\t${fn} handled item ${k}\n`; break;
      case 2: message = `END RequestId: ${rid}\n`; break;
      default:
        message = `REPORT RequestId: ${rid}\tDuration: ${dur.toFixed(2)} ms\tBilled Duration: ${Math.ceil(dur)} ms\t` +
          `Memory Size: 128 MB\tMax Memory Used: ${60 + (k % 40)} MB\t\nXRAY TraceId: ${xrayIdFor(this.group, k, timestamp)}\tSegmentId: ${hex(k * 7919, 16)}\tSampled: true\t\n`;
    }
    return {
      timestamp,
      message,
      logStreamName: `2026/11/20/[$LATEST]${hex(k % this.streams, 32)}`,
      ingestionTime: timestamp + 500,
      eventId: `${this.group}#${i}`,
    };
  }
}

export function syntheticDataset(o: SyntheticOptions): LoopDataset {
  const groups = new Map<string, LoopGroup>();
  for (const g of o.groups) {
    groups.set(g, { name: g, creationTime: o.startMs - 86_400_000, store: new SyntheticStore(g, o.eventsPerGroup, o.startMs, o.stepMs, o.streams) });
  }
  return { accountId: '123456789012', groups, traces: [] };
}

/** Reads logs/*.json (CloudWatch exports), spans/*.ndjson (one OTel span per line -> `aws/spans`) and xray/*.json. */
export function datasetFromDir(dir: string): LoopDataset {
  const groups = new Map<string, LoopGroup>();
  const logsDir = path.join(dir, 'logs');
  for (const f of listFiles(logsDir, '.json')) {
    const doc = JSON.parse(fs.readFileSync(f, 'utf8')) as { logGroupName: string; events: Partial<LoopEvent>[] };
    const events = doc.events.map((e, i) => ({
      timestamp: e.timestamp!,
      message: e.message!,
      logStreamName: e.logStreamName ?? 'stream',
      ingestionTime: e.ingestionTime ?? e.timestamp!,
      eventId: e.eventId ?? `${doc.logGroupName}#${i}`,
    }));
    groups.set(doc.logGroupName, { name: doc.logGroupName, creationTime: minTs(events) - 86_400_000, store: new ArrayStore(events) });
  }
  const spans: LoopEvent[] = [];
  for (const f of listFiles(path.join(dir, 'spans'), '.ndjson')) {
    fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const span = JSON.parse(line) as { startTimeUnixNano?: number | string };
      const timestamp = Math.floor(Number(span.startTimeUnixNano ?? 0) / 1e6);
      spans.push({ timestamp, message: line, logStreamName: 'default', ingestionTime: timestamp + 1000, eventId: `aws/spans#${path.basename(f)}#${i}` });
    });
  }
  if (spans.length) groups.set('aws/spans', { name: 'aws/spans', creationTime: minTs(spans) - 86_400_000, store: new ArrayStore(spans) });
  const traces: XrayTraceDoc[] = [];
  for (const f of listFiles(path.join(dir, 'xray'), '.json')) {
    const doc = JSON.parse(fs.readFileSync(f, 'utf8')) as { Traces?: XrayTraceDoc[] };
    traces.push(...(doc.Traces ?? []));
  }
  return { accountId: '123456789012', groups, traces };
}

/** Every event of every group, for assertions. */
export function allEvents(ds: LoopDataset, group?: string): LoopEvent[] {
  const out: LoopEvent[] = [];
  for (const g of ds.groups.values()) {
    if (group && g.name !== group) continue;
    for (let i = 0; i < g.store.length; i++) out.push(g.store.at(i));
  }
  return out;
}

export function requestIdFor(group: string, k: number): string {
  const h = hex(hash(group) ^ k, 8);
  const t = hex(k, 12);
  return `${h}-0000-4000-8000-${t}`;
}

function xrayIdFor(group: string, k: number, ts: number): string {
  return `1-${hex(Math.floor(ts / 1000), 8)}-${hex(hash(group), 8)}${hex(k, 16)}`;
}

function durationFor(k: number): number {
  const x = Math.sin(k * 12.9898) * 43758.5453;
  const u = x - Math.floor(x);
  return 5 + u * u * 900;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function hex(n: number, width: number): string {
  return Math.abs(Math.floor(n)).toString(16).padStart(width, '0').slice(-width);
}

function minTs(events: LoopEvent[]): number {
  return events.reduce((m, e) => Math.min(m, e.timestamp), Number.MAX_SAFE_INTEGER);
}

function listFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort().map((f) => path.join(dir, f));
}

/** The first position whose time is at or after `ts` (the store is in time order). */
export function lowerBound(store: EventStore, ts: number): number {
  let lo = 0;
  let hi = store.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (store.ts(mid) < ts) lo = mid + 1; else hi = mid;
  }
  return lo;
}
