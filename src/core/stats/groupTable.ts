// Columnar per-group observations: one row per invocation (by function) or per span (by service/operation/edge).
import type { Invocation, SpanNode } from '../model';

export type GroupBy = 'function' | 'service' | 'operation' | 'edge';
export const GROUP_BYS: readonly GroupBy[] = ['function', 'service', 'operation', 'edge'];

export const FLAG_ERROR = 1;
export const FLAG_TIMEOUT = 2;
export const FLAG_COLD = 4;

/** What a row stands for, for drill-down (listing, opening a trace) and the slow-vs-fast comparison. */
export type RowItem =
  | { kind: 'invocation'; inv: Invocation; node?: SpanNode; traceId?: string }
  | { kind: 'span'; node: SpanNode; traceId: string; caller?: SpanNode };

export interface GroupTable {
  key: string;
  by: GroupBy;
  length: number;
  startMs: Float64Array;
  durationMs: Float64Array;
  /** FLAG_ERROR | FLAG_TIMEOUT | FLAG_COLD. */
  flags: Uint8Array;
  /** Init Duration of cold starts, NaN otherwise. */
  initMs: Float64Array;
  /** NaN when unknown (spans not joined to an invocation). */
  memUsedMb: Float64Array;
  memSizeMb: Float64Array;
  items: RowItem[];
}

export interface Row {
  startMs: number;
  durationMs: number;
  flags: number;
  initMs?: number;
  memUsedMb?: number;
  memSizeMb?: number;
  item: RowItem;
}

/** Collects rows per key in plain arrays, then freezes each group into typed columns. */
export class GroupTableBuilder {
  private rows = new Map<string, Row[]>();

  constructor(readonly by: GroupBy) {}

  add(key: string, row: Row): void {
    if (!Number.isFinite(row.durationMs) || !Number.isFinite(row.startMs)) return;
    let list = this.rows.get(key);
    if (!list) this.rows.set(key, (list = []));
    list.push(row);
  }

  build(): Map<string, GroupTable> {
    const out = new Map<string, GroupTable>();
    for (const key of [...this.rows.keys()].sort()) {
      const rows = this.rows.get(key)!;
      const n = rows.length;
      const t: GroupTable = {
        key, by: this.by, length: n,
        startMs: new Float64Array(n), durationMs: new Float64Array(n), flags: new Uint8Array(n),
        initMs: new Float64Array(n), memUsedMb: new Float64Array(n), memSizeMb: new Float64Array(n),
        items: new Array<RowItem>(n),
      };
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        t.startMs[i] = r.startMs;
        t.durationMs[i] = r.durationMs;
        t.flags[i] = r.flags;
        t.initMs[i] = r.initMs ?? NaN;
        t.memUsedMb[i] = r.memUsedMb ?? NaN;
        t.memSizeMb[i] = r.memSizeMb ?? NaN;
        t.items[i] = r.item;
      }
      out.set(key, t);
    }
    this.rows.clear();
    return out;
  }
}
