// The AWS fetch, run in the engine worker for the data-source manager: cached CloudWatch pages (and X-Ray) stream into one
// builder, and partial datasets are shown while pages arrive (first after the first page, then at growing intervals
// so rebuilding never dominates). With live tail on, the load keeps running and new events join every few seconds.
import type { Dataset } from '../../core/dataset';
import { DatasetBuilder } from '../../core/correlate/builder';
import { DEFAULT_LIVE_BUDGET_BYTES, LiveStore } from '../../core/live/store';
import { STORE_SHARE } from '../../core/receive/liveSource';
import { CloudWatchSource, InvocationsSource, LiveTail, LogCache, slowestInvocations, XRaySource } from '../../core/aws';
import type { AwsConnection } from '../../core/aws';
import type { SourceProgress } from '../../core/source';
import type { Sink } from '../../core/readers/types';
import { createMasker, maskingSink } from '../../core/mask';
import type { MaskOptions } from '../../core/mask';
import { awsLabel } from './awsLabel';

export interface AwsFetchPlan extends AwsConnection {
  logGroups: string[];
  spans: boolean;
  xray: boolean;
  startMs: number;
  endMs: number;
  cache?: LogCache;
  /** Keep tailing new events after the range is loaded. */
  live?: boolean;
  /** A relative range ("last hour"): every load (Refresh) moves the end to now, so only the new part is fetched. */
  rangeMs?: number;
  /** Only the N slowest invocations (found with Logs Insights) and their spans, instead of the whole range. */
  slowest?: number;
  logGroupArns?: string[];
  /** `traceExplorer.masking.*`, read on the host. */
  mask?: MaskOptions;
  /** With `live`: the memory budget of what is kept (oldest traces and invocations evicted first). */
  budgetBytes?: number;
}

/** Runs in the engine worker (src/engine/main.ts); the host only sends the plan. */
export class AwsData {
  readonly label: string;
  private readonly stopTail = new AbortController();

  constructor(readonly plan: AwsFetchPlan, private readonly progress?: (p: SourceProgress) => void, private readonly cancel?: AbortSignal) {
    this.label = awsLabel(plan);
  }

  /** Ends live tailing; the load then resolves with what it has. */
  stopLive(): void { this.stopTail.abort(); }

  async load(signal: AbortSignal, show: (partial: Dataset) => void): Promise<Dataset> {
    const all = AbortSignal.any([signal, ...(this.cancel ? [this.cancel] : [])]);
    if (this.plan.rangeMs) {
      this.plan.endMs = Date.now();
      this.plan.startMs = this.plan.endMs - this.plan.rangeMs;
    }
    // Live tail runs for hours: what it keeps is a bounded live store (the receiver's), evicting the oldest first.
    const store = this.plan.live ? new LiveStore((this.plan.budgetBytes ?? DEFAULT_LIVE_BUDGET_BYTES) * STORE_SHARE) : undefined;
    const builder = store ?? new DatasetBuilder();
    const build = (): Dataset => (store ? store.snapshot() : (builder as DatasetBuilder).build());
    const mask = this.plan.mask;
    // Every page, X-Ray batch and live-tail event goes through the masking sink; the builder only sees masked records.
    const sink = maskingSink(builder, createMasker(mask));
    const started = performance.now();
    let nextShow = 0;
    let interval = 500;
    const maybeShow = () => {
      const now = performance.now();
      if (now < nextShow) return;
      const t = performance.now();
      show(build());
      // Wait at least 4x what the build cost, and grow the interval, so total rebuild work stays linear.
      interval = Math.min(10_000, Math.max(interval * 1.5, (performance.now() - t) * 4));
      nextShow = performance.now() + interval;
    };
    const results = [];
    if (this.plan.slowest) {
      // The scan runs on CloudWatch; only the invocations it finds come over the network.
      this.progress?.({ records: 0, message: 'Logs Insights: finding the slowest invocations…' });
      const found = await slowestInvocations(this.plan, { logGroups: this.plan.logGroups, startMs: this.plan.startMs, endMs: this.plan.endMs, top: this.plan.slowest, signal: all });
      this.progress?.({ records: 0, message: `fetching ${found.length} invocation(s)` });
      results.push(await new InvocationsSource({ ...this.plan, invocations: found, onEvents: () => queueMicrotask(maybeShow) }).load(sink, { signal: all, onProgress: this.progress }));
    } else {
      const cw = new CloudWatchSource({ ...this.plan, onEvents: () => queueMicrotask(maybeShow) });
      results.push(await cw.load(sink, { signal: all, onProgress: this.progress }));
    }
    if (this.plan.xray && !this.plan.slowest && !all.aborted) {
      results.push(await new XRaySource({ ...this.plan, onBatch: () => queueMicrotask(maybeShow) }).load(sink, { signal: all, onProgress: this.progress }));
    }
    for (const r of results) builder.files.push(...r.files);
    if (this.plan.live && !all.aborted) await this.tail(build, sink, show, all);
    this.progress?.({ records: 0, message: `done in ${((performance.now() - started) / 1000).toFixed(1)} s` });
    return build();
  }

  private async tail(build: () => Dataset, sink: Sink, show: (d: Dataset) => void, signal: AbortSignal): Promise<void> {
    let fresh = 0;
    const tail = new LiveTail({ ...this.plan, logGroups: [...this.plan.logGroups, ...(this.plan.spans ? ['aws/spans'] : [])], startMs: this.plan.endMs, onEvents: (_g, e) => { fresh += e.length; } });
    tail.start(sink);
    const stop = AbortSignal.any([signal, this.stopTail.signal]);
    while (!stop.aborted) {
      await new Promise<void>((r) => { const t = setTimeout(r, 2000); stop.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true }); });
      if (fresh > 0) { fresh = 0; show(build()); }
    }
    await tail.stop();
  }
}
