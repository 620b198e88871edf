// The typed, versioned protocol between the extension host and the Architecture (service graph) webview.
// Same conventions as messages.ts / validate.ts: `v` on every message, every message validated on receipt.
import { SERVICE_TYPES, ServiceType } from './messages';

export const GRAPH_PROTOCOL_VERSION = 1;

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
  | { v: number; type: 'ready' }
  /** Slowest and failing traces of a node or edge (kept on the host: the graph message stays small). */
  | { v: number; type: 'getElementTraces'; requestId: number; elementId: string }
  /** Node and edge ids one trace touched, to highlight its path. */
  | { v: number; type: 'getTracePath'; requestId: number; traceId: string }
  | { v: number; type: 'openTrace'; traceId: string }
  | { v: number; type: 'openHandler'; nodeId: string }
  | { v: number; type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

// ---- host -> webview ----

export type GraphHostMessage =
  | { v: number; type: 'graph'; dataset: GraphDatasetInfo; graph: GraphView; settings: GraphSettings }
  | { v: number; type: 'settings'; settings: GraphSettings }
  | { v: number; type: 'elementTraces'; requestId: number; elementId: string; slowest: TraceRefView[]; failing: TraceRefView[] }
  | { v: number; type: 'tracePath'; requestId: number; traceId: string; nodeIds: string[]; edgeIds: string[] }
  | { v: number; type: 'handlerResult'; nodeId: string; ok: boolean; message: string }
  | { v: number; type: 'error'; requestId?: number; message: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type GraphWebviewMessageBody = DistributiveOmit<GraphWebviewMessage, 'v'>;
export type GraphHostMessageBody = DistributiveOmit<GraphHostMessage, 'v'>;
export type GraphHostMessageType = GraphHostMessage['type'];

export function toGraphWebview<M extends GraphHostMessageBody>(m: M): M & { v: number } {
  return { ...m, v: GRAPH_PROTOCOL_VERSION };
}

export function toGraphHost<M extends GraphWebviewMessageBody>(m: M): M & { v: number } {
  return { ...m, v: GRAPH_PROTOCOL_VERSION };
}

// ---- validation (never throws) ----

type Check = (value: unknown) => boolean;

const str: Check = (x) => typeof x === 'string';
const shortStr: Check = (x) => typeof x === 'string' && x.length <= 2000;
const num: Check = (x) => typeof x === 'number' && Number.isFinite(x);
const int: Check = (x) => Number.isInteger(x) && (x as number) >= 0;
const bool: Check = (x) => typeof x === 'boolean';
const obj: Check = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
const opt = (c: Check): Check => (x) => x === undefined || c(x);
const oneOf = (values: readonly string[]): Check => (x) => typeof x === 'string' && values.includes(x);
const arrayOf = (c: Check): Check => (x) => Array.isArray(x) && x.every(c);
const shape = (spec: Record<string, Check>): Check => (x) => obj(x) && Object.entries(spec).every(([k, c]) => c((x as Record<string, unknown>)[k]));

const numbers = { calls: int, errors: int, faults: int, throttles: int, p50Ms: num, p95Ms: num, p99Ms: num };
const nodeView = shape({ id: str, type: oneOf(SERVICE_TYPES), name: str, service: opt(str), hasSource: bool, ...numbers });
const edgeView = shape({ id: str, source: str, target: str, async: bool, ...numbers });
const graphView = shape({ nodes: arrayOf(nodeView), edges: arrayOf(edgeView), traces: int });
const datasetInfo = shape({ sourceLabel: str, loading: bool, error: opt(str), datasetVersion: int });
const settings = shape({ errorRateWarning: num, errorRateCritical: num, p95WarningMs: num, p95CriticalMs: num, largeGraphThreshold: int });
const traceRef = shape({ traceId: str, durationMs: num, error: bool, failure: opt(shortStr) });

type Spec<M> = { [K in Exclude<keyof M, 'v' | 'type'>]-?: Check };
type Schemas<U extends { type: string }> = { [T in U['type']]: Spec<Extract<U, { type: T }>> };

const WEBVIEW_SCHEMAS: Schemas<GraphWebviewMessage> = {
  ready: {},
  getElementTraces: { requestId: int, elementId: shortStr },
  getTracePath: { requestId: int, traceId: shortStr },
  openTrace: { traceId: shortStr },
  openHandler: { nodeId: shortStr },
  log: { level: oneOf(['info', 'warn', 'error']), message: str },
};

const HOST_SCHEMAS: Schemas<GraphHostMessage> = {
  graph: { dataset: datasetInfo, graph: graphView, settings },
  settings: { settings },
  elementTraces: { requestId: int, elementId: str, slowest: arrayOf(traceRef), failing: arrayOf(traceRef) },
  tracePath: { requestId: int, traceId: str, nodeIds: arrayOf(str), edgeIds: arrayOf(str) },
  handlerResult: { nodeId: str, ok: bool, message: str },
  error: { requestId: opt(int), message: str },
};

export type GraphValidated<M> = { ok: true; message: M } | { ok: false; reason: string };

function validate<M>(raw: unknown, schemas: Record<string, Record<string, Check>>): GraphValidated<M> {
  try {
    if (!obj(raw)) return { ok: false, reason: 'not an object' };
    const m = raw as Record<string, unknown>;
    if (m.v !== GRAPH_PROTOCOL_VERSION) return { ok: false, reason: `protocol version ${String(m.v)}, expected ${GRAPH_PROTOCOL_VERSION}` };
    if (typeof m.type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, m.type)) {
      return { ok: false, reason: `unknown message type ${JSON.stringify(m.type)}` };
    }
    for (const [key, check] of Object.entries(schemas[m.type])) {
      if (!check(m[key])) return { ok: false, reason: `${m.type}: bad field "${key}"` };
    }
    return { ok: true, message: raw as M };
  } catch (e) {
    // A getter or proxy in a hostile object must not take the host down.
    return { ok: false, reason: `validation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function validateGraphWebviewMessage(raw: unknown): GraphValidated<GraphWebviewMessage> {
  return validate<GraphWebviewMessage>(raw, WEBVIEW_SCHEMAS);
}

export function validateGraphHostMessage(raw: unknown): GraphValidated<GraphHostMessage> {
  return validate<GraphHostMessage>(raw, HOST_SCHEMAS);
}
