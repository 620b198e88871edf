// Groups Lambda log lines into invocations by request id (and by log stream for lines without one). Works on the
// LogTable's columns: no object per line is made, the invocations keep rows.
import type { Invocation, InvocationStatus, LogEvent } from '../model';
import { LogTable, S_GROUP, S_REQUEST, S_STREAM, S_TRACE } from '../logs/logTable';
import { rowsChanged, rowsOf, tableOf, TableInvocation } from '../logs/logLists';

export interface InvocationIndex {
  invocations: Invocation[];
  byRequestId: Map<string, Invocation>;
  /** Rows of lines that belong to no invocation (init-phase lines, lines of other programs). */
  unattached: number[];
  table: LogTable;
}

const STATUS_RANK: Record<InvocationStatus, number> = { ok: 0, error: 1, crash: 2, timeout: 3 };

export function buildInvocations(logs: LogTable | LogEvent[]): InvocationIndex {
  const table = logs instanceof LogTable ? logs : tableOfLines(logs);
  table.trim();
  const byIndex: (TableInvocation | undefined)[] = [];
  const invocations: TableInvocation[] = [];
  const loose: number[] = [];
  for (let row = 0; row < table.count; row++) {
    const idx = table.stringIndexAt(row, S_REQUEST);
    if (idx < 0) { loose.push(row); continue; }
    let inv = byIndex[idx];
    if (!inv) {
      inv = byIndex[idx] = new TableInvocation(table, table.stringAt(idx)!, row);
      invocations.push(inv);
    }
    rowsOf(inv).push(row);
  }
  const byRequestId = new Map<string, Invocation>();
  for (const inv of invocations) { finish(inv); byRequestId.set(inv.requestId, inv); }
  const unattached = attachByStream(table, loose, invocations);
  invocations.sort((a, b) => a.startMs - b.startMs);
  return { invocations, byRequestId, unattached, table };
}

function tableOfLines(logs: LogEvent[]): LogTable {
  const t = new LogTable();
  for (const e of logs) t.append(e);
  return t;
}

/** Derives timing, metrics and status from the invocation's own lines. */
function finish(inv: TableInvocation): void {
  const table = tableOf(inv);
  const rows = rowsOf(inv);
  sortByTime(table, rows);
  rowsChanged(inv);
  let start: number | undefined;
  let end: number | undefined;
  let reportAt: number | undefined;
  let doneAt: number | undefined;
  let doneMs: number | undefined;
  let timed = false;
  const worst = { status: 'ok' as InvocationStatus };
  const raise = (s: InvocationStatus) => { if (STATUS_RANK[s] > STATUS_RANK[worst.status]) worst.status = s; };
  for (const row of rows) {
    if (!table.timeUnknownAt(row)) timed = true;
    if (inv.functionName === 'unknown') { const fn = table.stringColumnAt(row, 5); if (fn) inv.functionName = fn; }
    inv.logGroup ??= table.stringColumnAt(row, S_GROUP);
    inv.logStream ??= table.stringColumnAt(row, S_STREAM);
    const t = table.timeAt(row);
    const p = table.platformAt(row);
    if (p) {
      if (p.type === 'start') { start ??= t; if (p.version) inv.version = p.version; }
      else if (p.type === 'end') end = t;
      else if (p.type === 'report') {
        inv.reported = true;
        reportAt = t;
        inv.durationMs = p.durationMs ?? inv.durationMs;
        inv.billedDurationMs = p.billedDurationMs ?? inv.billedDurationMs;
        inv.memorySizeMb = p.memorySizeMb ?? inv.memorySizeMb;
        inv.maxMemoryUsedMb = p.maxMemoryUsedMb ?? inv.maxMemoryUsedMb;
      } else if (p.type === 'runtimeDone') {
        // The Telemetry API's record of the runtime's end: its metrics time the invocation when no report does.
        doneAt = t;
        doneMs = p.durationMs;
        if (p.phases) inv.phases = p.phases;
      }
      if (p.initDurationMs !== undefined) inv.initDurationMs = p.initDurationMs;
      if (p.restoreDurationMs !== undefined) inv.restoreDurationMs = p.restoreDurationMs;
      if (p.traceId) inv.traceId = p.traceId;
      if (p.segmentId) inv.segmentId = p.segmentId;
      if (p.sampled !== undefined) inv.sampled = p.sampled;
      if (p.status && p.status !== 'ok') raise(p.status);
      if (p.errorType) inv.errorType ??= p.errorType;
      if (p.invalid) (inv.warnings ??= []).push(...p.invalid);
    }
    const f = table.failureAt(row);
    if (f) {
      raise(f.kind);
      if (f.errorType && (!inv.errorType || f.kind !== 'error')) inv.errorType = f.errorType;
      if (f.errorMessage && (!inv.errorMessage || f.kind !== 'error')) inv.errorMessage = f.errorMessage;
    }
    if (!inv.traceId) { const tid = table.stringColumnAt(row, S_TRACE); if (tid) inv.traceId = tid; }
    // Powertools' cold_start flag: the reader keeps such a line's fields as an object.
    if (table.fieldsObjectAt(row)?.cold_start === true) inv.coldStart = true;
  }
  if (inv.durationMs === undefined && doneMs !== undefined) {
    inv.durationMs = doneMs;
    reportAt ??= doneAt;
  }
  const first = rows.length > 0 ? table.timeAt(rows[0]) : inv.startMs;
  const last = rows.length > 0 ? table.timeAt(rows[rows.length - 1]) : inv.endMs;
  if (!timed) inv.timeUnknown = true;
  else if (inv.timeUnknown) delete inv.timeUnknown;
  inv.startMs = start ?? (reportAt !== undefined && inv.durationMs !== undefined ? reportAt - inv.durationMs : first);
  inv.endMs = end ?? (inv.durationMs !== undefined ? inv.startMs + inv.durationMs : last);
  if (inv.endMs < inv.startMs) inv.endMs = inv.startMs;
  if (inv.initDurationMs !== undefined || inv.restoreDurationMs !== undefined) inv.coldStart = true;
  if (worst.status === 'timeout' && !inv.errorType) inv.errorType = 'Sandbox.Timedout';
  inv.status = worst.status;
}

/** Lambda runs one request at a time per log stream: a line without a request id belongs to the one running. */
function attachByStream(table: LogTable, loose: number[], invocations: TableInvocation[]): number[] {
  if (loose.length === 0) return loose;
  const byStream = new Map<string, TableInvocation[]>();
  for (const inv of invocations) {
    if (!inv.logStream) continue;
    const key = `${inv.logGroup ?? ''}|${inv.logStream}`;
    let list = byStream.get(key);
    if (!list) byStream.set(key, (list = []));
    list.push(inv);
  }
  for (const list of byStream.values()) list.sort((a, b) => a.startMs - b.startMs);
  const unattached: number[] = [];
  const grown = new Set<TableInvocation>();
  for (const row of loose) {
    const stream = table.stringColumnAt(row, S_STREAM);
    const list = stream ? byStream.get(`${table.stringColumnAt(row, S_GROUP) ?? ''}|${stream}`) : undefined;
    const inv = list && containing(list, table.timeAt(row));
    if (inv) {
      table.setRequestId(row, inv.requestId);
      rowsOf(inv).push(row);
      grown.add(inv);
    } else unattached.push(row);
  }
  // Status, error and timing are decided again now that all the invocation's lines are in (a Python
  // `[ERROR]` + traceback names no request id, yet fails the invocation it ran in).
  for (const inv of grown) finish(inv);
  return unattached;
}

function containing<T extends Invocation>(list: T[], t: number): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].startMs <= t) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (best < 0) return undefined;
  const inv = list[best];
  return t <= inv.endMs ? inv : undefined;
}

/** Lines mostly arrive in time order: checking is cheaper than sorting. */
function sortByTime(table: LogTable, rows: number[]): void {
  const byTime = (a: number, b: number) => table.timeAt(a) - table.timeAt(b) || table.lineAt(a) - table.lineAt(b);
  for (let i = 1; i < rows.length; i++) {
    if (byTime(rows[i - 1], rows[i]) > 0) {
      rows.sort(byTime);
      return;
    }
  }
}
