// Deterministic, seeded generator of the sample app's telemetry (Lambda logs, aws/spans, X-Ray) in real AWS formats.
import * as fs from 'fs';
import * as path from 'path';
import { findAppDir, loadCallSites } from './callSites';
import { invocationLogLines } from './emitLogs';
import { traceSpanLines } from './emitSpans';
import { xrayTrace } from './emitXray';
import type { FunctionCounts, Manifest, ManifestFile, ManifestWindow } from './manifest';
import { Rng } from './prng';
import {
  DEFAULT_DURATION_MS, DEFAULT_LARGE_DURATION_MS, DEFAULT_LARGE_TRACES, DEFAULT_SEED, DEFAULT_START, DEFAULT_TRACES,
  FUNCTIONS, FnName, Window, inWindow, timeline,
} from './scenario';
import { Simulator, Special } from './simulate';
import type { SimTrace } from './simTypes';
import { LogGroupOut, OutFile, XrayOut } from './writer';

export type { Manifest, FunctionCounts, ManifestFile, ManifestWindow } from './manifest';

export interface SampleOptions {
  outDir: string;
  seed?: number;
  traces?: number;
  /** Window start, epoch ms. */
  start?: number;
  durationMs?: number;
  /** The sample app whose source lines spans point at (default: samples/app of this repo). */
  appDir?: string;
  /** NDJSON logs (one CloudWatch event per line), for benchmark-sized datasets. */
  large?: boolean;
  /** Share of traces whose spans are written (as X-Ray or Transaction Search sample); the rest leave logs only. Default 1. */
  spanSampleRate?: number;
}

export function defaultSampleOptions(): Required<Omit<SampleOptions, 'outDir'>> & { outDir: string } {
  const appDir = findAppDir();
  return {
    outDir: path.join(path.dirname(appDir), 'data'),
    seed: DEFAULT_SEED,
    traces: DEFAULT_TRACES,
    start: DEFAULT_START,
    durationMs: DEFAULT_DURATION_MS,
    appDir,
    large: false,
    spanSampleRate: 1,
  };
}

/** Events from a trace can trail its start by this much (timeout + queue delays); older events are final. */
const WATERMARK_LAG_MS = 120_000;
/** Big datasets page X-Ray output like the API does, so each file stays small enough to parse whole. */
const XRAY_TRACES_PER_FILE = 1000;

export async function generateSample(opts: SampleOptions): Promise<Manifest> {
  const large = opts.large ?? false;
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  const traces = Math.max(10, Math.floor(opts.traces ?? (large ? DEFAULT_LARGE_TRACES : DEFAULT_TRACES)));
  const start = opts.start ?? DEFAULT_START;
  const durationMs = opts.durationMs ?? (large ? DEFAULT_LARGE_DURATION_MS : DEFAULT_DURATION_MS);
  const sites = loadCallSites(opts.appDir ?? findAppDir());
  const tl = timeline(start, durationMs);
  const rng = new Rng(seed);
  // Output-only randomness (event ids, ingestion delays) has its own stream so it cannot shift the story.
  const outRng = new Rng(seed ^ 0x5bd1e995);
  const sim = new Simulator(rng, sites, tl);
  const sampleRate = opts.spanSampleRate ?? 1;

  const logExt = large ? 'ndjson' : 'json';
  const groups = new Map<FnName, LogGroupOut>();
  for (const fn of FUNCTIONS) {
    groups.set(fn, new LogGroupOut(new OutFile(path.join(opts.outDir, 'logs', `${fn}.${logExt}`)), `/aws/lambda/${fn}`, large, outRng));
  }
  const spansOut = new OutFile(path.join(opts.outDir, 'spans', 'aws-spans.ndjson'));
  const xrayOut = new XrayOut(opts.outDir, large ? XRAY_TRACES_PER_FILE : Number.POSITIVE_INFINITY);

  const fnCounts = Object.fromEntries(FUNCTIONS.map((f) => [f, { invocations: 0, coldStarts: 0, errors: 0, timeouts: 0, crashes: 0, logEvents: 0 }])) as Record<FnName, FunctionCounts>;
  const m = {
    awsSpanTraces: 0, xrayTraces: 0, unsampledTraces: 0, spans: 0, segments: 0, subsegments: 0, joinable: 0,
    rejected: 0, rejectedOutside: 0, throttled: 0, mail5xx: 0, slowest: { id: '', ms: -1 },
  };
  const putInside: number[] = [];
  const putOutside: number[] = [];
  let timeoutInfo: Manifest['incidents']['timeout'] | undefined;
  let crashInfo: Manifest['incidents']['crash'] | undefined;

  const arrivals = arrivalTimes(rng, traces, start, durationMs);
  const timeoutIdx = firstAtOrAfter(arrivals, tl.timeoutAt);
  let crashIdx = firstAtOrAfter(arrivals, tl.crashAt);
  if (crashIdx === timeoutIdx) crashIdx = Math.min(traces - 1, crashIdx + 1);

  for (let i = 0; i < traces; i++) {
    const special: Special = i === timeoutIdx ? 'timeout' : i === crashIdx ? 'crash' : undefined;
    const tr = sim.trace(arrivals[i], special);
    // Drawn from the output stream so that sampling cannot change the story itself.
    if (sampleRate < 1 && special === undefined) tr.sampled = outRng.chance(sampleRate);
    if (!tr.sampled) {
      m.unsampledTraces++;
    } else if (tr.asXray) {
      const x = xrayTrace(tr);
      await xrayOut.add(x.json);
      m.xrayTraces++;
      m.segments += x.segments;
      m.subsegments += x.subsegments;
    } else {
      for (const line of traceSpanLines(tr)) spansOut.write(`${line}\n`);
      m.awsSpanTraces++;
      m.spans += tr.spans.length;
      await spansOut.drain();
    }
    for (const inv of tr.invocations) {
      const c = fnCounts[inv.fn];
      c.invocations++;
      if (inv.cold) c.coldStarts++;
      if (inv.status === 'error') c.errors++;
      if (inv.status === 'timeout') {
        c.timeouts++;
        timeoutInfo = { traceId: tr.xrayTraceId, requestId: inv.requestId, functionName: inv.fn };
      }
      if (inv.status === 'crash') {
        c.crashes++;
        crashInfo = { traceId: tr.xrayTraceId, requestId: inv.requestId, functionName: inv.fn };
      }
      m.joinable++; // every REPORT / platform.report carries the trace id
      const group = groups.get(inv.fn)!;
      for (const line of invocationLogLines(tr, inv)) group.add(line.ts, line.message, inv.logStream);
    }
    tally(tr, tl.dynamoSpike, tl.idpBurst, m, putInside, putOutside);
    if (i % 64 === 63) {
      for (const g of groups.values()) await g.flushBefore(arrivals[i] - WATERMARK_LAG_MS);
    }
  }

  await xrayOut.close();
  await spansOut.close();
  for (const [fn, g] of groups) {
    await g.close();
    fnCounts[fn].logEvents = g.count;
  }

  const files: ManifestFile[] = [];
  for (const fn of FUNCTIONS) {
    files.push(fileEntry(opts.outDir, `logs/${fn}.${logExt}`, large ? 'cloudwatch-event' : 'cloudwatch-export', fnCounts[fn].logEvents));
  }
  files.push(fileEntry(opts.outDir, 'spans/aws-spans.ndjson', 'aws-spans', m.spans));
  for (const f of xrayOut.files) files.push(fileEntry(opts.outDir, f.path, 'xray', f.traces));

  const all = Object.values(fnCounts);
  const sum = (k: keyof FunctionCounts) => all.reduce((a, c) => a + c[k], 0);
  if (!timeoutInfo || !crashInfo) throw new Error('sample window too short for the timeout and crash incidents');
  const manifest: Manifest = {
    generator: 'serverless-trace-explorer/sample',
    version: 1,
    seed,
    large,
    start: new Date(start).toISOString(),
    end: new Date(start + durationMs).toISOString(),
    startMs: start,
    durationMs,
    files,
    traces: { total: traces, awsSpans: m.awsSpanTraces, xray: m.xrayTraces, ...(m.unsampledTraces ? { unsampled: m.unsampledTraces } : {}) },
    spans: m.spans,
    xray: { segments: m.segments, subsegments: m.subsegments },
    invocations: sum('invocations'),
    joinableInvocations: m.joinable,
    logEvents: sum('logEvents'),
    coldStarts: sum('coldStarts'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    crashes: sum('crashes'),
    functions: fnCounts,
    incidents: {
      dynamoSpike: {
        ...windowOf(tl.dynamoSpike), putItemP95InsideMs: round(p95(putInside)), putItemP95OutsideMs: round(p95(putOutside)),
        throttledRequests: m.throttled,
      },
      idpBurst: { ...windowOf(tl.idpBurst), rejectedRequests: m.rejected, rejectedOutside: m.rejectedOutside },
      notificationsJsonFrom: new Date(tl.notificationsJsonFrom).toISOString(),
      mail5xx: m.mail5xx,
      timeout: timeoutInfo,
      crash: crashInfo,
    },
    slowestTraceId: m.slowest.id,
    slowestTraceMs: round(m.slowest.ms),
  };
  fs.writeFileSync(path.join(opts.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function tally(tr: SimTrace, spike: Window, burst: Window, m: { rejected: number; rejectedOutside: number; throttled: number; mail5xx: number; slowest: { id: string; ms: number } },
  putInside: number[], putOutside: number[]): void {
  if (tr.tags.authRejected) {
    if (inWindow(tr.start, burst)) m.rejected++;
    else m.rejectedOutside++;
  }
  if (tr.tags.throttled) m.throttled++;
  if (tr.tags.mail5xx) m.mail5xx++;
  for (const sp of tr.spans) {
    if (sp.name === 'DynamoDB.PutItem') (inWindow(tr.start, spike) ? putInside : putOutside).push(sp.end - sp.start);
  }
  const ms = tr.end - tr.start;
  if (ms > m.slowest.ms) m.slowest = { id: tr.xrayTraceId, ms };
}

/** Steady (Poisson) traffic with exactly `n` arrivals: normalised cumulative exponential gaps. */
function arrivalTimes(rng: Rng, n: number, start: number, durationMs: number): Float64Array {
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += rng.exponential(1);
    out[i] = sum;
  }
  const total = sum + rng.exponential(1);
  for (let i = 0; i < n; i++) out[i] = start + (out[i] / total) * durationMs;
  return out;
}

function firstAtOrAfter(sorted: Float64Array, t: number): number {
  for (let i = 0; i < sorted.length; i++) if (sorted[i] >= t) return i;
  return sorted.length - 1;
}

function windowOf(w: Window): ManifestWindow {
  return { start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString(), startMs: w.start, endMs: w.end };
}

function fileEntry(outDir: string, rel: string, format: string, records: number): ManifestFile {
  return { path: rel, bytes: fs.statSync(path.join(outDir, rel)).size, format, records };
}

function p95(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
