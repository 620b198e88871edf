// Issue 8's measures: query latency on the large dataset after load (target <= 200 ms each).
import * as path from 'path';
import { Figure, runChild } from './measure';
import { largeDataset } from './data';

interface QueryChildResult {
  loadMs: number; warmMs: number; firstSpanQueryMs: number; indexMs: number; spanIndexMs: number; steps: Record<string, number>; logEvents: number; spans: number; invocations: number;
  queries: { query: string; bestMs: number; medianMs: number; results: number }[];
}

export async function queryBench(): Promise<Figure[]> {
  const data = await largeDataset();
  const r = runChild<QueryChildResult>(path.join(__dirname, 'queryChild.js'), [data.dir]);
  return [
    { name: 'query.index_build_ms', value: Math.round(r.indexMs), unit: 'ms', note: `once per dataset; ${r.logEvents} log events, ${r.spans} spans, ${r.invocations} invocations; load ${Math.round(r.loadMs)} ms; steps ${Object.entries(r.steps).map(([k, v]) => `${k}=${Math.round(v)}`).join(' ')}` },
    { name: 'query.span_index_build_ms', value: Math.round(r.spanIndexMs), unit: 'ms', note: 'in the background after the load (core/warmIndexes.ts)' },
    { name: 'query.first_span_query_ms', value: Math.round(r.firstSpanQueryMs * 10) / 10, unit: 'ms', note: `the first span query after load, indexes warmed in the background (${Math.round(r.warmMs)} ms after the load); target <= 300` },
    ...r.queries.map((q, i) => ({
      name: `query.latency_${i + 1}_ms`, value: Math.round(q.medianMs * 10) / 10, unit: 'ms',
      note: `${q.query} -> ${q.results} results; best ${q.bestMs.toFixed(1)} ms; target <= 200`,
    })),
  ];
}
