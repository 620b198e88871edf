// Builds span trees per trace, keeping every span: orphans become roots, cycles are cut, skew is marked.
import type { Span, SpanNode, Trace } from '../model';
import { TreeNode } from '../logs/logLists';
import { serviceOf } from '../services';

/** Children starting this much before their parent are marked as clock-skewed. */
export const SKEW_TOLERANCE_MS = 1;

export interface TreeStats {
  orphans: number;
  skewed: number;
  cycles: number;
}

export function groupByTrace(spans: Span[]): Map<string, Span[]> {
  const byTrace = new Map<string, Span[]>();
  for (const s of spans) {
    let list = byTrace.get(s.traceId);
    if (!list) byTrace.set(s.traceId, (list = []));
    list.push(s);
  }
  return byTrace;
}

export function buildTrace(traceId: string, spans: Span[], stats: TreeStats): Trace {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) {
    nodes.set(span.spanId, new TreeNode(span));
  }
  const parentOf = new Map<SpanNode, SpanNode>();
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const pid = node.span.parentSpanId;
    const parent = pid !== undefined && pid !== node.span.spanId ? nodes.get(pid) : undefined;
    if (parent) parentOf.set(node, parent);
    else {
      node.orphan = pid !== undefined && pid !== '' && !isZeroId(pid);
      roots.push(node);
    }
  }
  for (const [child, parent] of parentOf) {
    parent.children.push(child);
    inheritService(child.span, parent.span);
  }

  const ordered: SpanNode[] = [];
  const visited = new Set<SpanNode>();
  roots.sort(byStart);
  for (const r of roots) visit(r, 0, visited, ordered);
  // Nodes not reached from a root sit on a parent cycle: cut it at the earliest span and keep going.
  if (visited.size < nodes.size) {
    const rest = [...nodes.values()].filter((n) => !visited.has(n)).sort(byStart);
    for (const n of rest) {
      if (visited.has(n)) continue;
      const p = parentOf.get(n);
      if (p) p.children.splice(p.children.indexOf(n), 1);
      n.orphan = true;
      stats.cycles++;
      roots.push(n);
      visit(n, 0, visited, ordered);
    }
  }
  return summarize(traceId, roots, ordered, stats);
}

/**
 * A trace whose spans have no parents (made from logs): every span a root, in time order. Skips the maps
 * and sets of buildTrace, which a trace per invocation of a sampled-out request would pay in the 100,000s.
 */
/**
 * An X-Ray subsegment sent as its own document names itself as its service; embedded in its segment it would have
 * taken the segment's. With the parent found, it takes the parent's, so one trace is one set of services.
 */
function inheritService(s: Span, parent: Span): void {
  if (s.attributes['xray.type'] === 'subsegment' && s.service === s.name && parent.service !== s.service) s.service = parent.service;
}

export function buildFlatTrace(traceId: string, spans: Span[], stats: TreeStats): Trace {
  const roots = spans.map((span): SpanNode => new TreeNode(span));
  if (roots.length > 1) roots.sort(byStart);
  return summarize(traceId, roots, roots.slice(), stats);
}

function summarize(traceId: string, roots: SpanNode[], ordered: SpanNode[], stats: TreeStats): Trace {
  let startMs = Infinity;
  let endMs = -Infinity;
  let errorCount = 0;
  const services = new Set<string>();
  for (const n of ordered) {
    const s = n.span;
    if (s.startMs < startMs) startMs = s.startMs;
    if (s.startMs + s.durationMs > endMs) endMs = s.startMs + s.durationMs;
    if (s.status === 'error') errorCount++;
    services.add(serviceOf(s));
    if (n.orphan) stats.orphans++;
    if (n.skewed) stats.skewed++;
  }
  // An in-progress segment has no end yet: it stays open to the end of what the trace recorded.
  for (const n of ordered) {
    const s = n.span;
    if (s.inProgress && s.startMs + s.durationMs < endMs) s.durationMs = endMs - s.startMs;
  }
  const root = roots[0];
  return {
    traceId,
    roots,
    nodes: ordered,
    startMs,
    endMs,
    durationMs: endMs - startMs,
    services: [...services].sort(),
    invocations: [],
    errorCount,
    orphanCount: ordered.filter((n) => n.orphan).length,
    skewedCount: ordered.filter((n) => n.skewed).length,
    rootName: root?.span.name ?? '',
    rootService: root?.span.service ?? '',
  };
}

/** Iterative depth-first walk: real traces can nest deeper than the call stack allows. */
function visit(root: SpanNode, depth: number, visited: Set<SpanNode>, out: SpanNode[]): void {
  const stack: [SpanNode, number, SpanNode | undefined][] = [[root, depth, undefined]];
  while (stack.length > 0) {
    const [node, d, parent] = stack.pop()!;
    if (visited.has(node)) continue;
    visited.add(node);
    node.depth = d;
    if (parent && node.span.startMs < parent.span.startMs - SKEW_TOLERANCE_MS) node.skewed = true;
    out.push(node);
    node.children.sort(byStart);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (!visited.has(child)) stack.push([child, d + 1, node]);
    }
  }
}

function byStart(a: SpanNode, b: SpanNode): number {
  return a.span.startMs - b.span.startMs || a.span.spanId.localeCompare(b.span.spanId);
}

function isZeroId(id: string): boolean {
  return /^0+$/.test(id);
}
