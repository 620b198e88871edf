// The side bar's rows (functions, recent and slowest traces) as plain data: what the engine answers to `tree`.
// Only type imports, so the side bar can use it at activation (after the switch) without loading the query engine.
import type { Dataset } from '../core/dataset';

/** How many recent and slowest traces the side bar lists. */
export const TREE_TOP = 20;

export interface FunctionRow { name: string; invocations: number; errors: number; timeouts: number; crashes: number; coldStarts: number }
export interface TraceRow { traceId: string; rootName: string; rootService: string; startMs: number; durationMs: number; errorCount: number; spanCount: number }
export interface TreeRows { functions: FunctionRow[]; recent: TraceRow[]; slowest: TraceRow[] }

export function treeRows(ds: Dataset | undefined): TreeRows {
  if (!ds) return { functions: [], recent: [], slowest: [] };
  return {
    functions: ds.functions.map((f) => ({ name: f.name, invocations: f.invocations, errors: f.errors, timeouts: f.timeouts, crashes: f.crashes, coldStarts: f.coldStarts })),
    recent: topTraces(ds.traces, (t) => t.startMs).map(traceRow),
    slowest: topTraces(ds.traces, (t) => t.durationMs).map(traceRow),
  };
}

type TraceLike = Dataset['traces'][number];

function traceRow(t: TraceLike): TraceRow {
  return { traceId: t.traceId, rootName: t.rootName, rootService: t.rootService, startMs: t.startMs, durationMs: t.durationMs, errorCount: t.errorCount, spanCount: t.nodes.length };
}

/** The `TREE_TOP` traces with the largest key, without sorting 100,000 traces (the side bar tree uses it too). */
export function topTraces<T>(traces: readonly T[], key: (t: T) => number): T[] {
  const best: T[] = [];
  for (const t of traces) {
    if (best.length === TREE_TOP && key(t) <= key(best[best.length - 1])) continue;
    let i = best.length;
    while (i > 0 && key(best[i - 1]) < key(t)) i--;
    best.splice(i, 0, t);
    if (best.length > TREE_TOP) best.pop();
  }
  return best;
}
