// CloudWatch Logs as a TraceSource: Lambda log groups (and `aws/spans`) over a time range, fetched with paged
// FilterLogEvents spread over log groups x time slices, paced to the per-account quota, streamed into the sink as
// pages arrive, cached on disk, cancellable.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FileSummary } from '../model';
import type { Sink } from '../readers/types';
import type { LoadOptions, SourceResult, TraceSource } from '../source';
import type { LogCache, RawEvent } from './cache';
import { AwsConnection, connectionKey, logsClient } from './clients';
import { explainAwsError } from './errors';
import { filterSlice, slices } from './filterPages';
import { isAbort, Semaphore, sharedPacer } from './pacer';
import { LOGS_TPS } from './quotas';
import { countingSink, eventsToSink, originFor } from './toSink';

export const SPANS_GROUP = 'aws/spans';

export interface CloudWatchSourceOptions extends AwsConnection {
  logGroups: string[];
  /** Epoch ms, inclusive. */
  startMs: number;
  /** Epoch ms, exclusive. */
  endMs: number;
  /** Also read the `aws/spans` group that CloudWatch Transaction Search writes. */
  spans?: boolean;
  filterPattern?: string;
  cache?: LogCache;
  /**
   * Paginations in flight at once. FilterLogEvents allows 5 TPS per account and Region (see quotas.ts); a call takes
   * roughly 0.2-1 s on the service, so about 5 overlapping paginations keep the quota busy without queueing long.
   */
  concurrency?: number;
  /** Events per page (default 10,000, the API maximum). */
  pageLimit?: number;
  /** Sees every fetched page (raw CloudWatch events), e.g. to write an export or to count. */
  onEvents?(group: string, events: RawEvent[], fromCache: boolean): void;
  /** Hand pages to the readers (default true); false when only onEvents matters (the CLI writing files). */
  parse?: boolean;
  client?: CloudWatchLogsClient;
}

export interface CloudWatchStats {
  fetched: number;
  fromCache: number;
  pages: number;
}

export class CloudWatchSource implements TraceSource {
  readonly id: string;
  readonly label: string;
  readonly stats: CloudWatchStats = { fetched: 0, fromCache: 0, pages: 0 };
  private readonly client: CloudWatchLogsClient;

  constructor(readonly opts: CloudWatchSourceOptions) {
    this.client = opts.client ?? logsClient(opts);
    this.id = `cloudwatch:${connectionKey(opts)}:${this.groups().join(',')}`;
    this.label = `CloudWatch: ${opts.logGroups.map((g) => g.replace(/^\/aws\/lambda\//, '')).join(', ')}${opts.spans ? ' + spans' : ''}`;
  }

  groups(): string[] {
    const gs = [...this.opts.logGroups];
    if (this.opts.spans && !gs.includes(SPANS_GROUP)) gs.push(SPANS_GROUP);
    return gs;
  }

  async load(sink: Sink, lo: LoadOptions = {}): Promise<SourceResult> {
    const { startMs, endMs } = this.opts;
    // The cache holds unfiltered events: a filtered fetch neither reads nor writes it.
    const cache = this.opts.filterPattern ? undefined : this.opts.cache;
    const scope = connectionKey(this.opts);
    const counting = countingSink(sink);
    const perGroup = new Map<string, number>();
    const progress = new Progress(startMs, endMs, lo.onProgress, () => counting.records);
    const tasks: { group: string; start: number; end: number }[] = [];

    // Cached ranges first: the panel fills from disk before the first request returns.
    for (const group of this.groups()) {
      let gaps: [number, number][] = [[startMs, endMs]];
      if (cache) {
        const plan = await cache.plan(scope, group, startMs, endMs);
        gaps = plan.gaps;
        const events = await cache.read(scope, group, plan.cached, startMs, endMs);
        this.deliver(counting, group, events, true, perGroup);
        progress.cached(plan.cached.reduce((n, s) => n + Math.min(endMs, s.end) - Math.max(startMs, s.start), 0), events.length);
      }
      for (const [a, b] of gaps) tasks.push({ group, start: a, end: b });
    }

    // Spread the gaps over time slices so several paginations overlap (each pagination is sequential by nextToken).
    const concurrency = this.opts.concurrency ?? 5;
    const wanted = Math.max(1, Math.ceil(concurrency / Math.max(1, tasks.length)));
    const work = tasks.flatMap((t) => slices(t.start, t.end, wanted).map(([a, b]) => ({ group: t.group, start: a, end: b })));
    const pacer = sharedPacer(scope, 'FilterLogEvents', this.opts.tps ?? LOGS_TPS.FilterLogEvents);
    const sem = new Semaphore(concurrency);
    const fetchedAt = Date.now();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    lo.signal?.addEventListener('abort', onAbort, { once: true });
    if (lo.signal?.aborted) controller.abort();
    let firstError: unknown;
    try {
      await Promise.all(work.map((w) => sem.run(async () => {
        if (controller.signal.aborted) return;
        const collected: RawEvent[] = [];
        try {
          await filterSlice(this.client, { logGroupName: w.group, start: w.start, end: w.end, filterPattern: this.opts.filterPattern, limit: this.opts.pageLimit },
            pacer, controller.signal, (events) => {
              this.stats.pages++;
              this.stats.fetched += events.length;
              if (cache) collected.push(...events);
              this.deliver(counting, w.group, events, false, perGroup);
              progress.page(w.start, w.end, events, this.stats.fetched);
            });
          // Only a slice fetched to its end is recorded as covered.
          // A cache that cannot be written (disk full, permissions) costs a re-fetch next time, never this fetch.
          if (cache) await cache.write(scope, w.group, w.start, w.end, collected, fetchedAt).catch(() => undefined);
        } catch (err) {
          if (!isAbort(err, controller.signal)) { firstError ??= { err, group: w.group }; controller.abort(); }
        }
      })));
    } finally {
      lo.signal?.removeEventListener('abort', onAbort);
    }
    if (firstError) {
      const { err, group } = firstError as { err: unknown; group: string };
      throw await explainAwsError(err, { profile: this.opts.profile, region: this.opts.region, endpoint: this.opts.endpoint, action: 'logs:FilterLogEvents', logGroup: group });
    }
    const files: FileSummary[] = this.groups().map((g) => ({ file: originFor(g), formats: ['cloudwatch-export'], records: perGroup.get(g) ?? 0, bytes: 0 }));
    return { files, problems: [] };
  }

  private deliver(sink: Sink, group: string, events: RawEvent[], fromCache: boolean, perGroup: Map<string, number>): void {
    if (fromCache) this.stats.fromCache += events.length;
    perGroup.set(group, (perGroup.get(group) ?? 0) + events.length);
    this.opts.onEvents?.(group, events, fromCache);
    if (this.opts.parse !== false) eventsToSink(sink, group, events);
  }
}

/** Events fetched and an estimate of the total, from how much of the time range the fetched pages have covered. */
class Progress {
  private coveredMs = 0;
  private cachedEvents = 0;
  private readonly sliceDone = new Map<string, number>();

  constructor(private start: number, private end: number, private report: LoadOptions['onProgress'], private records: () => number) {}

  cached(ms: number, events: number): void {
    this.coveredMs += ms;
    this.cachedEvents += events;
    this.emit(events);
  }

  page(sliceStart: number, sliceEnd: number, events: RawEvent[], fetched: number): void {
    const key = `${sliceStart}-${sliceEnd}`;
    const last = events.length ? events[events.length - 1].timestamp + 1 : undefined;
    if (last !== undefined) {
      const before = this.sliceDone.get(key) ?? sliceStart;
      const now = Math.min(sliceEnd, Math.max(before, last));
      this.coveredMs += now - before;
      this.sliceDone.set(key, now);
    }
    this.emit(fetched + this.cachedEvents);
  }

  private emit(events: number): void {
    const span = Math.max(1, this.end - this.start);
    const fraction = Math.min(1, this.coveredMs / span);
    const total = fraction > 0.02 ? Math.round(events / fraction) : undefined;
    this.report?.({ records: this.records(), total, message: `${events.toLocaleString('en-US')} events fetched${total ? ` of about ${total.toLocaleString('en-US')}` : ''}` });
  }
}
