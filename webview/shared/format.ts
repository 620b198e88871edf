// Number and duration formatting shared by the webviews and the host (pure, no DOM).

/** Compact duration: 420µs, 12.5ms, 340ms, 1.25s, 2m 03s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const neg = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  let s: string;
  if (a === 0) s = '0ms';
  else if (a < 1) s = `${Math.round(a * 1000)}µs`;
  else if (a < 10) s = `${trim(a.toFixed(2))}ms`;
  else if (a < 100) s = `${trim(a.toFixed(1))}ms`;
  else if (a < 1000) s = `${Math.round(a)}ms`;
  else if (a < 10_000) s = `${trim((a / 1000).toFixed(2))}s`;
  else if (a < 60_000) s = `${trim((a / 1000).toFixed(1))}s`;
  else {
    const m = Math.floor(a / 60_000);
    const sec = Math.round((a - m * 60_000) / 1000);
    s = `${m}m ${String(sec).padStart(2, '0')}s`;
  }
  return neg + s;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

// One formatter: toLocaleString builds a new one per call (about 50 µs each; a large graph formats hundreds).
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Time 0 is how the model says "unknown" (a log copy in which no line carries a time): nothing real happened
 * at the epoch, and showing 1970 would be a lie.
 */
export function isKnownTime(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0;
}

export const UNKNOWN_TIME = 'unknown time';

/** Wall-clock time of an epoch-ms instant, UTC, with milliseconds: 2024-05-01 12:03:04.123 */
export function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (!isKnownTime(ms)) return UNKNOWN_TIME;
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** formatTimestamp followed by ` UTC`, or `unknown time`. */
export function formatUtc(ms: number): string {
  return isKnownTime(ms) ? `${formatTimestamp(ms)} UTC` : UNKNOWN_TIME;
}
