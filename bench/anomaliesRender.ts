// Anomalies' view measure: the charts for 100,000 invocations in headless Chromium (target <= 1 s).
// The host bins rows into buckets and histogram bins, so the page draws aggregates, never 100,000 points.
import * as path from 'path';
import { Figure, runChild } from './measure';

interface RenderResult { openMs?: number; listsMs?: number; redrawMs?: number; rows?: number; errors?: number; skipped?: string }

export async function anomaliesRenderBench(): Promise<Figure[]> {
  const r = runChild<RenderResult>(path.join(__dirname, 'anomaliesRenderChild.js'), []);
  if (r.skipped) return [{ name: 'stats.render_skipped', value: 0, unit: '', note: r.skipped }];
  return [
    { name: 'stats.render_open_ms', value: Math.round(r.openMs!), unit: 'ms', note: `${r.rows} invocations: page load + host stats + 4 charts drawn` },
    { name: 'stats.render_lists_ms', value: Math.round(r.listsMs!), unit: 'ms', note: 'until the slow-vs-fast table and invocation list are there too' },
    { name: 'stats.render_redraw_ms', value: Math.round(r.redrawMs!), unit: 'ms', note: 'all 4 charts redrawn (theme change), measured in the page' },
  ];
}
