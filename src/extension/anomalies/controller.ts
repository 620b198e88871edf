// Answers the Anomalies webview from the loaded Dataset. Pure (no vscode): the panel feeds it raw
// messages and gives it `post` and the few side effects it needs.
import { background } from '../../core/background';
import type { Dataset } from '../../core/dataset';
import { compareSlowFast, computeStats, GROUP_BYS, GroupBy, GroupStats, StatsIndex, StatsResult } from '../../core/stats';
import {
  ANOMALIES_PROTOCOL, AnomaliesDatasetInfo, AnomaliesHostMessage, AnomaliesWebviewMessage, firstGroup, GroupDetail, Grouping, Overview,
} from '../../protocol/anomalies';
import { PanelController } from '../panelController';
import type { DatasetState } from '../datasetState';
import { comparisonView, detailOf, filterRows, invocationRows, overviewOf } from './views';
import { costModelFor } from '../../core/cost/model';
import { costTable } from './cost';

export interface AnomaliesEffects {
  post(message: AnomaliesHostMessage): void;
  /** Runs `traceExplorer.openTrace`. */
  openTrace(traceId: string, spanId?: string): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** Stats per dataset and (grouping, bucket): computed on first need, shared by every panel. */
const results = new WeakMap<Dataset, Map<string, StatsResult>>();

export function statsOf(ds: Dataset, by: GroupBy, bucketMs: number): StatsResult {
  // Automatic buckets come from the shared StatsIndex (the one code lenses read), so both agree.
  if (bucketMs === 0) return StatsIndex.of(ds).get(by);
  let perDs = results.get(ds);
  if (!perDs) results.set(ds, (perDs = new Map()));
  const key = `${by}/${bucketMs}`;
  let r = perDs.get(key);
  if (!r) perDs.set(key, (r = computeStats(ds, { by, bucketMs })));
  return r;
}

/** Are these stats computed already (statsOf would not compute)? */
export function hasStats(ds: Dataset, by: GroupBy, bucketMs: number): boolean {
  return bucketMs === 0 ? StatsIndex.of(ds).has(by) : !!results.get(ds)?.has(`${by}/${bucketMs}`);
}

/** Whole-range details per group's stats: the first group's goes out with the overview, later asks reuse it. */
const wholeRange = new WeakMap<GroupStats, GroupDetail>();

function wholeRangeDetail(g: GroupStats, r: StatsResult): GroupDetail {
  let d = wholeRange.get(g);
  if (!d) wholeRange.set(g, (d = detailOf(g, r.anomalies)));
  return d;
}

/** The detail of the group the view shows first (protocol `firstGroup`), so its charts need no second round trip. */
function firstDetail(r: StatsResult, overview: Overview): GroupDetail | undefined {
  const key = firstGroup(overview.groups)?.key;
  const g = key === undefined ? undefined : r.groups.find((x) => x.key === key);
  return g && wholeRangeDetail(g, r);
}

export class AnomaliesController extends PanelController<AnomaliesWebviewMessage, AnomaliesHostMessage> {
  private by: Grouping = 'function';
  private bucketMs = 0;

  constructor(private readonly data: () => DatasetState, private readonly fx: AnomaliesEffects) {
    super(ANOMALIES_PROTOCOL, fx, 'anomalies');
    this.prepare();
  }

  /** The data changed (loaded, reloaded, failed): send the new overview. */
  datasetChanged(): void {
    if (this.isReady) this.sendOverview();
    else this.prepare();
  }

  /**
   * The panel is opening (or its data changed before its page was ready): the page needs a second or more to load
   * its script (plotly) and ask, so the numbers of its first charts are computed meanwhile, on the next turn, and
   * the `ready` that follows is answered at once. Cached work: computing it twice costs nothing.
   */
  private prepare(): void {
    const timer = setTimeout(() => {
      if (this.isReady) return; // answered already
      try {
        const { result } = this.current();
        if (result) firstDetail(result, overviewOf(result));
      } catch (e) {
        this.fx.log('warn', `Could not prepare the anomalies overview: ${e instanceof Error ? e.message : String(e)}`);
      }
    }, 0);
    (timer as { unref?: () => void }).unref?.(); // never keeps a test or CLI process alive
  }

  protected dispatch(m: AnomaliesWebviewMessage): void {
    switch (m.type) {
      case 'ready':
        this.sendOverview();
        return;
      case 'setOptions':
        this.by = m.by;
        this.bucketMs = m.bucketMs;
        this.sendOverview();
        return;
      case 'getGroup': {
        const { ds, result } = this.current();
        const g = result?.groups.find((x) => x.key === m.group);
        if (!ds || !result || !g) { this.post({ type: 'error', requestId: m.requestId, message: `${m.group} is not in the loaded data.` }); return; }
        const whole = m.fromMs === undefined && m.toMs === undefined;
        const detail = whole ? wholeRangeDetail(g, result) : detailOf(g, result.anomalies, { fromMs: m.fromMs, toMs: m.toMs });
        this.post({ type: 'group', requestId: m.requestId, datasetVersion: this.data().version, detail });
        return;
      }
      case 'getInvocations': {
        const g = this.current().result?.groups.find((x) => x.key === m.filter.group);
        if (!g) { this.post({ type: 'error', requestId: m.requestId, message: `${m.filter.group} is not in the loaded data.` }); return; }
        const rows = filterRows(g.table, m.filter);
        this.post({ type: 'invocations', requestId: m.requestId, total: rows.length, rows: invocationRows(g.table, rows, m.limit) });
        return;
      }
      case 'compare': {
        const g = this.current().result?.groups.find((x) => x.key === m.filter.group);
        if (!g) { this.post({ type: 'error', requestId: m.requestId, message: `${m.filter.group} is not in the loaded data.` }); return; }
        const ranged = m.filter.fromMs !== undefined || m.filter.toMs !== undefined;
        const rows = ranged ? filterRows(g.table, { fromMs: m.filter.fromMs, toMs: m.filter.toMs }) : undefined;
        const c = compareSlowFast(g.table, { rows, thresholdMs: m.thresholdMs });
        this.post({ type: 'comparison', requestId: m.requestId, comparison: comparisonView(c) });
        return;
      }
      case 'openTrace':
        this.fx.openTrace(m.traceId, m.spanId);
        return;
      case 'getCost': {
        const ds = this.data().dataset;
        if (!ds) { this.post({ type: 'error', requestId: m.requestId, message: 'No data loaded.' }); return; }
        this.post({ type: 'cost', requestId: m.requestId, datasetVersion: this.data().version, cost: costTable(costModelFor(ds), { fromMs: m.fromMs, toMs: m.toMs }) });
        return;
      }
    }
  }

  private current(): { ds?: Dataset; result?: StatsResult } {
    const ds = this.data().dataset;
    return ds ? { ds, result: statsOf(ds, this.by, this.bucketMs) } : {};
  }

  /**
   * The shown grouping's stats now, with its first group's detail (its charts are what the user waits for); the anomalies of every other grouping
   * (same bucket choice, so the list is complete whichever grouping the charts show) follow from the background,
   * one grouping per task, as an `anomalies` message.
   */
  private sendOverview(): void {
    const s = this.data();
    const dataset: AnomaliesDatasetInfo = { sourceLabel: s.sourceLabel, loading: s.loading, datasetVersion: s.version };
    if (s.error) dataset.error = s.error;
    const { ds, result } = this.current();
    const pending = ds ? GROUP_BYS.filter((by) => !hasStats(ds, by, this.bucketMs)) : [];
    const known = ds ? GROUP_BYS.filter((by) => !pending.includes(by)).flatMap((by) => statsOf(ds, by, this.bucketMs).anomalies) : [];
    const overview = result ? overviewOf(result, known) : { by: this.by, bucketMs: this.bucketMs, groups: [], anomalies: [] };
    const first = result && firstDetail(result, overview);
    this.post({ type: 'overview', dataset, overview, pending, ...(first ? { first } : {}) });
    if (ds && pending.length > 0) this.completeAnomalies(ds, s.version, pending);
  }

  private completeAnomalies(ds: Dataset, version: number, pending: GroupBy[]): void {
    const { by, bucketMs } = this;
    const stillShown = () => this.data().dataset === ds && this.by === by && this.bucketMs === bucketMs;
    pending.forEach((grouping, i) => background.add(`anomalies:${version}/${bucketMs}/${grouping}`, () => {
      if (!stillShown()) return;
      statsOf(ds, grouping, bucketMs);
      if (i < pending.length - 1) return;
      const all = GROUP_BYS.flatMap((g) => statsOf(ds, g, bucketMs).anomalies);
      const overview = overviewOf(statsOf(ds, by, bucketMs), all);
      this.post({ type: 'anomalies', datasetVersion: version, by, bucketMs: overview.bucketMs, anomalies: overview.anomalies, pending: [] });
    }));
  }
}
