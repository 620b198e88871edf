// What went wrong in a failing trace, in a few words, for the details panel's trace list ("401 · 812 ms · 6b0033…").
// Read-only over the Dataset: the failing span that best matches the element (its target's name or host), else
// the first failing outgoing call, else the first failing span.
import type { Dataset } from '../../core/dataset';
import type { Span, SpanNode } from '../../core/model';
import { httpHost } from '../../core/readers/resource';

const MAX = 80;

function failed(n: SpanNode): boolean {
  const s = n.span;
  return s.status === 'error' || s.fault === true || s.throttle === true || (s.httpStatus ?? 0) >= 400 || (n.invocation !== undefined && n.invocation.status !== 'ok');
}

function matches(s: Span, name: string): boolean {
  return s.name === name || s.functionName === name || httpHost(s.attributes) === name || s.service === name;
}

/** `targetName`: the node's name, or an edge's target node name. Undefined when the trace or a failure is not found. */
export function failureSummary(ds: Dataset, traceId: string, targetName: string): string | undefined {
  const trace = ds.traceById.get(traceId);
  if (!trace) return undefined;
  const bad = trace.nodes.filter(failed);
  const outgoing = (n: SpanNode) => n.span.kind === 'client' || n.span.kind === 'producer';
  const hit = bad.find((n) => outgoing(n) && matches(n.span, targetName)) ?? bad.find((n) => matches(n.span, targetName))
    ?? bad.find(outgoing) ?? bad[0];
  return hit ? describe(hit, trace.nodes) : undefined;
}

function describe(n: SpanNode, all: SpanNode[]): string {
  const s = n.span;
  // An outgoing call often carries only the status code; the caller's exception says why.
  const parent = s.parentSpanId ? all.find((p) => p.span.spanId === s.parentSpanId) : undefined;
  const ex = s.exceptions[0] ?? parent?.span.exceptions[0];
  const inv = n.invocation?.status !== 'ok' ? n.invocation : undefined;
  const what = ex?.type ?? s.statusMessage ?? ex?.message ?? inv?.errorType ?? inv?.errorMessage ?? (inv ? inv.status : undefined);
  const code = s.httpStatus && s.httpStatus >= 400 ? String(s.httpStatus) : s.throttle ? 'throttled' : undefined;
  const text = [code, what].filter(Boolean).join(' ') || 'error';
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
