// The webview's side of the anomalies protocol: typed requests with ids, validated replies, pushed messages.
import {
  AnomaliesHostMessage, AnomaliesHostMessageType, AnomaliesWebviewMessageBody, toAnomaliesHost, validateAnomaliesHostMessage,
} from '../../src/protocol/anomalies';
import type { VsCodeApi } from '../shared/vscodeApi';

type Reply = Extract<AnomaliesHostMessage, { requestId: number }>;
type Pushed<T extends AnomaliesHostMessageType> = Extract<AnomaliesHostMessage, { type: T }>;
type RequestBody = Extract<AnomaliesWebviewMessageBody, { requestId: number }> extends infer M ? M extends unknown ? Omit<M, 'requestId'> : never : never;

const TIMEOUT_MS = 60_000;

export class HostClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(m: Reply): void; reject(e: Error): void; timer: number }>();
  private readonly handlers = new Map<string, ((m: AnomaliesHostMessage) => void)[]>();

  constructor(private readonly api: VsCodeApi<unknown>) {
    window.addEventListener('message', (e: MessageEvent) => this.receive(e.data));
  }

  send(body: Exclude<AnomaliesWebviewMessageBody, { requestId: number }>): void {
    this.api.postMessage(toAnomaliesHost(body));
  }

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
      this.api.postMessage(toAnomaliesHost({ ...body, requestId } as AnomaliesWebviewMessageBody));
    });
  }

  on<T extends AnomaliesHostMessageType>(type: T, handler: (m: Pushed<T>) => void): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as (m: AnomaliesHostMessage) => void);
    this.handlers.set(type, list);
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.send({ type: 'log', level, message });
  }

  private receive(raw: unknown): void {
    const v = validateAnomaliesHostMessage(raw);
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
