// Search inside one trace: which spans mention a text in their name, service, status, attribute keys
// or values, or their log lines. Case-insensitive substring, like a browser's find. Runs where the
// Dataset is (host or engine), over the nodes in the order the caller gives, so a 1M-span trace never
// crosses to the webview; the answer is positions in that order.
import type { AttrValue, SpanNode } from '../model';
import { someMessage } from '../logs/logLists';

/** Positions (indexes into `nodes`) of the spans that match, in order. */
export function searchSpans(nodes: readonly SpanNode[], text: string): Int32Array {
  const m = matcher(text);
  if (!m) return new Int32Array(0);
  const hits: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (spanMatches(nodes[i], m)) hits.push(i);
  return Int32Array.from(hits);
}

/** Whether one span matches; `text` is the search text as typed. */
export function spanMatchesText(n: SpanNode, text: string): boolean {
  const m = matcher(text);
  return !!m && spanMatches(n, m);
}

/**
 * Tests strings for the query. Names, services, keys and short values repeat across a trace's spans
 * (a million spans, a few hundred distinct names): each distinct one is lower-cased and tested once.
 * A query without letters (`401`) needs no lower-casing at all.
 */
interface Matcher { has(s: string): boolean; hasOnce(s: string): boolean }

const MEMO_LIMIT = 100_000;
const MEMO_MAX_LENGTH = 200;

function matcher(text: string): Matcher | undefined {
  const q = text.trim().toLowerCase();
  if (!q) return undefined;
  const caseless = q === q.toUpperCase();
  const test = caseless ? (s: string) => s.includes(q) : (s: string) => s.toLowerCase().includes(q);
  const memo = new Map<string, boolean>();
  const hasOnce = (s: string) => s.length >= q.length && test(s);
  return {
    hasOnce,
    has(s: string): boolean {
      if (s.length < q.length) return false;
      if (s.length > MEMO_MAX_LENGTH) return test(s);
      let r = memo.get(s);
      if (r === undefined) {
        r = test(s);
        if (memo.size < MEMO_LIMIT) memo.set(s, r);
      }
      return r;
    },
  };
}

function spanMatches(n: SpanNode, m: Matcher): boolean {
  const s = n.span;
  if (m.has(s.name) || m.has(s.service) || m.has(s.status)) return true;
  if (s.statusMessage && m.has(s.statusMessage)) return true;
  if (s.httpStatus !== undefined && m.has(String(s.httpStatus))) return true;
  if (s.functionName && m.has(s.functionName)) return true;
  if (attrsMatch(s.attributes, m)) return true;
  // Log lines are mostly distinct: tested as they come, not remembered.
  return someMessage(n, (text) => m.hasOnce(text));
}

function attrsMatch(a: Record<string, AttrValue> | undefined, m: Matcher): boolean {
  if (!a) return false;
  for (const k in a) {
    if (m.has(k)) return true;
    if (valueMatches(a[k], m, 0)) return true;
  }
  return false;
}

function valueMatches(v: AttrValue, m: Matcher, depth: number): boolean {
  if (v === null || depth > 8) return false;
  if (typeof v === 'string') return m.has(v);
  if (typeof v === 'number' || typeof v === 'boolean') return m.has(String(v));
  if (Array.isArray(v)) return v.some((x) => valueMatches(x, m, depth + 1));
  for (const k in v) if (m.has(k) || valueMatches(v[k], m, depth + 1)) return true;
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
