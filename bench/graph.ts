// Architecture measures: service-graph build time on the large generated dataset (~1M events), then layout +
// first render of the webview in headless Chromium (graphRender.ts).
import * as path from 'path';
import { Figure, runChild } from './measure';
import { largeDataset } from './data';
import { graphRenderBench } from './graphRender';

interface GraphResult { loadMs: number; buildMs: number; buildCpuMs: number; traceMs: number; spans: number; logEvents: number; nodes: number; edges: number }

export async function graphBench(): Promise<Figure[]> {
  const data = await largeDataset();
  const r = runChild<GraphResult>(path.join(__dirname, 'graphChild.js'), [data.dir]);
  return [
    { name: 'graph.build_ms', value: Math.round(r.buildMs), unit: 'ms', note: `${r.spans} spans + ${r.logEvents} log events -> ${r.nodes} nodes, ${r.edges} edges (best of 3; load ${Math.round(r.loadMs)} ms not included)` },
    { name: 'graph.build_cpu_ms', value: Math.round(r.buildCpuMs), unit: 'ms', note: 'CPU time of the same build (the wall clock includes other processes on a shared machine)' },
    { name: 'graph.trace_graph_ms', value: r.traceMs, unit: 'ms', note: 'one per-trace graph, mean of 1000' },
    ...await graphRenderBench(),
  ];
}
