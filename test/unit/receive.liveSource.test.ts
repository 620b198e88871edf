// The Local source (core/receive/liveSource.ts): a receiver's batches stream into shown snapshots (masked, marked
// local, bounded), and the load resolves with what was kept once the receiver stops.
import { strict as assert } from 'assert';
import type { Dataset } from '../../src/core/dataset';
import { Receiver } from '../../src/core/receive';
import type { LiveDataset } from '../../src/core/live/store';
import { LocalSource } from '../../src/core/receive/liveSource';
import { post, waitFor } from './receive.helpers';

const request = (traceId: string, secret = 'x') => JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans: [
  { traceId, spanId: '00f067aa0ba902b7', name: 'root', kind: 2, startTimeUnixNano: '1764640000000000000', endTimeUnixNano: '1764640000009000000', attributes: [{ key: 'password', value: { stringValue: secret } }] },
] }] }] });

describe('receive: the Local source', function () {
  this.timeout(20_000);

  it('streams each batch into a shown snapshot, masked and marked local; resolves with the kept data on stop', async () => {
    const receiver = new Receiver({ otlp: { host: '127.0.0.1', port: 0 }, onBatch: () => ({ rejected: 0, message: '' }) });
    await receiver.start();
    try {
      const source = new LocalSource(receiver, 64 * 1024 * 1024, {});
      const shown: Dataset[] = [];
      const loading = source.load(new AbortController().signal, (d) => shown.push(d));
      const url = `http://127.0.0.1:${receiver.otlpAddress!.port}/v1/traces`;
      assert.equal((await post(url, request('0af7651916cd43dd8448eb211c80319c', 'hunter2hunter2'), { 'Content-Type': 'application/json' })).status, 200);
      await waitFor(() => shown.some((d) => d.traces.length === 1), 5000, 'the first trace shown');
      assert.equal((await post(url, request('0af7651916cd43dd8448eb211c80319d'), { 'Content-Type': 'application/json' })).status, 200);
      await waitFor(() => shown.some((d) => d.traces.length === 2), 5000, 'the second trace shown, without a reload');
      const span = shown[shown.length - 1].spans[0];
      assert.equal(span.attributes['explorer.source'], 'local');
      assert.notEqual(span.attributes.password, 'hunter2hunter2', 'masked like every other source');
      source.stop();
      const final = (await loading) as LiveDataset;
      assert.equal(final.traces.length, 2);
      assert.deepEqual(final.evicted, { traces: 0, invocations: 0, spans: 0, logs: 0 });
    } finally {
      await receiver.stop();
    }
  });
});
