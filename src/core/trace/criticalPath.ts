// The critical path of a trace, with asynchronous children (docs/critical-path.md).
//
// It is the chain of spans that decides when the trace is done, walked back in time from the moment its
// last span ends. A span's *completion* is the latest end in its subtree: a child that outlives its
// parent (an SNS / SQS / EventBridge consumer, a fire-and-forget call) still holds the trace open, so
// the path follows it. At a span with a point in time still to explain, each child is a candidate
//   - through its completion, when its whole subtree had ended by the point, or
//   - through its own end alone, when only the child itself had (its asynchronous work came later and
//     is not what the point waited for);
// the candidate ending latest is taken, the point moves to its start (for an asynchronous child, one that
// starts after its parent ended, to the parent's end: the parent set it off, not its siblings), and so on
// while the point is inside the span. For a synchronous tree (every child inside its parent) this is
// Jaeger's definition.
import type { SpanNode, Trace } from '../model';

const EPS = 1e-6;

/**
 * On depth-first position arrays: `end[i]` is one past i's subtree, `start`/`dur` its times; positions
 * below `reachable` are the tree (the rest are stray nodes, never on the path). Returns the positions
 * on the path, parents before children.
 */
export function criticalPositions(reachable: number, end: Int32Array, start: Float64Array, dur: Float64Array): number[] {
  if (reachable === 0) return [];
  const endOf = (i: number) => start[i] + dur[i];
  // Completion: the latest end in each subtree (children come after their parent: one backward pass).
  const comp = new Float64Array(reachable);
  for (let i = reachable - 1; i >= 0; i--) {
    let c = endOf(i);
    for (let k = i + 1; k < end[i]; k = end[k]) if (comp[k] > c) c = comp[k];
    comp[i] = c;
  }
  let root = 0;
  for (let r = 0; r < reachable; r = end[r]) if (comp[r] > comp[root]) root = r;
  const path: number[] = [];
  const used = new Uint8Array(reachable);
  const stack: { i: number; point: number }[] = [{ i: root, point: comp[root] }];
  const byComp: number[] = [];
  const byEnd: number[] = [];
  while (stack.length > 0) {
    const { i, point: top } = stack.pop()!;
    path.push(i);
    byComp.length = 0;
    for (let c = i + 1; c < end[i]; c = end[c]) byComp.push(c);
    if (byComp.length === 0) continue;
    byEnd.push(...byComp);
    // Stable sorts: equal times keep start order.
    byComp.sort((x, y) => comp[y] - comp[x]);
    byEnd.sort((x, y) => endOf(y) - endOf(x));
    // The point only moves back: a child whose completion (or end) is past it now never qualifies later,
    // so each list is read once from the front.
    let point = top;
    let a = 0;
    let b = 0;
    const next: { i: number; point: number }[] = [];
    while (point > start[i] + EPS) {
      while (a < byComp.length && (used[byComp[a]] || comp[byComp[a]] > point + EPS)) a++;
      while (b < byEnd.length && (used[byEnd[b]] || endOf(byEnd[b]) > point + EPS)) b++;
      const viaComp = a < byComp.length ? comp[byComp[a]] : -Infinity;
      const viaEnd = b < byEnd.length ? endOf(byEnd[b]) : -Infinity;
      if (viaComp === -Infinity && viaEnd === -Infinity) break;
      const c = viaComp >= viaEnd ? byComp[a] : byEnd[b];
      used[c] = 1;
      next.push({ i: c, point: Math.max(viaComp, viaEnd) });
      // What came before c: for a synchronous child, the work before it started; an asynchronous one (it
      // starts after its parent ended: a queue or topic delivered it) was set off by the parent at the
      // latest when the parent ended, not by its siblings, so the walk goes on from the parent's end.
      point = Math.min(start[c], endOf(i));
    }
    byEnd.length = 0;
    // Pushed so the earliest-starting child is walked first (the path lists parents before children, in time order).
    next.sort((x, y) => start[y.i] - start[x.i]);
    for (const x of next) stack.push(x);
  }
  return path;
}

/** The critical path of a trace as nodes (trace.nodes is depth-first, as the core builds it). */
export function criticalPath(trace: Trace): SpanNode[] {
  const nodes = trace.nodes;
  const n = nodes.length;
  const index = new Map<SpanNode, number>();
  nodes.forEach((x, i) => index.set(x, i));
  const end = new Int32Array(n);
  const start = new Float64Array(n);
  const dur = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const x = nodes[i];
    start[i] = x.span.startMs;
    dur[i] = x.span.durationMs;
    let e = i + 1;
    for (const c of x.children) { const k = index.get(c); if (k !== undefined && end[k] > e) e = end[k]; }
    end[i] = e;
  }
  return criticalPositions(n, end, start, dur).map((i) => nodes[i]);
}
