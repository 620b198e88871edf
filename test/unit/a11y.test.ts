// Issue 21: what screen readers hear and where the keyboard goes, from the pure builders the panels use.
import * as assert from 'assert';
import { RowFlag } from '../../src/protocol/messages';
import type { GroupDetail } from '../../src/protocol/anomalies';
import { TraceRows } from '../../src/extension/explorer/logic/traceRows';
import { spanRowText, traceBadges, windowText } from '../../webview/shared/a11yText';
import { nextInDirection, startNode } from '../../webview/architecture/keyboardNav';
import { chartName, chartTable } from '../../webview/anomalies/chartText';
import { makeTrace } from './explorer.fixtures';

describe('a11y: timeline tree names', () => {
  const base = { service: 'orders', name: 'PutItem', depth: 2, start: 12, duration: 48, init: 0, flags: 0, descendants: 0, sourceFile: '', sourceLine: 0 };

  it('start with the visible text, then say start, duration and status in words', () => {
    const t = spanRowText(base);
    assert.strictEqual(t.label, 'orders PutItem, starts at 12ms, lasts 48ms, ok');
    assert.strictEqual(t.service, 'orders');
    assert.strictEqual(t.badges, '');
  });

  it('say error, critical path, cold start with init and the source location', () => {
    const t = spanRowText({
      ...base, service: 'handler', name: 'handler', flags: RowFlag.Error | RowFlag.Critical | RowFlag.ColdStart, init: 210,
      sourceFile: '/work/app/src/handler.js', sourceLine: 74,
    });
    // Service equal to the name is shown (and said) once.
    assert.strictEqual(t.service, '');
    assert.strictEqual(t.label, 'handler, starts at 12ms, lasts 48ms, error, cold start, init 210ms, on the critical path, source handler.js line 74');
    assert.strictEqual(t.badges, '✕ ❄');
  });

  it('a collapsed row says how many spans it hides; a deep row shows its level', () => {
    const t = spanRowText({ ...base, depth: 30, flags: RowFlag.Collapsed | RowFlag.HasChildren | RowFlag.Timeout, descendants: 14 });
    assert.strictEqual(t.badges, 'L30 +14 timeout');
    // The visible badge words come right after the name (what a speech user reads off the screen), then their meaning.
    assert.ok(t.label.startsWith('orders PutItem L30 +14 timeout, starts at 12ms'), t.label);
    assert.ok(t.label.includes('timed out') && t.label.includes('collapsed, 14 hidden') && !t.label.includes(', ok'), t.label);
  });

  it('the live region says the time window a key chose', () => {
    assert.strictEqual(windowText('zoomed to', 12, 48), 'zoomed to 12ms to 48ms');
    assert.strictEqual(windowText('panned to', -3, 1500), 'panned to 0ms to 1.5s');
  });
});

describe('a11y: trace row badges', () => {
  it('each symbol gets words a screen reader says', () => {
    assert.deepStrictEqual(traceBadges({ errorCount: 3, coldStart: true, timeout: true, orphanCount: 1, skewedCount: 2 }), [
      { symbol: '✕', text: '3', spoken: 'errors' },
      { symbol: '❄', text: 'cold', spoken: 'start' },
      { symbol: '', text: 'timeout', spoken: '' },
      { symbol: '⚠', text: 'orphan', spoken: 'span' },
      { symbol: '⇄', text: 'skew', spoken: 'clock skew in 2 spans' },
    ]);
    assert.deepStrictEqual(traceBadges({ errorCount: 1 }), [{ symbol: '✕', text: '1', spoken: 'error' }]);
    assert.deepStrictEqual(traceBadges({ errorCount: 0 }), []);
  });
});

describe('a11y: tree positions from the host (aria-posinset / aria-setsize)', () => {
  const trace = () => makeTrace([
    { id: 'root', start: 0, dur: 100, service: 'api' },
    { id: 'a', parent: 'root', start: 5, dur: 40 },
    { id: 'a1', parent: 'a', start: 10, dur: 10 },
    { id: 'a2', parent: 'a', start: 25, dur: 15 },
    { id: 'b', parent: 'root', start: 50, dur: 45 },
    { id: 'lost', parent: 'missing', start: 60, dur: 5 },
    { id: 'skew', parent: 'b', start: 90, dur: 20, skewed: true },
  ]);

  it('each row says its place among its siblings, the roots and orphans being one level', () => {
    const c = new TraceRows(trace()).columns(0, 100);
    assert.deepStrictEqual(c.spanId, ['root', 'a', 'a1', 'a2', 'b', 'skew', 'lost']);
    assert.deepStrictEqual(c.posInSet, [1, 1, 1, 2, 2, 1, 2]);
    assert.deepStrictEqual(c.setSize, [2, 2, 2, 2, 2, 1, 2]);
  });

  it('positions stay those of the tree when rows are collapsed or paged', () => {
    const r = new TraceRows(trace());
    r.setCollapsed(r.findNode('a')!, true);
    const c = r.columns(1, 3);
    assert.deepStrictEqual(c.spanId, ['a', 'b', 'skew']);
    assert.deepStrictEqual(c.posInSet, [1, 2, 1]);
    assert.deepStrictEqual(c.setSize, [2, 2, 1]);
  });
});

describe('a11y: arrow keys on the graph', () => {
  const at = (id: string, x: number, y: number) => ({ id, x, y });
  const client = at('client', 0, 0);
  const api = at('api', 100, 0);
  const fnA = at('fnA', 200, -60);
  const fnB = at('fnB', 200, 60);
  const far = at('far', 0, 300);

  it('moves to the connected node that way, preferring the one straight ahead', () => {
    assert.strictEqual(nextInDirection(client, 'right', [api], [client, api, fnA, fnB, far]), 'api');
    assert.strictEqual(nextInDirection(api, 'right', [client, fnA, fnB], [client, api, fnA, fnB, far]), 'fnA'); // tie broken by id
    assert.strictEqual(nextInDirection(api, 'left', [client, fnA, fnB], []), 'client');
    assert.strictEqual(nextInDirection(fnA, 'down', [api], [client, api, fnA, fnB, far]), 'api'); // down and to the left, within 60 degrees
    assert.strictEqual(nextInDirection(fnB, 'down', [api], [client, api, fnA, fnB, far]), 'far'); // no neighbour below: any node
  });

  it('says nothing lies that way rather than jumping backwards', () => {
    assert.strictEqual(nextInDirection(client, 'left', [api], [client, api, fnA, fnB, far]), undefined);
    assert.strictEqual(nextInDirection(client, 'up', [api], [client, api]), undefined);
  });

  it('starts on the selected node, else the top-left one', () => {
    assert.strictEqual(startNode([api, fnA, client, far]), 'client');
    assert.strictEqual(startNode([api, fnA, client], 'fnA'), 'fnA');
    assert.strictEqual(startNode([api, fnA, client], 'gone'), 'client');
    assert.strictEqual(startNode([]), undefined);
  });
});

describe('a11y: charts in words and tables', () => {
  const t0 = Date.UTC(2026, 0, 1, 10, 0);
  const detail: GroupDetail = {
    group: 'orders', bucketMs: 60_000,
    series: {
      start: [t0, t0 + 60_000, t0 + 120_000], count: [10, 20, 0], errors: [1, 5, 0], timeouts: [0, 0, 0], coldStarts: [2, 0, 0],
      p50: [10, 12, null], p90: [20, 30, null], p95: [25, 900, null], p99: [40, 1200, null], initMean: [200, null, null], maxMemUsed: [80, 96, null],
    },
    histogram: {
      linear: { edges: [0, 100, 200], counts: { ok: [20, 3], cold: [2, 0], error: [0, 5], timeout: [0, 0] } },
      log: { edges: [1, 10, 1000], counts: { ok: [1, 22], cold: [0, 2], error: [0, 5], timeout: [0, 0] } },
    },
    memorySizeMb: 128, initP50Ms: 200,
    anomalies: [{ by: 'function', group: 'orders', bucketStart: t0 + 60_000, metric: 'p95Ms', observed: 900, baseline: 25, threshold: 100, count: 20 }],
    fromMs: null, toMs: null,
  };

  it('names say what is drawn, its range and the flagged buckets', () => {
    assert.strictEqual(chartName('percentiles', detail),
      'Duration percentiles chart of orders: p50, p90, p95 and p99 over 3 buckets from 2026-01-01 10:00 UTC; p95 from 25ms to 900ms, 1 flagged bucket. Data table below.');
    assert.strictEqual(chartName('histogram', detail), 'Duration histogram of orders: 30 rows in 2 bins from 0ms to 200ms, stacked by outcome. Data table below.');
    assert.ok(chartName('histogram', detail, true).startsWith('Duration histogram (log scale) of orders: 30 rows in 2 bins from 1ms to 1s'));
    assert.ok(chartName('rates', detail).includes('20.0% errors and 6.7% cold starts overall'), chartName('rates', detail));
    assert.ok(chartName('memory', detail).includes('max memory used from 80 to 96 MB of 128 MB'), chartName('memory', detail));
  });

  it('tables hold the numbers drawn, the flagged bucket marked in words', () => {
    const p = chartTable('percentiles', detail);
    assert.deepStrictEqual(p.head, ['bucket start', 'rows', 'p50', 'p90', 'p95', 'p99', 'flag']);
    assert.deepStrictEqual(p.rows[1], ['2026-01-01 10:01 UTC', '20', '12ms', '30ms', '900ms', '1.2s', 'anomaly']);
    assert.deepStrictEqual(p.rows[2].slice(2), ['–', '–', '–', '–', '']);
    assert.deepStrictEqual(p.flagged, [1]);
    const r = chartTable('rates', detail);
    assert.deepStrictEqual(r.rows[0], ['2026-01-01 10:00 UTC', '10', '10.0%', '20.0%', '']);
    assert.deepStrictEqual(r.flagged, [], 'a p95 anomaly is not flagged on the rates chart');
    const h = chartTable('histogram', detail);
    assert.deepStrictEqual(h.head, ['duration', 'ok', 'cold start', 'error', 'timeout']);
    assert.deepStrictEqual(h.rows, [['0ms – 100ms', '20', '2', '0', '0'], ['100ms – 200ms', '3', '0', '5', '0']]);
    const m = chartTable('memory', detail);
    assert.deepStrictEqual(m.rows[0], ['2026-01-01 10:00 UTC', '80 MB', '200ms', '']);
  });
});
