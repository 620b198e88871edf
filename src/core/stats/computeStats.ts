// Stats and anomalies for every group of one grouping, on one shared time axis.
import type { Dataset } from '../dataset';
import { alignDown } from './buckets';
import { Anomaly, AnomalyParams, detectAnomalies } from './anomalies';
import { extractGroups } from './extract';
import type { GroupBy, GroupTable } from './groupTable';
import { GroupStats, groupStats } from './groupStats';

export interface StatsOptions {
  by?: GroupBy;
  /** Bucket width in ms; default: chosen from the data by `autoBucketMs`. */
  bucketMs?: number;
  anomaly?: Partial<AnomalyParams>;
}

export interface StatsResult {
  by: GroupBy;
  bucketMs: number;
  /** Shared time axis: first bucket start, and the last row's start. */
  rangeStartMs: number;
  rangeEndMs: number;
  groups: GroupStats[];
  anomalies: Anomaly[];
}

/** Bucket widths `auto` chooses from. */
export const BUCKET_LADDER_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 6 * 3_600_000, 86_400_000];
/** `auto` wants about this many rows per bucket in the busiest group, so bucket p95s mean something. */
export const AUTO_ROWS_PER_BUCKET = 20;

export function autoBucketMs(rangeMs: number, busiestGroupRows: number): number {
  for (const b of BUCKET_LADDER_MS) {
    const buckets = Math.max(1, Math.ceil(rangeMs / b));
    if (buckets <= 2000 && busiestGroupRows / buckets >= AUTO_ROWS_PER_BUCKET) return b;
  }
  return BUCKET_LADDER_MS[BUCKET_LADDER_MS.length - 1];
}

export function computeStats(ds: Dataset, opts: StatsOptions = {}): StatsResult {
  const by = opts.by ?? 'function';
  return statsOfTables(by, [...extractGroups(ds, by).values()], opts);
}

export function statsOfTables(by: GroupBy, tables: GroupTable[], opts: StatsOptions = {}): StatsResult {
  let lo = Infinity, hi = -Infinity, busiest = 0;
  for (const t of tables) {
    busiest = Math.max(busiest, t.length);
    for (let i = 0; i < t.length; i++) {
      const s = t.startMs[i];
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
  }
  if (!(hi >= lo)) lo = hi = 0;
  const bucketMs = opts.bucketMs ?? autoBucketMs(hi - lo, busiest);
  const rangeStartMs = alignDown(lo, bucketMs);
  const groups = tables.map((t) => groupStats(t, bucketMs, rangeStartMs, hi));
  const anomalies = groups
    .flatMap((g) => detectAnomalies(g.key, by, g.bucketed, opts.anomaly, g.table))
    .sort((a, b) => a.bucketStart - b.bucketStart || a.group.localeCompare(b.group) || a.metric.localeCompare(b.metric));
  return { by, bucketMs, rangeStartMs, rangeEndMs: hi, groups, anomalies };
}
