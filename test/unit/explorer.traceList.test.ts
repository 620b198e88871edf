import * as assert from 'assert';
import { parseFilter } from '../../src/extension/explorer/logic/traceFilter';
import { TraceList } from '../../src/extension/explorer/logic/traceList';
import type { Trace } from '../../src/core/model';
import { makeInvocation, makeTrace } from './explorer.fixtures';

function traces(): Trace[] {
  const mk = (id: string, start: number, dur: number, fn: string, errors: number, cold = false) => {
    const t = makeTrace([{ id: `${id}-root`, name: `GET /${id}`, service: `svc-${id}`, start, dur, fn, status: errors ? 'error' : 'ok', invocation: makeInvocation({ functionName: fn, coldStart: cold }) }], id.padStart(32, '0'));
    return { ...t, errorCount: errors };
  };
  return [mk('a', 0, 50, 'orders', 0), mk('b', 10, 500, 'billing', 2, true), mk('c', 20, 5, 'orders', 1), mk('d', 30, 1500, 'notify', 0)];
}

describe('explorer trace list (sort, filter, page on the host)', () => {
  const q = (sort: 'start' | 'duration' | 'errors' | 'function', dir: 'asc' | 'desc', filter = '') => ({ sort, dir, filter });

  it('sorts by start, duration, errors and function', () => {
    const l = new TraceList(traces());
    const ids = (rows: { rootName: string }[]) => rows.map((r) => r.rootName.slice(5));
    assert.deepStrictEqual(ids(l.page(q('start', 'desc'), 0, 10).rows), ['d', 'c', 'b', 'a']);
    assert.deepStrictEqual(ids(l.page(q('duration', 'desc'), 0, 10).rows), ['d', 'b', 'a', 'c']);
    assert.deepStrictEqual(ids(l.page(q('errors', 'desc'), 0, 10).rows), ['b', 'c', 'd', 'a']);
    assert.deepStrictEqual(ids(l.page(q('function', 'asc'), 0, 10).rows), ['b', 'd', 'a', 'c']);
  });

  it('locates a trace in the filtered, sorted list (to reveal a trace opened from elsewhere)', () => {
    const l = new TraceList(traces());
    const id = (x: string) => x.padStart(32, '0');
    assert.strictEqual(l.indexOf(q('start', 'desc'), id('b')), 2);
    assert.strictEqual(l.indexOf(q('duration', 'desc'), id('b')), 1);
    assert.strictEqual(l.indexOf(q('start', 'asc', 'orders'), id('c')), 1);
    assert.strictEqual(l.indexOf(q('start', 'asc', 'orders'), id('b')), -1, 'filtered out');
    assert.strictEqual(l.indexOf(q('start', 'asc'), 'f'.repeat(32)), -1, 'not in the data');
  });

  it('filters by words and tokens and pages the result', () => {
    const l = new TraceList(traces());
    assert.strictEqual(l.page(q('start', 'asc', 'orders'), 0, 10).total, 2);
    assert.strictEqual(l.page(q('start', 'asc', 'is:error'), 0, 10).total, 2);
    assert.strictEqual(l.page(q('start', 'asc', 'is:cold'), 0, 10).total, 1);
    assert.strictEqual(l.page(q('start', 'asc', '>100ms'), 0, 10).total, 2);
    assert.strictEqual(l.page(q('start', 'asc', '>1s'), 0, 10).total, 1);
    assert.strictEqual(l.page(q('start', 'asc', 'fn:bill is:error'), 0, 10).total, 1);
    assert.strictEqual(l.page(q('start', 'asc', 'GET /D'), 0, 10).total, 1, 'case-insensitive, all words must match');
    const p = l.page(q('start', 'asc'), 1, 2);
    assert.strictEqual(p.total, 4);
    assert.deepStrictEqual(p.rows.map((r) => r.rootName), ['GET /b', 'GET /c']);
  });

  it('names the request of HTTP roots (METHOD /route) and filters on it', () => {
    const t = makeTrace([{ id: 'r', name: 'api/prod', start: 0, dur: 10, attrs: { 'http.request.method': 'POST', 'url.full': 'https://h.example/prod/orders?x=1' } }], 'e'.repeat(32));
    const routed = makeTrace([{ id: 'r', name: 'api', start: 0, dur: 10, attrs: { 'http.method': 'GET', 'http.route': '/orders/{id}' } }], 'f'.repeat(32));
    const l = new TraceList([t, routed, ...traces()]);
    const rows = l.page(q('start', 'asc', 'post'), 0, 10).rows;
    assert.deepStrictEqual(rows.map((r) => r.operation), ['POST /prod/orders']);
    assert.strictEqual(l.page(q('start', 'asc', '/orders/{id}'), 0, 10).rows[0].operation, 'GET /orders/{id}');
    assert.strictEqual(l.page(q('start', 'asc', 'GET /a'), 0, 10).rows[0].operation, '');
  });

  it('parses the filter language', () => {
    const f = parseFilter('  Foo is:error >250ms <2s svc:pay fn:ord is:bogus ');
    assert.deepStrictEqual(f.words, ['foo', 'is:bogus']);
    assert.ok(f.flags.has('error'));
    assert.strictEqual(f.minMs, 250);
    assert.strictEqual(f.maxMs, 2000);
    assert.deepStrictEqual(f.svc, ['pay']);
    assert.deepStrictEqual(f.fn, ['ord']);
  });

  it('sorts and pages 100,000 traces fast', function () {
    this.timeout(30000);
    const base = traces()[1];
    const many: Trace[] = [];
    for (let i = 0; i < 100_000; i++) many.push({ ...base, traceId: i.toString(16).padStart(32, '0'), startMs: i, durationMs: (i * 7919) % 10007, rootName: `op-${i % 97}` });
    const l = new TraceList(many);
    const t0 = Date.now();
    const first = l.page(q('duration', 'desc', 'op-5'), 0, 100);
    const sortMs = Date.now() - t0;
    const t1 = Date.now();
    l.page(q('duration', 'desc', 'op-5'), 5000, 100);
    assert.ok(Date.now() - t1 < 50, 'later pages of the same query are slices of the cached order');
    assert.ok(first.total > 0);
    assert.ok(sortMs < 3000, `first query took ${sortMs} ms`);
  });
});
