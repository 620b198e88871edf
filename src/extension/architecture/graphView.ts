// ServiceGraph (core) -> GraphView (protocol): only what the webview draws; trace lists stay on the host.
import type { GraphEdge, GraphNode, ServiceGraph } from '../../core/graph';
import type { GraphEdgeView, GraphNodeView, GraphView } from '../../protocol/architecture';

export function toGraphView(g: ServiceGraph): GraphView {
  return { nodes: g.nodes.map(nodeView), edges: g.edges.map(edgeView), traces: g.traces };
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
