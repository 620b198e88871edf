// AWS measures: fetch events from the loopback endpoint enforcing the documented per-account FilterLogEvents
// quota (5 TPS) and page sizes (10,000 events / 1 MB), and compare the achieved rate with the quota-bound maximum
// (TPS x events per page as served). `BENCH_AWS_EVENTS` sets the size (default 1,000,000).
import { CloudWatchSource } from '../src/core/aws';
import { LOGS_TPS } from '../src/core/aws/quotas';
import { eventsToSink } from '../src/core/aws/toSink';
import { DatasetBuilder } from '../src/core/correlate/builder';
import type { Sink } from '../src/core/readers/types';
import { startLoopback, syntheticDataset } from '../test/support/awsLoopback';
import { DUMMY } from '../test/support/awsLoopback/testUtil';
import type { Figure } from './measure';

const GROUPS = ['/aws/lambda/bench-a', '/aws/lambda/bench-b', '/aws/lambda/bench-c', '/aws/lambda/bench-d'];
const START = Date.UTC(2026, 10, 20, 0, 0, 0);

export async function awsBench(): Promise<Figure[]> {
  const total = Number(process.env.BENCH_AWS_EVENTS ?? 1_000_000);
  const perGroup = Math.ceil(total / GROUPS.length);
  const stepMs = 10;
  const ds = syntheticDataset({ groups: GROUPS, eventsPerGroup: perGroup, startMs: START, stepMs });
  const server = await startLoopback({ dataset: ds }); // documented quotas (quotas.ts)
  try {
    // The readers run on every page, as in the extension; the records are counted, not kept (1M events would not fit
    // the bench's memory budget next to the server).
    let records = 0;
    const counting: Sink = { log: () => { records++; }, span: () => { records++; }, skip: () => {} };
    let firstTraceMs: number | undefined;
    const t0 = performance.now();
    const source = new CloudWatchSource({
      region: 'us-east-1', endpoint: server.endpoint, credentials: DUMMY,
      logGroups: GROUPS, startMs: START, endMs: START + perGroup * stepMs,
      onEvents: (group, events) => {
        if (firstTraceMs !== undefined || events.length === 0) return;
        // What the panel shows first: a dataset built from the first page.
        const b = new DatasetBuilder();
        eventsToSink(b, group, events);
        if (b.build().invocations.length > 0) firstTraceMs = performance.now() - t0;
      },
    });
    await source.load(counting);
    const seconds = (performance.now() - t0) / 1000;
    const events = source.stats.fetched;
    const pages = source.stats.pages;
    const perPage = events / Math.max(1, pages);
    const quotaMax = LOGS_TPS.FilterLogEvents * perPage;
    const achieved = events / seconds;
    const throttled = server.log.filter((r) => r.outcome === 'throttled').length;
    return [
      {
        name: 'aws.fetch_rate_vs_quota', value: Math.round((achieved / quotaMax) * 1000) / 1000, unit: 'ratio',
        note: `${events} events in ${seconds.toFixed(1)} s = ${Math.round(achieved)} events/s; bound ${LOGS_TPS.FilterLogEvents} TPS x ${Math.round(perPage)} events/page = ${Math.round(quotaMax)} events/s; ${pages} pages, ${throttled} throttled, ${records} records parsed; target >= 0.9`,
      },
      { name: 'aws.time_to_first_trace_ms', value: Math.round(firstTraceMs ?? -1), unit: 'ms', note: 'first page fetched and built into a dataset with invocations; target <= 2000' },
    ];
  } finally {
    await server.close();
  }
}
