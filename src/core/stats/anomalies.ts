// Robust spike detection per group: each bucket against the median + k * MAD of its trailing window.
import { BucketedGroup, BucketStats, countAbove, durationsOfBucket, rowsOfBucket } from './buckets';
import { binomialUpperTail, wilsonUpper } from './binomial';
import { FLAG_COLD, FLAG_ERROR, GroupBy, GroupTable, isSpanNode } from './groupTable';
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

/**
 * `table` (the rows behind `g`) lets the chance guard count requests instead of rows: one slow or failing
 * request often leaves several slow or failed spans in a group (its server span, its client calls), and
 * counting those as independent events would make a single timeout look like a burst.
 */
export function detectAnomalies(group: string, by: GroupBy, g: BucketedGroup, params: Partial<AnomalyParams> = {}, table?: GroupTable): Anomaly[] {
  const p: AnomalyParams = { ...DEFAULT_ANOMALY_PARAMS, ...params };
  const { buckets, bucketMs } = g;
  const w = windowBuckets(bucketMs, p);
  const out: Anomaly[] = [];
  const flagged = { p95: new Set<number>(), errors: new Set<number>(), cold: new Set<number>() };
  // Reused for every bucket: this runs for every bucket of every group, allocation would dominate.
  const scratch: Scratch = { idx: [], vals: [] };
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i];
    const emit: Emit = (metric, observed, baseline, threshold, pValue) =>
      out.push({ group, by, bucketStart: b.startMs, bucketMs, metric, observed, baseline, threshold, count: b.count, pValue });
    const from = Math.max(0, i - w);
    const requests: Requests = (hit) => requestCounts(g, i, table, hit);
    checkP95(g, i, from, p, flagged.p95, scratch, requests, emit);
    if (b.count < p.rateMinCount) continue;
    checkRate(buckets, i, from, p, flagged.errors, scratch, (x) => x.errors, p.errorMinEvents, p.errorMinDelta, 'errorRate',
      (ev) => requests((r, t) => (t.flags[r] & FLAG_ERROR) !== 0) ?? { n: b.count, x: ev }, emit);
    checkRate(buckets, i, from, p, flagged.cold, scratch, (x) => x.coldStarts, p.coldMinEvents, p.coldMinDelta, 'coldStartRate',
      (ev) => requests((r, t) => (t.flags[r] & FLAG_COLD) !== 0) ?? { n: b.count, x: ev }, emit);
  }
  return out;
}

type Emit = (metric: AnomalyMetric, observed: number, baseline: number, threshold: number, pValue: number) => void;
interface Scratch { idx: number[]; vals: number[] }
/** Distinct requests in the bucket (n) and among them those with a row for which `hit` holds (x). */
type Requests = (hit: (row: number, table: GroupTable) => boolean) => { n: number; x: number } | undefined;

function requestCounts(g: BucketedGroup, b: number, table: GroupTable | undefined, hit: (row: number, table: GroupTable) => boolean): { n: number; x: number } | undefined {
  if (!table) return undefined;
  const all = new Set<string>();
  const hits = new Set<string>();
  for (const r of rowsOfBucket(g, b)) {
    const item = table.items[r];
    const key = isSpanNode(item) ? item.span.traceId : item.requestId;
    all.add(key);
    if (hit(r, table)) hits.add(key);
  }
  return { n: all.size, x: hits.size };
}

function checkP95(g: BucketedGroup, i: number, from: number, p: AnomalyParams, flagged: Set<number>, s: Scratch, requests: Requests, emit: Emit): void {
  const b = g.buckets[i];
  if (b.count < p.p95MinCount || !(b.p95Ms > 0)) return;
  s.idx.length = 0;
  s.vals.length = 0;
  for (let j = from; j < i; j++) {
    const x = g.buckets[j];
    if (x.count >= p.p95MinCount && x.p95Ms > 0) { s.idx.push(j); s.vals.push(Math.log(x.p95Ms)); }
  }
  if (s.idx.length < p.minBaselineBuckets) return;
  const { median, mad } = medianMad(s.vals);
  const baseline = Math.exp(median);
  const threshold = Math.max(Math.exp(median + p.k * MAD_TO_SD * mad), baseline * p.p95MinRatio, baseline + p.p95MinDeltaMs);
  if (b.p95Ms <= threshold) return;
  // Share of the window's rows above the baseline, against the bucket's; buckets already flagged are left out,
  // so an incident's first bucket does not raise the bar for its next ones.
  let above = 0, rows = 0;
  for (const j of s.idx) {
    if (flagged.has(j)) continue;
    const d = durationsOfBucket(g, j);
    above += countAbove(d, baseline);
    rows += d.length;
  }
  const counted = requests((r, t) => t.durationMs[r] > baseline) ?? { n: b.count, x: countAbove(durationsOfBucket(g, i), baseline) };
  const pValue = binomialUpperTail(counted.n, counted.x, wilsonUpper(above, rows));
  if (pValue >= p.p95Alpha) return;
  flagged.add(i);
  emit('p95Ms', b.p95Ms, baseline, threshold, pValue);
}

function checkRate(
  buckets: BucketStats[], i: number, from: number, p: AnomalyParams, flagged: Set<number>, s: Scratch,
  events: (b: BucketStats) => number, minEvents: number, minDelta: number, metric: AnomalyMetric,
  requests: (rowEvents: number) => { n: number; x: number }, emit: Emit,
): void {
  const b = buckets[i];
  if (events(b) < minEvents) return;
  s.idx.length = 0;
  s.vals.length = 0;
  for (let j = from; j < i; j++) {
    const x = buckets[j];
    if (x.count >= p.rateMinCount) { s.idx.push(j); s.vals.push(events(x) / x.count); }
  }
  if (s.idx.length < p.minBaselineBuckets) return;
  const { median, mad } = medianMad(s.vals);
  const threshold = Math.max(median + p.k * MAD_TO_SD * mad, median + minDelta);
  const observed = events(b) / b.count;
  if (observed <= threshold) return;
  let ev = 0, rows = 0;
  for (const j of s.idx) {
    if (flagged.has(j)) continue; // see checkP95
    ev += events(buckets[j]);
    rows += buckets[j].count;
  }
  const counted = requests(events(b));
  const pValue = binomialUpperTail(counted.n, counted.x, wilsonUpper(ev, rows));
  if (pValue >= p.rateAlpha) return;
  flagged.add(i);
  emit(metric, observed, median, threshold, pValue);
}
