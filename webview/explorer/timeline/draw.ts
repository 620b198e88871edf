// Canvas drawing of the waterfall: only the rows in view, so cost does not grow with trace size.
import { RowColumns, RowFlag } from '../../../src/protocol/messages';
import { withAlpha } from '../../shared/canvas';
import { formatDuration } from '../../../src/common/format';
import type { Theme } from '../../shared/theme';
import type { Viewport } from '../model/viewport';

export interface RowRef {
  c: RowColumns;
  j: number;
}

export interface RowsFrame {
  width: number;
  height: number;
  scrollTop: number;
  rowH: number;
  rowCount: number;
  rowAt(i: number): RowRef | undefined;
  viewport: Viewport;
  ticks: number[];
  theme: Theme;
  selected: number;
  hover: number;
  focused: boolean;
}

const BAR_PAD = 5;

/** Draws the visible rows; returns how many visible rows were not loaded yet (drawn as placeholders). */
export function drawRows(ctx: CanvasRenderingContext2D, f: RowsFrame): number {
  const { theme: t, width: W, rowH } = f;
  const first = Math.max(0, Math.floor(f.scrollTop / rowH));
  const last = Math.min(f.rowCount, Math.ceil((f.scrollTop + f.height) / rowH));
  ctx.font = `${Math.max(10, t.fontSize - 1)}px ${t.fontFamily}`;
  ctx.textBaseline = 'middle';

  // Grid lines at the axis ticks.
  ctx.fillStyle = t.grid;
  for (const v of f.ticks) ctx.fillRect(Math.round(f.viewport.toX(v, W)), 0, 1, f.height);

  let missing = 0;
  for (let i = first; i < last; i++) {
    const y = i * rowH - f.scrollTop;
    if (i === f.selected) {
      if (t.selection) {
        ctx.fillStyle = f.focused ? t.selection : withAlpha(t.selection, 0.6);
        ctx.fillRect(0, y, W, rowH);
      }
      if (t.contrastBorder || !t.selection) {
        // High contrast themes mark selection with an outline (2 px, the focus colour), not a fill.
        ctx.strokeStyle = t.focus;
        ctx.lineWidth = 2;
        ctx.setLineDash(f.focused ? [] : [3, 3]);
        ctx.strokeRect(1, y + 1, W - 2, rowH - 2);
        ctx.setLineDash([]);
      }
    } else if (i === f.hover) {
      ctx.fillStyle = t.hover;
      ctx.fillRect(0, y, W, rowH);
    }
    const r = f.rowAt(i);
    if (r && r.c.flags[r.j] & RowFlag.Match) {
      // A search match: the editor's find-match colours, so it reads as "found" in every theme.
      ctx.fillStyle = t.match;
      ctx.fillRect(0, y + 1, W, rowH - 2);
      if (t.matchBorder) { ctx.strokeStyle = t.matchBorder; ctx.lineWidth = 1; ctx.strokeRect(0.5, y + 1.5, W - 1, rowH - 3); }
    }
    if (!r) {
      missing++;
      ctx.fillStyle = withAlpha(t.muted, 0.15);
      ctx.fillRect(8, y + rowH / 2 - 2, Math.min(120, W / 4), 4);
      continue;
    }
    drawBar(ctx, f, r, y, i === f.selected);
  }
  return missing;
}

function drawBar(ctx: CanvasRenderingContext2D, f: RowsFrame, r: RowRef, y: number, selected: boolean): void {
  const { theme: t, width: W, rowH, viewport: vp } = f;
  const c = r.c, j = r.j;
  const flags = c.flags[j];
  const start = c.start[j], dur = c.duration[j], init = c.init[j];
  const color = t.serviceColors[c.serviceType[j]] ?? t.serviceColors[t.serviceColors.length - 1];
  const x1 = vp.toX(start, W);
  const x2 = vp.toX(start + dur, W);
  const bx = Math.max(-2, x1);
  const bw = Math.max(1.5, Math.min(W + 2, x2) - bx);
  const by = y + BAR_PAD;
  const bh = rowH - BAR_PAD * 2;
  const textColor = selected ? t.selectionFg : t.fg;
  const isError = (flags & (RowFlag.Error | RowFlag.Fault | RowFlag.Timeout)) !== 0;

  // Cold-start init: its own hatched segment just before the span.
  if (init > 0) {
    const ix1 = vp.toX(start - init, W);
    const iw = Math.max(1, x1 - ix1);
    if (ix1 < W && ix1 + iw > 0) {
      ctx.fillStyle = withAlpha(color, 0.3);
      ctx.fillRect(ix1, by, iw, bh);
      ctx.save();
      ctx.beginPath();
      ctx.rect(ix1, by, iw, bh);
      ctx.clip();
      ctx.strokeStyle = withAlpha(color, 0.9);
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let hx = ix1 - bh; hx < ix1 + iw; hx += 5) { ctx.moveTo(hx, by + bh); ctx.lineTo(hx + bh, by); }
      ctx.stroke();
      ctx.restore();
      if (iw > 60) {
        ctx.fillStyle = textColor;
        ctx.fillText(`init ${formatDuration(init)}`, ix1 + 4, y + rowH / 2);
      }
    }
  }

  if (x2 >= -2 && x1 <= W + 2) {
    ctx.fillStyle = color;
    ctx.fillRect(bx, by, bw, bh);
    if (t.contrastBorder) { ctx.strokeStyle = t.contrastBorder; ctx.lineWidth = 1; ctx.strokeRect(bx + 0.5, by + 0.5, bw - 1, bh - 1); }
    if (flags & (RowFlag.Orphan | RowFlag.Skewed)) {
      ctx.save();
      ctx.setLineDash(flags & RowFlag.Orphan ? [4, 3] : [1, 2]);
      ctx.strokeStyle = t.warning;
      ctx.lineWidth = 2;
      ctx.strokeRect(bx - 1, by - 1, bw + 2, bh + 2);
      ctx.restore();
    }
    if (isError) {
      ctx.strokeStyle = t.error;
      ctx.lineWidth = 2;
      ctx.strokeRect(bx - 1, by - 1, bw + 2, bh + 2);
    }
    if (flags & RowFlag.Critical) {
      // Critical path: a solid underline, readable in every theme.
      ctx.fillStyle = t.critical;
      ctx.fillRect(bx, by + bh + 1, bw, 2);
    }
  }

  // Duration (and error/timeout words) next to the bar, on whichever side has room.
  let label = formatDuration(dur);
  // Say which way a bar outside the time window lies.
  if (x2 < 0) label = `◂ ${label}`;
  else if (x1 > W) label = `${label} ▸`;
  if (flags & RowFlag.Timeout) label += ' · timeout';
  else if (isError) label += ' · error';
  const tw = ctx.measureText(label).width;
  let tx = x2 + 6;
  if (tx + tw > W - 2) tx = x1 - tw - 6;
  if (tx < 2) tx = x1 + 4;
  // Bars scrolled out of view still say how long they took, at the nearest edge.
  tx = Math.max(2, Math.min(W - tw - 2, tx));
  const onPlate = tx < x2 && tx + tw > x1;
  if (onPlate) {
    // No room outside the bar: put the text on a plate of the background colour so it stays readable.
    ctx.fillStyle = withAlpha(t.bg, 0.85);
    ctx.fillRect(tx - 3, by, tw + 6, bh);
  }
  ctx.fillStyle = isError ? t.error : onPlate ? t.fg : textColor;
  ctx.fillText(label, tx, y + rowH / 2);
}

export interface AxisFrame {
  width: number;
  height: number;
  viewport: Viewport;
  ticks: number[];
  theme: Theme;
}

export function drawAxis(ctx: CanvasRenderingContext2D, f: AxisFrame): void {
  const t = f.theme;
  ctx.font = `${Math.max(10, t.fontSize - 2)}px ${t.fontFamily}`;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = t.grid;
  ctx.fillRect(0, f.height - 1, f.width, 1);
  for (const v of f.ticks) {
    const x = Math.round(f.viewport.toX(v, f.width));
    ctx.fillStyle = t.grid;
    ctx.fillRect(x, f.height - 6, 1, 6);
    const label = formatDuration(v);
    const w = ctx.measureText(label).width;
    ctx.fillStyle = t.muted;
    ctx.fillText(label, Math.min(f.width - w - 2, Math.max(2, x + 3)), f.height / 2 - 2);
  }
}
