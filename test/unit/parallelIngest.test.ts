// Parallel ingest (issue 14 item 3): loads with 1, 2 and 4 parse workers, with files cut into many byte ranges,
// must equal the single-threaded load of the same paths: summary, problems (file and line), every trace,
// invocation and log line. The worker script is the tsc-compiled one next to the core (out/src/core/ingest).
import { strict as assert } from 'assert';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { loadPaths } from '../../src/core/load';
import type { LoadOptions } from '../../src/core/source';
import type { InputLimits } from '../../src/core/ingest/readFile';
import { planRanges } from '../../src/core/ingest/parallelLoad';
import { generateSample } from '../../src/core/sample/index';
import { digestDataset, DatasetDigest } from './datasetDigest';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const SAMPLE = path.join(ROOT, 'samples', 'data');

function sameDigest(actual: DatasetDigest, expected: DatasetDigest, what: string): void {
  assert.equal(actual.summary, expected.summary, `${what}: summary`);
  assert.equal(actual.files, expected.files, `${what}: files`);
  assert.equal(actual.problems, expected.problems, `${what}: problems`);
  assert.equal(actual.warnings, expected.warnings, `${what}: warnings`);
  assert.deepEqual(actual.traces, expected.traces, `${what}: traces`);
  assert.deepEqual(actual.invocations, expected.invocations, `${what}: invocations`);
  assert.equal(actual.spans, expected.spans, `${what}: spans`);
}

/** The single-threaded load, then the pool with 1, 2 and 4 workers, each with small ranges and the default size. */
async function assertSameWithWorkers(paths: string[], rangeBytes: number[], extra: LoadOptions & InputLimits = {}): Promise<DatasetDigest> {
  const expected = digestDataset(await loadPaths(paths, extra));
  for (const parseWorkers of [1, 2, 4]) {
    for (const r of rangeBytes) {
      const ds = await loadPaths(paths, { ...extra, parseWorkers, rangeBytes: r });
      sameDigest(digestDataset(ds), expected, `${parseWorkers} worker(s), ranges of ${r} bytes`);
    }
  }
  return expected;
}

const ID = (n: number) => `${String(n).padStart(8, '0')}-2222-3333-4444-555555555555`;

/** Input made to put cuts where reading depends on neighbours: multi-line text records, untimed platform lines, broken and pretty-printed JSON, CRLF, gzip, Zipkin halves in two files, over-long lines. */
function hostileSet(dir: string): void {
  const text: string[] = [];
  for (let i = 0; i < 200; i++) {
    const t = new Date(1_700_000_000_000 + i * 1000).toISOString();
    text.push(`START RequestId: ${ID(i)} Version: $LATEST`); // untimed: takes its neighbours' time
    text.push(`${t}\t${ID(i)}\tINFO\thello ${i} password=hunter${i}`);
    if (i % 3 === 0) {
      text.push(`${t}\t${ID(i)}\tERROR\tError: boom ${i}`, '    at handler (/var/task/index.js:10:5)', '    at run (/var/task/index.js:20:1)', `{"detail": ${i}}`);
    }
    text.push(`END RequestId: ${ID(i)}`);
    text.push(`REPORT RequestId: ${ID(i)}\tDuration: ${i + 1}.50 ms\tBilled Duration: ${i + 2} ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t`);
  }
  writeFileSync(path.join(dir, 'text-fn.log'), text.join('\n') + '\n');
  const events: string[] = [];
  for (let i = 0; i < 600; i++) {
    const ts = 1_700_000_100_000 + i;
    const id = ID(1000 + Math.floor(i / 3));
    const message = i % 3 === 0 ? `START RequestId: ${id} Version: $LATEST` : i % 3 === 1
      ? `${new Date(ts).toISOString()}\t${id}\tINFO\t{"msg":"ok","n":${i},"token":"abc${i}"}` : `REPORT RequestId: ${id}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;
    events.push(JSON.stringify({ timestamp: ts, message, logStreamName: 's', logGroupName: '/aws/lambda/events-fn' }));
    if (i % 47 === 5) events.push(`{"timestamp": ${ts}, "message": "cut sho`); // a broken line: the next resumes records
    if (i % 97 === 3) events.push('');
    if (i === 300) events.push(JSON.stringify({ events: [{ timestamp: ts, message: 'pretty', logStreamName: 's' }] }, null, 2));
  }
  writeFileSync(path.join(dir, 'events.ndjson'), events.join('\n') + '\n');
  writeFileSync(path.join(dir, 'events-crlf.ndjson'), events.slice(0, 200).join('\r\n'));
  writeFileSync(path.join(dir, 'events.ndjson.gz'), gzipSync(events.slice(200, 400).join('\n')));
  writeFileSync(path.join(dir, 'long-lines.ndjson'), events.slice(0, 100).map((l, i) => (i % 10 === 4 ? `{"message":"${'x'.repeat(3000)}"}` : l)).join('\n'));
  const zipkin = (id: string, extra: object) => JSON.stringify([{ traceId: 'aaaaaaaaaaaaaaab', id, name: `op-${id}`, localEndpoint: { serviceName: 'svc' }, ...extra }]);
  mkdirSync(path.join(dir, 'zipkin'));
  writeFileSync(path.join(dir, 'zipkin', 'client.json'), zipkin('0000000000000009', { kind: 'CLIENT', timestamp: 1_700_000_000_000_000, duration: 5000 }));
  writeFileSync(path.join(dir, 'zipkin', 'server.json'), zipkin('0000000000000009', { kind: 'SERVER', shared: true, timestamp: 1_700_000_000_001_000, duration: 3000 }));
}

describe('parallel ingest: parse workers give the single-threaded result', function () {
  this.timeout(300_000);

  it('cuts files only after a newline, and never gzip', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parallel-plan-'));
    const file = path.join(dir, 'a.ndjson');
    writeFileSync(file, 'aaaa\nbbbbbbbb\ncc\ndddddd\n');
    const cuts = await planRanges(file, 4);
    assert.deepEqual(cuts, [0, 5, 14]); // 14 + 4 falls in the last line
    writeFileSync(path.join(dir, 'a.gz'), gzipSync('x\n'.repeat(1000)));
    assert.deepEqual(await planRanges(path.join(dir, 'a.gz'), 4), [0]);
  });

  it('the repository fixtures (fidelity and third-party), whole and cut every 2 KB', async () => {
    const d = await assertSameWithWorkers([FIXTURES], [2048, 1 << 20]);
    assert.ok(d.traces.length > 10, 'the fixtures hold traces');
  });

  it('the bundled sample, cut every 64 KB', async () => {
    const d = await assertSameWithWorkers([SAMPLE], [64 * 1024]);
    assert.ok(d.invocations.length > 100 && d.traces.length > 100);
  });

  it('a generated set, cut every 256 KB', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parallel-gen-'));
    await generateSample({ outDir: dir, traces: 300, large: true, seed: 11, spanSampleRate: 0.5 });
    const d = await assertSameWithWorkers([dir], [256 * 1024]);
    assert.ok(d.invocations.length >= 300);
  });

  it('input whose reading depends on neighbours across a cut, cut every 300 bytes; masking and line limits apply', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parallel-hostile-'));
    hostileSet(dir);
    const d = await assertSameWithWorkers([dir], [300, 4096], { maxLineBytes: 2000 });
    assert.match(d.problems, /line-too-long/);
    assert.match(d.problems, /invalid-json/);
    assert.ok(d.invocations.length >= 400);
  });

  it('a file that cannot be read is named once, as single-threaded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parallel-missing-'));
    hostileSet(dir);
    symlinkSync(path.join(dir, 'nowhere.log'), path.join(dir, 'dangling.log'));
    const d = await assertSameWithWorkers([dir], [1000]);
    assert.match(d.problems, /dangling\.log.*unreadable/);
  });
});
