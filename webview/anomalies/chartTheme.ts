// Chart colours from the VS Code theme's CSS variables; re-read on every theme change.
import { readTheme, Theme } from '../shared/theme';
import type { Outcome } from '../../src/protocol/anomalies';

export interface ChartTheme {
  base: Theme;
  fg: string;
  muted: string;
  bg: string;
  grid: string;
  p50: string;
  p90: string;
  p95: string;
  p99: string;
  anomaly: string;
  outcome: Record<Outcome, string>;
  errorRate: string;
  coldRate: string;
  memory: string;
  init: string;
  count: string;
  /** `count` at a quarter of its opacity: the rows area under the rate lines (a fill ignores the trace's opacity). */
  countFill: string;
}

export function readChartTheme(): ChartTheme {
  const base = readTheme();
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const blue = v('--vscode-charts-blue', '#3794ff');
  const green = v('--vscode-charts-green', '#89d185');
  const yellow = v('--vscode-charts-yellow', '#cca700');
  const orange = v('--vscode-charts-orange', '#d18616');
  const red = v('--vscode-charts-red', base.error);
  const purple = v('--vscode-charts-purple', '#b180d7');
  return {
    base,
    fg: base.fg,
    muted: base.muted,
    bg: base.bg,
    grid: base.grid,
    p50: green,
    p90: blue,
    p95: orange,
    p99: purple,
    anomaly: red,
    // Cold start in purple: yellow and orange are hard to tell apart in light themes.
    outcome: { ok: blue, cold: purple, error: red, timeout: orange },
    errorRate: red,
    coldRate: yellow,
    memory: blue,
    init: purple,
    count: base.muted,
    countFill: withAlpha(base.muted, 0.25),
  };
}

/** Any CSS colour at `alpha` times its own opacity, as rgba() (the canvas normalises the colour's syntax). */
export function withAlpha(color: string, alpha: number): string {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = color;
  const c = String(ctx.fillStyle); // '#rrggbb' or 'rgba(r, g, b, a)'
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${alpha})`;
  const rgba = /^rgba\(([^,]+),([^,]+),([^,]+),([^)]+)\)$/.exec(c);
  return rgba ? `rgba(${rgba[1].trim()}, ${rgba[2].trim()}, ${rgba[3].trim()}, ${Number(rgba[4]) * alpha})` : color;
}
