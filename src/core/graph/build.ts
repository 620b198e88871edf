// Entry points: the aggregate graph of a dataset and the graph of one trace.
import type { Dataset } from '../dataset';
import type { Span } from '../model';
import type { ServiceGraph } from './types';
import { GraphCollector, LinkIndex } from './collector';

export interface GraphOptions {
  /** Slowest / failing traces kept per node and edge. */
  topN?: number;
}

export const DEFAULT_TOP_N = 10;

/** Every trace, plus invocations seen only in logs. Built once per dataset by the caller. */
export function buildServiceGraph(ds: Dataset, opts: GraphOptions = {}): ServiceGraph {
  const c = new GraphCollector(opts.topN ?? DEFAULT_TOP_N, linkIndexOf(ds));
  for (const t of ds.traces) c.addTrace(t);
  for (const inv of ds.invocations) if (!ds.traceOf(inv)) c.addInvocation(inv);
  return c.result();
}

/** Only the nodes and edges one trace touched; undefined when the trace is not in the dataset. */
export function buildTraceGraph(ds: Dataset, traceId: string, opts: GraphOptions = {}): ServiceGraph | undefined {
  const trace = ds.traceById.get(traceId);
  if (!trace) return undefined;
  const c = new GraphCollector(opts.topN ?? DEFAULT_TOP_N, linkIndexOf(ds));
  c.addTrace(trace);
  return c.result();
}

/** Span lookup for span links, per dataset: a trace's span ids are indexed the first time a link points into it. */
const linkIndexes = new WeakMap<Dataset, LinkIndex>();

function linkIndexOf(ds: Dataset): LinkIndex {
  let index = linkIndexes.get(ds);
  if (index) return index;
  const byTrace = new Map<string, Map<string, Span>>();
  index = (traceId, spanId) => {
    let spans = byTrace.get(traceId);
    if (!spans) {
      spans = new Map();
      for (const n of ds.traceById.get(traceId)?.nodes ?? []) spans.set(n.span.spanId, n.span);
      byTrace.set(traceId, spans);
    }
    return spans.get(spanId);
  };
  linkIndexes.set(ds, index);
  return index;
}
