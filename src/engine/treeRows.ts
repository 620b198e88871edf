// The side bar's rows (functions, recent and slowest traces) as plain data: what the engine answers to `tree`.
// Imports only types and the small core/top, so the side bar can use it at activation (after the switch) without loading the query engine.
import type { Dataset } from '../core/dataset';
import { topBy } from '../core/top';

/** How many recent and slowest traces the side bar lists. */
export const TREE_TOP = 20;

export interface FunctionRow { name: string; invocations: number; errors: number; timeouts: number; crashes: number; coldStarts: number }
export interface TraceRow { traceId: string; rootName: string; rootService: string; startMs: number; durationMs: number; errorCount: number; spanCount: number }
export interface TreeRows { functions: FunctionRow[]; recent: TraceRow[]; slowest: TraceRow[] }

export function treeRows(ds: Dataset | undefined): TreeRows {
  if (!ds) return { functions: [], recent: [], slowest: [] };
  return {
    functions: ds.functions.map((f) => ({ name: f.name, invocations: f.invocations, errors: f.errors, timeouts: f.timeouts, crashes: f.crashes, coldStarts: f.coldStarts })),
    recent: topBy(ds.traces, TREE_TOP, (t) => t.startMs).map(traceRow),
    slowest: topBy(ds.traces, TREE_TOP, (t) => t.durationMs).map(traceRow),
  };
}

type TraceLike = Dataset['traces'][number];

function traceRow(t: TraceLike): TraceRow {
  return { traceId: t.traceId, rootName: t.rootName, rootService: t.rootService, startMs: t.startMs, durationMs: t.durationMs, errorCount: t.errorCount, spanCount: t.nodes.length };
}
