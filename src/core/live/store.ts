// A bounded store for live sources (the local receiver, Live Tail): records are kept grouped by trace and by
// invocation, with an estimate of the memory each group holds. Past the budget the groups that arrived first are
// evicted whole, and counted, so a receiver running for hours stays within its budget. A snapshot is a Dataset built
// from what is kept only: every view, statistic and lens built on it agrees with what is shown.
import type { Dataset } from '../dataset';
import type { FileSummary, LogEvent, Origin, Problem, Span, Trace } from '../model';
import type { SkipReason, Sink } from '../readers/types';
import { buildDataset, DatasetBuilder, MAX_PROBLEMS } from '../correlate/builder';
import type { TreeStats } from '../correlate/traces';

export interface Evicted {
  traces: number;
  invocations: number;
  spans: number;
  logs: number;
}

/** A Dataset from a live store: what was evicted to stay within the budget is counted here. */
export type LiveDataset = Dataset & { readonly evicted: Evicted };

export const DEFAULT_LIVE_BUDGET_BYTES = 512 * 1024 * 1024;

interface Group<T> { items: T[]; bytes: number }

/** A trace as last built from its group's spans; `stale` once a span arrived for it since. */
interface BuiltTrace { trace: Trace; spans: Span[]; duplicateSpans: number; stats: TreeStats; warned: Record<string, number>; warnings: Problem[] }
type TraceGroup = Group<Span> & { built?: BuiltTrace; stale?: boolean };

/** The last incremental snapshot's parts, which the next one copies and appends to when nothing was evicted. */
interface Shown { traceById: Map<string, Trace>; spans: Span[]; duplicateSpans: number; stats: TreeStats; warned: Record<string, number>; warnings: Problem[] }

/** Formats whose records are linked across traces or files when a load is built: no per-trace reuse with them. */
const CROSS_TRACE_FORMATS = new Set(['xray', 'zipkin', 'jaeger']);

export class LiveStore implements Sink {
  readonly files: FileSummary[] = [];
  private readonly traces = new Map<string, TraceGroup>();
  /** A span whose format links across traces was kept: snapshots are built whole (see snapshot()). */
  private crossTrace = false;
  /** Traces that got spans since the last snapshot, in arrival order. */
  private touched = new Set<string>();
  /** The last incremental snapshot, until something is evicted (then the next one is assembled from every group). */
  private shown?: Shown;
  /** Log lines by request id; lines without one by trace id, else by a bucket of arrival order. */
  private readonly invocations = new Map<string, Group<LogEvent>>();
  /** Arrival order of the groups (trace or invocation keys), oldest first; stale keys are skipped when evicting. */
  private readonly arrival: { kind: 't' | 'i'; key: string }[] = [];
  private arrivalHead = 0;
  private looseCount = 0;
  private skips: { reason: SkipReason; origin: Origin; message: string }[] = [];
  private skipCounts: Record<string, number> = {};
  private bytesHeld = 0;
  readonly evicted: Evicted = { traces: 0, invocations: 0, spans: 0, logs: 0 };
  /** Bumped on every change: a snapshot is rebuilt only when something changed. */
  version = 0;

  constructor(public budgetBytes = DEFAULT_LIVE_BUDGET_BYTES) {}

  get bytes(): number { return this.bytesHeld; }
  get traceCount(): number { return this.traces.size; }
  get counts(): { spans: number; logs: number } {
    let spans = 0;
    let logs = 0;
    for (const g of this.traces.values()) spans += g.items.length;
    for (const g of this.invocations.values()) logs += g.items.length;
    return { spans, logs };
  }

  span(s: Span): void {
    let g = this.traces.get(s.traceId);
    if (!g) {
      this.traces.set(s.traceId, (g = { items: [], bytes: 0 }));
      this.arrival.push({ kind: 't', key: s.traceId });
    }
    const b = spanBytes(s);
    g.items.push(s);
    g.bytes += b;
    g.stale = true;
    this.touched.add(s.traceId);
    if (CROSS_TRACE_FORMATS.has(s.format)) this.crossTrace = true;
    this.grow(b);
  }

  log(e: LogEvent): void {
    const key = e.requestId ? `r:${e.requestId}` : e.traceId ? `t:${e.traceId}` : `l:${Math.floor(this.looseCount++ / 1000)}`;
    let g = this.invocations.get(key);
    if (!g) {
      this.invocations.set(key, (g = { items: [], bytes: 0 }));
      this.arrival.push({ kind: 'i', key });
    }
    const b = logBytes(e);
    g.items.push(e);
    g.bytes += b;
    this.grow(b);
  }

  /** Skips are replayed into each snapshot's builder (its problem list is capped there); the count is kept here. */
  skip(reason: SkipReason, origin: Origin, message: string): void {
    this.skipCounts[reason] = (this.skipCounts[reason] ?? 0) + 1;
    if (this.skips.length < 1000) this.skips.push({ reason, origin, message });
    this.version++;
  }

  /** Changes the budget (a setting); evicts at once when the new one is smaller. */
  setBudget(bytes: number): void {
    this.budgetBytes = bytes;
    this.evict();
  }

  private grow(b: number): void {
    this.bytesHeld += b;
    this.version++;
    if (this.bytesHeld > this.budgetBytes) this.evict();
  }

  /** Evicts the oldest groups until 90% of the budget is used (a margin, so eviction is not paid per record). */
  private evict(): void {
    const target = this.budgetBytes * 0.9;
    while (this.bytesHeld > target && this.arrivalHead < this.arrival.length) {
      const { kind, key } = this.arrival[this.arrivalHead++];
      if (kind === 't') {
        const g = this.traces.get(key);
        if (!g) continue;
        this.traces.delete(key);
        this.shown = undefined; // the next snapshot is assembled again from what is kept
        this.bytesHeld -= g.bytes;
        this.evicted.traces++;
        this.evicted.spans += g.items.length;
      } else {
        const g = this.invocations.get(key);
        if (!g) continue;
        this.invocations.delete(key);
        this.bytesHeld -= g.bytes;
        if (key.startsWith('r:')) this.evicted.invocations++;
        this.evicted.logs += g.items.length;
      }
    }
    // Compact the arrival list once its evicted head is most of it.
    if (this.arrivalHead > 4096 && this.arrivalHead > this.arrival.length / 2) {
      this.arrival.splice(0, this.arrivalHead);
      this.arrivalHead = 0;
    }
  }

  /**
   * The kept records, correlated: invocations, traces, joins, statistics, all from what is kept. With spans only (no
   * log lines to join, no format linked across traces) only the traces that got spans since the last snapshot are
   * built again, the others are handed out as they were (nothing mutates a trace without a join); otherwise the
   * whole store goes through one builder, like a load.
   */
  snapshot(): LiveDataset {
    const ds = this.invocations.size === 0 && !this.crossTrace ? this.incremental() : this.whole();
    return Object.assign(ds, { evicted: { ...this.evicted } });
  }

  private whole(): Dataset {
    // A join may change the traces: none is reused after this.
    for (const g of this.traces.values()) { g.built = undefined; g.stale = true; }
    this.shown = undefined;
    this.touched.clear();
    const b = new DatasetBuilder();
    b.files.push(...this.files);
    for (const g of this.invocations.values()) for (const e of g.items) b.log(e);
    for (const g of this.traces.values()) for (const s of g.items) b.span(s);
    this.replaySkips(b);
    return b.build();
  }

  private incremental(): Dataset {
    const shown = this.shown ? this.appendTouched(this.shown) : this.assembleAll();
    this.shown = shown;
    this.touched.clear();
    const b = new DatasetBuilder();
    this.replaySkips(b);
    return buildDataset([], shown.spans, [...this.files], b.skipped, b.problems, shown.duplicateSpans, undefined, { ...shown.warned }, shown.warnings,
      { traceById: shown.traceById, stats: { ...shown.stats } });
  }

  /** Every kept trace (built again where stale), in arrival order. */
  private assembleAll(): Shown {
    const sh: Shown = { traceById: new Map(), spans: [], duplicateSpans: 0, stats: { orphans: 0, skewed: 0, cycles: 0 }, warned: {}, warnings: [] };
    for (const [id, g] of this.traces) {
      const t = this.built(g);
      sh.traceById.set(id, t.trace);
      for (const s of t.spans) sh.spans.push(s);
      add(sh, t, 1, true);
    }
    return sh;
  }

  /**
   * Nothing evicted since `prev`: a copy of it (copies are fast; what was handed out is never changed) with the traces
   * that got spans built again and their new spans appended (a rebuilt trace keeps its span objects: merges go into
   * the first record, so spans only ever come in).
   */
  private appendTouched(prev: Shown): Shown {
    const sh: Shown = { traceById: new Map(prev.traceById), spans: prev.spans.slice(), duplicateSpans: prev.duplicateSpans, stats: { ...prev.stats },
      warned: { ...prev.warned }, warnings: prev.warnings.slice() };
    for (const id of this.touched) {
      const g = this.traces.get(id);
      if (!g) continue;
      const old = g.built;
      const t = this.built(g);
      if (old === t) continue;
      sh.traceById.set(id, t.trace);
      if (old) {
        add(sh, old, -1, false);
        const had = new Set(old.spans);
        for (const s of t.spans) if (!had.has(s)) sh.spans.push(s);
      } else for (const s of t.spans) sh.spans.push(s);
      add(sh, t, 1, !old); // a rebuilt trace says its warnings again: listed once, counted once
    }
    return sh;
  }

  private built(g: TraceGroup): BuiltTrace {
    if (!g.built || g.stale) { g.built = buildOne(g.items); g.stale = false; }
    return g.built;
  }

  /** Skips are replayed into each snapshot's builder (its problem list is capped there); the counts are kept here. */
  private replaySkips(b: DatasetBuilder): void {
    for (const s of this.skips) b.skip(s.reason, s.origin, s.message);
    // Skips past the replayed ones are still counted.
    for (const [r, n] of Object.entries(this.skipCounts)) b.skipped[r] = n;
  }
}

/** Adds (sign 1) or takes away (-1) one built trace's counts; lists its warnings when `list`. */
function add(sh: Shown, t: BuiltTrace, sign: 1 | -1, list: boolean): void {
  sh.duplicateSpans += sign * t.duplicateSpans;
  sh.stats.orphans += sign * t.stats.orphans;
  sh.stats.skewed += sign * t.stats.skewed;
  sh.stats.cycles += sign * t.stats.cycles;
  for (const [r, n] of Object.entries(t.warned)) sh.warned[r] = (sh.warned[r] ?? 0) + sign * n;
  if (list) for (const w of t.warnings) if (sh.warnings.length < MAX_PROBLEMS) sh.warnings.push(w);
}

/** One trace's spans through a builder of their own: the same merging and checks as a load. */
function buildOne(items: Span[]): BuiltTrace {
  const b = new DatasetBuilder();
  for (const s of items) b.span(s);
  const { traces, spans, duplicateSpans, stats } = b.buildTraces();
  return { trace: traces[0], spans, duplicateSpans, stats, warned: b.warned, warnings: b.warnings };
}

// Rough heap sizes (V8, 64-bit): an object header and its slots, strings at 2 bytes a character (worst case).
const SPAN_BASE = 700;
const PER_ATTRIBUTE = 120;
const LOG_BASE = 260;

function spanBytes(s: Span): number {
  let n = SPAN_BASE + s.name.length * 2;
  for (const k in s.attributes) {
    const v = s.attributes[k];
    n += PER_ATTRIBUTE + k.length + (typeof v === 'string' ? v.length * 2 : 0);
  }
  for (const e of s.events) n += 200 + Object.keys(e.attributes).length * PER_ATTRIBUTE;
  n += s.links.length * 150;
  for (const x of s.exceptions) n += 300 + (x.stack?.length ?? 0) * 2;
  return n;
}

function logBytes(e: LogEvent): number {
  const fields = typeof e.fields === 'string' ? e.fields.length * 2 : e.fields ? Object.keys(e.fields).length * PER_ATTRIBUTE : 0;
  return LOG_BASE + e.message.length * 2 + fields + (e.frames?.length ?? 0) * 150;
}
