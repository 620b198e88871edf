// The Anomalies view's cost table: each function's Lambda cost over the data or the selected range, from the
// Dataset's shared CostModel (src/core/cost). Pure: runs wherever the controller runs (host or engine worker).
import { FunctionCost, RIGHT_SIZING_NOTE } from '../../core/cost/functions';
import type { CostModel } from '../../core/cost/model';
import { CostRange, functionCostsIn } from '../../core/cost/range';
import { CostTableView, FunctionCostView, MAX_COST_ROWS } from '../../protocol/anomaliesCost';

export function costTable(model: CostModel, range: CostRange = {}): CostTableView {
  const fns = functionCostsIn(model, range);
  // Most expensive first: where the money goes.
  const rows = [...fns].sort((a, b) => b.costUsd - a.costUsd || a.function.localeCompare(b.function)).slice(0, MAX_COST_ROWS);
  return {
    fromMs: range.fromMs ?? null,
    toMs: range.toMs ?? null,
    totalUsd: fns.reduce((a, f) => a + f.costUsd, 0),
    functions: rows.map(functionCostView),
    pricesNote: `Lambda on-demand prices of ${model.prices.takenOn} (${model.prices.source.split(',')[0]}); estimates, not a bill. docs/cost.md says what is assumed.`,
    rightSizingNote: RIGHT_SIZING_NOTE,
  };
}

function functionCostView(f: FunctionCost): FunctionCostView {
  const clip = (s: string) => s.slice(0, 2000);
  return {
    function: clip(f.function),
    architecture: f.architecture.architecture,
    assumed: f.architecture.source === 'default',
    architectureDetail: clip(f.architecture.detail),
    invocations: f.invocations,
    costUsd: f.costUsd,
    costPer1MUsd: f.costPer1MUsd,
    coldStarts: f.coldStarts,
    coldStartCostUsd: f.coldStartCostUsd,
    timeouts: f.timeouts,
    timeoutCostUsd: f.timeoutCostUsd,
    failed: f.failed,
    failedCostUsd: f.failedCostUsd,
    retried: f.retried,
    retriedCostUsd: f.retriedCostUsd,
    slowTail: f.slowTail ? { ...f.slowTail } : null,
    rightSizing: f.rightSizing ? {
      currentMb: f.rightSizing.currentMb, p99MaxMemoryUsedMb: f.rightSizing.p99MaxMemoryUsedMb, headroom: f.rightSizing.headroom,
      recommendedMb: f.rightSizing.recommendedMb, monthlyCostUsd: f.rightSizing.monthlyCostUsd,
      monthlyCostAtRecommendedUsd: f.rightSizing.monthlyCostAtRecommendedUsd, monthlySavingUsd: f.rightSizing.monthlySavingUsd,
    } : null,
    estimatedInvocations: f.estimatedInvocations,
    warnings: f.warnings.slice(0, 20).map(clip),
  };
}
