// The per-file lens model, built ONCE per data load (and time range): file -> handler lenses from
// the shared per-function StatsIndex (so the numbers are `trace-explorer stats` numbers), and
// file -> line -> operation aggregates of the spans that point at that line. Asking for a file's
// lenses is then a map lookup.
import * as path from 'path';
import type { Dataset } from '../dataset';
import type { Invocation, SourceLocation, Span, SpanException } from '../model';
import { innermostFirst, isLibraryFrame } from '../readers/userFrames';
import { spanGroupOperation, spanGroupService } from '../query/datasetIndex';
import { FLAG_COLD, FLAG_ERROR, FLAG_TIMEOUT } from '../stats/groupTable';
import type { GroupStats } from '../stats/groupStats';
import { quantileSorted, sortedCopy, summarize } from '../stats/quantile';
import { StatsIndex } from '../stats/statsIndex';
import type { CodeMap, FunctionLocation } from './codeMap';
import type { CostModel } from '../cost/model';
import { formatUsd } from '../cost/format';
import { formatDuration, formatRate, plural } from '../../common/format';

export interface TimeRange {
  startMs: number;
  endMs: number;
}

export interface FunctionLensStats {
  invocations: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  coldStarts: number;
}

/** A handler's Lambda cost over the lens range (all the data, or the selected time range). */
export interface FunctionLensCost {
  totalUsd: number;
  per1MUsd: number;
  architecture: string;
  /** Nothing named the architecture: x86_64 by default. */
  assumed: boolean;
  /** Where the architecture came from (attribute, file, setting). */
  detail: string;
}

export interface HandlerLens {
  kind: 'handler';
  file: string;
  line: number;
  functionName: string;
  stats: FunctionLensStats;
  /** Present when the index was built with a cost model. */
  cost?: FunctionLensCost;
  title: string;
  tooltip: string;
  location: FunctionLocation;
}

export interface LineLens {
  kind: 'line';
  file: string;
  line: number;
  /** "DynamoDB PutItem", "auth.identity.example POST". */
  operation: string;
  calls: number;
  p95Ms: number;
  errors: number;
  title: string;
  tooltip: string;
}

export type LensSpec = HandlerLens | LineLens;

export interface ExceptionLine {
  file: string;
  line: number;
  count: number;
  latestMessage: string;
  latestMs: number;
}

/** One trace to offer in the Quick Pick. */
export interface TracePick {
  traceId: string;
  spanId?: string;
  durationMs: number;
  startMs: number;
  failed: boolean;
  label: string;
}

interface LineSlot {
  file: string;
  line: number;
  byService: Map<string, Map<string, LineGroup>>;
}

interface LineGroup {
  file: string;
  line: number;
  operation: string;
  spans: Span[];
}

const MAX_OPERATIONS_PER_LINE = 3;
/** X-Ray's Lambda lifecycle subsegments: the function's own time, located only by a stack frame. */
const LIFECYCLE = new Set(['Invocation', 'Initialization', 'Overhead', 'Restore']);

export class LensIndex {
  private readonly byFile = new Map<string, LensSpec[]>();
  private readonly lineGroups = new Map<string, LineGroup[]>();
  private readonly exceptions = new Map<string, ExceptionLine[]>();
  private readonly handlers = new Map<string, HandlerLens>();
  /** Time spent building (not counting yields of buildAsync). */
  buildMs = 0;

  /** Failures the logs report with a stack (a Python `[ERROR]` + traceback, Node's `Invoke Error`): marked like span exceptions. */
  private indexLogFailures(): void {
    for (const inv of this.dataset.invocations) {
      if (inv.status === 'ok' || !this.inRange(inv.startMs)) continue;
      for (const e of inv.logs) {
        const f = e.failure;
        if (!f || !e.frames || e.frames.length === 0) continue;
        const ex: SpanException = { type: f.errorType, message: f.errorMessage, frames: e.frames };
        this.indexExceptions(inv.traceId ?? inv.requestId, e.timestampMs, [ex], this.exceptionLines, this.seenExceptions);
      }
    }
  }

  private constructor(readonly dataset: Dataset, readonly code: CodeMap, readonly stats: StatsIndex, readonly range?: TimeRange, readonly cost?: CostModel) {}

  static build(ds: Dataset, code: CodeMap, opts: { range?: TimeRange; stats?: StatsIndex; cost?: CostModel } = {}): LensIndex {
    const t0 = performance.now();
    const index = new LensIndex(ds, code, opts.stats ?? StatsIndex.of(ds), opts.range, opts.cost);
    index.indexSpanRange(0, ds.spans.length);
    index.finish(t0);
    return index;
  }

  /** The same index, built in slices with a yield between them so the extension host keeps answering. */
  static async buildAsync(ds: Dataset, code: CodeMap, opts: { range?: TimeRange; stats?: StatsIndex; sliceSpans?: number; cost?: CostModel } = {}): Promise<LensIndex> {
    const yieldNow = () => new Promise<void>((r) => setImmediate(r));
    let busyMs = 0;
    let t = performance.now();
    const stats = opts.stats ?? StatsIndex.of(ds);
    busyMs += performance.now() - t;
    await yieldNow();
    const index = new LensIndex(ds, code, stats, opts.range, opts.cost);
    const slice = opts.sliceSpans ?? 50_000;
    for (let from = 0; from < ds.spans.length; from += slice) {
      t = performance.now();
      index.indexSpanRange(from, Math.min(ds.spans.length, from + slice));
      busyMs += performance.now() - t;
      await yieldNow();
    }
    t = performance.now();
    index.finish(t);
    index.buildMs += busyMs;
    return index;
  }

  private finish(t0: number): void {
    this.indexLogFailures();
    this.finishSpans();
    this.indexHandlers();
    for (const list of this.byFile.values()) list.sort((a, b) => a.line - b.line || (a.kind === 'handler' ? -1 : 1));
    this.buildMs = performance.now() - t0;
  }

  /** Lens specs of one file, sorted by line. */
  lensesFor(file: string): readonly LensSpec[] {
    return this.byFile.get(path.normalize(file)) ?? [];
  }

  exceptionsFor(file: string): readonly ExceptionLine[] {
    return this.exceptions.get(path.normalize(file)) ?? [];
  }

  handler(functionName: string): HandlerLens | undefined {
    return this.handlers.get(functionName);
  }

  get files(): string[] {
    return [...this.byFile.keys()];
  }

  /** The function whose handler is in `file` nearest above `line` (for "Show Traces for This Function"). */
  functionAt(file: string, line: number): HandlerLens | undefined {
    const hs = this.lensesFor(file).filter((l): l is HandlerLens => l.kind === 'handler');
    return hs.filter((h) => h.line <= line).pop() ?? hs[0];
  }

  /** The slowest and the latest failing invocations of a function, each with its trace. */
  tracesForFunction(functionName: string, limit = 10): { slowest: TracePick[]; failing: TracePick[] } {
    const g = this.stats.statsFor(functionName);
    if (!g) return { slowest: [], failing: [] };
    const t = g.table;
    const usable = (i: number) => {
      const inv = t.items[i] as Invocation;
      return !!inv.traceId && this.inRange(t.startMs[i]) && this.dataset.traceById.has(inv.traceId);
    };
    // Top `limit` by duration and by start (failing) without sorting or labelling every row.
    const slow = topIndices(t.length, limit, (i) => t.durationMs[i], usable);
    const failing = topIndices(t.length, limit, (i) => t.startMs[i], (i) => (t.flags[i] & FLAG_ERROR) !== 0 && usable(i));
    const pick = (i: number): TracePick => {
      const inv = t.items[i] as Invocation;
      const f = t.flags[i];
      const what = f & FLAG_TIMEOUT ? 'timeout' : f & FLAG_ERROR ? (inv.errorType ?? 'error') : f & FLAG_COLD ? 'cold start' : 'ok';
      return {
        traceId: inv.traceId!, spanId: t.nodeOf?.get(inv)?.span.spanId, durationMs: t.durationMs[i], startMs: t.startMs[i],
        failed: (f & FLAG_ERROR) !== 0, label: `${formatDuration(t.durationMs[i])} · ${what}`,
      };
    };
    return { slowest: slow.map(pick), failing: failing.map(pick) };
  }

  /** The slowest and latest failing calls made from one line (optionally one operation on it). */
  tracesForLine(file: string, line: number, operation?: string, limit = 10): { slowest: TracePick[]; failing: TracePick[] } {
    const groups = (this.lineGroups.get(lineKey(path.normalize(file), line)) ?? []).filter((g) => !operation || g.operation === operation);
    const picks: TracePick[] = [];
    for (const g of groups) {
      for (const s of g.spans) {
        const failed = spanFailed(s);
        picks.push({ traceId: s.traceId, spanId: s.spanId, durationMs: s.durationMs, startMs: s.startMs, failed, label: `${formatDuration(s.durationMs)} · ${g.operation}${failed ? ` · ${s.statusMessage ?? 'error'}` : ''}` });
      }
    }
    return pickSlowestAndFailing(picks, limit);
  }

  private inRange(ms: number): boolean {
    return !this.range || (ms >= this.range.startMs && ms < this.range.endMs);
  }

  private add(spec: LensSpec): void {
    const list = this.byFile.get(spec.file);
    if (list) list.push(spec);
    else this.byFile.set(spec.file, [spec]);
  }

  private indexHandlers(): void {
    for (const f of this.dataset.functions) {
      const loc = this.code.locateFunction(f.name, this.entrySources.get(f.name));
      if (!loc.ok) continue;
      const s = this.functionStats(f.name);
      if (!s || s.invocations === 0) continue;
      const file = path.normalize(loc.value.file);
      const cost = this.functionCost(f.name);
      const title = handlerTitle(s, cost);
      const lens: HandlerLens = {
        kind: 'handler', file, line: loc.value.line, functionName: f.name, stats: s, cost, title, location: loc.value,
        tooltip: `${f.name}${this.range ? ' (selected time range)' : ''}: ${plural(s.invocations, 'invocation')}, p50 ${formatDuration(s.p50Ms)}, p95 ${formatDuration(s.p95Ms)}, p99 ${formatDuration(s.p99Ms)}, ` +
          `${plural(s.errors, 'error')}, ${plural(s.timeouts, 'timeout')}, ${plural(s.coldStarts, 'cold start')}. Click for the slowest and failing traces.` +
          (cost ? `\n${costTooltip(cost, !!this.range)}` : ''),
      };
      this.handlers.set(f.name, lens);
      this.add(lens);
      if (loc.value.generated) this.add({ ...lens, file: path.normalize(loc.value.generated.file), line: loc.value.generated.line });
    }
  }

  /** The function's invocations in range, costed by the shared model (so per 1M = CostModel's on all the data). */
  private functionCost(name: string): FunctionLensCost | undefined {
    const model = this.cost;
    if (!model) return undefined;
    if (!this.costSums) {
      // One pass over the invocations for all handlers.
      this.costSums = new Map();
      for (const inv of this.dataset.invocations) {
        if (!this.inRange(inv.startMs)) continue;
        let c = this.costSums.get(inv.functionName);
        if (!c) this.costSums.set(inv.functionName, (c = { usd: 0, n: 0 }));
        c.usd += model.invocation(inv).totalUsd;
        c.n++;
      }
    }
    const sum = this.costSums.get(name);
    if (!sum) return undefined;
    const a = model.architectureOf(name);
    return { totalUsd: sum.usd, per1MUsd: (sum.usd / sum.n) * 1e6, architecture: a.architecture, assumed: a.source === 'default', detail: a.detail };
  }

  private costSums?: Map<string, { usd: number; n: number }>;

  /** Whole data: the StatsIndex numbers as they are. A time range: the same rows, filtered. */
  private functionStats(name: string): FunctionLensStats | undefined {
    const g: GroupStats | undefined = this.stats.statsFor(name);
    if (!g) return undefined;
    if (!this.range) {
      return { invocations: g.count, p50Ms: g.p50Ms, p95Ms: g.p95Ms, p99Ms: g.p99Ms, errors: g.errors, timeouts: g.timeouts, coldStarts: g.coldStarts };
    }
    const t = g.table;
    const durs: number[] = [];
    let errors = 0, timeouts = 0, cold = 0;
    for (let i = 0; i < t.length; i++) {
      if (!this.inRange(t.startMs[i])) continue;
      durs.push(t.durationMs[i]);
      if (t.flags[i] & FLAG_ERROR) errors++;
      if (t.flags[i] & FLAG_TIMEOUT) timeouts++;
      if (t.flags[i] & FLAG_COLD) cold++;
    }
    const d = summarize(durs);
    return { invocations: d.count, p50Ms: d.p50Ms, p95Ms: d.p95Ms, p99Ms: d.p99Ms, errors, timeouts, coldStarts: cold };
  }

  /** Entry span source per function: where the invocation spans say the handler is (a fallback). */
  private readonly entrySources = new Map<string, SourceLocation>();

  /** Per distinct recorded (file, line, column): where it lands and its groups by called service and operation. */
  private readonly slots = new Map<string, Map<number, Map<number, LineSlot | null>>>();
  private readonly seenExceptions = new Set<string>();
  private readonly exceptionLines = new Map<string, ExceptionLine>();

  private slotOf(src: SourceLocation): LineSlot | null {
    let byLine = this.slots.get(src.file);
    if (!byLine) this.slots.set(src.file, (byLine = new Map()));
    const line = src.line ?? 0;
    let byCol = byLine.get(line);
    if (!byCol) byLine.set(line, (byCol = new Map()));
    const col = src.column ?? 0;
    let slot = byCol.get(col);
    if (slot === undefined) {
      const loc = this.code.locateSource(src);
      slot = loc.ok ? this.sharedSlot(path.normalize(loc.value.file), loc.value.line) : null;
      byCol.set(col, slot);
    }
    return slot;
  }

  /** Several recorded locations (columns, the bundle and its source) can land on one line: one slot per line. */
  private readonly lineSlots = new Map<string, LineSlot>();
  private sharedSlot(file: string, line: number): LineSlot {
    const k = lineKey(file, line);
    let slot = this.lineSlots.get(k);
    if (!slot) this.lineSlots.set(k, (slot = { file, line, byService: new Map() }));
    return slot;
  }

  /** Spans [from, to): grouped by the line they point at, then by called service and operation (no strings built per span). */
  private indexSpanRange(from: number, to: number): void {
    const spans = this.dataset.spans;
    for (let i = from; i < to; i++) {
      const s = spans[i];
      if (!this.inRange(s.startMs)) continue;
      if (s.exceptions.length) this.indexExceptions(s.traceId, s.startMs, s.exceptions, this.exceptionLines, this.seenExceptions);
      const src = s.source;
      if (!src?.file) continue;
      // Function entry spans point at the handler: the handler lens covers them.
      if (s.functionName && (s.kind === 'server' || s.kind === 'consumer')) {
        if (!this.entrySources.has(s.functionName)) this.entrySources.set(s.functionName, src);
        continue;
      }
      if (s.attributes['explorer.duration_missing'] === true || (!s.remote && LIFECYCLE.has(s.name))) continue;
      const slot = this.slotOf(src);
      if (!slot) continue;
      const service = spanGroupService(s);
      const op = operationOf(s);
      let byOp = slot.byService.get(service);
      if (!byOp) slot.byService.set(service, (byOp = new Map()));
      let g = byOp.get(op);
      if (!g) byOp.set(op, (g = { file: slot.file, line: slot.line, operation: operationText(service, op, s.service), spans: [] }));
      g.spans.push(s);
    }
  }

  private finishSpans(): void {
    for (const slot of this.lineSlots.values()) {
      // The same operation text from two recorders (OTel and X-Ray) is one group.
      const merged = new Map<string, LineGroup>();
      for (const byOp of slot.byService.values()) {
        for (const g of byOp.values()) {
          const m = merged.get(g.operation);
          if (m) m.spans.push(...g.spans);
          else merged.set(g.operation, g);
        }
      }
      const list = [...merged.values()].sort((a, b) => b.spans.length - a.spans.length || a.operation.localeCompare(b.operation));
      this.lineGroups.set(lineKey(slot.file, slot.line), list);
      for (const g of list.slice(0, MAX_OPERATIONS_PER_LINE)) this.add(lineLens(g));
    }
    for (const e of this.exceptionLines.values()) {
      const list = this.exceptions.get(e.file);
      if (list) list.push(e);
      else this.exceptions.set(e.file, [e]);
    }
  }

  /** The innermost frame that is workspace code: the line that raised it. */
  private indexExceptions(traceId: string, startMs: number, exceptions: SpanException[], out: Map<string, ExceptionLine>, seen: Set<string>): void {
    for (const ex of exceptions) {
      const message = `${ex.type ?? 'Error'}${ex.message ? `: ${ex.message}` : ''}`;
      const once = `${traceId}\0${message}`;
      if (seen.has(once)) continue; // the same failure recorded on a span and on its parent
      for (const f of innermostFirst(ex.frames)) {
        if (!f.file || !f.line || isLibraryFrame(f)) continue;
        const loc = this.code.locateSource(f);
        if (!loc.ok) continue;
        seen.add(once);
        const file = path.normalize(loc.value.file);
        const k = lineKey(file, loc.value.line);
        const e = out.get(k);
        if (!e) out.set(k, { file, line: loc.value.line, count: 1, latestMessage: message, latestMs: startMs });
        else {
          e.count++;
          if (startMs >= e.latestMs) { e.latestMs = startMs; e.latestMessage = message; }
        }
        break;
      }
    }
  }
}

function lineKey(file: string, line: number): string {
  return `${file}\0${line}`;
}

/** "DynamoDB PutItem", "auth.identity.example POST": the called service and the operation. */
export function operationLabel(s: Span): string {
  return operationText(spanGroupService(s), operationOf(s), s.service);
}

function operationOf(s: Span): string {
  // OTel names HTTP client spans by method, X-Ray by host: the method attribute makes them one operation.
  const method = s.remote?.type === 'http' ? s.attributes['http.request.method'] ?? s.attributes['http.method'] : undefined;
  return typeof method === 'string' && method ? method : spanGroupOperation(s);
}

function operationText(service: string, op: string, recorder: string): string {
  return service === op || op === recorder ? service : `${service} ${op}`;
}

function spanFailed(s: Span): boolean {
  return s.status === 'error' || s.fault === true;
}

function lineLens(g: LineGroup): LineLens {
  const durs = sortedCopy(g.spans.map((s) => s.durationMs));
  let errors = 0;
  for (const s of g.spans) if (spanFailed(s)) errors++;
  const p95Ms = quantileSorted(durs, 0.95);
  const calls = g.spans.length;
  return {
    kind: 'line', file: g.file, line: g.line, operation: g.operation, calls, p95Ms, errors,
    title: `${g.operation} · ${plural(calls, 'call')} · p95 ${formatDuration(p95Ms)} · ${plural(errors, 'error')}`,
    tooltip: `${g.operation} from this line: ${plural(calls, 'call')}, p50 ${formatDuration(quantileSorted(durs, 0.5))}, p95 ${formatDuration(p95Ms)}, max ${formatDuration(durs[durs.length - 1])}, ${plural(errors, 'error')}. Click for the slowest and failing traces.`,
  };
}

export function handlerTitle(s: FunctionLensStats, cost?: FunctionLensCost): string {
  const parts = [
    plural(s.invocations, 'invocation'),
    `p50 ${formatDuration(s.p50Ms)}`,
    `p95 ${formatDuration(s.p95Ms)}`,
    `p99 ${formatDuration(s.p99Ms)}`,
    `${formatRate(s.errors, s.invocations)} errors`,
    plural(s.timeouts, 'timeout'),
    `${formatRate(s.coldStarts, s.invocations)} cold starts`,
  ];
  if (cost) parts.push(`${formatUsd(cost.per1MUsd)} per 1M`);
  return parts.join(' · ');
}

/** "Lambda cost: $0.0042 for all the data, $2.13 per 1M invocations, arm64 (span attribute host.arch=arm64). ..." */
export function costTooltip(c: FunctionLensCost, ranged: boolean): string {
  // The default's detail already says "assumed: ...".
  const arch = `${c.architecture} (${c.detail})`;
  return `Lambda cost: ${formatUsd(c.totalUsd)} for ${ranged ? 'the selected time range' : 'all the data'}, ${formatUsd(c.per1MUsd)} per 1M invocations, ${arch}. On-demand prices; see docs/cost.md.`;
}

/** Indices of the `k` rows with the largest `value` among those `ok` accepts, largest first. */
function topIndices(n: number, k: number, value: (i: number) => number, ok: (i: number) => boolean): number[] {
  const top: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (top.length === k && v <= value(top[k - 1])) continue;
    if (!ok(i)) continue;
    let j = top.length;
    while (j > 0 && value(top[j - 1]) < v) j--;
    top.splice(j, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

function pickSlowestAndFailing(picks: TracePick[], limit: number): { slowest: TracePick[]; failing: TracePick[] } {
  const slowest = [...picks].sort((a, b) => b.durationMs - a.durationMs).slice(0, limit);
  const failing = picks.filter((p) => p.failed).sort((a, b) => b.startMs - a.startMs).slice(0, limit);
  return { slowest, failing };
}
