// Money as people read it, for every layer (CLI, lenses, webviews): small amounts keep significant digits
// ($0.0000042), large ones cents. Pure: no imports.

/** `$0.0000042`, `$0.0123`, `$1.23`, `$1,234.56`. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '–';
  const sign = usd < 0 ? '-' : '';
  const a = Math.abs(usd);
  if (a === 0) return '$0';
  if (a >= 1) return `${sign}$${a.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  // Two significant digits below a dollar: the figures are estimates of tiny sums.
  const digits = Math.min(12, Math.max(2, 1 - Math.floor(Math.log10(a))));
  return `${sign}$${a.toFixed(digits)}`;
}
