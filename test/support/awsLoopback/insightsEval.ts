// A tiny Logs Insights: `fields`, `filter` (conjunctions of comparisons), `sort`, `limit` over the dataset, with
// Lambda's discovered fields (@type, @requestId, @duration, @xrayTraceId ...). Results are capped at 10,000 rows,
// queries run Scheduled -> Running -> Complete, and at most `maxConcurrent` run at once (30 by default, the
// concurrency StartQuery's reference states).
import { ApiError, Json, num, str } from './apiError';
import type { LoopDataset, LoopEvent } from './dataset';
import { lowerBound } from './logsApi';

export const ROW_CAP = 10_000;

interface Query {
  id: string;
  startedAt: number;
  rows: Record<string, string>[];
  scanned: number;
  done: boolean;
  stopped: boolean;
}

type Cond = { field: string; op: string; value: string | number };

export class InsightsEngine {
  private readonly queries = new Map<string, Query>();
  private seq = 0;
  readonly maxConcurrent: number;
  readonly runMs: number;
  /** Every StartQuery accepted, for tests: the ranges asked for. */
  readonly started: { logGroups: string[]; startTime: number; endTime: number; queryString: string; rows: number }[] = [];

  constructor(readonly ds: LoopDataset, opts: { maxConcurrent?: number; runMs?: number } = {}) {
    this.maxConcurrent = opts.maxConcurrent ?? 30;
    this.runMs = opts.runMs ?? 30;
  }

  start(body: Json): Json {
    const groups = Array.isArray(body.logGroupNames) ? (body.logGroupNames as string[])
      : Array.isArray(body.logGroupIdentifiers) ? (body.logGroupIdentifiers as string[]) : str(body.logGroupName) ? [String(body.logGroupName)] : [];
    if (groups.length === 0 || groups.length > 50) throw new ApiError('InvalidParameterException', 'between 1 and 50 log groups are required');
    const startTime = num(body.startTime, 'startTime');
    const endTime = num(body.endTime, 'endTime');
    if (startTime === undefined || endTime === undefined || endTime < startTime) throw new ApiError('InvalidParameterException', 'startTime and endTime (epoch seconds) are required');
    const running = [...this.queries.values()].filter((q) => !q.done && !q.stopped).length;
    if (running >= this.maxConcurrent) throw new ApiError('LimitExceededException', `Account maximum query concurrency limit of [${this.maxConcurrent}] reached.`);
    const queryString = str(body.queryString) ?? '';
    const plan = parse(queryString);
    const cap = Math.min(ROW_CAP, num(body.limit, 'limit') ?? ROW_CAP, plan.limit ?? ROW_CAP);
    let matched: { f: Record<string, string | number>; ptr: string }[] = [];
    let scanned = 0;
    for (const name of groups) {
      const g = this.ds.groups.get(name.replace(/^arn:.*:log-group:/, '').replace(/:\*$/, ''));
      if (!g) throw new ApiError('ResourceNotFoundException', `Log group ${name} does not exist`);
      // Insights time range: whole seconds, both ends included.
      const lo = lowerBound(g.store, startTime * 1000);
      const hi = lowerBound(g.store, (endTime + 1) * 1000);
      for (let i = lo; i < hi; i++) {
        scanned++;
        const f = fieldsOf(g.store.at(i), g.name, this.ds.accountId);
        if (plan.filter.every((c) => test(f, c))) matched.push({ f, ptr: `${g.name}#${i}` });
      }
    }
    if (plan.sort) {
      const { field, desc } = plan.sort;
      matched.sort((a, b) => cmp(a.f[field], b.f[field]) * (desc ? -1 : 1));
    }
    matched = matched.slice(0, cap);
    const fields = plan.fields ?? ['@timestamp', '@message'];
    const rows = matched.map((m) => {
      const r: Record<string, string> = {};
      for (const k of fields) if (m.f[k] !== undefined) r[k] = String(m.f[k]);
      r['@ptr'] = m.ptr;
      return r;
    });
    const id = `q-${++this.seq}-${Date.now().toString(16)}`;
    this.queries.set(id, { id, startedAt: performance.now(), rows, scanned, done: false, stopped: false });
    this.started.push({ logGroups: groups, startTime, endTime, queryString, rows: rows.length });
    return { queryId: id };
  }

  results(body: Json): Json {
    const q = this.queries.get(str(body.queryId) ?? '');
    if (!q) throw new ApiError('ResourceNotFoundException', 'The query does not exist');
    if (q.stopped) return { status: 'Cancelled', results: [] };
    if (!q.done && performance.now() - q.startedAt < this.runMs) {
      return { status: performance.now() - q.startedAt < this.runMs / 2 ? 'Scheduled' : 'Running', results: [] };
    }
    q.done = true;
    return {
      status: 'Complete',
      results: q.rows.map((r) => Object.entries(r).map(([field, value]) => ({ field, value }))),
      statistics: { recordsMatched: q.rows.length, recordsScanned: q.scanned, bytesScanned: q.scanned * 200 },
    };
  }

  stop(body: Json): Json {
    const q = this.queries.get(str(body.queryId) ?? '');
    if (!q || q.done) return { success: false };
    q.stopped = true;
    return { success: true };
  }
}

function parse(qs: string): { fields?: string[]; filter: Cond[]; sort?: { field: string; desc: boolean }; limit?: number } {
  const out: { fields?: string[]; filter: Cond[]; sort?: { field: string; desc: boolean }; limit?: number } = { filter: [] };
  for (const part of qs.split('|').map((p) => p.trim()).filter(Boolean)) {
    const [cmd, ...restWords] = part.split(/\s+/);
    const rest = part.slice(cmd.length).trim();
    switch (cmd) {
      case 'fields': out.fields = rest.split(',').map((f) => f.trim()).filter(Boolean); break;
      case 'filter':
        for (const c of rest.split(/\s+and\s+/i)) {
          const m = /^(@?[\w.]+)\s*(=|!=|>=|<=|>|<)\s*("(?:[^"]*)"|'[^']*'|-?[\d.]+)$/.exec(c.trim());
          if (!m) throw new ApiError('MalformedQueryException', `unsupported filter: ${c}`);
          const v = m[3];
          out.filter.push({ field: m[1], op: m[2], value: /^["']/.test(v) ? v.slice(1, -1) : Number(v) });
        }
        break;
      case 'sort': out.sort = { field: restWords[0], desc: (restWords[1] ?? 'asc').toLowerCase() === 'desc' }; break;
      case 'limit': out.limit = Number(restWords[0]); break;
      default: throw new ApiError('MalformedQueryException', `unsupported command: ${cmd}`);
    }
  }
  return out;
}

const REPORT = /^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB(?:\tInit Duration: ([\d.]+) ms)?/;

function fieldsOf(e: LoopEvent, group: string, account: string): Record<string, string | number> {
  const f: Record<string, string | number> = {
    '@timestamp': insightsTime(e.timestamp),
    '@message': e.message,
    '@logStream': e.logStreamName,
    '@log': `${account}:${group}`,
    '@ingestionTime': insightsTime(e.ingestionTime),
  };
  const m = REPORT.exec(e.message);
  if (m) {
    Object.assign(f, { '@type': 'REPORT', '@requestId': m[1], '@duration': Number(m[2]), '@billedDuration': Number(m[3]), '@memorySize': Number(m[4]), '@maxMemoryUsed': Number(m[5]) });
    if (m[6]) f['@initDuration'] = Number(m[6]);
    const x = /XRAY TraceId: (\S+)/.exec(e.message);
    if (x) f['@xrayTraceId'] = x[1];
    return f;
  }
  const se = /^(START|END) RequestId: (\S+)/.exec(e.message);
  if (se) Object.assign(f, { '@type': se[1], '@requestId': se[2] });
  else if (e.message.startsWith('{')) {
    try {
      const o = JSON.parse(e.message) as Record<string, unknown>;
      for (const [k, v] of Object.entries(o)) if (typeof v === 'string' || typeof v === 'number') f[k] = v;
    } catch { /* not JSON after all */ }
  }
  return f;
}

export function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function test(f: Record<string, string | number>, c: Cond): boolean {
  const v = f[c.field];
  if (v === undefined) return false;
  const d = cmp(v, c.value);
  switch (c.op) {
    case '=': return d === 0;
    case '!=': return d !== 0;
    case '>': return d > 0;
    case '>=': return d >= 0;
    case '<': return d < 0;
    default: return d <= 0;
  }
}

function cmp(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}
