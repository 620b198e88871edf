// Logs Insights over the loopback endpoint: results capped at 10,000 rows are split by time until complete; the
// slowest invocations found server-side, then only their logs fetched.
import { strict as assert } from 'assert';
import { InvocationsSource, runInsights, slowestInvocations } from '../../src/core/aws';
import * as fs from 'fs';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import { toXrayTraceId } from '../../src/core/ids';
import { allEvents, datasetFromDir, startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

const START = Date.UTC(2026, 10, 20, 10, 0, 0);

function reportDurations(messages: string[]): { rid: string; ms: number }[] {
  return messages.map((m) => /^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms/.exec(m)).filter((m): m is RegExpExecArray => !!m).map((m) => ({ rid: m[1], ms: Number(m[2]) }));
}

describe('aws: Logs Insights', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  afterEach(async () => { await server?.close(); });

  it('splits the time range when a result hits the 10,000-row cap and returns every row once', async () => {
    // 25,000 invocations -> 25,000 REPORT lines over 1,000 s.
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha'], eventsPerGroup: 100_000, startMs: START, stepMs: 10 });
    server = await startLoopback({ dataset: ds, unlimited: true, insights: { runMs: 20 } });
    const res = await runInsights(testConnection(server), {
      logGroups: ['/aws/lambda/alpha'], startMs: START, endMs: START + 1_000_000, pollMs: 20,
      queryString: 'fields @timestamp, @requestId, @duration | filter @type = "REPORT"',
    });
    const ids = new Set(res.rows.map((r) => r['@requestId']));
    assert.equal(res.rows.length, 25_000);
    assert.equal(ids.size, 25_000);
    const started = server.logs.insights.started;
    assert.ok(started.some((q) => q.rows === 10_000), 'at least one query was capped');
    assert.ok(started.filter((q) => q.rows < 10_000).reduce((n, q) => n + q.rows, 0) === 25_000, 'the uncapped leaves hold every row');
    assert.deepEqual(res.cappedRanges, []);
  });

  it('never runs more queries at once than the concurrency allows', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha'], eventsPerGroup: 100_000, startMs: START, stepMs: 10 });
    server = await startLoopback({ dataset: ds, unlimited: true, insights: { runMs: 20, maxConcurrent: 2 } });
    const res = await runInsights(testConnection(server), {
      logGroups: ['/aws/lambda/alpha'], startMs: START, endMs: START + 1_000_000, pollMs: 20, concurrency: 2,
      queryString: 'fields @timestamp, @requestId | filter @type = "REPORT"',
    });
    assert.equal(res.rows.length, 25_000);
    assert.equal(server.log.filter((r) => r.op === 'StartQuery' && r.outcome !== 'ok').length, 0, 'no LimitExceededException');
  });

  it('finds the slowest invocations server-side, then fetches only their logs', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha', '/aws/lambda/beta'], eventsPerGroup: 4000, startMs: START, stepMs: 50 });
    server = await startLoopback({ dataset: ds, unlimited: true, insights: { runMs: 20 } });
    const conn = testConnection(server);
    const top = await slowestInvocations(conn, { logGroups: ['/aws/lambda/alpha', '/aws/lambda/beta'], startMs: START, endMs: START + 200_000, top: 5, pollMs: 20 });
    const expected = reportDurations(allEvents(ds).map((e) => e.message)).sort((a, b) => b.ms - a.ms).slice(0, 5);
    assert.deepEqual(top.map((t) => t.requestId), expected.map((e) => e.rid));

    const sink = collectingSink();
    server.resetCounts();
    await new InvocationsSource({ ...conn, invocations: top }).load(sink);
    assert.equal(server.count('FilterLogEvents'), 0);
    assert.ok(server.count('GetLogEvents') >= 5);
    // 4 lines per invocation (START, app line, END, REPORT), nothing else.
    assert.equal(sink.logs.length, 20);
    const rids = new Set(top.map((t) => t.requestId));
    assert.ok(sink.logs.every((l) => [...rids].some((r) => l.message.includes(r))));
  });
  it('under injected faults (5xx, resets, cut JSON, slow answers) finds the same slowest invocations and fetches their logs once', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha', '/aws/lambda/beta'], eventsPerGroup: 4000, startMs: START, stepMs: 50 });
    server = await startLoopback({ dataset: ds, unlimited: true, insights: { runMs: 20 }, faults: { error: 0.1, reset: 0.05, malformed: 0.05, slow: 0.05, slowMs: 100, seed: 19 } });
    const conn = testConnection(server);
    const top = await slowestInvocations(conn, { logGroups: ['/aws/lambda/alpha', '/aws/lambda/beta'], startMs: START, endMs: START + 200_000, top: 5, pollMs: 20 });
    const expected = reportDurations(allEvents(ds).map((e) => e.message)).sort((a, b) => b.ms - a.ms).slice(0, 5);
    assert.deepEqual(top.map((t) => t.requestId), expected.map((e) => e.rid));
    const sink = collectingSink();
    await new InvocationsSource({ ...conn, invocations: top }).load(sink);
    const lines = sink.logs.map((l) => `${l.logStream}|${l.timestampMs}|${l.message}`);
    assert.equal(lines.length, 20, '4 lines per invocation');
    assert.equal(new Set(lines).size, 20, 'no line delivered twice');
    const outcomes = new Set(server.log.map((r) => r.outcome));
    assert.ok(outcomes.has('error') && outcomes.has('malformed'), `faults were injected: ${[...outcomes].join(', ')}`);
  });

  it('finds the slowest invocations of text and JSON-format (platform.report) log groups alike', async function () {
    const sample = path.resolve(__dirname, '..', '..', '..', 'samples', 'data');
    if (!fs.existsSync(path.join(sample, 'logs'))) this.skip();
    const local = await loadPaths([sample]);
    server = await startLoopback({ dataset: datasetFromDir(sample), unlimited: true, insights: { runMs: 5 } });
    // shop-notifications logs in the JSON format from 10:15 on: its slowest must be found too.
    const fn = 'shop-notifications';
    const mine = local.invocations.filter((i) => i.functionName === fn && i.durationMs !== undefined);
    assert.ok(mine.length > 100);
    const top = await slowestInvocations(testConnection(server), {
      logGroups: [`/aws/lambda/${fn}`], startMs: mine[0].startMs - 60_000, endMs: mine[mine.length - 1].endMs + 60_000, top: 10, pollMs: 10,
    });
    const want = [...mine].sort((a, b) => b.durationMs! - a.durationMs!).slice(0, 10);
    assert.deepEqual(top.map((t) => t.requestId), want.map((i) => i.requestId));
    assert.deepEqual(top.map((t) => t.durationMs), want.map((i) => i.durationMs));
    assert.ok(top.every((t) => t.xrayTraceId && /^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(t.xrayTraceId)), 'the X-Ray trace id, not the whole header');
    const byRid = new Map(mine.map((i) => [i.requestId, i]));
    for (const t of top) assert.equal(t.xrayTraceId, toXrayTraceId(byRid.get(t.requestId)!.traceId!));
    assert.ok(want.some((i) => i.startMs >= Date.UTC(2026, 10, 20, 10, 15)), 'the slowest include JSON-format invocations');
  });
});
