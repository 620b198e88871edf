// After Insights found the interesting invocations, fetch only their logs and spans: GetLogEvents on the one stream
// and the few seconds each invocation ran (25 TPS quota, the cheaper call for a single stream), and FilterLogEvents on
// `aws/spans` for the invocation's trace id.
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Sink } from '../readers/types';
import type { LoadOptions, SourceResult, TraceSource } from '../source';
import type { RawEvent } from './cache';
import { callAws } from './callAws';
import { AwsConnection, connectionKey, logsClient } from './clients';
import { SPANS_GROUP } from './cloudwatchSource';
import { explainAwsError } from './errors';
import { filterSlice } from './filterPages';
import type { Invocation } from './insights';
import { isAbort, Pacer, Semaphore, sharedPacer } from './pacer';
import { LOGS_TPS } from './quotas';
import { countingSink, eventsToSink, originFor } from './toSink';

const BEFORE_MS = 2_000;
const SPAN_MARGIN_MS = 60_000;

export interface InvocationsSourceOptions extends AwsConnection {
  invocations: Invocation[];
  spans?: boolean;
  client?: CloudWatchLogsClient;
  onEvents?(group: string, events: RawEvent[]): void;
}

export class InvocationsSource implements TraceSource {
  readonly id: string;
  readonly label: string;
  private readonly client: CloudWatchLogsClient;

  constructor(readonly opts: InvocationsSourceOptions) {
    this.client = opts.client ?? logsClient(opts);
    this.id = `cloudwatch-invocations:${opts.invocations.map((i) => i.requestId).join(',')}`;
    this.label = `CloudWatch: ${opts.invocations.length} invocation(s)`;
  }

  async load(sink: Sink, lo: LoadOptions = {}): Promise<SourceResult> {
    const counting = countingSink(sink);
    const key = connectionKey(this.opts);
    const getPacer = sharedPacer(key, 'GetLogEvents', this.opts.tps ?? LOGS_TPS.GetLogEvents);
    const filterPacer = sharedPacer(key, 'FilterLogEvents', this.opts.tps ?? LOGS_TPS.FilterLogEvents);
    const sem = new Semaphore(5);
    const groups = new Set<string>();
    const emit = (group: string, events: RawEvent[]) => {
      groups.add(group);
      this.opts.onEvents?.(group, events);
      eventsToSink(counting, group, events);
      lo.onProgress?.({ records: counting.records });
    };
    const traceIds = new Map<string, Invocation>();
    try {
      await Promise.all(this.opts.invocations.map((inv) => sem.run(async () => {
        emit(inv.logGroup, await this.invocationLogs(inv, getPacer, lo.signal));
        if (inv.xrayTraceId) traceIds.set(otelTraceId(inv.xrayTraceId), inv);
      })));
      if (this.opts.spans) {
        await Promise.all([...traceIds].map(([id, inv]) => sem.run(() => filterSlice(this.client, {
          logGroupName: SPANS_GROUP,
          start: inv.timestampMs - inv.durationMs - SPAN_MARGIN_MS,
          end: inv.timestampMs + SPAN_MARGIN_MS,
          filterPattern: `"${id}"`,
        }, filterPacer, lo.signal, (events) => emit(SPANS_GROUP, events)))));
      }
    } catch (err) {
      if (isAbort(err, lo.signal)) return { files: [], problems: [] };
      throw await explainAwsError(err, { profile: this.opts.profile, region: this.opts.region, endpoint: this.opts.endpoint, action: 'logs:GetLogEvents' });
    }
    return { files: [...groups].map((g) => ({ file: originFor(g), formats: ['cloudwatch-export'], records: 0, bytes: 0 })), problems: [] };
  }

  /** The stream's events from shortly before the invocation started to its REPORT line, narrowed to the invocation. */
  private async invocationLogs(inv: Invocation, pacer: Pacer, signal?: AbortSignal): Promise<RawEvent[]> {
    const all: RawEvent[] = [];
    let token: string | undefined;
    for (;;) {
      const input = {
        logGroupName: inv.logGroup, logStreamName: inv.logStream, startFromHead: true, nextToken: token,
        startTime: Math.floor(inv.timestampMs - inv.durationMs - BEFORE_MS), endTime: inv.timestampMs + 1,
      };
      const page = await callAws((abortSignal) => this.client.send(new GetLogEventsCommand(input), { abortSignal }), { pacer, signal });
      for (const e of page.events ?? []) all.push({ timestamp: e.timestamp ?? 0, message: e.message ?? '', logStreamName: inv.logStream, ingestionTime: e.ingestionTime });
      // The end of a stream: the service hands back the token it was given.
      if (!page.nextForwardToken || page.nextForwardToken === token || (page.events ?? []).length === 0) break;
      token = page.nextForwardToken;
    }
    const start = all.findIndex((e) => e.message.startsWith('START RequestId: ' + inv.requestId));
    const end = all.findIndex((e) => e.message.startsWith('REPORT RequestId: ' + inv.requestId));
    if (start >= 0 && end >= start) return all.slice(start, end + 1);
    return all.filter((e) => e.message.includes(inv.requestId));
  }
}

/** `1-5759e988-bd862e3fe1be46a994272793` -> `5759e988bd862e3fe1be46a994272793` (how OTel spans spell it). */
export function otelTraceId(xrayId: string): string {
  const m = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/i.exec(xrayId);
  return m ? `${m[1]}${m[2]}`.toLowerCase() : xrayId;
}
