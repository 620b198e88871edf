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

/**
 * The `traceExplorer.cost.*` settings as VS Code returns them (package.json holds their schema). Values come
 * from users' settings files: anything of the wrong type is ignored, never trusted.
 */
export interface CostSettings {
  region?: unknown;
  gbSecondPrices?: unknown;
  requestPrice?: unknown;
  regionPrices?: unknown;
  servicePrices?: unknown;
  pricesTakenOn?: unknown;
  architectures?: unknown;
  defaultArchitecture?: unknown;
  memoryHeadroom?: unknown;
  showServiceEstimates?: unknown;
}

/** The setting names under `traceExplorer.cost.` (a test keeps package.json in step). */
export const COST_SETTING_KEYS: readonly (keyof CostSettings)[] = [
  'region', 'gbSecondPrices', 'requestPrice', 'regionPrices', 'servicePrices', 'pricesTakenOn',
  'architectures', 'defaultArchitecture', 'memoryHeadroom', 'showServiceEstimates',
];

export function costOptionsFromSettings(s: CostSettings, declared?: CostOptions['declared']): CostOptions {
  const obj = (v: unknown): Record<string, unknown> | undefined =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const archPrices = (v: unknown) => {
    const o = obj(v);
    return o ? { x86_64: num(o.x86_64), arm64: num(o.arm64) } : undefined;
  };
  const regions: NonNullable<PriceOverrides['regions']> = {};
  for (const [r, v] of Object.entries(obj(s.regionPrices) ?? {})) {
    const o = obj(v);
    if (o) regions[r] = { gbSecondUsd: archPrices(o.gbSecondUsd), requestUsd: num(o.requestUsd) };
  }
  const services: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj(s.servicePrices) ?? {})) { const n = num(v); if (n !== undefined) services[k] = n; }
  const architectures: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(s.architectures) ?? {})) { const a = str(v); if (a) architectures[k] = a; }
  return {
    region: str(s.region),
    prices: { gbSecondUsd: archPrices(s.gbSecondPrices), requestUsd: num(s.requestPrice), regions, services, takenOn: str(s.pricesTakenOn) },
    architectures,
    defaultArchitecture: str(s.defaultArchitecture),
    memoryHeadroom: num(s.memoryHeadroom),
    includeServices: s.showServiceEstimates !== false,
    declared,
  };
}
