// Canvas sizing for crisp drawing on any devicePixelRatio.

/** Sizes the canvas backing store to CSS size x DPR and returns a context drawing in CSS pixels. */
/** With `setCssSize` false the CSS owns the element's size (it is only measured, never written back). */
export function prepareCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number, setCssSize = true): CanvasRenderingContext2D | undefined {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const hgt = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w || canvas.height !== hgt) {
    canvas.width = w;
    canvas.height = hgt;
  }
  if (setCssSize) {
    canvas.style.width = `${cssWidth}px`;
    canvas.style.height = `${cssHeight}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

/** A colour with alpha applied, for any CSS colour the theme gives (hex, rgb(), rgba()). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (hex) {
    let s = hex[1];
    if (s.length === 3 || s.length === 4) s = s.split('').map((ch) => ch + ch).join('');
    const r = parseInt(s.slice(0, 2), 16), g = parseInt(s.slice(2, 4), 16), b = parseInt(s.slice(4, 6), 16);
    const a0 = s.length === 8 ? parseInt(s.slice(6, 8), 16) / 255 : 1;
    return `rgba(${r}, ${g}, ${b}, ${(a0 * alpha).toFixed(3)})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(c);
  if (rgb) {
    const [r, g, b, a0 = '1'] = rgb[1].split(/[,\s/]+/).filter(Boolean);
    return `rgba(${r}, ${g}, ${b}, ${(parseFloat(a0) * alpha).toFixed(3)})`;
  }
  return c;
}
