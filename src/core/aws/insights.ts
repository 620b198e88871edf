// Logs Insights: the heavy scan runs on CloudWatch. Queries respect the concurrent-query quota (30 per account,
// StartQuery reference) and the 10,000-row result cap: a capped result is split in two time halves and re-run, so
// nothing is silently cut. StartQuery/GetQueryResults are paced at their 5 TPS quotas (quotas.ts).
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { callAws } from './callAws';
import { AwsConnection, connectionKey, logsClient } from './clients';
import { explainAwsError } from './errors';
import { delay, Pacer, Semaphore, sharedPacer } from './pacer';
import { LIMITS, LOGS_TPS } from './quotas';
import { REPORT_INSIGHTS } from '../query/insights';
import { traceIdOf } from '../readers/lambda';
import { toXrayTraceId } from '../ids';

export type Row = Record<string, string>;

export interface InsightsOptions {
  logGroups: string[];
  startMs: number;
  endMs: number;
  queryString: string;
  signal?: AbortSignal;
  /** Queries in flight at once (default 4; the account-wide quota is 30 and dashboards share it). */
  concurrency?: number;
  pollMs?: number;
  /** Rows at which a result counts as capped (the service's 10,000). */
  rowCap?: number;
  client?: CloudWatchLogsClient;
}

export interface InsightsResult {
  rows: Row[];
  queries: number;
  /** Ranges still capped at one second wide (cannot split further). */
  cappedRanges: [number, number][];
}

export async function runInsights(conn: AwsConnection, o: InsightsOptions): Promise<InsightsResult> {
  const client = o.client ?? logsClient(conn);
  const key = connectionKey(conn);
  const start = sharedPacer(key, 'StartQuery', conn.tps ?? LOGS_TPS.StartQuery);
  const poll = sharedPacer(key, 'GetQueryResults', conn.tps ?? LOGS_TPS.GetQueryResults);
  const sem = new Semaphore(Math.min(o.concurrency ?? 4, LIMITS.insightsConcurrentQueries));
  const cap = o.rowCap ?? LIMITS.insightsRowCap;
  const rows = new Map<string, Row>();
  const result: InsightsResult = { rows: [], queries: 0, cappedRanges: [] };
  const groupChunks: string[][] = [];
  for (let i = 0; i < o.logGroups.length; i += LIMITS.insightsLogGroupsPerQuery) groupChunks.push(o.logGroups.slice(i, i + LIMITS.insightsLogGroupsPerQuery));

  // Insights takes whole epoch seconds with both ends included: [a, b] seconds.
  const run = async (groups: string[], a: number, b: number): Promise<void> => {
    const got = await sem.run(() => { result.queries++; return oneQuery(client, groups, a, b, o, start, poll); });
    if (got.length >= cap) {
      if (b > a) {
        const mid = Math.floor((a + b) / 2);
        await Promise.all([run(groups, a, mid), run(groups, mid + 1, b)]);
        return;
      }
      result.cappedRanges.push([a * 1000, (b + 1) * 1000]);
    }
    for (const r of got) rows.set(r['@ptr'] ?? JSON.stringify(r), r);
  };
  try {
    const a = Math.floor(o.startMs / 1000);
    const b = Math.ceil(o.endMs / 1000) - 1;
    await Promise.all(groupChunks.map((g) => run(g, a, Math.max(a, b))));
  } catch (err) {
    if (o.signal?.aborted) throw err;
    throw await explainAwsError(err, { profile: conn.profile, region: conn.region, endpoint: conn.endpoint, action: 'logs:StartQuery' });
  }
  result.rows = [...rows.values()];
  return result;
}

async function oneQuery(client: CloudWatchLogsClient, groups: string[], a: number, b: number, o: InsightsOptions, start: Pacer, poll: Pacer): Promise<Row[]> {
  const { queryId } = await callAws((abortSignal) => client.send(new StartQueryCommand({
    logGroupNames: groups, startTime: a, endTime: b, queryString: o.queryString,
  }), { abortSignal }), { pacer: start, signal: o.signal });
  if (!queryId) throw new Error('StartQuery returned no queryId');
  try {
    for (;;) {
      const r = await callAws((abortSignal) => client.send(new GetQueryResultsCommand({ queryId }), { abortSignal }), { pacer: poll, signal: o.signal });
      if (r.status === 'Complete') {
        return (r.results ?? []).map((cells) => Object.fromEntries(cells.filter((c) => c.field).map((c) => [c.field!, c.value ?? ''])));
      }
      if (r.status === 'Failed' || r.status === 'Cancelled' || r.status === 'Timeout') throw new Error(`Logs Insights query ${r.status.toLowerCase()}`);
      await delay(o.pollMs ?? 500, o.signal);
    }
  } catch (err) {
    if (o.signal?.aborted) void client.send(new StopQueryCommand({ queryId })).catch(() => undefined); // free the concurrency slot
    throw err;
  }
}

export interface Invocation {
  requestId: string;
  durationMs: number;
  /** The REPORT line's time (end of the invocation). */
  timestampMs: number;
  logGroup: string;
  logStream: string;
  xrayTraceId?: string;
}

// A REPORT is a text line or, with the JSON log format, a platform.report event: the aliases read both.
const REPORT_FIELDS = `fields @timestamp, ${REPORT_INSIGHTS.requestId} as invRequestId, ${REPORT_INSIGHTS.duration} as invDuration, `
  + `${REPORT_INSIGHTS.traceHeader} as invTrace, @logStream, @log`;
const REPORT_ROWS = `(${REPORT_INSIGHTS.rows})`;

/** The slowest invocations (REPORT lines) across the log groups, found server-side. */
export async function slowestInvocations(conn: AwsConnection, o: Omit<InsightsOptions, 'queryString'> & { top?: number; minDurationMs?: number }): Promise<Invocation[]> {
  const top = Math.min(o.top ?? 20, LIMITS.insightsRowCap);
  const filter = `filter ${REPORT_ROWS}${o.minDurationMs !== undefined ? ` and invDuration >= ${o.minDurationMs}` : ''}`;
  // With a threshold every matching line is wanted (splitting at the cap); without one, only the top N.
  const queryString = o.minDurationMs !== undefined ? `${REPORT_FIELDS} | ${filter}` : `${REPORT_FIELDS} | ${filter} | sort invDuration desc | limit ${top}`;
  const { rows } = await runInsights(conn, { ...o, queryString });
  const out = rows.map(toInvocation).filter((x): x is Invocation => x !== undefined).sort((x, y) => y.durationMs - x.durationMs);
  return o.minDurationMs !== undefined ? out : out.slice(0, top);
}

function toInvocation(r: Row): Invocation | undefined {
  const durationMs = Number(r.invDuration);
  const ts = Date.parse(`${(r['@timestamp'] ?? '').replace(' ', 'T')}Z`);
  if (!r.invRequestId || !Number.isFinite(durationMs) || Number.isNaN(ts)) return undefined;
  const log = r['@log'] ?? '';
  // The JSON form carries the whole X-Amzn-Trace-Id header ("Root=1-...;Parent=...;Sampled=1"), the text form the id.
  const traceId = traceIdOf(r.invTrace);
  return {
    requestId: r.invRequestId,
    durationMs,
    timestampMs: ts,
    logGroup: log.slice(log.indexOf(':') + 1),
    logStream: r['@logStream'] ?? '',
    xrayTraceId: traceId ? toXrayTraceId(traceId) : undefined,
  };
}
