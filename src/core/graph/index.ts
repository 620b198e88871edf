// Service graph derived from traces: nodes are functions, resources and hosts; edges are calls between them.
export type { CallStats, GraphEdge, GraphNode, ServiceGraph, TraceRef } from './types';
export { buildServiceGraph, buildTraceGraph, DEFAULT_TOP_N } from './build';
export type { GraphOptions } from './build';
