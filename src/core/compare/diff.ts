// Compares two traces structurally (see paths.ts): one merged tree, depth-first, each row a span in
// both traces, only in A or only in B, with its total and self time on each side. The biggest
// differences are ranked by self time, so a slow call is named where the time went, not at every
// ancestor whose total it also lengthens.
import type { SpanNode, Trace } from '../model';
import { pairSiblings, selfTime } from './paths';

export type DiffSideName = 'both' | 'a' | 'b';

export interface DiffRow {
  service: string;
  name: string;
  depth: number;
  side: DiffSideName;
  a?: SpanNode;
  b?: SpanNode;
  /** Total and self durations in ms; 0 on a side the span is missing from. */
  aMs: number;
  bMs: number;
  aSelf: number;
  bSelf: number;
}

export interface TraceDiff {
  a: Trace;
  b: Trace;
  rows: DiffRow[];
  /** Row indexes, biggest |bSelf - aSelf| first (ties: deeper first, then tree order). */
  biggest: number[];
  matched: number;
  onlyA: number;
  onlyB: number;
}

export function diffTraces(a: Trace, b: Trace, opts: { biggest?: number } = {}): TraceDiff {
  const rows: DiffRow[] = [];
  // Iterative: a 1M-span chain must not overflow the stack.
  const stack: { pairs: [SpanNode | undefined, SpanNode | undefined][]; i: number; depth: number }[] = [
    { pairs: pairSiblings(a.roots, b.roots, a.startMs, b.startMs), i: 0, depth: 0 },
  ];
  const counts = { both: 0, a: 0, b: 0 };
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.pairs.length) { stack.pop(); continue; }
    const [x, y] = top.pairs[top.i++];
    const n = (x ?? y)!;
    const side: DiffSideName = x && y ? 'both' : x ? 'a' : 'b';
    counts[side]++;
    rows.push({
      service: n.span.service, name: n.span.name, depth: top.depth, side, a: x, b: y,
      aMs: x?.span.durationMs ?? 0, bMs: y?.span.durationMs ?? 0, aSelf: x ? selfTime(x) : 0, bSelf: y ? selfTime(y) : 0,
    });
    const kids = pairSiblings(x?.children ?? [], y?.children ?? [], a.startMs, b.startMs);
    if (kids.length) stack.push({ pairs: kids, i: 0, depth: top.depth + 1 });
  }
  const order = rows.map((_, i) => i);
  const delta = (i: number) => Math.abs(rows[i].bSelf - rows[i].aSelf);
  order.sort((i, j) => delta(j) - delta(i) || rows[j].depth - rows[i].depth || i - j);
  const biggest = order.slice(0, opts.biggest ?? 20).filter((i) => delta(i) > 0);
  return { a, b, rows, biggest, matched: counts.both, onlyA: counts.a, onlyB: counts.b };
}

/** `+12.3%`-style relative change of B against A (Infinity when A is 0 and B is not). */
export function relativeChange(aMs: number, bMs: number): number {
  if (aMs === 0) return bMs === 0 ? 0 : Infinity;
  return (bMs - aMs) / aMs;
}
