import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import type { Dataset } from '../../src/core/dataset';
import { normalizeTraceId } from '../../src/core/ids';
import { buildServiceGraph, buildTraceGraph, GraphEdge, GraphNode, ServiceGraph } from '../../src/core/graph';
import { GraphController } from '../../src/extension/architecture/controller';
import { DEFAULT_GRAPH_SETTINGS, GraphHostMessage, toGraphHost } from '../../src/protocol/architecture';
import { httpHost } from '../../src/core/readers/resource';
import type { SourceLocation } from '../../src/core/model';
import {
  API, FUNCTIONS, IDP_HOST, MAIL_HOST, ORDERS_TABLE, PAYMENTS_HOST, QUEUE, TOPIC,
} from '../../src/core/sample/scenario';

// The sample app's data (src/core/sample -> samples/data); the manifest holds the generator's own counts.
const DATA = path.resolve(__dirname, '../../../samples/data');

describe('service graph: sample app', function () {
  let ds: Dataset;
  let g: ServiceGraph;
  let manifest: any;  

  before(async function () {
    if (!fs.existsSync(path.join(DATA, 'manifest.json'))) this.skip(); // generated data not present in this checkout
    manifest = JSON.parse(fs.readFileSync(path.join(DATA, 'manifest.json'), 'utf8'));
    ds = await loadPaths([DATA]);
    g = buildServiceGraph(ds);
  });

  const node = (id: string): GraphNode => {
    const n = g.nodes.find((x) => x.id === id);
    assert.ok(n, `node ${id} missing; have ${g.nodes.map((x) => x.id).join(', ')}`);
    return n;
  };
  const edge = (source: string, target: string): GraphEdge => {
    const e = g.edges.find((x) => x.source === source && x.target === target);
    assert.ok(e, `edge ${source} -> ${target} missing; have ${g.edges.map((x) => x.id).join(', ')}`);
    return e;
  };
  const gw = `aws:${API.name}/${API.stage}`;
  const fn = (name: string) => `function:${name}`;

  it('has exactly the functions, resources and hosts of the app, plus the client entry', () => {
    const want = [
      'client:client', gw, ...FUNCTIONS.map(fn), `aws:${ORDERS_TABLE}`, `topic:${TOPIC}`, `queue:${QUEUE}`,
      `http:${IDP_HOST}`, `http:${MAIL_HOST}`, `http:${PAYMENTS_HOST}`,
    ].sort();
    // A stray node (e.g. a topic named just "SNS") means a reader lost the resource's name.
    assert.deepEqual(g.nodes.map((n) => n.id), want);
    assert.equal(node(`aws:${ORDERS_TABLE}`).service, 'DynamoDB');
    assert.equal(node(`topic:${TOPIC}`).service, 'SNS');
    assert.equal(node(`queue:${QUEUE}`).service, 'SQS');
    assert.equal(node(gw).service, 'APIGateway');
  });

  it('is connected end to end: API entry -> orders -> SNS/SQS -> downstream functions -> their hosts', () => {
    const expected: [string, string, boolean][] = [
      ['client:client', gw, false],
      [gw, fn('shop-orders-api'), false],
      [fn('shop-orders-api'), `http:${IDP_HOST}`, false],
      [fn('shop-orders-api'), `aws:${ORDERS_TABLE}`, false],
      [fn('shop-orders-api'), `topic:${TOPIC}`, true],
      [`topic:${TOPIC}`, fn('shop-notifications'), true],
      [fn('shop-notifications'), `http:${MAIL_HOST}`, false],
      [fn('shop-orders-api'), `queue:${QUEUE}`, true],
      [`queue:${QUEUE}`, fn('shop-billing'), true],
      [fn('shop-billing'), `http:${PAYMENTS_HOST}`, false],
      [fn('shop-billing'), `aws:${ORDERS_TABLE}`, false],
    ];
    for (const [s, t, async] of expected) assert.equal(edge(s, t).async, async, `${s} -> ${t}`);
    assert.equal(g.edges.length, expected.length, `unexpected edges: ${g.edges.map((e) => e.id).join(', ')}`);
    // Everything reachable from the client entry.
    const seen = new Set(['client:client']);
    for (let grew = true; grew;) {
      grew = false;
      for (const e of g.edges) if (seen.has(e.source) && !seen.has(e.target)) { seen.add(e.target); grew = true; }
    }
    assert.deepEqual([...seen].sort(), g.nodes.map((n) => n.id));
  });

  it('counts what the generator says happened', () => {
    assert.equal(edge('client:client', gw).calls, manifest.traces.total);
    assert.equal(edge(fn('shop-orders-api'), `http:${IDP_HOST}`).calls, manifest.traces.total, 'every request checks its token');
    for (const name of FUNCTIONS) {
      const f = manifest.functions[name];
      assert.equal(node(fn(name)).calls, f.invocations, name);
      assert.equal(node(fn(name)).errors, f.errors + f.timeouts + f.crashes, `${name}: failed invocations`);
    }
    assert.equal(edge(gw, fn('shop-orders-api')).errors, node(fn('shop-orders-api')).errors, 'a failed invocation fails the call into it');
    assert.equal(edge(fn('shop-notifications'), `http:${MAIL_HOST}`).errors, manifest.incidents.mail5xx);
    assert.equal(edge(fn('shop-notifications'), `http:${MAIL_HOST}`).faults, manifest.incidents.mail5xx);
  });

  it('marks the identity-provider edge with the 401 burst and lists those traces', () => {
    const idp = edge(fn('shop-orders-api'), `http:${IDP_HOST}`);
    assert.equal(idp.errors, manifest.incidents.idpBurst.rejectedRequests);
    assert.equal(idp.faults, 0, '401 is a client error, not a fault');
    assert.ok(idp.failingTraces.length > 0 && idp.failingTraces.length <= 10);
    const { startMs, endMs } = manifest.incidents.idpBurst;
    for (const ref of idp.failingTraces) {
      const t = ds.traceById.get(ref.traceId)!;
      assert.ok(t.startMs >= startMs && t.startMs < endMs, `${ref.traceId} outside the burst`);
      assert.ok(t.nodes.some((n) => n.span.httpStatus === 401 && n.span.remote?.name === IDP_HOST));
    }
  });

  it('lists the timed-out billing trace and the crashed orders trace among their functions\' failing traces', () => {
    const timeout = normalizeTraceId(manifest.incidents.timeout.traceId);
    const crash = normalizeTraceId(manifest.incidents.crash.traceId);
    assert.equal(node(fn('shop-billing')).failingTraces[0]?.traceId, timeout, 'the 6 s timeout is the slowest failure');
    assert.ok(node(fn('shop-orders-api')).failingTraces.some((t) => t.traceId === crash));
    assert.equal(node(fn('shop-billing')).slowestTraces[0].traceId, normalizeTraceId(manifest.slowestTraceId));
  });

  it('gives the per-trace graph of the slowest trace: the billing path, not the notifications one unless it ran', () => {
    const id = normalizeTraceId(manifest.slowestTraceId)!;
    const one = buildTraceGraph(ds, id)!;
    const have = new Set(one.nodes.map((n) => n.id));
    for (const n of [gw, fn('shop-orders-api'), `queue:${QUEUE}`, fn('shop-billing'), `http:${PAYMENTS_HOST}`]) assert.ok(have.has(n), n);
    const trace = ds.traceById.get(id)!;
    assert.equal(have.has(fn('shop-notifications')), trace.nodes.some((n) => n.span.functionName === 'shop-notifications'));
    assert.ok(one.edges.every((e) => e.calls >= 1));
  });

  it('has function nodes that know their handler source', () => {
    for (const name of FUNCTIONS) assert.ok(node(fn(name)).source?.file, name);
  });

  it('opens a function\'s handler from the architecture view (controller, as on double-click)', () => {
    const asked: [string, SourceLocation][] = [];
    const c = new GraphController(() => ({ dataset: ds, sourceLabel: 'sample', loading: false, version: 1 }), () => DEFAULT_GRAPH_SETTINGS, {
      post: () => undefined, openTrace: () => undefined, openHandler: (id, src) => asked.push([id, src]), log: () => undefined,
    });
    c.handle(toGraphHost({ type: 'ready' }));
    c.handle(toGraphHost({ type: 'openHandler', nodeId: fn('shop-billing') }));
    assert.equal(asked.length, 1);
    assert.equal(asked[0][0], fn('shop-billing'));
    assert.match(asked[0][1].file, /billing/);
  });

  it('says what failed in each failing trace of an element: the status of the call to its target, the error type', () => {
    const posted: GraphHostMessage[] = [];
    const c = new GraphController(() => ({ dataset: ds, sourceLabel: 'sample', loading: false, version: 1 }), () => DEFAULT_GRAPH_SETTINGS, {
      post: (m) => posted.push(m), openTrace: () => undefined, openHandler: () => undefined, log: () => undefined,
    });
    c.handle(toGraphHost({ type: 'ready' }));
    const idp = edge(fn('shop-orders-api'), `http:${IDP_HOST}`);
    c.handle(toGraphHost({ type: 'getElementTraces', requestId: 1, elementId: idp.id }));
    const m = posted[posted.length - 1];
    assert.ok(m.type === 'elementTraces' && m.failing.length > 0);
    for (const r of m.failing) {
      // The status the identity provider answered in that very trace, read from its spans here.
      const call = ds.traceById.get(r.traceId)!.nodes.find((n) => httpHost(n.span.attributes) === IDP_HOST && (n.span.httpStatus ?? 0) >= 400)!;
      assert.ok(call, `trace ${r.traceId} has no failed call to ${IDP_HOST}`);
      assert.ok(r.failure?.startsWith(String(call.span.httpStatus)), `${r.traceId}: ${r.failure}`);
    }
    // A resource whose failures carry an exception: its type is named.
    const failing = g.nodes.find((n) => n.type !== 'client' && n.failingTraces.length > 0)!;
    c.handle(toGraphHost({ type: 'getElementTraces', requestId: 2, elementId: failing.id }));
    const m2 = posted[posted.length - 1];
    assert.ok(m2.type === 'elementTraces');
    for (const r of m2.failing) assert.ok(r.failure && r.failure !== 'error', `${failing.id} ${r.traceId}: ${r.failure}`);
    for (const r of m2.slowest) assert.equal(r.failure !== undefined, r.error, `${r.traceId}: failure text only on failed traces`);
  });
});
