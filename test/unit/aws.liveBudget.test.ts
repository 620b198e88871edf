// Live tail keeps what fits the live memory budget (traceExplorer.live.memoryBudgetMb), as the local receiver does:
// the oldest invocations go first and are counted, the newest are kept. AwsData as the engine runs it, against the
// loopback CloudWatch Logs server (StartLiveTail stream).
import { strict as assert } from 'assert';
import { AwsData } from '../../src/extension/aws/awsData';
import type { LiveDataset } from '../../src/core/live/store';
import { ArrayStore, startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer, LoopEvent } from '../support/awsLoopback';
import { testConnection } from '../support/awsLoopback/testUtil';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GROUP = '/aws/lambda/alpha';

function invocation(i: number, at: number): LoopEvent[] {
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const line = (ms: number, message: string, n: number): LoopEvent => ({ timestamp: at + ms, message, logStreamName: 's', ingestionTime: at + ms, eventId: `${id}-${n}` });
  return [
    line(0, `START RequestId: ${id} Version: $LATEST\n`, 0),
    line(1, `${new Date(at + 1).toISOString()}\t${id}\tINFO\t${'work '.repeat(200)}\n`, 1),
    line(9, `END RequestId: ${id}\n`, 2),
    line(9, `REPORT RequestId: ${id}\tDuration: 8.00 ms\tBilled Duration: 8 ms\tMemory Size: 128 MB\tMax Memory Used: 50 MB\t\n`, 3),
  ];
}

describe('aws: live tail within the memory budget', function () {
  this.timeout(60_000);
  let server: LoopbackServer | undefined;
  after(async () => { await server?.close(); });

  it('evicts the oldest invocations past the budget, counts them, and keeps the newest', async () => {
    const now = Date.now();
    const ds = syntheticDataset({ groups: [GROUP], eventsPerGroup: 0, startMs: now, stepMs: 1 });
    const store = new ArrayStore([]);
    ds.groups.get(GROUP)!.store = store;
    server = await startLoopback({ dataset: ds, unlimited: true, liveTickMs: 50 });
    const shown: LiveDataset[] = [];
    const data = new AwsData({ ...testConnection(server), logGroups: [GROUP], spans: false, xray: false, startMs: now - 60_000, endMs: now, live: true, budgetBytes: 256 * 1024 });
    const loading = data.load(new AbortController().signal, (d) => shown.push(d as LiveDataset));
    for (let i = 0; i < 100 && server.count('StartLiveTail') === 0; i++) await sleep(20);
    await sleep(200);
    // Each batch's times end before the next batch's begin: the loopback keeps a group's events sorted by time and
    // its Live Tail stream sends the ones past the last index it sent, so an earlier-timed late event would be skipped.
    const total = 200;
    for (let i = 0; i < total; i += 20) {
      store.append(Array.from({ length: 20 }, (_, k) => invocation(i + k, Date.now() + k * 10)).flat());
      await sleep(200);
    }
    await sleep(2500); // the tail shows what arrived every 2 s
    data.stopLive();
    const last = (await loading) as LiveDataset;
    assert.ok(shown.length > 0, 'the tail showed snapshots while it ran');
    assert.ok(last.evicted.invocations > 0, `evicted ${JSON.stringify(last.evicted)}`);
    assert.equal(last.invocations.length + last.evicted.invocations, total, `every invocation is either kept or counted as evicted: kept ${last.invocations.length}, evicted ${JSON.stringify(last.evicted)}`);
    const kept = new Set(last.invocations.map((i) => Number(i.requestId.slice(-12))));
    assert.ok(kept.has(total - 1), 'the newest invocation is kept');
    assert.ok(!kept.has(0), 'the oldest went first');
  });
});
