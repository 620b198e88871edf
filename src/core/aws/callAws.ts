// One AWS call: wait for the quota pacer, send with the abort signal (in-flight requests are aborted), and retry what
// the SDK does not: a 200 whose body does not parse, or a transient failure that outlived the SDK's own attempts.
// Throttling and 5xx backoff stay with the SDK's adaptive retry strategy; this loop only re-enters it.
import { isAbort, Pacer } from './pacer';

export interface CallOptions {
  pacer?: Pacer;
  signal?: AbortSignal;
  /** Extra rounds of SDK attempts for transient failures (default 4). */
  rounds?: number;
  onRetry?(err: unknown): void;
}

export async function callAws<T>(send: (abortSignal?: AbortSignal) => Promise<T>, o: CallOptions = {}): Promise<T> {
  const rounds = o.rounds ?? 4;
  for (let round = 0; ; round++) {
    await o.pacer?.take(o.signal);
    try {
      return await send(o.signal);
    } catch (err) {
      if (isAbort(err, o.signal)) throw abortedError();
      if (round >= rounds || !isTransient(err)) throw err;
      o.onRetry?.(err);
    }
  }
}

export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (status === 200 && (e.name === 'SyntaxError' || /Deserialization error|JSON/i.test(e.message ?? ''))) return true;
  if (status !== undefined && status >= 500) return true;
  if (/^(ThrottlingException|ThrottledException|TooManyRequestsException|RequestTimeout|TimeoutError|ServiceUnavailableException|InternalFailure)$/.test(e.name ?? '')) return true;
  return /ECONNRESET|EPIPE|ETIMEDOUT|socket hang up/.test(`${e.code ?? ''} ${e.message ?? ''}`);
}

function abortedError(): Error {
  const e = new Error('The fetch was cancelled.');
  e.name = 'AbortError';
  return e;
}
