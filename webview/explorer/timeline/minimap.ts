// The minimap: every visible row of the trace squeezed into a strip (host-downsampled buckets), with
// the current time window and row range outlined. Drag it to move around a 100,000-span trace.
import { Minimap as MinimapData } from '../../../src/protocol/messages';
import { prepareCanvas, withAlpha } from '../../shared/canvas';
import type { Theme } from '../../shared/theme';

export interface MinimapFrame {
  data: MinimapData;
  rowCount: number;
  timeMin: number;
  timeMax: number;
  view: { start: number; end: number };
  rows: { first: number; last: number };
  theme: Theme;
}

export function drawMinimap(canvas: HTMLCanvasElement, f: MinimapFrame): void {
  const W = canvas.clientWidth;
  const H = canvas.clientHeight;
  const ctx = prepareCanvas(canvas, W, H, false);
  if (!ctx || W === 0) return;
  const t = f.theme;
  const span = f.timeMax - f.timeMin || 1;
  const x = (v: number) => ((v - f.timeMin) / span) * W;
  const n = f.data.start.length;
  const bh = Math.max(1, H / Math.max(1, n));
  for (let b = 0; b < n; b++) {
    const y = (b / Math.max(1, n)) * H;
    ctx.fillStyle = f.data.error[b] ? t.error : withAlpha(t.muted, 0.7);
    ctx.fillRect(x(f.data.start[b]), y, Math.max(1, x(f.data.end[b]) - x(f.data.start[b])), Math.min(bh, 3));
  }
  // Outside the time window is dimmed; the window and visible rows are outlined.
  const wx1 = x(f.view.start), wx2 = x(f.view.end);
  ctx.fillStyle = withAlpha(t.bg, 0.55);
  ctx.fillRect(0, 0, Math.max(0, wx1), H);
  ctx.fillRect(wx2, 0, Math.max(0, W - wx2), H);
  const ry1 = f.rowCount ? (f.rows.first / f.rowCount) * H : 0;
  const ry2 = f.rowCount ? Math.max(ry1 + 2, (f.rows.last / f.rowCount) * H) : H;
  const seesAll = wx1 <= 0.5 && wx2 >= W - 0.5 && f.rows.first === 0 && f.rows.last >= f.rowCount;
  if (!seesAll) {
    // Tint only a real window: when everything is in view a full-size tint just hides the map.
    ctx.fillStyle = withAlpha(t.focus, 0.18);
    ctx.fillRect(wx1, ry1, Math.max(2, wx2 - wx1), ry2 - ry1);
  }
  ctx.strokeStyle = t.focus;
  ctx.lineWidth = 1;
  ctx.strokeRect(wx1 + 0.5, 0.5, Math.max(2, wx2 - wx1 - 1), H - 1);
}
