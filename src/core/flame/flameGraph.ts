// The flame graph (icicle) of one trace: siblings with the same service and name merged into one
// frame, whose width is their summed duration and whose self time is the part no child covers.
// Built once per trace in one pass over its nodes in depth-first order (parents before children),
// into typed arrays, so a 1M-span trace costs one pass; a view then asks for the frames under a zoom
// root that are wide enough to draw (`window`), never the whole graph.
import type { SpanNode } from '../model';
import { selfTime } from '../compare/paths';

/** Up to this many children, a frame's children are found by a scan; beyond, by a Map. */
const SCAN_LIMIT = 16;

export interface FlameGraph {
  /** Frame 0 is the whole trace (its roots are its children). */
  count: number;
  parent: Int32Array;
  depth: Int32Array;
  /** Left edge and width in [0, 1] of the whole trace. */
  x: Float64Array;
  w: Float64Array;
  total: Float64Array;
  self: Float64Array;
  spans: Int32Array;
  /** Position (in the given nodes) of the frame's longest span, -1 for frame 0. */
  longest: Int32Array;
  name: string[];
  service: string[];
  /** Frames by position: children of a frame are contiguous in `order` after layout (depth-first). */
  order: Int32Array;
  /** One past the frame's subtree in `order`, by frame id. */
  subtreeEnd: Int32Array;
  /** Index in `order` of each frame. */
  rank: Int32Array;
  maxSelf: number;
}

/**
 * `parent[i]`: position of node i's parent, -1 for a root; parents come before children.
 * Children of a frame are kept in the order first seen (start order, as the trace lists them).
 */
export function buildFlameGraph(nodes: readonly SpanNode[], parent: Int32Array, times?: PositionTimes): FlameGraph {
  const selfOf = times ? selfTimesOf(times) : undefined;
  const n = nodes.length;
  const frameOf = new Int32Array(n);
  const cap = n + 1;
  const fParent = new Int32Array(cap);
  const fDepth = new Int32Array(cap);
  const total = new Float64Array(cap);
  const self = new Float64Array(cap);
  const spans = new Int32Array(cap);
  const longest = new Int32Array(cap).fill(-1);
  // Children as linked lists in typed arrays (no array or Map per frame: a 1M-span trace can have as
  // many frames). A frame with many children gets a Map for the lookup, the rest a short scan.
  const firstChild = new Int32Array(cap).fill(-1);
  const lastChild = new Int32Array(cap).fill(-1);
  const nextSibling = new Int32Array(cap).fill(-1);
  const childCount = new Int32Array(cap);
  const bigKids = new Map<number, Map<string, number>>();
  const name: string[] = [''];
  const service: string[] = [''];
  fParent[0] = -1;
  let count = 1;
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    const s = node.span;
    const pf = parent[i] >= 0 ? frameOf[parent[i]] : 0;
    let f = -1;
    const big = childCount[pf] > SCAN_LIMIT ? bigKids.get(pf) : undefined;
    if (big) f = big.get(`${s.service}\u0000${s.name}`) ?? -1;
    else for (let c = firstChild[pf]; c >= 0; c = nextSibling[c]) if (name[c] === s.name && service[c] === s.service) { f = c; break; }
    if (f < 0) {
      f = count++;
      fParent[f] = pf;
      fDepth[f] = fDepth[pf] + 1;
      name.push(s.name);
      service.push(s.service);
      if (lastChild[pf] < 0) firstChild[pf] = f; else nextSibling[lastChild[pf]] = f;
      lastChild[pf] = f;
      childCount[pf]++;
      if (childCount[pf] === SCAN_LIMIT + 1) {
        const m = new Map<string, number>();
        for (let c = firstChild[pf]; c >= 0; c = nextSibling[c]) m.set(`${service[c]}\u0000${name[c]}`, c);
        bigKids.set(pf, m);
      } else if (big) big.set(`${s.service}\u0000${s.name}`, f);
    }
    frameOf[i] = f;
    total[f] += s.durationMs;
    self[f] += selfOf ? selfOf[i] : selfTime(node);
    spans[f]++;
    if (longest[f] < 0 || s.durationMs > nodes[longest[f]].span.durationMs) longest[f] = i;
  }
  for (let c = firstChild[0]; c >= 0; c = nextSibling[c]) total[0] += total[c];
  // Layout, depth-first: children share their parent's width in proportion to their totals; where they
  // sum to more than the parent (parallel or asynchronous calls) they are scaled down to fit it.
  const x = new Float64Array(count);
  const w = new Float64Array(count);
  const order = new Int32Array(count);
  const rank = new Int32Array(count);
  const subtreeEnd = new Int32Array(count);
  w[0] = 1;
  let k = 0;
  let maxSelf = 0;
  const stack: number[] = [0];
  while (stack.length) {
    const f = stack.pop()!;
    if (f < 0) { subtreeEnd[~f] = k; continue; } // the frame's subtree is done
    rank[f] = k;
    order[k++] = f;
    if (f > 0 && self[f] > maxSelf) maxSelf = self[f];
    stack.push(~f);
    let sum = 0;
    for (let c = firstChild[f]; c >= 0; c = nextSibling[c]) sum += total[c];
    const base = f === 0 ? sum : total[f];
    const scale = sum > 0 ? w[f] / Math.max(sum, base) : 0;
    let at = x[f];
    const from = stack.length;
    for (let c = firstChild[f]; c >= 0; c = nextSibling[c]) { x[c] = at; w[c] = total[c] * scale; at += w[c]; stack.push(c); }
    // Reverse the pushed children so the first child is walked first.
    for (let lo = from, hi = stack.length - 1; lo < hi; lo++, hi--) { const t = stack[lo]; stack[lo] = stack[hi]; stack[hi] = t; }
  }
  return {
    count, parent: fParent.subarray(0, count), depth: fDepth.subarray(0, count), x, w,
    total: total.subarray(0, count), self: self.subarray(0, count), spans: spans.subarray(0, count), longest: longest.subarray(0, count),
    name, service, order, subtreeEnd, rank, maxSelf,
  };
}

/** Start and duration by position, and one past each position's subtree (the timeline's arrays). */
export interface PositionTimes { start: Float64Array; dur: Float64Array; end: Int32Array }

/** Self time of every position from the arrays, without touching the span objects (see compare/paths selfTime). */
function selfTimesOf(t: PositionTimes): Float64Array {
  const n = t.end.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = t.start[i];
    const e = s + t.dur[i];
    let covered = 0;
    let reach = s;
    for (let c = i + 1; c < t.end[i]; c = t.end[c]) {
      const cs = Math.max(s, t.start[c]);
      const ce = Math.min(e, t.start[c] + t.dur[c]);
      if (ce <= reach) continue;
      const from = Math.max(cs, reach);
      if (ce > from) covered += ce - from;
      reach = Math.max(reach, ce);
    }
    out[i] = Math.max(0, t.dur[i] - covered);
  }
  return out;
}

/** Frames under `root` (itself included) at least `minWidth` of its width, depth-first; narrower subtrees skipped whole. */
export function flameWindow(g: FlameGraph, root: number, minWidth: number): { frames: number[]; omitted: number } {
  const r = root >= 0 && root < g.count ? root : 0;
  const min = g.w[r] * minWidth;
  const frames: number[] = [];
  let omitted = 0;
  const end = g.subtreeEnd[r];
  for (let k = g.rank[r]; k < end; ) {
    const f = g.order[k];
    if (g.w[f] < min) { omitted += g.subtreeEnd[f] - k; k = g.subtreeEnd[f]; continue; }
    frames.push(f);
    k++;
  }
  return { frames, omitted };
}

/** Frame ids from the whole trace (0) down to `f`. */
export function flameAncestors(g: FlameGraph, f: number): number[] {
  const out: number[] = [];
  for (let p = f; p >= 0; p = g.parent[p]) out.push(p);
  return out.reverse();
}
