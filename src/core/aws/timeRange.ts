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
