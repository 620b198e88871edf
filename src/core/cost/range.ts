// Per-function cost figures over a time range (the Anomalies view's selected range): the same figures as
// CostModel.functions(), over the invocations that started in [fromMs, toMs), with the monthly rate of that range.
import type { Invocation } from '../model';
import { functionCost, FunctionCost } from './functions';
import type { CostModel } from './model';
import { MONTH_MS } from './options';

export interface CostRange {
  fromMs?: number;
  toMs?: number;
}

export function functionCostsIn(model: CostModel, range: CostRange = {}): FunctionCost[] {
  const { fromMs, toMs } = range;
  if (fromMs === undefined && toMs === undefined) return model.functions();
  const byFn = new Map<string, Invocation[]>();
  let first = Infinity, last = -Infinity;
  for (const inv of model.ds.invocations) {
    if ((fromMs !== undefined && inv.startMs < fromMs) || (toMs !== undefined && inv.startMs >= toMs)) continue;
    let list = byFn.get(inv.functionName);
    if (!list) byFn.set(inv.functionName, (list = []));
    list.push(inv);
    first = Math.min(first, inv.startMs);
    last = Math.max(last, inv.endMs);
  }
  // The monthly rate is that of the range asked for when it is bounded on both sides, else of what is in it.
  const rangeMs = fromMs !== undefined && toMs !== undefined && toMs > fromMs ? toMs - fromMs : last > first ? last - first : 0;
  const out: FunctionCost[] = [];
  for (const name of [...byFn.keys()].sort()) {
    const invocations = byFn.get(name)!;
    const { prices, warning } = model.lambdaPrices(name);
    const arch = model.architectureOf(name);
    const warnings = warning ? [warning] : [];
    if (arch.source === 'default') warnings.push(`architecture ${arch.detail}`);
    out.push(functionCost({
      name, invocations, costs: invocations.map((i) => model.invocation(i)), architecture: arch, prices,
      region: model.regionOf(name), headroom: model.headroom, rangeMs, monthMs: MONTH_MS, warnings,
    }));
  }
  return out;
}
