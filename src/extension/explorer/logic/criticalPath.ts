// Critical path of a trace (Jaeger's definition): from the root, repeatedly take the child that
// finished last before the current point, then continue just before that child started.
// Iterative (explicit stack): generated traces can be deep enough to overflow recursion.
import type { SpanNode, Trace } from '../../../core/model';

const end = (n: SpanNode) => n.span.startMs + n.span.durationMs;

export function computeCriticalPath(trace: Trace): Set<SpanNode> {
  const onPath = new Set<SpanNode>();
  if (trace.roots.length === 0) return onPath;
  // The root that finishes last bounds the request; orphan roots are judged the same way.
  let root = trace.roots[0];
  for (const r of trace.roots) if (end(r) > end(root)) root = r;

  const stack: SpanNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (onPath.has(node)) continue; // defensive: a malformed tree must not loop
    onPath.add(node);
    if (node.children.length === 0) continue;
    const byEnd = node.children.slice().sort((a, b) => end(b) - end(a));
    let point = end(node);
    for (const child of byEnd) {
      // Children that end after the point overlap a span already on the path: not on it.
      if (end(child) <= point + 1e-6) {
        stack.push(child);
        point = child.span.startMs;
        if (point <= node.span.startMs) break;
      }
    }
    // Nothing ended inside the parent (all skewed past its end): follow the last finisher anyway.
    if (byEnd.length > 0 && !byEnd.some((c) => end(c) <= end(node) + 1e-6)) stack.push(byEnd[0]);
  }
  return onPath;
}
