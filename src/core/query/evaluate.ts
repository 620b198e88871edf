// Runs a query over a Dataset: picks candidates from the index (groups, duration slices, trace),
// filters them with the compiled predicate, then sorts and limits.
import type { Dataset } from '../dataset';
import type { InvocationStatus } from '../model';
import type { Expr, ItemKind, Query, SortDir, SortKey, Term, TimeRef } from './ast';
import { groupPercentile, indexFor, KindIndex, QueryIndex, sortedIndices } from './datasetIndex';
import { parseQuery } from './parser';
import { compile, nameMatcher, Predicate, spanColdStart, spanFunction, spanStatus } from './predicates';
import { upperBound } from './percentile';
import { itemCost, itemCosts } from './costs';

export interface QueryResult {
  kind: ItemKind;
  traceId: string | null;
  requestId: string | null;
  function: string | null;
  service: string;
  name: string;
  /** Epoch milliseconds. */
  start: number;
  durationMs: number;
  coldStart: boolean;
  status: InvocationStatus;
  errorMessage?: string;
  /** The span to select when opening the trace (the invocation's own span for invocations). */
  spanId?: string;
  /** Lambda cost in USD (an invocation's; a span's joined invocation's, else 0); see docs/cost.md. */
  costUsd?: number;
}

export interface QueryRun {
  query: Query;
  kind: ItemKind;
  results: QueryResult[];
  /** True when `limit` cut the results. */
  truncated: boolean;
  /** The reference "now" used for relative since:/until: (the dataset's latest timestamp). */
  nowMs: number;
  elapsedMs: number;
}

export interface RunOptions {
  /** Reference time for relative since:/until:. Default: the dataset's latest timestamp (see README). */
  nowMs?: number;
}

/** What `kind:` is when the query does not say: spans when a term needs spans, else invocations if there are any. */
export function resolveKind(q: Query, ds: Dataset): ItemKind {
  return q.kind ?? (q.spanOnly || ds.invocations.length === 0 ? 'span' : 'invocation');
}

export function runQuery(ds: Dataset, query: Query | string, opts: RunOptions = {}): QueryRun {
  const t0 = performance.now();
  const q = typeof query === 'string' ? parseQuery(query) : query;
  const ix = indexFor(ds);
  const kind = resolveKind(q, ds);
  const k: KindIndex<unknown> = kind === 'invocation' ? ix.inv : ix.span;
  const nowMs = opts.nowMs ?? ix.latestMs;
  const pred = fullPredicate(q, kind, ix, k, nowMs);
  const sort = q.sort ?? { key: 'start' as SortKey, dir: 'asc' as SortDir };
  const limit = q.limit ?? Infinity;
  const cand = candidates(q.expr, kind, ix, k);
  let picked: number[];
  let truncated = false;
  // Without narrowing terms, walk the precomputed order and stop at the limit.
  if (cand === 'all' && sort.key !== 'function') {
    const key = sortValues(sort.key, kind, ix, k);
    const order = sort.key === 'duration' ? k.byDuration : sort.key === 'start' ? k.byStart : sortedIndices(key.length, key);
    picked = [];
    const n = order.length;
    for (let j = 0; j < n; j++) {
      const i = order[sort.dir === 'asc' ? j : n - 1 - j];
      if (!pred(i)) continue;
      // Past the limit, keep items tied with the last one: the tie order below decides which stay.
      if (picked.length >= limit && key[i] !== key[picked[picked.length - 1]]) { truncated = true; break; }
      picked.push(i);
    }
    orderTies(picked, key, comparator(sort.key, sort.dir, kind, ix, k));
    if (picked.length > limit) { truncated = true; picked.length = limit; }
  } else {
    const src = cand === 'all' ? k.byStart : cand;
    picked = [];
    for (let j = 0; j < src.length; j++) if (pred(src[j])) picked.push(src[j]);
    picked = sortPicked(picked, sort.key, sort.dir, comparator(sort.key, sort.dir, kind, ix, k), sortValues(sort.key, kind, ix, k));
    if (picked.length > limit) { truncated = true; picked.length = limit; }
  }
  const results = picked.map((i) => (kind === 'invocation' ? invocationResult(ix, i) : spanResult(ix, i)));
  return { query: q, kind, results, truncated, nowMs, elapsedMs: performance.now() - t0 };
}

/** The per-item numbers a sort key orders by (function names sort with the comparator). */
function sortValues(key: SortKey, kind: ItemKind, ix: QueryIndex, k: KindIndex<unknown>): Float64Array {
  if (key === 'cost') return itemCosts(ix, kind);
  return key === 'duration' ? k.duration : k.start;
}

/** Sorts by duration/start/cost with a native-sort argsort (a comparator sort of 100k items is slow), ties like `cmp`. */
function sortPicked(picked: number[], key: SortKey, dir: SortDir, cmp: (a: number, b: number) => number, values: Float64Array): number[] {
  if (key === 'function') return picked.sort(cmp);
  const n = picked.length;
  const order = sortedIndices(n, Float64Array.from(picked, (i) => values[i]));
  const out = new Array<number>(n);
  for (let j = 0; j < n; j++) out[j] = picked[order[dir === 'asc' ? j : n - 1 - j]];
  orderTies(out, values, cmp);
  return out;
}

/** Walking an order reversed also reverses ties: sort each run of equal keys like the comparator does. */
function orderTies(picked: number[], key: Float64Array, cmp: (a: number, b: number) => number): void {
  let runStart = 0;
  for (let j = 1; j <= picked.length; j++) {
    if (j < picked.length && key[picked[j]] === key[picked[runStart]]) continue;
    if (j - runStart > 1) {
      const run = picked.slice(runStart, j).sort(cmp);
      for (let r = 0; r < run.length; r++) picked[runStart + r] = run[r];
    }
    runStart = j;
  }
}

function fullPredicate(q: Query, kind: ItemKind, ix: QueryIndex, k: KindIndex<unknown>, nowMs: number): Predicate {
  const p = q.expr ? compile(q.expr, kind, ix) : () => true;
  const since = q.since ? timeOf(q.since, nowMs) : -Infinity;
  const until = q.until ? timeOf(q.until, nowMs) : Infinity;
  if (since === -Infinity && until === Infinity) return p;
  const start = k.start;
  return (i) => start[i] >= since && start[i] <= until && p(i);
}

export function timeOf(ref: TimeRef, nowMs: number): number {
  return 'absoluteMs' in ref ? ref.absoluteMs : nowMs - ref.relativeMs;
}

/** The top-level AND's terms: what every result must satisfy, so they can narrow the candidates. */
function conjuncts(expr: Expr | undefined): Term[] {
  if (!expr) return [];
  if (expr.type === 'and') return expr.items.filter((e): e is Term => e.type !== 'and' && e.type !== 'or' && e.type !== 'not');
  return expr.type === 'or' || expr.type === 'not' ? [] : [expr];
}

/**
 * A superset of the matching items, from the index: a trace's items, or the groups a name term
 * selects, cut to the part above/below a duration threshold by binary search. 'all' when nothing narrows.
 */
function candidates(expr: Expr | undefined, kind: ItemKind, ix: QueryIndex, k: KindIndex<unknown>): Int32Array | number[] | 'all' {
  const terms = conjuncts(expr);
  const trace = terms.find((t) => t.type === 'trace');
  if (trace && trace.type === 'trace') {
    if (kind === 'invocation') {
      // Joined invocations hang on their trace; one whose trace id names no loaded trace needs a scan.
      const tr = ix.dataset.traceById.get(trace.traceId);
      return tr ? tr.invocations.map((x) => ix.invIndexOf.get(x)!).filter((i) => i !== undefined) : 'all';
    }
    const range = ix.traceRange.get(trace.traceId);
    return range ? indexRange(range[0], range[1]) : [];
  }
  const req = terms.find((t) => t.type === 'request');
  if (req && req.type === 'request' && kind === 'invocation') {
    const inv = ix.dataset.invocationByRequestId.get(req.requestId);
    const i = inv && ix.invIndexOf.get(inv);
    return i === undefined ? [] : [i];
  }
  let groups: number[] | undefined;
  for (const t of terms) {
    if (t.type !== 'name' || (kind === 'span' && t.field === 'function') || (kind === 'invocation' && t.field !== 'function')) continue;
    const m = nameMatcher(t.patterns);
    const groupMatches = (g: (typeof k.groups)[number]): boolean => {
      if (t.field === 'function') return m(g.function);
      const own = t.field === 'service' ? g.callers : g.names;
      return m(t.field === 'service' ? g.service : g.operation) || [...own!].some((x) => m(x));
    };
    const hit = k.groups.map((g, id) => (groupMatches(g) ? id : -1)).filter((id) => id >= 0);
    groups = groups ? groups.filter((g) => hit.includes(g)) : hit;
  }
  const dur = terms.find((t) => t.type === 'duration') as Extract<Term, { type: 'duration' }> | undefined;
  if (!groups && !dur) return 'all';
  if (!groups && dur && dur.ms !== undefined) return slice(k.byDuration, k.duration, dur.op, dur.ms, true);
  const out: number[] = [];
  for (const id of groups ?? k.groups.map((_, id) => id)) {
    const g = k.groups[id];
    if (!dur) { for (const i of g.members) out.push(i); continue; }
    const threshold = dur.ms ?? groupPercentile(g, dur.percentile!);
    for (const i of slice(g.members, g.durations, dur.op, threshold, false)) out.push(i);
  }
  return out;
}

function indexRange(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** The members (ascending by duration) on the wanted side of a threshold. */
function slice(members: Int32Array, durations: Float64Array | ArrayLike<number>, op: string, x: number, global: boolean): Int32Array {
  const byMember = global ? undefined : durations;
  const at = (inclusive: boolean): number => (byMember ? upperBound(byMember, x, inclusive) : upperBoundVia(members, durations, x, inclusive));
  if (op === '>') return members.subarray(at(false));
  if (op === '>=') return members.subarray(at(true));
  if (op === '<') return members.subarray(0, at(true));
  return members.subarray(0, at(false));
}

/** upperBound over `durations[members[k]]` (the global order indexes the full duration array). */
function upperBoundVia(members: Int32Array, durations: ArrayLike<number>, x: number, inclusive: boolean): number {
  let lo = 0;
  let hi = members.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = durations[members[mid]];
    if (inclusive ? v < x : v <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function comparator(key: SortKey, dir: SortDir, kind: ItemKind, ix: QueryIndex, k: KindIndex<unknown>): (a: number, b: number) => number {
  const sign = dir === 'asc' ? 1 : -1;
  const { start, duration } = k;
  if (key === 'duration') return (a, b) => sign * (duration[a] - duration[b]) || start[a] - start[b] || a - b;
  if (key === 'cost') {
    const cost = itemCosts(ix, kind);
    return (a, b) => sign * (cost[a] - cost[b]) || start[a] - start[b] || a - b;
  }
  if (key === 'start') return (a, b) => sign * (start[a] - start[b]) || a - b;
  const nameOf = (i: number): string => (kind === 'invocation' ? ix.inv.items[i].functionName : spanFunction(ix, i) ?? ix.span.items[i].service);
  return (a, b) => {
    const x = nameOf(a);
    const y = nameOf(b);
    return sign * (x < y ? -1 : x > y ? 1 : 0) || start[a] - start[b] || a - b;
  };
}

function invocationResult(ix: QueryIndex, i: number): QueryResult {
  const x = ix.inv.items[i];
  const node = ix.invNode[i];
  const r: QueryResult = {
    kind: 'invocation',
    traceId: x.traceId ?? null,
    requestId: x.requestId,
    function: x.functionName,
    service: node?.span.service ?? x.functionName,
    name: node?.span.name ?? x.functionName,
    start: x.startMs,
    durationMs: ix.inv.duration[i],
    coldStart: x.coldStart,
    status: x.status,
    costUsd: itemCost(ix, 'invocation', i),
  };
  if (x.errorMessage ?? x.errorType) r.errorMessage = x.errorMessage ?? x.errorType;
  if (node) r.spanId = node.span.spanId;
  return r;
}

function spanResult(ix: QueryIndex, i: number): QueryResult {
  const s = ix.span.items[i];
  const inv = ix.spanInv[i];
  const r: QueryResult = {
    kind: 'span',
    traceId: s.traceId,
    requestId: s.requestId ?? inv?.requestId ?? null,
    function: spanFunction(ix, i) ?? null,
    service: s.service,
    name: s.name,
    start: s.startMs,
    durationMs: s.durationMs,
    coldStart: spanColdStart(ix, i),
    status: spanStatus(ix, i),
    spanId: s.spanId,
    costUsd: itemCost(ix, 'span', i),
  };
  const msg = s.statusMessage ?? s.exceptions.find((e) => e.message)?.message ?? (inv && inv.status !== 'ok' ? inv.errorMessage : undefined);
  if (msg && r.status !== 'ok') r.errorMessage = msg;
  return r;
}
