// X-Ray as a TraceSource: GetTraceSummaries over the time range (with an optional filter expression), then
// BatchGetTraces in batches of its API maximum of 5 ids, paced at the assumed 5 TPS (quotas.ts), fed to the X-Ray reader.
import { BatchGetTracesCommand, GetTraceSummariesCommand, XRayClient } from '@aws-sdk/client-xray';
import type { Sink } from '../readers/types';
import { readJsonValue } from '../readers/index';
import type { LoadOptions, SourceResult, TraceSource } from '../source';
import { callAws } from './callAws';
import { AwsConnection, connectionKey, xrayClient } from './clients';
import { explainAwsError } from './errors';
import { isAbort, Semaphore, sharedPacer } from './pacer';
import { LIMITS, XRAY_TPS } from './quotas';
import { countingSink } from './toSink';

/** Each GetTraceSummaries call covers at most this much time, keeping every scan (and its paging) short. */
const WINDOW_MS = 6 * 3_600_000;

export interface XRaySourceOptions extends AwsConnection {
  startMs: number;
  endMs: number;
  filterExpression?: string;
  /** Stop after this many traces (default 2,000). */
  maxTraces?: number;
  client?: XRayClient;
  /** Sees each BatchGetTraces answer (`{Traces: [...]}`), e.g. to write it to disk. */
  onBatch?(batch: { Traces: unknown[] }): void;
}

export class XRaySource implements TraceSource {
  readonly id: string;
  readonly label = 'X-Ray traces';
  readonly stats = { summaries: 0, batches: 0, traces: 0, unprocessed: 0 };
  private readonly client: XRayClient;

  constructor(readonly opts: XRaySourceOptions) {
    this.client = opts.client ?? xrayClient(opts);
    this.id = `xray:${connectionKey(opts)}:${opts.startMs}-${opts.endMs}:${opts.filterExpression ?? ''}`;
  }

  async load(sink: Sink, lo: LoadOptions = {}): Promise<SourceResult> {
    const counting = countingSink(sink);
    const key = connectionKey(this.opts);
    const sumPacer = sharedPacer(key, 'GetTraceSummaries', this.opts.tps ?? XRAY_TPS.GetTraceSummaries);
    const getPacer = sharedPacer(key, 'BatchGetTraces', this.opts.tps ?? XRAY_TPS.BatchGetTraces);
    const max = this.opts.maxTraces ?? 2000;
    try {
      const ids: string[] = [];
      for (let a = this.opts.startMs; a < this.opts.endMs && ids.length < max; a += WINDOW_MS) {
        const b = Math.min(this.opts.endMs, a + WINDOW_MS);
        let NextToken: string | undefined;
        do {
          const input = { StartTime: new Date(a), EndTime: new Date(b), FilterExpression: this.opts.filterExpression, NextToken };
          const page = await callAws((abortSignal) => this.client.send(new GetTraceSummariesCommand(input), { abortSignal }), { pacer: sumPacer, signal: lo.signal });
          for (const s of page.TraceSummaries ?? []) if (s.Id && ids.length < max) ids.push(s.Id);
          this.stats.summaries += page.TraceSummaries?.length ?? 0;
          NextToken = ids.length < max ? page.NextToken : undefined;
        } while (NextToken);
      }
      const batches: string[][] = [];
      for (let i = 0; i < ids.length; i += LIMITS.batchGetTracesIds) batches.push(ids.slice(i, i + LIMITS.batchGetTracesIds));
      const sem = new Semaphore(5);
      await Promise.all(batches.map((TraceIds) => sem.run(async () => {
        let NextToken: string | undefined;
        do {
          const page = await callAws((abortSignal) => this.client.send(new BatchGetTracesCommand({ TraceIds, NextToken }), { abortSignal }), { pacer: getPacer, signal: lo.signal });
          this.stats.batches++;
          this.stats.unprocessed += page.UnprocessedTraceIds?.length ?? 0;
          const traces = page.Traces ?? [];
          this.stats.traces += traces.length;
          if (traces.length) {
            const doc = { Traces: traces };
            this.opts.onBatch?.(doc);
            readJsonValue(doc, { sink: counting, origin: { file: 'xray:BatchGetTraces', line: 0 }, hints: {}, readNested: readJsonValue });
            lo.onProgress?.({ records: counting.records, message: `${this.stats.traces} X-Ray traces` });
          }
          NextToken = page.NextToken;
        } while (NextToken);
      })));
    } catch (err) {
      if (isAbort(err, lo.signal)) return { files: [], problems: [] };
      throw await explainAwsError(err, { profile: this.opts.profile, region: this.opts.region, endpoint: this.opts.endpoint, action: 'xray:BatchGetTraces' });
    }
    return { files: [{ file: 'xray:BatchGetTraces', formats: ['xray'], records: counting.records, bytes: 0 }], problems: [] };
  }
}
