// Trace and span id normalisation: one 32-hex form for W3C, X-Ray and 64-bit (Zipkin/Jaeger) ids.

const HEX = /^[0-9a-f]+$/;
const XRAY = /^1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})$/;

/** Normalise a trace id to 32 lower-case hex digits; returns undefined when it is not a trace id. */
export function normalizeTraceId(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  // Fast paths for the two forms nearly every record uses (answers as below, without regular expressions).
  if (raw.length === 32 && isLowerHex(raw, 0, 32)) return raw;
  if (raw.length === 35 && raw.charCodeAt(0) === 49 && raw.charCodeAt(1) === 45 && raw.charCodeAt(10) === 45 &&
    isLowerHex(raw, 2, 10) && isLowerHex(raw, 11, 35)) return raw.slice(2, 10) + raw.slice(11);
  const x = XRAY.exec(raw);
  if (x) return (x[1] + x[2]).toLowerCase();
  let id = raw.toLowerCase();
  if (id.length === 24 && !HEX.test(id)) id = base64ToHex(raw) ?? id;
  if (!HEX.test(id) || id.length > 32) return undefined;
  return id.padStart(32, '0');
}

/** Normalise a span id to lower-case hex (16 digits when it is hex); other ids are kept lower-cased. */
export function normalizeSpanId(raw: unknown): string | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw.toString(16).padStart(16, '0');
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  if (raw.length === 16 && isLowerHex(raw, 0, 16)) return raw;
  let id = raw.toLowerCase();
  if (id.length === 12 && !HEX.test(id)) id = base64ToHex(raw) ?? id;
  if (HEX.test(id) && id.length < 16) id = id.padStart(16, '0');
  return id;
}

/** Display form: X-Ray style when the id carries an X-Ray epoch prefix, else the 32-hex id. */
export function toXrayTraceId(id: string): string {
  return `1-${id.slice(0, 8)}-${id.slice(8)}`;
}

/** True when a string looks like a trace id in any accepted form. */
export function isTraceIdLike(raw: string): boolean {
  return normalizeTraceId(raw) !== undefined;
}

function isLowerHex(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function base64ToHex(raw: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return undefined;
  const hex = Buffer.from(raw, 'base64').toString('hex');
  return hex.length > 0 ? hex : undefined;
}
