// Per-function cost figures: totals, per 1M invocations, what cold starts, timeouts and failures cost,
// what the slow tail costs against the median, and a memory right-sizing estimate.
import type { Invocation } from '../model';
import { quantileSorted } from '../stats/quantile';
import type { FunctionArchitecture } from './architecture';
import { computeUsdFor, InvocationCost, MIN_MEMORY_MB } from './invocation';
import type { LambdaPrices } from './prices';

export interface SlowTailCost {
  /** Billed invoke duration (INIT excluded) percentiles the tail is cut at and compared with. */
  p95Ms: number;
  medianMs: number;
  /** Invocations billed above p95. */
  invocations: number;
  /** Their duration charge (INIT excluded). */
  costUsd: number;
  /** The same invocations billed at the median duration. */
  atMedianUsd: number;
  /** costUsd - atMedianUsd: what the slow tail adds. */
  excessUsd: number;
}

export interface RightSizing {
  /** Memory configured (the most common REPORT Memory Size). */
  currentMb: number;
  p99MaxMemoryUsedMb: number;
  headroom: number;
  /** p99 x (1 + headroom), rounded up to a whole MB, at least 128 MB, never above the current size. */
  recommendedMb: number;
  /** At the rate observed over the data's time range, extrapolated to a 730-hour month. */
  monthlyCostUsd: number;
  monthlyCostAtRecommendedUsd: number;
  monthlySavingUsd: number;
  /** Always true: less memory also means less CPU, so durations may grow. */
  estimate: true;
  note: string;
}

export interface FunctionCost {
  function: string;
  architecture: FunctionArchitecture;
  region?: string;
  invocations: number;
  costUsd: number;
  computeUsd: number;
  requestUsd: number;
  costPer1MUsd: number;
  /** Cost of the INIT phases of cold starts (0 when INIT was not billed). */
  coldStarts: number;
  coldStartCostUsd: number;
  /** Timed-out invocations: billed up to the timeout for no result. */
  timeouts: number;
  timeoutCostUsd: number;
  /** Invocations that failed (error, crash, timeout): paid for, and retried by async and queue triggers. */
  failed: number;
  failedCostUsd: number;
  /**
   * Failed invocations followed, in the same trace, by another invocation of the same function: a retry (async
   * invocations and queue triggers keep the trace id across attempts). What the failed attempts cost.
   */
  retried: number;
  retriedCostUsd: number;
  slowTail?: SlowTailCost;
  rightSizing?: RightSizing;
  /** Invocations whose cost rests on an assumption (no REPORT line, no memory size). */
  estimatedInvocations: number;
  warnings: string[];
}

export const RIGHT_SIZING_NOTE =
  'Estimate to try, not a promise: Lambda gives CPU in proportion to memory, so with less memory durations may grow ' +
  'and the saving shrink or vanish. Measure, as AWS Lambda Power Tuning does, before changing it.';

export interface FunctionCostInput {
  name: string;
  invocations: readonly Invocation[];
  costs: readonly InvocationCost[];
  architecture: FunctionArchitecture;
  prices: LambdaPrices;
  region?: string;
  headroom: number;
  /** The data's observed time range (ms), for the monthly rate. */
  rangeMs: number;
  monthMs: number;
  warnings: string[];
}

export function functionCost(f: FunctionCostInput): FunctionCost {
  const n = f.invocations.length;
  let costUsd = 0, computeUsd = 0, requestUsd = 0, coldStartCostUsd = 0, timeoutCostUsd = 0, failedCostUsd = 0;
  let coldStarts = 0, timeouts = 0, failed = 0, estimated = 0, retried = 0, retriedCostUsd = 0;
  const lastStart = lastStartByTrace(f.invocations);
  for (let i = 0; i < n; i++) {
    const inv = f.invocations[i];
    const c = f.costs[i];
    costUsd += c.totalUsd;
    computeUsd += c.computeUsd;
    requestUsd += c.requestUsd;
    if (inv.coldStart) { coldStarts++; coldStartCostUsd += c.initUsd; }
    if (inv.status === 'timeout') { timeouts++; timeoutCostUsd += c.totalUsd; }
    if (inv.status !== 'ok') {
      failed++;
      failedCostUsd += c.totalUsd;
      if (inv.traceId !== undefined && (lastStart.get(inv.traceId) ?? -Infinity) > inv.startMs) { retried++; retriedCostUsd += c.totalUsd; }
    }
    if (c.assumptions.length) estimated++;
  }
  return {
    function: f.name, architecture: f.architecture, region: f.region, invocations: n,
    costUsd, computeUsd, requestUsd, costPer1MUsd: n ? (costUsd / n) * 1e6 : 0,
    coldStarts, coldStartCostUsd, timeouts, timeoutCostUsd, failed, failedCostUsd, retried, retriedCostUsd,
    slowTail: slowTail(f), rightSizing: rightSizing(f, costUsd, computeUsd),
    estimatedInvocations: estimated, warnings: f.warnings,
  };
}

/** Per trace id, the latest start among the function's invocations in it (a later one retried an earlier failure). */
function lastStartByTrace(invocations: readonly Invocation[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const inv of invocations) {
    if (inv.traceId === undefined) continue;
    const t = m.get(inv.traceId);
    if (t === undefined || inv.startMs > t) m.set(inv.traceId, inv.startMs);
  }
  return m;
}

/** Invocations billed above the p95 (INIT excluded) against the same invocations at the median. */
function slowTail(f: FunctionCostInput): SlowTailCost | undefined {
  const n = f.costs.length;
  if (n < 2) return undefined;
  const invokeMs = Float64Array.from(f.costs, (c) => c.billedMs - c.initBilledMs).sort();
  const p95Ms = quantileSorted(invokeMs, 0.95);
  const medianMs = quantileSorted(invokeMs, 0.5);
  let count = 0, costUsd = 0, atMedianUsd = 0;
  for (const c of f.costs) {
    const ms = c.billedMs - c.initBilledMs;
    if (ms <= p95Ms) continue;
    count++;
    costUsd += computeUsdFor(ms, c.memoryMb, c.architecture, f.prices);
    atMedianUsd += computeUsdFor(medianMs, c.memoryMb, c.architecture, f.prices);
  }
  return { p95Ms, medianMs, invocations: count, costUsd, atMedianUsd, excessUsd: costUsd - atMedianUsd };
}

/** Memory that still leaves `headroom` above the p99 of Max Memory Used, and its monthly cost at the observed rate. */
function rightSizing(f: FunctionCostInput, costUsd: number, computeUsd: number): RightSizing | undefined {
  const used: number[] = [];
  const sizes = new Map<number, number>();
  for (const inv of f.invocations) {
    if (inv.maxMemoryUsedMb !== undefined) used.push(inv.maxMemoryUsedMb);
    if (inv.memorySizeMb !== undefined) sizes.set(inv.memorySizeMb, (sizes.get(inv.memorySizeMb) ?? 0) + 1);
  }
  if (used.length === 0 || sizes.size === 0 || f.rangeMs <= 0) return undefined;
  const currentMb = [...sizes.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
  const p99 = quantileSorted(Float64Array.from(used).sort(), 0.99);
  const recommendedMb = Math.min(currentMb, Math.max(MIN_MEMORY_MB, Math.ceil(p99 * (1 + f.headroom))));
  const scale = f.monthMs / f.rangeMs;
  const monthlyCostUsd = costUsd * scale;
  // Same billed durations (the assumption the note warns about), duration charge scaled by memory.
  const monthlyCostAtRecommendedUsd = (costUsd - computeUsd + computeUsd * (recommendedMb / currentMb)) * scale;
  return {
    currentMb, p99MaxMemoryUsedMb: p99, headroom: f.headroom, recommendedMb, monthlyCostUsd, monthlyCostAtRecommendedUsd,
    monthlySavingUsd: monthlyCostUsd - monthlyCostAtRecommendedUsd, estimate: true, note: RIGHT_SIZING_NOTE,
  };
}
