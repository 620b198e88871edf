// Traces made from logs alone: invocations whose trace id no span carries still make a trace to read.
import { FIXTURES as FIXTURES_DIR } from './fixturesDir';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import { generateSample } from '../../src/core/sample/index';
import { FROM_LOGS_ATTR, spanIdOfRequest } from '../../src/core/correlate/logTraces';
import { buildFlatTrace } from '../../src/core/correlate/traces';
import type { Span } from '../../src/core/model';
import { runQuery } from '../../src/core/query';
import { main } from '../../src/cli/main';
import { ExplorerController } from '../../src/extension/explorer/logic/controller';
import { HostMessage, toHost } from '../../src/protocol/messages';

const REPO = path.resolve(__dirname, '..', '..', '..');
const FIXTURE = path.join(FIXTURES_DIR, 'cloudwatch', 'datadog-subscription-node12-xray.json');

describe('traces made from logs', () => {
  it('a span made from an invocation without a segment id takes the first 16 hex digits of its request id', () => {
    assert.equal(spanIdOfRequest('8f5a2b1c-3d4e-4f60-9a7b-1c2d3e4f5a6b'), '8f5a2b1c3d4e4f60');
    assert.equal(spanIdOfRequest('req-1'), 'req1', 'not a UUID: the dashes dropped all the same');
  });

  it('buildFlatTrace: every span a root in time order, none dropped (even two with one id), nothing counted as orphan', () => {
    const span = (spanId: string, service: string, startMs: number, status: Span['status'] = 'ok'): Span => ({
      traceId: 'a'.repeat(32), spanId, name: service, service, kind: 'server', startMs, durationMs: 10, status,
      attributes: {}, events: [], links: [], exceptions: [], format: 'lambda-text', origin: { file: 'f', line: 1 },
    });
    const stats = { orphans: 0, skewed: 0, cycles: 0 };
    const t = buildFlatTrace('a'.repeat(32), [span('b', 'billing', 300, 'error'), span('o', 'orders', 100), span('b', 'notify', 200)], stats);
    assert.deepEqual(t.nodes.map((n) => n.span.service), ['orders', 'notify', 'billing']);
    assert.deepEqual(t.roots.map((n) => n.span.service), ['orders', 'notify', 'billing']);
    assert.ok(t.nodes.every((n) => n.depth === 0 && !n.orphan && !n.skewed && n.children.length === 0));
    assert.deepEqual([t.startMs, t.endMs, t.durationMs, t.errorCount, t.rootName], [100, 310, 210, 1, 'orders']);
    assert.deepEqual(t.services, ['billing', 'notify', 'orders']);
    assert.deepEqual(stats, { orphans: 0, skewed: 0, cycles: 0 });
  });

  it('a sampled-out trace is still one trace: every function it reached, with its log lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-traces-'));
    const m = await generateSample({ outDir: dir, seed: 11, traces: 300, large: true, appDir: path.join(REPO, 'samples', 'app'), spanSampleRate: 0.3 });
    const ds = await loadPaths([dir]);
    const s = ds.summary();
    assert.ok((m.traces.unsampled ?? 0) > 100);
    assert.equal(s.traces, 300, 'sampled traces from spans + the rest from logs');
    assert.equal(s.tracesFromLogs, m.traces.unsampled);
    assert.equal(s.spans, m.spans + m.xray.segments + m.xray.subsegments, 'no span made from logs counts as read');
    for (const inv of ds.invocations) {
      const t = ds.traceOf(inv);
      assert.ok(t, `invocation ${inv.requestId} has no trace`);
      assert.equal(t.traceId, inv.traceId);
    }
    const fromLogs = ds.traces.filter((t) => t.nodes.every((n) => n.span.attributes[FROM_LOGS_ATTR] === true));
    assert.equal(fromLogs.length, s.tracesFromLogs);
    for (const t of fromLogs) {
      assert.equal(t.nodes.length, t.invocations.length);
      for (const n of t.nodes) {
        assert.ok(n.invocation, 'every node is its invocation');
        assert.equal(n.span.functionName, n.invocation.functionName);
        assert.equal(n.span.startMs, n.invocation.startMs);
        assert.equal(n.span.status, n.invocation.status === 'ok' ? 'ok' : 'error');
        assert.equal(n.logs, n.invocation.logs);
        assert.ok(n.logs.some((l) => l.platform?.type === 'report'));
      }
      assert.equal(new Set(t.nodes.map((n) => n.span.spanId)).size, t.nodes.length, 'distinct span ids');
      for (const n of t.nodes) assert.equal(n.span.spanId, n.invocation!.segmentId, 'the REPORT line\'s X-Ray segment id');
      const order = t.nodes.map((n) => n.span.startMs);
      assert.deepEqual(order, [...order].sort((a, b) => a - b), 'siblings in time order');
    }
    // The orders function is every trace's entry: a trace from logs starts with it.
    assert.ok(fromLogs.every((t) => t.roots[0].span.functionName === 'shop-orders-api'));
    // Span queries answer over the spans read; invocation queries see every invocation.
    assert.equal(runQuery(ds, 'kind:span limit:100000').results.length, ds.spans.length);
    assert.equal(runQuery(ds, 'limit:100000').results.length, ds.invocations.length);
  });

  it('the Node 12 CloudWatch payload: its REPORT names an X-Ray trace no span has, which holds the invocation and its lines', async () => {
    const ds = await loadPaths([FIXTURE]);
    const traceId = fs.readFileSync(FIXTURE, 'utf8').match(/XRAY TraceId: 1-([0-9a-f]{8})-([0-9a-f]{24})/)!.slice(1).join('');
    const t = ds.traceById.get(traceId);
    assert.ok(t, `no trace ${traceId}`);
    assert.equal(ds.summary().tracesFromLogs, 1);
    assert.equal(t.nodes.length, 1);
    const [node] = t.nodes;
    assert.equal(node.invocation, ds.invocations.find((i) => i.traceId === traceId));
    assert.equal(node.logs.length, node.invocation!.logs.length);
    assert.ok(node.logs.length > 1);
    assert.equal(node.span.requestId, node.invocation!.requestId);
    let out = '';
    assert.equal(await main(['trace', traceId, FIXTURE], { out: (t) => { out += t + '\n'; }, err: () => undefined }), 0);
    assert.match(out.split('\n')[1], /\(from logs\)$/, out.split('\n').slice(0, 2).join('\n'));
    assert.equal(node.span.attributes['faas.name'], node.invocation!.functionName);
  });

  it('the Trace Explorer lists that trace and tells its story: the span says "from logs" and holds the log lines', async () => {
    const ds = await loadPaths([FIXTURE]);
    const posted: HostMessage[] = [];
    const c = new ExplorerController(() => ({ dataset: ds, sourceLabel: 'fixture', loading: false, version: 1 }), {
      post: (m) => posted.push(m), openSource: () => undefined, openLocation: () => undefined, log: () => undefined,
    });
    const last = <T extends HostMessage['type']>(type: T) => posted.filter((m) => m.type === type).pop() as Extract<HostMessage, { type: T }>;
    c.handle(toHost({ type: 'ready' }));
    c.handle(toHost({ type: 'queryList', requestId: 1, query: { sort: 'duration', dir: 'desc', filter: '' }, offset: 0, limit: 50 }));
    const traceId = ds.traces.find((t) => t.nodes[0].span.attributes[FROM_LOGS_ATTR] === true)!.traceId;
    assert.ok(last('listPage').rows.some((r) => r.traceId === traceId), 'the trace made from logs is listed');
    const span = ds.traceById.get(traceId)!.nodes[0].span;
    c.handle(toHost({ type: 'getSpanDetails', requestId: 2, traceId, spanId: span.spanId }));
    const d = last('spanDetails').details;
    assert.ok(d.attributes.some((a) => a.key === FROM_LOGS_ATTR && a.value === 'true'));
    assert.equal(d.fromLogs, true, 'the webview badges it from this field');
    const lines = d.story.filter((x) => x.kind === 'log');
    assert.equal(lines.length, ds.traceById.get(traceId)!.nodes[0].logs.length);
    assert.ok(lines.some((x) => x.text.startsWith('REPORT RequestId:')));
  });

  it('a span read from a trace file is not marked as made from logs', async () => {
    const ds = await loadPaths([path.join(REPO, 'samples', 'data')]);
    const posted: HostMessage[] = [];
    const c = new ExplorerController(() => ({ dataset: ds, sourceLabel: 'sample', loading: false, version: 1 }), {
      post: (m) => posted.push(m), openSource: () => undefined, openLocation: () => undefined, log: () => undefined,
    });
    const trace = ds.traces.find((t) => t.nodes.length > 3 && t.nodes.every((n) => n.span.attributes[FROM_LOGS_ATTR] === undefined))!;
    c.handle(toHost({ type: 'ready' }));
    c.handle(toHost({ type: 'getSpanDetails', requestId: 1, traceId: trace.traceId, spanId: trace.nodes[0].span.spanId }));
    const d = posted.filter((m) => m.type === 'spanDetails').pop() as Extract<HostMessage, { type: 'spanDetails' }>;
    assert.equal(d.details.spanId, trace.nodes[0].span.spanId);
    assert.equal(d.details.fromLogs, false);
  });
});
