import { strict as assert } from 'assert';
import { quantileSorted, sortedCopy, summarize, bucketize, GroupTableBuilder } from '../../src/core/stats';
import { rng, lognormal } from './stats.fixtures';

/**
 * Independent reference: numpy's default percentile written from its documented definition
 * (virtual index (n-1)*p/100 on the sorted data, linear between neighbours), on plain arrays.
 */
function numpyPercentile(values: number[], p: number): number {
  const a = [...values].sort((x, y) => x - y);
  const idx = ((a.length - 1) * p) / 100;
  const below = a[Math.floor(idx)];
  const above = a[Math.ceil(idx)];
  return below + (above - below) * (idx - Math.floor(idx));
}

describe('stats: exact percentiles', () => {
  it('matches values numpy documents', () => {
    // numpy.percentile docs: a = [[10, 7, 4], [3, 2, 1]]; np.percentile(a, 50) == 3.5
    const s = sortedCopy([10, 7, 4, 3, 2, 1]);
    assert.equal(quantileSorted(s, 0.5), 3.5);
    assert.equal(quantileSorted(s, 0), 1);
    assert.equal(quantileSorted(s, 1), 10);
    // np.percentile([1, 2, 3, 4], 90) == 3.7 ; np.percentile([15, 20, 35, 40, 50], 40) == 29.0
    assert.ok(Math.abs(quantileSorted(sortedCopy([1, 2, 3, 4]), 0.9) - 3.7) < 1e-12);
    assert.ok(Math.abs(quantileSorted(sortedCopy([15, 20, 35, 40, 50]), 0.4) - 29) < 1e-12);
    assert.ok(Number.isNaN(quantileSorted(new Float64Array(0), 0.5)));
    assert.equal(quantileSorted(sortedCopy([42]), 0.99), 42);
  });

  it('agrees with the reference on random data of many sizes, ties included', () => {
    const r = rng(7);
    for (const n of [2, 3, 10, 99, 100, 101, 1000, 4567]) {
      const values = Array.from({ length: n }, () => (r() < 0.2 ? 100 : Math.round(lognormal(r, 80, 0.8) * 10) / 10));
      const s = summarize(values);
      for (const [p, got] of [[50, s.p50Ms], [90, s.p90Ms], [95, s.p95Ms], [99, s.p99Ms]] as const) {
        const want = numpyPercentile(values, p);
        assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `n=${n} p${p}: ${got} vs ${want}`);
      }
      assert.equal(s.maxMs, Math.max(...values));
      assert.equal(s.count, n);
    }
  });

  it('handles 1,000,000 values per group exactly and quickly', function () {
    this.timeout(60_000);
    const r = rng(11);
    const n = 1_000_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = lognormal(r, 120, 0.7);
    const t0 = process.hrtime.bigint();
    const s = summarize(values);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const plain = Array.from(values);
    for (const [p, got] of [[50, s.p50Ms], [95, s.p95Ms], [99, s.p99Ms]] as const) {
      assert.ok(Math.abs(got - numpyPercentile(plain, p)) < 1e-9, `p${p}`);
    }
    assert.ok(ms < 5000, `summarize took ${ms.toFixed(0)} ms`);
  });

  it('per-bucket percentiles equal percentiles of the rows in each bucket', () => {
    const r = rng(3);
    const b = new GroupTableBuilder('service');
    const rows: { t: number; d: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = 1_700_000_000_000 + r() * 3_600_000;
      const d = lognormal(r, 50, 0.5);
      rows.push({ t, d });
      b.add('svc', { startMs: t, durationMs: d, flags: 0, item: { requestId: String(i), functionName: 'svc', startMs: t, endMs: t + d, coldStart: false, status: 'ok', reported: true, logs: [] } });
    }
    const table = b.build().get('svc')!;
    const g = bucketize(table, 5 * 60_000);
    assert.equal(g.buckets.reduce((n, x) => n + x.count, 0), 5000);
    for (const bucket of g.buckets) {
      const inside = rows.filter((x) => x.t >= bucket.startMs && x.t < bucket.startMs + 5 * 60_000).map((x) => x.d);
      assert.equal(bucket.count, inside.length);
      if (inside.length === 0) continue;
      assert.ok(Math.abs(bucket.p95Ms - numpyPercentile(inside, 95)) < 1e-9);
      assert.ok(Math.abs(bucket.p50Ms - numpyPercentile(inside, 50)) < 1e-9);
      assert.equal(bucket.startMs % (5 * 60_000), 0, 'buckets are aligned to whole 5 minutes');
    }
  });
});
