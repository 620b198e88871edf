// Hand-built traces for the explorer's unit tests (no readers involved).
import type { Invocation, LogEvent, Span, SpanNode, Trace } from '../../src/core/model';

export interface SpanSpec {
  id: string;
  parent?: string;
  name?: string;
  service?: string;
  start: number;
  dur: number;
  status?: 'ok' | 'error' | 'unset';
  attrs?: Span['attributes'];
  source?: Span['source'];
  orphan?: boolean;
  skewed?: boolean;
  invocation?: Invocation;
  logs?: LogEvent[];
  fn?: string;
}

export const T0 = 1_700_000_000_000;

export function makeSpan(s: SpanSpec, traceId = 'a'.repeat(32)): Span {
  return {
    traceId, spanId: s.id, parentSpanId: s.parent, name: s.name ?? s.id, service: s.service ?? 'svc', kind: s.parent ? 'client' : 'server',
    startMs: T0 + s.start, durationMs: s.dur, status: s.status ?? 'ok', attributes: s.attrs ?? {}, events: [], links: [], exceptions: [],
    source: s.source, functionName: s.fn, format: 'otlp', origin: { file: 'f.json', line: 1 },
  };
}

/** Builds a Trace from flat specs: children by start time, nodes depth-first, unknown parents as orphan roots. */
export function makeTrace(specs: SpanSpec[], traceId = 'a'.repeat(32)): Trace {
  const nodes = new Map<string, SpanNode>();
  for (const s of specs) {
    nodes.set(s.id, { span: makeSpan(s, traceId), children: [], depth: 0, orphan: !!s.orphan, skewed: !!s.skewed, invocation: s.invocation, logs: s.logs ?? [] });
  }
  const roots: SpanNode[] = [];
  for (const s of specs) {
    const n = nodes.get(s.id)!;
    const p = s.parent ? nodes.get(s.parent) : undefined;
    if (p) p.children.push(n);
    else { if (s.parent) n.orphan = true; roots.push(n); }
  }
  const order: SpanNode[] = [];
  const visit = (n: SpanNode, depth: number) => {
    n.depth = depth;
    n.children.sort((a, b) => a.span.startMs - b.span.startMs);
    order.push(n);
    for (const c of n.children) visit(c, depth + 1);
  };
  roots.sort((a, b) => a.span.startMs - b.span.startMs);
  for (const r of roots) visit(r, 0);
  const start = Math.min(...specs.map((s) => s.start));
  const end = Math.max(...specs.map((s) => s.start + s.dur));
  return {
    traceId, roots, nodes: order, startMs: T0 + start, endMs: T0 + end, durationMs: end - start,
    services: [...new Set(specs.map((s) => s.service ?? 'svc'))],
    invocations: [...new Set(specs.map((s) => s.invocation).filter((i): i is Invocation => !!i))],
    errorCount: specs.filter((s) => s.status === 'error').length,
    orphanCount: order.filter((n) => n.orphan).length, skewedCount: order.filter((n) => n.skewed).length,
    rootName: roots[0]?.span.name ?? '', rootService: roots[0]?.span.service ?? '',
  };
}

export function makeInvocation(p: Partial<Invocation> = {}): Invocation {
  return { requestId: 'req-1', functionName: 'orders', startMs: T0, endMs: T0 + 100, coldStart: false, status: 'ok', reported: true, logs: [], ...p };
}

export function makeLog(at: number, message: string, level: LogEvent['level'] = 'INFO'): LogEvent {
  return { timestampMs: T0 + at, message, kind: 'app', level, format: 'lambda-text', origin: { file: 'l.log', line: 1 } };
}

/** A wide and deep synthetic trace of `n` spans (for size/speed checks). */
export function bigTrace(n: number): Trace {
  const specs: SpanSpec[] = [{ id: 's0', start: 0, dur: n }];
  for (let i = 1; i < n; i++) {
    // Parent: every 10th span opens a level under the previous 10th; others are siblings.
    const parent = i % 10 === 0 ? `s${i - 10 >= 0 ? i - 10 : 0}` : `s${i - (i % 10)}`;
    specs.push({ id: `s${i}`, parent, start: i * 0.5, dur: 1 + (i % 7) });
  }
  return makeTraceIterative(specs);
}

/** Same as makeTrace without recursion (deep trees). */
function makeTraceIterative(specs: SpanSpec[]): Trace {
  const t = makeTrace(specs.slice(0, 1));
  const nodes = new Map<string, SpanNode>([[specs[0].id, t.roots[0]]]);
  for (const s of specs.slice(1)) {
    const n: SpanNode = { span: makeSpan(s), children: [], depth: 0, orphan: false, skewed: false, logs: [] };
    nodes.set(s.id, n);
    const p = nodes.get(s.parent!)!;
    n.depth = p.depth + 1;
    p.children.push(n);
  }
  const order: SpanNode[] = [];
  const stack = [t.roots[0]];
  while (stack.length) {
    const n = stack.pop()!;
    order.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return { ...t, nodes: order, durationMs: Math.max(...specs.map((s) => s.start + s.dur)) };
}
