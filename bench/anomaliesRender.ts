// Anomalies' view measure: the charts for 100,000 invocations in headless Chromium (target <= 1 s).
// The host bins rows into buckets and histogram bins, so the page draws aggregates, never 100,000 points.
import { cpus } from 'os';
import * as path from 'path';
import { Figure, runChild } from './measure';

interface RenderResult {
  openMs?: number; tabMs?: number; firstChartMs?: number; hostCpuMs?: number; pageCpuMs?: number; charts?: number;
  listsMs?: number; redrawMs?: number; rows?: number; errors?: number; load?: number; skipped?: string;
}

export async function anomaliesRenderBench(): Promise<Figure[]> {
  const r = runChild<RenderResult>(path.join(__dirname, 'anomaliesRenderChild.js'), []);
  if (r.skipped) return [{ name: 'stats.render_skipped', value: 0, unit: '', note: r.skipped }];
  const load = `load average ${r.load!.toFixed(1)} on ${cpus().length} cores`;
  return [
    { name: 'stats.render_open_ms', value: Math.round(r.openMs!), unit: 'ms', note: `${r.rows} invocations: new tab + page load + host stats + ${r.charts} charts drawn (${load})` },
    { name: 'stats.render_tab_ms', value: Math.round(r.tabMs!), unit: 'ms', note: 'part of the above: Chromium opening the tab, before the page loads (a webview panel\'s frame in VS Code)' },
    { name: 'stats.render_first_chart_ms', value: Math.round(r.firstChartMs!), unit: 'ms', note: 'until the first chart (percentiles) is drawn' },
    { name: 'stats.render_open_page_cpu_ms', value: Math.round(r.pageCpuMs!), unit: 'ms', note: 'the page\'s main-thread CPU until then (script, style, layout, plotly; Chromium ThreadTime)' },
    { name: 'stats.render_open_host_cpu_ms', value: Math.round(r.hostCpuMs!), unit: 'ms', note: 'the host process\'s CPU until then (stats + detail, the page server, playwright)' },
    { name: 'stats.render_lists_ms', value: Math.round(r.listsMs!), unit: 'ms', note: 'until the slow-vs-fast table and invocation list are there too' },
    { name: 'stats.render_redraw_ms', value: Math.round(r.redrawMs!), unit: 'ms', note: 'all 4 charts redrawn (theme change), measured in the page' },
  ];
}
