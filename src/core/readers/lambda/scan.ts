// Scanning helpers shared by the Lambda line parsers (indexOf/charCodeAt, no regex on the hot path).

export type Obj = Record<string, unknown>;

/**
 * A Lambda request id (a UUID, 8-4-4-4-12) at `at`, ending at `end` or a separator. Checks the dashes and the
 * hex digits around them: enough to tell an id from a word, at a fraction of a full scan.
 */
export function isUuidAt(text: string, at: number, end: number): boolean {
  const stop = at + 36;
  if (stop > end) return false;
  if (stop < end && !isSpace(text.charCodeAt(stop))) return false;
  return text.charCodeAt(at + 8) === 45 && text.charCodeAt(at + 13) === 45 && text.charCodeAt(at + 18) === 45 &&
    text.charCodeAt(at + 23) === 45 && isHex(text.charCodeAt(at)) && isHex(text.charCodeAt(at + 7)) &&
    isHex(text.charCodeAt(at + 9)) && isHex(text.charCodeAt(at + 22)) && isHex(text.charCodeAt(at + 24)) && isHex(text.charCodeAt(stop - 1));
}

/** `<KEYWORD> RequestId: ` checked at four characters: the keyword's second letter, the space, `R` and the colon. */
export function looksLike(text: string, prefix: string): boolean {
  const sp = prefix.indexOf(' ');
  return text.charCodeAt(1) === prefix.charCodeAt(1) && text.charCodeAt(sp) === 32 && text.charCodeAt(sp + 1) === 82 &&
    text.charCodeAt(sp + 10) === 58;
}

/** startsWith as a character loop: V8 inlines it, which String.prototype.startsWith with a position is not. */
export function startsAt(text: string, at: number, literal: string): boolean {
  if (at + literal.length > text.length) return false;
  for (let j = 0; j < literal.length; j++) if (text.charCodeAt(at + j) !== literal.charCodeAt(j)) return false;
  return true;
}

/** `1-5e61292c-cc1229a4dfbeae1043928548` -> 32 lower-case hex digits, without a regular expression (one per REPORT). */
export function xrayTraceIdAt(text: string, from: number, to: number): string | undefined {
  if (to - from !== 35 || text.charCodeAt(from) !== 49 || text.charCodeAt(from + 1) !== 45 || text.charCodeAt(from + 10) !== 45) return undefined;
  let upper = false;
  for (let i = from + 2; i < to; i++) {
    if (i === from + 10) continue;
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 70) upper = true;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  const id = text.slice(from + 2, from + 10) + text.slice(from + 11, to);
  return upper ? id.toLowerCase() : id;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `KeyError`, `Runtime.ImportModuleError`, `botocore.exceptions.ClientError` */
export function isTypeName(s: string, from: number, to: number): boolean {
  if (to <= from || to - from > 200) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95)) return false;
  }
  return true;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function isSep(c: number): boolean {
  return c === 9 || c === 32;
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** A newline before `end` (the message's own trailing newline does not count). */
export function hasNewline(text: string, from: number, end: number): boolean {
  const nl = text.indexOf('\n', from);
  if (nl >= 0 && nl < end) return true;
  const cr = text.indexOf('\r', from);
  return cr >= 0 && cr < end;
}

export function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** Where the last decimalFrom stopped (a second return value without allocating). */
export let decimalEnd = 0;

/** `619.31` starting at `from`, without slicing; undefined when no digits. Sets decimalEnd. */
export function decimalFrom(text: string, from: number, to: number): number | undefined {
  let n = 0;
  let scale = 1;
  let dot = false;
  let i = from;
  for (; i < to && i - from < 16; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      if (dot) scale *= 10;
    } else if (c === 46 && !dot && i > from) dot = true;
    else break;
  }
  decimalEnd = i;
  return i > from && text.charCodeAt(i - 1) !== 46 ? n / scale : undefined; // exact integers divided: the double Number() gives
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
