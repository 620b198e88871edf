// The bad-input corpus: each case from issue 16's probe, made in the test (large ones by streaming, never
// committed). For each: no crash, no hang, every loss counted with its file and line, the valid records around it read.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, readdirSync, mkdtempSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { loadPaths } from '../../src/core/load';
import { readFile } from '../../src/core/ingest/readFile';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import type { Dataset } from '../../src/core/dataset';
import { FIXTURES } from './fixturesDir';

const CLI = path.resolve(__dirname, '../../src/cli/main.js');
const REPO = path.resolve(__dirname, '../../..');

/**
 * Copies the webpack-built CLI (`npm ci` and `npm test` build it: dist/cli.js, its lazy *.cli.js chunks, and the
 * bin launcher; they import nothing but Node's own modules) into `dir`, readable by anyone; returns the launcher.
 */
function copyCliBundle(dir: string): string {
  const dist = path.join(REPO, 'dist');
  assert.ok(existsSync(path.join(dist, 'cli.js')), 'dist/cli.js is missing: build it first (npm run prepare)');
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'dist'));
  for (const f of readdirSync(dist).filter((n) => n === 'cli.js' || n.endsWith('.cli.js'))) copyFileSync(path.join(dist, f), path.join(dir, 'dist', f));
  const launcher = path.join(dir, 'bin', 'trace-explorer.js');
  copyFileSync(path.join(REPO, 'bin', 'trace-explorer.js'), launcher);
  return launcher;
}
const MiB = 1024 * 1024;

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'bad-input-'));
}

const event = (i: number) => JSON.stringify({ timestamp: 1_700_000_000_000 + i, message: `line ${i}\n`, logStreamName: 's', logGroupName: '/aws/lambda/fn' });
const zipkin = (id: string, extra: object = {}) => ({ traceId: 'aaaaaaaaaaaaaaaa', id, name: `op-${id}`, timestamp: 1_700_000_000_000_000, duration: 1000, localEndpoint: { serviceName: 'svc' }, ...extra });

function problemsOf(ds: Dataset, reason: string): { file: string; line: number; message: string }[] {
  return ds.problems.filter((p) => p.reason === reason);
}

describe('bad input corpus: nothing lost silently, nothing crashes', function () {
  this.timeout(20_000);

  it('JSON nested 100,000 levels deep: skipped as too-deep on its line; the lines after it and the other files are read', async () => {
    const dir = tempDir();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    writeFileSync(path.join(dir, 'a-deep.json'), `${event(1)}\n${deep}\n${event(2)}\n`);
    writeFileSync(path.join(dir, 'b-deep-object.json'), `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}\n`);
    writeFileSync(path.join(dir, 'c-deep-pretty.json'), `${'[\n'.repeat(5000)}${']\n'.repeat(5000)}`);
    const deepMessage = JSON.stringify({ timestamp: 1_700_000_000_003, message: `${'{"a":'.repeat(600)}1${'}'.repeat(600)}`, logStreamName: 's', logGroupName: '/aws/lambda/fn' });
    writeFileSync(path.join(dir, 'd-deep-message.json'), `${deepMessage}\n${event(4)}\n`);
    // 600 levels of OTLP kvlist attributes: over the limit, so skipped, not walked.
    let value = '{"stringValue":"x"}';
    for (let i = 0; i < 300; i++) value = `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
    writeFileSync(path.join(dir, 'e-otlp.json'), JSON.stringify({ resourceSpans: [] }).replace('[]', `[{"resource":{"attributes":[{"key":"k","value":${value}}]},"scopeSpans":[]}]`) + '\n');
    writeFileSync(path.join(dir, 'f-ok.json'), `${event(5)}\n`);
    const ds = await loadPaths([dir]);
    assert.equal(ds.logEventCount, 4, 'lines 1, 2, 4 and 5 read');
    const deepProblems = problemsOf(ds, 'too-deep').map((p) => `${path.basename(p.file)}:${p.line}`);
    assert.deepEqual(deepProblems, ['a-deep.json:2', 'b-deep-object.json:1', 'c-deep-pretty.json:1', 'd-deep-message.json:1', 'e-otlp.json:1']);
    // The CLI prints the problem instead of a stack trace, and exits 1.
    const r = spawnSync(process.execPath, [CLI, 'summary', dir], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /a-deep\.json:2: too-deep: JSON nested deeper than 512 levels/);
    assert.doesNotMatch(r.stderr, /RangeError|at .*\.js:\d+/);
  });

  it('paths that cannot be read: each is a problem naming it, the rest is read, the CLI exits 1', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'a.json'), `${event(1)}\n`);
    writeFileSync(path.join(dir, 'data', 'locked.json'), `${event(2)}\n`);
    chmodSync(path.join(dir, 'data', 'locked.json'), 0o000);
    mkdirSync(path.join(dir, 'data', 'locked-dir'));
    writeFileSync(path.join(dir, 'data', 'locked-dir', 'c.json'), `${event(3)}\n`);
    chmodSync(path.join(dir, 'data', 'locked-dir'), 0o000);
    symlinkSync('loop', path.join(dir, 'loop')); // a link to itself: ELOOP
    // Run as an unprivileged user: root reads files whatever their mode. That user may not reach this checkout
    // (a clone under a 0700 folder), so it runs a copy of the self-contained CLI bundle from the 0755 temp folder.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const cli = copyCliBundle(dir);
    const r = spawnSync(process.execPath, [cli, 'summary', '--json', path.join(dir, 'data'), path.join(dir, 'loop')], { encoding: 'utf8', ...asNobody });
    assert.equal(r.status, 1, r.stderr);
    const s = JSON.parse(r.stdout) as { logEvents: number; skipped: Record<string, number>; problems: { file: string; line: number; message: string }[] };
    assert.equal(s.logEvents, 1);
    assert.equal(s.skipped.unreadable, 3);
    const named = s.problems.map((p) => `${path.relative(dir, p.file)}:${p.line} ${p.message}`).sort();
    assert.deepEqual(named, [
      'data/locked-dir:0 cannot read: permission denied (EACCES)',
      'data/locked.json:0 cannot read: permission denied (EACCES)',
      'loop:0 cannot read: too many levels of symbolic links (a symlink loop) (ELOOP)',
    ]);
  });

  it('a file that vanished before it was read is a problem naming it', async () => {
    const b = new DatasetBuilder();
    await readFile(path.join(tempDir(), 'gone.json'), b);
    assert.deepEqual(b.problems.map((p) => [p.reason, p.line, p.message]), [['unreadable', 0, 'cannot read: no such file (deleted or moved while reading?) (ENOENT)']]);
  });

  it('symlinks: a linked data file and a linked folder are read once; a link back to a parent ends there', async () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(outside, 'linked.json'), `${event(1)}\n`);
    mkdirSync(path.join(outside, 'sub'));
    writeFileSync(path.join(outside, 'sub', 'deep.json'), `${event(2)}\n`);
    writeFileSync(path.join(dir, 'own.json'), `${event(3)}\n`);
    symlinkSync(path.join(outside, 'linked.json'), path.join(dir, 'link.json'));
    symlinkSync(path.join(outside, 'sub'), path.join(dir, 'sub-link'));
    symlinkSync(dir, path.join(dir, 'parent-loop'));
    symlinkSync(path.join(dir, 'own.json'), path.join(dir, 'own-again.json'));
    const ds = await loadPaths([dir]);
    assert.equal(ds.logEventCount, 3);
    assert.equal(ds.files.length, 3);
    assert.deepEqual(ds.skipped, {});
  });

  it('a 1 GB gzip of zeros (no newline): memory stays bounded, the line is skipped with its size, the file is named', async function () {
    this.timeout(60_000); // 1.5-6 s on the shared machine; gunzipping 1 GiB waits for a core under heavy load
    const dir = tempDir();
    const file = path.join(dir, 'bomb.log.gz');
    // 1,024 gzip members of 1 MiB of zeros each: 1 GiB decompressed from a 1 MB file, written without holding it.
    const member = gzipSync(Buffer.alloc(MiB), { level: 9 });
    const fd = openSync(file, 'w');
    for (let i = 0; i < 1024; i++) writeSync(fd, member);
    closeSync(fd);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    const b = new DatasetBuilder();
    const t0 = Date.now();
    await readFile(file, b);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMiB = (peak - before) / MiB;
    console.log(`      1 GiB of zeros: ${Date.now() - t0} ms, RSS growth ${growthMiB.toFixed(0)} MiB`);
    assert.ok(growthMiB < 400, `RSS grew ${growthMiB.toFixed(0)} MiB`);
    assert.deepEqual(b.problems.map((p) => [p.reason, p.line]), [['line-too-long', 1]]);
    assert.match(b.problems[0].message, /line of 1 GiB is over the 64 MiB limit/);
  });

  it('the decompressed-size limit ends a gzip file with a clear problem, keeping the lines before it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.ndjson.gz');
    const lines = Array.from({ length: 2000 }, (_, i) => event(i)).join('\n') + '\n';
    writeFileSync(file, gzipSync(lines));
    const b = new DatasetBuilder();
    await readFile(file, b, { maxDecompressedBytes: 50_000 });
    const ds = b.build();
    assert.ok(ds.logEventCount > 100 && ds.logEventCount < 2000, `${ds.logEventCount} lines read`);
    assert.equal(ds.problems.length, 1);
    assert.equal(ds.problems[0].reason, 'too-large');
    assert.match(ds.problems[0].message, /decompressed size is over 50000 bytes \(setting traceExplorer.input.maxDecompressedBytes\)/);
  });

  it('an over-long line in a plain file is passed over; the lines around it are read', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'long.ndjson');
    const fd = openSync(file, 'w');
    writeSync(fd, `${event(1)}\n{"message": "`);
    const block = Buffer.alloc(MiB, 'a');
    for (let i = 0; i < 70; i++) writeSync(fd, block);
    writeSync(fd, `"}\n${event(3)}\n`);
    closeSync(fd);
    const b = new DatasetBuilder();
    await readFile(file, b);
    const ds = b.build();
    assert.equal(ds.logEventCount, 2);
    assert.deepEqual(ds.problems.map((p) => [p.reason, p.line]), [['line-too-long', 2]]);
    // A smaller limit (the setting) applies to lines inside one read chunk too.
    const small = new DatasetBuilder();
    await readFile(file, small, { maxLineBytes: 1000 });
    assert.deepEqual(small.problems.map((p) => [p.reason, p.line]), [['line-too-long', 2]]);
    assert.equal(small.build().logEventCount, 2);
  });

  it('a UTF-8 BOM is dropped: the first record (and a whole pretty document) is read', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bom.ndjson'), `\ufeff${event(1)}\n${event(2)}\n`);
    writeFileSync(path.join(dir, 'bom-pretty.json'), `\ufeff${JSON.stringify([zipkin('0000000000000001'), zipkin('0000000000000002', { parentId: '0000000000000001' })], null, 2)}`);
    const ds = await loadPaths([dir]);
    assert.deepEqual(ds.skipped, {});
    assert.equal(ds.logEventCount, 2);
    assert.equal(ds.spans.length, 2);
  });

  it('UTF-16 LE and BE files (with a BOM) are decoded, not reported as binary', async () => {
    const dir = tempDir();
    const text = `${event(1)}\n${JSON.stringify({ timestamp: 1_700_000_000_002, message: 'héllo wörld ✓ 𝄞\n', logStreamName: 's', logGroupName: '/aws/lambda/fn' })}\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le).swap16();
    writeFileSync(path.join(dir, 'le.json'), le);
    writeFileSync(path.join(dir, 'be.json'), be);
    writeFileSync(path.join(dir, 'le.json.gz'), gzipSync(le));
    const ds = await loadPaths([dir]);
    assert.deepEqual(ds.skipped, {});
    assert.equal(ds.logEventCount, 6);
    assert.equal(ds.invocations.length + ds.logEventCount > 0, true);
  });

  it('a pretty OTLP document cut anywhere keeps exactly the spans closed before the cut, under their resource', async () => {
    const doc = JSON.parse(readFileSync(path.join(FIXTURES, 'otlp', 'opentelemetry-proto-example-trace.json'), 'utf8')) as { resourceSpans: { scopeSpans: { spans: object[] }[] }[] };
    // Three spans of one service, written pretty like an exporter would.
    const spans = doc.resourceSpans[0].scopeSpans[0].spans;
    const three = [0, 1, 2].map((i) => ({ ...spans[0], spanId: `eee19b7ec3c1b17${i}`, name: `op${i}` }));
    doc.resourceSpans[0].scopeSpans[0].spans = three;
    const text = JSON.stringify(doc, null, 2);
    const dir = tempDir();
    for (let cut = 200; cut < text.length; cut += 97) {
      const cutText = text.slice(0, cut);
      const file = path.join(dir, `cut-${cut}.json`);
      writeFileSync(file, cutText);
      const b = new DatasetBuilder();
      await readFile(file, b);
      const ds = b.build();
      const closed = three.filter((s) => {
        const at = text.indexOf(`"spanId": "${(s as { spanId: string }).spanId}"`);
        const indent = at - text.lastIndexOf('\n', at) - 1 - 2; // the span's own brace is one level out
        return text.indexOf(`\n${' '.repeat(indent)}}`, at) + indent + 2 <= cut;
      }).length;
      assert.equal(ds.spans.length, closed, `cut at ${cut}: ${ds.spans.length} spans read, ${closed} closed before the cut`);
      for (const s of ds.spans) assert.notEqual(s.service, 'unknown', 'the resource came with the spans');
      assert.ok(ds.problems.length >= 1 && ds.problems.every((p) => p.reason === 'invalid-json' && p.line >= 1));
    }
  });

  it('truncated documents of every format keep their complete records (Zipkin, Jaeger, X-Ray batch, CloudWatch export)', async () => {
    const dir = tempDir();
    const cases: [string, string, number][] = []; // file, cut text, records complete before the cut
    const zipkinDoc = JSON.stringify([zipkin('0000000000000001'), zipkin('0000000000000002', { parentId: '0000000000000001' }), zipkin('0000000000000003')], null, 2);
    cases.push(['zipkin.json', zipkinDoc.slice(0, zipkinDoc.lastIndexOf('"name"')), 2]);
    const jaeger = JSON.parse(readFileSync(path.join(FIXTURES, 'jaeger', 'ride-sharing-trace.json'), 'utf8')) as { data: { spans: unknown[] } };
    const jaegerDoc = JSON.stringify(jaeger, null, 2);
    cases.push(['jaeger.json', jaegerDoc.slice(0, jaegerDoc.lastIndexOf('"operationName"')), jaeger.data.spans.length - 1]);
    const exportDoc = JSON.stringify({ events: [0, 1, 2].map((i) => JSON.parse(event(i)) as object) }, null, 2);
    cases.push(['export.json', exportDoc.slice(0, exportDoc.lastIndexOf('"message"')), 2]);
    const seg = (i: number) => ({ Id: `000000000000000${i}`, Document: JSON.stringify({ id: `000000000000000${i}`, trace_id: '1-5e61292c-cc1229a4dfbeae1043928548', name: 'svc', start_time: 1_700_000_000 + i, end_time: 1_700_000_001 + i }) });
    const xrayDoc = JSON.stringify({ Traces: [{ Id: '1-5e61292c-cc1229a4dfbeae1043928548', Segments: [seg(1), seg(2), seg(3)] }] }, null, 2);
    cases.push(['xray.json', xrayDoc.slice(0, xrayDoc.lastIndexOf('"Document"')), 2]);
    for (const [name, text] of cases) writeFileSync(path.join(dir, name), text);
    for (const [name, , expected] of cases) {
      const b = new DatasetBuilder();
      await readFile(path.join(dir, name), b);
      const ds = b.build();
      const got = ds.spans.length + ds.logEventCount;
      assert.equal(got, expected, name);
      assert.ok(ds.problems.length >= 1 && ds.problems.every((p) => p.reason === 'invalid-json'), name);
    }
  });
  it('garbage numbers, impossible times, wrong-length ids and conflicting duplicate ids: kept, flagged, counted with file and line', async () => {
    const dir = tempDir();
    const rid = '11111111-2222-3333-4444-555555555555';
    const line = (ms: number, message: string) => JSON.stringify({ timestamp: 1_700_000_000_000 + ms, message, logStreamName: 's', logGroupName: '/aws/lambda/fn' });
    writeFileSync(path.join(dir, 'fn.log'), [
      line(0, `START RequestId: ${rid} Version: $LATEST\n`),
      line(500, `END RequestId: ${rid}\n`),
      line(500, `REPORT RequestId: ${rid}\tDuration: abc ms\tBilled Duration: 500 ms\tMemory Size: 99999999 MB\tMax Memory Used: 70 MB\t\n`),
    ].join('\n') + '\n');
    const t0 = 1_700_000_000_000_000;
    writeFileSync(path.join(dir, 'spans.json'), JSON.stringify([
      zipkin('00000000000000a1', { timestamp: t0, duration: 100_000 }), // the root
      zipkin('00000000000000a2', { parentId: '00000000000000a1', timestamp: t0 + 10_000, duration: 50_000 }),
      zipkin('00000000000000a1', { parentId: '00000000000000a2', timestamp: t0 + 20_000, duration: 5_000, name: 'another span, same id' }),
      zipkin('00000000000000a3', { parentId: '00000000000000a1', timestamp: t0 + 30_000, duration: 1e35 }), // ends 1e32 ms later
      zipkin('00000000000000a4000', { parentId: '00000000000000a1', timestamp: t0 + 40_000, duration: 1000 }), // 19 hex digits
    ]));
    const ds = await loadPaths([dir]);
    assert.deepEqual(ds.skipped, {});
    // The invocation is kept; its bad numbers are left out and named, not replaced by 0 or the wall clock.
    const inv = ds.invocationByRequestId.get(rid)!;
    assert.equal(inv.durationMs, undefined);
    assert.equal(inv.memorySizeMb, undefined);
    assert.equal(inv.billedDurationMs, 500);
    assert.deepEqual(inv.warnings, ['Duration: abc is not a number; left out', 'Memory Size: 99999999 MB is out of range (128 to 10240 MB); left out']);
    // Every span is kept; the root stays the root; the second span under id a1 is kept apart and flagged.
    assert.equal(ds.spans.length, 5);
    const trace = ds.traces[0];
    assert.equal(ds.traces.length, 1);
    assert.deepEqual(trace.roots.map((r) => [r.span.spanId, r.orphan]), [['00000000000000a1', false]]);
    const dup = ds.spans.find((s) => s.name === 'another span, same id')!;
    assert.equal(dup.spanId, '00000000000000a1~2');
    assert.equal(dup.parentSpanId, '00000000000000a2');
    const long = ds.spans.find((s) => s.spanId === '00000000000000a3')!;
    assert.equal(long.durationMs, 0);
    assert.match(String((long.attributes['explorer.warnings'] as string[])[0]), /^out-of-range: duration 1e\+32 ms is out of range/);
    assert.ok(trace.durationMs < 1000, `trace ${trace.durationMs} ms long`);
    const bad = ds.spans.find((s) => s.spanId === '00000000000000a4000')!;
    assert.deepEqual(bad.attributes['explorer.warnings'], ['bad-id: span id "00000000000000a4000" is not 16 hex digits']);
    assert.deepEqual(ds.summary().warnings, { 'out-of-range': 3, 'duplicate-span': 1, 'bad-id': 1 });
    const where = ds.warnings.map((w) => `${path.basename(w.file)}:${w.line} ${w.reason}`).sort();
    assert.deepEqual(where, ['fn.log:3 out-of-range', 'fn.log:3 out-of-range', 'spans.json:1 bad-id', 'spans.json:1 duplicate-span', 'spans.json:1 out-of-range']);
    // The CLI prints them as warnings and still exits 0: nothing was lost.
    const r = spawnSync(process.execPath, [CLI, 'summary', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /warnings\s+out-of-range=3 bad-id=1 duplicate-span=1|warnings\s+.*duplicate-span=1/);
    assert.match(r.stderr, /fn\.log:3: warning out-of-range: Duration: abc is not a number/);
  });
});
