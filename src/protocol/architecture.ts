// The typed, versioned protocol between the extension host and the Architecture (service graph) webview.
// One channel (channel.ts) for every panel: `v` on every message, every message validated on receipt.
import {
  arrayOf, bool, CommonHostMessage, CommonWebviewMessage, defineProtocol, DistributiveOmit, int, num, oneOf, opt, shape, shortStr, str,
  Validated,
} from './channel';
import { SERVICE_TYPES, ServiceType } from './messages';

// 2: function nodes carry `costUsd` (docs/cost.md): the graph can size them by cost.
export const GRAPH_PROTOCOL_VERSION = 2;

/** Colour thresholds and layout switch, from the `traceExplorer.graph.*` settings. */
export interface GraphSettings {
  /** Error rate (0..1) from which a node or edge is drawn as warning / failing. */
  errorRateWarning: number;
  errorRateCritical: number;
  /** p95 latency (ms) from which a node or edge is drawn as slow / very slow. */
  p95WarningMs: number;
  p95CriticalMs: number;
  /** Above this many nodes + edges the cheap layered layout replaces dagre (whose cost grows fast with edges). */
  largeGraphThreshold: number;
}

export const DEFAULT_GRAPH_SETTINGS: GraphSettings = {
  errorRateWarning: 0.005, errorRateCritical: 0.02, p95WarningMs: 500, p95CriticalMs: 2000, largeGraphThreshold: 300,
};

interface Numbers {
  calls: number;
  errors: number;
  faults: number;
  throttles: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface GraphNodeView extends Numbers {
  id: string;
  type: ServiceType;
  name: string;
  service?: string;
  /** A Lambda function whose handler location is known (double-click opens it). */
  hasSource: boolean;
  /** A function's Lambda cost over the data, USD (docs/cost.md). */
  costUsd?: number;
}

export interface GraphEdgeView extends Numbers {
  id: string;
  source: string;
  target: string;
  async: boolean;
}

export interface GraphView {
  nodes: GraphNodeView[];
  edges: GraphEdgeView[];
  traces: number;
}

export interface GraphDatasetInfo {
  sourceLabel: string;
  loading: boolean;
  error?: string;
  /** Changes with every (re)load; replies about an older dataset are stale. */
  datasetVersion: number;
}

export interface TraceRefView {
  traceId: string;
  durationMs: number;
  error: boolean;
  /** A failing trace's status and error in a few words, e.g. "401" or "400 ProvisionedThroughputExceededException". */
  failure?: string;
}

// ---- webview -> host ----

export type GraphWebviewMessage =
  | CommonWebviewMessage
  /** Slowest and failing traces of a node or edge (kept on the host: the graph message stays small). */
  | { v: number; type: 'getElementTraces'; requestId: number; elementId: string }
  /** Node and edge ids one trace touched, to highlight its path. */
  | { v: number; type: 'getTracePath'; requestId: number; traceId: string }
  | { v: number; type: 'openTrace'; traceId: string }
  | { v: number; type: 'openHandler'; nodeId: string };

// ---- host -> webview ----

export type GraphHostMessage =
  | CommonHostMessage
  | { v: number; type: 'graph'; dataset: GraphDatasetInfo; graph: GraphView; settings: GraphSettings }
  | { v: number; type: 'settings'; settings: GraphSettings }
  | { v: number; type: 'elementTraces'; requestId: number; elementId: string; slowest: TraceRefView[]; failing: TraceRefView[] }
  | { v: number; type: 'tracePath'; requestId: number; traceId: string; nodeIds: string[]; edgeIds: string[] }
  | { v: number; type: 'handlerResult'; nodeId: string; ok: boolean; message: string };

export type GraphWebviewMessageBody = DistributiveOmit<GraphWebviewMessage, 'v'>;
export type GraphHostMessageBody = DistributiveOmit<GraphHostMessage, 'v'>;
export type GraphHostMessageType = GraphHostMessage['type'];

export function toGraphWebview<M extends GraphHostMessageBody>(m: M): M & { v: number } {
  return { ...m, v: GRAPH_PROTOCOL_VERSION };
}

export function toGraphHost<M extends GraphWebviewMessageBody>(m: M): M & { v: number } {
  return { ...m, v: GRAPH_PROTOCOL_VERSION };
}

// ---- validation (channel.ts; never throws) ----

const numbers = { calls: int, errors: int, faults: int, throttles: int, p50Ms: num, p95Ms: num, p99Ms: num };
const nodeView = shape({ id: str, type: oneOf(SERVICE_TYPES), name: str, service: opt(str), hasSource: bool, costUsd: opt(num), ...numbers });
const edgeView = shape({ id: str, source: str, target: str, async: bool, ...numbers });
const graphView = shape({ nodes: arrayOf(nodeView), edges: arrayOf(edgeView), traces: int });
const datasetInfo = shape({ sourceLabel: str, loading: bool, error: opt(str), datasetVersion: int });
const settings = shape({ errorRateWarning: num, errorRateCritical: num, p95WarningMs: num, p95CriticalMs: num, largeGraphThreshold: int });
const traceRef = shape({ traceId: str, durationMs: num, error: bool, failure: opt(shortStr) });

export const GRAPH_PROTOCOL = defineProtocol<GraphWebviewMessage, GraphHostMessage>('architecture', GRAPH_PROTOCOL_VERSION, {
  getElementTraces: { requestId: int, elementId: shortStr },
  getTracePath: { requestId: int, traceId: shortStr },
  openTrace: { traceId: shortStr },
  openHandler: { nodeId: shortStr },
}, {
  graph: { dataset: datasetInfo, graph: graphView, settings },
  settings: { settings },
  elementTraces: { requestId: int, elementId: str, slowest: arrayOf(traceRef), failing: arrayOf(traceRef) },
  tracePath: { requestId: int, traceId: str, nodeIds: arrayOf(str), edgeIds: arrayOf(str) },
  handlerResult: { nodeId: str, ok: bool, message: str },
});

export type GraphValidated<M> = Validated<M>;


export function validateGraphWebviewMessage(raw: unknown): GraphValidated<GraphWebviewMessage> {
  return GRAPH_PROTOCOL.fromWebview(raw);
}

export function validateGraphHostMessage(raw: unknown): GraphValidated<GraphHostMessage> {
  return GRAPH_PROTOCOL.fromHost(raw);
}
