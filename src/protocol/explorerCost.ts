// What the Trace Explorer shows of cost (docs/cost.md): the shapes and their checks, apart from messages.ts so
// the explorer's other messages stay as they are.
import { arrayOf, Check, int, num, opt, shape, str } from './channel';

/** At most this many functions are listed in a trace's cost header (the rest are summed as "others"). */
export const MAX_COST_FUNCTIONS = 20;

export interface TraceCostShare {
  function: string;
  invocations: number;
  costUsd: number;
  /** 0..1 of the trace's Lambda cost. */
  share: number;
}

export interface TraceCostSummary {
  traceId: string;
  /** Lambda compute + requests of the trace's invocations. */
  costUsd: number;
  /** Largest first, at most MAX_COST_FUNCTIONS. */
  byFunction: TraceCostShare[];
  /** Functions left out of byFunction (and their cost). */
  othersCount: number;
  othersUsd: number;
  /** Managed-service per-request estimates, apart from costUsd (absent when turned off or none). */
  servicesUsd?: number;
  /** "on-demand prices of 2026-12-02 (...)": where the prices come from. */
  pricesNote: string;
}

export interface InvocationCostDetails {
  usd: number;
  /** The INIT phase's part of usd (0 on a warm start or when INIT was not billed). */
  initUsd: number;
  /** "$0.0000011 · 103 ms billed × 512 MB · x86_64 (assumed) · INIT $0.00000040 (45 ms)": shown as text. */
  text: string;
}

const text: Check = (x) => str(x) && (x as string).length <= 2000;
const share = shape({ function: text, invocations: int, costUsd: num, share: num });

export const traceCostSummary: Check = shape({
  traceId: str, costUsd: num, byFunction: (x) => arrayOf(share)(x) && (x as unknown[]).length <= MAX_COST_FUNCTIONS,
  othersCount: int, othersUsd: num, servicesUsd: opt(num), pricesNote: text,
});

export const invocationCostDetails: Check = shape({ usd: num, initUsd: num, text });
