// XRaySource: GetTraceSummaries pages, then BatchGetTraces in batches of the API maximum (5 ids).
import { strict as assert } from 'assert';
import * as path from 'path';
import { XRaySource } from '../../src/core/aws';
import { datasetFromDir, startLoopback } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');

describe('aws: X-Ray', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  afterEach(async () => { await server?.close(); });

  it('fetches every trace in batches of at most 5 ids', async () => {
    const ds = datasetFromDir(SAMPLE);
    server = await startLoopback({ dataset: ds, unlimited: true, faults: { error: 0.1, malformed: 0.05, seed: 11 } });
    const sink = collectingSink();
    const src = new XRaySource({ ...testConnection(server), startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 21) });
    await src.load(sink);
    const batches = server.xray.batches;
    assert.ok(batches.every((b) => b.length >= 1 && b.length <= 5));
    const unique = new Set(batches.flat());
    assert.equal(unique.size, ds.traces.length);
    assert.equal(src.stats.traces, ds.traces.length);
    assert.ok(server.count('GetTraceSummaries') >= 2, 'summaries were paged');
    assert.ok(sink.spans.length > 0);
    const traceIds = new Set(sink.spans.map((s) => s.traceId));
    assert.equal(traceIds.size, ds.traces.length);
    // The same fetch without faults gives the same spans, and retries never deliver a span twice.
    const keys = sink.spans.map((s) => `${s.traceId}/${s.spanId}`);
    assert.equal(new Set(keys).size, keys.length, 'no span delivered twice');
    server.setFaults(undefined);
    const clean = collectingSink();
    await new XRaySource({ ...testConnection(server), startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 21) }).load(clean);
    assert.equal(sink.spans.length, clean.spans.length);
    assert.ok(server.log.some((r) => r.outcome === 'error') && server.log.some((r) => r.outcome === 'malformed'), 'faults were injected');
  });

  it('keeps to a filter expression', async () => {
    const ds = datasetFromDir(SAMPLE);
    server = await startLoopback({ dataset: ds, unlimited: true });
    const src = new XRaySource({ ...testConnection(server), startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 21), filterExpression: 'duration > 1' });
    await src.load(collectingSink());
    const slow = ds.traces.filter((t) => (t.Duration ?? 0) > 1).length;
    assert.ok(slow > 0 && slow < ds.traces.length);
    assert.equal(src.stats.traces, slow);
  });
});
