// The per-file lens model, built ONCE per data load (and time range): file -> handler lenses from
// the shared per-function StatsIndex (so the numbers are `trace-explorer stats` numbers), and
// file -> line -> operation aggregates of the spans that point at that line. Asking for a file's
// lenses is then a map lookup.
import * as path from 'path';
import type { Dataset } from '../dataset';
import type { SourceLocation, Span } from '../model';
import { spanGroupOperation, spanGroupService } from '../query/datasetIndex';
import { FLAG_COLD, FLAG_ERROR, FLAG_TIMEOUT } from '../stats/groupTable';
import type { GroupStats } from '../stats/groupStats';
import { quantileSorted, sortedCopy, summarize } from '../stats/quantile';
import { StatsIndex } from '../stats/statsIndex';
import type { CodeMap, FunctionLocation } from './codeMap';
import { formatMs, formatRate, plural } from './lensFormat';

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

export interface HandlerLens {
  kind: 'handler';
  file: string;
  line: number;
  functionName: string;
  stats: FunctionLensStats;
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
  readonly buildMs: number;

  private constructor(readonly dataset: Dataset, readonly code: CodeMap, readonly stats: StatsIndex, readonly range?: TimeRange) {
    const t0 = performance.now();
    this.indexSpans();
    this.indexHandlers();
    for (const list of this.byFile.values()) list.sort((a, b) => a.line - b.line || (a.kind === 'handler' ? -1 : 1));
    this.buildMs = performance.now() - t0;
  }

  static build(ds: Dataset, code: CodeMap, opts: { range?: TimeRange; stats?: StatsIndex } = {}): LensIndex {
    return new LensIndex(ds, code, opts.stats ?? StatsIndex.of(ds), opts.range);
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
    const picks: TracePick[] = [];
    for (let i = 0; i < t.length; i++) {
      const item = t.items[i];
      if (item.kind !== 'invocation' || !item.traceId || !this.dataset.traceById.has(item.traceId) || !this.inRange(t.startMs[i])) continue;
      const failed = (t.flags[i] & FLAG_ERROR) !== 0;
      const timeout = (t.flags[i] & FLAG_TIMEOUT) !== 0;
      const what = timeout ? 'timeout' : failed ? (item.inv.errorType ?? 'error') : (t.flags[i] & FLAG_COLD) ? 'cold start' : 'ok';
      picks.push({
        traceId: item.traceId, spanId: item.node?.span.spanId, durationMs: t.durationMs[i], startMs: t.startMs[i], failed,
        label: `${formatMs(t.durationMs[i])} · ${what}`,
      });
    }
    return pickSlowestAndFailing(picks, limit);
  }

  /** The slowest and latest failing calls made from one line (optionally one operation on it). */
  tracesForLine(file: string, line: number, operation?: string, limit = 10): { slowest: TracePick[]; failing: TracePick[] } {
    const groups = (this.lineGroups.get(lineKey(path.normalize(file), line)) ?? []).filter((g) => !operation || g.operation === operation);
    const picks: TracePick[] = [];
    for (const g of groups) {
      for (const s of g.spans) {
        const failed = spanFailed(s);
        picks.push({ traceId: s.traceId, spanId: s.spanId, durationMs: s.durationMs, startMs: s.startMs, failed, label: `${formatMs(s.durationMs)} · ${g.operation}${failed ? ` · ${s.statusMessage ?? 'error'}` : ''}` });
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
      const title = handlerTitle(s);
      const lens: HandlerLens = {
        kind: 'handler', file, line: loc.value.line, functionName: f.name, stats: s, title, location: loc.value,
        tooltip: `${f.name}${this.range ? ' (selected time range)' : ''}: ${plural(s.invocations, 'invocation')}, p50 ${formatMs(s.p50Ms)}, p95 ${formatMs(s.p95Ms)}, p99 ${formatMs(s.p99Ms)}, ` +
          `${plural(s.errors, 'error')}, ${plural(s.timeouts, 'timeout')}, ${plural(s.coldStarts, 'cold start')}. Click for the slowest and failing traces.`,
      };
      this.handlers.set(f.name, lens);
      this.add(lens);
      if (loc.value.generated) this.add({ ...lens, file: path.normalize(loc.value.generated.file), line: loc.value.generated.line });
    }
  }

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

  private indexSpans(): void {
    const groups = new Map<string, LineGroup>();
    const seenExceptions = new Set<string>();
    const exc = new Map<string, ExceptionLine>();
    for (const s of this.dataset.spans) {
      if (!this.inRange(s.startMs)) continue;
      if (s.exceptions.length) this.indexExceptions(s, exc, seenExceptions);
      const src = s.source;
      if (!src?.file) continue;
      // Function entry spans point at the handler: the handler lens covers them.
      if (s.functionName && (s.kind === 'server' || s.kind === 'consumer')) {
        if (!this.entrySources.has(s.functionName)) this.entrySources.set(s.functionName, src);
        continue;
      }
      if (s.attributes['explorer.duration_missing'] === true || (!s.remote && LIFECYCLE.has(s.name))) continue;
      const loc = this.code.locateSource(src);
      if (!loc.ok) continue;
      const file = path.normalize(loc.value.file);
      const operation = operationLabel(s);
      const key = `${lineKey(file, loc.value.line)}\0${operation}`;
      let g = groups.get(key);
      if (!g) {
        groups.set(key, (g = { file, line: loc.value.line, operation, spans: [] }));
        const lk = lineKey(file, g.line);
        const list = this.lineGroups.get(lk);
        if (list) list.push(g);
        else this.lineGroups.set(lk, [g]);
      }
      g.spans.push(s);
    }
    for (const list of this.lineGroups.values()) {
      list.sort((a, b) => b.spans.length - a.spans.length || a.operation.localeCompare(b.operation));
      for (const g of list.slice(0, MAX_OPERATIONS_PER_LINE)) this.add(lineLens(g));
    }
    for (const e of exc.values()) {
      const list = this.exceptions.get(e.file);
      if (list) list.push(e);
      else this.exceptions.set(e.file, [e]);
    }
  }

  /** The innermost frame that is workspace code: the line that raised it. */
  private indexExceptions(s: Span, out: Map<string, ExceptionLine>, seen: Set<string>): void {
    for (const ex of s.exceptions) {
      const message = `${ex.type ?? 'Error'}${ex.message ? `: ${ex.message}` : ''}`;
      const once = `${s.traceId}\0${message}`;
      if (seen.has(once)) continue; // the same failure recorded on a span and on its parent
      for (const f of ex.frames) {
        if (!f.file || !f.line) continue;
        const loc = this.code.locateSource(f);
        if (!loc.ok) continue;
        seen.add(once);
        const file = path.normalize(loc.value.file);
        const k = lineKey(file, loc.value.line);
        const e = out.get(k);
        if (!e) out.set(k, { file, line: loc.value.line, count: 1, latestMessage: message, latestMs: s.startMs });
        else {
          e.count++;
          if (s.startMs >= e.latestMs) { e.latestMs = s.startMs; e.latestMessage = message; }
        }
        break;
      }
    }
  }
}

function lineKey(file: string, line: number): string {
  return `${file}\0${line}`;
}

export function operationLabel(s: Span): string {
  const service = spanGroupService(s);
  // OTel names HTTP client spans by method, X-Ray by host: the method attribute makes them one operation.
  const method = s.remote?.type === 'http' ? s.attributes['http.request.method'] ?? s.attributes['http.method'] : undefined;
  const op = typeof method === 'string' && method ? method : spanGroupOperation(s);
  return service === op || op === s.service ? service : `${service} ${op}`;
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
    title: `${g.operation} · ${plural(calls, 'call')} · p95 ${formatMs(p95Ms)} · ${plural(errors, 'error')}`,
    tooltip: `${g.operation} from this line: ${plural(calls, 'call')}, p50 ${formatMs(quantileSorted(durs, 0.5))}, p95 ${formatMs(p95Ms)}, max ${formatMs(durs[durs.length - 1])}, ${plural(errors, 'error')}. Click for the slowest and failing traces.`,
  };
}

export function handlerTitle(s: FunctionLensStats): string {
  return [
    plural(s.invocations, 'invocation'),
    `p50 ${formatMs(s.p50Ms)}`,
    `p95 ${formatMs(s.p95Ms)}`,
    `p99 ${formatMs(s.p99Ms)}`,
    `${formatRate(s.errors, s.invocations)} errors`,
    plural(s.timeouts, 'timeout'),
    `${formatRate(s.coldStarts, s.invocations)} cold starts`,
  ].join(' · ');
}

function pickSlowestAndFailing(picks: TracePick[], limit: number): { slowest: TracePick[]; failing: TracePick[] } {
  const slowest = [...picks].sort((a, b) => b.durationMs - a.durationMs).slice(0, limit);
  const failing = picks.filter((p) => p.failed).sort((a, b) => b.startMs - a.startMs).slice(0, limit);
  return { slowest, failing };
}
