import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { LogEvent, Origin, Span } from '../../src/core/model';
import type { ReadContext, SkipReason } from '../../src/core/readers/types';
import { awsSpansReader, otlpReader } from '../../src/core/readers/otel';
import { jaegerReader } from '../../src/core/readers/jaeger';
import { readJsonValue } from '../../src/core/readers/index';
import type { JsonReader } from '../../src/core/readers/types';


interface Collected { spans: Span[]; logs: LogEvent[]; skips: { reason: SkipReason; origin: Origin; message: string }[] }

function run(reader: JsonReader, value: unknown, file = 'test.json'): Collected {
  const c: Collected = { spans: [], logs: [], skips: [] };
  const ctx: ReadContext = {
    sink: { span: (s) => c.spans.push(s), log: (e) => c.logs.push(e), skip: (reason, origin, message) => c.skips.push({ reason, origin, message }) },
    origin: { file, line: 1 },
    hints: {},
    readNested: () => assert.fail('these records hold no nested JSON for the registry'),
  };
  assert.equal(reader.matches(value), true, 'reader should recognise the value');
  reader.read(value, ctx);
  return c;
}

function fixture(rel: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'));
}

/** Raw OTLP span objects, counted straight from the JSON. */
function rawOtlpSpans(doc: any): any[] {
  return doc.resourceSpans.flatMap((rs: any) => (rs.scopeSpans ?? rs.instrumentationLibrarySpans).flatMap((ss: any) => ss.spans ?? []));
}
function rawOtlpServices(doc: any): Set<string> {
  return new Set(doc.resourceSpans.map((rs: any) => rs.resource.attributes.find((a: any) => a.key === 'service.name').value.stringValue));
}

describe('otlpReader on real fixtures', () => {
  for (const rel of ['otlp/opentelemetry-proto-example-trace.json', 'otlp/jaeger-ui-otlp2jaeger-in.json', 'otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json']) {
    it(`reads every span of ${rel}`, () => {
      const doc = fixture(rel) as any;
      const raw = rawOtlpSpans(doc);
      const c = run(otlpReader, doc, rel);
      assert.deepEqual(c.skips, []);
      assert.equal(c.spans.length, raw.length);
      assert.equal(new Set(c.spans.map((s) => s.traceId)).size, new Set(raw.map((s) => s.traceId.toLowerCase())).size);
      assert.deepEqual(new Set(c.spans.map((s) => s.service)), rawOtlpServices(doc));
      for (const s of c.spans) {
        assert.match(s.traceId, /^[0-9a-f]{32}$/);
        assert.match(s.spanId, /^[0-9a-f]{16}$/);
        assert.equal(s.format, 'otlp');
        assert.ok(s.durationMs >= 0);
      }
    });
  }

  it('reads the canonical example: upper-case ids, numeric times, scope, server kind', () => {
    const c = run(otlpReader, fixture('otlp/opentelemetry-proto-example-trace.json'));
    assert.equal(c.spans.length, 1);
    const s = c.spans[0];
    assert.equal(s.traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(s.spanId, 'eee19b7ec3c1b174');
    assert.equal(s.parentSpanId, 'eee19b7ec3c1b173');
    assert.equal(s.kind, 'server');
    assert.equal(s.service, 'my.service');
    assert.equal(s.startMs, 1544712660000);
    assert.equal(s.durationMs, 1000);
    assert.equal(s.attributes['my.span.attr'], 'some value');
    assert.equal(s.attributes['otel.scope.name'], 'my.library');
    assert.equal(s.origin.path, 'resourceSpans[0].scopeSpans[0].spans[0]');
  });

  it('keeps sub-millisecond precision of nanosecond strings', () => {
    const c = run(otlpReader, fixture('otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json'));
    const s = c.spans.find((x) => x.spanId === '26f5ef9dbb885479')!;
    assert.equal(s.startMs, 1711138246978);
    assert.equal(s.durationMs, 46.460625); // 1711138247024460625 - 1711138246978000000 ns
    const root = c.spans.find((x) => x.spanId === 'eff3153be6b1fb93')!;
    assert.equal(root.parentSpanId, undefined, 'empty parentSpanId means root');
  });

  // jaeger-ui converted these OTLP files; the Jaeger twins must describe the same spans.
  for (const [otlp, jaeger] of [
    ['otlp/jaeger-ui-otlp2jaeger-in.json', 'jaeger/jaeger-ui-otlp2jaeger-out.json'],
    ['otlp/jaeger-ui-otlp2jaeger-multi-in-combined.json', 'jaeger/jaeger-ui-otlp2jaeger-multi-out.json'],
  ]) {
    it(`${otlp} and its Jaeger twin give the same span ids, parents, kinds and durations`, () => {
      const key = (s: Span) => [s.traceId, s.spanId, s.parentSpanId ?? '', s.name, s.service, s.kind, Math.floor(s.startMs * 1000), Math.floor(s.durationMs * 1000)].join('|');
      const a = run(otlpReader, fixture(otlp)).spans.map(key).sort();
      const b = run(jaegerReader, fixture(jaeger)).spans.map(key).sort();
      assert.deepEqual(a, b);
    });
  }
});

describe('otlpReader variants', () => {
  const kv = (key: string, value: unknown) => ({ key, value });
  const base = () => ({
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /orders',
    startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000250000500',
  });
  const wrap = (spans: unknown[], resource: unknown[] = [kv('service.name', { stringValue: 'orders' })], key = 'scopeSpans') =>
    ({ resourceSpans: [{ resource: { attributes: resource }, [key]: [{ scope: { name: 's' }, spans }] }] });

  it('decodes every AnyValue type', () => {
    const span = {
      ...base(), attributes: [
        kv('s', { stringValue: 'x' }), kv('i', { intValue: '42' }), kv('big', { intValue: '9007199254740993' }), kv('in', { intValue: 7 }),
        kv('d', { doubleValue: 1.5 }), kv('b', { boolValue: true }), kv('arr', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } }),
        kv('kv', { kvlistValue: { values: [kv('k', { boolValue: false })] } }), kv('bytes', { bytesValue: 'AQID' }), kv('empty', {}),
      ], droppedAttributesCount: 3,
    };
    const a = run(otlpReader, wrap([span])).spans[0].attributes;
    assert.deepEqual(
      { s: a.s, i: a.i, big: a.big, in: a.in, d: a.d, b: a.b, arr: a.arr, kv: a.kv, bytes: a.bytes, empty: a.empty },
      { s: 'x', i: 42, big: '9007199254740993', in: 7, d: 1.5, b: true, arr: ['a', 1], kv: { k: false }, bytes: 'AQID', empty: null },
    );
  });

  it('reads string kinds and status codes, events, links, legacy instrumentationLibrarySpans and base64 ids', () => {
    const span = {
      ...base(), traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=', kind: 'SPAN_KIND_CLIENT',
      status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
      attributes: [kv('http.response.status_code', { intValue: '503' }), kv('url.full', { stringValue: 'https://api.example.com:8443/x?y=1' })],
      events: [{ timeUnixNano: '1700000000100000000', name: 'exception', attributes: [
        kv('exception.type', { stringValue: 'TypeError' }), kv('exception.message', { stringValue: 'x is undefined' }),
        kv('exception.stacktrace', { stringValue: 'TypeError: x is undefined\n    at handler (/var/task/index.js:10:5)' }),
      ] }],
      links: [{ traceId: '5B8EFFF798038103D269B633813FC60C', spanId: 'EEE19B7EC3C1B174', attributes: [kv('l', { stringValue: 'v' })] }],
    };
    const s = run(otlpReader, wrap([span], undefined, 'instrumentationLibrarySpans')).spans[0];
    assert.equal(s.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(s.spanId, 'b7ad6b7169203331');
    assert.equal(s.kind, 'client');
    assert.equal(s.status, 'error');
    assert.equal(s.statusMessage, 'boom');
    assert.equal(s.httpStatus, 503);
    assert.equal(s.fault, true);
    assert.deepEqual(s.remote, { id: 'http:api.example.com', type: 'http', name: 'api.example.com' });
    assert.equal(s.events[0].timeMs, 1700000000100);
    assert.equal(s.exceptions.length, 1);
    assert.equal(s.exceptions[0].type, 'TypeError');
    assert.equal(s.exceptions[0].message, 'x is undefined');
    assert.ok(s.exceptions[0].frames.length >= 1);
    assert.equal(s.exceptions[0].frames[0].file, '/var/task/index.js');
    assert.deepEqual(s.links, [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', attributes: { l: 'v' } }]);
  });

  it('derives Lambda fields: function, request id, source, service fallback for unknown_service', () => {
    const span = {
      ...base(), kind: 2, attributes: [
        kv('faas.invocation_id', { stringValue: 'c6af9ac6-7b61-11e6-9a41-93e812345678' }), kv('faas.trigger', { stringValue: 'http' }),
        kv('code.filepath', { stringValue: '/var/task/src/orders.js' }), kv('code.lineno', { intValue: '12' }), kv('code.function', { stringValue: 'handler' }),
        kv('http.status_code', { intValue: 404 }),
      ],
    };
    const resource = [
      kv('service.name', { stringValue: 'unknown_service:/var/lang/bin/node' }),
      kv('cloud.resource_id', { stringValue: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api:live' }),
    ];
    const s = run(otlpReader, wrap([span], resource)).spans[0];
    assert.equal(s.functionName, 'orders-api');
    assert.equal(s.service, 'orders-api');
    assert.equal(s.requestId, 'c6af9ac6-7b61-11e6-9a41-93e812345678');
    assert.deepEqual(s.source, { file: '/var/task/src/orders.js', line: 12, function: 'handler' });
    assert.deepEqual(s.remote, { id: 'function:orders-api', type: 'function', name: 'orders-api', service: 'Lambda' });
    assert.equal(s.httpStatus, 404);
    assert.equal(s.status, 'unset', '4xx is not an error on a server span');
  });

  it('skips bad spans with the field named, keeps the good ones', () => {
    const spans = [
      base(),
      { ...base(), traceId: undefined },
      { ...base(), spanId: '' },
      { ...base(), traceId: 'not-a-trace-id' },
      { ...base(), spanId: 12 },
      { ...base(), startTimeUnixNano: 'yesterday' },
      { ...base(), startTimeUnixNano: undefined },
      { ...base(), endTimeUnixNano: { n: 1 } },
      { ...base(), parentSpanId: ['x'] },
      'garbage',
      { ...base(), startTimeUnixNano: 1700000000000000000, endTimeUnixNano: 1700000000500000000, kind: 'WEIRD', name: 5 },
    ];
    const c = run(otlpReader, wrap(spans));
    assert.equal(c.spans.length, 2);
    assert.equal(c.spans[1].kind, 'internal');
    assert.equal(c.spans[1].name, '(unnamed)');
    assert.equal(c.spans[1].durationMs, 500);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path, s.message.split(':')[0]]), [
      ['missing-field', 'resourceSpans[0].scopeSpans[0].spans[1]', 'span has no traceId'],
      ['missing-field', 'resourceSpans[0].scopeSpans[0].spans[2]', 'span has no spanId'],
      ['wrong-type', 'resourceSpans[0].scopeSpans[0].spans[3]', 'traceId is not a trace id'],
      ['wrong-type', 'resourceSpans[0].scopeSpans[0].spans[4]', 'spanId is not a span id'],
      ['wrong-type', 'resourceSpans[0].scopeSpans[0].spans[5]', 'startTimeUnixNano is not a nanosecond timestamp'],
      ['missing-field', 'resourceSpans[0].scopeSpans[0].spans[6]', 'span has no startTimeUnixNano'],
      ['wrong-type', 'resourceSpans[0].scopeSpans[0].spans[7]', 'endTimeUnixNano is not a nanosecond timestamp'],
      ['wrong-type', 'resourceSpans[0].scopeSpans[0].spans[8]', 'parentSpanId is not a span id'],
      ['wrong-type', 'resourceSpans[0].scopeSpans[0].spans[9]', 'span is not an object'],
    ]);
  });

  it('keeps a span without end time at zero length, and clamps an end before the start, noting both', () => {
    const c = run(otlpReader, wrap([{ ...base(), endTimeUnixNano: undefined }, { ...base(), endTimeUnixNano: '1699999999000000000' }]));
    assert.deepEqual(c.spans.map((s) => s.durationMs), [0, 0]);
    assert.equal(c.spans[0].attributes['explorer.duration_missing'], true);
    assert.equal(c.spans[1].attributes['explorer.end_before_start'], true);
  });

  it('skips a scopeSpans that is not an array, naming it', () => {
    const c = run(otlpReader, { resourceSpans: [{ resource: {}, scopeSpans: 'nope' }, 7] });
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path]), [
      ['wrong-type', 'resourceSpans[0].scopeSpans'],
      ['wrong-type', 'resourceSpans[1]'],
    ]);
  });

  it('does not claim other formats', () => {
    assert.equal(otlpReader.matches({ data: [] }), false);
    assert.equal(otlpReader.matches(null), false);
    assert.equal(otlpReader.matches([{ resourceSpans: [] }]), false);
  });
});

describe('awsSpansReader (CloudWatch Transaction Search, aws/spans)', () => {
  const lambdaSpan = () => ({
    resource: { attributes: {
      'service.name': 'checkout', 'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda',
      'faas.name': 'checkout-fn', 'cloud.resource_id': 'arn:aws:lambda:us-east-1:123456789012:function:checkout-fn',
      'aws.log.group.names': ['/aws/lambda/checkout-fn'],
    } },
    scope: { name: 'opentelemetry.instrumentation.aws_lambda', version: '0.48b0' },
    traceId: '6754a7f3d1e2b6a34ab4b5b2e0bd3e8f', spanId: 'a1b2c3d4e5f60718', parentSpanId: '0102030405060708', flags: 256,
    name: 'checkout-fn', kind: 'SERVER',
    // JSON numbers as the exporter wrote them: nanoseconds beyond 2^53 lose precision, which the reader must survive.
    // eslint-disable-next-line no-loss-of-precision
    startTimeUnixNano: 1733601267123456789, endTimeUnixNano: 1733601267223456789, durationNano: 100000000,
    attributes: { 'faas.trigger': 'http', 'faas.invocation_id': 'b9b6c3a2-1111-2222-3333-444455556666', 'http.response.status_code': 502, 'aws.local.service': 'checkout' },
    status: { code: 'ERROR', message: 'Bad gateway' },
    events: [{ timeUnixNano: 1733601267200000000, name: 'exception', attributes: { 'exception.type': 'Error', 'exception.message': 'upstream down' } }],
    links: [],
  });

  it('reads a Lambda server span', () => {
    const c = run(awsSpansReader, lambdaSpan());
    assert.deepEqual(c.skips, []);
    const s = c.spans[0];
    assert.equal(s.format, 'aws-spans');
    assert.equal(s.service, 'checkout');
    assert.equal(s.kind, 'server');
    assert.equal(s.functionName, 'checkout-fn');
    assert.equal(s.requestId, 'b9b6c3a2-1111-2222-3333-444455556666');
    assert.equal(s.durationMs, 100);
    assert.equal(Math.round(s.startMs), 1733601267123);
    assert.equal(s.status, 'error');
    assert.equal(s.statusMessage, 'Bad gateway');
    assert.equal(s.httpStatus, 502);
    assert.equal(s.fault, true);
    assert.equal(s.exceptions[0].message, 'upstream down');
    assert.equal(s.remote?.id, 'function:checkout-fn');
    assert.deepEqual(s.resourceAttributes?.['aws.log.group.names'], ['/aws/lambda/checkout-fn']);
  });

  it('classifies AWS SDK client spans', () => {
    const dynamo = { ...lambdaSpan(), kind: 'CLIENT', name: 'DynamoDB.PutItem', status: { code: 'UNSET' }, events: [],
      attributes: { 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB', 'rpc.method': 'PutItem', 'aws.dynamodb.table_names': ['orders'], 'aws.request_id': 'API-CALL-ID', 'http.status_code': 200 } };
    const s = run(awsSpansReader, dynamo).spans[0];
    assert.deepEqual(s.remote, { id: 'aws:orders', type: 'aws', name: 'orders', service: 'DynamoDB' });
    assert.equal(s.requestId, undefined, 'aws.request_id on a client span is the API call, not the invocation');
    assert.equal(s.functionName, 'checkout-fn');
    assert.equal(s.status, 'unset');
    const sqs = { ...dynamo, name: 'SQS.SendMessage', kind: 'PRODUCER',
      attributes: { 'rpc.system': 'aws-api', 'rpc.service': 'SQS', 'aws.sqs.queue.url': 'https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue', 'http.status_code': 429 } };
    const q = run(awsSpansReader, sqs).spans[0];
    assert.deepEqual(q.remote, { id: 'queue:orders-queue', type: 'queue', name: 'orders-queue', service: 'SQS' });
    assert.equal(q.status, 'error', '4xx on a producer/client span is an error');
    assert.equal(q.throttle, true);
  });

  it('computes start from end and durationNano when start is absent; skips without any time', () => {
    const { startTimeUnixNano: _s, ...noStart } = lambdaSpan();
    const s = run(awsSpansReader, noStart).spans[0];
    assert.equal(s.durationMs, 100);
    assert.ok(Math.abs(s.startMs - 1733601267123.4568) < 0.001);
    const { endTimeUnixNano: _e, ...noTimes } = noStart;
    const c = run(awsSpansReader, noTimes);
    assert.equal(c.spans.length, 0);
    assert.deepEqual(c.skips.map((k) => [k.reason, k.message]), [['missing-field', 'span has no startTimeUnixNano']]);
  });

  it('skips garbage ids and durations with the field named', () => {
    const cases: [unknown, string, string][] = [
      [{ ...lambdaSpan(), traceId: 'zz' }, 'wrong-type', 'traceId'],
      [{ ...lambdaSpan(), durationNano: 'long' }, 'wrong-type', 'durationNano'],
      [{ ...lambdaSpan(), parentSpanId: 5 }, 'wrong-type', 'parentSpanId'],
    ];
    for (const [value, reason, field] of cases) {
      const c = run(awsSpansReader, value);
      assert.equal(c.spans.length, 0);
      assert.equal(c.skips[0].reason, reason);
      assert.ok(c.skips[0].message.startsWith(field), c.skips[0].message);
    }
  });

  it('recognises flat spans only', () => {
    assert.equal(awsSpansReader.matches(lambdaSpan()), true);
    assert.equal(awsSpansReader.matches({ traceId: 'a', spanId: 'b', startTimeUnixNano: '1', attributes: [] }), false, 'OTLP-style attributes');
    assert.equal(awsSpansReader.matches({ traceId: 'a', id: 'b', timestamp: 1 }), false, 'Zipkin');
    assert.equal(awsSpansReader.matches('x'), false);
  });

  it('reads 200,000 spans quickly', function () {
    this.timeout(20000);
    const spans = Array.from({ length: 200_000 }, (_, i) => ({ ...lambdaSpan(), spanId: (0x1000000000000000 + i).toString(16), events: [] }));
    const c: Collected = { spans: [], logs: [], skips: [] };
    const ctx: ReadContext = { sink: { span: (s) => c.spans.push(s), log: () => {}, skip: () => assert.fail('no skip expected') }, origin: { file: 'b', line: 1 }, hints: {}, readNested: readJsonValue };
    const t0 = Date.now();
    for (const s of spans) if (awsSpansReader.matches(s)) awsSpansReader.read(s, ctx);
    const ms = Date.now() - t0;
    assert.equal(c.spans.length, 200_000);
    assert.ok(ms < 5000, `took ${ms} ms`);
  });
});
