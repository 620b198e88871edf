// "Size by cost" (docs/cost.md): function nodes drawn in five sizes by their Lambda cost over the data, the
// most expensive the largest, with the cost under the name. Classes, not data() mappers (see style.ts). Pure.
import type { GraphNodeView } from '../../src/protocol/architecture';
import { formatUsd } from '../../src/common/money';

export const COST_SIZES = [1, 2, 3, 4, 5] as const;

/** The largest function cost of the graph (0 when none is known). */
export function maxCost(nodes: readonly GraphNodeView[]): number {
  let m = 0;
  for (const n of nodes) if (n.costUsd !== undefined && n.costUsd > m) m = n.costUsd;
  return m;
}

/** `cost-1` (cheapest) .. `cost-5` (the most expensive): square root of the share of the maximum, so area follows cost. */
export function costClass(n: GraphNodeView, max: number): string | undefined {
  if (n.costUsd === undefined || max <= 0) return undefined;
  const step = Math.max(1, Math.min(5, Math.ceil(Math.sqrt(n.costUsd / max) * 5)));
  return `cost-${step}`;
}

export function costLabel(n: GraphNodeView): string {
  return n.costUsd === undefined ? '' : `\n${formatUsd(n.costUsd)}`;
}

/** Node sizes per class: 44 x 36 is the default node; cost-5 is twice as wide. */
export function costSizeStyles(): { selector: string; style: Record<string, number> }[] {
  return COST_SIZES.map((i) => ({ selector: `node.cost-${i}`, style: { width: 28 + i * 12, height: 22 + i * 10 } }));
}
