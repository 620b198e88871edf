// Runtime validation of protocol messages. Never throws: returns the message or the reason it was rejected.
import {
  HostMessage,
  HostMessageType,
  PROTOCOL_VERSION,
  SORT_DIRS,
  SORT_KEYS,
  WebviewMessage,
  WebviewMessageType,
} from './messages';

type Check = (value: unknown) => boolean;

const str: Check = (x) => typeof x === 'string';
const num: Check = (x) => typeof x === 'number' && Number.isFinite(x);
const int: Check = (x) => Number.isInteger(x) && (x as number) >= 0;
const bool: Check = (x) => typeof x === 'boolean';
const obj: Check = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
const opt = (c: Check): Check => (x) => x === undefined || c(x);
const oneOf = (values: readonly string[]): Check => (x) => typeof x === 'string' && values.includes(x);
const arrayOf = (c: Check): Check => (x) => Array.isArray(x) && x.every(c);
const shape = (spec: Record<string, Check>): Check => (x) => obj(x) && Object.entries(spec).every(([k, c]) => c((x as Record<string, unknown>)[k]));

/** Page sizes are bounded so a bad request cannot make the host serialise 100,000 rows. */
export const MAX_PAGE = 2000;
const limit: Check = (x) => int(x) && (x as number) <= MAX_PAGE;

const listQuery = shape({ sort: oneOf(SORT_KEYS), dir: oneOf(SORT_DIRS), filter: (x) => str(x) && (x as string).length <= 1000 });
const datasetInfo = shape({ sourceLabel: str, traceCount: int, loading: bool, error: opt(str), datasetVersion: int });
const listRow = shape({ traceId: str, rootName: str, rootService: str, operation: str, functionName: str, startMs: num, durationMs: num, spanCount: int, errorCount: int });
const numArr = arrayOf(num);
const strArr = arrayOf(str);
const columns = shape({
  spanId: strArr, name: strArr, service: strArr, serviceType: numArr, depth: numArr, start: numArr,
  duration: numArr, init: numArr, flags: numArr, descendants: numArr, sourceFile: strArr, sourceLine: numArr,
  posInSet: opt(numArr), setSize: opt(numArr),
});
const minimap = shape({ rowsPerBucket: num, start: numArr, end: numArr, error: numArr });
const traceMeta = shape({
  traceId: str, version: int, rowCount: int, spanCount: int, startMs: num, durationMs: num, timeMin: num, timeMax: num,
  errorCount: int, orphanCount: int, skewedCount: int, criticalPathCount: int, rootName: str, rootService: str,
  services: strArr, focusRow: (x) => Number.isInteger(x), minimap,
});
const details = shape({
  traceId: str, spanId: str, name: str, service: str, kind: str, startMs: num, durationMs: num, status: str, fromLogs: bool,
  attributes: Array.isArray, resourceAttributes: Array.isArray, exceptions: Array.isArray, story: Array.isArray,
});

type Spec<M> = { [K in Exclude<keyof M, 'v' | 'type'>]-?: Check };
type Schemas<U extends { type: string }> = { [T in U['type']]: Spec<Extract<U, { type: T }>> };

const WEBVIEW_SCHEMAS: Schemas<WebviewMessage> = {
  ready: {},
  queryList: { requestId: int, query: listQuery, offset: int, limit },
  openTrace: { requestId: int, traceId: str, focusSpanId: opt(str) },
  locateTrace: { requestId: int, query: listQuery, traceId: str },
  getRows: { requestId: int, traceId: str, version: int, offset: int, limit },
  setCollapsed: { requestId: int, traceId: str, spanId: str, collapsed: bool },
  setAllCollapsed: { requestId: int, traceId: str, collapsed: bool },
  getSpanDetails: { requestId: int, traceId: str, spanId: str },
  openSource: { traceId: str, spanId: str },
  openLocation: { file: str, line: int, column: opt(int) },
  selectionChanged: { traceId: opt(str), spanId: opt(str) },
  log: { level: oneOf(['info', 'warn', 'error']), message: str },
};

const HOST_SCHEMAS: Schemas<HostMessage> = {
  init: { dataset: datasetInfo, restore: opt(obj) },
  dataset: { dataset: datasetInfo },
  listPage: { requestId: int, datasetVersion: int, total: int, offset: int, rows: arrayOf(listRow) },
  traceMeta: { requestId: int, meta: traceMeta },
  traceIndex: { requestId: int, datasetVersion: int, traceId: str, index: (x) => Number.isInteger(x) && (x as number) >= -1, total: int },
  rows: { requestId: int, traceId: str, version: int, offset: int, columns },
  spanDetails: { requestId: int, details },
  showTrace: { traceId: str, spanId: opt(str) },
  setFilter: { filter: str },
  sourceResult: { spanId: str, ok: bool, message: str },
  error: { requestId: opt(int), message: str },
};

export type Validated<M> = { ok: true; message: M } | { ok: false; reason: string };

function validate<M>(raw: unknown, schemas: Record<string, Record<string, Check>>): Validated<M> {
  try {
    if (!obj(raw)) return { ok: false, reason: 'not an object' };
    const m = raw as Record<string, unknown>;
    if (m.v !== PROTOCOL_VERSION) return { ok: false, reason: `protocol version ${String(m.v)}, expected ${PROTOCOL_VERSION}` };
    if (typeof m.type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, m.type)) {
      return { ok: false, reason: `unknown message type ${JSON.stringify(m.type)}` };
    }
    const spec = schemas[m.type];
    for (const [key, check] of Object.entries(spec)) {
      if (!check(m[key])) return { ok: false, reason: `${m.type}: bad field "${key}"` };
    }
    return { ok: true, message: raw as M };
  } catch (e) {
    // A getter or proxy in a hostile object must not take the host down.
    return { ok: false, reason: `validation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Validates a message received by the host from the webview. */
export function validateWebviewMessage(raw: unknown): Validated<WebviewMessage> {
  return validate<WebviewMessage>(raw, WEBVIEW_SCHEMAS);
}

/** Validates a message received by the webview from the host. */
export function validateHostMessage(raw: unknown): Validated<HostMessage> {
  return validate<HostMessage>(raw, HOST_SCHEMAS);
}

export const webviewMessageTypes = Object.keys(WEBVIEW_SCHEMAS) as WebviewMessageType[];
export const hostMessageTypes = Object.keys(HOST_SCHEMAS) as HostMessageType[];
