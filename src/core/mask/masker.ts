// Masks secrets in the records readers emit, before anything keeps them. A masked value reads `****` and a short
// keyed hash: HMAC-SHA256 with a key made fresh in each process, so equal secrets can be told apart on screen and
// nothing about them can be recovered (not even by hashing guesses: the key never leaves memory).
import { createHmac, randomBytes } from 'crypto';
import type { Attributes, LogEvent, Span } from '../model';
import { KeyClassifier, KeyRules, MaskPatternError } from './keys';
import { isCardNumber, maskShapes, PREFILTER } from './shapes';
import { maskPairs } from './pairs';

export interface MaskOptions extends KeyRules {
  /** Default true. */
  enabled?: boolean;
  /** Extra secret shapes: regular expressions; every match is masked wherever it appears. */
  values?: readonly string[];
}

export const MASK_PREFIX = '****';
let processKey: Buffer | undefined;

/**
 * The process's key, to hand to the parse workers (parallelLoad.ts): they mask before the records reach this thread,
 * and an equal secret must read the same whichever thread masked it. Never written anywhere.
 */
export function maskKey(): Buffer {
  return (processKey ??= randomBytes(32));
}

/** In a parse worker: mask with the loading thread's key. */
export function useMaskKey(key: Uint8Array): void {
  processKey = Buffer.from(key);
}

export function hideSecret(secret: string): string {
  processKey ??= randomBytes(32);
  return MASK_PREFIX + createHmac('sha256', processKey).update(secret).digest('hex').slice(0, 6);
}

type Container = Record<string, unknown> | unknown[];

export class Masker {
  private readonly keys: KeyClassifier;
  private readonly extraValues: RegExp[];
  /** User key patterns cannot be prefiltered by stems: every string is scanned for key=value pairs. */
  private readonly scanAll: boolean;
  /** The resource attributes last masked: OTLP and Jaeger share one resource object between a batch's spans. */
  private lastResource?: Attributes;
  private readonly hide = hideSecret;

  constructor(opts: MaskOptions = {}) {
    this.keys = new KeyClassifier(opts);
    this.extraValues = (opts.values ?? []).filter((p) => p.trim() !== '').map((p) => {
      try { return new RegExp(p, 'g'); } catch (e) { throw new MaskPatternError(p, (e as Error).message); }
    });
    this.scanAll = this.keys.hasExtraKeys;
  }

  /** True when the key names a secret (built-in rule and the user's patterns). */
  isSecretKey(key: string): boolean { return this.keys.isSecret(key); }

  /**
   * Short strings that needed nothing, remembered: attribute values, span names and services repeat on every record.
   * Only clean strings are kept, so no secret stays in this cache.
   */
  private clean = new Set<string>();

  /** Free text: JSON text is masked field by field (and stays JSON); other text by shapes and key=value pairs. */
  text(s: string): string {
    // Below 8 characters there is no room for a recognisable secret, nor for a key=value pair holding one.
    if (s.length < 8) return s;
    let out = s;
    if (this.scanAll || PREFILTER.test(s)) {
      const json = this.jsonText(s);
      if (json !== undefined) return this.extra(json);
      out = maskPairs(maskShapes(s, this.hide), this.keys, this.hide);
    }
    return this.extra(out);
  }

  /** Masks an attribute map in place: values under secret keys whole, other strings as text. */
  attributes(a: Attributes | undefined): void {
    if (a) this.walk(a, false);
  }

  log(e: LogEvent): void {
    // Lambda's own lines (START, END, REPORT, platform.* records) carry ids and numbers, never the app's data; they
    // are half the lines of a typical log group, so skipping them halves the cost.
    if (e.kind === 'platform') return;
    const message = e.message;
    e.message = this.text(message);
    if (typeof e.fields === 'string') e.fields = e.fields === message ? e.message : this.text(e.fields);
    else if (e.fields) this.walk(e.fields, false);
    if (e.failure) {
      if (e.failure.errorMessage !== undefined) e.failure.errorMessage = this.text(e.failure.errorMessage);
      if (e.failure.errorType !== undefined) e.failure.errorType = this.text(e.failure.errorType);
    }
  }

  span(s: Span): void {
    s.name = this.repeated(s.name);
    s.service = this.repeated(s.service);
    if (s.statusMessage !== undefined) s.statusMessage = this.text(s.statusMessage);
    this.attributes(s.attributes);
    if (s.resourceAttributes !== this.lastResource) {
      this.attributes(s.resourceAttributes);
      this.lastResource = s.resourceAttributes;
    }
    for (const ev of s.events) { ev.name = this.repeated(ev.name); this.attributes(ev.attributes); }
    for (const l of s.links) this.attributes(l.attributes);
    for (const x of s.exceptions) {
      if (x.type !== undefined) x.type = this.text(x.type);
      if (x.message !== undefined) x.message = this.text(x.message);
      if (x.stack !== undefined) x.stack = this.text(x.stack);
    }
    if (s.remote) {
      const name = this.repeated(s.remote.name);
      if (name !== s.remote.name) s.remote = { ...s.remote, name, id: `${s.remote.type}:${name}` };
    }
  }

  /** text() for short, repetitive strings (names, attribute values), with the clean-string cache in front. */
  private repeated(s: string): string {
    if (s.length < 8 || this.clean.has(s)) return s;
    const out = this.text(s);
    if (out === s && s.length <= 256) {
      if (this.clean.size >= 50_000) this.clean = new Set(); // bounded: values come from the data
      this.clean.add(s);
    }
    return out;
  }

  private extra(s: string): string {
    for (const re of this.extraValues) s = s.replace(re, (m) => (m === '' ? m : this.hide(m)));
    return s;
  }

  /** The masked JSON text when `s` is a JSON object or array with something to mask; undefined when not JSON. */
  private jsonText(s: string): string | undefined {
    const c = s.charCodeAt(0);
    if (c !== 123 /* { */ && c !== 91 /* [ */) return undefined;
    let v: unknown;
    try { v = JSON.parse(s); } catch { return undefined; }
    if (v === null || typeof v !== 'object') return undefined;
    if (!this.walk(v as Container, false)) return s;
    try {
      return JSON.stringify(v);
    } catch {
      return undefined; // nested too deep for JSON.stringify's recursion: masked as text instead
    }
  }

  /** Iterative (deep JSON must not overflow the stack); mutates in place; true when something was masked. */
  private walk(root: Container, secret: boolean): boolean {
    let changed = false;
    let stack: [Container, boolean][] | undefined; // only for nested values: most attribute maps are flat
    let c: Container | undefined = root;
    let under = secret;
    while (c !== undefined) {
      if (Array.isArray(c)) {
        for (let i = 0; i < c.length; i++) {
          const v = c[i];
          const nv = this.value(v, under);
          if (nv !== v) { c[i] = nv; changed = true; } else if (v !== null && typeof v === 'object') (stack ??= []).push([v as Container, under]);
        }
      } else {
        for (const k in c) {
          const v = c[k];
          const hidden = under || this.keys.isSecret(k);
          const nv = this.value(v, hidden);
          if (nv !== v) { c[k] = nv; changed = true; } else if (v !== null && typeof v === 'object') (stack ??= []).push([v as Container, hidden]);
        }
      }
      const next = stack?.pop();
      c = next?.[0];
      under = next?.[1] ?? false;
    }
    return changed;
  }

  /** A leaf's masked value (objects and arrays are returned as they are: walk() descends into them). */
  private value(v: unknown, hidden: boolean): unknown {
    if (typeof v === 'string') return hidden ? (v === '' || v.startsWith(MASK_PREFIX) ? v : this.hide(v)) : this.repeated(v);
    if (typeof v === 'number') return hidden || (v >= 1e12 && Number.isInteger(v) && isCardNumber(String(v))) ? this.hide(String(v)) : v;
    return v;
  }
}

/** The masker for these options, or undefined when masking is turned off. */
export function createMasker(opts: MaskOptions = {}): Masker | undefined {
  return opts.enabled === false ? undefined : new Masker(opts);
}
