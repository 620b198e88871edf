import * as assert from 'assert';
import { formatDuration } from '../../src/common/format';
import { PageCache } from '../../webview/explorer/model/pageCache';
import { niceStep, timeTicks } from '../../webview/explorer/model/ticks';
import { Viewport } from '../../webview/explorer/model/viewport';

describe('explorer webview model', () => {
  it('makes nice time-axis ticks', () => {
    assert.deepStrictEqual(timeTicks(0, 1000, 800, 150).values, [0, 200, 400, 600, 800, 1000]);
    assert.strictEqual(timeTicks(0, 1000, 800, 80).step, 100);
    assert.strictEqual(niceStep(0.0003), 0.0005);
    assert.strictEqual(niceStep(3), 5);
    assert.strictEqual(niceStep(7), 10);
    const neg = timeTicks(-25, 100, 500).values;
    assert.ok(neg.includes(0) && neg[0] <= 0 && !Object.is(neg.find((v) => v === 0), -0));
    assert.deepStrictEqual(timeTicks(5, 5, 100).values, []);
  });

  it('zooms around an anchor and pans within bounds', () => {
    const v = new Viewport({ start: 0, end: 1000 });
    v.zoom(2, 0.5);
    assert.deepStrictEqual(v.window, { start: 250, end: 750 });
    v.zoom(2, 0);
    assert.deepStrictEqual(v.window, { start: 250, end: 500 });
    v.pan(10_000);
    assert.deepStrictEqual(v.window, { start: 750, end: 1000 });
    v.pan(-10_000);
    assert.strictEqual(v.window.start, 0);
    v.zoom(0.001);
    assert.deepStrictEqual(v.window, { start: 0, end: 1000 });
    for (let i = 0; i < 200; i++) v.zoom(10);
    assert.ok(v.width > 0 && v.width <= 0.01);
    assert.strictEqual(v.toX(v.window.start, 100), 0);
    v.fit();
    assert.ok(v.isFit);
    assert.strictEqual(v.toTime(50, 100), 500);
  });

  it('requests each missing page once and drops stale pages', () => {
    const c = new PageCache<string[]>(100, 2);
    c.reset('g1');
    assert.deepStrictEqual(c.takeMissing(50, 250), [0, 100, 200]);
    assert.deepStrictEqual(c.takeMissing(0, 300), []);
    assert.ok(c.put('g1', 100, ['x']));
    assert.ok(!c.put('old', 0, ['y']));
    assert.strictEqual(c.locate(100)?.page[0], 'x');
    assert.strictEqual(c.locate(0), undefined);
    c.put('g1', 0, ['a']);
    c.put('g1', 200, ['b']);
    assert.strictEqual(c.locate(100), undefined, 'evicts the least recently used page beyond the limit');
    c.fail(300);
    c.reset('g2');
    assert.deepStrictEqual(c.takeMissing(0, 1), [0]);
  });

  it('formats durations compactly', () => {
    assert.strictEqual(formatDuration(0), '0ms');
    assert.strictEqual(formatDuration(0.42), '420µs');
    assert.strictEqual(formatDuration(12.5), '12.5ms');
    assert.strictEqual(formatDuration(435.499), '435ms');
    assert.strictEqual(formatDuration(1314.7), '1.31s');
    assert.strictEqual(formatDuration(125_000), '2m 05s');
    assert.strictEqual(formatDuration(-25), '-25ms');
  });
});
