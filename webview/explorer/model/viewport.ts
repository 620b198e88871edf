// The visible time window of the timeline, and zoom/pan on it. Pure: the view maps it to pixels.

export interface TimeWindow {
  start: number;
  end: number;
}

/** Narrowest window allowed, as a fraction of the whole range (zooming past this shows nothing new). */
const MIN_FRACTION = 1e-6;
const MIN_WIDTH_MS = 0.001;

export class Viewport {
  private w: TimeWindow;

  constructor(private bounds: TimeWindow) {
    this.w = { ...bounds };
  }

  get window(): TimeWindow { return this.w; }
  get full(): TimeWindow { return this.bounds; }
  get width(): number { return this.w.end - this.w.start; }
  get isFit(): boolean { return this.w.start <= this.bounds.start && this.w.end >= this.bounds.end; }

  setBounds(b: TimeWindow): void {
    this.bounds = { ...b };
    this.fit();
  }

  fit(): void { this.w = { ...this.bounds }; }

  /** Zoom by `factor` (>1 zooms in) keeping the time under `anchor` (0..1 across the view) in place. */
  zoom(factor: number, anchor = 0.5): void {
    if (!(factor > 0)) return;
    const full = this.bounds.end - this.bounds.start;
    const minWidth = Math.max(MIN_WIDTH_MS, full * MIN_FRACTION);
    const width = Math.min(full, Math.max(minWidth, this.width / factor));
    const a = Math.min(1, Math.max(0, anchor));
    const t = this.w.start + this.width * a;
    this.set(t - width * a, width);
  }

  /** Pan by `ms` (positive moves the view later in time). */
  pan(ms: number): void { this.set(this.w.start + ms, this.width); }

  /** Move the window so it starts at `start`, keeping its width. */
  moveTo(start: number): void { this.set(start, this.width); }

  /** Show exactly [start, end] (clamped to the bounds). */
  show(start: number, end: number): void {
    const full = this.bounds.end - this.bounds.start;
    const width = Math.min(full, Math.max(MIN_WIDTH_MS, end - start));
    this.set(start, width);
  }

  toX(t: number, pixels: number): number { return ((t - this.w.start) / this.width) * pixels; }
  toTime(x: number, pixels: number): number { return this.w.start + (x / pixels) * this.width; }

  private set(start: number, width: number): void {
    const lo = this.bounds.start;
    const hi = this.bounds.end;
    const s = Math.min(Math.max(start, lo), hi - width);
    this.w = { start: s, end: s + width };
  }
}
