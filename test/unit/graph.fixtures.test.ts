import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import { buildServiceGraph, ServiceGraph } from '../../src/core/graph';

// Real data written by others (see its README); expectations below are computed from the raw files, not from our readers.
const fixture = (rel: string) => path.join(FIXTURES, rel);
const readJson = (rel: string): any => JSON.parse(fs.readFileSync(fixture(rel), 'utf8'));  

async function graphOf(rel: string): Promise<ServiceGraph> {
  return buildServiceGraph(await loadPaths([fixture(rel)]));
}

const ids = (g: ServiceGraph) => new Set(g.nodes.map((n) => n.id));
const serviceEdges = (g: ServiceGraph) => new Set(g.edges
  .filter((e) => e.source.startsWith('service:') && e.target.startsWith('service:'))
  .map((e) => `${e.source.slice(8)} -> ${e.target.slice(8)}`));

interface ZSpan { id: string; parentId?: string; kind?: string; shared?: boolean; duration?: number; timestamp?: number;
  localEndpoint?: { serviceName?: string }; remoteEndpoint?: { serviceName?: string } }

/**
 * Zipkin v2 semantics, written from the format's documentation: a shared CLIENT/SERVER pair is one RPC from the
 * client's service to the server's; children hang under the server half; a PRODUCER hands messages to the broker
 * named by its remoteEndpoint, which delivers them to the CONSUMER; a CLIENT whose callee did not trace itself
 * calls the service its remoteEndpoint names.
 */
function expectedZipkin(spans: ZSpan[]): { services: Set<string>; aliases: Set<string>; edges: Set<string> } {
  const timed = spans.filter((s) => s.timestamp !== undefined);
  const local = (s: ZSpan) => s.localEndpoint?.serviceName || 'unknown';
  const remote = (s: ZSpan) => s.remoteEndpoint?.serviceName || undefined;
  const byId = new Map<string, ZSpan[]>();
  for (const s of timed) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
  // The record children attach to: the server half of a shared span, else the (first) record with that id.
  const parentOf = (s: ZSpan): ZSpan | undefined => {
    const group = s.parentId ? byId.get(s.parentId) : undefined;
    return group?.find((x) => x.kind === 'SERVER') ?? group?.[0];
  };
  const edges = new Set<string>();
  const add = (a: string, b: string) => { if (a !== b) edges.add(`${a} -> ${b}`); };
  const callerDone = new Set<ZSpan>();
  for (const s of timed) {
    const group = byId.get(s.id)!;
    const clientHalf = s.kind === 'SERVER' ? group.find((x) => x.kind === 'CLIENT') : undefined;
    const p = clientHalf ?? parentOf(s);
    if (!p) {
      if (s.kind === 'CONSUMER' && remote(s)) add(remote(s)!, local(s));
      continue;
    }
    if (p.kind === 'PRODUCER') {
      if (remote(p)) add(remote(p)!, local(s));
      else add(local(p), local(s));
    } else if (local(p) !== local(s)) {
      add(local(p), local(s));
      if (p.kind === 'CLIENT') callerDone.add(p);
    }
  }
  const aliases = new Set<string>();
  for (const s of timed) {
    const r = remote(s);
    if (!r || (s.kind !== 'CLIENT' && s.kind !== 'PRODUCER')) continue;
    if (s.kind === 'CLIENT' && callerDone.has(s)) aliases.add(r); // the callee traced itself under its own name
    else add(local(s), r);
  }
  const services = new Set(timed.flatMap((s) => [local(s), ...(s.kind === 'SERVER' ? [] : [remote(s)])]).filter((x): x is string => !!x));
  for (const a of aliases) if (![...edges].some((e) => e.endsWith(` -> ${a}`))) services.delete(a);
  return { services, aliases, edges };
}

describe('service graph: real fixtures', () => {
  for (const file of ['yelp.json', 'smartthings-oauth-authorization.json', 'smartthings-mobile-web-install.json', 'messaging-kafka.json', 'skew.json']) {
    it(`zipkin/${file}: every service is a node, and service-to-service edges match the file`, async () => {
      const raw = readJson(`zipkin/${file}`) as ZSpan[];
      const want = expectedZipkin(raw);
      const g = await graphOf(`zipkin/${file}`);
      const have = ids(g);
      for (const svc of want.services) assert.ok(have.has(`service:${svc}`), `service ${svc} missing`);
      assert.deepEqual([...serviceEdges(g)].sort(), [...want.edges].sort());
    });
  }

  it('zipkin/messaging-kafka.json: producer -> kafka -> consumer is joined asynchronously, counted per message', async () => {
    const raw = readJson('zipkin/messaging-kafka.json') as ZSpan[];
    const g = await graphOf('zipkin/messaging-kafka.json');
    const producers = raw.filter((s) => s.kind === 'PRODUCER').length;
    const toB = raw.filter((s) => s.kind === 'CONSUMER' && s.localEndpoint?.serviceName === 'serviceb').length;
    const send = g.edges.find((e) => e.id === 'service:servicea->service:kafka')!;
    assert.equal(send.calls, producers);
    assert.equal(send.async, true);
    const deliver = g.edges.find((e) => e.id === 'service:kafka->service:serviceb')!;
    assert.equal(deliver.calls, toB);
    assert.equal(deliver.async, true);
  });

  it('zipkin/smartthings-mobile-web-install.json: edge errors add up to the failing client calls in the file', async () => {
    const raw = readJson('zipkin/smartthings-mobile-web-install.json') as (ZSpan & { tags?: Record<string, string> })[];
    const g = await graphOf('zipkin/smartthings-mobile-web-install.json');
    const failing = raw.filter((s) => s.kind === 'CLIENT' && s.tags && 'error' in s.tags).map((s) => s.localEndpoint?.serviceName);
    const errorsFrom = (svc: string) => g.edges.filter((e) => e.source === `service:${svc}`).reduce((n, e) => n + e.errors, 0);
    assert.ok(failing.length > 0, 'the file holds failing client calls');
    for (const svc of new Set(failing)) assert.equal(errorsFrom(svc!), failing.filter((x) => x === svc).length, svc);
  });

  it('jaeger/ride-sharing-trace.json: every process is a node; cross-process parent links are edges', async () => {
    const d = readJson('jaeger/ride-sharing-trace.json').data;
    const procs: Record<string, { serviceName: string }> = d.processes;
    const spans: { spanID: string; processID: string; references?: { refType: string; spanID: string }[] }[] = d.spans;
    const svcOf = new Map(spans.map((s) => [s.spanID, procs[s.processID].serviceName]));
    const want = new Set<string>();
    for (const s of spans) {
      const p = s.references?.find((r) => r.refType === 'CHILD_OF');
      const ps = p && svcOf.get(p.spanID);
      if (ps && ps !== procs[s.processID].serviceName) want.add(`${ps} -> ${procs[s.processID].serviceName}`);
    }
    const g = await graphOf('jaeger/ride-sharing-trace.json');
    for (const p of Object.values(procs)) assert.ok(ids(g).has(`service:${p.serviceName}`), p.serviceName);
    assert.ok(want.size > 0);
    assert.deepEqual([...serviceEdges(g)].sort(), [...want].sort());
  });

  for (const [otlp, jaeger] of [
    ['otlp/jaeger-ui-otlp2jaeger-in.json', 'jaeger/jaeger-ui-otlp2jaeger-out.json'],
    ['otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json', 'jaeger/jaeger-ui-otlp2jaeger-multi-out.json'],
  ]) {
    it(`${otlp} and its Jaeger conversion give the same graph, with every resource's service.name`, async () => {
      const services = new Set<string>();
      for (const rs of readJson(otlp).resourceSpans) {
        for (const a of rs.resource?.attributes ?? []) if (a.key === 'service.name') services.add(a.value.stringValue);
      }
      const a = await graphOf(otlp);
      const b = await graphOf(jaeger);
      for (const s of services) assert.ok(ids(a).has(`service:${s}`), s);
      // Jaeger keeps microseconds, OTLP nanoseconds: latencies agree to the microsecond.
      const shape = (g: ServiceGraph) => ({
        nodes: g.nodes.map((n) => [n.id, n.calls, n.errors, Math.round(n.p95Ms * 100)]),
        edges: g.edges.map((e) => [e.id, e.calls, e.errors, Math.round(e.p95Ms * 100)]),
      });
      assert.deepEqual(shape(a), shape(b));
    });
  }

  it('otlp/opentelemetry-proto-example-trace.json: the service is a node with one call per entry span', async () => {
    const doc = readJson('otlp/opentelemetry-proto-example-trace.json');
    const rs = doc.resourceSpans[0];
    const name = rs.resource.attributes.find((a: { key: string }) => a.key === 'service.name').value.stringValue;
    const spans = rs.scopeSpans.flatMap((s: { spans: unknown[] }) => s.spans);
    const g = await graphOf('otlp/opentelemetry-proto-example-trace.json');
    const n = g.nodes.find((x) => x.id === `service:${name}`);
    assert.ok(n, name);
    const roots = spans.filter((s: { parentSpanId?: string }) => !s.parentSpanId).length;
    assert.equal(n.calls, Math.max(1, roots));
  });

  it('xray/otel-contrib-serverSample.txt: the segment is a node called from the client entry node', async () => {
    const text = fs.readFileSync(fixture('xray/otel-contrib-serverSample.txt'), 'utf8');
    const seg = JSON.parse(text.slice(text.indexOf('\n') + 1));
    const g = await graphOf('xray/otel-contrib-serverSample.txt');
    const e = g.edges.find((x) => x.target === `service:${seg.name}`);
    assert.ok(e, `no edge into ${seg.name}`);
    assert.equal(e.source, 'client:client');
    assert.equal(e.calls, 1);
    assert.ok(Math.abs(e.p50Ms - (seg.end_time - seg.start_time) * 1000) < 0.01);
  });

  for (const file of ['datadog-subscription-coldstart.json', 'datadog-subscription-node12-xray.json']) {
    it(`cloudwatch/${file}: the function of the log group is a node with one call per REPORT`, async () => {
      const doc = readJson(`cloudwatch/${file}`);
      const fn = String(doc.logGroup).replace('/aws/lambda/', '');
      const reports = doc.logEvents.filter((e: { message: string }) => e.message.startsWith('REPORT')).length;
      const g = await graphOf(`cloudwatch/${file}`);
      const n = g.nodes.find((x) => x.id === `function:${fn}`);
      assert.ok(n, `function:${fn} missing; have ${[...ids(g)].join(', ')}`);
      assert.equal(n.calls, reports);
    });
  }
});
