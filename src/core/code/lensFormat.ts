// Lens titles: short, the same number formats everywhere (tests compare against these).

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${(Math.round(ms * 10) / 10).toString()} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatRate(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const r = (100 * part) / whole;
  if (r === 0) return '0%';
  if (r < 0.1) return '<0.1%';
  return `${r < 10 ? r.toFixed(1) : Math.round(r)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
