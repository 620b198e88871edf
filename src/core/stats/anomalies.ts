// Robust spike detection per group: each bucket against the median + k * MAD of its trailing window.
import { BucketedGroup, BucketStats, countAbove, durationsOfBucket } from './buckets';
import { binomialUpperTail, wilsonUpper } from './binomial';
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
  /** Value the bucket had to exceed (median + k * MAD and the floors, whichever is highest). */
  threshold: number;
  /** Rows in the bucket. */
  count: number;
  /** Binomial tail probability of the bucket's excess (see AnomalyParams p95Alpha, rateAlpha); smaller is stranger. */
  pValue: number;
}

/**
 * The method, with its defaults (README "Anomaly detection" explains the choices):
 * - baseline: the buckets in the previous `windowMs` (at least `minWindowBuckets` buckets) that have enough
 *   rows; with fewer than `minBaselineBuckets` of them the bucket is not judged (start of data, sparse data);
 * - p95: compared in log space (latency is multiplicative): flagged when p95 > exp(median + k * 1.4826 * MAD)
 *   of the window's log p95s, p95 >= baseline * p95MinRatio and p95 - baseline >= p95MinDeltaMs;
 * - error rate, cold-start rate: flagged when rate > median + k * 1.4826 * MAD of the window's rates,
 *   rate - baseline >= minDelta, and the bucket has at least minEvents errors (cold starts);
 * - and, for every metric, the excess must be unlikely by chance: the number of the bucket's rows above the
 *   baseline p95 (or its errors, cold starts) must have binomial tail probability < p95Alpha (rateAlpha) given the share
 *   the trailing window had (its upper Wilson bound, z = 2, so a window that was quiet by chance does not count;
 *   buckets already flagged are left out of that share, so an incident does not mask its own tail). This is what keeps small buckets (where one slow call *is* the p95) quiet;
 * - only rises are anomalies: a bucket faster or healthier than usual is not an incident.
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
  /** Binomial guard for p95 (on top of the MAD rule, which does most of the work there). */
  p95Alpha: number;
  /** Binomial guard for rates: the main guard, since a rate's MAD is often 0 (most buckets without errors). */
  rateAlpha: number;
}

export const DEFAULT_ANOMALY_PARAMS: Readonly<AnomalyParams> = Object.freeze({
  k: 5,
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
  p95Alpha: 1e-3,
  rateAlpha: 1e-4,
});

/** 1.4826 * MAD estimates the standard deviation of normal data. */
const MAD_TO_SD = 1.4826;

export function windowBuckets(bucketMs: number, p: AnomalyParams): number {
  return Math.max(p.minWindowBuckets, Math.round(p.windowMs / bucketMs));
}

export function detectAnomalies(group: string, by: GroupBy, g: BucketedGroup, params: Partial<AnomalyParams> = {}): Anomaly[] {
  const p: AnomalyParams = { ...DEFAULT_ANOMALY_PARAMS, ...params };
  const { buckets, bucketMs } = g;
  const w = windowBuckets(bucketMs, p);
  const out: Anomaly[] = [];
  const flagged = { p95: new Set<number>(), errors: new Set<number>(), cold: new Set<number>() };
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i];
    const emit = (metric: AnomalyMetric, observed: number, baseline: number, threshold: number, pValue: number) =>
      out.push({ group, by, bucketStart: b.startMs, bucketMs, metric, observed, baseline, threshold, count: b.count, pValue });
    const window: number[] = [];
    for (let j = Math.max(0, i - w); j < i; j++) window.push(j);
    checkP95(g, i, window, p, flagged.p95, emit);
    if (b.count < p.rateMinCount) continue;
    const rateWindow = window.filter((j) => buckets[j].count >= p.rateMinCount);
    checkRate(buckets, i, rateWindow, p, flagged.errors, (x) => x.errors, p.errorMinEvents, p.errorMinDelta, (o, base, t, pv) => emit('errorRate', o, base, t, pv));
    checkRate(buckets, i, rateWindow, p, flagged.cold, (x) => x.coldStarts, p.coldMinEvents, p.coldMinDelta, (o, base, t, pv) => emit('coldStartRate', o, base, t, pv));
  }
  return out;
}

type Emit = (metric: AnomalyMetric, observed: number, baseline: number, threshold: number, pValue: number) => void;

function checkP95(g: BucketedGroup, i: number, window: number[], p: AnomalyParams, flagged: Set<number>, emit: Emit): void {
  const b = g.buckets[i];
  if (b.count < p.p95MinCount || !(b.p95Ms > 0)) return;
  const base = window.filter((j) => g.buckets[j].count >= p.p95MinCount && g.buckets[j].p95Ms > 0);
  if (base.length < p.minBaselineBuckets) return;
  const { median, mad } = medianMad(base.map((j) => Math.log(g.buckets[j].p95Ms)));
  const baseline = Math.exp(median);
  const threshold = Math.max(Math.exp(median + p.k * MAD_TO_SD * mad), baseline * p.p95MinRatio, baseline + p.p95MinDeltaMs);
  if (b.p95Ms <= threshold) return;
  // Share of the window's rows above the baseline, against the bucket's; buckets already flagged are left out,
  // so an incident's first bucket does not raise the bar for its next ones.
  let above = 0, rows = 0;
  for (const j of base) {
    if (flagged.has(j)) continue;
    const d = durationsOfBucket(g, j);
    above += countAbove(d, baseline);
    rows += d.length;
  }
  const pValue = binomialUpperTail(b.count, countAbove(durationsOfBucket(g, i), baseline), wilsonUpper(above, rows));
  if (pValue >= p.p95Alpha) return;
  flagged.add(i);
  emit('p95Ms', b.p95Ms, baseline, threshold, pValue);
}

function checkRate(
  buckets: BucketStats[], i: number, window: number[], p: AnomalyParams, flagged: Set<number>, events: (b: BucketStats) => number,
  minEvents: number, minDelta: number, emit: (observed: number, baseline: number, threshold: number, pValue: number) => void,
): void {
  const b = buckets[i];
  if (events(b) < minEvents || window.length < p.minBaselineBuckets) return;
  const { median, mad } = medianMad(window.map((j) => events(buckets[j]) / buckets[j].count));
  const threshold = Math.max(median + p.k * MAD_TO_SD * mad, median + minDelta);
  const observed = events(b) / b.count;
  if (observed <= threshold) return;
  let ev = 0, rows = 0;
  for (const j of window) {
    if (flagged.has(j)) continue; // see checkP95
    ev += events(buckets[j]);
    rows += buckets[j].count;
  }
  const pValue = binomialUpperTail(b.count, events(b), wilsonUpper(ev, rows));
  if (pValue >= p.rateAlpha) return;
  flagged.add(i);
  emit(observed, median, threshold, pValue);
}
