// One channel shape for every panel (and for the engine worker): messages carry the protocol version `v` and
// a `type`; a request carries a `requestId` its reply (or an `error`) repeats; `cancel` withdraws a request;
// `progress` reports on a long one. A protocol is its version plus one schema per message type and direction,
// and every message is validated on receipt (never throws: a hostile object gets a reason, not an exception).
// Imported by the extension host, the engine worker and the webviews.

export type Check = (value: unknown) => boolean;

export const str: Check = (x) => typeof x === 'string';
export const shortStr: Check = (x) => typeof x === 'string' && x.length <= 2000;
export const num: Check = (x) => typeof x === 'number' && Number.isFinite(x);
export const numOrNull: Check = (x) => x === null || num(x);
export const int: Check = (x) => Number.isInteger(x) && (x as number) >= 0;
export const bool: Check = (x) => typeof x === 'boolean';
export const obj: Check = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
export const strOrNull: Check = (x) => x === null || str(x);
export const opt = (c: Check): Check => (x) => x === undefined || c(x);
export const oneOf = (values: readonly string[]): Check => (x) => typeof x === 'string' && values.includes(x);
export const arrayOf = (c: Check): Check => (x) => Array.isArray(x) && x.every(c);
export const shape = (spec: Record<string, Check>): Check => (x) => obj(x) && Object.entries(spec).every(([k, c]) => c((x as Record<string, unknown>)[k]));

/** Fields of one message type (all but `v` and `type`), each with its check. */
export type Spec<M> = { [K in Exclude<keyof M, 'v' | 'type'>]-?: Check };
export type Schemas<U extends { type: string }> = { [T in U['type']]: Spec<Extract<U, { type: T }>> };
export type Validated<M> = { ok: true; message: M } | { ok: false; reason: string };
/** Distributes Omit over a union so each member keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type LogLevel = 'info' | 'warn' | 'error';

/** Messages every webview may send, whatever its panel. */
export type CommonWebviewMessage =
  | { v: number; type: 'ready' }
  /** The webview no longer wants the answer to this request (it moved on); the host may stop working on it. */
  | { v: number; type: 'cancel'; requestId: number }
  | { v: number; type: 'log'; level: LogLevel; message: string };

/** Messages every host may send, whatever its panel. */
export type CommonHostMessage =
  /** How far a long request got; `total` when known. */
  | { v: number; type: 'progress'; requestId: number; done: number; total?: number; message?: string }
  | { v: number; type: 'error'; requestId?: number; message: string };

const COMMON_WEBVIEW: Schemas<CommonWebviewMessage> = {
  ready: {},
  cancel: { requestId: int },
  log: { level: oneOf(['info', 'warn', 'error']), message: str },
};

const COMMON_HOST: Schemas<CommonHostMessage> = {
  progress: { requestId: int, done: num, total: opt(num), message: opt(str) },
  error: { requestId: opt(int), message: str },
};

/** W: messages webview -> host; H: host -> webview. */
export interface Protocol<W extends { type: string }, H extends { type: string }> {
  readonly name: string;
  readonly version: number;
  /** Stamps the version on a message the webview sends. */
  toHost<M extends DistributiveOmit<W, 'v'>>(m: M): M & { v: number };
  /** Stamps the version on a message the host sends. */
  toWebview<M extends DistributiveOmit<H, 'v'>>(m: M): M & { v: number };
  /** Run by the host on every message from the webview. */
  fromWebview(raw: unknown): Validated<W>;
  /** Run by the webview on every message from the host. */
  fromHost(raw: unknown): Validated<H>;
  readonly webviewTypes: W['type'][];
  readonly hostTypes: H['type'][];
}

/**
 * A panel's protocol: its own messages' schemas; the common ones (ready, cancel, log / progress, error) are added.
 * Bump `version` when a message changes incompatibly: both sides then reject the other's messages with a reason.
 */
export function defineProtocol<W extends { type: string }, H extends { type: string }>(
  name: string,
  version: number,
  webview: Schemas<Exclude<W, CommonWebviewMessage>>,
  host: Schemas<Exclude<H, CommonHostMessage>>,
): Protocol<W, H> {
  const w = { ...COMMON_WEBVIEW, ...webview } as Record<string, Record<string, Check>>;
  const h = { ...COMMON_HOST, ...host } as Record<string, Record<string, Check>>;
  return {
    name,
    version,
    toHost: (m) => ({ ...m, v: version }),
    toWebview: (m) => ({ ...m, v: version }),
    fromWebview: (raw) => validate<W>(raw, w, version),
    fromHost: (raw) => validate<H>(raw, h, version),
    webviewTypes: Object.keys(w) as W['type'][],
    hostTypes: Object.keys(h) as H['type'][],
  };
}

function validate<M>(raw: unknown, schemas: Record<string, Record<string, Check>>, version: number): Validated<M> {
  try {
    if (!obj(raw)) return { ok: false, reason: 'not an object' };
    const m = raw as Record<string, unknown>;
    if (m.v !== version) return { ok: false, reason: `protocol version ${String(m.v)}, expected ${version}` };
    if (typeof m.type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, m.type)) {
      return { ok: false, reason: `unknown message type ${JSON.stringify(m.type)}` };
    }
    for (const [key, check] of Object.entries(schemas[m.type])) {
      if (!check(m[key])) return { ok: false, reason: `${m.type}: bad field "${key}"` };
    }
    return { ok: true, message: raw as M };
  } catch (e) {
    // A getter or proxy in a hostile object must not take the host down.
    return { ok: false, reason: `validation failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The request id of a message, when it is a request or a reply. */
export function requestIdOf(m: object): number | undefined {
  const id = (m as { requestId?: unknown }).requestId;
  return typeof id === 'number' ? id : undefined;
}
