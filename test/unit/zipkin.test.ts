import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import * as fs from 'fs';
import * as path from 'path';
import type { Origin, Span } from '../../src/core/model';
import type { ReadContext, SkipReason } from '../../src/core/readers/types';
import { zipkinReader } from '../../src/core/readers/zipkin';


interface Collected { spans: Span[]; skips: { reason: SkipReason; origin: Origin; message: string }[] }

function run(value: unknown): Collected {
  const c: Collected = { spans: [], skips: [] };
  const ctx: ReadContext = {
    sink: { span: (s) => c.spans.push(s), log: () => assert.fail('no logs expected'), skip: (reason, origin, message) => c.skips.push({ reason, origin, message }) },
    origin: { file: 'z.json', line: 1 },
    hints: {},
  };
  assert.equal(zipkinReader.matches(value), true, 'reader should recognise the value');
  zipkinReader.read(value, ctx);
  return c;
}

const key = (s: { traceId: string; spanId: string }) => `${s.traceId}/${s.spanId}`;

/**
 * Independent count of the distinct spans a Zipkin file holds: every raw span, except untimed fragments
 * that repeat the id of a timed span from the same local service (one span reported in parts).
 */
function expectedDistinct(raw: any[]): number {
  const timed = new Set(raw.filter((s) => s.timestamp !== undefined).map((s) => `${s.id}/${s.localEndpoint?.serviceName}`));
  return raw.filter((s) => s.timestamp !== undefined || !timed.has(`${s.id}/${s.localEndpoint?.serviceName}`)).length;
}

describe('zipkinReader on real fixtures', () => {
  // [file, spans in README, services in README]; the test also recomputes both from the raw JSON.
  const files: [string, number | undefined, number | undefined][] = [
    ['zipkin/yelp.json', 16, 10],
    ['zipkin/smartthings-oauth-authorization.json', 175, 8],
    ['zipkin/smartthings-mobile-web-install.json', 1041, 16],
    ['zipkin/messaging-kafka.json', 28, 3],
    ['zipkin/skew.json', undefined, undefined],
  ];
  for (const [rel, readmeSpans, readmeServices] of files) {
    it(`reads ${rel} completely into one well-formed tree`, () => {
      const raw = JSON.parse(fs.readFileSync(path.join(FIXTURES, rel), 'utf8')) as any[];
      if (readmeSpans !== undefined) assert.equal(raw.length, readmeSpans);
      const rawServices = new Set(raw.flatMap((s) => [s.localEndpoint?.serviceName, s.remoteEndpoint?.serviceName]).filter(Boolean));
      if (readmeServices !== undefined) assert.equal(rawServices.size, readmeServices);

      const c = run(raw);
      assert.deepEqual(c.skips, []);
      assert.equal(c.spans.length, raw.length, 'every record is emitted; fragments repeat their half\'s id');
      const whole = c.spans.filter((s) => s.attributes['zipkin.fragment'] === undefined);
      assert.equal(whole.length, expectedDistinct(raw));
      assert.equal(new Set(c.spans.map((s) => s.traceId)).size, new Set(raw.map((s) => s.traceId)).size);
      assert.deepEqual(new Set(c.spans.map((s) => s.service)), new Set(raw.map((s) => s.localEndpoint?.serviceName).filter(Boolean)));
      const seen = new Set([...c.spans.map((s) => s.service), ...c.spans.map((s) => s.attributes['peer.service'] as string).filter(Boolean)]);
      assert.deepEqual(seen, rawServices);

      // Shared ids were split: whole spans have unique ids, every parent is in the file, one root.
      const ids = new Set(whole.map(key));
      assert.equal(ids.size, whole.length, 'no two whole spans share an id');
      for (const s of c.spans) if (s.parentSpanId) assert.ok(ids.has(`${s.traceId}/${s.parentSpanId}`), `parent of ${s.spanId} missing`);
      assert.equal(whole.filter((s) => !s.parentSpanId).length, 1);
      const rawErrors = raw.filter((s) => s.tags && 'error' in s.tags).length;
      assert.equal(c.spans.filter((s) => s.status === 'error').length, rawErrors);
    });
  }

  it('skew.json keeps all four spans and puts the shared server half under its client half', () => {
    const c = run(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'zipkin/skew.json'), 'utf8')));
    assert.equal(c.spans.length, 4);
    const get = (id: string) => c.spans.find((s) => s.spanId === id)!;
    const client = get('74280ae0c10d8062.client');
    const server = get('74280ae0c10d8062');
    assert.equal(client.kind, 'client');
    assert.equal(client.service, 'servicea');
    assert.equal(client.parentSpanId, 'bf396325699c84bf');
    assert.equal(client.attributes['explorer.original_span_id'], '74280ae0c10d8062');
    assert.equal(server.kind, 'server');
    assert.equal(server.service, 'serviceb');
    assert.equal(server.parentSpanId, '74280ae0c10d8062.client');
    assert.equal(get('43210ae0c10d1234').parentSpanId, '74280ae0c10d8062', 'children of the shared id stay under the server half');
    assert.ok(server.startMs < client.startMs, 'skew is kept as recorded, not corrected');
    assert.equal(server.traceId, '00000000000000001e223ff1f80f1c69');
    assert.equal(server.startMs, 1470150004008.761);
    assert.equal(server.durationMs, 93.577);
  });

  it('emits the untimed fragments of mobile-web-install right after their timed half, with its ids', () => {
    const c = run(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'zipkin/smartthings-mobile-web-install.json'), 'utf8')));
    const fragments = c.spans.map((s, i) => [s, i] as const).filter(([s]) => s.attributes['zipkin.fragment'] === true);
    assert.equal(fragments.length, 84);
    for (const [f, i] of fragments) {
      const half = c.spans.slice(0, i).reverse().find((s) => s.attributes['zipkin.fragment'] === undefined)!;
      assert.equal(key(f), key(half));
      assert.equal(f.parentSpanId, half.parentSpanId);
      assert.equal(f.kind, 'server');
      assert.equal(f.service, half.service);
      assert.equal(f.durationMs, 0);
    }
  });

  it('gives fanned-out shared server halves distinct ids under one client', () => {
    const c = run(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'zipkin/smartthings-oauth-authorization.json'), 'utf8')));
    const fan = c.spans.filter((s) => s.attributes['explorer.original_span_id'] !== undefined && s.name === 'receive iot-events360');
    assert.equal(fan.length, 4, 'the first server half keeps the id, four more are renamed');
    assert.ok(fan.every((s) => /\.server[2-5]$/.test(s.spanId)));
    const servers = c.spans.filter((s) => s.name === 'receive iot-events360');
    assert.equal(servers.length, 5);
    assert.equal(new Set(servers.map((s) => s.parentSpanId)).size, 1);
    assert.ok(servers[0].parentSpanId!.endsWith('.client'));
  });

  it('maps remote endpoints, errors and annotations', () => {
    const c = run(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'zipkin/messaging-kafka.json'), 'utf8')));
    const producer = c.spans.find((s) => s.kind === 'producer')!;
    assert.deepEqual(producer.remote, { id: 'service:kafka', type: 'service', name: 'kafka' });
    const failed = c.spans.find((s) => s.status === 'error' && s.statusMessage)!;
    assert.equal(failed.statusMessage, 'some error');
    const yelp = run(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'zipkin/yelp.json'), 'utf8')));
    const annotated = yelp.spans.filter((s) => s.events.length > 0);
    assert.equal(annotated.length, 1);
    assert.ok(annotated[0].events.every((e) => Number.isFinite(e.timeMs) && e.name !== ''));
  });
});

describe('zipkinReader on hand-written spans', () => {
  const span = (over: Record<string, unknown> = {}) => ({
    traceId: '463ac35c9f6413ad48485a3953bb6124', id: 'a2fb4a1d1a96d312', name: 'get /orders', kind: 'CLIENT',
    timestamp: 1700000000000123, duration: 4567, localEndpoint: { serviceName: 'frontend' },
    remoteEndpoint: { serviceName: 'orders', ipv4: '10.0.0.7', port: 8080 }, tags: { 'http.status_code': '500' }, ...over,
  });

  it('reads 128-bit ids, microsecond times and http status', () => {
    const s = run([span()]).spans[0];
    assert.equal(s.traceId, '463ac35c9f6413ad48485a3953bb6124');
    assert.equal(s.startMs, 1700000000000.123);
    assert.equal(s.durationMs, 4.567);
    assert.equal(s.httpStatus, 500);
    assert.equal(s.status, 'error');
    assert.equal(s.fault, true);
    assert.equal(s.attributes['network.peer.address'], '10.0.0.7');
    assert.deepEqual(s.remote, { id: 'service:orders', type: 'service', name: 'orders' });
  });

  it('widens 64-bit trace ids to the 128-bit id seen in the same file', () => {
    const c = run([span(), span({ traceId: '48485a3953bb6124', id: 'b2fb4a1d1a96d312', parentId: 'a2fb4a1d1a96d312' })]);
    assert.equal(new Set(c.spans.map((s) => s.traceId)).size, 1);
  });

  it('keeps a span without duration at zero length and notes it', () => {
    const s = run([span({ duration: undefined })]).spans[0];
    assert.equal(s.durationMs, 0);
    assert.equal(s.attributes['explorer.duration_missing'], true);
  });

  it('reads a list of traces (array of arrays) with paths naming both indexes', () => {
    const c = run([[span()], [span({ traceId: '1e223ff1f80f1c69', id: '1' }), span({ traceId: 'zz' })]]);
    assert.equal(c.spans.length, 2);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path]), [['wrong-type', '[1][1]']]);
  });

  it('skips bad spans naming the field', () => {
    const c = run([
      span(),
      span({ traceId: undefined }),
      span({ id: '' }),
      span({ id: 42 }),
      span({ timestamp: '1700000000000123' }),
      span({ duration: 'long' }),
      span({ parentId: {} }),
      'garbage',
      span({ id: 'c2fb4a1d1a96d312', timestamp: undefined }),
    ]);
    // The untimed record may be a fragment of a half in another line or file: it waits for the whole load.
    assert.equal(c.spans.length, 2);
    assert.equal(c.spans[1].attributes['zipkin.fragment'], true);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path, s.message.split(':')[0]]), [
      ['wrong-type', '[7]', 'span is not an object'],
      ['missing-field', '[1]', 'span has no traceId'],
      ['missing-field', '[2]', 'span has no id'],
      ['wrong-type', '[3]', 'id is not a span id'],
      ['wrong-type', '[4]', 'timestamp is not epoch microseconds'],
      ['wrong-type', '[5]', 'duration is not microseconds'],
      ['wrong-type', '[6]', 'parentId is not a span id'],
    ]);
    // No half came with the load: the builder counts it then.
    const b = new DatasetBuilder();
    for (const s of c.spans) b.span(s);
    const ds = b.build();
    assert.equal(ds.spans.length, 1);
    assert.deepEqual(ds.problems.map((p) => [p.reason, p.message]), [['missing-field', 'span has no timestamp ([8])']]);
  });

  it('does not claim other formats', () => {
    assert.equal(zipkinReader.matches([{ trace_id: '1-5759e988-bd862e3fe1be46a994272793', id: 'a', start_time: 1 }]), false);
    assert.equal(zipkinReader.matches({ traceId: 'a', spanId: 'b', startTimeUnixNano: 1 }), false);
    assert.equal(zipkinReader.matches([]), false);
    assert.equal(zipkinReader.matches('x'), false);
  });
});
