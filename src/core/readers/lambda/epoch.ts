// Timestamps as Lambda logs and the tools around them write them: epoch s/ms/µs/ns numbers, ISO 8601 with or
// without a zone (UTC when none), a space for the T, a comma for the decimal point, +0200 offsets.
// Its own module so that readers/lambda/prefixes.ts can use it without importing the rest of the Lambda reader (an import cycle).
/**
 * A timestamp as written in logs -> epoch ms: numbers in s/ms/µs/ns (by magnitude), numeric strings, ISO 8601
 * (a time without zone is UTC, as Lambda and Logs Insights write it), `2024-01-01 12:00:00,123+0200` (Python logging).
 */
export function toEpochMs(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? scaleEpoch(v) : undefined;
  if (typeof v !== 'string' || v.length < 8 || v.length > 40) return undefined;
  const c = v.charCodeAt(0);
  if (c < 48 || c > 57) return undefined;
  if (v.charCodeAt(4) !== 45 /* - */) {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? scaleEpoch(n) : undefined;
  }
  let iso = v;
  if (iso.charCodeAt(10) === 32) iso = iso.slice(0, 10) + 'T' + iso.slice(11);
  if (iso.charCodeAt(19) === 44 /* , */) iso = iso.slice(0, 19) + '.' + iso.slice(20);
  const len = iso.length;
  if (len > 10 && !hasZone(iso)) iso += 'Z';
  else if (len >= 24 && (iso.charCodeAt(len - 5) === 43 || iso.charCodeAt(len - 5) === 45) && isDigitCode(iso.charCodeAt(len - 3))) {
    iso = iso.slice(0, len - 2) + ':' + iso.slice(len - 2); // +0200 -> +02:00
  }
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

function scaleEpoch(n: number): number {
  if (n < 1e11) return n * 1000;      // seconds
  if (n < 1e14) return n;             // milliseconds
  if (n < 1e17) return n / 1000;      // microseconds
  return n / 1e6;                     // nanoseconds
}

function hasZone(iso: string): boolean {
  const last = iso.charCodeAt(iso.length - 1);
  if (last === 90 /* Z */ || last === 122) return true;
  // A zone offset sits after the time part: look for + or - after position 19.
  for (let i = 19; i < iso.length; i++) {
    const c = iso.charCodeAt(i);
    if (c === 43 || c === 45) return true;
  }
  return false;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
