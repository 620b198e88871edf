import * as assert from 'assert';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import type { Trace } from '../../src/core/model';
import { diffTraces, entryPointOf, selfTime, typicalTrace } from '../../src/core/compare';
import type { TraceDiff } from '../../src/core/compare';
import { main } from '../../src/cli/main';
import { makeTrace, SpanSpec } from './explorer.fixtures';

async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => { out += t + '\n'; }, err: (t) => { err += t + '\n'; } });
  return { code, out, err };
}

const SAMPLE = path.resolve(__dirname, '..', '..', '..', 'samples', 'data');

/** Each merged row as `depth side service/name`, for readable expectations. */
function shape(d: TraceDiff): string[] {
  return d.rows.map((r) => `${r.depth} ${r.side} ${r.service}/${r.name}`);
}

const s = (id: string, parent: string | undefined, name: string, start: number, dur: number, service = 'api'): SpanSpec => ({ id, parent, name, service, start, dur });

describe('compare: structural path matching', () => {
  it('numbers repeated siblings: the k-th GetItem matches the k-th, an extra one is only in its trace', () => {
    const a = makeTrace([s('r', undefined, 'root', 0, 100), s('g1', 'r', 'GetItem', 1, 10, 'db'), s('g2', 'r', 'GetItem', 20, 10, 'db'), s('g3', 'r', 'GetItem', 40, 10, 'db')]);
    const b = makeTrace([s('R', undefined, 'root', 0, 100), s('G1', 'r', 'GetItem', 1, 10, 'db'), s('G2', 'r', 'GetItem', 20, 60, 'db')].map((x) => ({ ...x, parent: x.parent ? 'R' : undefined })));
    const d = diffTraces(a, b);
    assert.deepStrictEqual(shape(d), ['0 both api/root', '1 both db/GetItem', '1 both db/GetItem', '1 a db/GetItem']);
    assert.deepStrictEqual(d.rows.map((r) => [r.a?.span.spanId, r.b?.span.spanId]), [['r', 'R'], ['g1', 'G1'], ['g2', 'G2'], ['g3', undefined]]);
    assert.deepStrictEqual([d.matched, d.onlyA, d.onlyB], [3, 1, 0]);
  });

  it('shows a missing subtree as only in A and an extra one as only in B, with all their spans', () => {
    const a = makeTrace([s('r', undefined, 'root', 0, 100), s('x', 'r', 'cache', 1, 30), s('x1', 'x', 'GET', 2, 10, 'redis'), s('c', 'r', 'call', 40, 10)]);
    const b = makeTrace([s('r', undefined, 'root', 0, 100), s('c', 'r', 'call', 5, 10), s('y', 'r', 'retry', 20, 50), s('y1', 'y', 'POST', 21, 40, 'http'), s('y2', 'y1', 'TLS', 22, 5, 'http')]);
    const d = diffTraces(a, b);
    assert.deepStrictEqual(shape(d), ['0 both api/root', '1 a api/cache', '2 a redis/GET', '1 both api/call', '1 b api/retry', '2 b http/POST', '3 b http/TLS']);
  });

  it('matches traces of different depths by their common prefix; a span moved to another depth is not the same span', () => {
    const a = makeTrace([s('r', undefined, 'root', 0, 100), s('f', 'r', 'fn', 1, 90), s('q', 'f', 'query', 2, 10, 'db')]);
    const b = makeTrace([s('r', undefined, 'root', 0, 100), s('f', 'r', 'fn', 1, 90), s('w', 'f', 'wrapper', 2, 60), s('q', 'w', 'query', 3, 50, 'db'), s('z', 'q', 'shard', 4, 40, 'db')]);
    const d = diffTraces(a, b);
    assert.deepStrictEqual(shape(d), ['0 both api/root', '1 both api/fn', '2 a db/query', '2 b api/wrapper', '3 b db/query', '4 b db/shard']);
  });

  it('folds ids and numbers in names, so GET /orders/<uuid> in one trace matches another uuid', () => {
    const a = makeTrace([s('r', undefined, 'GET /orders/41d9f5f5-9dc0-418c-8563-48e1f8311d78', 0, 10)]);
    const b = makeTrace([s('r', undefined, 'GET /orders/bf997716-9a21-4a5b-a94c-170d431f34ca', 0, 12)]);
    assert.deepStrictEqual(shape(diffTraces(a, b)).map((x) => x.split(' ')[1]), ['both']);
  });

  it('self time: children counted once where they overlap, clipped to the span; async children past the end take nothing more', () => {
    const t = makeTrace([s('r', undefined, 'root', 0, 100), s('a', 'r', 'a', 10, 30), s('b', 'r', 'b', 20, 30), s('c', 'r', 'c', 90, 500)]);
    // covered: [10, 50] + [90, 100] = 50
    assert.strictEqual(selfTime(t.roots[0]), 50);
  });

  it('ranks the biggest differences by self time: the slow call first, not the ancestors it lengthens', () => {
    const fast = makeTrace([s('r', undefined, 'root', 0, 50), s('f', 'r', 'fn', 1, 45), s('p', 'f', 'PutItem', 2, 10, 'DynamoDB'), s('h', 'f', 'POST', 15, 20, 'http')]);
    const slow = makeTrace([s('r', undefined, 'root', 0, 230), s('f', 'r', 'fn', 1, 225), s('p', 'f', 'PutItem', 2, 190, 'DynamoDB'), s('h', 'f', 'POST', 195, 22, 'http')]);
    const d = diffTraces(fast, slow);
    const top = d.rows[d.biggest[0]];
    assert.strictEqual(`${top.service}/${top.name}`, 'DynamoDB/PutItem');
    assert.strictEqual(top.bSelf - top.aSelf, 180);
  });
});

describe('compare: the typical trace of an entry point (sample data)', function () {
  this.timeout(60_000);
  let traces: Trace[];
  before(async () => { traces = (await loadPaths([SAMPLE])).traces; });

  it('is the shape most POST /orders traces share, each span at its median', () => {
    const entry = 'shop-api/prod · POST /orders';
    // Independent oracle: the 100 most recent POST /orders traces, picked from their root spans' HTTP attributes.
    const orders = traces.filter((t) => { const a = t.roots[0]?.span.attributes ?? {}; return (a['http.method'] ?? a['http.request.method']) === 'POST' && a['http.route'] === '/orders'; })
      .sort((x, y) => y.startMs - x.startMs).slice(0, 100);
    assert.ok(orders.length >= 50, `sample has ${orders.length} POST /orders traces`);
    assert.ok(orders.every((t) => entryPointOf(t) === entry));
    const ty = typicalTrace(traces, entry)!;
    assert.strictEqual(ty.from, orders.length);
    const rootDurations = orders.map((t) => t.roots[0].span.durationMs).sort((x, y) => x - y);
    assert.strictEqual(ty.trace.roots[0].span.durationMs, rootDurations[Math.floor((rootDurations.length - 1) / 2)]);
    // Most orders go through the whole flow (the 401s and failures are the minority): the typical trace does too.
    const names = ty.trace.nodes.map((n) => `${n.depth} ${n.span.service}/${n.span.name}`);
    assert.ok(names.includes('2 shop-orders-api/DynamoDB.PutItem'), names.join('\n'));
    assert.ok(names.includes('4 shop-billing/POST'), names.join('\n'));
    // Every kept span is in at least half of the traces (checked by its service/name at its depth).
    for (const n of ty.trace.nodes) {
      const having = orders.filter((t) => t.nodes.some((m) => m.depth === n.depth && m.span.service === n.span.service && m.span.name === n.span.name)).length;
      assert.ok(having >= orders.length / 2, `${n.span.name} in ${having} of ${orders.length}`);
    }
    const putItems = orders.map((t) => t.nodes.find((m) => m.span.name === 'DynamoDB.PutItem')?.span.durationMs).filter((x): x is number => x !== undefined).sort((x, y) => x - y);
    const put = ty.trace.nodes.find((n) => n.span.name === 'DynamoDB.PutItem')!;
    assert.strictEqual(put.span.durationMs, putItems[Math.floor((putItems.length - 1) / 2)]);
  });

  it('CLI: diff --json names the slow PutItem first when a spike trace is compared with a fast one', async () => {
    const entry = 'shop-api/prod · POST /orders';
    const full = traces.filter((t) => entryPointOf(t) === entry && t.nodes.length === 11 && t.errorCount === 0);
    const put = (t: Trace) => t.nodes.find((n) => n.span.name === 'DynamoDB.PutItem')!.span.durationMs;
    const slow = [...full].sort((x, y) => put(y) - put(x))[0];
    const fast = [...full].sort((x, y) => x.roots[0].span.durationMs - y.roots[0].span.durationMs)[0];
    const r = await runCli(['diff', fast.traceId, slow.traceId, SAMPLE, '--json']);
    assert.strictEqual(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { a: { traceId: string }; b: { traceId: string }; matched: number; biggest: { name: string; deltaSelfMs: number }[]; rows: unknown[] };
    assert.deepStrictEqual([j.a.traceId, j.b.traceId, j.matched, j.rows.length], [fast.traceId, slow.traceId, 11, 11]);
    assert.strictEqual(j.biggest[0].name, 'DynamoDB.PutItem');
    assert.ok(j.biggest[0].deltaSelfMs > 100);
    const ty = await runCli(['diff', slow.traceId, '--typical', SAMPLE]);
    assert.strictEqual(ty.code, 0, ty.err);
    assert.match(ty.out, /^A: typical shop-api\/prod · POST \/orders \(median of \d+ traces\)/);
    assert.match(ty.out.split('biggest differences')[1].split('\n')[1], /DynamoDB\.PutItem/);
    const bad = await runCli(['diff', slow.traceId, SAMPLE]);
    assert.strictEqual(bad.code, 2);
  });
});
