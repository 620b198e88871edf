// One group's numbers: totals, exact percentiles, cold-start init, memory, and its time buckets.
import { BucketedGroup, bucketize } from './buckets';
import { FLAG_COLD, FLAG_ERROR, FLAG_TIMEOUT, GroupBy, GroupTable } from './groupTable';
import { DurationSummary, quantileSorted, sortedCopy, summarizeSorted } from './quantile';

export interface InitSummary {
  count: number;
  p50Ms: number;
  maxMs: number;
}

export interface MemorySummary {
  /** Highest Max Memory Used seen, NaN when unknown. */
  maxUsedMb: number;
  /** p95 of Max Memory Used: what a right-sized memory setting has to hold. */
  p95UsedMb: number;
  /** Largest configured memory size seen, NaN when unknown. */
  sizeMb: number;
}

export interface GroupStats extends DurationSummary {
  key: string;
  by: GroupBy;
  errors: number;
  timeouts: number;
  coldStarts: number;
  init: InitSummary;
  memory: MemorySummary;
  bucketed: BucketedGroup;
  /** The rows themselves, for drill-down and the slow-vs-fast comparison. */
  table: GroupTable;
}

export function groupStats(t: GroupTable, bucketMs: number, rangeStartMs?: number, rangeEndMs?: number): GroupStats {
  let errors = 0, timeouts = 0, cold = 0, memMax = NaN, sizeMax = NaN;
  const inits: number[] = [];
  const mems: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const f = t.flags[i];
    if (f & FLAG_ERROR) errors++;
    if (f & FLAG_TIMEOUT) timeouts++;
    if (f & FLAG_COLD) {
      cold++;
      if (!Number.isNaN(t.initMs[i])) inits.push(t.initMs[i]);
    }
    const m = t.memUsedMb[i];
    if (!Number.isNaN(m)) {
      mems.push(m);
      if (!(m <= memMax)) memMax = m;
    }
    const s = t.memSizeMb[i];
    if (!Number.isNaN(s) && !(s <= sizeMax)) sizeMax = s;
  }
  const sortedInit = sortedCopy(inits);
  return {
    key: t.key,
    by: t.by,
    ...summarizeSorted(sortedCopy(t.durationMs)),
    errors,
    timeouts,
    coldStarts: cold,
    init: { count: inits.length, p50Ms: quantileSorted(sortedInit, 0.5), maxMs: sortedInit.length ? sortedInit[sortedInit.length - 1] : NaN },
    memory: { maxUsedMb: memMax, p95UsedMb: quantileSorted(sortedCopy(mems), 0.95), sizeMb: sizeMax },
    bucketed: bucketize(t, bucketMs, rangeStartMs, rangeEndMs),
    table: t,
  };
}
