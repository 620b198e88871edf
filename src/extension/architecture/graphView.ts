// ServiceGraph (core) -> GraphView (protocol): only what the webview draws; trace lists stay on the host.
import type { CostModel } from '../../core/cost/model';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../core/graph';
import type { GraphEdgeView, GraphNodeView, GraphView } from '../../protocol/architecture';

/** With a cost model, function nodes carry their Lambda cost over the data (the graph can size them by it). */
export function toGraphView(g: ServiceGraph, cost?: CostModel): GraphView {
  const byFn = cost ? new Map(cost.functions().map((f) => [f.function, f.costUsd])) : undefined;
  const nodes = g.nodes.map((n) => {
    const v = nodeView(n);
    const usd = n.type === 'function' ? byFn?.get(n.name) : undefined;
    if (usd !== undefined) v.costUsd = usd;
    return v;
  });
  return { nodes, edges: g.edges.map(edgeView), traces: g.traces };
}

function numbers(x: GraphNode | GraphEdge) {
  return { calls: x.calls, errors: x.errors, faults: x.faults, throttles: x.throttles, p50Ms: x.p50Ms, p95Ms: x.p95Ms, p99Ms: x.p99Ms };
}

function nodeView(n: GraphNode): GraphNodeView {
  const v: GraphNodeView = { id: n.id, type: n.type, name: n.name, hasSource: !!n.source?.file, ...numbers(n) };
  if (n.service) v.service = n.service;
  return v;
}

function edgeView(e: GraphEdge): GraphEdgeView {
  return { id: e.id, source: e.source, target: e.target, async: e.async, ...numbers(e) };
}
