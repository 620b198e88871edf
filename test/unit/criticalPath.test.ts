import * as assert from 'assert';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import { criticalPath } from '../../src/core/trace/criticalPath';
import { TraceRows } from '../../src/extension/explorer/logic/traceRows';
import { makeTrace, SpanSpec } from './explorer.fixtures';

const SAMPLE = path.resolve(__dirname, '..', '..', '..', 'samples', 'data');
const s = (id: string, parent: string | undefined, start: number, dur: number): SpanSpec => ({ id, parent, start, dur });
const ids = (spec: SpanSpec[]) => criticalPath(makeTrace(spec)).map((n) => n.span.spanId);

describe('critical path with asynchronous children (docs/critical-path.md)', () => {
  it('synchronous tree: Jaeger\'s walk back from the end, overlapping siblings skipped', () => {
    // root 0-100: a 0-40 then b 30-90 (overlaps a), c 92-98 last.
    assert.deepStrictEqual(ids([s('root', undefined, 0, 100), s('a', 'root', 0, 40), s('b', 'root', 30, 60), s('c', 'root', 92, 6)]), ['root', 'b', 'c']);
    // Sequential children back to back: all on the path.
    assert.deepStrictEqual(ids([s('root', undefined, 0, 30), s('a', 'root', 0, 10), s('b', 'root', 10, 10), s('c', 'root', 20, 10)]), ['root', 'a', 'b', 'c']);
  });

  it('fire-and-forget: the consumer that runs after its parent returned holds the trace open and is on the path', () => {
    // api 0-50 sends a message (send 10-15) and then writes (db 20-45); the consumer runs 200-300.
    const spec = [s('api', undefined, 0, 50), s('send', 'api', 10, 5), s('consumer', 'send', 200, 100), s('work', 'consumer', 210, 80), s('db', 'api', 20, 25)];
    // The trace completes at 300 because of the consumer; the db write did not delay it (the message left at 15).
    assert.deepStrictEqual(ids(spec), ['api', 'send', 'consumer', 'work']);
    // Jaeger's walk (children ending inside the parent only) would end at the api's own end: db, not the consumer.
  });

  it('SNS fan-out: of the consumers the one finishing last is on the path; the others did not hold it up', () => {
    const spec = [s('publish', undefined, 0, 10), s('email', 'publish', 30, 50), s('sms', 'publish', 40, 200), s('audit', 'publish', 20, 5)];
    // audit ended before sms started, but the topic delivered both after publish returned: audit did not delay sms.
    assert.deepStrictEqual(ids(spec), ['publish', 'sms']);
  });

  it('a child whose async work ends later is on the path through its own synchronous part only', () => {
    // orders 0-100: send-a 10-20 (its consumer runs 500-600: the trace ends there), send-b 25-35 (consumer 40-90),
    // put 40-95 inside orders. Walking back from 600: send-a's consumer; then before send-a (10) nothing.
    assert.deepStrictEqual(ids([s('orders', undefined, 0, 100), s('send-a', 'orders', 10, 10), s('ca', 'send-a', 500, 100),
      s('send-b', 'orders', 2, 6), s('cb', 'send-b', 300, 100)]), ['orders', 'send-b', 'send-a', 'ca']);
    // send-b's consumer (300-400) ended before the trace did but after send-a started: send-b is on the path through
    // its own part (2-8), and its consumer is not.
  });

  it('orders spans and shows them flagged in the timeline rows; the sample\'s queue consumers are on the path', async () => {
    const ds = await loadPaths([SAMPLE]);
    // A POST /orders trace where billing (via SQS) ends last, well after the API returned.
    const t = ds.traces.find((x) => x.nodes.length === 11 && x.nodes.some((n) => n.span.service === 'shop-billing')
      && x.roots[0].span.startMs + x.roots[0].span.durationMs < Math.max(...x.nodes.map((n) => n.span.startMs + n.span.durationMs)) - 100)!;
    assert.ok(t, 'a fan-out trace in the sample');
    const onPath = criticalPath(t).map((n) => `${n.span.service}/${n.span.name}`);
    const last = [...t.nodes].sort((a, b) => (b.span.startMs + b.span.durationMs) - (a.span.startMs + a.span.durationMs))[0];
    // The span that ends last is on the path, and so is every ancestor of it.
    for (let n: typeof last | undefined = last; n; n = t.nodes.find((p) => p.children.includes(n!))) assert.ok(criticalPath(t).includes(n), `${n.span.name} on the path: ${onPath.join(', ')}`);
    assert.ok(onPath.includes('shop-billing/shop-billing'), onPath.join(', '));
    const rows = new TraceRows(t);
    assert.deepStrictEqual([...rows.criticalPath].map((n) => n.span.spanId).sort(), criticalPath(t).map((n) => n.span.spanId).sort());
  });

  it('a wide fan-out (100,000 children) is walked without quadratic work', () => {
    const spec: SpanSpec[] = [s('root', undefined, 0, 1_000_000)];
    for (let i = 0; i < 100_000; i++) spec.push(s(`c${i}`, 'root', i * 10, 5 + (i % 5)));
    const t = makeTrace(spec);
    const t0 = performance.now();
    const p = criticalPath(t);
    // Quadratic work over 100,000 children would take minutes; linear-log takes well under a second on an idle machine.
    assert.ok(performance.now() - t0 < 5000, `${Math.round(performance.now() - t0)} ms`);
    assert.strictEqual(p.length, 1 + 100_000); // sequential, none overlapping: every child is on the path
  });
});
