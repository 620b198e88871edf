// Running counters for one node or edge; percentiles computed once at the end.
import type { CallStats } from './types';
import { quantileSorted } from '../stats/quantile';
import { TopTraces } from './topTraces';
import { ERROR, FAULT, THROTTLE } from './outcome';


export class CallAccumulator {
  calls = 0;
  errors = 0;
  faults = 0;
  throttles = 0;
  private durations: number[] = [];
  private readonly slow: TopTraces;
  private readonly failing: TopTraces;

  constructor(topN: number) {
    this.slow = new TopTraces(topN);
    this.failing = new TopTraces(topN);
  }

  /** A call without a known duration still counts; without a trace id it cannot be listed. `o`: outcome bits. */
  record(traceId: string | undefined, durationMs: number | undefined, o: number): void {
    this.calls++;
    const error = (o & ERROR) !== 0;
    if (error) this.errors++;
    if (o & FAULT) this.faults++;
    if (o & THROTTLE) this.throttles++;
    if (durationMs === undefined || !Number.isFinite(durationMs)) return;
    this.durations.push(durationMs);
    if (traceId === undefined) return;
    this.slow.offer(traceId, durationMs, error);
    if (error) this.failing.offer(traceId, durationMs, true);
  }

  stats(): CallStats {
    // A typed array sorts numerically and fast, without a comparator call per comparison.
    const sorted = Float64Array.from(this.durations).sort();
    return {
      calls: this.calls, errors: this.errors, faults: this.faults, throttles: this.throttles,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      p99Ms: percentile(sorted, 0.99),
      slowestTraces: this.slow.list(),
      failingTraces: this.failing.list(),
    };
  }
}

/**
 * numpy-default percentile (shared stats helper), rounded to the microsecond a trace carries;
 * 0 when no call had a known duration, so JSON output stays numeric.
 */
function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(quantileSorted(sorted, q) * 1000) / 1000;
}
