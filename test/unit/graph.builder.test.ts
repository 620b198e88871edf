import { strict as assert } from 'assert';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import { classifyRemote } from '../../src/core/readers/resource';
import type { Attributes, Span, SpanKind } from '../../src/core/model';
import { buildServiceGraph, buildTraceGraph, GraphEdge, GraphNode, ServiceGraph } from '../../src/core/graph';

let line = 0;

/** A span as readers emit it: `remote` filled by the same classifier the readers use. */
function span(traceId: string, spanId: string, parent: string | undefined, kind: SpanKind, service: string,
  startMs: number, durationMs: number, attributes: Attributes = {}, extra: Partial<Span> = {}): Span {
  const s: Span = {
    traceId, spanId, parentSpanId: parent, name: extra.name ?? `${service}-${spanId}`, service, kind,
    startMs, durationMs, status: 'unset', attributes, events: [], links: [], exceptions: [],
    format: 'otlp', origin: { file: 'mem.json', line: ++line }, ...extra,
  };
  const remote = classifyRemote({ kind, name: s.name, attributes });
  if (remote && !extra.remote) s.remote = remote;
  return s;
}

const T1 = '1'.repeat(32);
const T2 = '2'.repeat(32);
const T3 = '3'.repeat(32);
const ACCT = '123456789012';

const dynamo = (table: string): Attributes => ({ 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'aws.dynamodb.table_names': [table] });
const snsPublish = (topic: string): Attributes => ({
  'rpc.system': 'aws-api', 'rpc.service': 'SNS', 'messaging.system': 'aws.sns', 'messaging.destination.name': topic,
  'aws.sns.topic.arn': `arn:aws:sns:eu-west-1:${ACCT}:${topic}`,
});
const sqsSend = (queue: string): Attributes => ({
  'rpc.system': 'aws-api', 'rpc.service': 'SQS', 'messaging.system': 'aws_sqs', 'messaging.url': `https://sqs.eu-west-1.amazonaws.com/${ACCT}/${queue}`,
});
const http = (host: string, status: number): Attributes => ({ 'url.full': `https://${host}/x`, 'server.address': host, 'http.response.status_code': status });

function node(g: ServiceGraph, id: string): GraphNode {
  const n = g.nodes.find((x) => x.id === id);
  assert.ok(n, `node ${id} missing; have ${g.nodes.map((x) => x.id).join(', ')}`);
  return n;
}

function edge(g: ServiceGraph, source: string, target: string): GraphEdge {
  const e = g.edges.find((x) => x.source === source && x.target === target);
  assert.ok(e, `edge ${source} -> ${target} missing; have ${g.edges.map((x) => x.id).join(', ')}`);
  return e;
}

/** API Gateway -> orders fn -> DynamoDB, SNS publish -> notifications fn (parent relation) -> failing mail host. */
function orderTrace(b: DatasetBuilder, traceId: string, t0: number, mailStatus: number): void {
  b.span(span(traceId, 'a1', undefined, 'server', 'shop-api/prod', t0, 100, { 'aws.api_gateway.rest_api_id': 'abc' }, { name: 'shop-api/prod' }));
  b.span(span(traceId, 'a2', 'a1', 'server', 'orders', t0 + 5, 90, { 'faas.name': 'orders' }, { functionName: 'orders' }));
  b.span(span(traceId, 'a3', 'a2', 'client', 'orders', t0 + 10, 8, dynamo('Orders'), { functionName: 'orders' }));
  b.span(span(traceId, 'a4', 'a2', 'producer', 'orders', t0 + 20, 20, snsPublish('order-events'), { functionName: 'orders' }));
  // The consumer side names the topic its own way (`aws.sns` + destination name): it must land on the same node.
  b.span(span(traceId, 'a5', 'a4', 'consumer', 'notify', t0 + 140, 50,
    { 'faas.name': 'notify', 'messaging.system': 'aws.sns', 'messaging.destination.name': 'order-events' }, { functionName: 'notify' }));
  b.span(span(traceId, 'a6', 'a5', 'client', 'notify', t0 + 150, 30, http('api.mail.example', mailStatus),
    { functionName: 'notify', status: mailStatus >= 400 ? 'error' : 'unset', fault: mailStatus >= 500, httpStatus: mailStatus }));
}

describe('service graph: builder', () => {
  it('derives nodes and caller -> callee edges, joining SNS -> Lambda through the parent relation', () => {
    const b = new DatasetBuilder();
    orderTrace(b, T1, 1000, 202);
    orderTrace(b, T2, 5000, 503);
    const g = buildServiceGraph(b.build());
    assert.deepEqual(g.nodes.map((n) => n.id), [
      'aws:Orders', 'aws:shop-api/prod', 'client:client', 'function:notify', 'function:orders', 'http:api.mail.example', 'topic:order-events',
    ]);
    assert.deepEqual(g.edges.map((e) => `${e.source}${e.async ? '~>' : '->'}${e.target}`).sort(), [
      'aws:shop-api/prod->function:orders',
      'client:client->aws:shop-api/prod',
      'function:notify->http:api.mail.example',
      'function:orders->aws:Orders',
      'function:orders~>topic:order-events',
      'topic:order-events~>function:notify',
    ]);
    assert.equal(node(g, 'aws:Orders').service, 'DynamoDB');
    assert.equal(node(g, 'topic:order-events').service, 'SNS');
    const mail = edge(g, 'function:notify', 'http:api.mail.example');
    assert.equal(mail.calls, 2);
    assert.equal(mail.errors, 1);
    assert.equal(mail.faults, 1);
    assert.deepEqual(mail.failingTraces.map((t) => t.traceId), [T2]);
    // Async edge timed by delivery: consumer start (t0+140) - publish end (t0+40).
    const hop = edge(g, 'topic:order-events', 'function:notify');
    assert.equal(hop.calls, 2);
    assert.equal(hop.p50Ms, 100);
    assert.equal(edge(g, 'client:client', 'aws:shop-api/prod').calls, 2);
    assert.equal(node(g, 'function:orders').calls, 2);
    assert.equal(node(g, 'function:orders').p95Ms, 90);
  });

  it('joins an SQS consumer in another trace through its span links, once per consumer span', () => {
    const b = new DatasetBuilder();
    b.span(span(T1, 'p1', undefined, 'server', 'orders', 0, 50, { 'faas.name': 'orders' }, { functionName: 'orders' }));
    b.span(span(T1, 'p2', 'p1', 'producer', 'orders', 10, 5, sqsSend('billing-queue'), { functionName: 'orders' }));
    b.span(span(T1, 'p3', 'p1', 'producer', 'orders', 20, 5, sqsSend('billing-queue'), { functionName: 'orders' }));
    // A batch of two messages processed by one invocation: one delivery edge call, linked to both producers.
    b.span(span(T3, 'c1', undefined, 'consumer', 'billing', 200, 40, { 'faas.name': 'billing' },
      { functionName: 'billing', links: [{ traceId: T1, spanId: 'p2' }, { traceId: T1, spanId: 'p3' }] }));
    const g = buildServiceGraph(b.build());
    const send = edge(g, 'function:orders', 'queue:billing-queue');
    assert.equal(send.calls, 2);
    assert.equal(send.async, true);
    const hop = edge(g, 'queue:billing-queue', 'function:billing');
    assert.equal(hop.calls, 1);
    assert.equal(hop.async, true);
    assert.equal(hop.p50Ms, 185, 'delivery delay from the first link\'s producer end (15) to the consumer start (200)');
    assert.ok(!g.edges.some((e) => e.source === 'client:client' && e.target === 'function:billing'), 'a linked consumer is not an external entry');
  });

  it('joins a consumer with neither parent nor link through its messaging attributes', () => {
    const b = new DatasetBuilder();
    b.span(span(T1, 'e1', undefined, 'consumer', 'audit', 0, 10,
      { 'faas.name': 'audit', 'messaging.system': 'aws.eventbridge', 'aws.eventbridge.event_bus.name': 'shop-bus' }, { functionName: 'audit' }));
    const g = buildServiceGraph(b.build());
    const hop = edge(g, 'topic:shop-bus', 'function:audit');
    assert.equal(hop.async, true);
    assert.equal(node(g, 'topic:shop-bus').service, 'EventBridge');
    assert.equal(g.edges.length, 1);
  });

  it('counts a synchronous call to an instrumented callee once, timed by the caller\'s span', () => {
    const b = new DatasetBuilder();
    b.span(span(T1, 's1', undefined, 'server', 'web', 0, 100));
    b.span(span(T1, 's2', 's1', 'client', 'web', 10, 60, { 'peer.service': 'users' }));
    b.span(span(T1, 's3', 's2', 'server', 'users', 15, 50, {}, { status: 'error' }));
    b.span(span(T1, 's4', 's3', 'client', 'users', 20, 5, { 'db.system': 'postgresql', 'db.name': 'usersdb' }));
    const g = buildServiceGraph(b.build());
    assert.deepEqual(g.edges.map((e) => e.id), [
      'client:client->service:web', 'service:users->database:usersdb', 'service:web->service:users',
    ]);
    const call = edge(g, 'service:web', 'service:users');
    assert.equal(call.calls, 1);
    assert.equal(call.p99Ms, 60);
    assert.equal(node(g, 'service:users').calls, 1);
    assert.equal(node(g, 'service:users').errors, 1);
    assert.equal(node(g, 'database:usersdb').service, 'postgresql');
  });

  it('computes numpy-default percentiles and keeps the N slowest distinct traces', () => {
    const b = new DatasetBuilder();
    const durations = [1, 2, 3, 4, 10];
    durations.forEach((d, i) => {
      const t = String(i + 1).repeat(32);
      b.span(span(t, 'r', undefined, 'server', 'api', i * 1000, 100));
      b.span(span(t, 'c', 'r', 'client', 'api', i * 1000 + 1, d, http('h.example', i === 4 ? 429 : 200),
        { status: i === 4 ? 'error' : 'unset', httpStatus: i === 4 ? 429 : 200, throttle: i === 4 }));
      if (i === 0) b.span(span(t, 'c2', 'r', 'client', 'api', 50, 7, http('h.example', 200))); // same trace twice
    });
    const g = buildServiceGraph(b.build(), { topN: 3 });
    const e = edge(g, 'service:api', 'http:h.example');
    // numpy.percentile([1, 2, 3, 4, 7, 10], [50, 95, 99]) == [3.5, 9.25, 9.85]
    assert.equal(e.calls, 6);
    assert.equal(e.p50Ms, 3.5);
    assert.equal(e.p95Ms, 9.25);
    assert.equal(e.p99Ms, 9.85);
    assert.equal(e.throttles, 1);
    assert.equal(e.errors, 1);
    assert.deepEqual(e.slowestTraces.map((t) => [t.traceId[0], t.durationMs]), [['5', 10], ['1', 7], ['4', 4]]);
  });

  it('gives a per-trace graph with only what that trace touched', () => {
    const b = new DatasetBuilder();
    orderTrace(b, T1, 1000, 202);
    b.span(span(T2, 'x1', undefined, 'server', 'other', 0, 10, { 'faas.name': 'other' }, { functionName: 'other' }));
    b.span(span(T2, 'x2', 'x1', 'client', 'other', 1, 5, dynamo('Audit'), { functionName: 'other' }));
    const ds = b.build();
    const one = buildTraceGraph(ds, T2)!;
    assert.deepEqual(one.nodes.map((n) => n.id), ['aws:Audit', 'client:client', 'function:other']);
    assert.equal(one.traces, 1);
    assert.equal(buildTraceGraph(ds, T3), undefined);
    assert.equal(buildServiceGraph(ds).nodes.length, 9);
  });

  it('shows functions known only from logs, and counts a failed invocation as a fault of its function', () => {
    const b = new DatasetBuilder();
    const log = (requestId: string, ts: number, type: 'start' | 'report', extra = {}) => b.log({
      timestampMs: ts, message: type, kind: 'platform', requestId, functionName: 'cron', logGroup: '/aws/lambda/cron', logStream: 's',
      platform: { type, ...extra }, format: 'lambda-text', origin: { file: 'log.txt', line: ++line },
    });
    log('r1', 0, 'start');
    log('r1', 100, 'report', { durationMs: 100 });
    log('r2', 200, 'start');
    log('r2', 3200, 'report', { durationMs: 3000, status: 'timeout' });
    const g = buildServiceGraph(b.build());
    const cron = node(g, 'function:cron');
    assert.equal(cron.calls, 2);
    assert.equal(cron.errors, 1);
    assert.equal(cron.faults, 1);
    assert.equal(g.edges.length, 0);
  });

  it('fails a function visit when the failure is marked on a segment nested under its entry (X-Ray shape)', () => {
    const b = new DatasetBuilder();
    // Lambda service segment (entry) -> function segment with fault -> a handled failing client call.
    b.span(span(T1, 'l1', undefined, 'server', 'fn', 0, 100, {}, { functionName: 'fn', format: 'xray' }));
    b.span(span(T1, 'l2', 'l1', 'server', 'fn', 5, 90, {}, { functionName: 'fn', format: 'xray', status: 'error', fault: true }));
    b.span(span(T2, 'm1', undefined, 'server', 'fn', 0, 100, {}, { functionName: 'fn' }));
    b.span(span(T2, 'm2', 'm1', 'client', 'fn', 5, 9, http('x.example', 404), { functionName: 'fn', status: 'error', httpStatus: 404 }));
    const g = buildServiceGraph(b.build());
    const f = node(g, 'function:fn');
    assert.equal(f.calls, 2);
    assert.equal(f.errors, 1, 'the handled 404 of the other trace does not fail the function');
    assert.equal(f.faults, 1);
    assert.deepEqual(f.failingTraces.map((t) => t.traceId), [T1]);
    assert.equal(edge(g, 'client:client', 'function:fn').errors, 1);
  });

  it('names the caller of a root server span from peer.service instead of the anonymous client', () => {
    const b = new DatasetBuilder();
    b.span(span(T1, 'r', undefined, 'server', 'api', 0, 10, { 'peer.service': 'mobile-app' }));
    const g = buildServiceGraph(b.build());
    assert.deepEqual(g.edges.map((e) => e.id), ['service:mobile-app->service:api']);
  });
});
