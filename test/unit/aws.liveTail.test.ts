// Live tail: StartLiveTail's event stream where the endpoint has it (the loopback does), polling FilterLogEvents
// otherwise. New events arrive once; stop ends all traffic.
import { strict as assert } from 'assert';
import { LiveTail } from '../../src/core/aws';
import type { RawEvent } from '../../src/core/aws';
import { ArrayStore, startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer, LoopEvent } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('aws: live tail', function () {
  this.timeout(30_000);
  let server: LoopbackServer;
  let store: ArrayStore;
  afterEach(async () => { await server?.close(); });

  async function setup(): Promise<number> {
    const now = Date.now();
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha'], eventsPerGroup: 0, startMs: now, stepMs: 1 });
    store = new ArrayStore([{ timestamp: now - 60_000, message: 'old line', logStreamName: 's', ingestionTime: now - 60_000, eventId: 'old' }]);
    ds.groups.get('/aws/lambda/alpha')!.store = store;
    server = await startLoopback({ dataset: ds, unlimited: true, liveTickMs: 50 });
    return now;
  }
  const add = (i: number): LoopEvent => ({ timestamp: Date.now(), message: `new line ${i}`, logStreamName: 's', ingestionTime: Date.now(), eventId: `n${i}` });

  for (const mode of ['stream', 'poll'] as const) {
    it(`${mode}: delivers events written after the start, each once, and stops on request`, async () => {
      const now = await setup();
      const got: RawEvent[] = [];
      const sink = collectingSink();
      const tail = new LiveTail({ ...testConnection(server), logGroups: ['/aws/lambda/alpha'], pollMs: 50, startMs: now, forcePolling: mode === 'poll', onEvents: (_g, e) => got.push(...e) });
      tail.start(sink);
      if (mode === 'stream') {
        // Live Tail sends what arrives after the session started.
        for (let i = 0; i < 100 && server.count('StartLiveTail') === 0; i++) await sleep(20);
        await sleep(100);
      }
      for (let i = 0; i < 5; i++) {
        store.append([add(i)]);
        await sleep(120);
      }
      await sleep(200);
      assert.equal(tail.mode, mode);
      await tail.stop();
      const stoppedAt = performance.now();
      assert.deepEqual(got.map((e) => e.message), ['new line 0', 'new line 1', 'new line 2', 'new line 3', 'new line 4']);
      assert.equal(sink.logs.length, 5);
      await sleep(300);
      // A request already on the wire when stop() returned may still be read by the server a moment later.
      const late = server.log.filter((r) => r.at > stoppedAt + 50);
      assert.equal(late.length, 0, `no traffic after stop: ${JSON.stringify(late.map((r) => [r.op, r.at - stoppedAt]))}`);
      if (mode === 'stream') assert.equal(server.count('FilterLogEvents'), 0, 'the stream needs no polling');
    });
  }

  it('under injected faults (cut streams, bad frames, 5xx, cut JSON): every event once, none lost', async () => {
    const now = await setup();
    server.setFaults({ reset: 0.15, malformed: 0.1, error: 0.1, seed: 23 });
    const got: RawEvent[] = [];
    const sink = collectingSink();
    const tail = new LiveTail({ ...testConnection(server), logGroups: ['/aws/lambda/alpha'], pollMs: 50, startMs: now, onEvents: (_g, e) => got.push(...e) });
    tail.start(sink);
    for (let i = 0; i < 100 && server.count('StartLiveTail') === 0; i++) await sleep(20);
    await sleep(100);
    for (let i = 0; i < 30; i++) {
      store.append([add(i)]);
      await sleep(40);
    }
    for (let i = 0; i < 100 && got.length < 30; i++) await sleep(50);
    await tail.stop();
    const messages = got.map((e) => e.message);
    assert.equal(new Set(messages).size, messages.length, 'no event delivered twice');
    assert.deepEqual([...messages].sort(), Array.from({ length: 30 }, (_, i) => `new line ${i}`).sort());
    assert.equal(sink.logs.length, 30);
    // The seed cuts the first stream: the rest came by polling (itself under faults) without repeats.
    assert.ok(server.streamFaults.length > 0, 'a stream was cut');
    assert.ok(server.count('FilterLogEvents') > 0, 'polling took over after the cut');
    assert.ok(server.log.some((r) => r.op === 'FilterLogEvents' && r.outcome !== 'ok'), 'polling met faults too');
  });
});
