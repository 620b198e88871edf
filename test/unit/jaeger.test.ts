import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Origin, Span } from '../../src/core/model';
import type { ReadContext, SkipReason } from '../../src/core/readers/types';
import { jaegerReader } from '../../src/core/readers/jaeger';


interface Collected { spans: Span[]; skips: { reason: SkipReason; origin: Origin; message: string }[] }

function run(value: unknown): Collected {
  const c: Collected = { spans: [], skips: [] };
  const ctx: ReadContext = {
    sink: { span: (s) => c.spans.push(s), log: () => assert.fail('no logs expected'), skip: (reason, origin, message) => c.skips.push({ reason, origin, message }) },
    origin: { file: 'j.json', line: 1 },
    hints: {},
    readNested: () => assert.fail('these records hold no nested JSON for the registry'),
  };
  assert.equal(jaegerReader.matches(value), true, 'reader should recognise the value');
  jaegerReader.read(value, ctx);
  return c;
}

function fixture(rel: string): any {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'));
}

describe('jaegerReader on real fixtures', () => {
  for (const rel of ['jaeger/jaeger-ui-otlp2jaeger-out.json', 'jaeger/jaeger-ui-otlp2jaeger-multi-out.json', 'jaeger/ride-sharing-trace.json']) {
    it(`reads every span of ${rel}`, () => {
      const doc = fixture(rel);
      const traces: any[] = Array.isArray(doc.data) ? doc.data : [doc.data];
      const rawSpans = traces.flatMap((t) => t.spans);
      const rawServices = new Set(traces.flatMap((t) => Object.values(t.processes).map((p: any) => p.serviceName)));
      const c = run(doc);
      assert.deepEqual(c.skips, []);
      assert.equal(c.spans.length, rawSpans.length);
      assert.equal(new Set(c.spans.map((s) => s.traceId)).size, new Set(rawSpans.map((s) => s.traceID)).size);
      assert.deepEqual(new Set(c.spans.map((s) => s.service)), rawServices);
      assert.ok(c.spans.every((s) => s.format === 'jaeger' && s.origin.path?.startsWith('data')));
    });
  }

  it('reads the ride-sharing trace in the UI object form: parents from CHILD_OF, not from nested reference copies', () => {
    const c = run(fixture('jaeger/ride-sharing-trace.json'));
    assert.equal(c.spans.length, 4);
    assert.equal(new Set(c.spans.map((s) => s.spanId)).size, 4);
    const ids = new Set(c.spans.map((s) => s.spanId));
    const roots = c.spans.filter((s) => !s.parentSpanId);
    assert.equal(roots.length, 1);
    assert.equal(roots[0].name, 'OrderVehicle');
    assert.equal(roots[0].service, 'load-generator');
    assert.equal(roots[0].startMs, 1660049722779.884);
    assert.equal(roots[0].durationMs, 1181.596);
    assert.ok(c.spans.every((s) => !s.parentSpanId || ids.has(s.parentSpanId)));
    assert.equal(roots[0].attributes.vehicle, 'bike');
    assert.equal(c.spans[1].origin.path, 'data.spans[1]');
  });

  it('reads span.kind and keeps duplicate spans for the dataset to merge', () => {
    const c = run(fixture('jaeger/jaeger-ui-otlp2jaeger-out.json'));
    assert.equal(c.spans.length, 2);
    assert.ok(c.spans.every((s) => s.kind === 'server' && s.spanId === 'e127af99e3b3e074'));
    assert.equal(c.spans[0].parentSpanId, '909541b92cf05311');
    assert.equal(c.spans[0].durationMs, 0.123);
  });
});

describe('jaegerReader on hand-written traces', () => {
  const T = '4bf92f3577b34da6a3ce929d0e0e4736';
  const span = (over: Record<string, unknown> = {}) => ({
    traceID: T, spanID: '00f067aa0ba902b7', operationName: 'HTTP GET /orders', references: [],
    startTime: 1700000000000250, duration: 1500, processID: 'p1', warnings: ['ignored'],
    tags: [
      { key: 'span.kind', type: 'string', value: 'client' },
      { key: 'http.status_code', type: 'int64', value: 503 },
      { key: 'http.url', type: 'string', value: 'https://inventory.internal:9000/items' },
      { key: 'error', type: 'bool', value: true },
      { key: 'retries', type: 'int64', value: '2' },
    ],
    logs: [
      { timestamp: 1700000000001000, fields: [{ key: 'event', type: 'string', value: 'error' }, { key: 'error.kind', type: 'string', value: 'TimeoutError' },
        { key: 'message', type: 'string', value: 'upstream timed out' }, { key: 'stack', type: 'string', value: 'TimeoutError: upstream timed out\n    at get (/app/inventory.js:12:3)' }] },
      { timestamp: 1700000000001200, fields: [{ key: 'event', type: 'string', value: 'retry' }] },
    ],
    ...over,
  });
  const trace = (spans: unknown[]) => ({ traceID: T, spans, processes: { p1: { serviceName: 'frontend', tags: [{ key: 'hostname', type: 'string', value: 'web-1' }] } } });

  it('reads a single trace object with typed tags, logs and error logs', () => {
    const c = run(trace([span()]));
    assert.deepEqual(c.skips, []);
    const s = c.spans[0];
    assert.equal(s.service, 'frontend');
    assert.equal(s.resourceAttributes?.hostname, 'web-1');
    assert.equal(s.kind, 'client');
    assert.equal(s.startMs, 1700000000000.25);
    assert.equal(s.durationMs, 1.5);
    assert.equal(s.httpStatus, 503);
    assert.equal(s.status, 'error');
    assert.equal(s.fault, true);
    assert.equal(s.attributes.retries, 2);
    assert.deepEqual(s.remote, { id: 'http:inventory.internal', type: 'http', name: 'inventory.internal' });
    assert.deepEqual(s.events.map((e) => [e.name, e.timeMs]), [['error', 1700000000001], ['retry', 1700000000001.2]]);
    assert.equal(s.exceptions.length, 1);
    assert.equal(s.exceptions[0].type, 'TimeoutError');
    assert.equal(s.exceptions[0].message, 'upstream timed out');
    assert.equal(s.exceptions[0].frames[0]?.file, '/app/inventory.js');
    assert.equal(s.statusMessage, 'upstream timed out');
  });

  it('CHILD_OF is the parent, FOLLOWS_FROM a link; FOLLOWS_FROM alone is the parent', () => {
    const both = span({ references: [
      { refType: 'FOLLOWS_FROM', traceID: T, spanID: '1111111111111111' },
      { refType: 'CHILD_OF', traceID: T, spanID: '2222222222222222' },
    ] });
    const onlyFollows = span({ spanID: '3333333333333333', references: [{ refType: 'FOLLOWS_FROM', traceID: T, spanID: '1111111111111111' }] });
    const otherTrace = span({ spanID: '4444444444444444', references: [{ refType: 'CHILD_OF', traceID: 'abcdef', spanID: '5555555555555555' }] });
    const c = run({ data: [trace([both, onlyFollows, otherTrace])], total: 0, limit: 0, offset: 0, errors: null });
    assert.equal(c.spans[0].parentSpanId, '2222222222222222');
    assert.deepEqual(c.spans[0].links.map((l) => l.spanId), ['1111111111111111']);
    assert.equal(c.spans[1].parentSpanId, '1111111111111111');
    assert.deepEqual(c.spans[1].links, []);
    assert.equal(c.spans[2].parentSpanId, undefined, 'a reference into another trace is a link');
    assert.equal(c.spans[2].links[0].traceId, '00000000000000000000000000abcdef');
  });

  it('uses an inline process over processID', () => {
    const s = run(trace([span({ process: { serviceName: 'inline-svc', tags: [] } })])).spans[0];
    assert.equal(s.service, 'inline-svc');
  });

  it('splits a Zipkin-style shared client/server pair', () => {
    const client = span({ spanID: 'aaaaaaaaaaaaaaaa', references: [{ refType: 'CHILD_OF', traceID: T, spanID: '0000000000000001' }] });
    const server = span({ spanID: 'aaaaaaaaaaaaaaaa', processID: 'p2', tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
      references: [{ refType: 'CHILD_OF', traceID: T, spanID: '0000000000000001' }] });
    const child = span({ spanID: 'bbbbbbbbbbbbbbbb', processID: 'p2', references: [{ refType: 'CHILD_OF', traceID: T, spanID: 'aaaaaaaaaaaaaaaa' }] });
    const c = run({ traceID: T, spans: [client, server, child], processes: { p1: { serviceName: 'a' }, p2: { serviceName: 'b' } } });
    assert.deepEqual(c.spans.map((s) => [s.spanId, s.parentSpanId, s.service]), [
      ['aaaaaaaaaaaaaaaa.client', '0000000000000001', 'a'],
      ['aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa.client', 'b'],
      ['bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'b'],
    ]);
  });

  it('skips bad spans naming the field, keeps the rest', () => {
    const c = run(trace([
      span(),
      span({ traceID: undefined }),
      span({ spanID: '' }),
      span({ spanID: 7 }),
      span({ startTime: '1700000000000250' }),
      span({ startTime: undefined }),
      span({ duration: 'x' }),
      span({ references: 'CHILD_OF' }),
      span({ references: [{ refType: 'CHILD_OF', traceID: T, spanID: null }] }),
      null,
    ]));
    assert.equal(c.spans.length, 1);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path, s.message.split(':')[0]]), [
      ['missing-field', 'spans[1]', 'span has no traceID'],
      ['missing-field', 'spans[2]', 'span has no spanID'],
      ['wrong-type', 'spans[3]', 'spanID is not a span id'],
      ['wrong-type', 'spans[4]', 'startTime is not epoch microseconds'],
      ['missing-field', 'spans[5]', 'span has no startTime'],
      ['wrong-type', 'spans[6]', 'duration is not microseconds'],
      ['wrong-type', 'spans[7]', 'references is not an array'],
      ['wrong-type', 'spans[8]', 'reference spanID is not a span id'],
      ['wrong-type', 'spans[9]', 'span is not an object'],
    ]);
  });

  it('matches only Jaeger shapes', () => {
    assert.equal(jaegerReader.matches({ data: [], total: 0, limit: 0, offset: 0, errors: null }), true);
    assert.equal(jaegerReader.matches({ data: [{ x: 1 }] }), false);
    assert.equal(jaegerReader.matches({ data: { message: 'hi' } }), false);
    assert.equal(jaegerReader.matches({ resourceSpans: [] }), false);
    assert.equal(jaegerReader.matches([]), false);
  });
});
