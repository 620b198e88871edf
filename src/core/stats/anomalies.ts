// Robust spike detection per group: each bucket against the median + k * MAD of its trailing window.
import type { BucketStats } from './buckets';
import type { GroupBy } from './groupTable';
import { medianMad } from './quantile';

export type AnomalyMetric = 'p95Ms' | 'errorRate' | 'coldStartRate';

export interface Anomaly {
  group: string;
  by: GroupBy;
  /** Epoch ms of the bucket start. */
  bucketStart: number;
  bucketMs: number;
  metric: AnomalyMetric;
  observed: number;
  /** Median of the metric over the trailing window. */
  baseline: number;
  /** Value the bucket had to exceed (all the rules below combined). */
  threshold: number;
  /** Rows in the bucket. */
  count: number;
}

/**
 * The method, with its defaults (README "Anomaly detection" explains the choices):
 * - baseline: the previous `windowMs` of buckets (at least `minWindowBuckets`), using only buckets with enough
 *   rows; at least `minBaselineBuckets` of them, else the bucket is not judged (start of data, sparse data);
 * - p95: compared in log space (latency is multiplicative), flagged when log p95 > median + k * 1.4826 * MAD
 *   AND p95 >= baseline * p95MinRatio AND p95 - baseline >= p95MinDeltaMs;
 * - error rate, cold-start rate: flagged when rate > median + k * 1.4826 * MAD AND rate - baseline >= minDelta
 *   AND the bucket has at least minEvents errors (cold starts);
 * - only rises are anomalies: a bucket faster or healthier than usual is not an incident.
 * The ratio/delta floors are what keep flat series (MAD = 0) and noisy-but-stationary series quiet.
 */
export interface AnomalyParams {
  k: number;
  windowMs: number;
  minWindowBuckets: number;
  minBaselineBuckets: number;
  /** Rows a bucket needs for its p95 to count (as observation or as baseline). */
  p95MinCount: number;
  p95MinRatio: number;
  p95MinDeltaMs: number;
  /** Rows a bucket needs for its rates to count. */
  rateMinCount: number;
  errorMinEvents: number;
  errorMinDelta: number;
  coldMinEvents: number;
  coldMinDelta: number;
}

export const DEFAULT_ANOMALY_PARAMS: Readonly<AnomalyParams> = Object.freeze({
  k: 4,
  windowMs: 60 * 60_000,
  minWindowBuckets: 6,
  minBaselineBuckets: 4,
  p95MinCount: 5,
  p95MinRatio: 1.5,
  p95MinDeltaMs: 10,
  rateMinCount: 5,
  errorMinEvents: 3,
  errorMinDelta: 0.15,
  coldMinEvents: 3,
  coldMinDelta: 0.25,
});

/** 1.4826 * MAD estimates the standard deviation of normal data. */
const MAD_TO_SD = 1.4826;

export function windowBuckets(bucketMs: number, p: AnomalyParams): number {
  return Math.max(p.minWindowBuckets, Math.round(p.windowMs / bucketMs));
}

export function detectAnomalies(
  group: string, by: GroupBy, bucketMs: number, buckets: BucketStats[], params: Partial<AnomalyParams> = {},
): Anomaly[] {
  const p: AnomalyParams = { ...DEFAULT_ANOMALY_PARAMS, ...params };
  const w = windowBuckets(bucketMs, p);
  const out: Anomaly[] = [];
  const emit = (b: BucketStats, metric: AnomalyMetric, observed: number, baseline: number, threshold: number) =>
    out.push({ group, by, bucketStart: b.startMs, bucketMs, metric, observed, baseline, threshold, count: b.count });

  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i];
    const from = Math.max(0, i - w);

    if (b.count >= p.p95MinCount) {
      const base = trailing(buckets, from, i, (x) => (x.count >= p.p95MinCount && x.p95Ms > 0 ? Math.log(x.p95Ms) : undefined));
      if (base.length >= p.minBaselineBuckets && b.p95Ms > 0) {
        const { median, mad } = medianMad(base);
        const baseline = Math.exp(median);
        const threshold = Math.max(Math.exp(median + p.k * MAD_TO_SD * mad), baseline * p.p95MinRatio, baseline + p.p95MinDeltaMs);
        if (b.p95Ms > threshold) emit(b, 'p95Ms', b.p95Ms, baseline, threshold);
      }
    }

    if (b.count >= p.rateMinCount) {
      checkRate(buckets, from, i, p, (x) => x.errors, p.errorMinEvents, p.errorMinDelta, (obs, base, thr) => emit(b, 'errorRate', obs, base, thr));
      checkRate(buckets, from, i, p, (x) => x.coldStarts, p.coldMinEvents, p.coldMinDelta, (obs, base, thr) => emit(b, 'coldStartRate', obs, base, thr));
    }
  }
  return out;
}

function checkRate(
  buckets: BucketStats[], from: number, i: number, p: AnomalyParams, events: (b: BucketStats) => number,
  minEvents: number, minDelta: number, emit: (observed: number, baseline: number, threshold: number) => void,
): void {
  const b = buckets[i];
  if (events(b) < minEvents) return;
  const base = trailing(buckets, from, i, (x) => (x.count >= p.rateMinCount ? events(x) / x.count : undefined));
  if (base.length < p.minBaselineBuckets) return;
  const { median, mad } = medianMad(base);
  const threshold = Math.max(median + p.k * MAD_TO_SD * mad, median + minDelta);
  const observed = events(b) / b.count;
  if (observed > threshold) emit(observed, median, threshold);
}

function trailing(buckets: BucketStats[], from: number, to: number, value: (b: BucketStats) => number | undefined): number[] {
  const out: number[] = [];
  for (let j = from; j < to; j++) {
    const v = value(buckets[j]);
    if (v !== undefined) out.push(v);
  }
  return out;
}
