import { strict as assert } from 'assert';
import { binomialUpperTail, statsOfTables, StatsResult } from '../../src/core/stats';
import { lognormal, seriesTable, SeriesSpec, T0 } from './stats.fixtures';

const MIN = 60_000;
const SPIKE_FROM = 90;
const SPIKE_TO = 105;
const inSpike = (m: number) => m >= SPIKE_FROM && m < SPIKE_TO;

function run(spec: Omit<SeriesSpec, 'seed'>, seed: number, bucketMs = 5 * MIN): StatsResult {
  return statsOfTables('function', [seriesTable({ ...spec, seed })], { bucketMs });
}

function bucketsFlagged(r: StatsResult, metric: string): number[] {
  return r.anomalies.filter((a) => a.metric === metric).map((a) => (a.bucketStart - T0) / MIN);
}

describe('stats: anomaly detection', () => {
  it('flags exactly the buckets of an injected p95 spike, with observed and baseline', () => {
    const r = run({ minutes: 360, perMinute: 10, duration: (g, m) => lognormal(g, 50, 0.4) * (inSpike(m) && g() < 0.6 ? 10 : 1) }, 1);
    assert.deepEqual(bucketsFlagged(r, 'p95Ms'), [90, 95, 100]);
    assert.equal(r.anomalies.length, 3, JSON.stringify(r.anomalies));
    const a = r.anomalies[0];
    assert.equal(a.group, 'fn');
    assert.ok(a.observed > 5 * a.baseline, `${a.observed} vs ${a.baseline}`);
    assert.ok(a.baseline > 50 && a.baseline < 150, 'baseline is the usual p95 of lognormal(50, 0.4), about 96 ms');
  });

  it('flags an error burst and a cold-start spike, and nothing outside them', () => {
    const r = run({
      minutes: 360, perMinute: 10, duration: (g) => lognormal(g, 50, 0.4),
      errorRate: (m) => (inSpike(m) ? 0.65 : 0.01), coldRate: (m) => (m >= 200 && m < 210 ? 0.6 : 0.02),
    }, 2);
    assert.deepEqual(bucketsFlagged(r, 'errorRate'), [90, 95, 100]);
    assert.deepEqual(bucketsFlagged(r, 'coldStartRate'), [200, 205]);
    assert.deepEqual(bucketsFlagged(r, 'p95Ms'), []);
  });

  it('raises no alarm on a flat series', () => {
    const r = run({ minutes: 360, perMinute: 10, duration: () => 100 }, 3, MIN);
    assert.deepEqual(r.anomalies, []);
  });

  it('raises no alarm on noisy but stationary series (many seeds, shapes, rates, bucket sizes)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 8; seed++) {
      for (const [perMinute, bucketMin] of [[2, 5], [10, 1], [10, 5], [60, 1]] as const) {
        for (const sigma of [0.3, 1.0]) {
          const r = run({
            minutes: 360, perMinute, duration: (g) => lognormal(g, 50, sigma), errorRate: () => 0.05, coldRate: () => 0.05,
          }, seed * 100 + perMinute, bucketMin * MIN);
          assert.deepEqual(r.anomalies, [], `seed ${seed}, ${perMinute}/min, ${bucketMin}m buckets, sigma ${sigma}`);
          checked++;
        }
      }
    }
    assert.equal(checked, 64);
  });

  it('does not flag the odd slow or failed call in a sparse group', () => {
    // 2 calls a minute; one 5 s call and one failed call, each alone in its bucket.
    const r = run({
      minutes: 360, perMinute: 2, duration: (g, m) => (m === 120 && g() < 0.5 ? 5000 : lognormal(g, 50, 0.3)),
      errorRate: (m) => (m === 200 ? 0.5 : 0),
    }, 4);
    assert.deepEqual(r.anomalies, []);
  });

  it('binomial tail matches direct summation', () => {
    const direct = (n: number, x: number, p: number) => {
      let s = 0;
      for (let i = x; i <= n; i++) {
        let c = 1;
        for (let j = 1; j <= i; j++) c = (c * (n - j + 1)) / j;
        s += c * p ** i * (1 - p) ** (n - i);
      }
      return s;
    };
    for (const [n, x, p] of [[10, 3, 0.02], [10, 6, 0.07], [50, 10, 0.1], [30, 0, 0.5], [20, 21, 0.3]] as const) {
      const want = x > n ? 0 : direct(n, x, p);
      assert.ok(Math.abs(binomialUpperTail(n, x, p) - want) <= 1e-9 * Math.max(want, 1e-300), `${n} ${x} ${p}`);
    }
    // Large n goes through Stirling's series.
    assert.ok(Math.abs(binomialUpperTail(1000, 500, 0.5) - 0.5126125090873) < 1e-6);
  });
});

