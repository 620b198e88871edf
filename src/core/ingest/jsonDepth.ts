// Tracks bracket depth across lines so multi-line JSON values can be cut out of a line stream
// without a full parse (pretty-printed documents, the X-Ray daemon header + document, concatenated JSON).

export class JsonDepthScanner {
  depth = 0;
  private inString = false;
  private escaped = false;

  /** Feeds one chunk of text; returns true when the value that started at depth 0 has closed. */
  feed(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) this.depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth <= 0) return true;
      }
    }
    return false;
  }

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }
}

/**
 * Nesting allowed in a JSON value. Deeper values are skipped (`too-deep`): nothing real nests this far (an X-Ray
 * document 200 subsegments deep is 400 levels), and the views, `JSON.stringify` and `structuredClone` recurse.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * The depth reached when a JSON text nests deeper than `max`, else undefined. Counting brackets first with the
 * native indexOf spares the character scan on nearly every line: fewer brackets than `max` cannot nest deeper.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0 && count <= max; i = text.indexOf('{', i + 1)) count++;
  for (let i = text.indexOf('['); i >= 0 && count <= max; i = text.indexOf('[', i + 1)) count++;
  if (count <= max) return undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) return depth; }
    else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/**
 * Arrays that hold the records of the document formats the readers know. A record cut short (or broken) inside
 * one is dropped; the objects above it are kept as containers. `events` counts only at the top level
 * (CloudWatch export `{events: [...]}`): inside a span it is that span's own events.
 */
const RECORD_LISTS = new Set([
  'resourceSpans', 'scopeSpans', 'instrumentationLibrarySpans', 'spans', 'data', 'Traces', 'Segments', 'subsegments',
  'logEvents', 'resourceLogs', 'scopeLogs', 'logRecords',
]);
/** Record lists nested deeper than this are not rebuilt (the rebuild recurses once per record list). */
const MAX_LIST_NESTING = 64;

export interface SalvageResult {
  /** The document with its broken or cut records left out, or undefined when nothing could be kept. */
  value: unknown;
  /** Character offsets (in the text) where each dropped record starts. */
  dropped: number[];
}

/**
 * Salvages a JSON document that does not parse (cut short, or broken in the middle): every record list keeps its
 * complete, valid records, and the containers above them (resource, scope, trace envelope) are kept around them,
 * so a pretty OTLP file cut mid-string still yields every span closed before the cut, under its resource.
 */
export function salvageDocument(text: string): SalvageResult {
  const s = new Salvager(text);
  let at = 0;
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  const c = text[at];
  const rebuilt = c === '[' ? s.array(at, 0) : c === '{' ? s.object(at, 0, true) : undefined;
  if (!rebuilt || rebuilt.kept === 0) return { value: undefined, dropped: [at] };
  try {
    return { value: JSON.parse(rebuilt.text), dropped: s.dropped };
  } catch {
    return { value: undefined, dropped: [at] };
  }
}

interface Rebuilt { text: string; kept: number }

class Salvager {
  readonly dropped: number[] = [];
  constructor(private readonly t: string) {}

  /** A record list: complete valid elements as written, broken ones rebuilt when they hold record lists. */
  array(at: number, nesting: number): Rebuilt {
    const t = this.t;
    const parts: string[] = [];
    let kept = 0;
    let p = at + 1;
    for (;;) {
      p = this.ws(p);
      if (p >= t.length || t[p] === ']') break;
      const end = this.skipValue(p);
      if (end > 0 && this.parses(p, end)) {
        parts.push(t.slice(p, end));
        kept++;
      } else {
        const mark = this.dropped.length;
        const inner = nesting >= MAX_LIST_NESTING ? undefined
          : t[p] === '[' ? this.array(p, nesting + 1) : t[p] === '{' ? this.object(p, nesting + 1, false) : undefined;
        if (inner && inner.kept > 0) { parts.push(inner.text); kept += inner.kept; }
        else { this.dropped.length = mark; this.dropped.push(p); }
      }
      if (end < 0) break;
      p = this.ws(end);
      if (t[p] !== ',') break; // `]`, the end of the text, or garbage: the list ends here
      p++;
    }
    return { text: `[${parts.join(',')}]`, kept };
  }

  /** An object is kept only when one of its record lists keeps a record; its other complete members come along. */
  object(at: number, nesting: number, top: boolean): Rebuilt | undefined {
    const t = this.t;
    const members: string[] = [];
    let kept = 0;
    let p = at + 1;
    for (;;) {
      p = this.ws(p);
      if (p >= t.length || t[p] !== '"') break;
      const keyEnd = this.skipString(p);
      if (keyEnd < 0) break;
      let key: string;
      try { key = JSON.parse(t.slice(p, keyEnd)) as string; } catch { break; }
      p = this.ws(keyEnd);
      if (t[p] !== ':') break;
      p = this.ws(p + 1);
      if (p >= t.length) break;
      const end = this.skipValue(p);
      const isList = t[p] === '[' && (RECORD_LISTS.has(key) || (top && key === 'events'));
      const name = JSON.stringify(key);
      if (end > 0 && this.parses(p, end)) {
        members.push(`${name}:${t.slice(p, end)}`);
        if (isList) kept += this.countElements(p, end);
      } else if (isList) {
        const list = this.array(p, nesting + 1);
        members.push(`${name}:${list.text}`);
        kept += list.kept;
      } else if (t[p] === '{' && nesting < MAX_LIST_NESTING) { // an envelope such as Jaeger's `{data: {spans}}`
        const inner = this.object(p, nesting + 1, false);
        if (inner) { members.push(`${name}:${inner.text}`); kept += inner.kept; }
      }
      if (end < 0) break;
      p = this.ws(end);
      if (t[p] !== ',') break;
      p++;
    }
    return kept > 0 ? { text: `{${members.join(',')}}`, kept } : undefined;
  }

  private countElements(from: number, to: number): number {
    const v: unknown = JSON.parse(this.t.slice(from, to));
    return Array.isArray(v) ? v.length : 0;
  }

  private parses(from: number, to: number): boolean {
    try { JSON.parse(this.t.slice(from, to)); return true; } catch { return false; }
  }

  private ws(p: number): number {
    while (p < this.t.length && isSpace(this.t.charCodeAt(p))) p++;
    return p;
  }

  private skipString(p: number): number {
    const t = this.t;
    for (let i = p + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return i + 1;
    }
    return -1;
  }

  /** End (exclusive) of the value starting at p, by brackets and strings; -1 when the text ends first. */
  private skipValue(p: number): number {
    const t = this.t;
    const c = t.charCodeAt(p);
    if (c === 34) return this.skipString(p);
    if (c !== 123 && c !== 91) {
      let i = p;
      while (i < t.length && !isSpace(t.charCodeAt(i)) && t[i] !== ',' && t[i] !== ']' && t[i] !== '}') i++;
      return i < t.length ? i : -1; // a number at the very end may be cut short
    }
    let depth = 0;
    for (let i = p; i < t.length; i++) {
      const d = t.charCodeAt(i);
      if (d === 34) {
        i = this.skipString(i) - 1;
        if (i < 0) return -1;
      } else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return i + 1;
      }
    }
    return -1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}
