// Percentile with numpy's default "linear" interpolation: position (n - 1) * q between sorted neighbours.

/** `sorted` must be ascending. Returns 0 for an empty sample so JSON output stays numeric. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
