import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Origin, Span } from '../../src/core/model';
import type { JsonReader, ReadContext, SkipReason } from '../../src/core/readers/types';
import { xrayReader } from '../../src/core/readers/xray';


interface Collected { spans: Span[]; skips: { reason: SkipReason; origin: Origin; message: string }[] }

function run(reader: JsonReader, value: unknown, c: Collected = { spans: [], skips: [] }): Collected {
  const ctx: ReadContext = {
    sink: { span: (s) => c.spans.push(s), log: () => assert.fail('no logs expected'), skip: (reason, origin, message) => c.skips.push({ reason, origin, message }) },
    origin: { file: 'x.json', line: 1 },
    hints: {},
    readNested: () => assert.fail('these records hold no nested JSON for the registry'),
  };
  assert.equal(reader.matches(value), true, 'reader should recognise the value');
  reader.read(value, ctx);
  return c;
}

const TRACE = '1-5759e988-bd862e3fe1be46a994272793';

describe('xrayReader on the daemon fixture', () => {
  it('recognises the header without emitting or skipping, then reads the segment', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'xray/otel-contrib-serverSample.txt'), 'utf8');
    const nl = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, nl));
    const doc = JSON.parse(text.slice(nl + 1));
    const c = run(xrayReader, header);
    assert.equal(c.spans.length + c.skips.length, 0);
    run(xrayReader, doc, c);
    assert.deepEqual(c.skips, []);
    assert.equal(c.spans.length, 1); // one segment, no subsegments in the file
    const s = c.spans[0];
    assert.equal(s.traceId, '5f2aebccb475d14618c51eaa28753d37');
    assert.equal(s.spanId, 'bda182a644eee9b3');
    assert.equal(s.name, 'SampleServer');
    assert.equal(s.service, 'SampleServer');
    assert.equal(s.kind, 'server');
    assert.equal(s.startMs, 1596648396639.9446);
    assert.ok(Math.abs(s.durationMs - 0.1943) < 1e-3); // float seconds at 1.6e9 resolve ~0.2 µs
    assert.equal(s.httpStatus, 200);
    assert.equal(s.status, 'unset');
    assert.equal(s.attributes['http.request.method'], 'GET');
    assert.equal(s.attributes['url.full'], 'http://localhost:8000/');
    assert.equal(s.attributes['xray.http.request.x_forwarded_for'], true);
    assert.equal(s.attributes['xray.aws.xray.sdk'], 'X-Ray for Go');
    assert.equal(s.attributes['xray.service.compiler'], 'gc');
  });
});

/** A Lambda invocation as batch-get-traces returns it: service segment, function segment, inferred DynamoDB. */
function lambdaTrace() {
  const service = {
    id: '0a1b2c3d4e5f6071', name: 'orders-api', start_time: 1700000000.0, end_time: 1700000000.5, trace_id: TRACE,
    origin: 'AWS::Lambda', http: { response: { status: 200 } }, aws: { request_id: '3f1d2a5c-0000-4000-8000-1234567890ab' },
    resource_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
  };
  const fn = {
    id: '1b2c3d4e5f607182', name: 'orders-api', start_time: 1700000000.05, end_time: 1700000000.48, trace_id: TRACE,
    parent_id: '0a1b2c3d4e5f6071', origin: 'AWS::Lambda::Function',
    aws: { function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api', account_id: '123456789012' },
    subsegments: [
      { id: '2c3d4e5f60718293', name: 'Initialization', start_time: 1700000000.05, end_time: 1700000000.2 },
      { id: '3d4e5f6071829304', name: 'Invocation', start_time: 1700000000.2, end_time: 1700000000.47, subsegments: [
        { id: '4e5f607182930415', name: 'DynamoDB', namespace: 'aws', start_time: 1700000000.25, end_time: 1700000000.3,
          http: { response: { status: 400 } }, error: true, throttle: true,
          aws: { operation: 'PutItem', table_name: 'orders', region: 'eu-west-1', request_id: 'DDB-API-REQUEST-ID', retries: 1 },
          cause: { working_directory: '/var/task', exceptions: [
            { id: 'aa11bb22cc33dd44', type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded', remote: true,
              stack: [{ path: '/var/task/node_modules/aws-sdk/lib/request.js', line: 31, label: 'Request.callListeners' },
                { path: '/var/task/src/orders.js', line: 42, label: 'saveOrder' }] },
          ] } },
        { id: '5f60718293041526', name: 'api.stripe.com', namespace: 'remote', start_time: 1700000000.3, end_time: 1700000000.45,
          http: { request: { method: 'POST', url: 'https://api.stripe.com/v1/charges' }, response: { status: 502 } }, fault: true },
        { id: '6071829304152637', name: 'handler', start_time: 1700000000.45, end_time: 1700000000.46, fault: true, cause: 'aa11bb22cc33dd44',
          annotations: { customer: 'c-42' }, metadata: { default: { order: { id: 7 } } } },
      ] },
      { id: '7182930415263748', name: 'Overhead', start_time: 1700000000.47, end_time: 1700000000.48 },
    ],
  };
  const inferred = {
    id: '8293041526374859', name: 'DynamoDB', start_time: 1700000000.25, end_time: 1700000000.3, trace_id: TRACE,
    parent_id: '4e5f607182930415', inferred: true, origin: 'AWS::DynamoDB::Table',
    aws: { operation: 'PutItem', table_name: 'orders' },
  };
  return { service, fn, inferred };
}

describe('xrayReader on batch-get-traces output', () => {
  const batch = () => {
    const { service, fn, inferred } = lambdaTrace();
    return {
      Traces: [{ Id: TRACE, Duration: 0.5, LimitExceeded: false, Segments: [
        // X-Ray returns segments in no particular order: the function segment comes first here.
        { Id: fn.id, Document: JSON.stringify(fn) },
        { Id: service.id, Document: JSON.stringify(service) },
        { Id: inferred.id, Document: JSON.stringify(inferred) },
      ] }],
      UnprocessedTraceIds: [],
    };
  };

  it('reads every segment and nested subsegment as a span with the right parent', () => {
    const c = run(xrayReader, batch());
    assert.deepEqual(c.skips, []);
    assert.equal(c.spans.length, 9); // 3 segments + 6 subsegments
    const by = new Map(c.spans.map((s) => [s.name + ':' + s.spanId, s]));
    const get = (id: string) => c.spans.find((s) => s.spanId === id)!;
    assert.equal(by.size, 9);
    assert.ok(c.spans.every((s) => s.traceId === '5759e988bd862e3fe1be46a994272793'));
    assert.equal(get('1b2c3d4e5f607182').parentSpanId, '0a1b2c3d4e5f6071');
    assert.equal(get('2c3d4e5f60718293').parentSpanId, '1b2c3d4e5f607182');
    assert.equal(get('4e5f607182930415').parentSpanId, '3d4e5f6071829304');
    assert.equal(get('8293041526374859').parentSpanId, '4e5f607182930415');
    assert.equal(get('2c3d4e5f60718293').name, 'Initialization');
    assert.ok(Math.abs(get('2c3d4e5f60718293').durationMs - 150) < 1e-3);
    assert.equal(get('4e5f607182930415').origin.path, 'Traces[0].Segments[0].Document.subsegments[1].subsegments[0]');
  });

  it('carries the invocation request id and function name from the Lambda service segment down to subsegments', () => {
    const c = run(xrayReader, batch());
    const invocation = c.spans.filter((s) => s.traceId && s.functionName === 'orders-api');
    assert.equal(invocation.length, 8, 'all but the inferred DynamoDB segment');
    for (const s of invocation) assert.equal(s.requestId, '3f1d2a5c-0000-4000-8000-1234567890ab', s.name);
    const dynamo = c.spans.find((s) => s.spanId === '4e5f607182930415')!;
    assert.equal(dynamo.attributes['aws.request_id'], 'DDB-API-REQUEST-ID', 'the API call id stays an attribute');
  });

  it('maps kinds, remote resources, status flags and exceptions', () => {
    const c = run(xrayReader, batch());
    const get = (id: string) => c.spans.find((s) => s.spanId === id)!;
    const fnSeg = get('1b2c3d4e5f607182');
    assert.equal(fnSeg.kind, 'server');
    assert.deepEqual(fnSeg.remote, { id: 'function:orders-api', type: 'function', name: 'orders-api', service: 'Lambda' });
    assert.equal(get('3d4e5f6071829304').kind, 'internal');

    const dynamo = get('4e5f607182930415');
    assert.equal(dynamo.kind, 'client');
    assert.equal(dynamo.service, 'orders-api', 'subsegments belong to the service of their segment');
    assert.deepEqual(dynamo.remote, { id: 'aws:orders', type: 'aws', name: 'orders', service: 'DynamoDB' });
    assert.equal(dynamo.attributes['aws.operation'], 'PutItem');
    assert.equal(dynamo.attributes['rpc.system'], 'aws-api');
    assert.equal(dynamo.attributes['xray.aws.retries'], 1);
    assert.equal(dynamo.status, 'error');
    assert.equal(dynamo.throttle, true);
    assert.equal(dynamo.fault, undefined);
    assert.equal(dynamo.httpStatus, 400);
    assert.equal(dynamo.exceptions.length, 1);
    const ex = dynamo.exceptions[0];
    assert.equal(ex.type, 'ProvisionedThroughputExceededException');
    assert.equal(ex.message, 'Rate exceeded');
    assert.deepEqual(ex.frames, [
      { file: '/var/task/node_modules/aws-sdk/lib/request.js', line: 31, function: 'Request.callListeners' },
      { file: '/var/task/src/orders.js', line: 42, function: 'saveOrder' },
    ]);
    assert.match(ex.stack ?? '', /saveOrder \(\/var\/task\/src\/orders\.js:42\)/);
    assert.equal(dynamo.statusMessage, 'Rate exceeded');

    const stripe = get('5f60718293041526');
    assert.equal(stripe.kind, 'client');
    assert.deepEqual(stripe.remote, { id: 'http:api.stripe.com', type: 'http', name: 'api.stripe.com' });
    assert.equal(stripe.fault, true);
    assert.equal(stripe.status, 'error');

    const handler = get('6071829304152637');
    assert.equal(handler.exceptions[0]?.type, 'ProvisionedThroughputExceededException', 'cause given as an exception id');
    assert.equal(handler.attributes['xray.annotations.customer'], 'c-42');
    assert.deepEqual(handler.attributes['xray.metadata.default'], { order: { id: 7 } });

    const inferred = get('8293041526374859');
    assert.equal(inferred.kind, 'server');
    assert.deepEqual(inferred.remote, { id: 'aws:DynamoDB', type: 'aws', name: 'DynamoDB', service: 'DynamoDB' });
  });

  it('reads a bare array of segment documents and a lone Segments object', () => {
    const { service, fn } = lambdaTrace();
    assert.equal(run(xrayReader, [service, fn]).spans.length, 8);
    assert.equal(run(xrayReader, { Id: TRACE, Segments: [{ Id: service.id, Document: JSON.stringify(service) }] }).spans.length, 1);
  });

  it('keeps in-progress segments with zero duration and a note', () => {
    const s = run(xrayReader, { name: 'slow', id: '70de5b6f19ff9a0b', trace_id: TRACE, start_time: 1700000000, in_progress: true }).spans[0];
    assert.equal(s.durationMs, 0);
    assert.equal(s.attributes['xray.in_progress'], true);
    assert.equal(s.attributes['explorer.duration_missing'], true);
  });

  it('names the database of an SQL subsegment', () => {
    const s = run(xrayReader, { name: 'orders@db.example.com', id: '70de5b6f19ff9a0e', trace_id: TRACE, parent_id: '70de5b6f19ff9a0b', type: 'subsegment', namespace: 'remote',
      start_time: 1700000000, end_time: 1700000001, sql: { url: 'postgresql://db.example.com:5432/orders', database_type: 'PostgreSQL', sanitized_query: 'SELECT 1' } }).spans[0];
    assert.equal(s.attributes['db.system'], 'postgresql');
    assert.equal(s.attributes['db.query.text'], 'SELECT 1');
    assert.deepEqual(s.remote, { id: 'database:db.example.com', type: 'database', name: 'db.example.com', service: 'postgresql' });
  });

  it('reads a separately sent subsegment', () => {
    const s = run(xrayReader, { name: 'SQS', id: '70de5b6f19ff9a0c', trace_id: TRACE, parent_id: '70de5b6f19ff9a0b', type: 'subsegment', namespace: 'aws',
      start_time: 1700000000, end_time: 1700000001, aws: { operation: 'SendMessage', queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs' } }).spans[0];
    assert.equal(s.parentSpanId, '70de5b6f19ff9a0b');
    assert.equal(s.kind, 'client');
    assert.deepEqual(s.remote, { id: 'queue:jobs', type: 'queue', name: 'jobs', service: 'SQS' });
  });
});

describe('xrayReader on bad input', () => {
  const ok = { name: 'svc', id: '70de5b6f19ff9a0a', trace_id: TRACE, start_time: 1700000000.1, end_time: 1700000000.2 };
  const cases: [string, unknown, SkipReason, string][] = [
    ['no trace id', { ...ok, trace_id: undefined, type: 'subsegment', parent_id: 'abc' }, 'missing-field', 'segment has no trace_id'],
    ['bad trace id', { ...ok, trace_id: '1-xyz' }, 'wrong-type', 'trace_id is not a trace id'],
    ['start time as string', { ...ok, start_time: '1700000000.1' }, 'wrong-type', 'start_time is not epoch seconds'],
    ['end time garbage', { ...ok, end_time: { t: 1 } }, 'wrong-type', 'end_time is not epoch seconds'],
    ['missing start', { ...ok, start_time: undefined }, 'missing-field', 'segment has no start_time'],
  ];
  for (const [label, doc, reason, message] of cases) {
    it(`skips a segment with ${label}`, () => {
      const c = run(xrayReader, doc);
      assert.equal(c.spans.length, 0);
      assert.equal(c.skips.length, 1);
      assert.equal(c.skips[0].reason, reason);
      assert.ok(c.skips[0].message.startsWith(message), c.skips[0].message);
    });
  }

  it('skips a subsegment without id and one that is not an object, keeping the rest', () => {
    const c = run(xrayReader, { ...ok, subsegments: [{ name: 'a', start_time: 1, end_time: 2 }, 42, { name: 'b', id: '70de5b6f19ff9a0d', start_time: 1700000000.1, end_time: 1700000000.15 }] });
    assert.equal(c.spans.length, 2);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path, s.message]), [
      ['missing-field', 'subsegments[0]', 'segment has no id'],
      ['wrong-type', 'subsegments[1]', 'subsegment is not an object'],
    ]);
  });

  it('skips an unparseable Document and a segment without one', () => {
    const c = run(xrayReader, { Traces: [{ Id: TRACE, Segments: [{ Id: 'a', Document: '{"trace_id": ' }, { Id: 'b' }, { Id: 'c', Document: JSON.stringify(ok) }] }] });
    assert.equal(c.spans.length, 1);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path]), [
      ['invalid-json', 'Traces[0].Segments[0].Document'],
      ['missing-field', 'Traces[0].Segments[1]'],
    ]);
  });

  it('does not claim Zipkin, Jaeger or OTLP values', () => {
    assert.equal(xrayReader.matches([{ traceId: 'a', id: 'b', timestamp: 1 }]), false);
    assert.equal(xrayReader.matches({ data: [] }), false);
    assert.equal(xrayReader.matches({ resourceSpans: [] }), false);
    assert.equal(xrayReader.matches({ format: 'text' }), false);
  });
});
