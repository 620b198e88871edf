// Client-side pacing under the documented TPS quotas, so a fetch runs at the quota instead of bouncing off it, and a
// concurrency limit so several paginations can overlap their network latency. One pacer per (connection, operation)
// is shared by every fetch in the process: the quotas are per account and Region, not per call site.
export class Pacer {
  private next = 0;

  constructor(readonly ratePerSec: number) {}

  /** Resolves at this caller's slot; rejects at once when the signal aborts. */
  async take(signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.ratePerSec)) return;
    const now = performance.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.ratePerSec;
    if (slot > now) await delay(slot - now, signal);
    else if (signal?.aborted) throw abortError();
  }
}

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const pacers = new Map<string, Pacer>();

export function sharedPacer(key: string, op: string, ratePerSec: number): Pacer {
  const k = `${key}#${op}#${ratePerSec}`;
  let p = pacers.get(k);
  if (!p) pacers.set(k, (p = new Pacer(ratePerSec)));
  return p;
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(abortError()); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const e = new Error('The fetch was cancelled.');
  e.name = 'AbortError';
  return e;
}

export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (err as Error)?.name === 'AbortError';
}
