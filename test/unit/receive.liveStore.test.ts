// The live store's memory budget: the oldest traces and invocations go first, are counted, and a snapshot agrees
// with what is kept (traces, invocations, summary counts, joins).
import { strict as assert } from 'assert';
import type { LogEvent, Span } from '../../src/core/model';
import { LiveStore } from '../../src/core/live/store';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import { digestDataset } from './datasetDigest';

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

  it('spans only: a snapshot builds again only the traces that got spans, and equals a whole build of what is kept', () => {
    const store = new LiveStore(64 * 1024 * 1024);
    const fresh = (from: number, to: number, j0 = 0, j1 = 3) => { for (let i = from; i < to; i++) for (let j = j0; j < j1; j++) store.span(span(i, j)); };
    fresh(0, 50, 0, 2);
    const first = store.snapshot();
    fresh(50, 60, 0, 3);
    fresh(0, 1, 2, 3); // trace 0 gets its third span
    store.span({ ...span(5, 1) }); // a repeat of a span already kept: merged, counted
    const second = store.snapshot();
    assert.strictEqual(second.traces.length, 60);
    assert.strictEqual(second.traceById.get(traceId(1)), first.traceById.get(traceId(1)), 'an unchanged trace is handed out again');
    assert.notStrictEqual(second.traceById.get(traceId(0)), first.traceById.get(traceId(0)), 'a trace that got a span is built again');
    assert.strictEqual(second.traceById.get(traceId(0))!.nodes.length, 3);
    assert.notStrictEqual(second.traceById.get(traceId(5)), first.traceById.get(traceId(5)));
    // The same spans through one builder, as the store keeps them (grouped by trace, in arrival order).
    const whole = new DatasetBuilder();
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < (i === 0 || i >= 50 ? 3 : 2); j++) whole.span(span(i, j));
      if (i === 5) whole.span(span(5, 1));
    }
    // The same everything; the spans list may be in another order (a trace's later spans are appended).
    const wholeDs = whole.build();
    const bySpan = (ds: { spans: { traceId: string; spanId: string }[] }) => ds.spans.map((x) => `${x.traceId}/${x.spanId}`).sort();
    assert.deepStrictEqual(bySpan(second), bySpan(wholeDs));
    assert.deepStrictEqual({ ...digestDataset(second), spans: '' }, { ...digestDataset(wholeDs), spans: '' });
    // Evicting makes the next snapshot assemble every kept trace again: still the same as a whole build of what is kept.
    store.setBudget(store.bytes * 0.5);
    const third = store.snapshot();
    assert.ok(third.evicted.traces > 0);
    const kept = new DatasetBuilder();
    for (const t of third.traces) for (const n of t.nodes) kept.span({ ...n.span });
    assert.strictEqual(third.traces.length, kept.build().traces.length);
    assert.strictEqual(third.spans.length, third.traces.reduce((n, t) => n + t.nodes.length, 0));
    assert.strictEqual(third.traceById.get(traceId(0)), undefined, 'the oldest trace went first');
    assert.strictEqual(second.summary().duplicateSpans, 1);
  });
});
