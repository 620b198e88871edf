// Each query item's Lambda cost (USD), for `cost>` terms and `sort:cost`: an invocation's own cost, a span
// its joined invocation's (the span that is the invocation), else 0. Cached per index and cost model.
import { CostModel, costModelFor } from '../cost/model';
import type { ItemKind } from './ast';
import type { QueryIndex } from './datasetIndex';

const cache = new WeakMap<CostModel, Map<ItemKind, Float64Array>>();

/**
 * One item's cost, for a result row: from the whole array when a `cost` term or sort built it, else priced alone.
 * Pricing every item for 50 results cost the first span query ~250 ms at 200,000 spans.
 */
export function itemCost(ix: QueryIndex, kind: ItemKind, i: number): number {
  const model = costModelFor(ix.dataset);
  const built = cache.get(model)?.get(kind);
  if (built) return built[i];
  const inv = kind === 'invocation' ? ix.inv.items[i] : ix.spanNode[i]?.invocation;
  return inv ? model.invocation(inv).totalUsd : 0;
}

export function itemCosts(ix: QueryIndex, kind: ItemKind): Float64Array {
  const model = costModelFor(ix.dataset);
  let byKind = cache.get(model);
  if (!byKind) cache.set(model, (byKind = new Map()));
  let costs = byKind.get(kind);
  if (!costs) {
    if (kind === 'invocation') costs = Float64Array.from(ix.inv.items, (x) => model.invocation(x).totalUsd);
    else {
      const n = ix.span.items.length;
      costs = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const inv = ix.spanNode[i]?.invocation;
        if (inv) costs[i] = model.invocation(inv).totalUsd;
      }
    }
    byKind.set(kind, costs);
  }
  return costs;
}
