// What every panel's controller shares: validate each message from the webview on receipt (a bad one is logged
// and dropped), answer `ready`, `log` and `cancel`, turn an exception into an `error` reply to that request, and
// stamp the protocol version on what it posts. Pure (no vscode): it runs wherever the Dataset is.
import { background } from '../core/background';
import { DistributiveOmit, LogLevel, Protocol, requestIdOf } from '../protocol/channel';

type Msg = { type: string; v: number };

export interface PanelSink<H> {
  post(message: H): void;
  log(level: LogLevel, message: string): void;
}

export abstract class PanelController<W extends Msg, H extends Msg> {
  private ready = false;
  private readonly cancelled = new Set<number>();

  constructor(private readonly protocol: Protocol<W, H>, private readonly sink: PanelSink<H>, private readonly label: string) {}

  get isReady(): boolean { return this.ready; }

  /** Entry point for every message from the webview. Never throws. */
  handle(raw: unknown): void {
    background.touch(); // a view is waiting: background index work steps aside
    const v = this.protocol.fromWebview(raw);
    if (!v.ok) {
      this.sink.log('warn', `Ignored malformed ${this.label} message: ${v.reason}`);
      return;
    }
    const m = v.message as W & { level?: LogLevel; message?: string; requestId?: number };
    if (m.type === 'cancel') { this.cancelled.add(m.requestId!); return; }
    if (m.type === 'log') { this.sink.log(m.level!, `[${this.label} webview] ${m.message}`); return; }
    if (m.type === 'ready') this.ready = true;
    try {
      this.dispatch(v.message);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.sink.log('error', `Failed to handle ${m.type}: ${message}`);
      this.post({ type: 'error', requestId: requestIdOf(m), message } as unknown as DistributiveOmit<H, 'v'>);
    }
  }

  /** The data changed (loaded, reloaded, failed). */
  abstract datasetChanged(): void;

  /** Every validated message but `cancel` and `log` (those the base answers). */
  protected abstract dispatch(m: W): void;

  /** Was this request withdrawn by the webview? (Long work checks between steps and stops.) */
  protected isCancelled(requestId: number | undefined): boolean {
    return requestId !== undefined && this.cancelled.has(requestId);
  }

  protected post(body: DistributiveOmit<H, 'v'>): void {
    const id = requestIdOf(body);
    // A reply nobody waits for any more is dropped; pushed messages always go.
    if (id !== undefined && this.cancelled.delete(id)) return;
    this.sink.post(this.protocol.toWebview(body) as unknown as H);
  }

  protected log(level: LogLevel, message: string): void {
    this.sink.log(level, message);
  }
}
