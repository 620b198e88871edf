// Which key names hold secrets: attribute keys, JSON fields, HTTP headers, query and form parameters.
// Keys are cut into lower-case words (`apiKey`, `X-Api-Key`, `api_key` -> api, key) so that ordinary words that
// merely contain a stem (monkey, keyboard, passenger, tokenizer) stay visible.

/** A word that holds a secret wherever it stands in the key (`db.password`, `clientSecret`, `x-amz-security-token`). */
const SECRET_WORD = /(?:password|passwd|passphrase|passcode|secrets?|credentials?|token|cookies?|authorization|signature|apikey|accesskey|secretkey|privatekey)$|^(?:pass|pwd|auth|creds?)$/;

/**
 * A bare `key` is not a secret (an S3 object key, a DynamoDB `Key`, a cache or idempotency key): only after one of
 * these words (`api_key`, `x-api-key`, `AccountKey`, `private-key`).
 */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'client', 'auth', 'signing', 'encryption', 'decryption', 'master', 'session',
  'license', 'licence', 'app', 'subscription', 'account', 'shared', 'ssh', 'consumer', 'hmac', 'webhook', 'primary',
  'secondary', 'storage', 'root', 'jwt', 'crypto', 'gpg', 'pgp', 'rsa',
]);

/** A last word that makes the key describe a secret rather than hold it (`secret_arn`, `token_type`, `password_policy`). */
const ABOUT_WORDS = new Set([
  'name', 'names', 'arn', 'id', 'ids', 'type', 'types', 'count', 'length', 'len', 'size', 'policy', 'expiry', 'expires',
  'expiration', 'expired', 'ttl', 'version', 'enabled', 'required', 'provider', 'source', 'kind', 'format', 'algorithm',
  'alg', 'region', 'method', 'mode', 'scheme', 'url', 'uri', 'endpoint', 'path', 'file', 'prefix', 'rotation', 'status',
  'valid', 'present', 'missing', 'error', 'at', 'in', 'age', 'location', 'hint', 'used', 'usage',
]);

export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The built-in rule: true when the key names a secret. */
export function isSecretKeyName(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 0 || ABOUT_WORDS.has(words[words.length - 1])) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (SECRET_WORD.test(w)) return true;
    if (w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])) return true;
  }
  return false;
}

export interface KeyRules {
  /** Extra keys to mask: case-insensitive regular expressions matched against the whole key. */
  keys?: readonly string[];
  /** Keys never masked by name (their values are still scanned for secret shapes), same syntax. */
  allowKeys?: readonly string[];
}

/** The key classifier with a user's additions; remembers its answers, since the same keys repeat on every record. */
export class KeyClassifier {
  private readonly extra?: RegExp;
  private readonly allow?: RegExp;
  private readonly cache = new Map<string, boolean>();

  constructor(rules: KeyRules = {}) {
    this.extra = wholeMatch(rules.keys);
    this.allow = wholeMatch(rules.allowKeys);
  }

  get hasExtraKeys(): boolean { return this.extra !== undefined; }

  isSecret(key: string): boolean {
    let v = this.cache.get(key);
    if (v === undefined) {
      v = !this.allow?.test(key) && (isSecretKeyName(key) || this.extra?.test(key) === true);
      if (this.cache.size < 10_000) this.cache.set(key, v); // bounded: keys come from the data
    }
    return v;
  }
}

/** One regex for a list of patterns, each matching a whole key, case-insensitively. Bad patterns throw (named). */
function wholeMatch(patterns: readonly string[] | undefined): RegExp | undefined {
  const list = (patterns ?? []).filter((p) => p.trim() !== '');
  if (list.length === 0) return undefined;
  for (const p of list) {
    try { new RegExp(p); } catch (e) { throw new MaskPatternError(p, (e as Error).message); }
  }
  return new RegExp(`^(?:${list.map((p) => `(?:${p})`).join('|')})$`, 'i');
}

export class MaskPatternError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`masking pattern ${JSON.stringify(pattern)} is not a regular expression: ${reason}`);
  }
}
