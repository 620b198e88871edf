// Indexes a Dataset once for querying: per-kind typed arrays of start/duration, items ordered by
// duration and start, and groups (function for invocations, service+operation for spans) whose
// members are sorted by duration, so thresholds and percentiles are binary searches, not scans.
import type { Dataset } from '../dataset';
import type { Invocation, Span, SpanNode } from '../model';
import type { ItemKind } from './ast';
import { percentileOfSorted } from './percentile';
import { argsort } from './argsort';
import { isFromLogs } from '../correlate/logTraces';
import { lastLogTime } from '../logs/logLists';

export interface Group {
  key: string;
  /** Function name (invocation groups). */
  function?: string;
  /** Service and operation (span groups): the called service for client calls, see `spanGroupService`. */
  service?: string;
  operation?: string;
  /** Span groups: the recording services and span names of the members (for `service:`/`operation:` candidates). */
  callers?: Set<string>;
  names?: Set<string>;
  /** Item indices, ascending by duration. */
  members: Int32Array;
  /** Durations of `members`, ascending. */
  durations: Float64Array;
  percentiles: Map<number, number>;
}

export interface KindIndex<T> {
  kind: ItemKind;
  items: readonly T[];
  start: Float64Array;
  duration: Float64Array;
  /** Item -> group id. */
  group: Int32Array;
  groups: Group[];
  /** All item indices ascending by duration / by start. */
  byDuration: Int32Array;
  byStart: Int32Array;
}

export interface QueryIndex {
  dataset: Dataset;
  inv: KindIndex<Invocation>;
  span: KindIndex<Span>;
  /** The span node that is the invocation (to open the trace with it selected). */
  invNode: (SpanNode | undefined)[];
  /** Each span's tree node (span items are in trace order) and the invocation joined to it. */
  spanNode: SpanNode[];
  spanInv: (Invocation | undefined)[];
  /** The Lambda function a span ran in: its own faas name, its invocation's, or its same-service parent's. */
  spanFunction: (string | undefined)[];
  /** Lower-cased function name -> invocation group id. */
  functionGroup: Map<string, number>;
  /** [from, to) of each trace's spans in the span items. */
  traceRange: Map<string, [number, number]>;
  invIndexOf: Map<Invocation, number>;
  /** Latest end or log line seen: the "now" of relative times on static files. */
  latestMs: number;
  earliestMs: number;
  buildMs: number;
  /** Time per build step (for the bench). */
  steps: Record<string, number>;
}

const cache = new WeakMap<Dataset, QueryIndex>();

/** The index of a dataset, built on first use and kept as long as the dataset lives. */
export function indexFor(ds: Dataset): QueryIndex {
  let ix = cache.get(ds);
  if (!ix) cache.set(ds, (ix = buildIndex(ds)));
  return ix;
}

export function buildIndex(ds: Dataset): QueryIndex {
  const t0 = performance.now();
  const steps: Record<string, number> = {};
  let lap = t0;
  const step = (name: string): void => { const now = performance.now(); steps[name] = now - lap; lap = now; };

  const invIndexOf = new Map<Invocation, number>();
  ds.invocations.forEach((inv, i) => invIndexOf.set(inv, i));
  // Spans are indexed in trace order (depth first): each node is at hand without a span -> index
  // map, and a trace's spans are one contiguous range.
  // Spans made from logs stand for invocations, which invocation queries already answer: span
  // queries see the spans that were read.
  const total = ds.traces.reduce((sum, t) => sum + t.nodes.length, 0);
  const spanItems: Span[] = new Array(total);
  const spanNode: SpanNode[] = new Array(total);
  const traceRange = new Map<string, [number, number]>();
  let n = 0;
  for (const trace of ds.traces) {
    const from = n;
    for (const node of trace.nodes) {
      if (isFromLogs(node.span)) continue;
      spanItems[n] = node.span;
      spanNode[n++] = node;
    }
    traceRange.set(trace.traceId, [from, n]);
  }
  spanItems.length = n;
  spanNode.length = n;
  step('spans');

  const invNode: (SpanNode | undefined)[] = new Array(ds.invocations.length).fill(undefined);
  const spanInv: (Invocation | undefined)[] = new Array(n).fill(undefined);
  const spanFunction: (string | undefined)[] = new Array(n).fill(undefined);
  for (const [from, to] of traceRange.values()) {
    // Per trace, so the map stays small and short-lived (a million-entry map costs seconds of GC).
    const inherited = new Map<SpanNode, string>();
    for (let i = from; i < to; i++) {
      const node = spanNode[i];
      if (node.invocation) {
        spanInv[i] = node.invocation;
        const ii = invIndexOf.get(node.invocation);
        if (ii !== undefined && !invNode[ii]) invNode[ii] = node;
      }
      // Nodes come parent first: children of the same service inherit the function (its DynamoDB calls belong to it).
      const fn = node.span.functionName ?? node.invocation?.functionName ?? inherited.get(node);
      spanFunction[i] = fn;
      if (fn) for (const c of node.children) if (c.span.service === node.span.service) inherited.set(c, fn);
    }
  }
  step('joins');

  const functionGroup = new Map<string, number>();
  const fnIds = new Map<string, number>();
  const fnNames: string[] = [];
  const inv = kindIndex('invocation', ds.invocations, (x) => x.startMs, invocationDuration, (x) => {
    let id = fnIds.get(x.functionName);
    if (id === undefined) { fnIds.set(x.functionName, (id = fnNames.length)); fnNames.push(x.functionName); }
    return id;
  }, (id) => ({ key: fnNames[id], function: fnNames[id] }));
  inv.groups.forEach((g, id) => functionGroup.set(g.function!.toLowerCase(), id));
  step('invocations');
  let latestMs = -Infinity;
  let earliestMs = Infinity;
  for (const x of ds.invocations) {
    const lastLog = lastLogTime(x) ?? x.endMs;
    latestMs = Math.max(latestMs, x.endMs, lastLog);
    earliestMs = Math.min(earliestMs, x.startMs);
  }
  for (const t of ds.traces) { latestMs = Math.max(latestMs, t.endMs); earliestMs = Math.min(earliestMs, t.startMs); }
  if (!Number.isFinite(latestMs)) latestMs = earliestMs = 0;
  step('rest');

  // The span index (the biggest part) is built on the first span query: invocation queries never pay for it.
  let spanIndex: KindIndex<Span> | undefined;
  const buildSpanIndex = (): KindIndex<Span> => {
    const t1 = performance.now();
    // Two-level map (service, then operation): no key string per span.
    const spanGroupIds = new Map<string, Map<string, number>>();
    const spanGroupList: { service: string; operation: string }[] = [];
    const span: KindIndex<Span> = kindIndex('span', spanItems, (s) => s.startMs, (s) => s.durationMs, (s) => {
      const svc = spanGroupService(s);
      const op = spanGroupOperation(s);
      let byOp = spanGroupIds.get(svc);
      if (!byOp) spanGroupIds.set(svc, (byOp = new Map()));
      let id = byOp.get(op);
      if (id === undefined) { byOp.set(op, (id = spanGroupList.length)); spanGroupList.push({ service: svc, operation: op }); }
      return id;
    }, (id) => ({ key: `${spanGroupList[id].service}/${spanGroupList[id].operation}`, ...spanGroupList[id], callers: new Set(), names: new Set() }));
    for (let i = 0; i < n; i++) { const g = span.groups[span.group[i]]; g.callers!.add(spanItems[i].service); g.names!.add(spanItems[i].name); }
    steps.spanIndex = performance.now() - t1;
    return span;
  };
  return {
    dataset: ds, inv, invNode, spanNode, spanInv, spanFunction, functionGroup, traceRange, invIndexOf,
    latestMs, earliestMs, buildMs: performance.now() - t0, steps,
    get span() { return (spanIndex ??= buildSpanIndex()); },
  };
}

/**
 * The service a span's duration belongs to: for a call out (client/producer) the called service
 * (DynamoDB, SQS, an HTTP host), so OTel "DynamoDB.PutItem" and X-Ray "DynamoDB" calls form one group.
 */
export function spanGroupService(s: Span): string {
  if ((s.kind === 'client' || s.kind === 'producer') && s.remote) return s.remote.service ?? s.remote.name;
  return s.service;
}

/** The operation: the RPC/AWS method when recorded (PutItem), else the span name. */
export function spanGroupOperation(s: Span): string {
  const m = s.attributes['rpc.method'] ?? s.attributes['xray.aws.operation'];
  return typeof m === 'string' && m ? m : s.name;
}

/** REPORT duration when there is one, else the span of the invocation's own lines. */
export function invocationDuration(x: Invocation): number {
  return x.durationMs ?? x.endMs - x.startMs;
}

function kindIndex<T>(
  kind: ItemKind, items: readonly T[], startOf: (x: T) => number, durationOf: (x: T) => number,
  groupOf: (x: T) => number, describe: (id: number) => Partial<Group> & { key: string },
): KindIndex<T> {
  const n = items.length;
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  const group = new Int32Array(n);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = items[i];
    start[i] = startOf(x);
    duration[i] = durationOf(x);
    const g = groupOf(x);
    while (sizes.length <= g) sizes.push(0);
    group[i] = g;
    sizes[g]++;
  }
  const groups: Group[] = sizes.map((size, id) => ({ ...describe(id), members: new Int32Array(size), durations: new Float64Array(size), percentiles: new Map() }));
  const byDuration = sortedIndices(n, duration);
  const byStart = sortedIndices(n, start);
  // Walking the global duration order fills every group already sorted by duration.
  const fill = new Int32Array(groups.length);
  for (let k = 0; k < n; k++) {
    const i = byDuration[k];
    const g = group[i];
    const at = fill[g]++;
    groups[g].members[at] = i;
    groups[g].durations[at] = duration[i];
  }
  return { kind, items, start, duration, group, groups, byDuration, byStart };
}

/** Indices 0..n-1 ordered by `key` ascending, ties by index (so results are deterministic). */
export function sortedIndices(n: number, key: Float64Array): Int32Array {
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (!(key[i] >= key[i - 1]) && !Number.isNaN(key[i])) sorted = false;
  if (sorted && !key.subarray(0, n).some(Number.isNaN)) { const idx = new Int32Array(n); for (let i = 0; i < n; i++) idx[i] = i; return idx; }
  return argsort(key, n);
}

/** The group's percentile (cached: each group's sorted durations never change). */
export function groupPercentile(g: Group, p: number): number {
  let v = g.percentiles.get(p);
  if (v === undefined) g.percentiles.set(p, (v = percentileOfSorted(g.durations, p)));
  return v;
}
