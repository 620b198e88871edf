// Search inside one trace: which spans mention a text in their name, service, status, attribute keys
// or values, or their log lines. Case-insensitive substring, like a browser's find. Runs where the
// Dataset is (host or engine), over the nodes in the order the caller gives, so a 1M-span trace never
// crosses to the webview; the answer is positions in that order.
import type { AttrValue, SpanNode } from '../model';

/** Positions (indexes into `nodes`) of the spans that match, in order. */
export function searchSpans(nodes: readonly SpanNode[], text: string): Int32Array {
  const q = text.trim().toLowerCase();
  if (!q) return new Int32Array(0);
  const hits: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (spanMatches(nodes[i], q)) hits.push(i);
  return Int32Array.from(hits);
}

/** `q` is already lower-cased. Cheap fields first; attribute values and log lines only when those miss. */
export function spanMatches(n: SpanNode, q: string): boolean {
  const s = n.span;
  if (has(s.name, q) || has(s.service, q) || has(s.status, q)) return true;
  if (s.statusMessage && has(s.statusMessage, q)) return true;
  if (s.httpStatus !== undefined && has(String(s.httpStatus), q)) return true;
  if (s.functionName && has(s.functionName, q)) return true;
  if (attrsMatch(s.attributes, q)) return true;
  for (const e of n.logs) if (has(e.message, q)) return true;
  return false;
}

function has(s: string, q: string): boolean {
  // Most strings are short ASCII: lower-casing them is the cost; skip when the query cannot fit.
  return s.length >= q.length && s.toLowerCase().includes(q);
}

function attrsMatch(a: Record<string, AttrValue> | undefined, q: string): boolean {
  if (!a) return false;
  for (const k in a) {
    if (has(k, q)) return true;
    if (valueMatches(a[k], q, 0)) return true;
  }
  return false;
}

function valueMatches(v: AttrValue, q: string, depth: number): boolean {
  if (v === null || depth > 8) return false;
  if (typeof v === 'string') return has(v, q);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).includes(q);
  if (Array.isArray(v)) return v.some((x) => valueMatches(x, q, depth + 1));
  for (const k in v) if (has(k, q) || valueMatches(v[k], q, depth + 1)) return true;
  return false;
}

/**
 * The rows "show only matches" keeps: each match and its ancestors. `parent[i]` is the position of
 * i's parent (-1 for a root), parents before children. Returns a 0/1 mask by position.
 */
export function keepWithAncestors(matches: Int32Array, parent: Int32Array): Uint8Array {
  const keep = new Uint8Array(parent.length);
  for (const m of matches) {
    // Stop at the first ancestor already kept: its own ancestors are kept too.
    for (let p = m; p >= 0 && !keep[p]; p = parent[p]) keep[p] = 1;
  }
  return keep;
}
