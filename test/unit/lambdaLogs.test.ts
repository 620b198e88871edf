import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { logFields, type LogEvent, type Origin } from '../../src/core/model';
import type { Hints, Sink, SkipReason } from '../../src/core/readers/types';
import { readJsonValue } from '../../src/core/readers/index';
import {
  createLambdaTextReader, functionNameFromLogGroup, isBracketedLevelLine, lambdaJsonRecordReader, normalizeLevel, parseLambdaMessage, toEpochMs,
} from '../../src/core/readers/lambda';

const ORIGIN: Origin = { file: 'test.log', line: 1 };
const HINTS: Hints = { logGroup: '/aws/lambda/orders-api', logStream: '2024/01/01/[$LATEST]abc' };
const RID = '8f507cfc-1234-4697-b07a-ac58fc914c95';
const TS = 1704067200000;

/** `NO_TS`: the caller knows no time, so the line's own is used. */
const NO_TS = -1;
function parse(message: string, ts: number = TS, hints: Hints = HINTS): LogEvent {
  return parseLambdaMessage(message, ts === NO_TS ? undefined : ts, hints, 'cloudwatch-event', ORIGIN);
}

interface Collected { logs: LogEvent[]; skips: { reason: SkipReason; origin: Origin; message: string }[]; sink: Sink }
function collect(): Collected {
  const c: Collected = { logs: [], skips: [], sink: undefined as unknown as Sink };
  c.sink = { log: (e) => c.logs.push(e), span: () => assert.fail('no spans expected'), skip: (reason, origin, message) => c.skips.push({ reason, origin, message }) };
  return c;
}

function fixtureMessages(name: string): { timestamp: number; message: string }[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'cloudwatch', name), 'utf8')).logEvents;
}

describe('parseLambdaMessage on real fixtures', () => {
  it('reads START/END/REPORT of a cold start whose tabs and newlines are escaped (datadog-subscription-coldstart.json)', () => {
    const [start, end, report] = fixtureMessages('datadog-subscription-coldstart.json').map((m) => parse(m.message, m.timestamp));
    assert.equal(start.kind, 'platform');
    assert.equal(start.platform?.type, 'start');
    assert.equal(start.platform?.version, '$LATEST');
    assert.equal(start.requestId, 'db275f87-a934-471a-8980-b63bf4dc1beb');
    assert.equal(start.timestampMs, 1591284559098);
    assert.equal(end.platform?.type, 'end');
    assert.equal(end.requestId, 'db275f87-a934-471a-8980-b63bf4dc1beb');
    assert.equal(report.platform?.type, 'report');
    assert.equal(report.requestId, 'db275f87-a934-471a-8980-b63bf4dc1beb');
    assert.equal(report.platform?.durationMs, 1.76);
    assert.equal(report.platform?.billedDurationMs, 100);
    assert.equal(report.platform?.memorySizeMb, 128);
    assert.equal(report.platform?.maxMemoryUsedMb, 48);
    assert.equal(report.platform?.initDurationMs, 120.96);
    assert.equal(report.failure, undefined);
    assert.ok(!report.message.endsWith('\\n'), 'escaped trailing newline is trimmed');
  });

  it('reads the Node.js 12 invocation: request ids, levels, and the X-Ray trace id after the newline in REPORT', () => {
    const events = fixtureMessages('datadog-subscription-node12-xray.json').map((m) => parse(m.message, m.timestamp));
    assert.equal(events.length, 19);
    const rid = 'f08bb4c8-d6b2-4f05-ac17-af7e2ba005fb';
    assert.equal(events.filter((e) => e.requestId === rid).length, 16); // 14 runtime lines + END + REPORT
    assert.equal(events.filter((e) => e.level === 'DEBUG').length, 10);
    assert.equal(events.filter((e) => e.level === 'INFO').length, 4);
    assert.equal(events[0].kind, 'app');
    assert.equal(events[0].functionName, 'orders-api'); // from hints
    assert.equal(events[14].message.endsWith('8103.047457805628'), true);
    const report = events[18];
    assert.equal(report.platform?.durationMs, 619.31);
    assert.equal(report.platform?.billedDurationMs, 700);
    assert.equal(report.platform?.maxMemoryUsedMb, 118);
    assert.equal(report.platform?.initDurationMs, undefined);
    assert.equal(report.platform?.traceId, '5e61292ccc1229a4dfbeae1043928548');
    assert.equal(report.traceId, '5e61292ccc1229a4dfbeae1043928548');
    assert.equal(report.platform?.segmentId, '07a85e713f6302b2');
    assert.equal(report.platform?.sampled, true);
    // Datadog metric lines are JSON of no known shape: kept as app lines with their fields.
    assert.equal(events[4].kind, 'app');
    assert.equal(logFields(events[4])?.m, 'aws.lambda.enhanced.invocations');
  });
});

describe('parseLambdaMessage platform lines', () => {
  it('reads REPORT with SnapStart restore, and new-runtime Status/Error Type', () => {
    const r = parse(`REPORT RequestId: ${RID}\tDuration: 10.50 ms\tBilled Duration: 93 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tRestore Duration: 474.16 ms\tBilled Restore Duration: 82 ms\t`);
    assert.equal(r.platform?.restoreDurationMs, 474.16);
    assert.equal(logFields(r)?.billedRestoreDurationMs, 82);
    const timeout = parse(`REPORT RequestId: ${RID}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: timeout`);
    assert.equal(timeout.platform?.status, 'timeout');
    assert.deepEqual(timeout.failure, { kind: 'timeout', errorType: undefined });
    const crash = parse(`REPORT RequestId: ${RID}\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tStatus: error\tError Type: Runtime.ExitError`);
    assert.equal(crash.platform?.status, 'crash');
    assert.equal(crash.platform?.errorType, 'Runtime.ExitError');
    assert.deepEqual(crash.failure, { kind: 'crash', errorType: 'Runtime.ExitError' });
    const error = parse(`REPORT RequestId: ${RID}\tDuration: 20.00 ms\tStatus: error\tError Type: Runtime.Unknown`);
    assert.equal(error.failure?.kind, 'error');
  });

  it('reads REPORT copied with spaces instead of tabs', () => {
    const r = parse(`REPORT RequestId: ${RID} Duration: 1.76 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 48 MB Init Duration: 120.96 ms`);
    assert.equal(r.platform?.durationMs, 1.76);
    assert.equal(r.platform?.billedDurationMs, 2);
    assert.equal(r.platform?.initDurationMs, 120.96);
  });

  it('reads INIT_START, INIT_REPORT, RESTORE_REPORT, EXTENSION and TELEMETRY lines', () => {
    const init = parse('INIT_START Runtime Version: nodejs:20.v13\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:abc');
    assert.equal(init.platform?.type, 'initStart');
    assert.equal(logFields(init)?.runtimeVersion, 'nodejs:20.v13');
    assert.equal(logFields(init)?.runtimeVersionArn, 'arn:aws:lambda:us-east-1::runtime:abc');
    const initReport = parse('INIT_REPORT Init Duration: 10007.52 ms\tPhase: init\tStatus: timeout');
    assert.equal(initReport.platform?.type, 'initReport');
    assert.equal(initReport.platform?.initDurationMs, 10007.52);
    assert.equal(initReport.failure?.kind, 'timeout');
    assert.equal(parse('RESTORE_REPORT Restore Duration: 571.67 ms').platform?.restoreDurationMs, 571.67);
    const ext = parse('EXTENSION\tName: datadog-agent\tState: Ready\tEvents: [INVOKE, SHUTDOWN]');
    assert.equal(ext.kind, 'platform');
    assert.equal(ext.platform?.type, 'other');
    assert.equal(logFields(ext)?.name, 'datadog-agent');
    assert.equal(logFields(ext)?.events, '[INVOKE, SHUTDOWN]');
    assert.equal(parse('TELEMETRY\tName: collector\tState: Subscribed\tTypes: [Platform]').platform?.type, 'other');
  });

  it('reads runtime crashes reported with RequestId:', () => {
    const exit = parse(`RequestId: ${RID} Error: Runtime exited with error: exit status 1\nRuntime.ExitError`);
    assert.equal(exit.requestId, RID);
    assert.equal(exit.kind, 'runtime');
    assert.deepEqual(exit.failure, { kind: 'crash', errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: exit status 1' });
    const early = parse(`RequestId: ${RID} Process exited before completing request`);
    assert.equal(early.failure?.kind, 'crash');
    assert.equal(early.failure?.errorMessage, 'Process exited before completing request');
  });
});

describe('parseLambdaMessage runtime lines', () => {
  it('reads Node.js lines of every level; WARNING and CRITICAL are normalised', () => {
    for (const [word, level] of [['INFO', 'INFO'], ['WARN', 'WARN'], ['ERROR', 'ERROR'], ['DEBUG', 'DEBUG'], ['TRACE', 'TRACE'], ['FATAL', 'FATAL']]) {
      const e = parse(`2024-01-01T00:00:01.500Z\t${RID}\t${word}\tcharged order 42`);
      assert.equal(e.level, level);
      assert.equal(e.requestId, RID);
      assert.equal(e.kind, 'app');
      assert.equal(e.failure, undefined);
    }
    assert.equal(normalizeLevel('WARNING'), 'WARN');
    assert.equal(normalizeLevel('CRITICAL'), 'FATAL');
    assert.equal(normalizeLevel(50), 'ERROR');
    assert.equal(normalizeLevel('loud'), undefined);
  });

  it('takes the line timestamp only when the caller has none', () => {
    const line = `2024-01-01T00:00:01.500Z\t${RID}\tINFO\thello`;
    assert.equal(parse(line, 42).timestampMs, 42);
    assert.equal(parse(line, NO_TS).timestampMs, Date.UTC(2024, 0, 1, 0, 0, 1, 500));
    assert.equal(parse('START RequestId: x Version: 1', NO_TS).timestampMs, 0);
  });

  it('reads Invoke Error with its error JSON and frames', () => {
    const e = parse(`2024-01-01T00:00:02.000Z\t${RID}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'id')","stack":["TypeError: Cannot read properties of undefined (reading 'id')","    at Runtime.handler (/var/task/src/orders.js:42:13)","    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"]}\n`);
    assert.equal(e.kind, 'runtime');
    assert.equal(e.level, 'ERROR');
    assert.deepEqual(e.failure, { kind: 'error', errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'id')" });
    assert.deepEqual(e.frames?.[0], { file: '/var/task/src/orders.js', line: 42, column: 13, function: 'Runtime.handler' });
    assert.equal(e.frames?.length, 2);
  });

  it('reads Uncaught Exception during init (request id printed as undefined)', () => {
    const e = parse(`2024-01-01T00:00:00.100Z\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Cannot find module 'x'","stack":["Runtime.ImportModuleError: Error: Cannot find module 'x'","    at _loadUserApp (file:///var/runtime/index.mjs:1087:17)"]}`);
    assert.equal(e.requestId, undefined);
    assert.equal(e.failure?.errorType, 'Runtime.ImportModuleError');
    assert.equal(e.frames?.[0].file, '/var/runtime/index.mjs');
  });

  it('marks timeouts, and reads console.error stacks as frames without a failure', () => {
    const t = parse(`2024-01-01T00:00:03.000Z ${RID} Task timed out after 3.00 seconds`);
    assert.equal(t.requestId, RID);
    assert.equal(t.kind, 'runtime');
    assert.deepEqual(t.failure, { kind: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' });
    const logged = parse(`2024-01-01T00:00:03.000Z\t${RID}\tERROR\tError: db down\n    at query (/var/task/db.js:9:11)`);
    assert.equal(logged.failure, undefined);
    assert.deepEqual(logged.frames, [{ file: '/var/task/db.js', line: 9, column: 11, function: 'query' }]);
  });

  it('reads Python logging lines and unhandled exceptions', () => {
    const info = parse(`[WARNING]\t2024-01-01T00:00:04.123Z\t${RID}\tretrying`, NO_TS);
    assert.equal(info.level, 'WARN');
    assert.equal(info.requestId, RID);
    assert.equal(info.timestampMs, Date.UTC(2024, 0, 1, 0, 0, 4, 123));
    assert.equal(parse(`[CRITICAL]\t2024-01-01T00:00:04.123Z\t${RID}\tdisk`).level, 'FATAL');
    const imp = parse("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'\nTraceback (most recent call last):");
    assert.equal(imp.kind, 'runtime');
    assert.deepEqual(imp.failure, { kind: 'error', errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'app': No module named 'requests'" });
    const key = parse(`[ERROR] KeyError: 'id'\rTraceback (most recent call last):\r  File "/var/task/app.py", line 12, in handler\r    return event['id']`);
    assert.equal(key.failure?.errorType, 'KeyError');
    assert.equal(key.failure?.errorMessage, "'id'");
    assert.deepEqual(key.frames, [{ file: '/var/task/app.py', line: 12, function: 'handler' }]);
    assert.equal(parse('[ERROR] something bad happened').failure, undefined);
  });

  it('reads Java log4j lines with a space-separated time', () => {
    const e = parse(`2024-01-01 12:00:00 ${RID} INFO  OrderHandler - saved`, NO_TS);
    assert.equal(e.requestId, RID);
    assert.equal(e.level, 'INFO');
    assert.equal(e.timestampMs, Date.UTC(2024, 0, 1, 12));
  });

  it('treats literal \\t and \\n as separators in runtime lines', () => {
    const e = parse(`2024-01-01T00:00:01.000Z\\t${RID}\\tWARN\\tslow\\n`);
    assert.equal(e.level, 'WARN');
    assert.equal(e.requestId, RID);
    assert.equal(e.message, `2024-01-01T00:00:01.000Z\t${RID}\tWARN\tslow`);
  });

  it('keeps lines it does not understand as app lines', () => {
    for (const m of ['hello world', '42', '2024/01/01 12:00:00 go log line', '', '\u0001\u0002garbage\uffff', '{not json', '[1, 2]', 'Sxx', 'REPORT']) {
      const e = parse(m);
      assert.equal(e.kind, 'app', m);
      assert.equal(e.failure, undefined, m);
      assert.equal(e.requestId, undefined, m);
    }
  });

  it('handles a 256 KB message, including a truncated Invoke Error', () => {
    const big = 'x'.repeat(256 * 1024);
    const app = parse(`2024-01-01T00:00:01.000Z\t${RID}\tINFO\t${big}`);
    assert.equal(app.message.length, 256 * 1024 + 24 + 1 + 36 + 1 + 4 + 1);
    const cut = parse(`2024-01-01T00:00:01.000Z\t${RID}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"${big}`);
    assert.deepEqual(cut.failure, { kind: 'error' });
    const json = parse(`{"level":"INFO","message":"${big}"}`);
    assert.equal(json.message.length, 256 * 1024);
  });
});

describe('parseLambdaMessage speed', () => {
  it('stays linear on adversarial 256 KB messages (no backtracking, no quadratic scans)', () => {
    const K = 256 * 1024;
    const inputs = [
      'REPORT RequestId: ' + 'Duration: '.repeat(K / 10),
      'REPORT RequestId: x ' + 'a: '.repeat(K / 3),
      '2024-01-01T00:00:00.000Z\t' + '\t'.repeat(K),
      '2' + '0'.repeat(K),
      '[ERROR] ' + 'A'.repeat(K) + ': x',
      `2024-01-01T00:00:00.000Z\t${RID}\tERROR\t` + '\n    at f (/a.js:1:2)'.repeat(K / 22),
      '[ERROR] E: x\n' + '  File "/a.py", line 1, in f\n'.repeat(K / 30),
      'x\\t'.repeat(K / 3),
      '{"message":"' + '\\n'.repeat(K / 2) + '"}',
      'panic: x\n' + '\t/var/task/main.go:1 +0x1\n'.repeat(K / 25),
    ];
    for (const m of inputs) {
      const t0 = process.hrtime.bigint();
      const e = parse(m);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < 500, `${ms.toFixed(0)} ms for ${JSON.stringify(m.slice(0, 30))}`);
      assert.ok(e.message.length > 0);
    }
  });

  it('parses 200,000 typical messages quickly', () => {
    const lines = [
      `START RequestId: ${RID} Version: $LATEST\n`,
      `2024-01-01T00:00:01.500Z\t${RID}\tINFO\tcharged order 42 for customer c-12\n`,
      `{"level":"INFO","message":"charged","timestamp":"2024-01-01T00:00:01.000Z","service":"orders","cold_start":false,"function_request_id":"${RID}","xray_trace_id":"1-65920080-0123456789abcdef01234567"}\n`,
      `END RequestId: ${RID}\n`,
      `REPORT RequestId: ${RID}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t\nXRAY TraceId: 1-65920080-0123456789abcdef01234567\tSegmentId: 1a2b3c4d5e6f7a8b\tSampled: true\t\n`,
    ];
    const t0 = process.hrtime.bigint();
    let reports = 0;
    for (let i = 0; i < 200_000; i++) if (parse(lines[i % lines.length]).platform?.type === 'report') reports++;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.equal(reports, 40_000);
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`); // about 0.1 s on an idle machine
  });
});

describe('parseLambdaMessage JSON messages', () => {
  it('reads the Lambda JSON log format platform records', () => {
    const start = parse(`{"time":"2024-01-01T00:00:00.000Z","type":"platform.start","record":{"requestId":"${RID}","version":"$LATEST","tracing":{"spanId":"1a2b3c4d5e6f7a8b","type":"X-Amzn-Trace-Id","value":"Root=1-65920080-0123456789abcdef01234567;Parent=1a2b3c4d5e6f7a8b;Sampled=1"}}}`, NO_TS);
    assert.equal(start.kind, 'platform');
    assert.equal(start.platform?.type, 'start');
    assert.equal(start.requestId, RID);
    assert.equal(start.platform?.version, '$LATEST');
    assert.equal(start.traceId, '659200800123456789abcdef01234567');
    assert.equal(start.platform?.sampled, true);
    assert.equal(start.platform?.segmentId, '1a2b3c4d5e6f7a8b');
    assert.equal(start.timestampMs, TS);
    const report = parse(`{"time":"2024-01-01T00:00:03.000Z","type":"platform.report","record":{"requestId":"${RID}","metrics":{"durationMs":3000.12,"billedDurationMs":3000,"memorySizeMB":128,"maxMemoryUsedMB":64,"initDurationMs":180.5},"status":"timeout"}}`);
    // Records carry every key (unset ones undefined): compare the set ones.
    const set = Object.fromEntries(Object.entries(report.platform ?? {}).filter(([, v]) => v !== undefined));
    assert.deepEqual(set, { type: 'report', durationMs: 3000.12, billedDurationMs: 3000, memorySizeMb: 128, maxMemoryUsedMb: 64, initDurationMs: 180.5, status: 'timeout' });
    assert.equal(report.failure?.kind, 'timeout');
    const done = parse(`{"time":"2024-01-01T00:00:03.000Z","type":"platform.runtimeDone","record":{"requestId":"${RID}","status":"error","errorType":"Runtime.ExitError","metrics":{"durationMs":12}}}`);
    assert.equal(done.platform?.type, 'runtimeDone');
    assert.equal(done.platform?.durationMs, 12);
    assert.equal(done.platform?.status, 'crash');
    assert.deepEqual(done.failure, { kind: 'crash', errorType: 'Runtime.ExitError' });
    const initStart = parse('{"time":"2024-01-01T00:00:00.000Z","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init","runtimeVersion":"nodejs:20.v13","functionVersion":"$LATEST"}}');
    assert.equal(initStart.platform?.type, 'initStart');
    assert.equal(initStart.platform?.version, '$LATEST');
    assert.equal(parse('{"time":"2024-01-01T00:00:00.000Z","type":"platform.initReport","record":{"metrics":{"durationMs":250.5},"status":"success"}}').platform?.initDurationMs, 250.5);
  });

  it('reads JSON-format app records and unhandled errors', () => {
    const app = parse(`{"timestamp":"2024-01-01T00:00:01.000Z","level":"INFO","requestId":"${RID}","message":"charged"}`, NO_TS);
    assert.equal(app.kind, 'app');
    assert.equal(app.level, 'INFO');
    assert.equal(app.requestId, RID);
    assert.equal(app.message, 'charged');
    assert.equal(logFields(app)?.message, 'charged');
    assert.equal(app.timestampMs, Date.UTC(2024, 0, 1, 0, 0, 1));
    const node = parse(`{"timestamp":"2024-01-01T00:00:02.000Z","level":"ERROR","requestId":"${RID}","message":"Invoke Error","errorType":"Error","errorMessage":"boom","stackTrace":["Error: boom","    at handler (/var/task/index.js:3:9)"]}`);
    assert.equal(node.kind, 'runtime');
    assert.deepEqual(node.failure, { kind: 'error', errorType: 'Error', errorMessage: 'boom' });
    assert.equal(node.frames?.[0].line, 3);
    const py = parse(`{"timestamp":"2024-01-01T00:00:02Z","log_level":"ERROR","errorMessage":"boom","errorType":"Exception","requestId":"${RID}","stackTrace":["  File \\"/var/task/lambda_function.py\\", line 3, in lambda_handler\\n    raise Exception(\\"boom\\")\\n"]}`);
    assert.equal(py.level, 'ERROR');
    assert.equal(py.failure?.errorType, 'Exception');
    assert.deepEqual(py.frames, [{ file: '/var/task/lambda_function.py', line: 3, function: 'lambda_handler' }]);
    const java = parse('{"errorMessage":"boom","errorType":"java.lang.RuntimeException","stackTrace":["example.Handler.handleRequest(Handler.java:22)"]}');
    assert.equal(java.failure?.errorType, 'java.lang.RuntimeException');
    assert.equal(java.frames?.[0].file, 'example/Handler.java');
    // The app logging a caught exception: frames, but the invocation did not fail.
    const caught = parse(`{"timestamp":"2024-01-01T00:00:02Z","level":"ERROR","message":"retrying","requestId":"${RID}","errorType":"ValueError","errorMessage":"x","stackTrace":["  File \\"/var/task/a.py\\", line 1, in f\\n"]}`);
    assert.equal(caught.failure, undefined);
    assert.equal(caught.frames?.length, 1);
  });

  it('reads AWS Lambda Powertools records into fields, with request id, trace id and function name', () => {
    const e = parse('{"level":"INFO","location":"collect_payment:12","message":"Collecting payment","timestamp":"2021-05-03 11:47:12,494+0200","service":"payment","cold_start":true,"function_name":"payment-fn","function_memory_size":"128","function_arn":"arn:aws:lambda:eu-west-1:123456789012:function:payment-fn","function_request_id":"52fdfc07-2182-154f-163f-5f0f9a621d72","xray_trace_id":"1-5759e988-bd862e3fe1be46a994272793"}', NO_TS, {});
    assert.equal(e.level, 'INFO');
    assert.equal(e.requestId, '52fdfc07-2182-154f-163f-5f0f9a621d72');
    assert.equal(e.traceId, '5759e988bd862e3fe1be46a994272793');
    assert.equal(e.functionName, 'payment-fn');
    assert.equal(logFields(e)?.cold_start, true);
    assert.equal(e.timestampMs, Date.UTC(2021, 4, 3, 9, 47, 12, 494));
    const err = parse('{"level":"ERROR","message":"failed","timestamp":"2024-01-01T00:00:00.000Z","error":{"name":"Error","message":"x","stack":"Error: x\\n    at pay (/var/task/index.js:2778:11)"}}');
    assert.deepEqual(err.frames, [{ file: '/var/task/index.js', line: 2778, column: 11, function: 'pay' }]);
    assert.equal(err.failure, undefined);
  });
});

describe('functionNameFromLogGroup and toEpochMs', () => {
  it('names the function of a Lambda log group only', () => {
    assert.equal(functionNameFromLogGroup('/aws/lambda/orders-api'), 'orders-api');
    assert.equal(functionNameFromLogGroup('123456789012:/aws/lambda/orders-api'), 'orders-api');
    assert.equal(functionNameFromLogGroup('/aws/apigateway/x'), undefined);
    assert.equal(functionNameFromLogGroup('/aws/lambda/'), undefined);
    assert.equal(functionNameFromLogGroup(undefined), undefined);
  });

  it('converts the time forms logs use', () => {
    assert.equal(toEpochMs(1704067200000), TS);
    assert.equal(toEpochMs(1704067200), TS);
    assert.equal(toEpochMs(1704067200000000000), TS);
    assert.equal(toEpochMs('1704067200000'), TS);
    assert.equal(toEpochMs('2024-01-01T00:00:00.000Z'), TS);
    assert.equal(toEpochMs('2024-01-01 00:00:00.000'), TS); // Logs Insights, UTC
    assert.equal(toEpochMs('2024-01-01T00:00:00.000000+00:00'), TS); // aws logs tail
    assert.equal(toEpochMs('2024-01-01T02:00:00+0200'), TS);
    for (const bad of ['yesterday', '', true, null, {}, -5, NaN, '2024-13-45T99:00:00Z']) assert.equal(toEpochMs(bad), undefined, String(bad));
  });
});

describe('lambdaJsonRecordReader', () => {
  it('recognises Lambda JSON records and app records, not other JSON', () => {
    assert.ok(lambdaJsonRecordReader.matches({ time: '2024-01-01T00:00:00Z', type: 'platform.start', record: { requestId: RID } }));
    assert.ok(lambdaJsonRecordReader.matches({ time: '2024-01-01T00:00:00Z', type: 'function', record: 'hello' }));
    assert.ok(lambdaJsonRecordReader.matches({ timestamp: '2024-01-01T00:00:00Z', level: 'INFO', requestId: RID, message: 'x' }));
    assert.ok(!lambdaJsonRecordReader.matches({ traceId: 'a', spanId: 'b', name: 'x' }));
    assert.ok(!lambdaJsonRecordReader.matches({ timestamp: 1, message: 'x' }));
    assert.ok(!lambdaJsonRecordReader.matches({ type: 'span', record: {}, time: 1 }));
    assert.ok(lambdaJsonRecordReader.matches({ type: 'platform.start', record: {} }), 'claimed, so that the missing time is reported');
    assert.ok(!lambdaJsonRecordReader.matches(['platform.start']));
  });

  it('reads Telemetry API records, including text and JSON function records', () => {
    const c = collect();
    const origin = { file: 'telemetry.ndjson', line: 3 };
    lambdaJsonRecordReader.read({ time: '2024-01-01T00:00:00.000Z', type: 'platform.report', record: { requestId: RID, metrics: { durationMs: 5, billedDurationMs: 6, memorySizeMB: 128, maxMemoryUsedMB: 70 }, tracing: { value: 'Root=1-65920080-0123456789abcdef01234567;Parent=1a2b3c4d5e6f7a8b;Sampled=0' }, status: 'success' } }, { sink: c.sink, origin, hints: HINTS, readNested: readJsonValue });
    lambdaJsonRecordReader.read({ time: '2024-01-01T00:00:01.000Z', type: 'function', record: `2024-01-01T00:00:01.000Z\t${RID}\tINFO\thi` }, { sink: c.sink, origin, hints: HINTS, readNested: readJsonValue });
    lambdaJsonRecordReader.read({ time: '2024-01-01T00:00:02.000Z', type: 'function', record: { timestamp: '2024-01-01T00:00:02.000Z', level: 'WARN', requestId: RID, message: 'slow' } }, { sink: c.sink, origin, hints: HINTS, readNested: readJsonValue });
    assert.equal(c.skips.length, 0);
    assert.equal(c.logs.length, 3);
    const [report, text, json] = c.logs;
    assert.equal(report.format, 'lambda-json');
    assert.equal(report.platform?.status, 'ok');
    assert.equal(report.platform?.sampled, false);
    assert.equal(report.traceId, '659200800123456789abcdef01234567');
    assert.equal(report.origin, origin);
    assert.equal(report.functionName, 'orders-api');
    assert.equal(text.level, 'INFO');
    assert.equal(text.requestId, RID);
    assert.equal(text.timestampMs, TS + 1000);
    assert.equal(json.level, 'WARN');
    assert.equal(json.message, 'slow');
  });

  it('skips records without a usable time, naming the field', () => {
    const c = collect();
    lambdaJsonRecordReader.read({ type: 'platform.start', record: {} }, { sink: c.sink, origin: ORIGIN, hints: {}, readNested: readJsonValue });
    lambdaJsonRecordReader.read({ time: true, type: 'platform.start', record: {} }, { sink: c.sink, origin: ORIGIN, hints: {}, readNested: readJsonValue });
    lambdaJsonRecordReader.read({ timestamp: 'soon', level: 'INFO', message: 'x' }, { sink: c.sink, origin: ORIGIN, hints: {}, readNested: readJsonValue });
    assert.deepEqual(c.skips.map((s) => s.reason), ['missing-field', 'wrong-type', 'wrong-type']);
    assert.match(c.skips[0].message, /^time is missing/);
    assert.match(c.skips[1].message, /^time is boolean/);
    assert.match(c.skips[2].message, /^timestamp is string/);
    assert.equal(c.logs.length, 0);
  });
});

describe('createLambdaTextReader', () => {
  function readText(lines: string[], hints: Hints = HINTS): Collected {
    const c = collect();
    const r = createLambdaTextReader(c.sink, hints, 'fn.log');
    lines.forEach((l, i) => r.line(l, i + 1));
    r.end();
    return c;
  }

  it('joins stack lines to the line they belong to, and the X-Ray line to REPORT', () => {
    const c = readText([
      `START RequestId: ${RID} Version: $LATEST`,
      `2024-01-01T00:00:01.000Z\t${RID}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom","stack":["Error: boom","    at handler (/var/task/index.js:3:9)"]}`,
      `2024-01-01T00:00:01.100Z\t${RID}\tERROR\tError: db`,
      '    at query (/var/task/db.js:9:11)',
      '    at handler (/var/task/index.js:4:1)',
      `END RequestId: ${RID}`,
      `REPORT RequestId: ${RID}\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t`,
      'XRAY TraceId: 1-65920080-0123456789abcdef01234567\tSegmentId: 1a2b3c4d5e6f7a8b\tSampled: true\t',
      'plain print from the handler',
    ]);
    assert.equal(c.skips.length, 0);
    assert.deepEqual(c.logs.map((e) => e.origin.line), [1, 2, 3, 6, 7, 9]);
    const [start, invokeError, logged, end, report, plain] = c.logs;
    assert.equal(start.platform?.type, 'start');
    assert.equal(start.format, 'lambda-text');
    assert.equal(invokeError.failure?.errorMessage, 'boom');
    assert.equal(logged.frames?.length, 2);
    assert.ok(logged.message.endsWith('at handler (/var/task/index.js:4:1)'));
    assert.equal(end.platform?.type, 'end');
    assert.equal(end.timestampMs, Date.UTC(2024, 0, 1, 0, 0, 1, 100)); // no time of its own: the line before's
    assert.equal(report.traceId, '659200800123456789abcdef01234567');
    assert.equal(report.platform?.segmentId, '1a2b3c4d5e6f7a8b');
    assert.equal(plain.kind, 'app');
    assert.equal(plain.message, 'plain print from the handler');
    assert.equal(plain.functionName, 'orders-api');
  });

  it('reads the aws logs tail prefix: time and stream per line, unprefixed lines continue', () => {
    const c = readText([
      `2024-01-01T00:00:00.000000+00:00 2024/01/01/[$LATEST]0123456789abcdef START RequestId: ${RID} Version: $LATEST`,
      `2024-01-01T00:00:00.500000+00:00 2024/01/01/[$LATEST]0123456789abcdef [ERROR] KeyError: 'id'`,
      'Traceback (most recent call last):',
      '  File "/var/task/app.py", line 12, in handler',
      "    return event['id']",
      `2024-01-01T00:00:01.000000+00:00 2024/01/01/[$LATEST]fedcba9876543210 REPORT RequestId: ${RID}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\tStatus: error\tError Type: Runtime.Unknown`,
    ]);
    assert.equal(c.logs.length, 3);
    const [start, err, report] = c.logs;
    assert.equal(start.timestampMs, TS);
    assert.equal(start.logStream, '2024/01/01/[$LATEST]0123456789abcdef');
    assert.equal(start.requestId, RID);
    assert.equal(err.timestampMs, TS + 500);
    assert.equal(err.failure?.errorType, 'KeyError');
    assert.deepEqual(err.frames, [{ file: '/var/task/app.py', line: 12, function: 'handler' }]);
    assert.equal(report.logStream, '2024/01/01/[$LATEST]fedcba9876543210');
    assert.equal(report.origin.line, 6);
    assert.equal(report.failure?.kind, 'error');
  });

  it('skips binary lines, drops blank lines between records, accounts for every other line', () => {
    const c = readText(['hello', '', 'bin\u0000ary', 'world', '   ', `RequestId: ${RID} Error: Runtime exited with error: signal: killed`, 'Runtime.ExitError',
      '\ufffd\ufffd\ufffd\ufffdPNG\ufffd', 'caf\ufffd au lait, one bad byte in a long enough line']);
    assert.deepEqual(c.skips.map((s) => [s.reason, s.origin.line]), [['binary', 3], ['binary', 8]]);
    assert.deepEqual(c.logs.map((e) => e.message), ['hello', 'world', `RequestId: ${RID} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`,
      'caf\ufffd au lait, one bad byte in a long enough line']);
    assert.deepEqual(c.logs[2].failure, { kind: 'crash', errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited with error: signal: killed' });
  });

  it('tells Python level lines from JSON arrays', () => {
    assert.ok(isBracketedLevelLine(`[INFO]\t2024-01-01T00:00:00.000Z\t${RID}\thello`));
    assert.ok(isBracketedLevelLine("[ERROR] KeyError: 'id'"));
    assert.ok(isBracketedLevelLine('[WARNING]'));
    assert.ok(!isBracketedLevelLine('[1, 2, 3]'));
    assert.ok(!isBracketedLevelLine('["INFO"]'));
    assert.ok(!isBracketedLevelLine('[INFO,"x"]'));
    assert.ok(!isBracketedLevelLine('{"level":"INFO"}'));
  });
});
