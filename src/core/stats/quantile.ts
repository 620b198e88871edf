// Exact percentiles: linear interpolation between closest ranks (numpy's default, "type 7").

export const PERCENTILES = [50, 90, 95, 99] as const;

export interface DurationSummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** q in [0, 1] of an ascending array; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[n - 1];
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo];
  return lo + 1 < n ? a + (h - lo) * (sorted[lo + 1] - a) : a;
}

/** Sorts a copy once (typed-array sort is numeric and fast) and reads every percentile from it. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = values instanceof Float64Array ? values.slice() : Float64Array.from(values);
  copy.sort();
  return copy;
}

/** Summary of an already sorted array (e.g. a sorted bucket slice). */
export function summarizeSorted(sorted: Float64Array): DurationSummary {
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i];
  const n = sorted.length;
  return {
    count: n,
    p50Ms: quantileSorted(sorted, 0.5),
    p90Ms: quantileSorted(sorted, 0.9),
    p95Ms: quantileSorted(sorted, 0.95),
    p99Ms: quantileSorted(sorted, 0.99),
    maxMs: n ? sorted[n - 1] : NaN,
    meanMs: n ? sum / n : NaN,
  };
}

export function summarize(values: ArrayLike<number>): DurationSummary {
  return summarizeSorted(sortedCopy(values));
}

/** Reused by medianMad: anomaly detection calls it for every bucket of every group (millions of times). */
let scratch = new Float64Array(256);

/** Median and raw median absolute deviation of the finite values given; allocates nothing per call. */
export function medianMad(values: ArrayLike<number>): { median: number; mad: number } {
  const n = values.length;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  const buf = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) buf[i] = values[i];
  buf.sort();
  const median = quantileSorted(buf, 0.5);
  for (let i = 0; i < n; i++) buf[i] = Math.abs(buf[i] - median);
  buf.sort();
  return { median, mad: quantileSorted(buf, 0.5) };
}
