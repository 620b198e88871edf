// Collects what readers emit and turns it into the correlated, indexed Dataset.
import type { FileSummary, Invocation, LogEvent, Origin, Problem, Span, Trace } from '../model';
import type { SkipReason, Sink, WarningReason } from '../readers/types';
import { pairZipkinSpans } from '../readers/zipkin';
import { linkLambdaSegments } from '../readers/xray';
import { checkPlatform, checkSpan, flagSpan, inTimeRange } from './validate';
import type { Dataset, FunctionSummary, Summary } from '../dataset';
import { buildInvocations } from './invocations';
import { buildTrace, groupByTrace, TreeStats } from './traces';
import { joinInvocations } from './join';
import { addLogOnlyTraces } from './logTraces';
import { serviceNames } from '../services';
import { isSummaryOnly } from '../readers/exports/traceSummaries';
import { LogTable } from '../logs/logTable';

/** Problems kept with their message; all of them are counted in `skipped` regardless. */
export const MAX_PROBLEMS = 1000;

export class DatasetBuilder implements Sink {
  readonly files: FileSummary[] = [];
  readonly skipped: Record<string, number> = {};
  readonly problems: Problem[] = [];
  /** Records kept but flagged, by reason; the first of them with their message. */
  readonly warned: Record<string, number> = {};
  readonly warnings: Problem[] = [];
  /** The log lines, as columns: no object per line outlives the reader's call. */
  readonly logTable = new LogTable();
  private spans: Span[] = [];
  /** Zipkin (and Jaeger) spans wait for the whole load: their shared halves and fragments may come from other lines or files. */
  private zipkin: Span[] = [];
  /** trace id -> span id -> span: dedupes without building a key string per span, and groups for the trees. */
  private byTrace = new Map<string, Map<string, Span>>();
  /** Span records that repeated a span already read (same trace and span id) and were merged into it. */
  private duplicateSpans = 0;

  log(e: LogEvent): void {
    this.logTable.append(e);
    // 0: the line carried no time (plain text logs); only a time it does carry can be out of range.
    if (e.timestampMs !== 0 && !inTimeRange(e.timestampMs)) this.warn('out-of-range', e.origin, `timestamp ${e.timestampMs} ms is outside 2000-2100`);
    if (e.platform) for (const f of checkPlatform(e.platform)) this.warn(f.reason, e.origin, f.message);
  }

  /** The checks of `log()` for a line a parse worker's batch added as columns. */
  checkLogRow(row: number): void {
    const t = this.logTable.timeAt(row);
    if (t !== 0 && !inTimeRange(t)) this.warn('out-of-range', this.logTable.originAt(row), `timestamp ${t} ms is outside 2000-2100`);
    const p = this.logTable.platformAt(row);
    if (p) for (const f of checkPlatform(p)) this.warn(f.reason, this.logTable.originAt(row), f.message);
  }

  span(s: Span): void {
    if (s.format === 'zipkin' || s.format === 'jaeger') this.zipkin.push(s);
    else this.add(s);
  }

  private add(s: Span): void {
    let inTrace = this.byTrace.get(s.traceId);
    if (!inTrace) this.byTrace.set(s.traceId, (inTrace = new Map()));
    const first = inTrace.get(s.spanId);
    if (first) {
      if (conflicting(first, s)) return this.keepDuplicate(first, s, inTrace);
      // The same span twice: a Zipkin fragment, an in-progress X-Ray segment, or the same trace in two formats.
      this.duplicateSpans++;
      mergeSpan(first, s);
      return;
    }
    inTrace.set(s.spanId, s);
    this.spans.push(s);
  }

  /** Two different spans under one id: both kept (children stay under the first), the second renamed and flagged. */
  private keepDuplicate(first: Span, s: Span, inTrace: Map<string, Span>): void {
    const id = s.spanId;
    let n = 2;
    while (inTrace.has(`${id}~${n}`)) n++;
    s.spanId = `${id}~${n}`;
    s.attributes['explorer.original_span_id'] = id;
    const finding = { reason: 'duplicate-span' as const, message: `span id ${id} is also used by a different span (${first.origin.file}:${first.origin.line}); kept as ${s.spanId}` };
    flagSpan(s.attributes, [finding]);
    this.warn(finding.reason, s.origin, finding.message);
    inTrace.set(s.spanId, s);
    this.spans.push(s);
  }

  skip(reason: SkipReason, origin: Origin, message: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    if (this.problems.length < MAX_PROBLEMS) {
      const where = origin.path ? ` (${origin.path})` : '';
      this.problems.push({ file: origin.file, line: origin.line, reason, message: message + where });
    }
  }

  warn(reason: WarningReason, origin: Origin, message: string): void {
    this.warned[reason] = (this.warned[reason] ?? 0) + 1;
    if (this.warnings.length < MAX_PROBLEMS) {
      const where = origin.path ? ` (${origin.path})` : '';
      this.warnings.push({ file: origin.file, line: origin.line, reason, message: message + where });
    }
  }

  private dropSummariesOfReadTraces(): void {
    const dropped = new Set<Span>();
    for (const inTrace of this.byTrace.values()) {
      if (inTrace.size < 2) continue;
      const summary = summaryOf(inTrace);
      if (!summary) continue;
      inTrace.delete(summary.spanId);
      dropped.add(summary);
    }
    if (dropped.size > 0) this.spans = this.spans.filter((s) => !dropped.has(s));
  }

  get counts(): { logs: number; spans: number } {
    return { logs: this.logTable.count, spans: this.spans.length + this.zipkin.length };
  }

  build(): Dataset {
    this.prepare();
    return buildDataset(this.logTable, this.spans, this.files, this.skipped, this.problems, this.duplicateSpans, this.byTrace,
      this.warned, this.warnings);
  }

  /**
   * The spans' traces alone, with the same merging and checks as `build` (no logs, no joins): a live store builds a
   * trace again only when its spans changed (src/core/live/store.ts).
   */
  buildTraces(): { traces: Trace[]; spans: Span[]; duplicateSpans: number; stats: TreeStats } {
    this.prepare();
    const stats: TreeStats = { orphans: 0, skewed: 0, cycles: 0 };
    const traces: Trace[] = [];
    for (const [id, inTrace] of this.byTrace) traces.push(buildTrace(id, [...inTrace.values()], stats));
    return { traces, spans: this.spans, duplicateSpans: this.duplicateSpans, stats };
  }

  private prepare(): void {
    if (this.zipkin.length > 0) {
      const pending = this.zipkin;
      this.zipkin = [];
      for (const s of pairZipkinSpans(pending, (o, m) => this.skip('missing-field', o, m))) this.add(s);
    }
    // X-Ray segments of one invocation may come from separate records: link them across the whole load.
    const xray = this.spans.filter((s) => s.format === 'xray');
    if (xray.length > 0) linkLambdaSegments(xray);
    this.dropSummariesOfReadTraces();
    for (const s of this.spans) {
      const findings = checkSpan(s);
      if (findings.length === 0) continue;
      flagSpan(s.attributes, findings);
      for (const f of findings) this.warn(f.reason, s.origin, f.message);
    }
  }
}

/** Both timed, and they disagree on when they ran or under which parent: not one span seen twice. */
function conflicting(a: Span, b: Span): boolean {
  const timed = (x: Span) => x.startMs > 0 && x.durationMs > 0;
  if (!timed(a) || !timed(b)) return false;
  if (Math.abs(a.startMs - b.startMs) > 1 || Math.abs(a.durationMs - b.durationMs) > 1) return true;
  return a.parentSpanId !== undefined && b.parentSpanId !== undefined && a.parentSpanId !== b.parentSpanId;
}

const STATUS_RANK = { unset: 0, ok: 1, error: 2 } as const;

/** A `get-trace-summaries` row stands for its trace only until the trace's own segments are read. */
function summaryOf(inTrace: Map<string, Span>): Span | undefined {
  for (const s of inTrace.values()) if (isSummaryOnly(s)) return s;
  return undefined;
}

/** Completes the first record with what the repeat adds: timing when the first had none, missing attributes. */
export function mergeSpan(into: Span, from: Span): void {
  const timed = (x: Span) => x.startMs > 0 && x.durationMs > 0;
  if (!timed(into) && timed(from)) {
    into.startMs = from.startMs;
    into.durationMs = from.durationMs;
    into.kind = from.kind;
    into.name = from.name;
  }
  // The completed segment replaces its in-progress version.
  if (into.inProgress && !from.inProgress && from.durationMs > 0) {
    delete into.inProgress;
    into.startMs = from.startMs;
    into.durationMs = from.durationMs;
  }
  for (const [k, v] of Object.entries(from.attributes)) if (!(k in into.attributes)) into.attributes[k] = v;
  // error > ok > unset, whichever record came first: the result must not depend on the order files are read in.
  if (STATUS_RANK[from.status] > STATUS_RANK[into.status]) { into.status = from.status; into.statusMessage = from.statusMessage; }
  into.fault ||= from.fault;
  into.throttle ||= from.throttle;
  if (into.events.length === 0) into.events = from.events;
  if (into.exceptions.length === 0) into.exceptions = from.exceptions;
  into.parentSpanId ??= from.parentSpanId;
  into.source ??= from.source;
  into.remote ??= from.remote;
  into.requestId ??= from.requestId;
  into.functionName ??= from.functionName;
  into.httpStatus ??= from.httpStatus;
}

export function buildDataset(
  logs: LogTable | LogEvent[], spans: Span[], files: FileSummary[], skipped: Record<string, number>, problems: Problem[], duplicateSpans = 0,
  byTrace?: Map<string, Map<string, Span>>, warned: Record<string, number> = {}, warnings: Problem[] = [],
  /** Traces already built (a live store's unchanged ones); `byTrace` is then unused. */
  built?: { traceById: Map<string, Trace>; stats: TreeStats },
): Dataset {
  const inv = buildInvocations(logs);
  const stats: TreeStats = built?.stats ?? { orphans: 0, skewed: 0, cycles: 0 };
  const traceById = built?.traceById ?? new Map<string, Trace>();
  if (built) { /* given */ } else if (byTrace) for (const [id, inTrace] of byTrace) traceById.set(id, buildTrace(id, [...inTrace.values()], stats));
  else for (const [id, list] of groupByTrace(spans)) traceById.set(id, buildTrace(id, list, stats));
  // Nothing to join (spans only): the traces are left as built, so a live store may hand the same ones out again.
  const { joined, traceOfRequest } = inv.invocations.length === 0 && inv.unattached.length === 0
    ? { joined: 0, traceOfRequest: new Map<string, Trace>() } : joinInvocations(inv.invocations, traceById, inv.table, inv.unattached);
  // Joined invocations carry the id of a trace that exists: only the others can start a trace from logs.
  const fromLogs = addLogOnlyTraces(inv.invocations, traceById, stats);
  for (const t of fromLogs) for (const i of t.invocations) traceOfRequest.set(i.requestId, t);
  const traces = [...traceById.values()].sort((a, b) => a.startMs - b.startMs);
  for (const t of traces) for (const i of t.invocations) if (i.status !== 'ok' && !isErrorNode(t, i)) t.errorCount++;
  const functions = summarizeFunctions(inv.invocations);
  const logEventCount = inv.table.count;
  return {
    files,
    logEventCount,
    logs: inv.table,
    spans,
    traces,
    traceById,
    invocations: inv.invocations,
    invocationByRequestId: inv.byRequestId,
    functions,
    skipped,
    problems,
    warned,
    warnings,
    traceOf: (i: Invocation) => traceOfRequest.get(i.requestId),
    summary(): Summary {
      const failedInvocations = inv.invocations.filter((i) => i.status !== 'ok');
      const errorSpans = spans.filter((s) => s.status === 'error').length;
      const unreflected = failedInvocations.filter((i) => {
        const t = traceOfRequest.get(i.requestId);
        return !t || !isErrorNode(t, i);
      }).length;
      return {
        files: files.length,
        logEvents: logEventCount,
        spans: spans.length,
        traces: traces.length,
        invocations: inv.invocations.length,
        functions: functions.length,
        errors: errorSpans + unreflected,
        coldStarts: inv.invocations.filter((i) => i.coldStart).length,
        timeouts: inv.invocations.filter((i) => i.status === 'timeout').length,
        joinedInvocations: joined,
        skipped: { ...skipped },
        services: serviceNames(spans).length,
        spanRecords: spans.length + duplicateSpans,
        duplicateSpans,
        orphanSpans: stats.orphans,
        skewedSpans: stats.skewed,
        cycles: stats.cycles,
        tracesFromLogs: fromLogs.length,
        warnings: { ...warned },
        problems,
      };
    },
  };
}

/** True when the invocation's failure already shows as an error span in its trace. */
function isErrorNode(trace: Trace, inv: Invocation): boolean {
  return trace.nodes.some((n) => n.invocation === inv && n.span.status === 'error');
}

function summarizeFunctions(invocations: Invocation[]): FunctionSummary[] {
  const byName = new Map<string, FunctionSummary>();
  for (const i of invocations) {
    let f = byName.get(i.functionName);
    if (!f) byName.set(i.functionName, (f = { name: i.functionName, invocations: 0, errors: 0, timeouts: 0, crashes: 0, coldStarts: 0 }));
    f.invocations++;
    if (i.status !== 'ok') f.errors++;
    if (i.status === 'timeout') f.timeouts++;
    if (i.status === 'crash') f.crashes++;
    if (i.coldStart) f.coldStarts++;
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
