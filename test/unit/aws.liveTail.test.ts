// Live tail falls back to polling on endpoints without StartLiveTail (the loopback server): new events arrive once.
import { strict as assert } from 'assert';
import { LiveTail } from '../../src/core/aws';
import type { RawEvent } from '../../src/core/aws';
import { ArrayStore, startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer, LoopEvent } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

describe('aws: live tail (polling fallback)', function () {
  this.timeout(30_000);
  let server: LoopbackServer;
  afterEach(async () => { await server?.close(); });

  it('delivers events written after the start, each once, and stops on request', async () => {
    const now = Date.now();
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha'], eventsPerGroup: 0, startMs: now, stepMs: 1 });
    const store = new ArrayStore([{ timestamp: now - 60_000, message: 'old line', logStreamName: 's', ingestionTime: now - 60_000, eventId: 'old' }]);
    ds.groups.get('/aws/lambda/alpha')!.store = store;
    server = await startLoopback({ dataset: ds, unlimited: true });
    const got: RawEvent[] = [];
    const tail = new LiveTail({ ...testConnection(server), logGroups: ['/aws/lambda/alpha'], pollMs: 50, startMs: now, onEvents: (_g, e) => got.push(...e) });
    tail.start(collectingSink());
    const add = (i: number): LoopEvent => ({ timestamp: Date.now(), message: `new line ${i}`, logStreamName: 's', ingestionTime: Date.now(), eventId: `n${i}` });
    for (let i = 0; i < 5; i++) {
      store.append([add(i)]);
      await new Promise((r) => setTimeout(r, 120));
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(tail.mode, 'poll');
    await tail.stop();
    const stoppedAt = performance.now();
    assert.deepEqual(got.map((e) => e.eventId), ['n0', 'n1', 'n2', 'n3', 'n4']);
    await new Promise((r) => setTimeout(r, 300));
    // A request already on the wire when stop() returned may still be read by the server a moment later.
    const late = server.log.filter((r) => r.at > stoppedAt + 50);
    assert.equal(late.length, 0, `no polling after stop: ${JSON.stringify(late.map((r) => [r.at - stoppedAt, r.outcome, r.body.startTime]))} of ${server.log.length}`);
  });
});
