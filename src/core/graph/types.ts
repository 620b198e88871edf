// The service graph: what the architecture view draws and `trace-explorer graph` prints.
import type { ResourceType, SourceLocation } from '../model';

/** A trace that passed through a node or edge, with how long that visit took. */
export interface TraceRef {
  traceId: string;
  durationMs: number;
  error: boolean;
}

/** Counters shared by nodes and edges. Latency percentiles use numpy's default (linear) interpolation. */
export interface CallStats {
  calls: number;
  /** Any failure: error status, fault or throttle. */
  errors: number;
  /** 5xx-class failures (X-Ray fault), including failed Lambda invocations. */
  faults: number;
  /** HTTP 429 or an SDK throttling error. */
  throttles: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Slowest distinct traces first (top N). */
  slowestTraces: TraceRef[];
  /** Slowest distinct failing traces first (top N). */
  failingTraces: TraceRef[];
}

export interface GraphNode extends CallStats {
  /** `${type}:${name}`, like model Resource ids. */
  id: string;
  type: ResourceType;
  name: string;
  /** e.g. "DynamoDB", "SNS", "APIGateway", "Lambda". */
  service?: string;
  /** Handler location of a Lambda function, as recorded by its entry span. */
  source?: SourceLocation;
}

export interface GraphEdge extends CallStats {
  /** `${source}->${target}` */
  id: string;
  source: string;
  target: string;
  /**
   * Delivery through a topic, queue or bus rather than a direct call. Into a consumer, latency is the delivery
   * delay (publish end -> consumer start); elsewhere it is the caller's span duration.
   */
  async: boolean;
}

export interface ServiceGraph {
  /** Sorted by id. */
  nodes: GraphNode[];
  /** Sorted by id. */
  edges: GraphEdge[];
  /** Traces the graph was built from. */
  traces: number;
}
