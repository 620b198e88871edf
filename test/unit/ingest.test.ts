import { strict as assert } from 'assert';
import { mkdtempSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { loadPaths } from '../../src/core/load';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'ingest-'));
}

const REPORT = 'REPORT RequestId: 11111111-2222-3333-4444-555555555555\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t';
const START = 'START RequestId: 11111111-2222-3333-4444-555555555555 Version: $LATEST';
const zipkinSpan = (id: string, extra: object = {}) => ({ traceId: 'aaaaaaaaaaaaaaaa', id, name: `op-${id}`, timestamp: 1_600_000_000_000_000, duration: 1000, localEndpoint: { serviceName: 'svc' }, ...extra });

describe('ingest: files of every shape, and bad input', () => {
  it('reads NDJSON, pretty-printed JSON, gzip and text in one folder (mixed formats), each detected by content', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'events.ndjson'), [
      JSON.stringify({ timestamp: 1_600_000_000_000, message: START, logStreamName: 's', logGroupName: '/aws/lambda/fn' }),
      JSON.stringify({ timestamp: 1_600_000_000_013, message: REPORT, logStreamName: 's', logGroupName: '/aws/lambda/fn' }),
    ].join('\n'));
    writeFileSync(path.join(dir, 'zipkin.json'), JSON.stringify([zipkinSpan('0000000000000001'), zipkinSpan('0000000000000002', { parentId: '0000000000000001' })], null, 2));
    writeFileSync(path.join(dir, 'zipkin2.json.gz'), gzipSync(JSON.stringify([zipkinSpan('0000000000000003', { parentId: '0000000000000001' })])));
    writeFileSync(path.join(dir, 'fn.log'), `2020-01-01T00:00:00.000Z\t22222222-2222-3333-4444-555555555555\tINFO\thello from text\n`);
    writeFileSync(path.join(dir, 'README.md'), '# not data: ignored in folders');
    const ds = await loadPaths([dir]);
    const s = ds.summary();
    assert.equal(s.files, 4);
    assert.equal(s.spans, 3);
    assert.equal(s.traces, 1);
    assert.equal(s.logEvents, 3);
    assert.equal(s.invocations, 2);
    assert.deepEqual(s.skipped, {});
    const formats = ds.files.flatMap((f) => f.formats).sort();
    assert.deepEqual(formats, ['cloudwatch-event', 'lambda-text', 'zipkin', 'zipkin']);
    assert.equal(ds.invocationByRequestId.get('11111111-2222-3333-4444-555555555555')!.durationMs, 12.5);
  });

  it('reports a truncated document with its file and line, and still reads its complete records', async () => {
    const dir = tempDir();
    const full = JSON.stringify([zipkinSpan('0000000000000001'), zipkinSpan('0000000000000002'), zipkinSpan('0000000000000003')], null, 2);
    const file = path.join(dir, 'cut.json');
    writeFileSync(file, full.slice(0, full.length - 60));
    const ds = await loadPaths([file]);
    assert.equal(ds.skipped['invalid-json'], 1);
    assert.equal(ds.problems[0].file, file);
    assert.equal(ds.problems[0].line, full.slice(0, full.indexOf('0000000000000003')).split('\n').length - 2, 'the line the cut record starts on');
    assert.match(ds.problems[0].message, /truncated|not closed/);
    assert.equal(ds.spans.length, 2, 'the two complete spans are read');
  });

  it('reads on after a broken NDJSON line, a binary line and garbage, counting each with its line number', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'mixed.ndjson');
    const ok = (i: number) => JSON.stringify({ timestamp: 1_600_000_000_000 + i, message: `2020-01-01T00:00:00.000Z\t33333333-2222-3333-4444-55555555555${i}\tINFO\tline ${i}`, logStreamName: 's', logGroupName: '/aws/lambda/fn' });
    writeFileSync(file, Buffer.concat([
      Buffer.from(ok(1) + '\n'),
      Buffer.from('{"timestamp": 1600000000002, "message": "cut sho\n'),
      Buffer.from(ok(3) + '\n'),
      Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 10]),
      Buffer.from('{"this is": "json", "but": "no reader knows it"}\n'),
      Buffer.from(ok(6) + '\n'),
    ]));
    const ds = await loadPaths([file]);
    assert.equal(ds.logEventCount, 3);
    assert.deepEqual(ds.skipped, { 'invalid-json': 1, binary: 1, 'unknown-record': 1 });
    const lines = ds.problems.map((p) => `${p.reason}@${p.line}`).sort();
    assert.deepEqual(lines, ['binary@4', 'invalid-json@2', 'unknown-record@5']);
    for (const p of ds.problems) assert.equal(p.file, file);
  });

  it('reads a 256 KB log line whole', async () => {
    const dir = tempDir();
    const big = 'x'.repeat(256 * 1024);
    const file = path.join(dir, 'big.ndjson');
    writeFileSync(file, JSON.stringify({ timestamp: 1_600_000_000_000, message: `2020-01-01T00:00:00.000Z\t44444444-2222-3333-4444-555555555555\tINFO\t${big}`, logStreamName: 's', logGroupName: '/aws/lambda/fn' }) + '\n');
    const ds = await loadPaths([file]);
    assert.equal(ds.logEventCount, 1);
    assert.ok(ds.invocations[0].logs[0].message.length >= big.length);
  });

  it('counts wrong types and missing fields with the field named, and treats empty files as empty', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'empty.json'), '');
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ events: [
      { timestamp: 'yesterday', message: 'x' },
      { message: 'no timestamp' },
      { timestamp: 1_600_000_000_000, message: 42 },
    ] }));
    const ds = await loadPaths([dir]);
    assert.equal(ds.files.length, 2);
    const total = Object.values(ds.skipped).reduce((a, b) => a + b, 0);
    assert.equal(total, 3, JSON.stringify(ds.problems));
    assert.ok(ds.problems.some((p) => /timestamp/.test(p.message)));
    assert.ok(ds.problems.some((p) => /message/.test(p.message)));
  });
});

describe('ingest: layouts of multi-line JSON', () => {
  const ev = (i: number) => ({ timestamp: 1_600_000_000_000 + i, message: `2020-01-01T00:00:00.000Z\t55555555-2222-3333-4444-55555555555${i}\tINFO\tline ${i}`, logStreamName: 's' });

  it('reads an export written one event per line inside the array', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'aws', 'lambda', 'fn', 'export.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `{"events": [\n${[1, 2, 3].map((i) => JSON.stringify(ev(i))).join(',\n')}\n], "searchedLogStreams": []}\n`);
    const ds = await loadPaths([file]);
    assert.deepEqual(ds.skipped, {});
    assert.equal(ds.logEventCount, 3);
    assert.equal(ds.invocations[0].functionName, 'fn', 'the function name comes from the /aws/lambda/<name> path');
  });

  it('reads the NDJSON lines that follow a line cut short near the end of a file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tail.ndjson');
    writeFileSync(file, `${JSON.stringify(ev(1))}\n{"timestamp": 1600000000002, "message": "cut short, \n${JSON.stringify(ev(3))}\n${JSON.stringify(ev(4))}\n`);
    const ds = await loadPaths([file]);
    assert.equal(ds.logEventCount, 3);
    assert.deepEqual(ds.problems.map((p) => `${p.reason}@${p.line}`), ['invalid-json@2']);
  });
});

describe('ingest: text that starts like JSON', () => {
  it('reads Python log lines beginning with [LEVEL] as log lines, not as broken JSON', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'aws', 'lambda', 'py-fn', 'py.log');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, [
      'START RequestId: 66666666-2222-3333-4444-555555555555 Version: $LATEST',
      '[INFO]\t2020-01-01T00:00:00.100Z\t66666666-2222-3333-4444-555555555555\tcharging card',
      '[ERROR] KeyError: \'amount\'',
      'Traceback (most recent call last):',
      '  File "/var/task/app.py", line 42, in handler',
      'END RequestId: 66666666-2222-3333-4444-555555555555',
    ].join('\n'));
    const ds = await loadPaths([file]);
    assert.deepEqual(ds.skipped, {});
    const inv = ds.invocationByRequestId.get('66666666-2222-3333-4444-555555555555')!;
    assert.equal(inv.functionName, 'py-fn');
    assert.ok(inv.logs.some((e) => e.level === 'INFO' && /charging card/.test(e.message)));
  });
});
