// Time buckets per group: counts, failure counts and exact percentiles per bucket, in O(n log n) overall.
import { FLAG_COLD, FLAG_ERROR, FLAG_TIMEOUT, GroupTable } from './groupTable';
import { quantileSorted } from './quantile';

export interface BucketStats {
  startMs: number;
  count: number;
  errors: number;
  timeouts: number;
  coldStarts: number;
  /** NaN when the bucket is empty. */
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Mean Init Duration of the bucket's cold starts, NaN without any. */
  initMeanMs: number;
  /** Highest Max Memory Used in the bucket, NaN when unknown. */
  maxMemUsedMb: number;
}

export interface BucketedGroup {
  bucketMs: number;
  buckets: BucketStats[];
  /** Row indices grouped by bucket: rows of bucket b are order[offsets[b]] .. order[offsets[b + 1] - 1]. */
  order: Int32Array;
  offsets: Int32Array;
  /** Durations in bucket order, each bucket's slice sorted ascending (same offsets). */
  sorted: Float64Array;
}

/** Refuses silly combinations (a year of data in 1 s buckets) instead of allocating millions of buckets. */
export const MAX_BUCKETS = 200_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s", "1m", "5m", "1h", "1d" or plain milliseconds -> milliseconds. */
export function parseBucket(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)?\s*$/i.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNITS[(m[2] ?? 'ms').toLowerCase()];
  return ms >= 1 && Number.isFinite(ms) ? ms : undefined;
}

export function formatBucket(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** Epoch-aligned start of the bucket holding t, so buckets fall on whole minutes/hours. */
export function alignDown(t: number, bucketMs: number): number {
  return Math.floor(t / bucketMs) * bucketMs;
}

/**
 * Buckets `t` over [rangeStartMs, rangeEndMs] (default: the group's own extent), so groups given the same
 * range share one time axis. Rows are counting-sorted into buckets and each bucket's slice is sorted once.
 */
export function bucketize(t: GroupTable, bucketMs: number, rangeStartMs?: number, rangeEndMs?: number): BucketedGroup {
  const n = t.length;
  let lo = rangeStartMs ?? Infinity;
  let hi = rangeEndMs ?? -Infinity;
  if (rangeStartMs === undefined || rangeEndMs === undefined) {
    for (let i = 0; i < n; i++) {
      if (rangeStartMs === undefined && t.startMs[i] < lo) lo = t.startMs[i];
      if (rangeEndMs === undefined && t.startMs[i] > hi) hi = t.startMs[i];
    }
  }
  if (n === 0 || !(hi >= lo)) return { bucketMs, buckets: [], order: new Int32Array(0), offsets: new Int32Array(1), sorted: new Float64Array(0) };
  const origin = alignDown(lo, bucketMs);
  const nb = Math.floor((hi - origin) / bucketMs) + 1;
  if (nb > MAX_BUCKETS) throw new RangeError(`${nb} buckets of ${formatBucket(bucketMs)}: use a larger bucket`);

  const idx = new Int32Array(n);
  const offsets = new Int32Array(nb + 1);
  for (let i = 0; i < n; i++) {
    const b = Math.min(nb - 1, Math.max(0, Math.floor((t.startMs[i] - origin) / bucketMs)));
    idx[i] = b;
    offsets[b + 1]++;
  }
  for (let b = 0; b < nb; b++) offsets[b + 1] += offsets[b];
  const fill = offsets.slice(0, nb);
  const order = new Int32Array(n);
  const durations = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const at = fill[idx[i]]++;
    order[at] = i;
    durations[at] = t.durationMs[i];
  }

  const buckets: BucketStats[] = new Array(nb);
  for (let b = 0; b < nb; b++) {
    const from = offsets[b];
    const to = offsets[b + 1];
    const slice = durations.subarray(from, to).sort();
    let errors = 0, timeouts = 0, cold = 0, initSum = 0, initN = 0, mem = NaN;
    for (let j = from; j < to; j++) {
      const i = order[j];
      const f = t.flags[i];
      if (f & FLAG_ERROR) errors++;
      if (f & FLAG_TIMEOUT) timeouts++;
      if (f & FLAG_COLD) {
        cold++;
        if (!Number.isNaN(t.initMs[i])) { initSum += t.initMs[i]; initN++; }
      }
      const m = t.memUsedMb[i];
      if (!Number.isNaN(m) && !(m <= mem)) mem = m;
    }
    const count = to - from;
    buckets[b] = {
      startMs: origin + b * bucketMs, count, errors, timeouts, coldStarts: cold,
      p50Ms: quantileSorted(slice, 0.5), p90Ms: quantileSorted(slice, 0.9), p95Ms: quantileSorted(slice, 0.95),
      p99Ms: quantileSorted(slice, 0.99), maxMs: count ? slice[count - 1] : NaN,
      initMeanMs: initN ? initSum / initN : NaN, maxMemUsedMb: mem,
    };
  }
  return { bucketMs, buckets, order, offsets, sorted: durations };
}

/** Row indices of bucket b, in the order they were read. */
export function rowsOfBucket(g: BucketedGroup, b: number): Int32Array {
  return g.order.subarray(g.offsets[b], g.offsets[b + 1]);
}

/** Sorted durations of bucket b. */
export function durationsOfBucket(g: BucketedGroup, b: number): Float64Array {
  return g.sorted.subarray(g.offsets[b], g.offsets[b + 1]);
}

/** How many values of an ascending array are strictly greater than x. */
export function countAbove(sorted: Float64Array, x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}
