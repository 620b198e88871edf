// Binomial upper tail, so a handful of events in a small bucket is not mistaken for a spike.

const SMALL = 256;
const LOG_FACTORIAL = new Float64Array(SMALL);
for (let i = 2; i < SMALL; i++) LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);

/** ln(n!): a table for small n, Stirling's series beyond (error < 1e-12 there). */
function logFactorial(n: number): number {
  if (n < SMALL) return LOG_FACTORIAL[n];
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/** P(X >= x) for X ~ Binomial(n, p). */
export function binomialUpperTail(n: number, x: number, p: number): number {
  if (x <= 0) return 1;
  if (x > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const lnN = logFactorial(n);
  let sum = 0;
  for (let i = x; i <= n; i++) {
    const term = Math.exp(lnN - logFactorial(i) - logFactorial(n - i) + i * lp + (n - i) * lq);
    sum += term;
    // Past the mode, terms only shrink: stop once they no longer matter.
    if (i > n * p && term < sum * 1e-12) break;
  }
  return Math.min(1, sum);
}

/**
 * Upper Wilson score bound of a rate seen as `events` of `n`: the baseline rate the anomaly guard tests
 * against, so a trailing window that happened to be quiet does not make an ordinary bucket look alarming.
 */
export function wilsonUpper(events: number, n: number, z = 2): number {
  if (n <= 0) return 1;
  const p = events / n;
  const z2 = z * z;
  return Math.min(1, (p + z2 / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n));
}
