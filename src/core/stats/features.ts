// What can be compared about one row: its invocation, its span's attributes, and the calls it made.
import type { AttrValue, Invocation, SpanNode } from '../model';
import { isSpanNode, RowItem } from './groupTable';
import { resourceLabel } from './extract';

export type FeatureValue = string | number;
export type Features = Map<string, FeatureValue>;

/** Attributes that identify a single row (ids, timestamps): never a shared cause, so never compared. */
const ID_LIKE = /(^|[._])(id|ids|request_?id|trace_?id|span_?id|invocation_?id|timestamp|time|start|end|arn)$/i;
/** A row's own span can carry dozens of attributes; beyond this many the rest are ignored. */
const MAX_ATTRIBUTES = 80;

export function featuresOf(item: RowItem, nodeOf?: ReadonlyMap<Invocation, SpanNode>): Features {
  const f: Features = new Map();
  const inv = isSpanNode(item) ? item.invocation : item;
  const node = isSpanNode(item) ? item : nodeOf?.get(item);
  if (inv) invocationFeatures(inv, f);
  if (node) {
    spanFeatures(node, f);
    downstreamFeatures(node, f);
  }
  return f;
}

function invocationFeatures(inv: Invocation, f: Features): void {
  f.set('cold start', inv.coldStart ? 'yes' : 'no');
  if (inv.memorySizeMb !== undefined) f.set('memory size (MB)', inv.memorySizeMb);
  f.set('version', inv.version ?? '(unknown)');
  f.set('invocation status', inv.status);
  if (inv.errorType) f.set('error type', inv.errorType);
}

function spanFeatures(node: SpanNode, f: Features): void {
  const s = node.span;
  f.set('span status', s.status);
  if (s.httpStatus !== undefined) f.set('http status', s.httpStatus);
  if (s.remote) f.set('remote', resourceLabel(s.remote));
  let n = 0;
  const add = (prefix: string, attrs: Record<string, AttrValue> | undefined) => {
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (n >= MAX_ATTRIBUTES) return;
      if (ID_LIKE.test(k) || v === null) continue;
      const value = scalar(v);
      if (value === undefined) continue;
      f.set(prefix + k, value);
      n++;
    }
  };
  add('', s.attributes);
  add('resource ', s.resourceAttributes);
  const region = f.get('cloud.region') ?? f.get('resource cloud.region') ?? f.get('aws.region');
  if (region !== undefined) f.set('region', region);
}

/** Calls made below the row's span inside its own service: "calls X" and the status each answered with. */
function downstreamFeatures(node: SpanNode, f: Features): void {
  const service = node.span.service;
  const stack = [...node.children];
  while (stack.length) {
    const c = stack.pop()!;
    if (c.span.service !== service) continue;
    const r = c.span.remote;
    if (r && (c.span.kind === 'client' || c.span.kind === 'producer')) {
      const label = resourceLabel(r);
      f.set(`calls ${label}`, 'yes');
      const status = c.span.httpStatus ?? c.span.status;
      // Keep the worst answer when the same resource is called more than once.
      const prev = f.get(`${label} status`);
      if (prev === undefined || rank(status) > rank(prev)) f.set(`${label} status`, status);
    }
    stack.push(...c.children);
  }
}

function rank(v: FeatureValue): number {
  if (typeof v === 'number') return v;
  return v === 'error' ? 1000 : v === 'ok' ? 1 : 0;
}

function scalar(v: AttrValue): FeatureValue | undefined {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return v.length <= 5 ? JSON.stringify(v) : undefined;
  return undefined;
}
