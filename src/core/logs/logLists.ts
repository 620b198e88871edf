// An invocation's and a span node's log lines as rows of the LogTable: `logs` is made from the rows when read (and
// kept only while someone holds it), so a loaded dataset keeps no object per line.
import type { Invocation, InvocationPhase, InvocationStatus, LogEvent, Span, SpanNode } from '../model';
import type { LogTable } from './logTable';

const TABLE = Symbol('logTable');
const ROWS = Symbol('logRows');
const CACHE = Symbol('logViews');
const OWN = Symbol('ownLogs');
const OWNER = Symbol('logOwner');

/** Views made from rows, dropped by the GC once nobody holds them. */
function cachedViews(holder: { [CACHE]?: WeakRef<LogEvent[]> }, table: LogTable, rows: number[]): LogEvent[] {
  let a = holder[CACHE]?.deref();
  if (!a) {
    a = table.views(rows);
    holder[CACHE] = new WeakRef(a);
  }
  return a;
}

/** An invocation whose lines are rows of a LogTable. */
export class TableInvocation implements Invocation {
  requestId: string;
  functionName: string;
  logGroup?: string;
  logStream?: string;
  declare version?: string;
  startMs: number;
  endMs: number;
  declare timeUnknown?: boolean;
  declare durationMs?: number;
  declare billedDurationMs?: number;
  declare memorySizeMb?: number;
  declare maxMemoryUsedMb?: number;
  declare initDurationMs?: number;
  declare restoreDurationMs?: number;
  coldStart: boolean;
  status: InvocationStatus;
  declare errorType?: string;
  declare errorMessage?: string;
  declare traceId?: string;
  declare segmentId?: string;
  declare sampled?: boolean;
  reported: boolean;
  declare warnings?: string[];
  declare phases?: InvocationPhase[];
  [TABLE]: LogTable;
  [ROWS]: number[];
  [CACHE]?: WeakRef<LogEvent[]>;
  [OWN]?: LogEvent[];

  constructor(table: LogTable, requestId: string, row: number) {
    this.requestId = requestId;
    this.functionName = table.stringColumnAt(row, 5) ?? 'unknown';
    this.logGroup = table.stringColumnAt(row, 3);
    this.logStream = table.stringColumnAt(row, 4);
    this.startMs = table.timeAt(row);
    this.endMs = this.startMs;
    this.coldStart = false;
    this.status = 'ok';
    this.reported = false;
    this[TABLE] = table;
    this[ROWS] = [];
  }

  get logs(): LogEvent[] {
    return this[OWN] ?? cachedViews(this, this[TABLE], this[ROWS]);
  }

  /** Assigning plain lines replaces the rows (tests, hand-made datasets). */
  set logs(v: LogEvent[]) {
    this[OWN] = v;
  }
}

export function rowsOf(inv: TableInvocation): number[] {
  return inv[ROWS];
}

export function tableOf(inv: TableInvocation): LogTable {
  return inv[TABLE];
}

/** The rows changed: views made before are stale. */
export function rowsChanged(inv: TableInvocation): void {
  inv[CACHE] = undefined;
}

/** A span placed in its tree; its lines are its invocation's, or rows naming its span, or a plain array. */
export class TreeNode implements SpanNode {
  span: Span;
  children: SpanNode[] = [];
  depth = 0;
  orphan = false;
  skewed = false;
  declare invocation?: Invocation;
  [OWN]?: LogEvent[];
  [OWNER]?: Invocation;
  [TABLE]?: LogTable;
  [ROWS]?: number[];
  [CACHE]?: WeakRef<LogEvent[]>;

  constructor(span: Span) {
    this.span = span;
  }

  get logs(): LogEvent[] {
    const own = this[OWN];
    if (own) return own;
    const owner = this[OWNER];
    if (owner) return owner.logs;
    const rows = this[ROWS];
    if (rows) return cachedViews(this, this[TABLE]!, rows);
    return (this[OWN] = []);
  }

  set logs(v: LogEvent[]) {
    this[OWN] = v;
    this[OWNER] = undefined;
    this[ROWS] = undefined;
  }
}

/** The node shows its invocation's lines (the same array `inv.logs` gives). */
export function shareLogs(node: SpanNode, inv: Invocation): void {
  if (node instanceof TreeNode) {
    node[OWNER] = inv;
    node[OWN] = undefined;
    node[ROWS] = undefined;
  } else node.logs = inv.logs;
}

/** True when the node's lines are the invocation's. */
export function sharesLogs(node: SpanNode, inv: Invocation): boolean {
  return node instanceof TreeNode && !node[OWN] ? node[OWNER] === inv : node.logs === inv.logs;
}

/** Adds a table row to the node's lines (to its invocation's when it shares them, as a shared array would). */
export function addLogRow(node: SpanNode, table: LogTable, row: number): void {
  if (node instanceof TreeNode && !node[OWN]) {
    const owner = node[OWNER];
    if (owner instanceof TableInvocation && !owner[OWN] && owner[TABLE] === table) {
      owner[ROWS].push(row);
      owner[CACHE] = undefined;
      return;
    }
    if (!owner) {
      node[TABLE] ??= table;
      if (node[TABLE] === table) {
        (node[ROWS] ??= []).push(row);
        node[CACHE] = undefined;
        return;
      }
    }
  }
  node.logs.push(table.view(row));
}

/** The format and origin of the invocation's first line, without making the others. */
export function firstLineOf(inv: Invocation): { format: LogEvent['format']; origin: LogEvent['origin'] } | undefined {
  if (inv instanceof TableInvocation && !inv[OWN]) {
    const rows = inv[ROWS];
    if (rows.length === 0) return undefined;
    return { format: inv[TABLE].formatAt(rows[0]), origin: inv[TABLE].originAt(rows[0]) };
  }
  return inv.logs[0];
}

/** How many lines the invocation has, without making them. */
export function logCount(inv: Invocation): number {
  return inv instanceof TableInvocation && !inv[OWN] ? inv[ROWS].length : inv.logs.length;
}

/** The time of the invocation's last line (undefined without lines), without making them. */
export function lastLogTime(inv: Invocation): number | undefined {
  if (inv instanceof TableInvocation && !inv[OWN]) {
    const rows = inv[ROWS];
    return rows.length ? inv[TABLE].timeAt(rows[rows.length - 1]) : undefined;
  }
  const logs = inv.logs;
  return logs.length ? logs[logs.length - 1].timestampMs : undefined;
}

/** True when some line's message passes `test`; decodes only messages, one at a time. */
export function someMessage(holder: Invocation | SpanNode, test: (message: string) => boolean): boolean {
  let table: LogTable | undefined;
  let rows: number[] | undefined;
  if (holder instanceof TableInvocation && !holder[OWN]) { table = holder[TABLE]; rows = holder[ROWS]; }
  else if (holder instanceof TreeNode && !holder[OWN]) {
    const owner = holder[OWNER];
    if (owner) return someMessage(owner, test);
    if (holder[ROWS]) { table = holder[TABLE]; rows = holder[ROWS]; } else return false;
  }
  if (table && rows) {
    for (const row of rows) if (test(table.messageAt(row))) return true;
    return false;
  }
  for (const e of holder.logs) if (test(e.message)) return true;
  return false;
}
