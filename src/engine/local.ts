// The local receiver inside the engine worker: one run at a time (a Receiver feeding a LocalSource's bounded live
// store), kept across reloads of the same plan (a masking change or Refresh does not drop what was received), stopped
// when another source replaces it. Its state and counts go to the host as `localStatus` for the status bar.
import type { LiveDataset } from '../core/live/store';
import type { LocalSource } from '../core/receive/liveSource';
import type { Receiver } from '../core/receive';
import { formatEndpoint } from '../core/receive/address';
import type { LocalPlan, LocalStatus } from './protocol';

const STATUS_INTERVAL_MS = 1000;

export class LocalRun {
  private timer?: NodeJS.Timeout;
  private lastSent = '';
  private warnings: string[] = [];

  private constructor(readonly receiver: Receiver, readonly source: LocalSource, readonly key: string, private readonly report: (s: LocalStatus) => void) {}

  /** Binds the plan's addresses; throws the receiver's error (port in use names the port) with nothing left bound. */
  static async start(plan: LocalPlan, report: (s: LocalStatus) => void): Promise<LocalRun> {
    const [{ Receiver, parseEndpoint }, { LocalSource }] = await Promise.all([import('../core/receive'), import('../core/receive/liveSource')]);
    const warnings: string[] = [];
    const receiver = new Receiver({
      otlp: plan.otlp ? parseEndpoint(plan.otlp, 4318) : undefined,
      xray: plan.xray ? parseEndpoint(plan.xray, 2000) : undefined,
      maxBodyBytes: plan.maxRequestBytes,
      onBatch: () => ({ rejected: 0, message: '' }), // replaced by the LocalSource before anything can arrive
      onWarning: (m) => warnings.push(m),
    });
    await receiver.start();
    const source = new LocalSource(receiver, plan.budgetBytes ?? 512 * 1024 * 1024, plan.mask ?? {});
    const run = new LocalRun(receiver, source, planKey(plan), report);
    run.warnings = warnings;
    run.timer = setInterval(() => run.sendStatus(), STATUS_INTERVAL_MS);
    run.sendStatus();
    return run;
  }

  get running(): boolean { return this.receiver.running; }

  /** Same addresses and limits: the run goes on with the new budget and masking. */
  adopt(plan: LocalPlan): boolean {
    if (!this.running || planKey(plan) !== this.key) return false;
    if (plan.budgetBytes) this.source.store.setBudget(plan.budgetBytes);
    this.source.setMask(plan.mask ?? {});
    return true;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.source.stop();
    await this.receiver.stop();
    this.sendStatus();
  }

  status(): LocalStatus {
    const r = this.receiver;
    const c = r.counters;
    const shown: LiveDataset | undefined = this.source.last;
    const s: LocalStatus = {
      state: r.running ? 'running' : 'stopped',
      received: { requests: c.requests, spans: c.spans, logs: c.logs, datagrams: c.datagrams, rejectedRecords: c.rejectedRecords, refused: { ...c.refused }, lastError: c.lastError },
      kept: { traces: shown?.traces.length ?? 0, spans: shown?.spans.length ?? 0 },
      evicted: { ...this.source.store.evicted },
    };
    if (r.otlpAddress) s.otlp = formatEndpoint(r.otlpAddress);
    if (r.xrayAddress) s.xray = formatEndpoint(r.xrayAddress);
    if (this.warnings.length) s.warnings = this.warnings;
    return s;
  }

  /** Sends the status when it changed (the warnings go once, with the first). */
  sendStatus(force = false): void {
    const s = this.status();
    const text = JSON.stringify({ ...s, warnings: undefined });
    if (text === this.lastSent && !s.warnings && !force) return;
    this.lastSent = text;
    this.warnings = [];
    this.report(s);
  }
}

/** A start that failed, as the host shows it. */
export function failedStatus(e: unknown): LocalStatus {
  const err = e as { message?: string; code?: string; endpoint?: { host: string; port: number } };
  const status: LocalStatus = {
    state: 'failed',
    received: { requests: 0, spans: 0, logs: 0, datagrams: 0, rejectedRecords: 0, refused: {}, lastError: '' },
    kept: { traces: 0, spans: 0 },
    evicted: { traces: 0, invocations: 0, spans: 0, logs: 0 },
  };
  const message = err?.message ?? String(e);
  const ep = err?.endpoint;
  const code = err?.code === 'port-in-use' || err?.code === 'address' ? err.code : 'other';
  // The receiver's message names the protocol of the endpoint it could not bind.
  const which = /X-Ray daemon \(UDP\)/.test(message) ? 'xray' : 'otlp';
  status.error = { message, code, host: ep?.host ?? '', port: ep?.port ?? 0, which };
  return status;
}

function planKey(p: LocalPlan): string {
  return JSON.stringify([p.otlp, p.xray, p.maxRequestBytes ?? 0]);
}
