// What makes two spans "the same span" across traces: their place in the tree. A span's key is its
// service and name (ids, numbers and UUIDs in the name folded, so `GET /orders/41d9...` in one trace
// matches `GET /orders/bf99...` in another); among siblings with the same key, the k-th by start time
// matches the k-th. The path of a span is its ancestors' keys and ordinals from the root.
import type { SpanNode, Trace } from '../model';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEXID = /\b[0-9a-f]{16,}\b/gi;
const NUMBER = /\d{2,}/g;

/** The span's service and name with ids folded: `service\u0000name`. */
export function spanKey(n: SpanNode): string {
  return `${n.span.service}\u0000${foldName(n.span.name)}`;
}

const folded = new Map<string, string>();

export function foldName(name: string): string {
  // Names repeat across spans and traces: fold each distinct one once (bounded, so unique names cannot grow it forever).
  let f = folded.get(name);
  if (f === undefined) {
    f = /\d/.test(name) ? name.replace(UUID, '{id}').replace(HEXID, '{id}').replace(NUMBER, '{n}') : name;
    if (folded.size > 100_000) folded.clear();
    folded.set(name, f);
  }
  return f;
}

/**
 * Pairs two sibling lists by key and ordinal. Returns the pairs in start order of either side
 * (a span missing on one side has undefined there). Siblings are in start order already.
 */
export function pairSiblings(a: readonly SpanNode[], b: readonly SpanNode[], startA: number, startB: number): [SpanNode | undefined, SpanNode | undefined][] {
  // The common case: the same children in the same order. Key i of A is key i of B, so the k-th of each key pairs by index.
  if (a.length === b.length) {
    let same = true;
    for (let i = 0; i < a.length && same; i++) same = a[i].span.service === b[i].span.service && spanKey(a[i]) === spanKey(b[i]);
    if (same) return a.map((n, i) => [n, b[i]]);
  }
  const byKey = new Map<string, SpanNode[]>();
  for (const n of b) {
    const k = spanKey(n);
    const list = byKey.get(k);
    if (list) list.push(n); else byKey.set(k, [n]);
  }
  const taken = new Map<string, number>();
  const pairs: { at: number; pair: [SpanNode | undefined, SpanNode | undefined] }[] = [];
  const usedB = new Set<SpanNode>();
  for (const n of a) {
    const k = spanKey(n);
    const i = taken.get(k) ?? 0;
    taken.set(k, i + 1);
    const m = byKey.get(k)?.[i];
    if (m) usedB.add(m);
    const at = m ? Math.min(n.span.startMs - startA, m.span.startMs - startB) : n.span.startMs - startA;
    pairs.push({ at, pair: [n, m] });
  }
  for (const m of b) if (!usedB.has(m)) pairs.push({ at: m.span.startMs - startB, pair: [undefined, m] });
  // Stable: equal offsets keep A's order, then B's extras.
  return pairs.map((p, i) => ({ ...p, i })).sort((x, y) => x.at - y.at || x.i - y.i).map((p) => p.pair);
}

/**
 * Self time of every node: its duration less the part its children cover (children clipped to the
 * span; overlapping children counted once). Asynchronous children running past the span's end do not
 * take its self time below zero.
 */
export function selfTimes(trace: Trace): Map<SpanNode, number> {
  const out = new Map<SpanNode, number>();
  for (const n of trace.nodes) out.set(n, selfTime(n));
  return out;
}

export function selfTime(n: SpanNode): number {
  const s = n.span.startMs;
  const e = s + n.span.durationMs;
  let covered = 0;
  let reach = s;
  // Children are in start order: sweep once, merging overlaps.
  for (const c of n.children) {
    const cs = Math.max(s, c.span.startMs);
    const ce = Math.min(e, c.span.startMs + c.span.durationMs);
    if (ce <= reach) continue;
    const from = Math.max(cs, reach);
    if (ce > from) covered += ce - from;
    reach = Math.max(reach, ce);
  }
  return Math.max(0, n.span.durationMs - covered);
}
