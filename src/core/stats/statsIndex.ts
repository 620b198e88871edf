// Built once per dataset load: per-function stats that code lenses and views read in O(1).
import type { Dataset } from '../dataset';
import type { Anomaly } from './anomalies';
import { CompareOptions, CompareResult, compareSlowFast } from './compare';
import { computeStats, StatsOptions, StatsResult } from './computeStats';
import type { GroupBy } from './groupTable';
import type { GroupStats } from './groupStats';

/** One default index per loaded dataset, shared by every reader (views, code lenses). */
const indexes = new WeakMap<Dataset, StatsIndex>();

export class StatsIndex {
  private readonly byGrouping = new Map<GroupBy, StatsResult>();
  private readonly functionStats = new Map<string, GroupStats>();
  private readonly functionAnomalies = new Map<string, Anomaly[]>();

  private constructor(readonly dataset: Dataset, private readonly opts: Omit<StatsOptions, 'by'>) {}

  /** The shared index of a dataset with default options, built on first use. */
  static of(ds: Dataset): StatsIndex {
    let index = indexes.get(ds);
    if (!index) indexes.set(ds, (index = StatsIndex.build(ds)));
    return index;
  }

  /** Computes the per-function grouping eagerly; other groupings on first use. */
  static build(ds: Dataset, opts: Omit<StatsOptions, 'by'> = {}): StatsIndex {
    const index = new StatsIndex(ds, opts);
    const fn = index.get('function');
    for (const g of fn.groups) index.functionStats.set(g.key, g);
    for (const a of fn.anomalies) {
      let list = index.functionAnomalies.get(a.group);
      if (!list) index.functionAnomalies.set(a.group, (list = []));
      list.push(a);
    }
    return index;
  }

  get bucketMs(): number {
    return this.get('function').bucketMs;
  }

  statsFor(functionName: string): GroupStats | undefined {
    return this.functionStats.get(functionName);
  }

  anomaliesFor(functionName: string): readonly Anomaly[] {
    return this.functionAnomalies.get(functionName) ?? [];
  }

  /** Is this grouping computed already (get() would not compute)? */
  has(by: GroupBy): boolean {
    return this.byGrouping.has(by);
  }

  get(by: GroupBy): StatsResult {
    let r = this.byGrouping.get(by);
    if (!r) {
      // Every grouping shares the per-function bucket width so their charts line up; without any
      // invocations (span-only data) each grouping picks its own.
      const fn = this.byGrouping.get('function');
      const bucketMs = this.opts.bucketMs ?? (fn && fn.groups.length > 0 ? fn.bucketMs : undefined);
      r = computeStats(this.dataset, { ...this.opts, by, bucketMs });
      this.byGrouping.set(by, r);
    }
    return r;
  }

  group(by: GroupBy, key: string): GroupStats | undefined {
    return by === 'function' ? this.statsFor(key) : this.get(by).groups.find((g) => g.key === key);
  }

  compare(by: GroupBy, key: string, opts: CompareOptions = {}): CompareResult | undefined {
    const g = this.group(by, key);
    return g && compareSlowFast(g.table, opts);
  }
}
