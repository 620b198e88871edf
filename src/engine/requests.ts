// The questions VS Code's own UI (side bar tree, query commands, Open Trace by ID) asks about the loaded data, each a
// small pure function over the Dataset whose answer is plain, structured-clone-able data: the engine worker answers
// them (main.ts) so the host never holds the Dataset. No vscode here.
import type { Dataset } from '../core/dataset';
import { normalizeTraceId } from '../core/ids';
import { indexFor, QueryError, runQuery, translateToInsights } from '../core/query';
import type { QueryResult } from '../core/query';
import { groupPercentile } from '../core/query/datasetIndex';
import { vocabularyOf, Vocabulary } from '../extension/query/logic/vocabulary';
import type { Invocation, Span, Trace } from '../core/model';
import type { Question } from './protocol';
import { treeRows } from './treeRows';

export { treeRows, TREE_TOP } from './treeRows';
export type { FunctionRow, TraceRow, TreeRows } from './treeRows';

export interface FunctionPick { function: string | null; invocations: number; p95Ms: number }
export interface FunctionPicks { invocations: number; functions: FunctionPick[] }

export type QueryAnswer =
  | { ok: true; kind: string; results: QueryResult[]; truncated: boolean; nowMs: number; elapsedMs: number; source: string; insights: InsightsLine }
  | { ok: false; error: string };
export interface InsightsLine { logGroups: string[]; logGroupPrefixes: string[]; startTime: number; endTime: number; queryString: string; residual?: string }

/** The answer to one question; without data every question has an empty answer (never an exception). */
export function answer(ds: Dataset | undefined, q: Question): unknown {
  switch (q.kind) {
    case 'snapshot': return ds ? snapshot(ds) : undefined;
    case 'tree': return treeRows(ds);
    case 'functionPicks': return functionPicks(ds);
    case 'vocabulary': return ds ? vocabularyOf(ds) : ({ functions: [], services: [], operations: [], attributeKeys: [] } satisfies Vocabulary);
    case 'hasTrace': { const id = normalizeTraceId(q.id.trim()); return !!(ds && id && ds.traceById.has(id)); }
    case 'query': return ds ? query(ds, q.text) : { ok: false, error: 'no data is loaded yet' };
    default: return import('./lensRequests').then(({ lensAnswer }) => lensAnswer(ds, q));
  }
}

/** A plain copy of the data for the extension's tests (sample-sized data): traces without their trees, invocations without their log lines. */
export interface DatasetSnapshot {
  traces: (Omit<Trace, 'roots' | 'nodes' | 'invocations'> & { spanCount: number })[];
  spans: Span[];
  invocations: (Omit<Invocation, 'logs'> & { logCount: number })[];
  functions: Dataset['functions'];
}

export function snapshot(ds: Dataset): DatasetSnapshot {
  return {
    traces: ds.traces.map(({ roots: _r, nodes, invocations: _i, ...t }) => ({ ...t, spanCount: nodes.length })),
    spans: ds.spans,
    invocations: ds.invocations.map(({ logs, ...inv }) => ({ ...inv, logCount: logs.length })),
    functions: ds.functions,
  };
}

export function functionPicks(ds: Dataset | undefined): FunctionPicks {
  if (!ds || ds.functions.length === 0) return { invocations: ds?.invocations.length ?? 0, functions: [] };
  const ix = indexFor(ds);
  return {
    invocations: ds.invocations.length,
    functions: ix.inv.groups.map((g) => ({ function: g.function ?? null, invocations: g.members.length, p95Ms: groupPercentile(g, 95) })),
  };
}

/** Runs a query; a query the parser rejects is an answer (`ok: false`), not an exception. */
export function query(ds: Dataset, text: string): QueryAnswer {
  try {
    const run = runQuery(ds, text);
    const t = translateToInsights(run.query, { nowMs: run.nowMs, functions: ds.functions.map((f) => f.name) });
    const insights: InsightsLine = { logGroups: t.logGroups, logGroupPrefixes: t.logGroupPrefixes, startTime: t.startTime, endTime: t.endTime, queryString: t.queryString };
    if (t.residual) insights.residual = t.residual;
    return { ok: true, kind: run.kind, results: run.results, truncated: run.truncated, nowMs: run.nowMs, elapsedMs: run.elapsedMs, source: run.query.source, insights };
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, error: e.message };
    throw e;
  }
}
