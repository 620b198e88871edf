// The flame graph (icicle) of one trace: siblings with the same service and name merged into one
// frame, whose width is their summed duration and whose self time is the part no child covers.
// Built lazily, top-down: a frame's children are made only when the frame is drawn (wide enough at
// the current zoom), from its own spans' children. A frame's total, self time and width need only
// its spans and its siblings', never its subtree, so the first view of a 1M-span trace touches the
// few levels it draws, and zooming in extends the graph where the user looks. Frames, once made,
// keep their ids (the view zooms by id) and are kept with the trace's rows.
import type { SpanNode } from '../model';

/** Start and duration by position, and one past each position's subtree (the timeline's arrays). */
export interface PositionTimes { start: Float64Array; dur: Float64Array; end: Int32Array }

export class FlameGraph {
  /** Frames made so far; frame 0 is the whole trace (its roots are its children). */
  count = 1;
  readonly parent: number[] = [-1];
  readonly depth: number[] = [0];
  /** Left edge and width in [0, 1] of the whole trace. */
  readonly x: number[] = [0];
  readonly w: number[] = [1];
  readonly total: number[] = [0];
  readonly self: number[] = [0];
  readonly spans: number[] = [0];
  /** Position (in the given nodes) of the frame's longest span, -1 for frame 0. */
  readonly longest: number[] = [-1];
  readonly name: string[] = [''];
  readonly service: string[] = [''];
  /** Spans in the frame's subtree (its spans and all their descendants): what leaving it out hides. */
  readonly subtreeSpans: number[] = [0];
  /** Child frames, undefined until the frame is expanded. */
  private readonly kids: (number[] | undefined)[] = [undefined];
  /** The frame's span positions, kept until it is expanded. */
  private readonly positions: (number[] | undefined)[] = [undefined];

  constructor(private readonly nodes: readonly SpanNode[], private readonly t: PositionTimes) {
    const n = nodes.length;
    const roots: number[] = [];
    // Top-level positions: each subtree [i, end[i]) is skipped whole.
    for (let c = 0; c < n; c = Math.max(c + 1, t.end[c])) roots.push(c);
    this.positions[0] = roots;
    this.subtreeSpans[0] = n;
    for (const c of roots) this.total[0] += t.dur[c];
  }

  /** The frame's children, made now if they were not yet. */
  children(f: number): number[] {
    let k = this.kids[f];
    if (!k) { k = this.expand(f); this.kids[f] = k; this.positions[f] = undefined; }
    return k;
  }

  private expand(f: number): number[] {
    const { start, dur, end } = this.t;
    const pos = this.positions[f] ?? [];
    // Group the children of the frame's spans by service, then name (nested Maps: no string built per span).
    const byService = new Map<string, Map<string, number[]>>();
    const groups: number[][] = [];
    const each = (c: number) => {
      const s = this.nodes[c].span;
      let names = byService.get(s.service);
      if (!names) { names = new Map(); byService.set(s.service, names); }
      let g = names.get(s.name);
      if (!g) { g = []; names.set(s.name, g); groups.push(g); }
      g.push(c);
    };
    if (f === 0) for (const c of pos) each(c);
    else for (const p of pos) for (let c = p + 1; c < end[p]; c = end[c]) each(c);
    const out: number[] = [];
    let sum = 0;
    for (const g of groups) {
      const id = this.count++;
      let total = 0;
      let self = 0;
      let longest = g[0];
      let sub = 0;
      for (const c of g) {
        total += dur[c];
        self += selfAt(start, dur, end, c);
        if (dur[c] > dur[longest]) longest = c;
        sub += end[c] - c;
      }
      const s = this.nodes[g[0]].span;
      this.parent.push(f);
      this.depth.push(this.depth[f] + 1);
      this.total.push(total);
      this.self.push(self);
      this.spans.push(g.length);
      this.longest.push(longest);
      this.name.push(s.name);
      this.service.push(s.service);
      this.subtreeSpans.push(sub);
      this.kids.push(undefined);
      this.positions.push(g);
      this.x.push(0);
      this.w.push(0);
      sum += total;
      out.push(id);
    }
    // Layout: children share their parent's width in proportion to their totals; where they sum to more
    // than the parent (parallel or asynchronous calls) they are scaled down to fit it.
    const base = f === 0 ? sum : this.total[f];
    const scale = sum > 0 ? this.w[f] / Math.max(sum, base) : 0;
    let at = this.x[f];
    for (const c of out) { this.x[c] = at; this.w[c] = this.total[c] * scale; at += this.w[c]; }
    return out;
  }
}

export function buildFlameGraph(nodes: readonly SpanNode[], times: PositionTimes): FlameGraph {
  return new FlameGraph(nodes, times);
}

/** Self time of position i: its duration less what its children cover (clipped, overlaps once; see compare/paths selfTime). */
function selfAt(start: Float64Array, dur: Float64Array, end: Int32Array, i: number): number {
  const s = start[i];
  const e = s + dur[i];
  let covered = 0;
  let reach = s;
  for (let c = i + 1; c < end[i]; c = end[c]) {
    const cs = Math.max(s, start[c]);
    const ce = Math.min(e, start[c] + dur[c]);
    if (ce <= reach) continue;
    const from = Math.max(cs, reach);
    if (ce > from) covered += ce - from;
    reach = Math.max(reach, ce);
  }
  return Math.max(0, dur[i] - covered);
}

export interface FlameWindow {
  /** Frames under the root (itself first) at least minWidth of its width, depth-first. */
  frames: number[];
  /** Spans in the frames left out (too narrow) and their subtrees. */
  omitted: number;
  /** Largest self time among the frames (frame 0 aside), for colouring by self time. */
  maxSelf: number;
}

/** Frames under `root` (itself included) at least `minWidth` of its width, depth-first; narrower subtrees skipped whole (and not made). */
export function flameWindow(g: FlameGraph, root: number, minWidth: number): FlameWindow {
  const r = root >= 0 && root < g.count ? root : 0;
  const min = g.w[r] * minWidth;
  const frames: number[] = [];
  let omitted = 0;
  let maxSelf = 0;
  const stack = [r];
  while (stack.length) {
    const f = stack.pop()!;
    if (f !== r && g.w[f] < min) { omitted += g.subtreeSpans[f]; continue; }
    frames.push(f);
    if (f > 0 && g.self[f] > maxSelf) maxSelf = g.self[f];
    const kids = g.children(f);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return { frames, omitted, maxSelf };
}

/** Frame ids from the whole trace (0) down to `f`. */
export function flameAncestors(g: FlameGraph, f: number): number[] {
  const out: number[] = [];
  for (let p = f; p >= 0; p = g.parent[p]) out.push(p);
  return out.reverse();
}
