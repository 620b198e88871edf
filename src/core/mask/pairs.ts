// Secrets found by their key in free text: `password=...` (query strings, form bodies, connection strings),
// `"token": "..."` (JSON, also JSON escaped inside JSON), `X-Api-Key: ...` and `Cookie: ...` headers.
import type { KeyClassifier } from './keys';

/** A whole Cookie / Set-Cookie header line: every cookie in it, not only the first. */
const COOKIE_HEADER = /\b((?:set-)?cookie\s*:\s*)([^\r\n"\\]+)/gi;

/**
 * A key (optionally quoted, or quoted with escaped quotes) and `:` or `=`. Only the key is consumed, so that when it
 * is not a secret the scan goes on inside its value (`error: X-Amz-Security-Token=...`, `msg="password=..."`).
 */
const KEY = /(?<![A-Za-z0-9_.:-])(\\?["']?)([A-Za-z][A-Za-z0-9_.-]{0,80})\1[ \t]{0,3}(?:=|:(?!\/\/))[ \t]{0,3}/g;

/**
 * The value right after a secret key: a JSON string, an escaped JSON string, a single-quoted string, or an unquoted
 * run (after an optional auth scheme, which stays visible).
 */
const VALUE = new RegExp(
  String.raw`"((?:[^"\\\n]|\\.)*)"|\\"((?:[^"\\]|\\(?!")[\s\S])*?)\\"|'([^'\n]*)'|` +
  String.raw`((?:Bearer|Basic|Digest|Negotiate|Token|AWS4-HMAC-SHA256)[ \t]+)?([^\s&,;"'<>(){}\[\]\\?#]+)`,
  'y',
);

type Hide = (secret: string) => string;

export function maskPairs(text: string, keys: KeyClassifier, hide: Hide): string {
  let s = text;
  if (/cookie/i.test(s)) s = s.replace(COOKIE_HEADER, (m, head: string, value: string) => (value.startsWith('****') ? m : head + hide(value)));
  let out = '';
  let copied = 0;
  KEY.lastIndex = 0;
  for (let k = KEY.exec(s); k; k = KEY.exec(s)) {
    if (!keys.isSecret(k[2])) continue;
    VALUE.lastIndex = KEY.lastIndex;
    const v = VALUE.exec(s);
    if (!v) continue;
    const [all, dq, eq, sq, scheme, bare] = v;
    const value = dq ?? eq ?? sq ?? bare ?? '';
    if (value === '' || value.startsWith('****')) continue;
    if (bare !== undefined && !scheme && (bare === 'true' || bare === 'false' || bare === 'null')) continue;
    const start = v.index + (dq !== undefined || sq !== undefined ? 1 : eq !== undefined ? 2 : scheme?.length ?? 0);
    out += s.slice(copied, start) + hide(value);
    copied = start + value.length;
    KEY.lastIndex = v.index + all.length;
  }
  return copied === 0 ? s : out + s.slice(copied);
}
