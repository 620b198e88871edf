// Failure flags of a call as bits, so per-span bookkeeping allocates nothing.
import type { Span, SpanNode } from '../model';

export const ERROR = 1;
export const FAULT = 2;
export const THROTTLE = 4;

export function outcomeOfSpan(s: Span): number {
  let o = s.status === 'error' ? ERROR : 0;
  if (s.fault === true || (s.httpStatus ?? 0) >= 500) o |= ERROR | FAULT;
  if (s.throttle === true || s.httpStatus === 429) o |= ERROR | THROTTLE;
  return o;
}

/** A failed Lambda invocation (error, timeout, crash) is a fault of its function even when no span says so. */
export function outcomeOf(n: SpanNode): number {
  const o = outcomeOfSpan(n.span);
  return n.invocation && n.invocation.status !== 'ok' ? o | ERROR | FAULT : o;
}
