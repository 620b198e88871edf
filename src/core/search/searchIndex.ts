// A trace's words for search, read once: every span's short strings (name, service, status, status
// message, HTTP status, function, attribute keys and values) as ids into one dictionary of distinct
// strings. Names and keys repeat across a trace's spans (a million spans, a few thousand distinct
// strings), so a search tests each distinct string once and then reads the ids: a pass over integers.
// Log lines and long strings are mostly distinct: they stay where they are and are tested as they come.
import type { AttrValue, SpanNode } from '../model';
import { someMessage } from '../logs/logLists';

const LONG = 200;

export class TraceSearchIndex {
  private readonly dict: string[] = [];
  private readonly ids: Int32Array;
  /** ids of position i are ids[start[i] .. start[i + 1]). */
  private readonly start: Int32Array;
  /** Long strings (beyond LONG) by position, and which positions have any. */
  private readonly long = new Map<number, string[]>();
  private readonly hasLong: Uint8Array;

  constructor(private readonly nodes: readonly SpanNode[]) {
    const index = new Map<string, number>();
    const ids: number[] = [];
    const start = new Int32Array(nodes.length + 1);
    this.hasLong = new Uint8Array(nodes.length);
    const add = (i: number, s: string) => {
      if (s.length > LONG) { const l = this.long.get(i); if (l) l.push(s); else this.long.set(i, [s]); this.hasLong[i] = 1; return; }
      let id = index.get(s);
      if (id === undefined) { id = this.dict.length; this.dict.push(s); index.set(s, id); }
      ids.push(id);
    };
    const value = (i: number, v: AttrValue, depth: number): void => {
      if (v === null || depth > 8) return;
      if (typeof v === 'string') add(i, v);
      else if (typeof v === 'number' || typeof v === 'boolean') add(i, String(v));
      else if (Array.isArray(v)) for (const x of v) value(i, x, depth + 1);
      else for (const k in v) { add(i, k); value(i, v[k], depth + 1); }
    };
    for (let i = 0; i < nodes.length; i++) {
      start[i] = ids.length;
      const s = nodes[i].span;
      add(i, s.name);
      add(i, s.service);
      add(i, s.status);
      if (s.statusMessage) add(i, s.statusMessage);
      if (s.httpStatus !== undefined) add(i, String(s.httpStatus));
      if (s.functionName) add(i, s.functionName);
      const a = s.attributes;
      for (const k in a) { add(i, k); value(i, a[k], 0); }
    }
    start[nodes.length] = ids.length;
    this.ids = Int32Array.from(ids);
    this.start = start;
  }

  get distinct(): number { return this.dict.length; }

  /** Positions of the spans that match `text` (case-insensitive substring), in order. */
  search(text: string): Int32Array {
    const q = text.trim().toLowerCase();
    if (!q) return new Int32Array(0);
    const caseless = q === q.toUpperCase();
    const test = caseless ? (s: string) => s.includes(q) : (s: string) => s.toLowerCase().includes(q);
    const hit = new Uint8Array(this.dict.length);
    for (let d = 0; d < this.dict.length; d++) if (this.dict[d].length >= q.length && test(this.dict[d])) hit[d] = 1;
    const out: number[] = [];
    const { ids, start, nodes } = this;
    for (let i = 0; i < nodes.length; i++) {
      let m = false;
      for (let k = start[i]; k < start[i + 1]; k++) if (hit[ids[k]]) { m = true; break; }
      if (!m && this.hasLong[i]) m = this.long.get(i)!.some(test);
      if (!m) m = someMessage(nodes[i], test);
      if (m) out.push(i);
    }
    return Int32Array.from(out);
  }
}
