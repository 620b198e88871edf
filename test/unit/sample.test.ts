// The sample generator: deterministic, real formats, and a manifest that tells the truth about its files.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { Manifest, defaultSampleOptions, generateSample } from '../../src/core/sample/index';

const REPO = path.resolve(__dirname, '..', '..', '..');
const APP = path.join(REPO, 'samples', 'app');
const CHECKED_IN = path.join(REPO, 'samples', 'data');

 
type Json = any;

interface LogEv {
  timestamp: number;
  message: string;
  logStreamName: string;
}

interface Dataset {
  logs: Map<string, LogEv[]>;
  spans: Json[];
  xrayTraces: Json[];
  /** Parsed X-Ray segment documents. */
  segments: Json[];
}

function tmpDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sample-${name}-`));
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  }).sort();
}

/** Reads the written files without the generator's help. */
function readDataset(dir: string): Dataset {
  const logs = new Map<string, LogEv[]>();
  for (const file of listFiles(path.join(dir, 'logs'))) {
    const text = fs.readFileSync(file, 'utf8');
    let group: string;
    let events: LogEv[];
    if (file.endsWith('.ndjson')) {
      const lines = text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
      for (const l of lines) assert.deepEqual(Object.keys(l), ['timestamp', 'message', 'logStreamName', 'logGroupName']);
      group = lines[0].logGroupName;
      events = lines;
    } else {
      const doc = JSON.parse(text);
      assert.deepEqual(Object.keys(doc), ['logGroupName', 'events', 'searchedLogStreams']);
      for (const e of doc.events) assert.deepEqual(Object.keys(e), ['logStreamName', 'timestamp', 'message', 'ingestionTime', 'eventId']);
      group = doc.logGroupName;
      events = doc.events;
    }
    assert.match(group, /^\/aws\/lambda\/shop-/);
    for (let i = 1; i < events.length; i++) assert.ok(events[i - 1].timestamp <= events[i].timestamp, `${file} is in time order`);
    logs.set(group.slice('/aws/lambda/'.length), events);
  }
  const spans = listFiles(path.join(dir, 'spans')).flatMap((f) =>
    fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l)));
  const xrayTraces = listFiles(path.join(dir, 'xray')).flatMap((f) => JSON.parse(fs.readFileSync(f, 'utf8')).Traces);
  const segments = xrayTraces.flatMap((t: Json) => t.Segments.map((s: Json) => JSON.parse(s.Document)));
  return { logs, spans, xrayTraces, segments };
}

function jsonOf(message: string): Json | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}

const REPORT = new RegExp(
  '^REPORT RequestId: ([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\\t' +
  'Duration: (\\d+\\.\\d{2}) ms\\tBilled Duration: (\\d+) ms\\tMemory Size: (\\d+) MB\\tMax Memory Used: (\\d+) MB\\t' +
  '(?:Init Duration: (\\d+\\.\\d{2}) ms\\t)?(?:Status: (timeout|error)\\t(?:Error Type: ([\\w.]+)\\t)?)?' +
  '\\nXRAY TraceId: (1-[0-9a-f]{8}-[0-9a-f]{24})\\tSegmentId: ([0-9a-f]{16})\\tSampled: true\\t\\n$',
);

interface Report {
  fn: string;
  requestId: string;
  traceId: string;
  cold: boolean;
  status?: string;
  errorType?: string;
}

function reports(ds: Dataset): Report[] {
  const out: Report[] = [];
  for (const [fn, events] of ds.logs) {
    for (const e of events) {
      if (e.message.startsWith('REPORT ')) {
        const m = REPORT.exec(e.message);
        assert.ok(m, `well-formed REPORT: ${JSON.stringify(e.message)}`);
        out.push({ fn, requestId: m[1], traceId: m[9], cold: m[6] !== undefined, status: m[7], errorType: m[8] });
        continue;
      }
      const j = jsonOf(e.message);
      if (j?.type === 'platform.report') {
        const r = j.record;
        assert.deepEqual(Object.keys(r.metrics).slice(0, 4), ['durationMs', 'billedDurationMs', 'memorySizeMB', 'maxMemoryUsedMB']);
        const root = /Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Parent=[0-9a-f]{16};Sampled=1/.exec(r.tracing.value);
        assert.ok(root, 'platform.report carries the trace header');
        out.push({
          fn, requestId: r.requestId, traceId: root[1], cold: r.metrics.initDurationMs !== undefined,
          status: r.status === 'success' ? undefined : r.status, errorType: r.errorType,
        });
      }
    }
  }
  return out;
}

/** Function errors as the runtimes print them: Node "Invoke Error", Python tracebacks (text and JSON). */
function functionErrors(ds: Dataset): number {
  let n = 0;
  for (const events of ds.logs.values()) {
    for (const e of events) {
      if (e.message.includes('\tERROR\tInvoke Error \t{')) n++;
      else if (/^\[ERROR\] \w+: .*\nTraceback \(most recent call last\):\n {2}File "/.test(e.message)) n++;
      else if (jsonOf(e.message)?.log_level === 'ERROR') n++;
    }
  }
  return n;
}

const xrayId = (hex32: string): string => `1-${hex32.slice(0, 8)}-${hex32.slice(8)}`;

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(0.95 * s.length))];
}

/** Every X-Ray subsegment, depth first. */
function subsegments(doc: Json): Json[] {
  return (doc.subsegments ?? []).flatMap((s: Json) => [s, ...subsegments(s)]);
}

/** The source text a span's call line must contain. */
function expectedCall(kind: 'aws' | 'http' | 'handler', operation?: string): RegExp {
  if (kind === 'handler') return /handler/;
  if (kind === 'http') return /fetch\(|http\.request\(/;
  return new RegExp(`${operation}Command`);
}

function sourceLine(deployedPath: string, line: number): string {
  assert.ok(deployedPath.startsWith('/var/task/'), deployedPath);
  const lines = fs.readFileSync(path.join(APP, deployedPath.slice('/var/task/'.length)), 'utf8').split('\n');
  assert.ok(line >= 1 && line <= lines.length, `${deployedPath}:${line} exists`);
  return lines[line - 1];
}

describe('sample generator', function () {
  this.timeout(120_000);
  let fresh: string;
  let manifest: Manifest;
  let ds: Dataset;

  before(async () => {
    fresh = tmpDir('default');
    manifest = await generateSample({ ...defaultSampleOptions(), outDir: fresh });
    ds = readDataset(fresh);
  });

  it('is deterministic: same seed, same bytes; another seed, other bytes', async () => {
    const a = tmpDir('a');
    const b = tmpDir('b');
    const c = tmpDir('c');
    await generateSample({ outDir: a, seed: 42, traces: 150, appDir: APP });
    await generateSample({ outDir: b, seed: 42, traces: 150, appDir: APP });
    await generateSample({ outDir: c, seed: 43, traces: 150, appDir: APP });
    const rel = (d: string) => listFiles(d).map((f) => path.relative(d, f));
    assert.deepEqual(rel(a), rel(b));
    for (const f of rel(a)) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), `${f} identical`);
    assert.ok(!fs.readFileSync(path.join(a, 'spans/aws-spans.ndjson')).equals(fs.readFileSync(path.join(c, 'spans/aws-spans.ndjson'))));
  });

  it('the checked-in samples/data is exactly what the generator makes today', () => {
    const rel = (d: string) => listFiles(d).map((f) => path.relative(d, f));
    assert.deepEqual(rel(CHECKED_IN), rel(fresh));
    for (const f of rel(fresh)) {
      assert.ok(fs.readFileSync(path.join(fresh, f)).equals(fs.readFileSync(path.join(CHECKED_IN, f))), `${f} is up to date (run node scripts/gen-sample.js)`);
    }
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(CHECKED_IN, 'manifest.json'), 'utf8')), manifest);
    const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
    assert.ok(bytes <= 8.5e6, `sample is small (${bytes} bytes)`);
  });

  it('manifest counts match what the files contain', () => {
    const reps = reports(ds);
    assert.equal(reps.length, manifest.invocations);
    assert.equal(new Set(reps.map((r) => r.requestId)).size, reps.length, 'request ids are unique');
    for (const [fn, c] of Object.entries(manifest.functions)) {
      const mine = reps.filter((r) => r.fn === fn);
      assert.equal(mine.length, c.invocations, `${fn} invocations`);
      assert.equal(mine.filter((r) => r.cold).length, c.coldStarts, `${fn} cold starts`);
      assert.equal(ds.logs.get(fn)!.length, c.logEvents, `${fn} log events`);
    }
    let events = 0;
    for (const e of ds.logs.values()) events += e.length;
    assert.equal(events, manifest.logEvents);
    assert.equal(reps.filter((r) => r.cold).length, manifest.coldStarts);
    assert.equal(reps.filter((r) => r.status === 'timeout').length, manifest.timeouts);
    assert.equal(reps.filter((r) => r.errorType === 'Runtime.ExitError').length, manifest.crashes);
    assert.equal(functionErrors(ds), manifest.errors);

    assert.equal(ds.spans.length, manifest.spans);
    const spanTraces = new Set(ds.spans.map((s) => s.traceId));
    assert.equal(spanTraces.size, manifest.traces.awsSpans);
    assert.equal(ds.xrayTraces.length, manifest.traces.xray);
    assert.equal(ds.segments.length, manifest.xray.segments);
    assert.equal(ds.segments.reduce((n, d) => n + subsegments(d).length, 0), manifest.xray.subsegments);
    assert.equal(manifest.traces.awsSpans + manifest.traces.xray, manifest.traces.total);
    for (const t of ds.xrayTraces) assert.ok(!spanTraces.has(t.Id.replace(/^1-|-/g, '')), `${t.Id} is in one format only`);
    for (const f of manifest.files) assert.equal(fs.statSync(path.join(fresh, f.path)).size, f.bytes, f.path);
  });

  it('every invocation can be joined to its trace through REPORT', () => {
    const known = new Set([...ds.spans.map((s) => xrayId(s.traceId)), ...ds.xrayTraces.map((t) => t.Id)]);
    const reps = reports(ds);
    const joined = reps.filter((r) => known.has(r.traceId)).length;
    assert.ok(joined / reps.length >= 0.99, `${joined}/${reps.length} joined`);
    assert.equal(manifest.joinableInvocations, joined);
    // and the invocation's request id is on its server span or Lambda segment
    const ids = new Set([
      ...ds.spans.map((s) => s.attributes['faas.invocation_id']).filter(Boolean),
      ...ds.segments.filter((d) => d.origin === 'AWS::Lambda').map((d) => d.aws.request_id),
    ]);
    for (const r of reps) assert.ok(ids.has(r.requestId), `${r.requestId} has a span`);
  });

  it('spans are aws/spans OTel JSON with async hops linked in the same trace', () => {
    const byId = new Map(ds.spans.map((s) => [s.spanId, s]));
    for (const s of ds.spans) {
      assert.match(s.traceId, /^[0-9a-f]{32}$/);
      assert.match(s.spanId, /^[0-9a-f]{16}$/);
      assert.ok(['SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'].includes(s.kind));
      // nanosecond epochs exceed 2^53: exact in the file, within a microsecond once parsed as doubles
      assert.ok(Math.abs(s.durationNano - (s.endTimeUnixNano - s.startTimeUnixNano)) <= 1000);
      if (s.parentSpanId) assert.equal(byId.get(s.parentSpanId)?.traceId, s.traceId, 'parent in the same trace');
      if (s.kind === 'CONSUMER') {
        assert.equal(byId.get(s.parentSpanId)?.kind, 'PRODUCER');
        assert.deepEqual(s.links.map((l: Json) => l.spanId), [s.parentSpanId]);
        assert.equal(typeof s.attributes['faas.coldstart'], 'boolean');
      }
      if (s.status.code === 'ERROR' && s.events) {
        const ex = s.events.find((e: Json) => e.name === 'exception');
        assert.ok(ex.attributes['exception.stacktrace'].includes('/var/task/src/'));
      }
    }
    const servers = ds.spans.filter((s) => s.attributes['faas.invocation_id']);
    assert.ok(servers.some((s) => s.attributes['faas.coldstart'] === true));
    assert.ok(ds.spans.some((s) => s.resource.attributes['cloud.platform'] === 'aws_api_gateway'));
  });

  it('every handler span points at the line of the call it names', () => {
    let checked = 0;
    for (const s of ds.spans) {
      const a = s.attributes;
      if (s.resource.attributes['cloud.platform'] !== 'aws_lambda') continue;
      assert.ok(typeof a['code.filepath'] === 'string' && typeof a['code.lineno'] === 'number', `${s.name} has code.*`);
      if (a['code.filepath'].includes('/dist/')) continue; // bundled: checked through the source map below
      const kind = a['faas.invocation_id'] ? 'handler' : a['rpc.system'] === 'aws-api' ? 'aws' : 'http';
      assert.match(sourceLine(a['code.filepath'], a['code.lineno']), expectedCall(kind, a['rpc.method']), `${s.name} -> ${a['code.filepath']}:${a['code.lineno']}`);
      checked++;
    }
    for (const doc of ds.segments) {
      for (const sub of subsegments(doc)) {
        const code = sub.metadata?.default;
        if (!code) continue;
        if (code['code.filepath'].includes('/dist/')) continue;
        const kind = sub.namespace === 'aws' ? 'aws' : 'http';
        assert.match(sourceLine(code['code.filepath'], code['code.lineno']), expectedCall(kind, sub.aws?.operation));
        checked++;
      }
      for (const ex of [...(doc.cause?.exceptions ?? []), ...subsegments(doc).flatMap((s) => s.cause?.exceptions ?? [])]) {
        for (const fr of ex.stack ?? []) if (fr.path.startsWith('/var/task/')) assert.ok(sourceLine(fr.path, fr.line).trim().length > 0);
      }
    }
    // Stack traces in the logs point at real lines too.
    for (const events of ds.logs.values()) {
      for (const e of events) {
        for (const m of e.message.matchAll(/\((\/var\/task\/[^:()]+):(\d+):(\d+)\)/g)) {
          assert.ok(sourceLine(m[1], Number(m[2])).length >= Number(m[3]), `${m[0]} column is on the line`);
          checked++;
        }
        for (const m of e.message.matchAll(/File \\?"(\/var\/task\/[^"\\]+)\\?", line (\d+), in (\w+)/g)) {
          assert.ok(sourceLine(m[1], Number(m[2])).trim().length > 0);
          checked++;
        }
      }
    }
    assert.ok(checked > 1000, `${checked} locations checked`);
  });

  it('the billing source map leads from the bundled lines back to the TypeScript calls', () => {
    const dist = path.join(APP, 'src/billing/dist/handler.js');
    const map = new TraceMap(fs.readFileSync(`${dist}.map`, 'utf8'), dist);
    const distLines = fs.readFileSync(dist, 'utf8').split('\n');
    const tsLines = fs.readFileSync(path.join(APP, 'src/billing/handler.ts'), 'utf8').split('\n');
    const toTs = (line: number, needle: string): string => {
      const col = distLines[line - 1].indexOf(needle);
      assert.ok(col >= 0, `dist line ${line} contains ${needle}`);
      const pos = originalPositionFor(map, { line, column: col });
      assert.ok(pos.source?.endsWith('handler.ts') && pos.line !== null, `${needle} maps`);
      return tsLines[pos.line - 1];
    };
    const billing = ds.spans.filter((s) => s.attributes['code.filepath'] === '/var/task/src/billing/dist/handler.js');
    assert.ok(billing.length > 100);
    for (const s of billing) {
      const a = s.attributes;
      const needle = a['faas.invocation_id'] ? 'handler' : a['rpc.method'] === 'UpdateItem' ? 'UpdateItemCommand' : 'fetch(';
      const tsLine = toTs(a['code.lineno'], needle);
      assert.ok(tsLine.includes(needle), `${s.name}: ${tsLine}`);
      if (needle === 'handler') assert.match(tsLine, /export const handler = async/);
    }
    // The lines really differ (imports and interfaces are gone), so the map is doing work.
    const fetchDist = distLines.findIndex((l) => l.includes('await fetch(PAYMENTS_URL')) + 1;
    const fetchTs = tsLines.findIndex((l) => l.includes('await fetch(PAYMENTS_URL')) + 1;
    assert.notEqual(fetchDist, fetchTs);
    assert.equal(toTs(fetchDist, 'fetch('), tsLines[fetchTs - 1]);
  });

  it('the bundled billing handler is the compiled handler.ts', () => {
    const src = fs.readFileSync(path.join(APP, 'src/billing/handler.ts'), 'utf8');
    const out = ts.transpileModule(src, {
      fileName: 'handler.ts',
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, sourceMap: true },
    });
    assert.equal(fs.readFileSync(path.join(APP, 'src/billing/dist/handler.js'), 'utf8'), out.outputText);
  });

  it('has exactly one timeout and one crash, in the logs and in X-Ray', () => {
    const billing = ds.logs.get('shop-billing')!;
    const { timeout, crash } = manifest.incidents;
    const timedOut = billing.filter((e) => /^\S+Z [0-9a-f-]{36} Task timed out after 6\.00 seconds\n$/.test(e.message));
    assert.equal(timedOut.length, 1);
    assert.ok(timedOut[0].message.includes(timeout.requestId));
    const orders = ds.logs.get('shop-orders-api')!;
    const crashed = orders.filter((e) => e.message === `RequestId: ${crash.requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n`);
    assert.equal(crashed.length, 1);
    const t = ds.xrayTraces.find((x) => x.Id === timeout.traceId);
    assert.ok(t, 'timeout trace is in X-Ray');
    assert.ok(t.Duration >= 6);
    assert.equal(manifest.slowestTraceId, timeout.traceId);
    const fnSeg = t.Segments.map((s: Json) => JSON.parse(s.Document)).find((d: Json) => d.origin === 'AWS::Lambda::Function' && d.name === 'shop-billing');
    assert.equal(fnSeg.fault, true);
    assert.equal(fnSeg.cause.exceptions[0].message, 'Task timed out after 6.00 seconds');
    assert.ok(ds.xrayTraces.some((x) => x.Id === crash.traceId));
  });

  it('the DynamoDB spike and the identity-provider burst are there, and nothing else stands out', () => {
    const { dynamoSpike, idpBurst } = manifest.incidents;
    const puts: { t: number; ms: number }[] = [];
    const idp: { t: number; status: number }[] = [];
    for (const s of ds.spans) {
      const t = s.startTimeUnixNano / 1e6;
      if (s.attributes['rpc.method'] === 'PutItem') puts.push({ t, ms: s.durationNano / 1e6 });
      if (s.attributes['server.address'] === 'auth.identity.example') idp.push({ t, status: s.attributes['http.response.status_code'] });
    }
    for (const d of ds.segments) {
      for (const sub of subsegments(d)) {
        const t = sub.start_time * 1000;
        if (sub.aws?.operation === 'PutItem') puts.push({ t, ms: (sub.end_time - sub.start_time) * 1000 });
        if (sub.name === 'auth.identity.example') idp.push({ t, status: sub.http.response.status });
      }
    }
    const inside = (t: number, w: { startMs: number; endMs: number }) => t >= w.startMs && t < w.endMs + 60_000;
    const baseline = p95(puts.filter((p) => !inside(p.t, dynamoSpike)).map((p) => p.ms));
    const spike = p95(puts.filter((p) => inside(p.t, dynamoSpike)).map((p) => p.ms));
    assert.ok(spike / baseline > 6, `PutItem p95 ${spike.toFixed(1)} ms in the spike vs ${baseline.toFixed(1)} ms`);
    const rejected = idp.filter((c) => c.status === 401);
    assert.ok(rejected.length >= 10);
    assert.ok(rejected.every((c) => inside(c.t, idpBurst)), 'no 401 outside the burst');
    assert.equal(rejected.length, idpBurst.rejectedRequests);
    // Quiet elsewhere: every other 15-minute bucket keeps PutItem p95 near the baseline.
    const start = manifest.startMs;
    for (let b = start; b < start + manifest.durationMs; b += 15 * 60_000) {
      if (b === dynamoSpike.startMs) continue;
      const bucket = puts.filter((p) => p.t >= b && p.t < b + 15 * 60_000 && !inside(p.t, dynamoSpike)).map((p) => p.ms);
      if (bucket.length >= 5) assert.ok(p95(bucket) < 2.5 * baseline, `bucket ${new Date(b).toISOString()} is quiet`);
    }
    // Log styles: Node text, Python text then Lambda JSON, Powertools JSON.
    const notif = ds.logs.get('shop-notifications')!;
    assert.ok(notif.some((e) => e.message.startsWith('[INFO]\t')));
    assert.ok(notif.some((e) => jsonOf(e.message)?.type === 'platform.start'));
    assert.ok(ds.logs.get('shop-billing')!.some((e) => jsonOf(e.message)?.function_request_id));
  });

  it('large mode streams NDJSON logs and paged X-Ray files', async () => {
    const dir = tmpDir('large');
    const m = await generateSample({ outDir: dir, seed: 5, traces: 400, large: true, appDir: APP });
    const d = readDataset(dir);
    let events = 0;
    for (const e of d.logs.values()) events += e.length;
    assert.equal(events, m.logEvents);
    assert.equal(d.spans.length, m.spans);
    assert.equal(d.xrayTraces.length, m.traces.xray);
    assert.ok(m.files.every((f) => f.path.endsWith('.ndjson') || f.path.startsWith('xray/')));
  });

  it('span sampling drops the spans of unsampled traces and keeps the story and every log line', async () => {
    const opts = { seed: 5, traces: 400, large: true, appDir: APP };
    const all = await generateSample({ ...opts, outDir: tmpDir('all') });
    const dir = tmpDir('sampled');
    const m = await generateSample({ ...opts, outDir: dir, spanSampleRate: 0.25 });
    const d = readDataset(dir);
    assert.equal(m.invocations, all.invocations);
    assert.equal(m.logEvents, all.logEvents);
    assert.deepEqual(m.functions, all.functions);
    const sampledTraces = m.traces.awsSpans + m.traces.xray;
    assert.equal(sampledTraces + (m.traces.unsampled ?? 0), 400);
    assert.ok(sampledTraces > 60 && sampledTraces < 150, `${sampledTraces} of 400 traces sampled at 0.25`);
    // Every REPORT says whether its trace was sampled, and a trace has spans exactly when it was.
    const withSpans = new Set<string>([
      ...d.spans.map((s: Json) => s.traceId as string),
      ...d.segments.map((s: Json) => (s.trace_id as string).replace(/^1-/, '').replace('-', '')),
    ]);
    let reports = 0;
    for (const events of d.logs.values()) {
      for (const e of events) {
        const x = /XRAY TraceId: 1-(\w{8})-(\w{24})\tSegmentId: \w+\tSampled: (true|false)/.exec(e.message);
        if (!x) continue;
        reports++;
        assert.equal(withSpans.has(x[1] + x[2]), x[3] === 'true', e.message);
      }
    }
    assert.ok(reports > 0);
  });
});
