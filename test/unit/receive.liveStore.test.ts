// The live store's memory budget: the oldest traces and invocations go first, are counted, and a snapshot agrees
// with what is kept (traces, invocations, summary counts, joins).
import { strict as assert } from 'assert';
import type { LogEvent, Span } from '../../src/core/model';
import { LiveStore } from '../../src/core/live/store';

const T0 = Date.UTC(2026, 11, 1, 12);
const traceId = (i: number) => i.toString(16).padStart(32, '0');

function span(i: number, j: number): Span {
  return {
    traceId: traceId(i), spanId: (i * 10 + j + 1).toString(16).padStart(16, '0'), parentSpanId: j === 0 ? undefined : (i * 10 + 1).toString(16).padStart(16, '0'),
    name: j === 0 ? 'handler' : `call ${j}`, service: 'orders', kind: j === 0 ? 'server' : 'client', startMs: T0 + i * 1000 + j, durationMs: 10 - j,
    status: 'ok', attributes: { 'faas.invocation_id': `req-${i}`, n: j }, resourceAttributes: { 'service.name': 'orders', 'faas.name': 'orders' },
    events: [], links: [], exceptions: [], format: 'otlp', origin: { file: 'receiver:otlp-http/v1/traces', line: i },
    ...(j === 0 ? { requestId: `req-${i}`, functionName: 'orders' } : {}),
  };
}

function logs(i: number): LogEvent[] {
  const base = { kind: 'platform' as const, requestId: `req-${i}`, functionName: 'orders', format: 'otlp' as const, origin: { file: 'receiver:otlp-http/v1/logs', line: i } };
  return [
    { ...base, timestampMs: T0 + i * 1000, message: `START RequestId: req-${i}`, platform: { type: 'start' } },
    { ...base, kind: 'app', timestampMs: T0 + i * 1000 + 1, message: `working on ${i}`, traceId: traceId(i) },
    { ...base, timestampMs: T0 + i * 1000 + 9, message: `END RequestId: req-${i}`, platform: { type: 'end' } },
  ];
}

function feed(store: LiveStore, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    for (const e of logs(i)) store.log(e);
    for (let j = 0; j < 3; j++) store.span(span(i, j));
  }
}

describe('receive: live store memory budget', () => {
  it('keeps everything under the budget', () => {
    const store = new LiveStore(10 * 1024 * 1024);
    feed(store, 0, 100);
    const ds = store.snapshot();
    assert.equal(ds.traces.length, 100);
    assert.equal(ds.invocations.length, 100);
    assert.deepEqual(ds.evicted, { traces: 0, invocations: 0, spans: 0, logs: 0 });
  });

  it('past the budget the oldest traces and invocations are evicted, counted, and the snapshot agrees with what is kept', () => {
    const budget = 1024 * 1024;
    const store = new LiveStore(budget);
    feed(store, 0, 5000);
    assert.ok(store.bytes <= budget, `${store.bytes} bytes held, budget ${budget}`);
    const ds = store.snapshot();
    const s = ds.summary();
    assert.ok(ds.evicted.traces > 1000, `evicted ${ds.evicted.traces}`);
    assert.equal(ds.traces.length + ds.evicted.traces, 5000, 'every trace is kept or counted as evicted');
    assert.equal(ds.invocations.length + ds.evicted.invocations, 5000, 'every invocation is kept or counted as evicted');
    assert.equal(s.spans + ds.evicted.spans, 15_000);
    assert.equal(s.logEvents + ds.evicted.logs, 15_000);
    // The newest are kept, the oldest are gone.
    assert.ok(ds.traceById.has(traceId(4999)));
    assert.ok(!ds.traceById.has(traceId(0)));
    assert.ok(ds.invocationByRequestId.has('req-4999'));
    assert.ok(!ds.invocationByRequestId.has('req-0'));
    // Consistent: every kept invocation joins its kept trace; no span points at an evicted trace's parent.
    for (const inv of ds.invocations) assert.ok(ds.traceOf(inv), `invocation ${inv.requestId} joins its trace`);
    assert.equal(s.orphanSpans, 0);
    assert.equal(s.spans, ds.traces.reduce((n, t) => n + t.nodes.length, 0));
    assert.equal(ds.functions.find((f) => f.name === 'orders')?.invocations, ds.invocations.length);
  });

  it('a smaller budget evicts at once; skips are counted in snapshots', () => {
    const store = new LiveStore(64 * 1024 * 1024);
    feed(store, 0, 2000);
    store.skip('invalid-json', { file: 'receiver:xray-udp', line: 3 }, 'bad');
    assert.equal(store.snapshot().evicted.traces, 0);
    store.setBudget(256 * 1024);
    assert.ok(store.bytes <= 256 * 1024);
    const ds = store.snapshot();
    assert.ok(ds.evicted.traces > 0);
    assert.equal(ds.skipped['invalid-json'], 1);
    assert.equal(ds.traces.length + ds.evicted.traces, 2000);
  });
});
