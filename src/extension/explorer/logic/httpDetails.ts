// HTTP request/response details out of span attributes, whichever convention wrote them:
// OTel old and new semantic conventions (http.method / http.request.method, http.url / url.full),
// per-header attributes (http.request.header.<name>), header objects, and body attributes.
import type { AttrValue, Attributes } from '../../../core/model';
import { HttpDetails, KeyValue } from '../../../protocol/messages';
import { attrToString } from './attrText';

const METHOD = ['http.request.method', 'http.method', 'xray.http.request.method', 'aws.http.method', 'method'];
const URL = ['url.full', 'http.url', 'xray.http.request.url', 'aws.http.url', 'url'];
const STATUS = ['http.response.status_code', 'http.status_code', 'xray.http.response.status', 'http.status'];
const REQ_BODY = ['http.request.body', 'http.request.body.content', 'http.request_body', 'request.body', 'event.body'];
const RES_BODY = ['http.response.body', 'http.response.body.content', 'http.response_body', 'response.body'];
const REQ_HEADERS = ['http.request.headers', 'request.headers'];
const RES_HEADERS = ['http.response.headers', 'response.headers'];

export function httpDetails(attrs: Attributes, httpStatus?: number): HttpDetails | undefined {
  const lower = new Map<string, AttrValue>();
  for (const [k, v] of Object.entries(attrs)) if (!lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), v);
  const pick = (keys: string[]) => { for (const k of keys) if (lower.has(k)) return lower.get(k); return undefined; };

  const method = pick(METHOD);
  let url = pick(URL);
  if (url === undefined) {
    const target = pick(['http.target', 'url.path', 'http.route']);
    const host = pick(['http.host', 'server.address', 'net.peer.name']);
    if (target !== undefined) url = host !== undefined ? `${attrToString(host)}${attrToString(target)}` : target;
  }
  const statusRaw = httpStatus ?? pick(STATUS);
  const statusCode = typeof statusRaw === 'number' ? statusRaw : typeof statusRaw === 'string' && /^\d{3}$/.test(statusRaw) ? Number(statusRaw) : undefined;
  const requestHeaders = headers(lower, 'http.request.header.', pick(REQ_HEADERS));
  const responseHeaders = headers(lower, 'http.response.header.', pick(RES_HEADERS));
  const requestBody = body(pick(REQ_BODY));
  const responseBody = body(pick(RES_BODY));

  if (method === undefined && url === undefined && statusCode === undefined && requestHeaders.length === 0
    && responseHeaders.length === 0 && requestBody === undefined && responseBody === undefined) return undefined;
  const d: HttpDetails = { requestHeaders, responseHeaders };
  if (method !== undefined) d.method = attrToString(method);
  if (url !== undefined) d.url = attrToString(url);
  if (statusCode !== undefined) d.statusCode = statusCode;
  if (requestBody !== undefined) d.requestBody = requestBody;
  if (responseBody !== undefined) d.responseBody = responseBody;
  return d;
}

function headers(lower: Map<string, AttrValue>, prefix: string, whole: AttrValue | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [k, v] of lower) if (k.startsWith(prefix)) out.push({ key: k.slice(prefix.length), value: headerValue(v) });
  let obj: unknown = whole;
  if (typeof obj === 'string') obj = tryJson(obj);
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj as Record<string, AttrValue>)) out.push({ key: k.toLowerCase(), value: headerValue(v) });
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const headerValue = (v: AttrValue) => (Array.isArray(v) ? v.map(attrToString).join(', ') : attrToString(v));

function body(v: AttrValue | undefined): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return tryJson(v) ?? v;
  return v;
}

function tryJson(s: string): unknown {
  const t = s.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try { return JSON.parse(t); } catch { return undefined; }
}
