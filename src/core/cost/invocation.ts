// The cost of one Lambda invocation from its REPORT line: billed duration (1 ms granularity) x memory (GB)
// x the GB-second price of its architecture, plus the request price. INIT billing is decided from the data.
import type { Invocation } from '../model';
import type { Architecture, LambdaPrices } from './prices';

/** Since this instant the INIT phase of on-demand ZIP functions on managed runtimes is billed (AWS, 2025). */
export const INIT_BILLED_FROM_MS = Date.UTC(2025, 7, 1);

/**
 * How the INIT phase of a cold start was costed:
 * - `in-billed-duration`: REPORT's Billed Duration already covers Duration + Init Duration (custom runtimes,
 *   container images, and managed runtimes since 2025-08-01 all report it that way);
 * - `added`: Billed Duration covers only Duration, the invocation is after 2025-08-01: Init Duration added;
 * - `not-billed`: before 2025-08-01 a ZIP function on a managed runtime did not pay for INIT;
 * - `none`: a warm start (no Init Duration).
 */
export type InitBilling = 'in-billed-duration' | 'added' | 'not-billed' | 'none';

export interface InvocationCost {
  totalUsd: number;
  /** Duration charge (GB-seconds x price), INIT part included. */
  computeUsd: number;
  requestUsd: number;
  /** The INIT phase's share of computeUsd (0 on warm starts). */
  initUsd: number;
  /** Billed milliseconds charged, INIT included. */
  billedMs: number;
  /** Of which the INIT phase. */
  initBilledMs: number;
  memoryMb: number;
  gbSeconds: number;
  architecture: Architecture;
  initBilling: InitBilling;
  /** Why the figure is less than certain (no REPORT line, memory size not reported); empty when exact. */
  assumptions: string[];
}

export interface InvocationCostInput {
  architecture: Architecture;
  prices: LambdaPrices;
  /** Memory to use when the REPORT line gave none (the function's usual size or the declared one). */
  fallbackMemoryMb?: number;
}

/** Lambda's smallest memory size: the least any invocation can cost. */
export const MIN_MEMORY_MB = 128;

export function invocationCost(inv: Invocation, input: InvocationCostInput): InvocationCost {
  const assumptions: string[] = [];
  const durationMs = inv.durationMs ?? Math.max(0, inv.endMs - inv.startMs);
  let billed = inv.billedDurationMs;
  if (billed === undefined) {
    billed = Math.ceil(durationMs);
    assumptions.push(inv.durationMs !== undefined
      ? 'no Billed Duration reported: Duration rounded up to the next ms'
      : 'no REPORT line: billed duration estimated from the first and last log line');
  }
  let memoryMb = inv.memorySizeMb;
  if (memoryMb === undefined) {
    memoryMb = input.fallbackMemoryMb ?? MIN_MEMORY_MB;
    assumptions.push(input.fallbackMemoryMb !== undefined
      ? `memory size not reported: ${memoryMb} MB assumed (the function's other invocations or its definition)`
      : `memory size unknown: ${MIN_MEMORY_MB} MB (Lambda's minimum) assumed`);
  }
  let initBilledMs = 0;
  let initBilling: InitBilling = 'none';
  const init = inv.initDurationMs;
  if (init !== undefined && init > 0) {
    // A 1 ms tolerance: Lambda rounds the sum once, the two parts may each carry a fraction.
    if (inv.billedDurationMs !== undefined && billed >= Math.floor(durationMs + init) - 1) {
      initBilling = 'in-billed-duration';
      initBilledMs = Math.max(0, Math.min(billed, billed - Math.ceil(durationMs)));
    } else if (inv.startMs >= INIT_BILLED_FROM_MS) {
      initBilling = 'added';
      initBilledMs = Math.ceil(init);
      billed += initBilledMs;
      assumptions.push('Billed Duration excludes Init Duration: INIT billed on top (on-demand ZIP functions since 2025-08-01)');
    } else {
      initBilling = 'not-billed';
    }
  }
  const gb = memoryMb / 1024;
  const price = input.prices.gbSecondUsd[input.architecture];
  const gbSeconds = (billed / 1000) * gb;
  const computeUsd = gbSeconds * price;
  const initUsd = (initBilledMs / 1000) * gb * price;
  const requestUsd = input.prices.requestUsd;
  return {
    totalUsd: computeUsd + requestUsd, computeUsd, requestUsd, initUsd, billedMs: billed, initBilledMs, memoryMb, gbSeconds,
    architecture: input.architecture, initBilling, assumptions,
  };
}

/** Duration charge of `ms` billed at `memoryMb` on an architecture (used by the slow-tail and right-sizing figures). */
export function computeUsdFor(ms: number, memoryMb: number, architecture: Architecture, prices: LambdaPrices): number {
  return (Math.ceil(ms) / 1000) * (memoryMb / 1024) * prices.gbSecondUsd[architecture];
}
