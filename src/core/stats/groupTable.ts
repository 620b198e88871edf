// Columnar per-group observations: one row per invocation (by function) or per span (by service/operation/edge).
import type { Invocation, SpanNode } from '../model';

export type GroupBy = 'function' | 'service' | 'operation' | 'edge';
export const GROUP_BYS: readonly GroupBy[] = ['function', 'service', 'operation', 'edge'];

export const FLAG_ERROR = 1;
export const FLAG_TIMEOUT = 2;
export const FLAG_COLD = 4;

/** What a row stands for, for drill-down (listing, opening a trace) and the slow-vs-fast comparison:
 * the invocation (by function) or the span node (by service/operation/edge). No wrapper object per row:
 * at a million rows every allocation shows up as garbage-collection time on a large heap. */
export type RowItem = Invocation | SpanNode;

export function isSpanNode(item: RowItem): item is SpanNode {
  return 'span' in item;
}

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
  /** The span node each invocation was joined to (function grouping). */
  nodeOf?: ReadonlyMap<Invocation, SpanNode>;
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

interface Columns {
  start: number[];
  dur: number[];
  flags: number[];
  init: number[];
  memUsed: number[];
  memSize: number[];
  items: RowItem[];
}

/** Collects rows per key in plain number arrays (unboxed doubles), then freezes each group into typed columns. */
export class GroupTableBuilder {
  private groups = new Map<string, Columns>();

  constructor(readonly by: GroupBy) {}

  add(key: string, row: Row): void {
    this.push(key, row.startMs, row.durationMs, row.flags, row.initMs ?? NaN, row.memUsedMb ?? NaN, row.memSizeMb ?? NaN, row.item);
  }

  /** Unknown values are NaN. Rows without a finite start or duration are dropped. */
  push(key: string, startMs: number, durationMs: number, flags: number, initMs: number, memUsedMb: number, memSizeMb: number, item: RowItem): void {
    if (!Number.isFinite(durationMs) || !Number.isFinite(startMs)) return;
    let c = this.groups.get(key);
    if (!c) this.groups.set(key, (c = { start: [], dur: [], flags: [], init: [], memUsed: [], memSize: [], items: [] }));
    c.start.push(startMs);
    c.dur.push(durationMs);
    c.flags.push(flags);
    c.init.push(initMs);
    c.memUsed.push(memUsedMb);
    c.memSize.push(memSizeMb);
    c.items.push(item);
  }

  build(nodeOf?: ReadonlyMap<Invocation, SpanNode>): Map<string, GroupTable> {
    const out = new Map<string, GroupTable>();
    for (const key of [...this.groups.keys()].sort()) {
      const c = this.groups.get(key)!;
      out.set(key, {
        key, by: this.by, length: c.items.length,
        startMs: Float64Array.from(c.start), durationMs: Float64Array.from(c.dur), flags: Uint8Array.from(c.flags),
        initMs: Float64Array.from(c.init), memUsedMb: Float64Array.from(c.memUsed), memSizeMb: Float64Array.from(c.memSize),
        items: c.items, nodeOf,
      });
    }
    this.groups.clear();
    return out;
  }
}
