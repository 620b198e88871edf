// The webview's side of a panel's channel (src/protocol/channel.ts): typed requests with ids and a timeout,
// cancellable with an AbortSignal (the host is told, so it can drop the work), validated replies, pushed
// messages and progress. Every panel's app makes one: `new HostChannel(ITS_PROTOCOL, vscodeApi())`.
import type { CommonWebviewMessage, DistributiveOmit, LogLevel, Protocol } from '../../src/protocol/channel';
import type { VsCodeApi } from './vscodeApi';

type Msg = { type: string; v: number };
type ReplyOf<H> = Extract<H, { requestId: number }>;
/** Request bodies without the version and the id the channel assigns. */
type RequestBody<W> = W extends { requestId: number; type: infer T } ? T extends 'cancel' ? never : Omit<W, 'v' | 'requestId'> : never;
type Progress = { done: number; total?: number; message?: string };

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?(p: Progress): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export class HostChannel<W extends Msg, H extends Msg> {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(m: ReplyOf<H>): void; reject(e: Error): void; progress?(p: Progress): void }>();
  private readonly handlers = new Map<string, ((m: H) => void)[]>();

  constructor(private readonly protocol: Protocol<W, H>, private readonly api: VsCodeApi<unknown>, private readonly timeoutMs = DEFAULT_TIMEOUT_MS) {
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
  }

  /** A notification: no reply expected. */
  send(body: Exclude<DistributiveOmit<W, 'v'>, { requestId: number }> | DistributiveOmit<CommonWebviewMessage, 'v'>): void {
    this.api.postMessage(this.protocol.toHost(body as DistributiveOmit<W, 'v'>));
  }

  /** Sends a request; resolves with the reply of type `expect` (rejects with the host's error, a timeout or an abort). */
  request<T extends ReplyOf<H>['type']>(body: RequestBody<W>, expect: T, opts: RequestOptions = {}): Promise<Extract<ReplyOf<H>, { type: T }>> {
    const requestId = this.nextId++;
    const what = (body as unknown as { type: string }).type;
    return new Promise((resolve, reject) => {
      const done = () => {
        this.waiting.delete(requestId);
        window.clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        this.send({ type: 'cancel', requestId });
        reject(new Error(`${what} cancelled`));
      };
      if (opts.signal?.aborted) { reject(new Error(`${what} cancelled`)); return; }
      const timer = window.setTimeout(() => { done(); this.send({ type: 'cancel', requestId }); reject(new Error(`${what} timed out`)); }, opts.timeoutMs ?? this.timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(requestId, {
        resolve: (m) => { done(); if (m.type === expect) resolve(m as unknown as Extract<ReplyOf<H>, { type: T }>); else reject(new Error(`expected ${expect}, got ${m.type}`)); },
        reject: (e) => { done(); reject(e); },
        progress: opts.onProgress,
      });
      this.api.postMessage(this.protocol.toHost({ ...body, requestId } as unknown as DistributiveOmit<W, 'v'>));
    });
  }

  /** Pushed messages of one type (and replies nobody waits for any more). */
  on<T extends H['type']>(type: T, handler: (m: Extract<H, { type: T }>) => void): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as (m: H) => void);
    this.handlers.set(type, list);
  }

  log(level: LogLevel, message: string): void {
    this.send({ type: 'log', level, message });
  }

  private receive(raw: unknown): void {
    // The engine's messages come as JSON text (the host passes them on without rebuilding them); the host's own as objects.
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch {
        console.warn('Ignored a host message that is not JSON');
        return;
      }
    }
    const v = this.protocol.fromHost(raw);
    if (!v.ok) {
      console.warn('Ignored malformed host message:', v.reason);
      return;
    }
    const m = v.message as H & { requestId?: unknown; message?: string; done?: number; total?: number };
    if (typeof m.requestId === 'number') {
      const w = this.waiting.get(m.requestId);
      if (w && m.type === 'progress') { w.progress?.({ done: m.done ?? 0, total: m.total, message: m.message }); return; }
      if (w) {
        if (m.type === 'error') w.reject(new Error(m.message));
        else w.resolve(m as unknown as ReplyOf<H>);
        return;
      }
    }
    for (const h of this.handlers.get(m.type) ?? []) {
      try { h(m); } catch (e) { this.log('error', `handler for ${m.type} failed: ${String(e)}`); }
    }
  }
}
