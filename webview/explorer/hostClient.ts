// The webview's side of the protocol: typed requests with ids, validated replies, pushed messages.
import { HostMessage, HostMessageType, toHost, WebviewMessageBody } from '../../src/protocol/messages';
import { validateHostMessage } from '../../src/protocol/validate';
import { VsCodeApi } from '../shared/vscodeApi';

type Reply = Extract<HostMessage, { requestId: number }>;
type Pushed<T extends HostMessageType> = Extract<HostMessage, { type: T }>;
/** Request bodies without the id the client assigns. */
type RequestBody = Extract<WebviewMessageBody, { requestId: number }> extends infer M ? M extends unknown ? Omit<M, 'requestId'> : never : never;

const TIMEOUT_MS = 30_000;

export class HostClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(m: Reply): void; reject(e: Error): void; timer: number }>();
  private readonly handlers = new Map<string, ((m: HostMessage) => void)[]>();

  constructor(private readonly api: VsCodeApi<unknown>) {
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
  }

  send(body: Exclude<WebviewMessageBody, { requestId: number }>): void {
    this.api.postMessage(toHost(body));
  }

  /** Sends a request; resolves with the host's reply (or rejects with its error message). */
  request<T extends Reply['type']>(body: RequestBody, expect: T): Promise<Extract<Reply, { type: T }>> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new Error(`${body.type} timed out`));
      }, TIMEOUT_MS);
      this.waiting.set(requestId, {
        resolve: (m) => (m.type === expect ? resolve(m as Extract<Reply, { type: T }>) : reject(new Error(`expected ${expect}, got ${m.type}`))),
        reject,
        timer,
      });
      this.api.postMessage(toHost({ ...body, requestId } as WebviewMessageBody));
    });
  }

  on<T extends HostMessageType>(type: T, handler: (m: Pushed<T>) => void): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as (m: HostMessage) => void);
    this.handlers.set(type, list);
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.send({ type: 'log', level, message });
  }

  private receive(raw: unknown): void {
    const v = validateHostMessage(raw);
    if (!v.ok) {
      console.warn('Ignored malformed host message:', v.reason);
      return;
    }
    const m = v.message;
    if ('requestId' in m && typeof m.requestId === 'number') {
      const w = this.waiting.get(m.requestId);
      if (w) {
        this.waiting.delete(m.requestId);
        window.clearTimeout(w.timer);
        if (m.type === 'error') w.reject(new Error(m.message));
        else w.resolve(m as Reply);
        return;
      }
    }
    for (const h of this.handlers.get(m.type) ?? []) {
      try { h(m); } catch (e) { this.log('error', `handler for ${m.type} failed: ${String(e)}`); }
    }
  }
}
