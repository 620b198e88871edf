import * as assert from 'assert';
import { buildFlameGraph, flameAncestors, flameWindow } from '../../src/core/flame/flameGraph';
import { TraceRows } from '../../src/extension/explorer/logic/traceRows';
import { makeTrace } from './explorer.fixtures';

// root(100) ─┬─ GetItem 10   ┐ merged: one frame, 3 spans, total 30
//            ├─ GetItem 10   │
//            ├─ fn 50 ── GetItem 20 (a different frame: other parent)
//            └─ GetItem 10   ┘
const T = makeTrace([
  { id: 'r', name: 'root', service: 'api', start: 0, dur: 100 },
  { id: 'g1', parent: 'r', name: 'GetItem', service: 'db', start: 1, dur: 10 },
  { id: 'g2', parent: 'r', name: 'GetItem', service: 'db', start: 12, dur: 10 },
  { id: 'f', parent: 'r', name: 'fn', service: 'api', start: 25, dur: 50 },
  { id: 'g4', parent: 'f', name: 'GetItem', service: 'db', start: 30, dur: 20 },
  { id: 'g3', parent: 'r', name: 'GetItem', service: 'db', start: 80, dur: 10 },
]);

describe('flame graph (core)', () => {
  const rows = new TraceRows(T);
  const g = buildFlameGraph(rows.nodes, rows.times);
  flameWindow(g, 0, 0); // every frame wide enough: the whole graph is made
  const frame = (path: string) => {
    // path like 'root/GetItem' from frame 0
    let f = 0;
    for (const name of path.split('/')) {
      let found = -1;
      for (let k = 1; k < g.count; k++) if (g.parent[k] === f && g.name[k] === name) found = k;
      assert.ok(found > 0, `no frame ${path}`);
      f = found;
    }
    return f;
  };

  it('merges siblings with the same service and name; totals, self times and span counts add up', () => {
    assert.strictEqual(g.count, 5); // all, root, root/GetItem, root/fn, root/fn/GetItem
    const get = frame('root/GetItem');
    assert.deepStrictEqual([g.total[get], g.self[get], g.spans[get]], [30, 30, 3]);
    const root = frame('root');
    assert.strictEqual(g.self[root], 100 - 10 - 10 - 50 - 10);
    assert.strictEqual(g.self[frame('root/fn')], 30);
    assert.strictEqual(rows.nodes[g.longest[get]].span.spanId, 'g1');
  });

  it('makes only the frames it draws: a narrow frame\'s children wait until a zoom makes it wide', () => {
    const lazy = buildFlameGraph(rows.nodes, rows.times);
    assert.strictEqual(lazy.count, 1);
    // At 0.55 of the trace, fn (0.5) is too narrow: made (its parent is drawn) but not expanded.
    const top = flameWindow(lazy, 0, 0.55);
    assert.deepStrictEqual(top.frames.map((f) => lazy.name[f]), ['', 'root']);
    assert.strictEqual(lazy.count, 4);
    // Left out: the three GetItem spans and fn with its GetItem.
    assert.strictEqual(top.omitted, 5);
    const fn = lazy.name.indexOf('fn');
    const zoomed = flameWindow(lazy, fn, 0.25); // GetItem is 0.4 of fn
    assert.deepStrictEqual(zoomed.frames.map((f) => `${lazy.service[f]}/${lazy.name[f]}`), ['api/fn', 'db/GetItem']);
    assert.strictEqual(lazy.count, 5);
    assert.deepStrictEqual([lazy.total[4], lazy.self[4], lazy.spans[4]], [20, 20, 1]);
    // The same numbers as the graph made whole.
    assert.deepStrictEqual([...lazy.total].sort(), [...g.total].sort());
    assert.strictEqual(zoomed.maxSelf, 30);
  });

  it('lays children out inside their parent, widths by total duration', () => {
    const root = frame('root');
    assert.strictEqual(g.w[root], 1);
    const get = frame('root/GetItem');
    const fn = frame('root/fn');
    assert.ok(Math.abs(g.w[get] - 0.3) < 1e-9 && Math.abs(g.w[fn] - 0.5) < 1e-9);
    assert.ok(Math.abs(g.x[fn] - (g.x[get] + g.w[get])) < 1e-9);
    assert.ok(Math.abs(g.w[frame('root/fn/GetItem')] - 0.2) < 1e-9);
  });

  it('scales down children that together outlast their parent (parallel or asynchronous calls)', () => {
    const t = makeTrace([
      { id: 'p', name: 'publish', service: 'sns', start: 0, dur: 10 },
      { id: 'a', parent: 'p', name: 'consumer-a', service: 'a', start: 5, dur: 30 },
      { id: 'b', parent: 'p', name: 'consumer-b', service: 'b', start: 5, dur: 10 },
    ]);
    const r = new TraceRows(t);
    const fg = buildFlameGraph(r.nodes, r.times);
    flameWindow(fg, 0, 0);
    const sum = fg.w[2] + fg.w[3];
    assert.ok(Math.abs(sum - 1) < 1e-9, `children fill the parent exactly: ${sum}`);
    assert.ok(Math.abs(fg.w[2] / fg.w[3] - 3) < 1e-9);
  });

  it('windows a zoom root: its subtree only, narrow frames left out (their spans counted), ancestors as breadcrumbs', () => {
    const fn = frame('root/fn');
    const all = flameWindow(g, fn, 0);
    assert.deepStrictEqual(all.frames.map((f) => g.name[f]), ['fn', 'GetItem']);
    const wide = flameWindow(g, 0, 0.25);
    assert.deepStrictEqual(wide.frames.map((f) => g.name[f]), ['', 'root', 'GetItem', 'fn']);
    assert.strictEqual(wide.omitted, 1);
    assert.deepStrictEqual(flameAncestors(g, frame('root/fn/GetItem')).map((f) => g.name[f]), ['', 'root', 'fn', 'GetItem']);
  });
});
