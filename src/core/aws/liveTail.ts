// Live tail: new events of the chosen log groups flow into the sink until stopped. It uses StartLiveTail (an
// `application/vnd.amazon.eventstream` response held open; up to 10 log group ARNs per session); where that is not
// available (an endpoint without it, an error starting the session, or `forcePolling`) it polls FilterLogEvents from
// the last event seen, paced under the shared 5 TPS quota, dropping events it already delivered.
import { CloudWatchLogsClient, StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Sink } from '../readers/types';
import type { RawEvent } from './cache';
import { AwsConnection, connectionKey, logsClient } from './clients';
import { listLogGroups } from './discovery';
import { explainAwsError } from './errors';
import { filterSlice } from './filterPages';
import { delay, isAbort, sharedPacer } from './pacer';
import { LOGS_TPS } from './quotas';
import { eventsToSink } from './toSink';

export interface LiveTailOptions extends AwsConnection {
  logGroups: string[];
  /** Log group ARNs (from discovery) for StartLiveTail; without them only polling is possible. */
  logGroupArns?: string[];
  pollMs?: number;
  /** Events up to this old are re-read on every poll, because ingestion can lag (default 10 s). */
  overlapMs?: number;
  startMs?: number;
  forcePolling?: boolean;
  client?: CloudWatchLogsClient;
  onEvents?(group: string, events: RawEvent[]): void;
  onError?(message: string): void;
}

export class LiveTail {
  private readonly abort = new AbortController();
  mode: 'stream' | 'poll' | 'stopped' = 'stopped';
  private done?: Promise<void>;

  constructor(readonly opts: LiveTailOptions) {}

  start(sink: Sink): void {
    const client = this.opts.client ?? logsClient(this.opts);
    this.done = (async () => {
      if (!this.opts.forcePolling) {
        try {
          this.mode = 'stream';
          await this.stream(client, sink);
          if (this.abort.signal.aborted) return;
          this.opts.onError?.('The live tail session ended; polling instead.');
        } catch (err) {
          if (this.abort.signal.aborted) return;
          this.opts.onError?.(`Live tail stream unavailable, polling instead: ${(await explainAwsError(err, this.opts)).message}`);
        }
      }
      this.mode = 'poll';
      await this.poll(client, sink);
    })().catch(async (err) => {
      if (!isAbort(err, this.abort.signal)) this.opts.onError?.((await explainAwsError(err, { ...this.opts, action: 'logs:FilterLogEvents' })).message);
    }).finally(() => { this.mode = 'stopped'; });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  /** Per group, what was delivered: after a stream breaks, polling re-reads the window and must not repeat it. */
  private readonly delivered = new Map<string, { keys: Set<string>; last: number }>();

  private deliver(sink: Sink, group: string, batch: RawEvent[]): void {
    let d = this.delivered.get(group);
    if (!d) this.delivered.set(group, (d = { keys: new Set(), last: 0 }));
    const events: RawEvent[] = [];
    for (const e of batch) {
      // Live Tail results carry no event id: the same line is known by its stream, time and text in both modes.
      const key = `${e.logStreamName ?? ''}|${e.timestamp}|${e.message}`;
      if (d.keys.has(key)) continue;
      d.keys.add(key);
      if (e.timestamp > d.last) d.last = e.timestamp;
      events.push(e);
    }
    if (d.keys.size > 100_000) d.keys.clear(); // older than any re-read window by then
    if (events.length === 0) return;
    this.opts.onEvents?.(group, events);
    eventsToSink(sink, group, events);
  }

  private async stream(client: CloudWatchLogsClient, sink: Sink): Promise<void> {
    let arns = this.opts.logGroupArns ?? [];
    if (arns.length === 0) {
      // StartLiveTail wants ARNs: look the names up (one DescribeLogGroups page per group, by prefix).
      for (const g of this.opts.logGroups.slice(0, 10)) {
        const found = (await listLogGroups(this.opts, g, this.abort.signal, client)).find((x) => x.name === g);
        if (found?.arn) arns.push(found.arn);
      }
    }
    arns = arns.slice(0, 10);
    if (arns.length === 0) throw new Error('no log group ARNs to tail');
    const res = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: arns }), { abortSignal: this.abort.signal });
    const byArn = new Map(arns.map((a) => [a, a.replace(/^.*:log-group:/, '').replace(/:\*$/, '')]));
    for await (const ev of res.responseStream ?? []) {
      if (this.abort.signal.aborted) break;
      const results = ev.sessionUpdate?.sessionResults ?? [];
      const byGroup = new Map<string, RawEvent[]>();
      for (const r of results) {
        const group = byArn.get(r.logGroupIdentifier ?? '') ?? r.logGroupIdentifier?.replace(/^.*:log-group:/, '') ?? '';
        let list = byGroup.get(group);
        if (!list) byGroup.set(group, (list = []));
        list.push({ timestamp: r.timestamp ?? 0, message: r.message ?? '', logStreamName: r.logStreamName, ingestionTime: r.ingestionTime });
      }
      for (const [g, events] of byGroup) this.deliver(sink, g, events);
    }
  }

  private async poll(client: CloudWatchLogsClient, sink: Sink): Promise<void> {
    const pacer = sharedPacer(connectionKey(this.opts), 'FilterLogEvents', this.opts.tps ?? LOGS_TPS.FilterLogEvents);
    const overlap = this.opts.overlapMs ?? 10_000;
    // After a broken stream: from the newest line it delivered (the overlap re-reads a little, deliver() drops it).
    const since = new Map(this.opts.logGroups.map((g) => [g, this.delivered.get(g)?.last || (this.opts.startMs ?? Date.now())]));
    const seen = new Map<string, Set<string>>();
    while (!this.abort.signal.aborted) {
      for (const group of this.opts.logGroups) {
        const from = since.get(group)!;
        const now = Date.now();
        const seenHere = seen.get(group) ?? new Set<string>();
        const fresh: RawEvent[] = [];
        await filterSlice(client, { logGroupName: group, start: Math.max(0, from - overlap), end: now + 1 }, pacer, this.abort.signal, (events) => {
          for (const e of events) {
            const id = e.eventId ?? `${e.logStreamName}|${e.timestamp}|${e.message}`;
            if (seenHere.has(id)) continue;
            seenHere.add(id);
            fresh.push(e);
          }
        });
        // Forget ids that fell out of the overlap window so the set stays small.
        if (seenHere.size > 50_000) seenHere.clear();
        seen.set(group, seenHere);
        since.set(group, fresh.reduce((m, e) => Math.max(m, e.timestamp), from));
        this.deliver(sink, group, fresh);
      }
      await delay(this.opts.pollMs ?? 2_000, this.abort.signal).catch(() => undefined);
    }
  }
}
