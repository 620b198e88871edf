// What the cost model can be told: prices, Region, architectures, right-sizing headroom. The extension maps
// the `traceExplorer.cost.*` settings onto this; the CLI and tests pass it directly.
import type { DeclaredLookup } from './architecture';
import type { PriceOverrides } from './prices';

export interface CostOptions {
  /** Region whose prices apply; default: each function's `cloud.region` from the data, else us-east-1 prices. */
  region?: string;
  prices?: PriceOverrides;
  /** Function name -> `x86_64` | `arm64`, used when neither the data nor the infrastructure files say. */
  architectures?: Record<string, string>;
  /** Architecture for functions nothing else names (default: x86_64, shown as assumed). */
  defaultArchitecture?: string;
  /** What the SAM / CloudFormation / serverless.yml / CDK files declare (see `declaredLookup`). */
  declared?: DeclaredLookup;
  /** Right-sizing headroom above the p99 of Max Memory Used: 0.2 = 20 %. */
  memoryHeadroom?: number;
  /** Managed-service per-request estimates in trace costs (default true). */
  includeServices?: boolean;
}

export const DEFAULT_MEMORY_HEADROOM = 0.2;

/** A month as AWS pricing examples count it: 730 hours. */
export const MONTH_MS = 730 * 3600_000;
