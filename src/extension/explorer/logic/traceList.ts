// Sorting, filtering and paging of the trace list on the host, so the webview only ever holds
// the page it draws. The sorted/filtered order is cached per query: paging 100,000 traces is a slice.
import type { CostModel } from '../../../core/cost/model';
import type { Trace } from '../../../core/model';
import { ListQuery, TraceListRow } from '../../../protocol/messages';
import { httpDetails } from './httpDetails';
import { isEmptyFilter, parseFilter, TraceFilter } from './traceFilter';

interface Entry {
  trace: Trace;
  row: TraceListRow;
  /** Lower-case text the filter's words match against. */
  text: string;
  functions: string[];
  services: string[];
  fnKey: string;
}

export class TraceList {
  private entries?: Entry[];
  private cacheKey = '';
  private cached: Entry[] = [];

  /** With a cost model, rows carry `costUsd` and the list sorts by it. */
  constructor(private readonly traces: readonly Trace[], readonly cost?: CostModel) {}

  get total(): number { return this.traces.length; }

  /** Traces matching the query, in its order. */
  query(q: ListQuery): readonly Entry[] {
    const key = `${q.sort}|${q.dir}|${q.filter.trim().toLowerCase()}`;
    if (key !== this.cacheKey) {
      const f = parseFilter(q.filter);
      const all = this.allEntries();
      const matched = isEmptyFilter(f) ? all.slice() : all.filter((e) => matches(e, f));
      if (q.sort === 'cost') for (const e of matched) this.costOf(e);
      matched.sort(comparator(q));
      this.cached = matched;
      this.cacheKey = key;
    }
    return this.cached;
  }

  /** Position of a trace in the query's list (filtered and sorted), -1 when the filter leaves it out. */
  indexOf(q: ListQuery, traceId: string): number {
    const list = this.query(q);
    for (let i = 0; i < list.length; i++) if (list[i].trace.traceId === traceId) return i;
    return -1;
  }

  page(q: ListQuery, offset: number, limit: number): { total: number; rows: TraceListRow[] } {
    const list = this.query(q);
    return { total: list.length, rows: list.slice(offset, offset + limit).map((e) => { this.costOf(e); return e.row; }) };
  }

  /** A row's cost, computed when the row is first shown or sorted by cost (not for all 100,000 up front). */
  private costOf(e: Entry): void {
    if (this.cost && e.row.costUsd === undefined) e.row.costUsd = this.cost.traceCostUsd(e.trace);
  }

  private allEntries(): Entry[] {
    if (!this.entries) this.entries = this.traces.map(toEntry);
    return this.entries;
  }
}

export function toListRow(t: Trace): TraceListRow {
  const firstFn = t.invocations[0]?.functionName ?? t.nodes.find((n) => n.span.functionName)?.span.functionName ?? '';
  return {
    traceId: t.traceId,
    rootName: t.rootName,
    rootService: t.rootService,
    operation: operationOf(t),
    functionName: firstFn,
    startMs: t.startMs,
    durationMs: t.durationMs,
    spanCount: t.nodes.length,
    errorCount: t.errorCount,
    coldStart: t.invocations.some((i) => i.coldStart),
    timeout: t.invocations.some((i) => i.status === 'timeout'),
    orphanCount: t.orphanCount,
    skewedCount: t.skewedCount,
  };
}

/** `METHOD /route` of the root span, from its HTTP attributes, when it has them. */
function operationOf(t: Trace): string {
  const root = t.roots[0]?.span;
  if (!root) return '';
  const http = httpDetails(root.attributes, root.httpStatus);
  if (!http?.method) return '';
  const a = root.attributes;
  const route = typeof a['http.route'] === 'string' ? a['http.route'] : pathOf(http.url);
  return route ? `${http.method} ${route}` : http.method;
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const m = /^[a-z]+:\/\/[^/]+(\/[^?#]*)?/i.exec(url);
  return m ? m[1] ?? '/' : url;
}

function toEntry(trace: Trace): Entry {
  const row = toListRow(trace);
  const functions = [...new Set(trace.invocations.map((i) => i.functionName))].map((s) => s.toLowerCase());
  if (row.functionName && !functions.includes(row.functionName.toLowerCase())) functions.push(row.functionName.toLowerCase());
  const services = trace.services.map((s) => s.toLowerCase());
  const text = [trace.traceId, trace.rootName, trace.rootService, row.operation, ...services, ...functions].join('\n').toLowerCase();
  const fnKey = (row.functionName || row.rootService).toLowerCase();
  return { trace, row, text, functions, services, fnKey };
}

function matches(e: Entry, f: TraceFilter): boolean {
  const r = e.row;
  if (f.flags.has('error') && r.errorCount === 0) return false;
  if (f.flags.has('cold') && !r.coldStart) return false;
  if (f.flags.has('timeout') && !r.timeout) return false;
  if (f.flags.has('orphan') && r.orphanCount === 0) return false;
  if (f.flags.has('skewed') && r.skewedCount === 0) return false;
  if (f.minMs !== undefined && !(r.durationMs > f.minMs)) return false;
  if (f.maxMs !== undefined && !(r.durationMs < f.maxMs)) return false;
  if (!f.fn.every((w) => e.functions.some((fn) => fn.includes(w)))) return false;
  if (!f.svc.every((w) => e.services.some((s) => s.includes(w)))) return false;
  // X-Ray form ids (1-xxxxxxxx-yyyy...) match too: strip the prefix and dashes.
  return f.words.every((w) => e.text.includes(w) || (w.startsWith('1-') && e.text.includes(w.slice(2).replace(/-/g, ''))));
}

function comparator(q: ListQuery): (a: Entry, b: Entry) => number {
  const sign = q.dir === 'asc' ? 1 : -1;
  const byStart = (a: Entry, b: Entry) => a.row.startMs - b.row.startMs || (a.row.traceId < b.row.traceId ? -1 : a.row.traceId > b.row.traceId ? 1 : 0);
  switch (q.sort) {
    case 'duration': return (a, b) => sign * (a.row.durationMs - b.row.durationMs) || byStart(a, b);
    case 'errors': return (a, b) => sign * (a.row.errorCount - b.row.errorCount) || sign * (a.row.durationMs - b.row.durationMs) || byStart(a, b);
    // Plain code-unit comparison on pre-lowered keys: localeCompare is too slow for 100,000 rows.
    case 'cost': return (a, b) => sign * ((a.row.costUsd ?? 0) - (b.row.costUsd ?? 0)) || byStart(a, b);
    case 'function': return (a, b) => sign * (a.fnKey < b.fnKey ? -1 : a.fnKey > b.fnKey ? 1 : 0) || byStart(a, b);
    default: return (a, b) => sign * byStart(a, b);
  }
}
