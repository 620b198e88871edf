import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { logFields, type LogEvent, type Origin, type Span } from '../../src/core/model';
import type { Hints, JsonReader, ReadContext, Sink, SkipReason } from '../../src/core/readers/types';
import { cloudwatchEventReader, cloudwatchExportReader, subscriptionReader } from '../../src/core/readers/cloudwatch';
import { readJsonValue } from '../../src/core/readers/index';

const RID = '8f507cfc-1234-4697-b07a-ac58fc914c95';
const TS = 1704067200000;

interface Collected { logs: LogEvent[]; spans: Span[]; skips: { reason: SkipReason; origin: Origin; message: string }[]; sink: Sink }
function collect(): Collected {
  const c: Collected = { logs: [], spans: [], skips: [], sink: undefined as unknown as Sink };
  c.sink = { log: (e) => c.logs.push(e), span: (s) => c.spans.push(s), skip: (reason, origin, message) => c.skips.push({ reason, origin, message }) };
  return c;
}

function read(reader: JsonReader, value: unknown, hints: Hints = {}, file = 'in.json'): Collected {
  const c = collect();
  assert.ok(reader.matches(value), `${reader.format} should match`);
  const ctx: ReadContext = { sink: c.sink, origin: { file, line: 1 }, hints, readNested: readJsonValue };
  reader.read(value, ctx);
  return c;
}

function fixture(name: string): Record<string, unknown> & { logEvents: { id: string; timestamp: number; message: string }[] } {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'cloudwatch', name), 'utf8'));
}

const XRAY_FIXTURE = 'datadog-subscription-node12-xray.json';
const COLD_FIXTURE = 'datadog-subscription-coldstart.json';

describe('subscriptionReader on real fixtures', () => {
  it(`reads all 19 events of ${XRAY_FIXTURE} with group, stream and function from the payload`, () => {
    const c = read(subscriptionReader, fixture(XRAY_FIXTURE), { logGroup: '/aws/lambda/from-path', functionName: 'from-path' }, XRAY_FIXTURE);
    assert.equal(c.skips.length, 0);
    assert.equal(c.logs.length, 19);
    for (const [i, e] of c.logs.entries()) {
      assert.equal(e.format, 'cloudwatch-subscription');
      assert.deepEqual(e.origin, { file: XRAY_FIXTURE, line: 1, path: `logEvents[${i}]` });
      assert.equal(e.logGroup, '/aws/lambda/hello-dog-node-dev-hello12x');
      assert.equal(e.logStream, '2020/03/05/[$LATEST]20bddfd5a2dc4c6b97ac02800eae90d0');
      assert.equal(e.functionName, 'hello-dog-node-dev-hello12x');
    }
    assert.equal(c.logs[0].timestampMs, 1583425836114);
    assert.equal(c.logs[17].platform?.type, 'end');
    const report = c.logs[18];
    assert.equal(report.requestId, 'f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb');
    assert.equal(report.platform?.durationMs, 619.31);
    assert.equal(report.traceId, '5e61292ccc1229a4dfbeae1043928548');
    assert.equal(report.timestampMs, 1583425836750);
    // The Datadog trace dump in event 16 is JSON no reader knows: it stays an app line with its fields.
    assert.equal(c.logs[16].kind, 'app');
    assert.ok(Array.isArray(logFields(c.logs[16])?.traces));
  });

  it(`reads the cold start of ${COLD_FIXTURE}: init duration 120.96 ms`, () => {
    const c = read(subscriptionReader, fixture(COLD_FIXTURE), {}, COLD_FIXTURE);
    assert.deepEqual(c.logs.map((e) => e.platform?.type), ['start', 'end', 'report']);
    assert.ok(c.logs.every((e) => e.requestId === 'db275f87-a934-471a-8980-b63bf4dc1beb'));
    assert.equal(c.logs[2].platform?.initDurationMs, 120.96);
    assert.equal(c.logs[0].functionName, 'storms-cloudwatch-event');
  });

  it('decodes the Lambda trigger envelope {awslogs: {data: base64 gzip}}', () => {
    const data = gzipSync(Buffer.from(JSON.stringify(fixture(XRAY_FIXTURE)))).toString('base64');
    const c = read(subscriptionReader, { awslogs: { data } });
    assert.equal(c.skips.length, 0);
    assert.equal(c.logs.length, 19);
    assert.equal(c.logs[18].origin.path, 'awslogs.data.logEvents[18]');
    assert.equal(c.logs[18].platform?.billedDurationMs, 700);
    assert.equal(c.logs[18].format, 'cloudwatch-subscription');
  });

  it('decodes Firehose and Kinesis records', () => {
    const cold = gzipSync(Buffer.from(JSON.stringify(fixture(COLD_FIXTURE)))).toString('base64');
    const control = gzipSync(Buffer.from(JSON.stringify({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: TS, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] }))).toString('base64');
    const firehose = read(subscriptionReader, { invocationId: 'x', records: [{ recordId: '1', approximateArrivalTimestamp: TS, data: control }, { recordId: '2', data: cold }] });
    assert.equal(firehose.skips.length, 0);
    assert.deepEqual(firehose.logs.map((e) => e.origin.path), ['records[1].data.logEvents[0]', 'records[1].data.logEvents[1]', 'records[1].data.logEvents[2]']);
    const kinesis = read(subscriptionReader, { Records: [{ eventSource: 'aws:kinesis', kinesis: { data: cold } }] });
    assert.equal(kinesis.logs.length, 3);
    assert.equal(kinesis.logs[2].origin.path, 'Records[0].kinesis.data.logEvents[2]');
  });

  it('consumes CONTROL_MESSAGE silently', () => {
    const c = read(subscriptionReader, { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: TS, message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.' }] });
    assert.equal(c.logs.length, 0);
    assert.equal(c.skips.length, 0);
  });

  it('skips undecodable data and bad logEvents, naming the field', () => {
    const garbage = read(subscriptionReader, { awslogs: { data: 'H4sIAAAA-not-gzip' } });
    assert.deepEqual(garbage.skips.map((s) => [s.reason, s.origin.path]), [['invalid-json', 'awslogs.data']]);
    assert.match(garbage.skips[0].message, /^awslogs\.data is not base64/);
    const bad = read(subscriptionReader, { messageType: 'DATA_MESSAGE', logGroup: '/aws/lambda/x', logStream: 's', logEvents: 'none' });
    assert.deepEqual(bad.skips.map((s) => s.reason), ['wrong-type']);
    assert.match(bad.skips[0].message, /^logEvents is string/);
    const missing = read(subscriptionReader, { messageType: 'DATA_MESSAGE', logGroup: '/aws/lambda/x' });
    assert.deepEqual(missing.skips.map((s) => [s.reason, s.message]), [['missing-field', 'logEvents is missing']]);
  });
});

describe('cloudwatchExportReader', () => {
  const events = fixture(XRAY_FIXTURE).logEvents.map((e) => ({
    logStreamName: '2020/03/05/[$LATEST]20bddfd5a2dc4c6b97ac02800eae90d0', timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp + 50, eventId: e.id,
  }));

  it('reads filter-log-events output; logGroupName from our fetcher wins over path hints', () => {
    const c = read(cloudwatchExportReader, { events, searchedLogStreams: [], logGroupName: '/aws/lambda/hello-dog-node-dev-hello12x' }, { logGroup: '/aws/lambda/guess', functionName: 'guess' });
    assert.equal(c.logs.length, 19);
    assert.equal(c.logs[3].origin.path, 'events[3]');
    assert.equal(c.logs[3].format, 'cloudwatch-export');
    assert.ok(c.logs.every((e) => e.functionName === 'hello-dog-node-dev-hello12x' && e.logGroup === '/aws/lambda/hello-dog-node-dev-hello12x'));
    assert.equal(c.logs[0].logStream, '2020/03/05/[$LATEST]20bddfd5a2dc4c6b97ac02800eae90d0');
    assert.equal(c.logs[18].platform?.sampled, true);
  });

  it('uses path hints when the export names no group; matches empty pages only by their tokens', () => {
    const c = read(cloudwatchExportReader, { events: events.slice(17), nextForwardToken: 'f/1', nextBackwardToken: 'b/1' }, { logGroup: '/aws/lambda/from-path' });
    assert.deepEqual(c.logs.map((e) => e.functionName), ['from-path', 'from-path']);
    assert.ok(cloudwatchExportReader.matches({ events: [], nextForwardToken: 'f/1' }));
    assert.ok(!cloudwatchExportReader.matches({ events: [] }));
    assert.ok(!cloudwatchExportReader.matches({ events: ['x'] }));
    assert.ok(!cloudwatchExportReader.matches({ resourceSpans: [] }));
  });

  it('coerces unambiguous wrong types and skips the rest, naming the field and the event', () => {
    const c = read(cloudwatchExportReader, { nextToken: null, events: [
      { timestamp: String(TS), message: `START RequestId: ${RID} Version: 3` },
      { timestamp: '2024-01-01T00:00:01.000Z', message: `END RequestId: ${RID}` },
      { timestamp: true, message: 'x' },
      { timestamp: TS, message: 42 },
      { timestamp: TS },
      { message: 'no time' },
      'just a string',
      null,
      { timestamp: TS, message: { level: 'INFO', requestId: RID, message: 'already parsed' } },
    ] });
    assert.deepEqual(c.logs.map((e) => [e.origin.path, e.timestampMs]), [['events[0]', TS], ['events[1]', TS + 1000], ['events[8]', TS]]);
    assert.equal(c.logs[0].platform?.version, '3');
    assert.equal(c.logs[2].message, 'already parsed');
    assert.equal(c.logs[2].requestId, RID);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.path]), [
      ['wrong-type', 'events[2]'], ['wrong-type', 'events[3]'], ['missing-field', 'events[4]'], ['missing-field', 'events[5]'],
      ['wrong-type', 'events[6]'], ['wrong-type', 'events[7]'],
    ]);
    assert.match(c.skips[0].message, /^timestamp is boolean/);
    assert.match(c.skips[1].message, /^message is number 42/);
    assert.equal(c.skips[2].message, 'message is missing');
    assert.equal(c.skips[3].message, 'timestamp is missing');
    assert.match(c.skips[4].message, /^events\[6\] is string/);
  });

  it('carries a 256 KB message whole', () => {
    const big = `2024-01-01T00:00:01.000Z\t${RID}\tINFO\t` + 'y'.repeat(256 * 1024 - 66);
    const c = read(cloudwatchExportReader, { events: [{ timestamp: TS, message: big }], nextForwardToken: 'f' });
    assert.equal(c.logs[0].message.length, big.length);
    assert.equal(c.logs[0].requestId, RID);
  });
});

describe('cloudwatchEventReader', () => {
  it('reads one NDJSON event with its own group and stream', () => {
    const c = read(cloudwatchEventReader, { timestamp: TS, message: `2024-01-01T00:00:00.000Z\t${RID}\tWARN\tslow\n`, logStreamName: 's1', logGroupName: '/aws/lambda/orders' }, { logGroup: '/aws/lambda/guess' });
    assert.equal(c.logs.length, 1);
    const e = c.logs[0];
    assert.equal(e.format, 'cloudwatch-event');
    assert.equal(e.level, 'WARN');
    assert.equal(e.functionName, 'orders');
    assert.equal(e.logStream, 's1');
    assert.equal(e.message, `2024-01-01T00:00:00.000Z\t${RID}\tWARN\tslow`);
    assert.equal(e.origin.path, undefined);
  });

  it('reads Logs Insights rows, arrays of rows and get-query-results output', () => {
    const row = { '@timestamp': '2024-01-01 00:00:00.000', '@message': `END RequestId: ${RID}`, '@logStream': 's2', '@log': '123456789012:/aws/lambda/billing' };
    const one = read(cloudwatchEventReader, row);
    assert.equal(one.logs[0].timestampMs, TS);
    assert.equal(one.logs[0].functionName, 'billing');
    assert.equal(one.logs[0].logGroup, '/aws/lambda/billing');
    assert.equal(one.logs[0].platform?.type, 'end');
    const many = read(cloudwatchEventReader, [row, { ...row, '@message': 'second' }, { '@timestamp': 7 }]);
    assert.deepEqual(many.logs.map((e) => e.origin.path), ['[0]', '[1]']);
    assert.deepEqual(many.skips.map((s) => [s.reason, s.origin.path, s.message]), [['missing-field', '[2]', '@message is missing']]);
    const results = read(cloudwatchEventReader, { status: 'Complete', results: [[
      { field: '@timestamp', value: '2024-01-01 00:00:01.000' }, { field: '@message', value: `START RequestId: ${RID} Version: $LATEST` }, { field: '@ptr', value: 'abc' },
    ]] });
    assert.equal(results.logs[0].timestampMs, TS + 1000);
    assert.equal(results.logs[0].origin.path, 'results[0]');
    assert.equal(results.logs[0].requestId, RID);
  });

  it('hands a message that is an aws/spans span to the span readers', () => {
    const span = {
      resource: { attributes: { 'service.name': 'orders', 'cloud.provider': 'aws' } }, scope: { name: 'aws-sdk' },
      traceId: '65920080' + '0123456789abcdef01234567', spanId: '1a2b3c4d5e6f7a8b', name: 'DynamoDB.PutItem', kind: 'CLIENT',
      startTimeUnixNano: 1704067200000000000, endTimeUnixNano: 1704067200050000000, durationNano: 50000000, attributes: { 'rpc.service': 'DynamoDB' }, status: { code: 'UNSET' },
    };
    const c = read(cloudwatchExportReader, { events: [{ timestamp: TS, message: JSON.stringify(span), logStreamName: 'default' }], logGroupName: 'aws/spans' });
    assert.equal(c.logs.length, 0);
    assert.equal(c.spans.length, 1);
    assert.equal(c.spans[0].traceId, '659200800123456789abcdef01234567');
    assert.equal(c.spans[0].origin.path, 'events[0]');
  });

  it('keeps broken JSON messages as text lines', () => {
    const c = read(cloudwatchEventReader, { timestamp: TS, message: '{"level":"INFO", "message": "cut' });
    assert.equal(c.logs.length, 1);
    assert.equal(c.logs[0].kind, 'app');
    assert.equal(c.logs[0].fields, undefined);
  });

  it('does not claim containers or unrelated JSON', () => {
    assert.ok(!cloudwatchEventReader.matches({ events: [], timestamp: 1, message: 'x' }));
    assert.ok(!cloudwatchEventReader.matches({ message: 'no time' }));
    assert.ok(!cloudwatchEventReader.matches([]));
    assert.ok(!cloudwatchEventReader.matches(['x']));
    assert.ok(!subscriptionReader.matches({ records: [{ foo: 1 }] }));
    assert.ok(!subscriptionReader.matches({ logEvents: [] }));
  });
});
