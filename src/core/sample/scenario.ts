// The story the sample tells: names, timings and the incidents hidden in an otherwise quiet window.

export const ACCOUNT_ID = '123456789012';
export const REGION = 'eu-west-1';

/** Default window start: a fixed instant so the checked-in sample never changes by itself. */
export const DEFAULT_START = Date.UTC(2026, 10, 20, 8, 0, 0);
export const DEFAULT_DURATION_MS = 6 * 3600_000;
export const DEFAULT_SEED = 20261120;
export const DEFAULT_TRACES = 560;
export const DEFAULT_LARGE_TRACES = 90_000;
export const DEFAULT_LARGE_DURATION_MS = 24 * 3600_000;

export type FnName = 'shop-orders-api' | 'shop-notifications' | 'shop-billing';
export const FUNCTIONS: readonly FnName[] = ['shop-orders-api', 'shop-notifications', 'shop-billing'];

export interface FunctionConfig {
  name: FnName;
  runtime: string;
  /** As INIT_START prints it. */
  runtimeVersion: string;
  memoryMb: number;
  /** Instruction set (template.yaml `Architectures`); spans carry it as `host.arch` (amd64 / arm64). */
  architecture: 'x86_64' | 'arm64';
  timeoutMs: number;
  /** Median cold-start Init Duration. */
  initMedianMs: number;
  /** Resident memory of a fresh environment; grows a little with use. */
  baseMemoryMb: number;
  /** OpenTelemetry service.name and instrumentation scope of the ADOT layer. */
  language: 'nodejs' | 'python';
}

export const FUNCTION_CONFIG: Record<FnName, FunctionConfig> = {
  'shop-orders-api': {
    name: 'shop-orders-api', runtime: 'nodejs20.x', runtimeVersion: 'nodejs:20.v48', memoryMb: 1024, architecture: 'x86_64', timeoutMs: 6000,
    initMedianMs: 330, baseMemoryMb: 92, language: 'nodejs',
  },
  'shop-notifications': {
    name: 'shop-notifications', runtime: 'python3.12', runtimeVersion: 'python:3.12.v40', memoryMb: 128, architecture: 'x86_64', timeoutMs: 6000,
    initMedianMs: 540, baseMemoryMb: 71, language: 'python',
  },
  'shop-billing': {
    name: 'shop-billing', runtime: 'nodejs20.x', runtimeVersion: 'nodejs:20.v48', memoryMb: 512, architecture: 'arm64', timeoutMs: 6000,
    initMedianMs: 410, baseMemoryMb: 104, language: 'nodejs',
  },
};

export function functionArn(fn: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${fn}`;
}

export const API = {
  name: 'shop-api',
  stage: 'prod',
  restApiId: 'k3v9q2x7ab',
  get host(): string { return `${this.restApiId}.execute-api.${REGION}.amazonaws.com`; },
};
export const ORDERS_TABLE = 'Orders';
export const TOPIC = 'order-events';
export const QUEUE = 'billing-queue';
export const IDP_HOST = 'auth.identity.example';
export const MAIL_HOST = 'api.mailprovider.example';
export const PAYMENTS_HOST = 'api.payments.example';

/** Latency medians (ms) and lognormal shapes; stationary outside the incident windows. */
export const LATENCY = {
  apigwPre: [4, 0.3], apigwPost: [2, 0.3],
  idp: [42, 0.3], putItem: [11, 0.3], getItem: [6, 0.3], publish: [21, 0.25], sendMessage: [15, 0.25],
  snsDelivery: [95, 0.35], sqsPoll: [140, 0.6],
  mail: [165, 0.3], payment: [290, 0.25], updateItem: [10, 0.3],
  handlerStep: [1.2, 0.5],
} as const satisfies Record<string, readonly [number, number]>;

/** Share of requests that create an order (the rest read one). */
export const POST_SHARE = 0.6;
/** Share of traces written as X-Ray documents instead of aws/spans. */
export const XRAY_SHARE = 0.25;
/** Background e-mail API 5xx rate: occasional, stationary. */
export const MAIL_5XX_RATE = 0.012;

/** Incident windows relative to the window start, as fractions of its duration (a 6 h window gives the times in comments). */
export const INCIDENTS = {
  /** 09:30-09:45: DynamoDB PutItem p95 ~10x, a few writes throttled. */
  dynamoSpike: { from: 0.25, minutes: 15, factor: 10, throttleRate: 0.12 },
  /** 11:45-12:00: the identity provider rejects most tokens with 401 "Expired token". */
  idpBurst: { from: 0.625, minutes: 15, rejectRate: 0.65 },
  /** 10:15: shop-notifications redeployed with LoggingConfig JSON; text logs before, JSON after. */
  notificationsJsonFrom: 0.375,
  /** ~10:50: the payment API hangs; billing times out once. */
  timeoutAt: 0.4722,
  /** ~12:35: an orders environment is killed mid-request (Runtime.ExitError). */
  crashAt: 0.7639,
} as const;

export interface Window {
  start: number;
  end: number;
}

export interface Timeline {
  start: number;
  end: number;
  dynamoSpike: Window;
  idpBurst: Window;
  notificationsJsonFrom: number;
  timeoutAt: number;
  crashAt: number;
}

/** Places the incidents in a concrete window; minutes are rounded so windows start on whole minutes. */
export function timeline(start: number, durationMs: number): Timeline {
  const at = (f: number) => start + Math.round((durationMs * f) / 60_000) * 60_000;
  const window = (from: number, minutes: number): Window => ({ start: at(from), end: at(from) + minutes * 60_000 });
  return {
    start,
    end: start + durationMs,
    dynamoSpike: window(INCIDENTS.dynamoSpike.from, INCIDENTS.dynamoSpike.minutes),
    idpBurst: window(INCIDENTS.idpBurst.from, INCIDENTS.idpBurst.minutes),
    notificationsJsonFrom: at(INCIDENTS.notificationsJsonFrom),
    timeoutAt: at(INCIDENTS.timeoutAt),
    crashAt: at(INCIDENTS.crashAt),
  };
}

export function inWindow(t: number, w: Window): boolean {
  return t >= w.start && t < w.end;
}
