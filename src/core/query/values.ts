// Value syntax shared by the parser and the Insights translator: durations, times, globs.

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `800ms`, `1.5s`, `2m`, `1h` -> milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

const RELATIVE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;
const REL_MS: Record<string, number> = { ...UNIT_MS, d: 86_400_000, w: 604_800_000 };

/** `15m`, `1h`, `2d`, `1w` -> milliseconds back from the reference time. */
export function parseRelative(text: string): number | undefined {
  const m = RELATIVE.exec(text);
  return m ? Number(m[1]) * REL_MS[m[2]] : undefined;
}

// Date, optional time (minutes, seconds, fraction), optional zone. Without a zone the time is UTC:
// trace files carry UTC timestamps and a query must mean the same on every machine.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 time -> epoch ms; undefined when not ISO or not a real date. */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const z = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${z}`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2024-02-31 over to March: reject dates that do not exist.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return ms;
}

/** Case-insensitive glob (`*` any run, `?` one character) -> anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export function isGlob(text: string): boolean {
  return /[*?]/.test(text);
}
