// Turns a Dataset into per-group columnar tables for one grouping.
import type { Dataset } from '../dataset';
import type { Invocation, Resource, SpanNode, Trace } from '../model';
import { FLAG_COLD, FLAG_ERROR, FLAG_TIMEOUT, GroupBy, GroupTable, GroupTableBuilder } from './groupTable';

export function extractGroups(ds: Dataset, by: GroupBy): Map<string, GroupTable> {
  const b = new GroupTableBuilder(by);
  if (by === 'function') {
    const nodeOf = nodesByInvocation(ds);
    addInvocations(ds, b);
    return b.build(nodeOf);
  }
  for (const trace of ds.traces) walkTrace(trace, (node, parent) => addSpan(b, by, node, parent));
  return b.build();
}

/** The span node each invocation was joined to (one pass over all traces). */
export function nodesByInvocation(ds: Dataset): Map<Invocation, SpanNode> {
  const out = new Map<Invocation, SpanNode>();
  for (const t of ds.traces) for (const n of t.nodes) if (n.invocation) out.set(n.invocation, n);
  return out;
}

function addInvocations(ds: Dataset, b: GroupTableBuilder): void {
  for (const inv of ds.invocations) {
    // REPORT durations only: an invocation without one has no trustworthy duration.
    if (inv.durationMs === undefined) continue;
    b.push(inv.functionName, inv.startMs, inv.durationMs, invocationFlags(inv),
      inv.coldStart ? inv.initDurationMs ?? NaN : NaN, inv.maxMemoryUsedMb ?? NaN, inv.memorySizeMb ?? NaN, inv);
  }
}

export function invocationFlags(inv: Invocation): number {
  return (inv.status !== 'ok' ? FLAG_ERROR : 0) | (inv.status === 'timeout' ? FLAG_TIMEOUT : 0) | (inv.coldStart ? FLAG_COLD : 0);
}

function addSpan(b: GroupTableBuilder, by: GroupBy, node: SpanNode, parent: SpanNode | undefined): void {
  const s = node.span;
  // A span whose record had no duration (an untimed fragment) says nothing about latency.
  if (s.attributes['explorer.duration_missing'] === true) return;
  const key = by === 'service' ? s.service : by === 'operation' ? operationKey(s.service, s.name) : edgeKey(node, parent);
  if (key === undefined) return;
  const inv = node.invocation;
  const failed = s.status === 'error' || s.fault === true || (inv !== undefined && inv.status !== 'ok');
  const flags = (failed ? FLAG_ERROR : 0) | (inv?.status === 'timeout' ? FLAG_TIMEOUT : 0) | (inv?.coldStart ? FLAG_COLD : 0);
  b.push(key, s.startMs, s.durationMs, flags, inv?.coldStart ? inv.initDurationMs ?? NaN : NaN,
    inv?.maxMemoryUsedMb ?? NaN, inv?.memorySizeMb ?? NaN, node);
}

export function operationKey(service: string, name: string): string {
  return `${service}: ${name}`;
}

export function resourceLabel(r: Resource): string {
  return r.service && r.service !== r.name && (r.type === 'aws' || r.type === 'queue' || r.type === 'topic')
    ? `${r.service} ${r.name}` : r.name;
}

/**
 * An edge of the service graph, measured on the caller's side where possible:
 * a client/producer span with a remote resource is `service -> resource`; a span whose parent
 * belongs to another service (and was not already counted as that parent's call) is `parent service -> service`.
 */
export function edgeKey(node: SpanNode, parent: SpanNode | undefined): string | undefined {
  const s = node.span;
  if ((s.kind === 'client' || s.kind === 'producer') && s.remote) return `${s.service} -> ${resourceLabel(s.remote)}`;
  if (!parent || parent.span.service === s.service) return undefined;
  const p = parent.span;
  if ((p.kind === 'client' || p.kind === 'producer') && p.remote) return undefined;
  return `${p.service} -> ${s.service}`;
}

/** Depth-first walk handing each node its parent (SpanNode has no parent link). */
export function walkTrace(trace: Trace, visit: (node: SpanNode, parent: SpanNode | undefined) => void): void {
  const visitTree = (node: SpanNode, parent: SpanNode | undefined): void => {
    visit(node, parent);
    for (const c of node.children) visitTree(c, node);
  };
  for (const r of trace.roots) visitTree(r, undefined);
}
