// The "Local" source: the receiver's batches go through the masking sink into a bounded live store, and snapshots
// of the store stream to whoever shows them, like Live Tail's (first at once, then at growing intervals so rebuilding
// never dominates). Plain Node, so it can run where the Dataset lives (the engine worker; the bench today).
import type { Dataset } from '../dataset';
import { LiveStore } from '../live/store';
import type { LiveDataset } from '../live/store';
import { createMasker, maskingSink } from '../mask';
import { formatEndpoint } from './address';
import { readBatch } from './batch';
import type { Receiver } from './receiver';

/** What the source says about itself (the side bar's source rows take this shape). */
export interface LiveSourceInfo { id: string; kind: 'local'; label: string; detail: string; fileCount: number }

export class LocalSource {
  readonly label = 'Local runs (receiver)';
  readonly info: LiveSourceInfo[];
  readonly store: LiveStore;
  private show?: (d: Dataset) => void;
  private pending?: NodeJS.Timeout;
  private interval = 250;
  private shownVersion = -1;
  private stopped = false;
  private readonly ended: Promise<void>;
  private end!: () => void;
  last?: LiveDataset;

  constructor(readonly receiver: Receiver, budgetBytes: number, mask: Parameters<typeof createMasker>[0]) {
    this.store = new LiveStore(budgetBytes);
    // Spans from local runs are marked, so the span details say where they came from.
    const store = this.store;
    const marked = { log: (e: Parameters<LiveStore['log']>[0]) => store.log(e), skip: store.skip.bind(store),
      span: (s: Parameters<LiveStore['span']>[0]) => { s.attributes['explorer.source'] = 'local'; store.span(s); } };
    const sink = maskingSink(marked, createMasker(mask));
    // The receiver calls this for every batch.
    receiver.opts.onBatch = (b) => { const r = readBatch(b, sink); this.schedule(); return r; };
    const where = [receiver.otlpAddress && `OTLP ${formatEndpoint(receiver.otlpAddress)}`, receiver.xrayAddress && `X-Ray UDP ${formatEndpoint(receiver.xrayAddress)}`].filter(Boolean).join(', ');
    this.info = [{ id: 'local-receiver', kind: 'local', label: 'Local runs', detail: where, fileCount: 0 }];
    this.ended = new Promise((r) => { this.end = r; });
  }

  /** Runs until the receiver is stopped or the load is replaced; shows snapshots as batches arrive. */
  async load(signal: AbortSignal, show: (partial: Dataset) => void): Promise<Dataset> {
    this.show = show;
    this.shownVersion = -1;
    this.schedule();
    if (!this.stopped) await Promise.race([this.ended, new Promise((r) => signal.addEventListener('abort', r, { once: true }))]);
    if (this.show === show) this.show = undefined;
    return this.snapshot();
  }

  stop(): void {
    this.stopped = true;
    this.end();
  }

  snapshot(): LiveDataset {
    this.last = this.store.snapshot();
    this.shownVersion = this.store.version;
    return this.last;
  }

  private schedule(): void {
    if (this.pending || !this.show) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (!this.show || this.store.version === this.shownVersion) return;
      const t = performance.now();
      this.show(this.snapshot());
      // At least 4x what the build cost, at most every 250 ms, up to 5 s: rebuild work stays a fraction of the time.
      this.interval = Math.min(5000, Math.max(250, (performance.now() - t) * 4));
    }, this.interval);
  }
}
