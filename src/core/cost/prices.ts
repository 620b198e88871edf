// Public on-demand prices the cost model starts from, and how settings override them. No `vscode`.
// Every figure is in USD; where each one was read is in docs/cost.md.

export type Architecture = 'x86_64' | 'arm64';
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64'];

export interface LambdaPrices {
  /** USD per GB-second of billed duration, first price tier (see PRICES_TAKEN_ON). */
  gbSecondUsd: Record<Architecture, number>;
  /** USD per request (invocation). */
  requestUsd: number;
}

/** Per-request (per-unit) prices of the managed services a trace touches; used for labelled estimates only. */
export interface ServicePrices {
  apiGatewayRestRequestUsd: number;
  apiGatewayHttpRequestUsd: number;
  sqsRequestUsd: number;
  snsPublishUsd: number;
  dynamoDbReadUnitUsd: number;
  dynamoDbWriteUnitUsd: number;
  stepFunctionsTransitionUsd: number;
}

export interface PriceTable {
  /** ISO date the defaults were taken; shown next to every cost. */
  takenOn: string;
  /** Where they were read. */
  source: string;
  lambda: LambdaPrices;
  /** Region -> prices that differ from `lambda`. Empty by default: see REGIONS_PRICED_DIFFERENTLY. */
  regions: Record<string, Partial<LambdaPrices>>;
  services: ServicePrices;
}

export const PRICES_TAKEN_ON = '2026-12-02';

/**
 * US East (N. Virginia) on-demand prices, first tier (up to 6 billion GB-s a month on x86, 7.5 billion on Arm,
 * per Region and account). Higher tiers are out of scope: an IDE trace view never sees that volume.
 */
export const DEFAULT_PRICES: PriceTable = {
  takenOn: PRICES_TAKEN_ON,
  source: 'aws.amazon.com/lambda/pricing, /api-gateway/pricing, /sqs/pricing, /sns/pricing, /dynamodb/pricing/on-demand, /step-functions/pricing (us-east-1)',
  lambda: {
    gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 },
    requestUsd: 0.2 / 1e6,
  },
  regions: {},
  services: {
    apiGatewayRestRequestUsd: 3.5 / 1e6,
    apiGatewayHttpRequestUsd: 1.0 / 1e6,
    sqsRequestUsd: 0.4 / 1e6,
    snsPublishUsd: 0.5 / 1e6,
    dynamoDbReadUnitUsd: 0.125 / 1e6,
    dynamoDbWriteUnitUsd: 0.625 / 1e6,
    stepFunctionsTransitionUsd: 0.025 / 1000,
  },
};

/**
 * Regions whose Lambda prices are known to be higher than us-east-1's (AWS Lambda Power Tuning's price table
 * lists them); their exact figures could not be verified, so a cost there says "set traceExplorer.cost.regionPrices".
 */
export const REGIONS_PRICED_DIFFERENTLY: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-northeast-3', 'eu-south-1', 'me-south-1', 'cn-north-1', 'cn-northwest-1',
];

/** Overrides as the settings give them (`traceExplorer.cost.*`); every field optional. */
export interface PriceOverrides {
  gbSecondUsd?: Partial<Record<Architecture, number>>;
  requestUsd?: number;
  regions?: Record<string, Partial<LambdaPrices> | { gbSecondUsd?: Partial<Record<Architecture, number>>; requestUsd?: number }>;
  services?: Partial<ServicePrices>;
  takenOn?: string;
}

/** The defaults with overrides laid over them; invalid numbers (negative, NaN) are ignored, not trusted. */
export function mergePrices(base: PriceTable, o: PriceOverrides | undefined): PriceTable {
  if (!o) return base;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  const lambda: LambdaPrices = {
    gbSecondUsd: { ...base.lambda.gbSecondUsd },
    requestUsd: ok(o.requestUsd) ? o.requestUsd : base.lambda.requestUsd,
  };
  for (const a of ARCHITECTURES) { const v = o.gbSecondUsd?.[a]; if (ok(v)) lambda.gbSecondUsd[a] = v; }
  const regions: Record<string, Partial<LambdaPrices>> = { ...base.regions };
  for (const [region, r] of Object.entries(o.regions ?? {})) {
    if (!r || typeof r !== 'object') continue;
    const entry: Partial<LambdaPrices> = {};
    const gb: Partial<Record<Architecture, number>> = {};
    for (const a of ARCHITECTURES) { const v = r.gbSecondUsd?.[a]; if (ok(v)) gb[a] = v; }
    if (Object.keys(gb).length) entry.gbSecondUsd = { ...lambda.gbSecondUsd, ...gb };
    if (ok(r.requestUsd)) entry.requestUsd = r.requestUsd;
    if (Object.keys(entry).length) regions[region] = entry;
  }
  const services = { ...base.services };
  for (const [k, v] of Object.entries(o.services ?? {})) {
    if (k in services && ok(v)) services[k as keyof ServicePrices] = v;
  }
  return { ...base, takenOn: o.takenOn ?? base.takenOn, lambda, regions, services };
}

/** Lambda prices for a Region: its override when set, else the defaults (with a warning when known to differ). */
export function lambdaPricesFor(table: PriceTable, region: string | undefined): { prices: LambdaPrices; warning?: string } {
  const r = region ? table.regions[region] : undefined;
  const prices: LambdaPrices = {
    gbSecondUsd: { ...table.lambda.gbSecondUsd, ...(r?.gbSecondUsd ?? {}) },
    requestUsd: r?.requestUsd ?? table.lambda.requestUsd,
  };
  const warning = region && !r && REGIONS_PRICED_DIFFERENTLY.includes(region)
    ? `Lambda prices in ${region} are higher than the us-east-1 prices used; set traceExplorer.cost.regionPrices for ${region}`
    : undefined;
  return { prices, warning };
}
