// The "Local" source: the receiver's batches go through the masking sink into a bounded live store, and snapshots
// of the store stream to whoever shows them, like Live Tail's (first at once, then at growing intervals so rebuilding
// never dominates). Plain Node, so it can run where the Dataset lives (the engine worker; the bench today).
import type { Dataset } from '../dataset';
import { LiveStore } from '../live/store';
import type { LiveDataset } from '../live/store';
import { createMasker, maskingSink } from '../mask';
import { formatEndpoint } from './address';
import { readBatch } from './batch';
import type { Sink } from '../readers/types';
import type { Receiver } from './receiver';

/** What the source says about itself (the side bar's source rows take this shape). */
export interface LiveSourceInfo { id: string; kind: 'local'; label: string; detail: string; fileCount: number }

/**
 * The share of the memory budget the live store's records get. The store's estimate counts the records (it measured
 * ~1.5x their heap size); the rest is for what snapshots add (traces and span nodes, ~300 bytes a span measured) and
 * for the garbage collector's headroom (V8 lets the heap grow well past the live data between full collections).
 */
export const STORE_SHARE = 0.5;

export class LocalSource {
  readonly label = 'Local runs (receiver)';
  readonly info: LiveSourceInfo[];
  readonly store: LiveStore;
  private show?: (d: Dataset) => void;
  private pending?: NodeJS.Timeout;
  private interval = 250;
  /** The earliest time (performance.now()) of the next snapshot: a batch after a quiet spell is shown at once. */
  private nextAt = 0;
  private shownVersion = -1;
  private stopped = false;
  private readonly ended: Promise<void>;
  private end!: () => void;
  last?: LiveDataset;
  private sink: Sink;

  constructor(readonly receiver: Receiver, budgetBytes: number, mask: Parameters<typeof createMasker>[0]) {
    this.store = new LiveStore(budgetBytes * STORE_SHARE);
    this.sink = this.maskedSink(mask);
    // The receiver calls this for every batch.
    receiver.opts.onBatch = (b) => { const r = readBatch(b, this.sink); this.schedule(); return r; };
    const where = [receiver.otlpAddress && `OTLP ${formatEndpoint(receiver.otlpAddress)}`, receiver.xrayAddress && `X-Ray UDP ${formatEndpoint(receiver.xrayAddress)}`].filter(Boolean).join(', ');
    this.info = [{ id: 'local-receiver', kind: 'local', label: 'Local runs', detail: where, fileCount: 0 }];
    this.ended = new Promise((r) => { this.end = r; });
  }

  /** New masking rules (a setting changed): records from now on; what is kept was masked when it arrived. */
  setMask(mask: Parameters<typeof createMasker>[0]): void {
    this.sink = this.maskedSink(mask);
  }

  get isStopped(): boolean { return this.stopped; }

  /**
   * Runs until the receiver is stopped or the load is aborted (replaced); shows snapshots as batches arrive. Resolves
   * with what is kept; an aborted load resolves with the last snapshot built, without building one (the load that
   * replaced it shows its own).
   */
  async load(signal: AbortSignal, show: (partial: Dataset) => void): Promise<Dataset> {
    this.show = show;
    this.shownVersion = -1;
    this.nextAt = 0;
    this.schedule();
    if (!this.stopped && !signal.aborted) await Promise.race([this.ended, new Promise((r) => signal.addEventListener('abort', r, { once: true }))]);
    if (this.show === show) this.show = undefined;
    if (signal.aborted && this.last) return this.last;
    return this.snapshot();
  }

  stop(): void {
    this.stopped = true;
    this.end();
  }

  private maskedSink(mask: Parameters<typeof createMasker>[0]): Sink {
    // Spans from local runs are marked, so the span details say where they came from.
    const store = this.store;
    const marked: Sink = { log: (e) => store.log(e), skip: (r, o, m) => store.skip(r, o, m),
      span: (s) => { s.attributes['explorer.source'] = 'local'; store.span(s); } };
    return maskingSink(marked, createMasker(mask));
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
      const end = performance.now();
      // At least 4x what the build cost, at most every 250 ms, up to 5 s: building stays a fraction of the time.
      this.interval = Math.min(5000, Math.max(250, (end - t) * 4));
      this.nextAt = end + this.interval;
    }, Math.max(0, this.nextAt - performance.now()));
  }
}
