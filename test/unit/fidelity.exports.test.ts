import { strict as assert } from 'assert';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import type { Dataset } from '../../src/core/dataset';
import { buildServiceGraph } from '../../src/core/graph';
import { isLibraryFrame, userFrame } from '../../src/core/readers/userFrames';
import { parseStackFrames } from '../../src/core/readers/stack';
import { isCsvLogHeader, splitCsvRecord } from '../../src/core/readers/exports/csv';
import { fixture } from './fidelityDir';

async function load(...names: string[]): Promise<Dataset> {
  return loadPaths(names.map(fixture));
}

const RID = '5a2e9c11-08f4-4a3d-9d6b-2f1c0b7e4a10';
const STREAM = '2024/05/02/[$LATEST]6b2f0c1d9e8a4b7c8d9e0f1a2b3c4d5e';

describe('fidelity: log exports people have', () => {
  it('aws logs tail --format detailed: prefix time and stream, multi-line util.inspect message, Invoke Error', async () => {
    const ds = await load('logs-tail-detailed.log');
    assert.deepEqual(ds.skipped, {});
    const inv = ds.invocationByRequestId.get(RID)!;
    assert.equal(inv.logStream, STREAM);
    assert.equal(inv.status, 'error');
    assert.equal(inv.errorType, 'TypeError');
    assert.equal(inv.initDurationMs, 208.11);
    const order = inv.logs.find((e) => e.message.includes("orderId: 'o-1001'"))!;
    assert.match(order.message, /lines: \[ \{ sku: 'A-1', qty: 2 \} \]\n\}$/);
  });

  it('aws logs tail --format short (seconds, no stream) and --format json (pretty JSON after the prefix)', async () => {
    const short = await load('logs-tail-short.log');
    assert.deepEqual(short.skipped, {});
    assert.equal(short.invocationByRequestId.get(RID)!.startMs, Date.parse('2024-05-02T10:20:00Z'));
    assert.equal(short.invocationByRequestId.get(RID)!.durationMs, 41.87);
    const json = await load('logs-tail-json.log');
    assert.deepEqual(json.skipped, {});
    const inv = json.invocationByRequestId.get(RID)!;
    assert.equal(inv.durationMs, 41.87, 'platform.report read from the pretty JSON');
    assert.equal(inv.logStream, STREAM);
    assert.deepEqual(inv.logs.map((e) => e.message.startsWith('{') ? JSON.parse(e.message).type : e.message), ['platform.start', 'charging card', 'platform.report']);
  });

  it('sam logs: stream then time; the Python traceback fails the invocation', async () => {
    const ds = await load('sam-logs.log');
    assert.deepEqual(ds.skipped, {});
    const inv = ds.invocationByRequestId.get(RID)!;
    assert.equal(inv.logStream, STREAM);
    assert.equal(inv.startMs, Date.parse('2024-05-02T10:20:00.310Z'));
    assert.equal(inv.status, 'error');
    assert.equal(inv.errorType, 'ValueError');
  });

  for (const name of ['insights-get-query-results.json', 'insights-export.json', 'insights-export.csv', 'log-events.csv']) {
    it(`Logs Insights / console download: ${name} gives the invocation, with its multi-line message whole`, async () => {
      const ds = await load(name);
      assert.deepEqual(ds.skipped, {}, JSON.stringify(ds.problems));
      const inv = ds.invocationByRequestId.get(RID)!;
      assert.equal(inv.durationMs, 41.87);
      assert.equal(inv.startMs, Date.parse('2024-05-02T10:20:00.310Z'));
      const order = inv.logs.find((e) => e.message.includes('orderId'))!;
      assert.match(order.message, /order \{\n {2}orderId: 'o-1001',\n {2}total: 42\.5\n\}/);
      if (name.startsWith('insights')) {
        assert.equal(inv.functionName, 'orders-api', 'from @log');
        assert.equal(inv.logStream, STREAM);
      }
    });
  }

  it('CSV: a record whose fields do not match the header, or a quote left open, is counted with its line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'csv-'));
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, `timestamp,message\n1714645200310,"START RequestId: ${RID} Version: $LATEST"\n1714645200311,a,b\n1714645200312,"never closed\n`);
    const ds = await loadPaths([file]);
    assert.deepEqual(ds.skipped, { 'invalid-csv': 2 });
    assert.deepEqual(ds.problems.map((p) => p.line), [3, 4]);
    assert.equal(ds.logEventCount, 1);
    assert.deepEqual(splitCsvRecord('a,"b,""c""",d'), ['a', 'b,"c"', 'd']);
    assert.equal(splitCsvRecord('a,"open'), undefined);
    assert.ok(isCsvLogHeader('"@timestamp","@message","@logStream"'));
    assert.ok(!isCsvLogHeader('2024-01-01T00:00:00.000Z\tid\tINFO\ta,b,message,timestamp'));
  });

  it('aws lambda invoke --log-type Tail: the base64 LogResult is read as the invocation\'s log', async () => {
    const ds = await load('invoke-log-type-tail.json');
    assert.deepEqual(ds.skipped, {});
    const inv = ds.invocationByRequestId.get('d1cf0ccb-7a4c-46e6-950d-04c96c9b1c5d')!;
    assert.equal(inv.status, 'error');
    assert.equal(inv.errorMessage, 'boom');
    assert.equal(inv.durationMs, 3.21);
  });
});

describe('fidelity: X-Ray summaries, in-progress segments, services, unknown callers', () => {
  it('get-trace-summaries rows become summary-only traces; the matching batch-get-traces replaces its row', async () => {
    const alone = await load('xray-trace-summaries.json');
    assert.deepEqual(alone.skipped, {});
    assert.equal(alone.traces.length, 2);
    const t = alone.traceById.get('581cf771a006649127e371903a2de979')!;
    const s = t.roots[0].span;
    assert.equal(s.attributes['explorer.summary_only'], true);
    assert.equal(s.name, 'Scorekeep');
    assert.equal(s.durationMs, 149);
    assert.equal(s.status, 'error');
    assert.equal(s.attributes['annotation.gameid'], 'G3CCB4A6');
    const approx = alone.traceById.get('5d6f0df62bb2b3a4ff7d1ec6b4f1ee28')!.roots[0].span;
    assert.equal(approx.startMs, 1567563200000, 'no StartTime: the page\'s ApproximateTime, marked');
    assert.equal(approx.attributes['explorer.start_approximate'], true);
    const both = await load('xray-trace-summaries.json', 'xray-batch-get-traces.json');
    const full = both.traceById.get('581cf771a006649127e371903a2de979')!;
    assert.equal(full.nodes.length, 1);
    assert.equal(full.roots[0].span.spanId, '70de5b6f19ff9a0b');
    assert.equal(both.spans.filter((x) => x.attributes['explorer.summary_only']).length, 1, 'only the unmatched row stays');
  });

  it('an in-progress segment is marked and stays open to the end of its trace', async () => {
    const ds = await load('xray-in-progress.ndjson');
    const t = ds.traces[0];
    const seg = t.nodes.find((n) => n.span.name === 'Scorekeep')!.span;
    assert.equal(seg.inProgress, true);
    assert.equal(Math.round(seg.startMs + seg.durationMs), Math.round(t.endMs));
    assert.ok(seg.durationMs > 100);
    assert.deepEqual(t.services, ['Scorekeep'], 'the subsegment sent on its own takes its segment\'s service');
    assert.equal(ds.summary().services, 1);
  });

  it('summary counts services as trace lists them; an orphan call\'s caller is drawn as unknown', async () => {
    const ds = await load('xray-orphan-subsegment.json', 'xray-in-progress.ndjson', 'telemetry-runtimedone.ndjson');
    const listed = new Set(ds.traces.filter((t) => !t.nodes.every((n) => n.span.attributes['explorer.from_logs'])).flatMap((t) => t.services));
    assert.equal(ds.summary().services, listed.size);
    const orphanOnly = await load('xray-orphan-subsegment.json');
    assert.equal(orphanOnly.summary().services, orphanOnly.traces[0].services.length);
    const g = buildServiceGraph(orphanOnly);
    assert.deepEqual(g.edges.map((e) => `${e.source} -> ${e.target}`), ['service:(unknown caller) -> http:api.example.com']);
  });
});

describe('fidelity: the user\'s stack frame', () => {
  it('skips runtime and library frames of every runtime', () => {
    const lib = [
      'node:internal/process/task_queues:95:5', '/var/task/node_modules/stripe-lite/index.js:1:1', 'file:///var/runtime/index.mjs:1173:29',
    ];
    for (const l of lib) assert.ok(isLibraryFrame(parseStackFrames(`    at f (${l})`)[0]), l);
    assert.ok(isLibraryFrame({ file: '/usr/local/go/src/runtime/panic.go', line: 1 }));
    assert.ok(isLibraryFrame({ file: 'runtime/proc.go', line: 1 }));
    assert.ok(isLibraryFrame({ file: '/var/lang/lib/python3.12/site-packages/x.py', line: 1 }));
    assert.ok(isLibraryFrame({ file: 'java/lang/Thread.java', line: 1, function: 'java.lang.Thread.run' }));
    assert.ok(isLibraryFrame({ file: 'x', line: 1, function: 'sun.reflect.NativeMethodAccessorImpl.invoke' }));
    assert.ok(!isLibraryFrame({ file: '/var/task/src/orders.js', line: 27 }));
  });

  it('Node: the handler frame below the library frame; Python: the innermost user frame (printed last); Go: below runtime', () => {
    const node = parseStackFrames("TypeError: x\n    at charge (/var/task/node_modules/stripe-lite/index.js:12:20)\n    at Runtime.handler (/var/task/src/orders.js:27:18)\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)");
    assert.deepEqual(userFrame(node), { file: '/var/task/src/orders.js', line: 27, column: 18, function: 'Runtime.handler' });
    const py = parseStackFrames('Traceback (most recent call last):\n  File "/var/task/app.py", line 10, in handler\n    refund(e)\n  File "/var/task/app.py", line 26, in refund\n    x\n  File "/var/lang/lib/python3.12/json/__init__.py", line 346, in loads\n    y');
    assert.equal(userFrame(py)?.line, 26);
    const go = parseStackFrames('goroutine 1 [running]:\nruntime/debug.Stack()\n\t/usr/local/go/src/runtime/debug/stack.go:24 +0x5e\nmain.handler()\n\t/var/task/main.go:42 +0x1d\n');
    assert.equal(userFrame(go)?.file, '/var/task/main.go');
  });

  it('an X-Ray exception\'s span source is the first user frame, and the whole stack stays on the span', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xr-'));
    const file = path.join(dir, 'seg.json');
    writeFileSync(file, JSON.stringify({
      name: 'orders', id: '1111111111111111', trace_id: '1-5f84c7a1-9d2b3c4e5f6a7b8c9d0e1f2a', start_time: 1602537377.1, end_time: 1602537377.3, fault: true,
      origin: 'AWS::Lambda::Function', aws: { request_id: RID, function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:orders' },
      cause: { working_directory: '/var/task', exceptions: [{ id: 'e1', message: 'boom', type: 'Error', stack: [
        { path: 'node:internal/process/task_queues', line: 95, label: 'process.processTicksAndRejections' },
        { path: '/var/task/src/orders.js', line: 27, label: 'Runtime.handler' },
      ] }] },
    }));
    const ds = await loadPaths([file]);
    const s = ds.spans[0];
    assert.equal(s.source?.file, '/var/task/src/orders.js');
    assert.equal(s.exceptions[0].frames.length, 2);
  });
});

describe('fidelity: unknown time in the views', () => {
  it('the webviews\' one time formatter says "unknown time" for time 0 and formats real instants', async () => {
    const { formatTimestamp, formatUtc, isKnownTime } = await import('../../webview/shared/format');
    assert.equal(formatTimestamp(0), 'unknown time');
    assert.equal(formatUtc(0), 'unknown time');
    assert.equal(isKnownTime(0), false);
    assert.equal(formatUtc(Date.parse('2024-05-02T10:20:00.310Z')), '2024-05-02 10:20:00.310 UTC');
    const { formatTime } = await import('../../src/extension/query/logic/present');
    assert.equal(formatTime(0), 'unknown time');
  });
});
