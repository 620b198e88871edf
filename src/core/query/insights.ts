// Translates a query into a CloudWatch Logs Insights query over Lambda log groups: what CloudWatch
// can answer (function -> log groups, REPORT duration, cold start via the init duration, timeouts,
// errors, request id, time range, sort, limit) is pushed down; the rest is the `residual`, in the
// query language, to be evaluated locally on what comes back.
//
// Insights filters one log line at a time. REPORT lines carry one row per invocation with the duration
// and init duration; "Task timed out" and error lines are other lines, so a query cannot require
// both on the same row: when REPORT conditions exist, line conditions stay in the residual.
//
// Lambda writes REPORT in one of two forms: a text line, for which Insights discovers @type = "REPORT",
// @requestId, @duration and @initDuration; or, with the JSON log format, a {"type":"platform.report",
// "record":{...}} event whose fields are type, record.requestId, record.metrics.durationMs and
// record.metrics.initDurationMs (no @type, no @duration). The query reads both: REPORT rows are
// `@type = "REPORT" or type = "platform.report"`, and the aliases invRequestId, invDuration and
// invStart (REPORT time minus duration: when the invocation started) coalesce the two spellings.
import type { Expr, Query, Term } from './ast';
import { parseQuery } from './parser';
import { printExpr } from './format';
import { timeOf } from './evaluate';
import { globToRegExp, isGlob } from './values';
import { toXrayTraceId } from '../ids';

export interface InsightsOptions {
  /** Reference time for since:/until: and the default range. Live data: Date.now(). */
  nowMs: number;
  /** Known function names (e.g. from ListFunctions), to expand `function:` globs to log groups. */
  functions?: string[];
  logGroupOf?: (fn: string) => string;
  /** Range when the query has no since: (default 1 hour). */
  defaultRangeMs?: number;
}

export interface InsightsTranslation {
  /** Log groups to query; empty with `logGroupPrefixes` set when a glob could not be expanded. */
  logGroups: string[];
  /** Prefixes to resolve with DescribeLogGroups(logGroupNamePrefix) when functions were unknown. */
  logGroupPrefixes: string[];
  queryString: string;
  /** Epoch seconds, as StartQuery wants them. */
  startTime: number;
  endTime: number;
  /** What CloudWatch cannot answer, as query text ('' when everything was pushed down). */
  residual: string;
  /** True when sort and limit were pushed, so CloudWatch's rows are already the final order and count. */
  complete: boolean;
}

/** Rows StartQuery returns at most; used when the limit must be applied locally after the residual. */
export const INSIGHTS_MAX_ROWS = 10_000;
export const LAMBDA_LOG_GROUP = (fn: string): string => `/aws/lambda/${fn}`;
/** The two spellings of a REPORT (see above), for every Insights query over Lambda log groups. */
export const REPORT_INSIGHTS = {
  rows: '@type = "REPORT" or type = "platform.report"',
  duration: 'coalesce(@duration, record.metrics.durationMs)',
  requestId: 'coalesce(@requestId, record.requestId, requestId)',
  traceHeader: 'coalesce(@xrayTraceId, record.tracing.value)',
} as const;
const DURATION = REPORT_INSIGHTS.duration;
const FIELDS = `fields @timestamp, @log, @logStream, @message, ${REPORT_INSIGHTS.requestId} as invRequestId, ${DURATION} as invDuration, toMillis(@timestamp) - ${DURATION} as invStart`;
const REPORT_ROWS = REPORT_INSIGHTS.rows;

type Clause = { text: string; line: 'report' | 'message'; exact: boolean };

export function translateToInsights(query: Query | string, opts: InsightsOptions): InsightsTranslation {
  const q = typeof query === 'string' ? parseQuery(query) : query;
  const logGroupOf = opts.logGroupOf ?? LAMBDA_LOG_GROUP;
  const endMs = q.until ? timeOf(q.until, opts.nowMs) : opts.nowMs;
  const startMs = q.since ? timeOf(q.since, opts.nowMs) : endMs - (opts.defaultRangeMs ?? 3_600_000);
  const range = { startTime: Math.floor(startMs / 1000), endTime: Math.ceil(endMs / 1000) };
  const kind = q.kind ?? (q.spanOnly ? 'span' : 'invocation');
  const all = topLevel(q.expr);

  if (kind === 'span') {
    // Spans (aws/spans) are evaluated locally for now: the whole query is residual.
    return {
      logGroups: ['aws/spans'], logGroupPrefixes: [], ...range,
      queryString: `${FIELDS} | sort @timestamp desc | limit ${INSIGHTS_MAX_ROWS}`,
      residual: residualText(q, all), complete: false,
    };
  }

  const residual: Expr[] = [];
  const clauses: { clause: Clause; term: Term }[] = [];
  let logGroups: string[] = [];
  let logGroupPrefixes: string[] = [];
  let groupsChosen = false;
  for (const e of all) {
    if (e.type === 'and' || e.type === 'or' || e.type === 'not') { residual.push(e); continue; }
    if (e.type === 'name' && e.field === 'function' && !groupsChosen) {
      groupsChosen = true;
      const r = functionGroups(e.patterns, opts.functions, logGroupOf);
      logGroups = r.logGroups;
      logGroupPrefixes = r.prefixes;
      if (!r.exact) residual.push(e);
      continue;
    }
    const clause = clauseOf(e);
    if (clause) clauses.push({ clause, term: e });
    else residual.push(e);
  }
  if (!groupsChosen) logGroupPrefixes = [logGroupOf('')];

  // One row type per query: REPORT rows when any condition needs them (or to sort by duration).
  // Cost is not in the logs: sort:cost fetches REPORT rows by duration (cost's main factor) and re-sorts locally.
  const costSort = q.sort?.key === 'cost';
  const reportMode = clauses.some((c) => c.clause.line === 'report') || q.sort?.key === 'duration' || costSort
    || !clauses.some((c) => c.clause.line === 'message');
  const filters: string[] = reportMode ? [REPORT_ROWS] : [];
  // Two message conditions ANDed would need both on one line, but they may sit on different lines
  // of the same invocation: push at most one (an exact one first), keep the others local.
  const messageClauses = clauses.filter((c) => c.clause.line === 'message');
  const pushedMessage = reportMode ? undefined : messageClauses.find((c) => c.clause.exact) ?? messageClauses[0];
  for (const c of clauses) {
    const { clause, term } = c;
    if (clause.line === 'message' && c !== pushedMessage) { residual.push(term); continue; }
    filters.push(clause.text);
    if (!clause.exact) residual.push(term);
  }

  const parts = [FIELDS, ...filters.map((f) => `filter ${f}`)];
  const complete = residual.length === 0 && !costSort;
  // Start order: REPORT rows know when their invocation started; other lines sort by their own time.
  const start = reportMode ? 'invStart' : '@timestamp';
  const sort = q.sort ?? { key: 'start', dir: 'asc' };
  parts.push(sort.key === 'duration' || sort.key === 'cost' ? `sort invDuration ${sort.dir}` : sort.key === 'start' ? `sort ${start} ${sort.dir}` : `sort @log ${sort.dir}`);
  // A limit applied before the local residual would drop rows the residual keeps: fetch the most then.
  parts.push(`limit ${complete && q.limit !== undefined ? Math.min(q.limit, INSIGHTS_MAX_ROWS) : INSIGHTS_MAX_ROWS}`);
  return {
    logGroups, logGroupPrefixes, ...range, queryString: parts.join(' | '),
    residual: costSort && residual.length === 0
      ? `sort:cost ${sort.dir}${q.limit !== undefined ? ` limit:${q.limit}` : ''}` : residualText(q, residual, !complete),
    complete,
  };
}

/** The StartQuery request (the AWS source's hook; the loopback CloudWatch tests send exactly this). */
export function toStartQueryInput(t: InsightsTranslation): { logGroupNames: string[]; queryString: string; startTime: number; endTime: number } {
  return { logGroupNames: t.logGroups, queryString: t.queryString, startTime: t.startTime, endTime: t.endTime };
}

function topLevel(expr: Expr | undefined): Expr[] {
  if (!expr) return [];
  return expr.type === 'and' ? expr.items : [expr];
}

function clauseOf(t: Term): Clause | undefined {
  switch (t.type) {
    case 'duration':
      return t.ms === undefined ? undefined : { text: `invDuration ${t.op} ${round(t.ms)}`, line: 'report', exact: true };
    case 'coldstart':
      return {
        text: t.value ? 'ispresent(@initDuration) or ispresent(record.metrics.initDurationMs)' : 'not ispresent(@initDuration) and not ispresent(record.metrics.initDurationMs)',
        line: 'report', exact: true,
      };
    case 'request':
      // Every REPORT row names its request; other lines may not (Python tracebacks, JSON lines without requestId).
      return { text: `invRequestId = ${JSON.stringify(t.requestId)}`, line: 'report', exact: true };
    case 'trace':
      // The id appears on REPORT (XRAY TraceId) and in log lines, in X-Ray form; a superset, checked locally.
      return { text: `@message like /${t.traceId}|${toXrayTraceId(t.traceId)}/`, line: 'message', exact: false };
    case 'status': {
      const pats = t.values.map((v) => (v === 'timeout' ? 'Task timed out' : v === 'error' ? 'ERROR' : v === 'crash' ? 'Runtime\\.ExitError|Runtime exited' : undefined));
      if (pats.some((p) => p === undefined)) return undefined; // status:ok is an absence: local only
      const onlyTimeout = t.values.every((v) => v === 'timeout');
      return { text: `@message like /${pats.join('|')}/`, line: 'message', exact: onlyTimeout };
    }
    case 'text':
      return { text: `@message like /(?i)${escapeRegex(t.text)}/`, line: 'message', exact: false };
    default:
      return undefined;
  }
}

function functionGroups(patterns: string[], known: string[] | undefined, logGroupOf: (fn: string) => string): { logGroups: string[]; prefixes: string[]; exact: boolean } {
  const logGroups: string[] = [];
  const prefixes: string[] = [];
  let exact = true;
  for (const p of patterns) {
    if (!isGlob(p)) {
      const name = known?.find((f) => f.toLowerCase() === p.toLowerCase()) ?? p;
      logGroups.push(logGroupOf(name));
    } else if (known) {
      const re = globToRegExp(p);
      logGroups.push(...known.filter((f) => re.test(f)).map(logGroupOf));
    } else {
      // Unknown functions: the literal text before the first wildcard narrows the log groups; the glob is checked locally.
      prefixes.push(logGroupOf(p.slice(0, p.search(/[*?]/))));
      exact = false;
    }
  }
  return { logGroups: [...new Set(logGroups)], prefixes, exact };
}

function residualText(q: Query, exprs: Expr[], withSortLimit = true): string {
  const parts = exprs.map((e) => (e.type === 'or' ? `(${printExpr(e, q.source)})` : printExpr(e, q.source)));
  if (q.kind) parts.unshift(`kind:${q.kind}`);
  if (withSortLimit && q.sort) parts.push(`sort:${q.sort.key} ${q.sort.dir}`);
  if (withSortLimit && q.limit !== undefined) parts.push(`limit:${q.limit}`);
  return exprs.length === 0 ? '' : parts.join(' ');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
