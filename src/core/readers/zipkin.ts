// Zipkin v2 JSON: an array of spans, or an array of traces (arrays of spans).
import type { Attributes, Origin, Span, SpanEvent, SpanKind } from '../model';
import { normalizeSpanId, normalizeTraceId } from '../ids';
import { classifyRemote } from '../resource';
import type { JsonReader, ReadContext } from './types';
import {
  deriveStatus, exceptionsFromEvents, flatAttributes, httpStatusFromAttributes, isRecord,
  requestIdFromAttributes, show, sourceFromAttributes,
} from './attrs';

type Raw = Record<string, unknown>;

function looksZipkin(v: unknown): boolean {
  return isRecord(v) && typeof v.traceId === 'string' && typeof v.id === 'string' && v.spanId === undefined &&
    (v.timestamp !== undefined || v.localEndpoint !== undefined || v.kind !== undefined || v.name !== undefined);
}

export const zipkinReader: JsonReader = {
  format: 'zipkin',
  matches(value: unknown): boolean {
    if (!Array.isArray(value)) return looksZipkin(value);
    const first = value[0];
    return Array.isArray(first) ? looksZipkin(first[0]) : looksZipkin(first);
  },
  read(value: unknown, ctx: ReadContext): void {
    const items: { raw: unknown; path?: string }[] = [];
    if (!Array.isArray(value)) items.push({ raw: value });
    else {
      value.forEach((v, i) => {
        if (Array.isArray(v)) v.forEach((w, j) => items.push({ raw: w, path: `[${i}][${j}]` }));
        else items.push({ raw: v, path: `[${i}]` });
      });
    }
    const { timed, fragments } = pairFragments(items, ctx);
    const spans: Span[] = [];
    const spanOf = new Map<Item, Span>();
    for (const item of timed) {
      const span = item.raw.timestamp === undefined && hasIds(item.raw) ? unpairedFragment(item, ctx) : toSpan(item, ctx);
      if (span) { spans.push(span); spanOf.set(item, span); }
    }
    widenTraceIds(spans);
    splitSharedSpans(spans.filter((s) => !unpaired.has(s)));
    // Each fragment follows the half it belongs to, with that half's final ids: the dataset merges repeats.
    const byHalf = new Map<Span, Span[]>();
    for (const f of fragments) {
      const half = spanOf.get(f.target);
      if (!half) { // its half was skipped: alone the fragment has no time
        ctx.sink.skip('missing-field', f.item.origin, 'span has no timestamp');
        continue;
      }
      const span = fragmentSpan(f.item, half, ctx); // skips on its own when a field is bad
      if (span) byHalf.set(half, [...(byHalf.get(half) ?? []), span]);
    }
    for (const s of spans) {
      ctx.sink.span(s);
      for (const f of byHalf.get(s) ?? []) ctx.sink.span(f);
    }
  },
};

interface Item { raw: Raw; origin: Origin }

function hasIds(raw: Raw): boolean {
  return typeof raw.traceId === 'string' && typeof raw.id === 'string' && raw.id !== '';
}

/** What a fragment's half must match (service, kind, shared), for pairing across the whole load. */
interface HalfKey { service?: string; kind?: SpanKind; shared?: unknown }
const unpaired = new WeakMap<Span, HalfKey>();

/**
 * A fragment whose half is not in this JSON value (another line or file): emitted with no time of its own,
 * to be paired across the whole load by pairZipkinSpans, or skipped there for its missing timestamp.
 */
function unpairedFragment(item: Item, ctx: ReadContext): Span | undefined {
  const span = toSpan({ raw: { ...item.raw, timestamp: 0 }, origin: item.origin }, ctx);
  if (!span) return undefined;
  span.durationMs = 0;
  delete span.attributes['explorer.duration_missing'];
  span.attributes['zipkin.fragment'] = true;
  unpaired.set(span, { service: serviceOf(item.raw.localEndpoint), kind: item.raw.kind === undefined ? undefined : parseKind(item.raw.kind), shared: item.raw.shared });
  return span;
}

/**
 * Zipkin across the whole load, not per JSON value: a trace split over files or one span per NDJSON line
 * still has its 64-bit ids widened, its shared client/server halves split, and its fragments paired.
 * `skip` counts a fragment whose half never came.
 */
export function pairZipkinSpans(spans: Span[], skip: (origin: Origin, message: string) => void): Span[] {
  widenTraceIds(spans);
  // Fragments (paired in their own JSON value or not) follow their half's final id, which may change below.
  const isFragment = (s: Span) => s.attributes['zipkin.fragment'] === true;
  const whole = spans.filter((s) => !isFragment(s));
  // Halves already told apart inside one JSON value are grouped again with those from other values.
  for (const s of whole) {
    const original = s.attributes['explorer.original_span_id'];
    if (typeof original === 'string') { s.spanId = original; delete s.attributes['explorer.original_span_id']; }
  }
  splitSharedSpans(whole);
  const halves = new Map<string, Span[]>();
  for (const s of whole) {
    const key = `${s.traceId}/${originalId(s)}`;
    const list = halves.get(key);
    if (list) list.push(s); else halves.set(key, [s]);
  }
  const out = whole;
  for (const f of spans) {
    if (!isFragment(f)) continue;
    const want = unpaired.get(f) ?? { service: f.service, kind: f.kind };
    unpaired.delete(f);
    const half = halves.get(`${f.traceId}/${originalId(f)}`)?.find((h) => (want.service === undefined || want.service === h.service) &&
      (want.kind === undefined || want.kind === h.kind) &&
      (want.shared === undefined || (want.shared === true) === (h.attributes['zipkin.shared'] === true)));
    if (!half) { skip(f.origin, 'span has no timestamp'); continue; }
    f.traceId = half.traceId;
    f.spanId = half.spanId;
    f.parentSpanId = half.parentSpanId;
    f.kind = half.kind;
    f.startMs = 0;
    out.push(f);
  }
  return out;
}

/** The id a span was recorded under, before `.client` / `.server2` told shared halves apart. */
function originalId(s: Span): string {
  const original = s.attributes['explorer.original_span_id'];
  if (typeof original === 'string') return original;
  const dot = s.spanId.indexOf('.');
  return dot < 0 ? s.spanId : s.spanId.slice(0, dot);
}

interface Fragment { item: Item; target: Item }

function origin(ctx: ReadContext, path: string | undefined): Origin {
  return path === undefined ? ctx.origin : { ...ctx.origin, path: (ctx.origin.path ?? '') + path };
}

/**
 * Zipkin reporters may send one span in parts: a fragment with the same id and local endpoint but no
 * timestamp (late annotations or tags). Each fragment is paired with the timed record of its half.
 * A fragment whose half is not in the file stays with the timed records and is skipped for its missing timestamp.
 */
function pairFragments(items: { raw: unknown; path?: string }[], ctx: ReadContext): { timed: Item[]; fragments: Fragment[] } {
  const timed: Item[] = [];
  const untimed: Item[] = [];
  const byKey = new Map<string, Item[]>();
  for (const { raw, path } of items) {
    if (!isRecord(raw)) {
      ctx.sink.skip('wrong-type', origin(ctx, path), 'span is not an object');
      continue;
    }
    const item: Item = { raw, origin: origin(ctx, path) };
    const key = typeof raw.traceId === 'string' && typeof raw.id === 'string' ? `${raw.traceId.toLowerCase()}/${raw.id.toLowerCase()}` : undefined;
    if (raw.timestamp === undefined && key) {
      untimed.push(item);
      continue;
    }
    timed.push(item);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  const fragments: Fragment[] = [];
  for (const item of untimed) {
    const key = `${(item.raw.traceId as string).toLowerCase()}/${(item.raw.id as string).toLowerCase()}`;
    const target = byKey.get(key)?.find((t) => sameHalf(t.raw, item.raw));
    if (target) fragments.push({ item, target });
    else timed.push(item);
  }
  return { timed, fragments };
}

/** The fragment as a span record of its half: same ids and kind, no timing of its own. */
function fragmentSpan(item: Item, half: Span, ctx: ReadContext): Span | undefined {
  const timed = { ...item.raw, timestamp: half.startMs * 1000, duration: undefined };
  const span = toSpan({ raw: timed, origin: item.origin }, ctx);
  if (!span) return undefined;
  span.traceId = half.traceId;
  span.spanId = half.spanId;
  span.parentSpanId = half.parentSpanId;
  span.kind = half.kind;
  span.startMs = 0;
  span.durationMs = 0;
  delete span.attributes['explorer.duration_missing'];
  span.attributes['zipkin.fragment'] = true;
  return span;
}

function serviceOf(endpoint: unknown): string | undefined {
  return isRecord(endpoint) && typeof endpoint.serviceName === 'string' && endpoint.serviceName !== '' ? endpoint.serviceName : undefined;
}

/** A fragment belongs to the half reported by the same service with a compatible kind. */
function sameHalf(timed: Raw, fragment: Raw): boolean {
  const fs = serviceOf(fragment.localEndpoint);
  if (fs !== undefined && fs !== serviceOf(timed.localEndpoint)) return false;
  if (fragment.kind !== undefined && fragment.kind !== timed.kind) return false;
  return fragment.shared === undefined || fragment.shared === timed.shared;
}

function parseKind(raw: unknown): SpanKind {
  switch (raw) {
    case 'CLIENT': return 'client';
    case 'SERVER': return 'server';
    case 'PRODUCER': return 'producer';
    case 'CONSUMER': return 'consumer';
    default: return 'internal';
  }
}

function toSpan(item: Item, ctx: ReadContext): Span | undefined {
  const { raw, origin } = item;
  const skip = (reason: 'missing-field' | 'wrong-type', message: string): undefined => {
    ctx.sink.skip(reason, origin, message);
    return undefined;
  };
  if (raw.traceId === undefined || raw.traceId === '') return skip('missing-field', 'span has no traceId');
  const traceId = normalizeTraceId(raw.traceId);
  if (!traceId) return skip('wrong-type', `traceId is not a trace id: ${show(raw.traceId)}`);
  if (raw.id === undefined || raw.id === '') return skip('missing-field', 'span has no id');
  const spanId = typeof raw.id === 'string' ? normalizeSpanId(raw.id) : undefined;
  if (!spanId) return skip('wrong-type', `id is not a span id: ${show(raw.id)}`);
  let parentSpanId: string | undefined;
  if (raw.parentId !== undefined && raw.parentId !== null && raw.parentId !== '') {
    parentSpanId = typeof raw.parentId === 'string' ? normalizeSpanId(raw.parentId) : undefined;
    if (!parentSpanId) return skip('wrong-type', `parentId is not a span id: ${show(raw.parentId)}`);
  }
  if (raw.timestamp === undefined) return skip('missing-field', 'span has no timestamp');
  if (typeof raw.timestamp !== 'number' || !Number.isFinite(raw.timestamp) || raw.timestamp < 0) {
    return skip('wrong-type', `timestamp is not epoch microseconds: ${show(raw.timestamp)}`);
  }
  if (raw.duration !== undefined && (typeof raw.duration !== 'number' || !Number.isFinite(raw.duration))) {
    return skip('wrong-type', `duration is not microseconds: ${show(raw.duration)}`);
  }

  const kind = parseKind(raw.kind);
  const attributes: Attributes = flatAttributes(raw.tags);
  if (raw.duration === undefined) attributes['explorer.duration_missing'] = true;
  if (raw.shared === true) attributes['zipkin.shared'] = true;
  if (raw.debug === true) attributes['zipkin.debug'] = true;
  const remoteService = serviceOf(raw.remoteEndpoint);
  endpointAttributes(attributes, raw.remoteEndpoint);
  const resourceAttributes: Attributes = {};
  const service = serviceOf(raw.localEndpoint);
  if (service) resourceAttributes['service.name'] = service;
  if (isRecord(raw.localEndpoint)) {
    const { ipv4, ipv6, port } = raw.localEndpoint;
    if (typeof (ipv4 ?? ipv6) === 'string') resourceAttributes['host.ip'] = (ipv4 ?? ipv6) as string;
    if (typeof port === 'number') resourceAttributes['host.port'] = port;
  }

  const startMs = raw.timestamp / 1000;
  const events = annotations(raw.annotations, startMs);
  const httpStatus = httpStatusFromAttributes(attributes);
  const errorTag = attributes.error;
  const status = deriveStatus({ kind, explicitError: errorTag !== undefined, explicitOk: false, httpStatus });
  const span: Span = {
    traceId, spanId,
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : '(unnamed)',
    service: service ?? 'unknown',
    kind, startMs, durationMs: typeof raw.duration === 'number' ? Math.max(0, raw.duration / 1000) : 0,
    status: status.status, attributes, resourceAttributes, events, links: [],
    exceptions: exceptionsFromEvents(events), format: 'zipkin', origin,
  };
  if (parentSpanId) span.parentSpanId = parentSpanId;
  // Brave writes the error message (or an empty string) as the `error` tag's value.
  if (typeof errorTag === 'string' && errorTag !== '' && errorTag !== 'true') span.statusMessage = errorTag;
  if (status.fault) span.fault = true;
  if (status.throttle) span.throttle = true;
  if (httpStatus !== undefined) span.httpStatus = httpStatus;
  const remote = classifyRemote({ kind, name: span.name, attributes, peerService: remoteService });
  if (remote) span.remote = remote;
  const source = sourceFromAttributes(attributes);
  if (source) span.source = source;
  const requestId = requestIdFromAttributes(attributes, kind);
  if (requestId) span.requestId = requestId;
  return span;
}

function endpointAttributes(a: Attributes, endpoint: unknown): void {
  if (!isRecord(endpoint)) return;
  const service = serviceOf(endpoint);
  if (service) a['peer.service'] ??= service;
  const ip = endpoint.ipv4 ?? endpoint.ipv6;
  if (typeof ip === 'string') a['network.peer.address'] ??= ip;
  if (typeof endpoint.port === 'number') a['network.peer.port'] ??= endpoint.port;
}

function annotations(raw: unknown, startMs: number): SpanEvent[] {
  if (!Array.isArray(raw)) return [];
  const out: SpanEvent[] = [];
  for (const a of raw) {
    if (!isRecord(a)) continue;
    const timeMs = typeof a.timestamp === 'number' && Number.isFinite(a.timestamp) ? a.timestamp / 1000 : startMs;
    out.push({ timeMs, name: typeof a.value === 'string' ? a.value : show(a.value), attributes: {} });
  }
  return out;
}

/** Zipkin may mix 64-bit and 128-bit ids for one trace; use the 128-bit form where one was seen. */
function widenTraceIds(spans: Span[]): void {
  const wide = new Map<string, string>();
  for (const s of spans) if (!s.traceId.startsWith('0000000000000000')) wide.set(s.traceId.slice(16), s.traceId);
  if (wide.size === 0) return;
  for (const s of spans) {
    if (!s.traceId.startsWith('0000000000000000')) continue;
    const w = wide.get(s.traceId.slice(16));
    if (w) s.traceId = w;
  }
}

/**
 * B3 shared spans: a server reports its half of an RPC under the client's span id. Both halves stay in
 * the model: the client half gets the id `<id>.client`, the server half(s) become its children, and the
 * server keeps the shared id so spans whose parent is that id stay under the server. Further server
 * halves of the same id (a message fanned out to several consumers) get `<id>.server<n>`.
 */
export function splitSharedSpans(spans: Span[]): void {
  const groups = new Map<string, Span[]>();
  let dupes = false;
  for (const s of spans) {
    const key = `${s.traceId}/${s.spanId}`;
    const g = groups.get(key);
    if (g) { g.push(s); dupes = true; } else groups.set(key, [s]);
  }
  if (!dupes) return;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const clients = group.filter((s) => s.kind === 'client');
    const servers = group.filter((s) => s.kind === 'server');
    if (clients.length === 0 || servers.length === 0) continue; // plain duplicates: the dataset counts them
    const id = group[0].spanId;
    clients.forEach((c, i) => rename(c, `${id}.client${i === 0 ? '' : i + 1}`, id));
    const clientId = clients[0].spanId;
    servers.forEach((s, i) => {
      if (i > 0) rename(s, `${id}.server${i + 1}`, id);
      s.parentSpanId = clientId;
      if (s.name === '(unnamed)') s.name = clients[0].name;
    });
  }
}

function rename(s: Span, spanId: string, original: string): void {
  s.spanId = spanId;
  s.attributes['explorer.original_span_id'] = original;
}
