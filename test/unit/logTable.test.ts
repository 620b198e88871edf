// Columnar log lines (issue 14 item 4): the LogTable keeps what the readers emitted, line for line, and the dataset's
// invocations and span nodes give the same lines back as short-lived views.
import { strict as assert } from 'assert';
import * as path from 'path';
import { LocalFilesSource, loadPaths } from '../../src/core/load';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import { LogTable } from '../../src/core/logs/logTable';
import { logCount, rowsOf, someMessage, TableInvocation } from '../../src/core/logs/logLists';
import type { LogEvent, Origin, Span } from '../../src/core/model';
import type { Sink } from '../../src/core/readers/types';
import { parseLambdaMessage } from '../../src/core/readers/lambda';
import { ColumnBatch, ColumnReader, ColumnWriter } from '../../src/core/ingest/recordColumns';
import { canonical } from './datasetDigest';

const ROOT = path.resolve(__dirname, '../../..');
const PATHS = [path.join(ROOT, 'test', 'fixtures'), path.join(ROOT, 'samples', 'data')];

/** Every line the readers emit, as they emit it, next to a builder that stores them as columns. */
async function readRecorded(): Promise<{ lines: LogEvent[]; builder: DatasetBuilder }> {
  const builder = new DatasetBuilder();
  const lines: LogEvent[] = [];
  const sink: Sink = {
    log: (e) => { lines.push({ ...e, origin: { ...e.origin } }); builder.log(e); },
    span: (s: Span) => builder.span(s),
    skip: (r, o: Origin, m) => builder.skip(r, o, m),
  };
  await new LocalFilesSource(PATHS).load(sink);
  return { lines, builder };
}

describe('LogTable: log lines as columns', () => {
  it('gives back every line of the fixtures and the sample exactly as the readers emitted it', async function () {
    this.timeout(120000);
    const { lines, builder } = await readRecorded();
    const table = builder.logTable;
    assert.equal(table.count, lines.length);
    assert.ok(lines.length > 1000, `only ${lines.length} lines read`);
    let platform = 0;
    for (let i = 0; i < lines.length; i++) {
      assert.deepStrictEqual(table.view(i), lines[i], `line ${i} (${lines[i].origin.file}:${lines[i].origin.line})`);
      assert.equal(table.messageAt(i), lines[i].message);
      assert.equal(table.timeAt(i), lines[i].timestampMs);
      assert.deepStrictEqual(table.platformAt(i), lines[i].platform);
      if (lines[i].platform) platform++;
    }
    assert.ok(platform > 100, `only ${platform} platform lines`);
  });

  it('keeps a line of another shape, and a platform record that does not fit the columns, whole', () => {
    const table = new LogTable();
    const odd = { timestampMs: 5, message: 'm', kind: 'app', format: 'otlp', origin: { file: 'f', line: 1 }, extra: 1 } as unknown as LogEvent;
    table.append(odd);
    assert.equal(table.view(0), odd);
    const bad = parseLambdaMessage('REPORT RequestId: 3f5c1d2e-6b8a-4c7d-9e0f-1a2b3c4d5e6f\tDuration: abc ms\t', 1000, {}, 'cloudwatch-event', { file: 'a', line: 2 });
    assert.ok(bad.platform?.invalid, 'the reader names the bad number');
    table.append(bad);
    assert.deepStrictEqual(table.view(1), bad);
    table.setRequestId(0, 'r-1');
    assert.equal(table.requestIdAt(0), 'r-1');
    assert.equal(odd.requestId, 'r-1');
  });

  it('a loaded dataset keeps rows, not lines: views are equal on every read and shared by the invocation\'s span', async function () {
    this.timeout(60000);
    const ds = await loadPaths([path.join(ROOT, 'samples', 'data')]);
    assert.ok(ds.logs, 'the dataset has its table');
    assert.equal(ds.logs.count, ds.logEventCount);
    let rows = 0;
    let shared = 0;
    for (const inv of ds.invocations) {
      assert.ok(inv instanceof TableInvocation);
      rows += logCount(inv);
      const a = inv.logs;
      assert.equal(inv.logs, a, 'the same array while it is held');
      assert.deepStrictEqual(ds.logs.views(rowsOf(inv)), a);
      for (const e of a) assert.equal(e.requestId, inv.requestId);
      const t = ds.traceOf(inv);
      const node = t?.nodes.find((n) => n.invocation === inv);
      if (node) { assert.equal(node.logs, a); shared++; }
      if (a.length > 0) assert.ok(someMessage(inv, (m) => m === a[a.length - 1].message));
    }
    assert.ok(shared > 0, 'some invocation joined its span');
    assert.ok(rows <= ds.logEventCount && rows > ds.logEventCount / 2, `${rows} of ${ds.logEventCount} lines in invocations`);
  });

  it('a parse worker\'s batches give the same lines into a LogTable as columns and, call by call, into any other sink', async function () {
    this.timeout(120000);
    const { lines } = await readRecorded();
    const batches: ColumnBatch[] = [];
    const writer = new ColumnWriter((b) => batches.push(b), 500);
    for (const e of lines) writer.log({ ...e, origin: { ...e.origin } });
    writer.flush();
    const replayed: LogEvent[] = [];
    const plain: Sink = { log: (e) => replayed.push(e), span: () => undefined, skip: () => undefined };
    const builder = new DatasetBuilder();
    const intoPlain = new ColumnReader();
    const intoTable = new ColumnReader();
    for (const b of batches) {
      intoPlain.replay(b, plain);
      intoTable.replay(b, builder);
    }
    assert.equal(replayed.length, lines.length);
    assert.equal(builder.logTable.count, lines.length);
    for (let i = 0; i < lines.length; i++) {
      const want = canonical(lines[i]);
      assert.equal(canonical(replayed[i]), want, `replayed line ${i}`);
      assert.equal(canonical(builder.logTable.view(i)), want, `table line ${i}`);
    }
  });
});
