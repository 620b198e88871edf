// A digest of everything a load produced (summary, every trace, invocation, log line, problem), for tests that must
// prove two loads identical. Stable across key order; keeps NaN, -0 and undefined apart from their look-alikes.
import { createHash } from 'crypto';
import type { Dataset } from '../../src/core/dataset';
import type { Invocation, SpanNode, Trace } from '../../src/core/model';

export function canonical(v: unknown, seen = new Set<object>()): string {
  if (v === undefined) return 'u';
  if (v === null) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return 'fn';
  const o = v as object;
  if (seen.has(o)) return 'cycle';
  seen.add(o);
  try {
    if (Array.isArray(o)) return `[${o.map((x) => canonical(x, seen)).join(',')}]`;
    const keys = Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((o as Record<string, unknown>)[k], seen)}`).join(',')}}`;
  } finally {
    seen.delete(o);
  }
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

function invocationText(i: Invocation): string {
  const { logs, ...rest } = i;
  return canonical(rest) + logs.map((l) => canonical(l)).join('\n');
}

function nodeText(n: SpanNode): string {
  return canonical({
    span: n.span, depth: n.depth, orphan: n.orphan, skewed: n.skewed, invocation: n.invocation?.requestId,
    children: n.children.map((c) => c.span.spanId), logs: n.logs.map((l) => canonical(l)),
  });
}

function traceText(t: Trace): string {
  const { roots, nodes, invocations, ...rest } = t;
  return canonical(rest) + roots.map((r) => r.span.spanId).join(',') + nodes.map(nodeText).join('\n') +
    invocations.map((i) => i.requestId).join(',');
}

export interface DatasetDigest {
  summary: string;
  files: string;
  problems: string;
  warnings: string;
  /** trace id -> digest, in the dataset's order. */
  traces: [string, string][];
  invocations: [string, string][];
  spans: string;
}

export function digestDataset(ds: Dataset): DatasetDigest {
  const { problems, ...summary } = ds.summary();
  return {
    summary: canonical(summary),
    files: canonical(ds.files),
    problems: canonical(problems),
    warnings: canonical(ds.warnings),
    traces: ds.traces.map((t) => [t.traceId, hash(traceText(t))]),
    invocations: ds.invocations.map((i) => [i.requestId, hash(invocationText(i))]),
    spans: hash(ds.spans.map((s) => canonical(s)).join('\n')),
  };
}
