// The query language's Logs Insights translation, run for real: each query is translated
// (translateToInsights), sent as StartQuery / GetQueryResults by the AWS SDK to the loopback CloudWatch Logs
// endpoint serving the sample's log events (samples/data/logs, plain-text and JSON-format Lambda logs), and what
// comes back is compared with the local engine's answer on the same sample.
//
// - A translation that says it is complete (nothing left to check locally) must come back with exactly the
//   local results, in the local order: the rows' request ids are the results' request ids.
// - Otherwise the rows must name every invocation the local engine finds (a superset), and the residual query
//   evaluated locally on just those invocations must give the local results.
//
// Rows are mapped to invocations the way a client of the translation would: the request id the query selects
// (`@requestId` or the JSON `record.requestId`), else the request id a Lambda text line starts with, else the
// invocation whose START precedes the line in the same log stream. Log group prefixes (function globs with no
// known functions) are resolved with DescribeLogGroups through the same SDK client.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { parseQuery, runQuery, toStartQueryInput, translateToInsights } from '../../src/core/query';
import type { InsightsTranslation, QueryRun } from '../../src/core/query';
import { datasetFromDir, DUMMY_CREDENTIALS, startLoopback } from '../support/awsLoopback';
import type { LoopbackServer, LoopDataset } from '../support/awsLoopback';
import { parseInsights, runPlan } from '../support/awsLoopback/insightsEval';
import type { ScanEvent } from '../support/awsLoopback/insightsEval';

const SAMPLE = path.resolve(__dirname, '..', '..', '..', 'samples', 'data');

type Row = Record<string, string>;

interface Outcome {
  t: InsightsTranslation;
  groups: string[];
  rows: Row[];
  /** The request id of each row, in row order. */
  requests: string[];
  local: QueryRun;
}

describe('query: Logs Insights translation against the loopback CloudWatch endpoint', function () {
  this.timeout(60_000);
  let ds: Dataset;
  let loop: LoopDataset;
  let server: LoopbackServer;
  let client: CloudWatchLogsClient;
  let functions: string[];
  let rangeMs: number;
  /** group -> stream -> START times and request ids, in time order (from the loopback's own events). */
  const starts = new Map<string, { ts: number; requestId: string }[]>();

  before(async function () {
    if (!fs.existsSync(path.join(SAMPLE, 'logs'))) this.skip();
    ds = await loadPaths([SAMPLE]);
    loop = datasetFromDir(SAMPLE);
    server = await startLoopback({ dataset: loop, unlimited: true, insights: { runMs: 5 } });
    client = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: server.endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
    functions = ds.functions.map((f) => f.name);
    // The translation's default range is the last hour; the sample spans six: ask for all of it (and a margin).
    rangeMs = ds.invocations[ds.invocations.length - 1].endMs - ds.invocations[0].startMs + 3_600_000;
    for (const g of loop.groups.values()) {
      for (let i = 0; i < g.store.length; i++) {
        const e = g.store.at(i);
        const rid = startOf(e.message);
        if (!rid) continue;
        const key = `${g.name}|${e.logStreamName}`;
        const list = starts.get(key) ?? [];
        list.push({ ts: e.timestamp, requestId: rid });
        starts.set(key, list);
      }
    }
    assert.ok(ds.invocations.length > 1000 && starts.size > 3, 'the sample loaded');
  });

  after(async () => {
    client?.destroy();
    await server?.close();
  });

  /** The request id of a START line: plain text, or Lambda's JSON platform.start. */
  function startOf(message: string): string | undefined {
    const text = /^START RequestId: (\S+)/.exec(message);
    if (text) return text[1];
    if (!message.startsWith('{"') || !message.includes('"platform.start"')) return undefined;
    const rec = JSON.parse(message) as { type?: string; record?: { requestId?: string } };
    return rec.type === 'platform.start' ? rec.record?.requestId : undefined;
  }

  function requestOf(row: Row): string | undefined {
    for (const k of Object.keys(row)) if (/requestid$/i.test(k) && row[k]) return row[k];
    const msg = row['@message'] ?? '';
    const line = /^(?:\S+\s+)?(?:\[\w+\]\s+)?(?:\S+\s+)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s/.exec(msg)
      ?? /RequestId: ([0-9a-f-]{36})/.exec(msg);
    if (line) return line[1];
    const group = (row['@log'] ?? '').slice((row['@log'] ?? '').indexOf(':') + 1);
    const ts = Date.parse(`${(row['@timestamp'] ?? '').replace(' ', 'T')}Z`);
    const list = starts.get(`${group}|${row['@logStream']}`) ?? [];
    let best: string | undefined;
    for (const s of list) if (s.ts <= ts) best = s.requestId;
    return best;
  }

  async function insights(query: string, opts: { knownFunctions?: boolean } = {}): Promise<Outcome> {
    const local = runQuery(ds, query);
    const t = translateToInsights(local.query, { nowMs: local.nowMs, functions: opts.knownFunctions === false ? undefined : functions, defaultRangeMs: rangeMs });
    let groups = t.logGroups;
    if (groups.length === 0) {
      for (const prefix of t.logGroupPrefixes) {
        let nextToken: string | undefined;
        do {
          const page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }));
          groups.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
          nextToken = page.nextToken;
        } while (nextToken);
      }
      groups = [...new Set(groups)];
    }
    const input = { ...toStartQueryInput(t), logGroupNames: groups };
    const { queryId } = await client.send(new StartQueryCommand(input));
    let rows: Row[] | undefined;
    for (let k = 0; k < 500 && !rows; k++) {
      const r = await client.send(new GetQueryResultsCommand({ queryId }));
      if (r.status === 'Complete') rows = (r.results ?? []).map((cells) => Object.fromEntries(cells.map((c) => [c.field!, c.value ?? ''])));
      else if (r.status !== 'Scheduled' && r.status !== 'Running') throw new Error(`query ${r.status}`);
      else await new Promise((res) => setTimeout(res, 5));
    }
    assert.ok(rows, 'the query completed');
    const requests = rows.map((row) => {
      const rid = requestOf(row);
      assert.ok(rid, `row without a request: ${JSON.stringify(row)}`);
      return rid;
    });
    return { t, groups, rows, requests, local };
  }

  /** True when the invocation's REPORT is Lambda's JSON log format (platform.report). */
  function jsonFormat(requestId: string): boolean {
    return !!ds.invocationByRequestId.get(requestId)?.logs.some((l) => l.message.includes('"type":"platform.report"'));
  }

  /** Complete translation: CloudWatch's rows are the local results, same order and count. */
  function assertSame(o: Outcome): void {
    assert.equal(o.t.residual, '', 'nothing left to check locally');
    assert.equal(o.t.complete, true);
    assert.deepEqual(o.requests, o.local.results.map((r) => r.requestId), `${o.local.query.source}\n  ${o.t.queryString}`);
  }

  /** Incomplete translation: the rows cover every local result, and the residual on just those gives the local results. */
  function assertResidual(o: Outcome): void {
    assert.notEqual(o.t.residual, '');
    const candidates = new Set(o.requests);
    const missing = o.local.results.filter((r) => !candidates.has(r.requestId!));
    assert.deepEqual(missing.map((r) => r.requestId), [], `CloudWatch's rows miss local results\n  ${o.t.queryString}`);
    const residual = parseQuery(o.t.residual);
    const all = runQuery(ds, { ...residual, limit: undefined }, { nowMs: o.local.nowMs }).results.filter((r) => candidates.has(r.requestId!));
    const hybrid = residual.limit === undefined ? all : all.slice(0, residual.limit);
    assert.deepEqual(hybrid.map((r) => r.requestId), o.local.results.map((r) => r.requestId), `${o.local.query.source}: residual "${o.t.residual}"`);
  }

  it('duration>250ms and duration>800ms: REPORT @duration (and JSON record.metrics.durationMs) pushed, rows = local results', async () => {
    const o = await insights('duration>250ms');
    assert.ok(o.local.results.length >= 100, `${o.local.results.length} results`);
    assert.ok(o.local.results.some((r) => r.function === 'shop-notifications' && jsonFormat(r.requestId!)), 'JSON-format invocations among them');
    assertSame(o);
    assert.ok(o.rows.every((r) => Number(r.invDuration ?? r['@duration']) > 250));
    const slow = await insights('duration>800ms');
    assert.equal(slow.local.results.length, 1, 'the sample\'s one invocation over 800 ms: the billing timeout');
    assertSame(slow);
  });

  it('function:shop-notifications duration>200ms sort:duration desc limit:20: sort and limit pushed, same rows in the same order', async () => {
    const o = await insights('function:shop-notifications duration>200ms sort:duration desc limit:20');
    assert.equal(o.rows.length, 20);
    assert.ok(o.local.results.some((r) => jsonFormat(r.requestId!)) && o.local.results.some((r) => !jsonFormat(r.requestId!)), 'text and JSON REPORTs mixed');
    assertSame(o);
  });

  it('sort:duration desc limit:15 and sort:start desc limit:20: top N of everything', async () => {
    assertSame(await insights('sort:duration desc limit:15'));
    assertSame(await insights('sort:start desc limit:20'));
  });

  it('status:error: a superset on CloudWatch (ERROR lines), the residual keeps the failed invocations', async () => {
    const o = await insights('status:error');
    assert.ok(o.local.results.length >= 5);
    assert.ok(new Set(o.requests).size > o.local.results.length, 'ERROR lines of invocations that did not fail came back too (auth warnings)');
    assertResidual(o);
  });

  it('Find Errors (status:error|timeout|crash sort:start desc): the residual orders and keeps them', async () => {
    const o = await insights('status:error|timeout|crash sort:start desc');
    assert.deepEqual(new Set(o.local.results.map((r) => r.status)), new Set(['error', 'timeout', 'crash']));
    assertResidual(o);
  });

  it('coldstart:true and Find Cold Starts (coldstart:true sort:duration desc): @initDuration / initDurationMs pushed', async () => {
    const o = await insights('coldstart:true');
    assert.ok(o.local.results.length >= 10 && o.local.results.some((r) => r.function === 'shop-notifications'));
    assertSame(o);
    assertSame(await insights('coldstart:true sort:duration desc'));
  });

  it('coldstart:false function:shop-notifications sort:duration desc limit:5', async () => {
    const o = await insights('coldstart:false function:shop-notifications sort:duration desc limit:5');
    assert.deepEqual(o.groups, ['/aws/lambda/shop-notifications']);
    assertSame(o);
  });

  it('function:shop-orders-* duration>=200ms: the glob expands to the known functions\' log groups', async () => {
    const o = await insights('function:shop-orders-* duration>=200ms');
    assert.deepEqual(o.groups, ['/aws/lambda/shop-orders-api']);
    assert.ok(o.local.results.length > 0);
    assertSame(o);
  });

  it('function:shop-* with no known functions: a log group prefix (DescribeLogGroups) and the glob checked locally', async () => {
    const o = await insights('function:shop-* duration>300ms sort:duration desc limit:25', { knownFunctions: false });
    assert.deepEqual(o.t.logGroupPrefixes, ['/aws/lambda/shop-']);
    assert.deepEqual([...o.groups].sort(), ['/aws/lambda/shop-billing', '/aws/lambda/shop-notifications', '/aws/lambda/shop-orders-api']);
    assertResidual(o);
  });

  it('Find Timeouts (status:timeout sort:start desc): "Task timed out" pushed', async () => {
    const o = await insights('status:timeout sort:start desc');
    assert.equal(o.local.results.length, 1);
    assertSame(o);
  });

  it('Find Slow (duration>p95 sort:duration desc limit:10): REPORT rows come back, the percentile is local', async () => {
    const o = await insights('duration>p95 sort:duration desc limit:10');
    assertResidual(o);
  });

  it('request:<id> and trace:<id> of a JSON-format invocation', async () => {
    const inv = ds.invocations.find((i) => jsonFormat(i.requestId) && i.traceId)!;
    assert.ok(inv, 'a JSON-format invocation');
    assertSame(await insights(`request:${inv.requestId}`));
    const o = await insights(`trace:${inv.traceId}`);
    assert.ok(o.local.results.length >= 1);
    assertResidual(o);
  });

  it('free text ("Expired token"): case-insensitive regex on @message, checked again locally', async () => {
    const o = await insights('"expired token"');
    assert.ok(o.local.results.length >= 10);
    assertResidual(o);
  });

  it('since:1h duration>300ms: the time range is StartQuery\'s', async () => {
    const o = await insights('since:1h duration>300ms');
    assert.ok(o.local.results.length > 0 && o.local.results.length < runQuery(ds, 'duration>300ms').results.length);
    if (o.t.complete) assertSame(o);
    else assertResidual(o);
  });
});

// The loopback's Insights evaluator on hand-written events, so the comparison above rests on known semantics.
describe('loopback Logs Insights evaluator', () => {
  const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
  const G = '/aws/lambda/fn';
  const ev = (k: number, message: string, stream = 's1'): ScanEvent => ({
    event: { timestamp: T0 + k * 1000, message, logStreamName: stream, ingestionTime: T0 + k * 1000 + 5, eventId: `e${k}` },
    group: G, ptr: `${G}#${k}`,
  });
  const events: ScanEvent[] = [
    ev(0, 'START RequestId: r1 Version: $LATEST\n'),
    ev(1, '2026-11-20T10:00:01.000Z\tr1\tERROR\tInvoke Error \t{"errorType":"Boom","errorMessage":"bad","stack":["a","b"]}\n'),
    ev(2, 'REPORT RequestId: r1\tDuration: 250.50 ms\tBilled Duration: 251 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 300.00 ms\t\nXRAY TraceId: 1-6b000000-000000000000000000000001\tSegmentId: 00000000000000aa\tSampled: true\t\n'),
    ev(3, '{"time":"2026-11-20T10:00:03.000Z","type":"platform.report","record":{"requestId":"r2","metrics":{"durationMs":99.5,"initDurationMs":12.5},"status":"success"}}', 's2'),
    ev(4, '{"time":"2026-11-20T10:00:04.000Z","type":"platform.report","record":{"requestId":"r3","metrics":{"durationMs":1200},"status":"timeout"}}', 's2'),
    ev(5, 'user=alice action=login took 12ms'),
  ];
  const run = (qs: string) => runPlan(parseInsights(qs), events, '123456789012').rows;

  it('discovers Lambda text fields, JSON fields flattened with dots, and the first JSON fragment of a text line', () => {
    const [r] = run('filter @type = "REPORT" | fields @requestId, @duration, @initDuration, @memorySize, @maxMemoryUsed, @xrayTraceId, @xraySegmentId');
    assert.deepEqual(r, {
      '@requestId': 'r1', '@duration': '250.5', '@initDuration': '300', '@memorySize': '128000000', '@maxMemoryUsed': '70000000',
      '@xrayTraceId': '1-6b000000-000000000000000000000001', '@xraySegmentId': '00000000000000aa', '@ptr': `${G}#2`,
    });
    assert.deepEqual(run('filter type = "platform.report" | fields record.requestId, record.metrics.durationMs').map((x) => [x['record.requestId'], x['record.metrics.durationMs']]), [['r2', '99.5'], ['r3', '1200']]);
    assert.deepEqual(run('filter errorType = "Boom" | fields errorMessage, stack.1'), [{ errorMessage: 'bad', 'stack.1': 'b', '@ptr': `${G}#1` }]);
    assert.equal(run('filter ispresent(@type) and @type = "REPORT"').length, 1, 'JSON events have no @type');
  });

  it('fields: coalesce, arithmetic and toMillis under aliases, usable by later commands', () => {
    const rows = run('fields coalesce(@requestId, record.requestId) as rid, coalesce(@duration, record.metrics.durationMs) as d, toMillis(@timestamp) - coalesce(@duration, record.metrics.durationMs) as s'
      + ' | filter @type = "REPORT" or type = "platform.report" | filter d > 100 | sort s desc');
    assert.deepEqual(rows.map((r) => [r.rid, r.d, r.s]), [['r3', '1200', String(T0 + 4000 - 1200)], ['r1', '250.5', String(T0 + 2000 - 250.5)]]);
    assert.deepEqual(Object.keys(rows[0]), ['rid', 'd', 's', '@ptr'], 'only the fields asked for, and @ptr');
  });

  it('filter: like /regex/ (with (?i)), like "substring", =~, not like, in, and null comparisons', () => {
    assert.equal(run('filter @message like /invoke error/').length, 0);
    assert.equal(run('filter @message like /(?i)invoke error/').length, 1);
    assert.equal(run('filter @message like "action=login"').length, 1);
    assert.equal(run('filter @message =~ /Task timed out|Init Duration/').length, 1);
    assert.equal(run('filter @message not like /REPORT|START/').length, 4);
    assert.deepEqual(run('filter record.requestId in ["r3", "r9"] | fields record.requestId').map((r) => r['record.requestId']), ['r3']);
    assert.equal(run('filter record.requestId not in ["r3"]').length, 1, 'rows without the field are neither in nor not in');
    assert.equal(run('filter not (@duration > 100)').length, 0, 'a comparison with a missing field is neither true nor false');
    assert.equal(run('filter not ispresent(@initDuration) and not ispresent(record.metrics.initDurationMs)').length, 4);
  });

  it('parse: a glob with * and a regex with named groups', () => {
    assert.deepEqual(run('parse @message "user=* action=* took *ms" as user, action, ms | filter ispresent(user) | fields user, action, ms')
      .map((r) => [r.user, r.action, r.ms]), [['alice', 'login', '12']]);
    assert.deepEqual(run('parse @message /Duration: (?<dur>[\\d.]+) ms/ | filter ispresent(dur) | fields dur').map((r) => r.dur), ['250.50']);
  });

  it('sort: numbers after text, missing values last, several keys; limit; default columns', () => {
    const rows = run('fields coalesce(@duration, record.metrics.durationMs, @type) as k | sort k asc');
    assert.deepEqual(rows.map((r) => r.k), ['START', '99.5', '250.5', '1200', undefined, undefined]);
    assert.deepEqual(run('sort @logStream desc, @timestamp asc | limit 3 | fields @logStream, @timestamp').map((r) => r['@timestamp']),
      ['2026-11-20 10:00:03.000', '2026-11-20 10:00:04.000', '2026-11-20 10:00:00.000']);
    assert.deepEqual(Object.keys(run('limit 1')[0]), ['@timestamp', '@message', '@ptr']);
  });

  it('refuses what it does not evaluate (stats, unknown functions, bad syntax) as MalformedQueryException', () => {
    for (const qs of ['stats count(*) by bin(5m)', 'filter nosuch(@message)', 'filter @duration >', 'fields @message | | limit 1', 'filter @message like /unclosed']) {
      assert.throws(() => run(qs), (e: Error & { code?: string }) => e.code === 'MalformedQueryException', qs);
    }
  });
});
