import { strict as assert } from 'assert';
import { loadPaths } from '../../src/core/load';
import type { Dataset } from '../../src/core/dataset';
import type { LogEvent } from '../../src/core/model';
import { main } from '../../src/cli/main';
import { FIDELITY, fixture } from './fidelityDir';

async function load(...names: string[]): Promise<Dataset> {
  return loadPaths(names.map(fixture));
}

function only<T>(list: T[]): T {
  assert.equal(list.length, 1, `expected one, got ${list.length}`);
  return list[0];
}

async function runCli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, { out: (t) => { out += t + '\n'; }, err: (t) => { out += t + '\n'; } });
  return { code, out };
}

const year = (ms: number) => new Date(ms).getUTCFullYear();

describe('fidelity: multi-line runtime records in text logs', () => {
  it('joins pretty JSON and util.inspect lines to the Node.js line above them (AWS nodejs-logging example)', async () => {
    const ds = await load('node-console-multiline.log');
    assert.deepEqual(ds.skipped, {}, JSON.stringify(ds.problems));
    const inv = only(ds.invocations);
    const app = inv.logs.filter((e) => e.kind === 'app');
    assert.equal(app.length, 4, 'ENVIRONMENT VARIABLES, EVENT, the inspected object and the warning');
    assert.match(app[0].message, /ENVIRONMENT VARIABLES\n\{\n {2}"AWS_LAMBDA_FUNCTION_VERSION"/);
    assert.match(app[0].message, /\n\}$/);
    assert.match(app[2].message, /\.\.\. 1 more item/);
    assert.equal(app[3].level, 'WARN');
    assert.equal(inv.durationMs, 170.19);
  });

  it('summary --json counts 0 skipped lines on every fixture of this suite', async () => {
    const { code, out } = await runCli(['summary', FIDELITY, '--json']);
    const s = JSON.parse(out);
    assert.deepEqual(s.skipped, {}, JSON.stringify(s.problems));
    assert.equal(code, 0);
  });
});

describe('fidelity: times', () => {
  it('places START/END/REPORT without a time at their runtime lines\' time, never 1970', async () => {
    const ds = await load('node-console-multiline.log', 'python-unhandled.log');
    for (const inv of ds.invocations) {
      assert.ok(year(inv.startMs) >= 2019, `${inv.requestId} starts ${new Date(inv.startMs).toISOString()}`);
      assert.equal(inv.timeUnknown, undefined);
      for (const e of inv.logs) assert.ok(year(e.timestampMs) >= 2019, `line ${e.origin.line} at ${e.timestampMs}`);
    }
    const node = ds.invocationByRequestId.get('c793869b-ee49-115b-a5b6-4fd21e8dedac')!;
    assert.equal(node.startMs, Date.parse('2019-06-07T19:11:20.562Z'), 'START takes the time of the line after it');
    const py = ds.invocationByRequestId.get('3f5c1d2e-6b8a-4c7d-9e0f-1a2b3c4d5e6f')!;
    assert.equal(py.startMs, Date.parse('2024-05-02T10:15:02.310Z'), 'Python logging layout: the time after [INFO]');
  });

  it('says the time is unknown when no line carries one (the raw --log-type Tail text)', async () => {
    const ds = await load('invoke-tail-raw.log');
    const inv = only(ds.invocations);
    assert.equal(inv.timeUnknown, true);
    assert.ok(inv.logs.every((e: LogEvent) => e.timeUnknown === true));
    assert.equal(inv.durationMs, 1.32);
    const text = await runCli(['query', 'kind:invocation', fixture('invoke-tail-raw.log')]);
    assert.match(text.out, /^unknown time +1\.32ms {2}invoke-tail-raw/m);
    const json = JSON.parse((await runCli(['query', 'kind:invocation', fixture('invoke-tail-raw.log'), '--json'])).out);
    assert.equal(json.results[0].start, null);
    assert.doesNotMatch(text.out, /1970/);
  });
});

describe('fidelity: invocation status after all lines are in', () => {
  it('a Python [ERROR] + Traceback without request id fails the invocation it ran in (LAMBDA_WARNING shape)', async () => {
    const ds = await load('python-unhandled.log');
    assert.deepEqual(ds.skipped, {});
    const failed = ds.invocationByRequestId.get('3f5c1d2e-6b8a-4c7d-9e0f-1a2b3c4d5e6f')!;
    assert.equal(failed.status, 'error');
    assert.equal(failed.errorType, 'KeyError');
    assert.equal(failed.errorMessage, "'order_id'");
    const err = failed.logs.find((e) => e.failure)!;
    assert.match(err.message, /Traceback \(most recent call last\):\n\u00a0\u00a0File "\/var\/lang/);
    assert.deepEqual(err.frames!.map((f) => `${f.file}:${f.line}`), [
      '/var/lang/lib/python3.12/site-packages/aws_lambda_powertools/tracing/tracer.py:313', '/var/task/app.py:26',
    ]);
    assert.equal(ds.invocationByRequestId.get('7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')!.status, 'ok');
    assert.equal(ds.functions[0].errors, 1);
  });

  it('re-decides the status in correlation when a loose line is attached by log stream', async () => {
    const { buildInvocations } = await import('../../src/core/correlate/invocations');
    const { parseLambdaMessage } = await import('../../src/core/readers/lambda');
    const hints = { logGroup: '/aws/lambda/refunds', logStream: 's1' };
    const rid = '3f5c1d2e-6b8a-4c7d-9e0f-1a2b3c4d5e6f';
    const at = (line: number) => ({ file: 'cw.ndjson', line });
    const logs = [
      parseLambdaMessage(`START RequestId: ${rid} Version: $LATEST\n`, 1000, hints, 'cloudwatch-event', at(1)),
      parseLambdaMessage("[ERROR] KeyError: 'order_id'\rTraceback (most recent call last):\r\u00a0\u00a0File \"/var/task/app.py\", line 26, in refund\r", 1010, hints, 'cloudwatch-event', at(2)),
      parseLambdaMessage(`END RequestId: ${rid}\n`, 1020, hints, 'cloudwatch-event', at(3)),
      parseLambdaMessage(`REPORT RequestId: ${rid}\tDuration: 20.00 ms\tBilled Duration: 20 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`, 1020, hints, 'cloudwatch-event', at(4)),
    ];
    assert.equal(logs[1].requestId, undefined);
    const inv = only(buildInvocations(logs).invocations);
    assert.equal(inv.status, 'error');
    assert.equal(inv.errorType, 'KeyError');
  });

  it('Go panic, .NET fail with frames, Java and Ruby error objects fail their invocations', async () => {
    const { parseLambdaMessage } = await import('../../src/core/readers/lambda');
    const hints = { logGroup: '/aws/lambda/f' };
    const at = { file: 'x', line: 1 };
    const go = parseLambdaMessage('panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation]\n\ngoroutine 1 [running]:\nmain.handler()\n\t/var/task/main.go:42 +0x1d\n', 1, hints, 'cloudwatch-event', at);
    assert.equal(go.failure?.errorType, 'panic');
    assert.match(go.failure!.errorMessage!, /nil pointer/);
    const rid = '11111111-2222-4333-8444-555555555555';
    const net = parseLambdaMessage(`2024-05-02T10:00:00.000Z\t${rid}\tfail\tSystem.InvalidOperationException: no stock\n   at Orders.Function.Handler(Order o) in /src/Orders/Function.cs:line 31\n`, undefined, hints, 'cloudwatch-event', at);
    assert.equal(net.level, 'ERROR');
    assert.equal(net.failure?.errorType, 'System.InvalidOperationException');
    const logged = parseLambdaMessage(`2024-05-02T10:00:00.000Z\t${rid}\tfail\tcould not reach the warehouse\n`, undefined, hints, 'cloudwatch-event', at);
    assert.equal(logged.failure, undefined, 'a plain logged error is not a failure');
    const java = parseLambdaMessage('{\n  "errorMessage": "boom",\n  "errorType": "java.lang.RuntimeException",\n  "stackTrace": [\n    "example.Handler.handleRequest(Handler.java:22)"\n  ]\n}\n', 1, hints, 'cloudwatch-event', at);
    assert.equal(java.failure?.errorType, 'java.lang.RuntimeException');
    const ruby = parseLambdaMessage('{"errorMessage":"undefined method `id\' for nil:NilClass","errorType":"Function<NoMethodError>","stackTrace":["/var/task/function.rb:5:in `handler\'"]}', 1, hints, 'cloudwatch-event', at);
    assert.equal(ruby.failure?.errorType, 'Function<NoMethodError>');
  });

  it('a Java error object pretty-printed in a text log is read as a line of the invocation, not skipped', async () => {
    const { mkdtempSync, writeFileSync } = await import('fs');
    const { tmpdir } = await import('os');
    const path = await import('path');
    const dir = mkdtempSync(path.join(tmpdir(), 'fid-'));
    const rid = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const file = path.join(dir, 'java.log');
    writeFileSync(file, [
      `START RequestId: ${rid} Version: $LATEST`,
      `2024-05-02 10:00:00 ${rid} INFO  example.Handler - handling`,
      '{', '  "errorMessage": "boom",', '  "errorType": "java.lang.RuntimeException",', '  "stackTrace": [',
      '    "example.Handler.handleRequest(Handler.java:22)",', '    "java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)"', '  ]', '}',
      `END RequestId: ${rid}`,
      `REPORT RequestId: ${rid}\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\t`, '',
    ].join('\n'));
    const ds = await loadPaths([file]);
    assert.deepEqual(ds.skipped, {}, JSON.stringify(ds.problems));
    const inv = only(ds.invocations);
    assert.equal(inv.status, 'error');
    assert.equal(inv.errorType, 'java.lang.RuntimeException');
  });
});

describe('fidelity: Telemetry API runtimeDone and Powertools arrays', () => {
  it('times an invocation from runtimeDone metrics, takes tracing.spanId, and shows spans[] as child spans', async () => {
    const ds = await load('telemetry-runtimedone.ndjson');
    const inv = only(ds.invocations);
    assert.equal(inv.durationMs, 200);
    assert.equal(inv.segmentId, '54565fb41ac79632', 'the record\'s spanId, not the header\'s Parent=0efbd19962d95b05');
    assert.deepEqual(inv.phases!.map((p) => [p.name, p.durationMs]), [['responseLatency', 23.02], ['responseDuration', 20]]);
    const trace = only(ds.traces);
    const root = only(trace.roots);
    assert.equal(root.span.spanId, '54565fb41ac79632');
    assert.deepEqual(root.children.map((c) => c.span.name), ['responseLatency', 'responseDuration']);
    assert.equal(root.children[1].span.startMs, Date.parse('2022-10-12T00:01:14.823Z'));
  });

  it('reads Powertools records held in a JSON array like the same records one per line', async () => {
    const ds = await load('powertools-array.json');
    const inv = only(ds.invocations);
    assert.equal(inv.requestId, '52fdfc07-2182-154f-163f-5f0f9a621d72');
    assert.equal(inv.functionName, 'test', 'the record\'s function_name');
    assert.equal(inv.coldStart, true);
    assert.equal(inv.logs.length, 2);
    assert.equal(inv.traceId, '5759e988bd862e3fe1be46a994272793');
  });
});
