// The typical trace of an entry point: the shape most of its recent traces share, each span at the
// median of its durations and start offsets. A span (a path, see paths.ts) is in it when at least half
// of the traces have it; so a rare retry or an error branch is left out, and a comparison with the
// typical trace shows them as "only in" the trace being looked at.
import type { Span, SpanNode, Trace } from '../model';
import { foldName, spanKey } from './paths';

/** `service · METHOD /route` of the root span when it says, else `service · root name`. */
export function entryPointOf(t: Trace): string {
  const root = t.roots[0]?.span;
  if (!root) return t.rootName;
  const a = root.attributes;
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  const method = s('http.request.method') ?? s('http.method');
  const route = s('http.route') ?? s('url.path') ?? s('http.target') ?? pathOf(s('url.full') ?? s('http.url'));
  const what = foldName(method ? (route ? `${method} ${route}` : method) : root.name);
  return `${root.service} · ${what}`;
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^[a-z]+:\/\/[^/]+(\/[^?#]*)?/i.exec(url);
  return m ? m[1] ?? '/' : url;
}

export interface TypicalTrace {
  trace: Trace;
  entryPoint: string;
  /** How many traces it was built from. */
  from: number;
}

export interface TypicalOptions {
  /** The most recent traces used (by start time). Default 100. */
  limit?: number;
  /** A trace left out (the one being compared). */
  exclude?: string;
}

/** Traces of the same entry point, most recent first. */
export function sameEntryPoint(traces: readonly Trace[], entryPoint: string, opts: TypicalOptions = {}): Trace[] {
  const out = traces.filter((t) => t.traceId !== opts.exclude && entryPointOf(t) === entryPoint);
  out.sort((x, y) => y.startMs - x.startMs || (x.traceId < y.traceId ? -1 : 1));
  return out.slice(0, opts.limit ?? 100);
}

interface PathStat { key: string; parent: string; service: string; name: string; kind: Span['kind']; durations: number[]; offsets: number[] }

/** Undefined when no trace has that entry point. */
export function typicalTrace(traces: readonly Trace[], entryPoint: string, opts: TypicalOptions = {}): TypicalTrace | undefined {
  const sample = sameEntryPoint(traces, entryPoint, opts);
  if (sample.length === 0) return undefined;
  const stats = new Map<string, PathStat>();
  for (const t of sample) {
    // Iterative over levels (deep traces must not overflow the stack). Path: parent's path + key#ordinal among same-key siblings.
    const todo: { siblings: readonly SpanNode[]; parent: string }[] = [{ siblings: t.roots, parent: '' }];
    while (todo.length) {
      const { siblings, parent } = todo.pop()!;
      const seen = new Map<string, number>();
      for (const n of siblings) {
        const k = spanKey(n);
        const i = seen.get(k) ?? 0;
        seen.set(k, i + 1);
        const path = `${parent}/${k}#${i}`;
        let st = stats.get(path);
        if (!st) { st = { key: path, parent, service: n.span.service, name: n.span.name, kind: n.span.kind, durations: [], offsets: [] }; stats.set(path, st); }
        st.durations.push(n.span.durationMs);
        st.offsets.push(n.span.startMs - t.startMs);
        if (n.children.length) todo.push({ siblings: n.children, parent: path });
      }
    }
  }
  const quorum = Math.ceil(sample.length / 2);
  const T0 = 0;
  const nodes = new Map<string, SpanNode>();
  const roots: SpanNode[] = [];
  // Parents' paths are prefixes of their children's, and a child present in a trace means its parent is: sorting by path length builds parents first.
  const kept = [...stats.values()].filter((s) => s.durations.length >= quorum).sort((x, y) => x.key.length - y.key.length);
  let id = 0;
  for (const s of kept) {
    const span: Span = {
      traceId: 'typical', spanId: `typical-${++id}`, name: s.name, service: s.service, kind: s.kind,
      startMs: T0 + median(s.offsets), durationMs: median(s.durations), status: 'ok', attributes: {}, events: [], links: [], exceptions: [],
      format: 'otlp', origin: { file: `typical of ${sample.length} traces`, line: 0 },
    };
    const node: SpanNode = { span, children: [], depth: 0, orphan: false, skewed: false, logs: [] };
    nodes.set(s.key, node);
    const parent = nodes.get(s.parent);
    if (parent) parent.children.push(node); else roots.push(node);
  }
  const order: SpanNode[] = [];
  const byStart = (x: SpanNode, y: SpanNode) => x.span.startMs - y.span.startMs;
  roots.sort(byStart);
  const stack: { n: SpanNode; depth: number }[] = roots.map((n) => ({ n, depth: 0 })).reverse();
  while (stack.length) {
    const { n, depth } = stack.pop()!;
    n.depth = depth;
    n.children.sort(byStart);
    order.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push({ n: n.children[i], depth: depth + 1 });
  }
  let end = T0;
  for (const n of order) end = Math.max(end, n.span.startMs + n.span.durationMs);
  const trace: Trace = {
    traceId: 'typical', roots, nodes: order, startMs: T0, endMs: end, durationMs: end - T0,
    services: [...new Set(order.map((n) => n.span.service))], invocations: [], errorCount: 0, orphanCount: 0, skewedCount: 0,
    rootName: roots[0]?.span.name ?? '', rootService: roots[0]?.span.service ?? '',
  };
  return { trace, entryPoint, from: sample.length };
}

/** The median (the lower middle of an even count, so it is always one of the values). */
export function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.floor((s.length - 1) / 2)];
}
