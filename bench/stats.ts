// Anomalies' core measure: stats + anomaly detection on the large generated dataset (~1M events),
// against the core's own read + correlate time (target: <= 25% of it).
import * as path from 'path';
import { Figure, runChild } from './measure';
import { largeDataset } from './data';
import { anomaliesRenderBench } from './anomaliesRender';

interface StatsResult {
  loadMs: number; loadCpuMs: number; cpuMs: Record<string, number>; perGrouping: Record<string, number>; indexMs: number; compareMs: number;
  anomalies: number; rows: number; biggest: string; biggestRows: number; spans: number; logEvents: number;
}

export async function statsBench(): Promise<Figure[]> {
  const data = await largeDataset();
  const r = runChild<StatsResult>(path.join(__dirname, 'statsChild.js'), [data.dir]);
  const fn = r.perGrouping.function;
  const figures: Figure[] = [
    { name: 'stats.function_ms', value: Math.round(fn), unit: 'ms', note: `${r.rows} invocations, exact percentiles per 15m/5m/... bucket + anomalies (${r.anomalies} found); best of 3` },
    { name: 'stats.vs_read_correlate_pct', value: Math.round((100 * r.cpuMs.function) / r.loadCpuMs), unit: '%', note: `CPU time, target <= 25%; read + correlate ${Math.round(r.loadCpuMs)} ms CPU (${Math.round(r.loadMs)} ms wall) for ${r.spans} spans + ${r.logEvents} log events` },
    { name: 'stats.all_groupings_vs_read_correlate_pct', value: Math.round((100 * Object.values(r.cpuMs).reduce((a, b) => a + b, 0)) / r.loadCpuMs), unit: '%', note: 'CPU time of all four groupings (what the view computes for its anomaly list)' },
    { name: 'stats.index_ms', value: Math.round(r.indexMs), unit: 'ms', note: 'StatsIndex.build (what code lenses wait for)' },
    { name: 'stats.compare_ms', value: Math.round(r.compareMs), unit: 'ms', note: `slow-vs-fast on ${r.biggest} (${r.biggestRows} rows)` },
  ];
  for (const [by, ms] of Object.entries(r.perGrouping)) if (by !== 'function') figures.push({ name: `stats.${by}_ms`, value: Math.round(ms), unit: 'ms', note: 'spans grouped, stats + anomalies; best of 3' });
  return [...figures, ...(await anomaliesRenderBench())];
}
