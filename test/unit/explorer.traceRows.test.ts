import * as assert from 'assert';
import { RowFlag } from '../../src/protocol/messages';
import { TraceRows } from '../../src/extension/explorer/logic/traceRows';
import { bigTrace, makeInvocation, makeTrace } from './explorer.fixtures';

const trace = () => makeTrace([
  { id: 'root', start: 0, dur: 100, service: 'api' },
  { id: 'a', parent: 'root', start: 5, dur: 40, invocation: makeInvocation({ coldStart: true, initDurationMs: 30, status: 'timeout' }), fn: 'orders' },
  { id: 'a1', parent: 'a', start: 10, dur: 10, status: 'error', source: { file: '/var/task/src/a.js', line: 7 } },
  { id: 'a2', parent: 'a', start: 25, dur: 15 },
  { id: 'b', parent: 'root', start: 50, dur: 45 },
  { id: 'lost', parent: 'missing', start: 60, dur: 5 },
  { id: 'skew', parent: 'b', start: 90, dur: 20, skewed: true },
]);

describe('explorer TraceRows (timeline rows on the host)', () => {
  it('flattens depth-first by start time, orphans kept as roots', () => {
    const r = new TraceRows(trace());
    const c = r.columns(0, 100);
    assert.deepStrictEqual(c.spanId, ['root', 'a', 'a1', 'a2', 'b', 'skew', 'lost']);
    assert.deepStrictEqual(c.depth, [0, 1, 2, 2, 1, 2, 0]);
    assert.deepStrictEqual(c.descendants, [5, 2, 0, 0, 1, 0, 0]);
    assert.strictEqual(c.start[1], 5);
    assert.strictEqual(c.sourceFile[2], '/var/task/src/a.js');
    assert.strictEqual(c.sourceLine[2], 7);
    assert.ok(c.flags[6] & RowFlag.Orphan);
    assert.ok(c.flags[5] & RowFlag.Skewed);
    assert.ok(c.flags[2] & RowFlag.Error && c.flags[2] & RowFlag.HasSource);
  });

  it('puts cold-start init and timeout on the top span of the invocation only', () => {
    const r = new TraceRows(trace());
    const c = r.columns(0, 100);
    assert.strictEqual(c.init[1], 30);
    assert.ok(c.flags[1] & RowFlag.ColdStart && c.flags[1] & RowFlag.Timeout);
    assert.strictEqual(c.init[0], 0);
    const m = r.meta();
    assert.strictEqual(m.timeMin, -25, 'init before the trace start widens the drawn range');
    assert.ok(m.timeMax >= 110, 'skewed span past the end widens it too');
  });

  it('collapses and expands subtrees with a new version each time', () => {
    const r = new TraceRows(trace());
    const v0 = r.version;
    r.setCollapsed(r.findNode('a')!, true);
    assert.ok(r.version > v0);
    const c = r.columns(0, 100);
    assert.deepStrictEqual(c.spanId, ['root', 'a', 'b', 'skew', 'lost']);
    assert.ok(c.flags[1] & RowFlag.Collapsed);
    assert.strictEqual(r.reveal(r.findNode('a2')!), 3, 'revealing a hidden span expands its ancestors');
    r.setAllCollapsed(true);
    assert.deepStrictEqual(r.columns(0, 100).spanId, ['root', 'lost']);
    r.setAllCollapsed(false);
    assert.strictEqual(r.rowCount, 7);
    assert.strictEqual(r.meta(r.findNode('skew')).focusRow, 5);
  });

  it('pages rows and builds a bounded minimap', () => {
    const r = new TraceRows(trace());
    const c = r.columns(5, 10);
    assert.deepStrictEqual(c.spanId, ['skew', 'lost']);
    const m = r.meta().minimap;
    assert.strictEqual(m.rowsPerBucket, 1);
    assert.strictEqual(m.start.length, 7);
    assert.strictEqual(m.error[2], 1);
  });

  it('marks the critical path (root, both children back in time, and the skewed child past its parent), with a consistent meta after revealing', () => {
    const ids = (s: Iterable<{ span: { spanId: string } }>) => [...s].map((n) => n.span.spanId).sort();
    for (const t of [trace(), bigTrace(20_000)]) {
      const r = new TraceRows(t);
      assert.strictEqual(r.meta().criticalPathCount, r.criticalPath.size);
      const flagged = r.columns(0, t.nodes.length);
      assert.strictEqual(flagged.flags.filter((f) => f & RowFlag.Critical).length, r.criticalPath.size);
    }
    assert.deepStrictEqual(ids(new TraceRows(trace()).criticalPath), ['a', 'a1', 'a2', 'b', 'root', 'skew']);
    const r = new TraceRows(trace());
    r.setCollapsed(r.findNode('a')!, true);
    const m = r.meta(r.findNode('a1'));
    assert.strictEqual(m.rowCount, 7, 'row count after the focus span was revealed');
    assert.strictEqual(m.version, r.version);
    assert.strictEqual(m.focusRow, 2);
  });

  it('survives a malformed tree: cycles, a node reached twice, nodes no root reaches', () => {
    const t = trace();
    const node = (id: string) => t.nodes.find((n) => n.span.spanId === id)!;
    node('a2').children.push(node('root')); // cycle
    node('b').children.push(node('a1')); // reached twice
    const r = new TraceRows(t);
    assert.deepStrictEqual(r.columns(0, 100).spanId, ['root', 'a', 'a1', 'a2', 'b', 'skew', 'lost']);
    r.setCollapsed(node('a'), true);
    assert.deepStrictEqual(r.columns(0, 100).spanId, ['root', 'a', 'b', 'skew', 'lost']);
    const orphaned = new TraceRows({ ...trace(), roots: [] });
    assert.strictEqual(orphaned.rowCount, 7, 'unreachable nodes are still shown');
  });

  it('handles a 100,000-span trace quickly', function () {
    this.timeout(20000);
    const t = bigTrace(100_000);
    const t0 = Date.now();
    const r = new TraceRows(t);
    const meta = r.meta();
    const page = r.columns(50_000, 250);
    r.setCollapsed(t.roots[0], true);
    const collapsed = r.rowCount;
    r.setCollapsed(t.roots[0], false);
    const ms = Date.now() - t0;
    assert.strictEqual(meta.rowCount, 100_000);
    assert.ok(meta.minimap.start.length <= 400);
    assert.strictEqual(page.spanId.length, 250);
    assert.strictEqual(collapsed, 1);
    assert.ok(ms < 5000, `took ${ms} ms`);
  });
});

describe('explorer critical path', () => {
  it('follows the last-finishing child back in time', () => {
    const t = makeTrace([
      { id: 'root', start: 0, dur: 100 },
      { id: 'early', parent: 'root', start: 0, dur: 30 },
      { id: 'overlap', parent: 'root', start: 10, dur: 50 },
      { id: 'late', parent: 'root', start: 60, dur: 40 },
      { id: 'late1', parent: 'late', start: 61, dur: 10 },
      { id: 'late2', parent: 'late', start: 75, dur: 20 },
    ]);
    const ids = [...new TraceRows(t).criticalPath].map((n) => n.span.spanId).sort();
    assert.deepStrictEqual(ids, ['late', 'late1', 'late2', 'overlap', 'root']);
  });

  it('is empty for an empty trace and survives deep chains', () => {
    const noRoots = { ...makeTrace([{ id: 'x', start: 0, dur: 1 }]), roots: [] };
    assert.strictEqual(new TraceRows(noRoots).criticalPath.size, 0);
    const deep = bigTrace(20_000);
    assert.ok(new TraceRows(deep).criticalPath.size > 1);
  });
});
