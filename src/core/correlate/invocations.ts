// Groups Lambda log lines into invocations by request id (and by log stream for lines without one).
import type { Invocation, InvocationStatus, LogEvent } from '../model';

export interface InvocationIndex {
  invocations: Invocation[];
  byRequestId: Map<string, Invocation>;
  /** Lines that belong to no invocation (init-phase lines, lines of other programs). */
  unattached: LogEvent[];
}

const STATUS_RANK: Record<InvocationStatus, number> = { ok: 0, error: 1, crash: 2, timeout: 3 };

export function buildInvocations(logs: LogEvent[]): InvocationIndex {
  const byRequestId = new Map<string, Invocation>();
  const loose: LogEvent[] = [];
  for (const e of logs) {
    const id = e.requestId;
    if (!id) { loose.push(e); continue; }
    let inv = byRequestId.get(id);
    if (!inv) {
      inv = newInvocation(id, e);
      byRequestId.set(id, inv);
    }
    inv.logs.push(e);
  }
  const invocations = [...byRequestId.values()];
  for (const inv of invocations) finish(inv);
  const unattached = attachByStream(loose, invocations);
  invocations.sort((a, b) => a.startMs - b.startMs);
  return { invocations, byRequestId, unattached };
}

function newInvocation(requestId: string, e: LogEvent): Invocation {
  return {
    requestId,
    functionName: e.functionName ?? 'unknown',
    logGroup: e.logGroup,
    logStream: e.logStream,
    startMs: e.timestampMs,
    endMs: e.timestampMs,
    coldStart: false,
    status: 'ok',
    reported: false,
    logs: [],
  };
}

/** Derives timing, metrics and status from the invocation's own lines. */
function finish(inv: Invocation): void {
  sortByTime(inv.logs);
  let start: number | undefined;
  let end: number | undefined;
  let reportAt: number | undefined;
  let doneAt: number | undefined;
  let doneMs: number | undefined;
  let timed = false;
  const worst = { status: 'ok' as InvocationStatus };
  const raise = (s: InvocationStatus) => { if (STATUS_RANK[s] > STATUS_RANK[worst.status]) worst.status = s; };
  for (const e of inv.logs) {
    if (!e.timeUnknown) timed = true;
    if (inv.functionName === 'unknown' && e.functionName) inv.functionName = e.functionName;
    inv.logGroup ??= e.logGroup;
    inv.logStream ??= e.logStream;
    const p = e.platform;
    if (p) {
      if (p.type === 'start') { start ??= e.timestampMs; if (p.version) inv.version = p.version; }
      else if (p.type === 'end') end = e.timestampMs;
      else if (p.type === 'report') {
        inv.reported = true;
        reportAt = e.timestampMs;
        inv.durationMs = p.durationMs ?? inv.durationMs;
        inv.billedDurationMs = p.billedDurationMs ?? inv.billedDurationMs;
        inv.memorySizeMb = p.memorySizeMb ?? inv.memorySizeMb;
        inv.maxMemoryUsedMb = p.maxMemoryUsedMb ?? inv.maxMemoryUsedMb;
      } else if (p.type === 'runtimeDone') {
        // The Telemetry API's record of the runtime's end: its metrics time the invocation when no report does.
        doneAt = e.timestampMs;
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
    const f = e.failure;
    if (f) {
      raise(f.kind);
      if (f.errorType && (!inv.errorType || f.kind !== 'error')) inv.errorType = f.errorType;
      if (f.errorMessage && (!inv.errorMessage || f.kind !== 'error')) inv.errorMessage = f.errorMessage;
    }
    if (!inv.traceId && e.traceId) inv.traceId = e.traceId;
    // Powertools' cold_start flag: the reader keeps such a line's fields as an object.
    const fields = e.fields;
    if (typeof fields === 'object' && fields.cold_start === true) inv.coldStart = true;
  }
  if (inv.durationMs === undefined && doneMs !== undefined) {
    inv.durationMs = doneMs;
    reportAt ??= doneAt;
  }
  const first = inv.logs[0]?.timestampMs ?? inv.startMs;
  const last = inv.logs[inv.logs.length - 1]?.timestampMs ?? inv.endMs;
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
function attachByStream(loose: LogEvent[], invocations: Invocation[]): LogEvent[] {
  if (loose.length === 0) return loose;
  const byStream = new Map<string, Invocation[]>();
  for (const inv of invocations) {
    if (!inv.logStream) continue;
    const key = `${inv.logGroup ?? ''}|${inv.logStream}`;
    let list = byStream.get(key);
    if (!list) byStream.set(key, (list = []));
    list.push(inv);
  }
  for (const list of byStream.values()) list.sort((a, b) => a.startMs - b.startMs);
  const unattached: LogEvent[] = [];
  const grown = new Set<Invocation>();
  for (const e of loose) {
    const list = e.logStream ? byStream.get(`${e.logGroup ?? ''}|${e.logStream}`) : undefined;
    const inv = list && containing(list, e.timestampMs);
    if (inv) {
      e.requestId = inv.requestId;
      inv.logs.push(e);
      grown.add(inv);
    } else unattached.push(e);
  }
  // Status, error and timing are decided again now that all the invocation's lines are in (a Python
  // `[ERROR]` + traceback names no request id, yet fails the invocation it ran in).
  for (const inv of grown) finish(inv);
  return unattached;
}

function containing(list: Invocation[], t: number): Invocation | undefined {
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
function sortByTime(logs: LogEvent[]): void {
  for (let i = 1; i < logs.length; i++) {
    if (byTime(logs[i - 1], logs[i]) > 0) {
      logs.sort(byTime);
      return;
    }
  }
}

function byTime(a: LogEvent, b: LogEvent): number {
  return a.timestampMs - b.timestampMs || a.origin.line - b.origin.line;
}
