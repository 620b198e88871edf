// What kind of thing a span stands for, which picks its colour on the timeline.
import type { SpanNode } from '../../../core/model';
import { SERVICE_TYPES, ServiceType } from '../../../protocol/messages';

export function serviceTypeOf(node: SpanNode): ServiceType {
  const s = node.span;
  // Client/producer spans take the type of what they call; server spans of what they are.
  if (s.remote) return s.remote.type;
  if (s.functionName || node.invocation) return 'function';
  if (s.kind === 'client') return 'http';
  return 'service';
}

export function serviceTypeIndex(t: ServiceType): number {
  const i = SERVICE_TYPES.indexOf(t);
  return i < 0 ? SERVICE_TYPES.length - 1 : i;
}
