// Canvas drawing of the flame graph: frames in view only (x within the zoom window, wider than half a
// pixel), so the cost follows what is on screen, not the trace's size.
import type { FlameColumns } from '../../../src/protocol/investigate';
import type { Theme } from '../../shared/theme';
import { withAlpha } from '../../shared/canvas';

export const FRAME_H = 20;

export type FlameColour = 'service' | 'self';

export interface FlameFrame {
  width: number;
  height: number;
  scrollTop: number;
  /** The visible part of the zoom root, in [0, 1]. */
  view: { start: number; end: number };
  theme: Theme;
  colour: FlameColour;
  maxSelf: number;
  cursor: number;
  hover: number;
}

/** A stable colour per service name: its hash picks one of the theme's chart colours. */
function serviceColour(t: Theme, service: string): string {
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) | 0;
  const palette = t.serviceColors;
  return palette[Math.abs(h) % palette.length];
}

export function frameX(f: FlameFrame, x: number): number {
  return ((x - f.view.start) / (f.view.end - f.view.start)) * f.width;
}

export function drawFlame(ctx: CanvasRenderingContext2D, c: FlameColumns, f: FlameFrame): void {
  const t = f.theme;
  ctx.font = `${Math.max(10, t.fontSize - 2)}px ${t.fontFamily}`;
  ctx.textBaseline = 'middle';
  const firstDepth = Math.floor(f.scrollTop / FRAME_H);
  const lastDepth = Math.ceil((f.scrollTop + f.height) / FRAME_H);
  const scale = f.width / (f.view.end - f.view.start);
  const hot = t.error;
  for (let i = 0; i < c.id.length; i++) {
    const d = c.depth[i];
    if (d < firstDepth || d > lastDepth) continue;
    const x1 = (c.x[i] - f.view.start) * scale;
    const w = c.w[i] * scale;
    if (x1 > f.width || x1 + w < 0 || w < 0.5) continue;
    const y = d * FRAME_H - f.scrollTop;
    const bx = Math.max(-1, x1);
    const bw = Math.min(f.width + 1, x1 + w) - bx;
    ctx.fillStyle = f.colour === 'self'
      ? withAlpha(hot, 0.15 + 0.85 * (f.maxSelf > 0 ? Math.min(1, c.self[i] / f.maxSelf) : 0))
      : withAlpha(c.service[i] ? serviceColour(t, c.service[i]) : t.muted, 0.85);
    ctx.fillRect(bx, y + 1, Math.max(0.5, bw - 1), FRAME_H - 2);
    if (i === f.cursor || i === f.hover) {
      ctx.strokeStyle = i === f.cursor ? t.focus : t.fg;
      ctx.lineWidth = 2;
      ctx.strokeRect(bx + 1, y + 2, Math.max(1, bw - 3), FRAME_H - 4);
    } else if (t.contrastBorder) {
      ctx.strokeStyle = t.contrastBorder;
      ctx.lineWidth = 1;
      ctx.strokeRect(bx + 0.5, y + 1.5, Math.max(0.5, bw - 2), FRAME_H - 3);
    }
    if (bw > 36) {
      // A plate of the background colour under the text keeps it readable on any frame colour.
      const label = c.service[i] && c.service[i] !== c.name[i] ? `${c.name[i]} · ${c.service[i]}` : c.name[i];
      const tx = Math.max(bx, 0) + 4;
      const room = bw - 8 - (tx - bx);
      if (room > 24) {
        const text = fit(ctx, label, room);
        const tw = ctx.measureText(text).width;
        ctx.fillStyle = withAlpha(t.bg, 0.8);
        ctx.fillRect(tx - 2, y + 4, tw + 4, FRAME_H - 8);
        ctx.fillStyle = t.fg;
        ctx.fillText(text, tx, y + FRAME_H / 2);
      }
    }
  }
}

function fit(ctx: CanvasRenderingContext2D, text: string, room: number): string {
  if (ctx.measureText(text).width <= room) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= room) lo = mid; else hi = mid - 1;
  }
  return lo > 0 ? `${text.slice(0, lo)}…` : '';
}
