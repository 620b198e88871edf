// `--since 2h`, `--since 2026-11-20T10:00:00Z`, epoch milliseconds: one parser for the CLI and the extension.
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Epoch ms for a relative duration before `now` (`15m`, `2h`, `7d`), an ISO time, or epoch ms / s. */
export function parseTime(text: string, now = Date.now()): number | undefined {
  const t = text.trim();
  const rel = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(t);
  if (rel) return Math.round(now - Number(rel[1]) * UNITS[rel[2]]);
  if (t === 'now') return now;
  if (/^\d{13}$/.test(t)) return Number(t);
  if (/^\d{10}$/.test(t)) return Number(t) * 1000;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** "start end" / "start to end" / "start – end" / "start..end" -> epoch ms, or why not. Bare ISO date-times are UTC. */
export function parseRange(text: string, now = Date.now()): { startMs: number; endMs: number } | string {
  const t = text.trim();
  let parts = t.split(/\s*(?:\.\.|–|—|\s(?:to|-)\s)\s*/).filter(Boolean);
  if (parts.length !== 2) parts = t.split(/\s+/);
  if (parts.length === 4) parts = [`${parts[0]}T${parts[1]}`, `${parts[2]}T${parts[3]}`]; // "2026-11-20 08:00 2026-11-20 14:00"
  if (parts.length !== 2) return 'Type a start and an end, e.g. 2026-11-20T08:00Z 2026-11-20T14:00Z';
  const [start, end] = parts.map((p) => parseTime(asUtc(p), now));
  if (start === undefined) return `Not a time: ${parts[0]}`;
  if (end === undefined) return `Not a time: ${parts[1]}`;
  if (end <= start) return 'The end must be after the start';
  return { startMs: start, endMs: end };
}

/** `2026-11-20T08:00` (no zone) means UTC here, as everywhere else in the explorer; Date.parse would take local time. */
function asUtc(p: string): string {
  return p.replace(/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/, '$1T$2Z');
}
