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

const linkIndexes = new WeakMap<Dataset, LinkIndex>();

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

/** Two passes so only linked-to spans are indexed, not every span of a large dataset. */
function linkIndexOf(ds: Dataset): LinkIndex {
  let index = linkIndexes.get(ds);
  if (index) return index;
  const wanted = new Set<string>();
  for (const s of ds.spans) for (const l of s.links) wanted.add(`${l.traceId}/${l.spanId}`);
  const found = new Map<string, Span>();
  if (wanted.size > 0) {
    for (const s of ds.spans) {
      const key = `${s.traceId}/${s.spanId}`;
      if (wanted.has(key)) found.set(key, s);
    }
  }
  linkIndexes.set(ds, (index = found));
  return index;
}
