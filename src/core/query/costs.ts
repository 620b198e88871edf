// Each query item's Lambda cost (USD), for `cost>` terms and `sort:cost`: an invocation's own cost, a span
// its joined invocation's (the span that is the invocation), else 0. Cached per index and cost model.
import { CostModel, costModelFor } from '../cost/model';
import type { ItemKind } from './ast';
import type { QueryIndex } from './datasetIndex';

const cache = new WeakMap<CostModel, Map<ItemKind, Float64Array>>();

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
