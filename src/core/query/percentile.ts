// Percentiles the way numpy.percentile computes them by default (linear interpolation between
// closest ranks), so numbers match what users get from a notebook on the same data.

/** `p` in [0, 100]; `sorted` ascending and non-empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** First index whose value is > x (or >= x when `inclusive`), in an ascending array. */
export function upperBound(sorted: ArrayLike<number>, x: number, inclusive = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (inclusive ? sorted[mid] < x : sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
