// What the Trace Explorer shows of cost: a trace's total and shares (header), an invocation's cost (details).
// Pure: reads the Dataset's shared CostModel (src/core/cost), so the list, queries and lenses agree.
import type { CostModel } from '../../../core/cost/model';
import { formatUsd } from '../../../core/cost/format';
import type { Invocation, Trace } from '../../../core/model';
import { InvocationCostDetails, MAX_COST_FUNCTIONS, TraceCostSummary } from '../../../protocol/explorerCost';

export function pricesNote(model: CostModel): string {
  return `Lambda on-demand prices of ${model.prices.takenOn}, per docs/cost.md; an estimate, not a bill`;
}

export function traceCostSummary(model: CostModel, trace: Trace): TraceCostSummary {
  const c = model.trace(trace);
  const shown = c.byFunction.slice(0, MAX_COST_FUNCTIONS);
  const others = c.byFunction.slice(MAX_COST_FUNCTIONS);
  const summary: TraceCostSummary = {
    traceId: trace.traceId,
    costUsd: c.costUsd,
    byFunction: shown.map((s) => ({ function: s.function, invocations: s.invocations, costUsd: s.costUsd, share: s.share })),
    othersCount: others.length,
    othersUsd: others.reduce((a, s) => a + s.costUsd, 0),
    pricesNote: pricesNote(model),
  };
  if (c.services && c.services.charges.length > 0) summary.servicesUsd = c.services.usd;
  return summary;
}

/** The Cost row: amount, what it is billed on, and the INIT part of a cold start. */
export function invocationCostDetails(model: CostModel, inv: Invocation): InvocationCostDetails {
  const c = model.invocation(inv);
  const arch = model.architectureOf(inv.functionName);
  const parts = [
    formatUsd(c.totalUsd),
    `${c.billedMs.toLocaleString('en-US')} ms billed × ${c.memoryMb.toLocaleString('en-US')} MB`,
    `${c.architecture}${arch.source === 'default' ? ' (assumed)' : ''}`,
  ];
  if (c.initBilledMs > 0) parts.push(`INIT ${formatUsd(c.initUsd)} (${c.initBilledMs.toLocaleString('en-US')} ms)`);
  else if (c.initBilling === 'not-billed') parts.push('INIT not billed (before 2025-08-01)');
  let text = parts.join(' · ');
  if (c.assumptions.length) text += ` · estimate: ${c.assumptions.join('; ')}`;
  return { usd: c.totalUsd, initUsd: c.initUsd, text: text.slice(0, 2000) };
}
