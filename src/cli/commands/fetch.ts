// `trace-explorer fetch`: CloudWatch Logs (and X-Ray) of a time range to files every other command reads:
// `logs/<group>.json` and `spans/aws-spans.json` as CloudWatch exports, `xray/batch-get-traces.json`.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import type { Io } from '../args';
import { UsageError } from '../args';
import { AwsFetchError, CloudWatchSource, explainAwsError, InvocationsSource, parseTime, slowestInvocations, SPANS_GROUP, XRaySource } from '../../core/aws';
import type { RawEvent } from '../../core/aws';
import type { Sink } from '../../core/readers/types';

export const fetchHelp =
  'fetch --log-group <name>... [--spans] [--xray] [--slowest N] --since <time> [--until <time>] [--profile p] [--region r] [--endpoint url] --out <dir>   download CloudWatch Logs / X-Ray to files (--slowest: only the N slowest invocations, found with Logs Insights)';

/** Exit status for a failed AWS call (1 and 2 mean unreadable input and usage errors). */
const EXIT_AWS = 3;

const NULL_SINK: Sink = { log() {}, span() {}, skip() {} };

export async function fetchCommand(argv: string[], io: Io): Promise<number> {
  // The SDK warns on Node 20 about SDK releases after January 2027; the installed SDK is pinned by the lockfile, so the
  // warning would only clutter stderr that scripts read. Set the variable to 'false' to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    args: argv,
    options: {
      'log-group': { type: 'string', multiple: true, default: [] },
      spans: { type: 'boolean' },
      xray: { type: 'boolean' },
      since: { type: 'string' },
      until: { type: 'string' },
      profile: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      out: { type: 'string' },
      slowest: { type: 'string' },
    },
  });
  const groups = (values['log-group'] ?? []).map((g) => (g.startsWith('/') || g === SPANS_GROUP ? g : `/aws/lambda/${g}`));
  if (groups.length === 0 && !values.spans && !values.xray) throw new UsageError('give at least one --log-group, --spans or --xray');
  if (!values.since) throw new UsageError('--since is required (e.g. 1h, 2d, 2026-11-20T10:00:00Z)');
  if (!values.out) throw new UsageError('--out <dir> is required');
  const now = Date.now();
  const startMs = parseTime(values.since, now);
  const endMs = values.until ? parseTime(values.until, now) : now;
  if (startMs === undefined) throw new UsageError(`--since "${values.since}" is not a time`);
  if (endMs === undefined) throw new UsageError(`--until "${values.until}" is not a time`);
  if (endMs <= startMs) throw new UsageError('--until must be later than --since');
  const slowest = values.slowest !== undefined ? Number(values.slowest) : undefined;
  if (slowest !== undefined && !(Number.isInteger(slowest) && slowest > 0 && slowest <= 10_000)) throw new UsageError('--slowest takes a number of invocations from 1 to 10000');
  if (slowest !== undefined && groups.filter((g) => g !== SPANS_GROUP).length === 0) throw new UsageError('--slowest needs at least one --log-group');
  const conn = { profile: values.profile, region: values.region, endpoint: values.endpoint };
  const out = values.out;

  const writers = new Map<string, ExportWriter>();
  const counts = new Map<string, number>();
  const onEvents = (group: string, events: RawEvent[]) => {
    let w = writers.get(group);
    if (!w) writers.set(group, (w = new ExportWriter(path.join(out, group === SPANS_GROUP ? 'spans' : 'logs', `${fileName(group)}.json`), group)));
    w.add(events);
    counts.set(group, (counts.get(group) ?? 0) + events.length);
  };
  try {
    if (slowest !== undefined) {
      // The scan runs on CloudWatch (Logs Insights); only the invocations it finds are downloaded.
      const logGroups = groups.filter((g) => g !== SPANS_GROUP);
      const found = await slowestInvocations(conn, { logGroups, startMs, endMs, top: slowest });
      io.out(`Logs Insights: ${found.length} slowest invocation(s), ${found.map((f) => `${f.durationMs.toFixed(0)} ms`).slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}`);
      await new InvocationsSource({ ...conn, invocations: found, spans: values.spans, onEvents }).load(NULL_SINK);
    } else if (groups.length > 0 || values.spans) {
      const source = new CloudWatchSource({
        ...conn, logGroups: groups.filter((g) => g !== SPANS_GROUP), spans: values.spans || groups.includes(SPANS_GROUP), startMs, endMs, parse: false, onEvents,
      });
      await source.load(NULL_SINK);
      // Groups without events in the range still get a (empty) file, so the output says what was asked.
      for (const g of source.groups()) if (!writers.has(g)) writers.set(g, new ExportWriter(path.join(out, g === SPANS_GROUP ? 'spans' : 'logs', `${fileName(g)}.json`), g));
    }
    let traces = 0;
    if (values.xray) {
      const all: unknown[] = [];
      const xs = new XRaySource({ ...conn, startMs, endMs, onBatch: (b) => { all.push(...b.Traces); } });
      await xs.load(NULL_SINK);
      traces = all.length;
      fs.mkdirSync(path.join(out, 'xray'), { recursive: true });
      fs.writeFileSync(path.join(out, 'xray', 'batch-get-traces.json'), JSON.stringify({ Traces: all, UnprocessedTraceIds: [] }, null, 1));
    }
    for (const w of writers.values()) await w.close();
    for (const [g, w] of [...writers].sort()) io.out(`${g}: ${(counts.get(g) ?? 0).toLocaleString('en-US')} events -> ${w.file}`);
    if (values.xray) io.out(`X-Ray: ${traces.toLocaleString('en-US')} traces -> ${path.join(out, 'xray', 'batch-get-traces.json')}`);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    io.out(`fetched ${total.toLocaleString('en-US')} events from ${writers.size} log group(s)${values.xray ? ` and ${traces} X-Ray traces` : ''} (${new Date(startMs).toISOString()} .. ${new Date(endMs).toISOString()})`);
    return 0;
  } catch (err) {
    for (const w of writers.values()) await w.close().catch(() => undefined);
    const e = err instanceof AwsFetchError ? err : await explainAwsError(err, { ...conn });
    io.err(`trace-explorer fetch: ${e.code}: ${e.message}`);
    return EXIT_AWS;
  }
}

/** `/aws/lambda/shop-billing` -> `shop-billing`; other names keep their characters that are safe in file names. */
function fileName(group: string): string {
  return group.replace(/^\/aws\/lambda\//, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'log-group';
}

/** Streams `{"logGroupName": ..., "events": [...]}` to disk as pages arrive, so a big fetch never sits in memory. */
class ExportWriter {
  private readonly stream: fs.WriteStream;
  private first = true;

  constructor(readonly file: string, group: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.stream = fs.createWriteStream(file);
    this.stream.write(`{"logGroupName": ${JSON.stringify(group)}, "events": [`);
  }

  add(events: RawEvent[]): void {
    if (events.length === 0) return;
    const text = events.map((e) => JSON.stringify({ logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })).join(',\n');
    this.stream.write((this.first ? '\n' : ',\n') + text);
    this.first = false;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.stream.closed || this.stream.writableEnded) return resolve();
      this.stream.end('\n]}\n', () => resolve());
      this.stream.once('error', reject);
    });
  }
}
