// Secrets found by their shape in free text: AWS key ids (and a secret key beside one), bearer tokens, JWTs, PEM
// private keys, GitHub / Slack / Stripe / Google / npm tokens, passwords in URLs, card numbers passing Luhn.

const STEMS = ['pass', 'pwd', 'secret', 'cred', 'token', 'auth', 'cookie', 'signature', 'key', 'bearer'];
const SHAPE_STARTS = String.raw`A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA|PKA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{16}|eyJ|-----BEGIN|gh[pousr]_|github_pat_|xox|_live_|_test_|whsec_|AIza|npm_|:\/\/[^\s/@]*@|(?<!\d(?<!%[0-9A-Fa-f]\d))[2-6]\d{3}[ -]?\d{4}[ -]?\d{4}`;

/**
 * Cheap first test: a string it does not match needs no further work. Covers every shape below and every secret key
 * stem the key=value scan looks for (a superset: a hit only means "look closer"). One expression, the stems spelled
 * case-insensitively by hand, since the shapes are case-sensitive: one pass over the string instead of two.
 */
export const PREFILTER = new RegExp(`${STEMS.map((w) => w.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`)).join('|')}|${SHAPE_STARTS}`);

/** A word start, where `%20` (URL-encoded text) also counts as a separator. */
const START = String.raw`(?<![A-Za-z0-9](?<!%[0-9A-Fa-f]{2}))`;
const AWS_KEY_ID = String.raw`${START}(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b`;

/** Each alternative is a named group; `keep` groups are shown, `hide` groups are masked. */
const SHAPES = new RegExp([
  `(?<akid>${AWS_KEY_ID})`,
  String.raw`(?<bkeep>${START}[Bb]earer\s+)(?<bhide>[A-Za-z0-9\-._~+/]{8,}=*)`,
  String.raw`(?<jwt>${START}eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)`,
  String.raw`(?<pkeep>-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)(?<phide>[\s\S]*?)(?=-----END|$)`,
  String.raw`(?<tok>${START}(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}|xox[abposre]-[A-Za-z0-9-]{10,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36})\b)`,
  String.raw`(?<ukeep>${START}[A-Za-z][A-Za-z0-9+.-]{1,30}://[^\s:/?#@"'<>]*:)(?<uhide>[^\s/?#@"'<>]+)(?=@)`,
  String.raw`(?<![\w.-](?<!%[0-9A-Fa-f]{2}))(?<!%[0-9A-Fa-f]?)(?<card>[2-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{1,7}|3[47]\d{2}[ -]?\d{6}[ -]?\d{5})(?![\w-]|\.\d)`,
].join('|'), 'g');

/**
 * A 40-character AWS secret access key: only masked in a string that also holds an access key id. From 20 characters
 * on, so that a secret cut short (a problem message quotes 60 characters at most) is masked too.
 */
const AWS_SECRET = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{20,40}(?![A-Za-z0-9/+=])/g;
const AWS_KEY_ID_ANY = new RegExp(AWS_KEY_ID);

type Hide = (secret: string) => string;

export function maskShapes(text: string, hide: Hide): string {
  let sawKeyId = false;
  const out = text.replace(SHAPES, (m: string, ...args: unknown[]) => {
    const g = args[args.length - 1] as Record<string, string | undefined>;
    if (g.akid) { sawKeyId = true; return hide(m); }
    if (g.bhide) return /[0-9\-._~+/=]/.test(g.bhide) ? g.bkeep + hide(g.bhide) : m; // "Bearer authentication" is prose
    if (g.jwt || g.tok) return hide(m);
    if (g.pkeep !== undefined) return g.phide ? g.pkeep + hide(g.phide) : m;
    if (g.uhide) return g.uhide.startsWith('****') ? m : g.ukeep + hide(g.uhide);
    if (g.card) return isCardNumber(m) ? hide(m) : m;
    return m;
  });
  if (!sawKeyId && !AWS_KEY_ID_ANY.test(text)) return out;
  return out.replace(AWS_SECRET, (m) => (/[A-Z]/.test(m) && /[a-z]/.test(m)) || /[/+]/.test(m) ? hide(m) : m);
}

/** 13-19 digits, a card network's prefix, and the Luhn check (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay). */
export function isCardNumber(s: string): boolean {
  const d = s.replace(/[ -]/g, '');
  if (d.length < 13 || d.length > 19) return false;
  if (!/^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6)/.test(d)) return false;
  let sum = 0;
  for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let n = d.charCodeAt(i) - 48;
    if (dbl) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return sum % 10 === 0;
}
