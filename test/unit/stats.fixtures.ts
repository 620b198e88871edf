// Shared generators for the stats tests: a seeded PRNG and synthetic rows fed through the real builders.
import type { Invocation } from '../../src/core/model';
import { GroupTableBuilder, FLAG_COLD, FLAG_ERROR, GroupTable } from '../../src/core/stats';

/** mulberry32: small, seedable, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lognormal with the given median and shape (Box-Muller). */
export function lognormal(r: () => number, median: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return median * Math.exp(sigma * z);
}

export interface SeriesSpec {
  seed: number;
  startMs?: number;
  minutes: number;
  perMinute: number;
  /** Duration of a row starting at minute m. */
  duration: (r: () => number, minute: number) => number;
  errorRate?: (minute: number) => number;
  coldRate?: (minute: number) => number;
}

export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** One group's rows, spread uniformly over each minute. */
export function seriesTable(spec: SeriesSpec, key = 'fn'): GroupTable {
  const r = rng(spec.seed);
  const b = new GroupTableBuilder('function');
  const start = spec.startMs ?? T0;
  for (let m = 0; m < spec.minutes; m++) {
    for (let k = 0; k < spec.perMinute; k++) {
      const err = r() < (spec.errorRate?.(m) ?? 0);
      const cold = r() < (spec.coldRate?.(m) ?? 0);
      const startMs = start + m * 60_000 + r() * 60_000;
      const durationMs = spec.duration(r, m);
      const inv: Invocation = {
        requestId: `r-${m}-${k}`, functionName: key, startMs, endMs: startMs + durationMs, durationMs,
        coldStart: cold, status: err ? 'error' : 'ok', reported: true, logs: [],
      };
      b.add(key, {
        startMs, durationMs, flags: (err ? FLAG_ERROR : 0) | (cold ? FLAG_COLD : 0), initMs: cold ? 300 : undefined,
        item: inv,
      });
    }
  }
  return b.build().get(key)!;
}
