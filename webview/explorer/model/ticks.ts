// Time-axis ticks: "nice" steps (1, 2, 5 x 10^k ms) so labels read 0, 50ms, 100ms... at any zoom.

export interface Ticks {
  step: number;
  values: number[];
}

/** Ticks inside [min, max] (ms) with about `pixels / minSpacingPx` of them at most. */
export function timeTicks(min: number, max: number, pixels: number, minSpacingPx = 80): Ticks {
  if (!(max > min) || !(pixels > 0)) return { step: 0, values: [] };
  const maxTicks = Math.max(1, Math.floor(pixels / minSpacingPx));
  const raw = (max - min) / maxTicks;
  const step = niceStep(raw);
  const values: number[] = [];
  const first = Math.ceil(min / step) * step;
  for (let v = first, i = 0; v <= max + step * 1e-9 && i < 1000; i++, v = first + i * step) {
    values.push(Math.abs(v) < step * 1e-9 ? 0 : v); // avoid -0 and 1e-17 labels
  }
  return { step, values };
}

export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / pow;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * pow;
}
