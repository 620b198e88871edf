// Issue 14 item 6 (router side): the longest block of the thread that talks to the engine worker while the worker
// loads ~1M log events, opens the three panels, runs the first span query and the stats (bench/engineChild.ts).
import * as path from 'path';
import { Figure, runChild } from './measure';
import { largeDataset } from './data';

interface EngineChildResult {
  maxGapMs: number; maxGapPhase: string; perPhase: Record<string, number>; loadMs: number; panelsMs: number; spanQueryMs: number; allMs: number;
  processCpuMs: number; p99GapMs: number; over50: Record<string, number>; ticks: number; spanResults: number; state: { traces: number; spans: number; invocations: number };
}

export async function engineBench(): Promise<Figure[]> {
  const data = await largeDataset(0.2);
  const r = runChild<EngineChildResult>(path.join(__dirname, 'engineChild.js'), [data.dir], 512);
  const phases = Object.entries(r.perPhase).map(([k, v]) => `${k}=${Math.round(v)}`).join(' ');
  return [
    { name: 'engine.router_max_event_loop_block_ms', value: Math.round(r.maxGapMs * 10) / 10, unit: 'ms', note: `longest 10 ms timer gap beyond its period on the router thread (in ${r.maxGapPhase}; per phase ${phases}; p99 ${Math.round(r.p99GapMs)} ms of ${r.ticks} ticks; gaps > 50 ms ${JSON.stringify(r.over50)}); ${r.state.traces} traces, ${r.state.spans} spans, ${r.state.invocations} invocations; target <= 50` },
    { name: 'engine.load_ms', value: Math.round(r.loadMs), unit: 'ms', note: 'in the worker, until `loaded`' },
    { name: 'engine.panels_open_ms', value: Math.round(r.panelsMs), unit: 'ms', note: 'explorer init + first list page, graph, anomalies overview' },
    { name: 'engine.first_span_query_ms', value: Math.round(r.spanQueryMs), unit: 'ms', note: `ask query round trip, ${r.spanResults} results` },
    { name: 'engine.process_cpu_ms', value: Math.round(r.processCpuMs), unit: 'ms', note: `CPU of the whole process (router thread and worker) over ${Math.round(r.allMs)} ms` },
  ];
}
