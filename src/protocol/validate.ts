// The explorer's protocol: schemas of its messages; channel.ts adds the common ones and does the checking.
import {
  arrayOf, bool, Check, defineProtocol, int, num, obj, oneOf, opt, shape, str, Validated,
} from './channel';
import {
  HostMessage,
  HostMessageType,
  PROTOCOL_VERSION,
  SORT_DIRS,
  SORT_KEYS,
  WebviewMessage,
  WebviewMessageType,
} from './messages';
import { invocationCostDetails, traceCostSummary } from './explorerCost';
import { compareCandidates, comparison, flameView, logPairs, logSpanRef, searchAnswer } from './investigate';

/** Page sizes are bounded so a bad request cannot make the host serialise 100,000 rows. */
export const MAX_PAGE = 2000;
const limit: Check = (x) => int(x) && (x as number) <= MAX_PAGE;

const listQuery = shape({ sort: oneOf(SORT_KEYS), dir: oneOf(SORT_DIRS), filter: (x) => str(x) && (x as string).length <= 1000 });
const datasetInfo = shape({ sourceLabel: str, traceCount: int, loading: bool, error: opt(str), datasetVersion: int });
const listRow = shape({ traceId: str, rootName: str, rootService: str, operation: str, functionName: str, startMs: num, durationMs: num, spanCount: int, errorCount: int, costUsd: opt(num) });
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
  invocation: opt(shape({ cost: opt(invocationCostDetails) })),
});

export const EXPLORER_PROTOCOL = defineProtocol<WebviewMessage, HostMessage>('explorer', PROTOCOL_VERSION, {
  queryList: { requestId: int, query: listQuery, offset: int, limit },
  openTrace: { requestId: int, traceId: str, focusSpanId: opt(str) },
  locateTrace: { requestId: int, query: listQuery, traceId: str },
  getRows: { requestId: int, traceId: str, version: int, offset: int, limit },
  setCollapsed: { requestId: int, traceId: str, spanId: str, collapsed: bool },
  setAllCollapsed: { requestId: int, traceId: str, collapsed: bool },
  getSpanDetails: { requestId: int, traceId: str, spanId: str },
  getTraceCost: { requestId: int, traceId: str },
  openSource: { traceId: str, spanId: str },
  openLocation: { file: str, line: int, column: opt(int) },
  selectionChanged: { traceId: opt(str), spanId: opt(str) },
  searchTrace: { requestId: int, traceId: str, text: (x) => str(x) && (x as string).length <= 1000, onlyMatches: bool, index: (x) => Number.isInteger(x) && (x as number) >= -1 },
  compareCandidates: { requestId: int, traceId: str },
  compareTraces: { requestId: int, a: str, b: str },
  getFlame: { requestId: int, traceId: str, root: int, minWidth: (x) => num(x) && (x as number) >= 0 && (x as number) < 1 },
  getLogPairs: { requestId: int, a: logSpanRef, b: logSpanRef, offset: int, limit: (x) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 1000 },
}, {
  init: { dataset: datasetInfo, restore: opt(obj) },
  dataset: { dataset: datasetInfo },
  listPage: { requestId: int, datasetVersion: int, total: int, offset: int, rows: arrayOf(listRow) },
  traceMeta: { requestId: int, meta: traceMeta },
  traceIndex: { requestId: int, datasetVersion: int, traceId: str, index: (x) => Number.isInteger(x) && (x as number) >= -1, total: int },
  rows: { requestId: int, traceId: str, version: int, offset: int, columns },
  spanDetails: { requestId: int, details },
  traceCost: { requestId: int, cost: traceCostSummary },
  showTrace: { traceId: str, spanId: opt(str) },
  setFilter: { filter: str },
  sourceResult: { spanId: str, ok: bool, message: str },
  searchResult: { requestId: int, search: searchAnswer, meta: traceMeta },
  candidates: { requestId: int, candidates: compareCandidates },
  comparison: { requestId: int, comparison },
  flame: { requestId: int, flame: flameView },
  logPairs: { requestId: int, pairs: logPairs },
});

export type { Validated };

/** Validates a message received by the host from the webview. */
export function validateWebviewMessage(raw: unknown): Validated<WebviewMessage> {
  return EXPLORER_PROTOCOL.fromWebview(raw);
}

/** Validates a message received by the webview from the host. */
export function validateHostMessage(raw: unknown): Validated<HostMessage> {
  return EXPLORER_PROTOCOL.fromHost(raw);
}

export const webviewMessageTypes: WebviewMessageType[] = EXPLORER_PROTOCOL.webviewTypes;
export const hostMessageTypes: HostMessageType[] = EXPLORER_PROTOCOL.hostTypes;
