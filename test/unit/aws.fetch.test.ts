// CloudWatchSource with the real SDK over HTTP to the loopback server: faults, throttling, cancellation.
import { strict as assert } from 'assert';
import { CloudWatchSource } from '../../src/core/aws';
import type { RawEvent } from '../../src/core/aws';
import { allEvents, startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

const START = Date.UTC(2026, 10, 20, 10, 0, 0);

function recorder() {
  const seen = new Map<string, number>();
  return {
    seen,
    onEvents: (_g: string, events: RawEvent[]) => { for (const e of events) seen.set(e.eventId!, (seen.get(e.eventId!) ?? 0) + 1); },
  };
}

describe('aws: CloudWatchSource over the loopback endpoint', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  afterEach(async () => { await server?.close(); });

  it('fetches every served event exactly once under 20% injected faults', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha', '/aws/lambda/beta'], eventsPerGroup: 6000, startMs: START, stepMs: 100 });
    server = await startLoopback({ dataset: ds, unlimited: true, faults: { error: 0.06, reset: 0.05, slow: 0.04, slowMs: 150, malformed: 0.05, seed: 7 } });
    const rec = recorder();
    const sink = collectingSink();
    const src = new CloudWatchSource({ ...testConnection(server), maxAttempts: 3, logGroups: ['/aws/lambda/alpha', '/aws/lambda/beta'], startMs: START, endMs: START + 600_000, pageLimit: 500, onEvents: rec.onEvents });
    await src.load(sink);
    const expected = allEvents(ds);
    assert.equal(rec.seen.size, expected.length);
    for (const e of expected) assert.equal(rec.seen.get(e.eventId), 1, `event ${e.eventId} fetched ${rec.seen.get(e.eventId) ?? 0} times`);
    assert.equal(sink.logs.length, expected.length, 'every event reaches the readers as one log event');
    assert.deepEqual(sink.skips, []);
    const faulted = server.log.filter((r) => r.outcome !== 'ok').length;
    const ratio = faulted / server.log.length;
    assert.ok(ratio > 0.1 && ratio < 0.35, `faults injected on ${(ratio * 100).toFixed(0)}% of requests`);
  });

  it('throttling slows the fetch but loses nothing', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha'], eventsPerGroup: 8000, startMs: START, stepMs: 50 });
    // A quota of 10 TPS on the server, a client that paces at 40: the SDK's adaptive retry has to back off.
    server = await startLoopback({ dataset: ds, rates: { FilterLogEvents: 10 } });
    const rec = recorder();
    const t0 = performance.now();
    const src = new CloudWatchSource({ ...testConnection(server), tps: 40, concurrency: 6, maxAttempts: 10, logGroups: ['/aws/lambda/alpha'], startMs: START, endMs: START + 400_000, pageLimit: 250, onEvents: rec.onEvents });
    await src.load(collectingSink());
    const elapsed = performance.now() - t0;
    const throttled = server.log.filter((r) => r.outcome === 'throttled').length;
    const ok = server.log.filter((r) => r.outcome === 'ok').length;
    assert.ok(throttled > 0, 'the server throttled some requests');
    assert.equal(rec.seen.size, 8000);
    assert.ok([...rec.seen.values()].every((n) => n === 1), 'no event twice');
    // ok pages at 10 TPS (a burst of 10 allowed): the fetch cannot have been faster than the quota.
    assert.ok(elapsed >= ((ok - 10) / 10) * 1000 - 200, `elapsed ${elapsed.toFixed(0)} ms for ${ok} pages`);
  });

  it('cancel stops all requests within 1 s', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha', '/aws/lambda/beta'], eventsPerGroup: 200_000, startMs: START, stepMs: 5 });
    // Slow answers keep requests in flight at the moment of the abort.
    server = await startLoopback({ dataset: ds, unlimited: true, faults: { slow: 0.5, slowMs: 3000, seed: 3 } });
    const abort = new AbortController();
    const src = new CloudWatchSource({ ...testConnection(server, { requestTimeoutMs: 10_000 }), tps: 20, logGroups: ['/aws/lambda/alpha', '/aws/lambda/beta'], startMs: START, endMs: START + 1_000_000, pageLimit: 200 });
    const done = src.load(collectingSink(), { signal: abort.signal });
    await new Promise((r) => setTimeout(r, 800));
    const before = server.log.length;
    assert.ok(before > 0, 'requests were made before the cancel');
    const abortedAt = performance.now();
    abort.abort();
    await done;
    const settled = performance.now() - abortedAt;
    assert.ok(settled < 1000, `load settled ${settled.toFixed(0)} ms after the cancel`);
    await new Promise((r) => setTimeout(r, 1200));
    const late = server.log.filter((r) => r.at > abortedAt + 50).length;
    assert.equal(late, 0, `${late} request(s) arrived after the cancel`);
  });
});
