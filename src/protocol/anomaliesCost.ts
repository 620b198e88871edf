// The Anomalies view's cost table (docs/cost.md): its own request and reply, apart from the statistics messages.
import { arrayOf, bool, Check, int, num, numOrNull, opt, shape, str } from './channel';

export interface SlowTailView {
  p95Ms: number;
  medianMs: number;
  invocations: number;
  costUsd: number;
  atMedianUsd: number;
  excessUsd: number;
}

export interface RightSizingView {
  currentMb: number;
  p99MaxMemoryUsedMb: number;
  headroom: number;
  recommendedMb: number;
  monthlyCostUsd: number;
  monthlyCostAtRecommendedUsd: number;
  monthlySavingUsd: number;
}

export interface FunctionCostView {
  function: string;
  architecture: string;
  /** Nothing named the architecture (x86_64 by default). */
  assumed: boolean;
  /** Where the architecture came from: attribute, file or setting. */
  architectureDetail: string;
  invocations: number;
  costUsd: number;
  costPer1MUsd: number;
  coldStarts: number;
  coldStartCostUsd: number;
  timeouts: number;
  timeoutCostUsd: number;
  failed: number;
  failedCostUsd: number;
  retried: number;
  retriedCostUsd: number;
  slowTail: SlowTailView | null;
  rightSizing: RightSizingView | null;
  estimatedInvocations: number;
  warnings: string[];
}

export interface CostTableView {
  /** The range the figures cover (null: all the data). */
  fromMs: number | null;
  toMs: number | null;
  totalUsd: number;
  functions: FunctionCostView[];
  /** Prices' date and source, and that these are estimates. */
  pricesNote: string;
  /** Right-sizing is an estimate to try: less memory also means less CPU. */
  rightSizingNote: string;
}

/** Rows are bounded so a bad reply cannot make the webview draw without end. */
export const MAX_COST_ROWS = 500;

const text: Check = (x) => str(x) && (x as string).length <= 2000;
const slowTail = shape({ p95Ms: num, medianMs: num, invocations: int, costUsd: num, atMedianUsd: num, excessUsd: num });
const rightSizing = shape({
  currentMb: num, p99MaxMemoryUsedMb: num, headroom: num, recommendedMb: num,
  monthlyCostUsd: num, monthlyCostAtRecommendedUsd: num, monthlySavingUsd: num,
});
const orNull = (c: Check): Check => (x) => x === null || c(x);
const fnRow = shape({
  function: text, architecture: text, assumed: bool, architectureDetail: text, invocations: int, costUsd: num, costPer1MUsd: num,
  coldStarts: int, coldStartCostUsd: num, timeouts: int, timeoutCostUsd: num, failed: int, failedCostUsd: num,
  retried: int, retriedCostUsd: num, slowTail: orNull(slowTail), rightSizing: orNull(rightSizing),
  estimatedInvocations: int, warnings: arrayOf(text),
});

export const costTableView: Check = shape({
  fromMs: numOrNull, toMs: numOrNull, totalUsd: num, pricesNote: text, rightSizingNote: text,
  functions: (x) => arrayOf(fnRow)(x) && (x as unknown[]).length <= MAX_COST_ROWS,
});

export const getCostSchema = { requestId: int, fromMs: opt(num), toMs: opt(num) };
export const costSchema = { requestId: int, datasetVersion: int, cost: costTableView };
