// Log lines as columns (issue 14 item 4): a million lines are a few typed arrays, string tables and text chunks, not
// a million objects the garbage collector must trace. A `LogEvent` is made only when something reads a line
// (`view(i)`), and is short-lived.
import type { Failure, Format, LogEvent, LogKind, LogLevel, Origin, PlatformRecord, SourceLocation } from '../model';
import { PlatformColumns } from './platformColumns';

export const KINDS: LogKind[] = ['platform', 'runtime', 'app'];
export const LEVELS: (LogLevel | undefined)[] = [undefined, 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
export const FORMATS: Format[] = ['cloudwatch-export', 'cloudwatch-event', 'cloudwatch-subscription', 'lambda-text', 'lambda-json',
  'aws-spans', 'xray', 'otlp', 'jaeger', 'zipkin'];
export const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));
export const LEVEL_CODE = new Map(LEVELS.map((k, i) => [k, i]));
export const FORMAT_CODE = new Map(FORMATS.map((k, i) => [k, i]));

/** The keys of a reader's line (message.ts newEvent): a line with exactly these is stored as columns. */
const LOG_KEYS = new Set(['timestampMs', 'timeUnknown', 'message', 'kind', 'level', 'requestId', 'traceId', 'spanId', 'logGroup',
  'logStream', 'functionName', 'fields', 'frames', 'platform', 'failure', 'format', 'origin']);

/** Per line, the strings kept as indexes into the table's strings (-1: absent). */
export const STRING_COLUMNS = 7;
export const S_REQUEST = 0;
export const S_TRACE = 1;
export const S_SPAN = 2;
export const S_GROUP = 3;
export const S_STREAM = 4;
export const S_FUNCTION = 5;
export const S_FILE = 6;

/** flags: bits 0-1 kind, bits 2-3 timeUnknown (0 absent, 1 true, 2 false), bit 4 fields is text, bit 5 has extras. */
export const TIME_UNKNOWN_TRUE = 4;
export const TIME_UNKNOWN_FALSE = 8;
export const FIELDS_TEXT = 16;
export const HAS_EXTRAS = 32;
/** A parse worker's flag: the line's platform record is in the batch's platform columns. */
export const PLATFORM_COLUMNS = 128;
/** The line could not be columns (another shape): `extras` holds the whole object. */
const WHOLE = 64;

/** The rare, open-ended parts of a line. */
export interface LogExtras { fields?: unknown; frames?: unknown; platform?: unknown; failure?: unknown; path?: string }

/** Text is appended to a pending list and joined into one chunk string every CHUNK characters. */
const CHUNK = 1 << 18;

export class LogTable {
  count = 0;
  private cap = 0;
  private time = new Float64Array(0);
  private line = new Uint32Array(0);
  private flags = new Uint8Array(0);
  private level = new Uint8Array(0);
  private format = new Uint8Array(0);
  private strs = new Int32Array(0);
  /** Text chunk of the line, start of its message in the chunk, message length, fields-text length. */
  private chunk = new Int32Array(0);
  private start = new Uint32Array(0);
  private msgLen = new Uint32Array(0);
  private fieldsLen = new Uint32Array(0);
  private extraOf = new Int32Array(0);
  /** The line's platform record in `platforms` (-1: none). */
  private platOf = new Int32Array(0);
  private readonly platforms = new PlatformColumns((s) => this.intern(s), (i) => this.stringAt(i));
  private extras: (LogExtras | LogEvent)[] = [];
  private strings: string[] = [];
  private stringIndex = new Map<string, number>();
  private chunks: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;

  private grow(need: number): void {
    if (need <= this.cap) return;
    const cap = Math.max(need, this.cap * 2, 1024);
    const g = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.time = g(this.time, cap);
    this.line = g(this.line, cap);
    this.flags = g(this.flags, cap);
    this.level = g(this.level, cap);
    this.format = g(this.format, cap);
    this.strs = g(this.strs, cap * STRING_COLUMNS);
    this.chunk = g(this.chunk, cap);
    this.start = g(this.start, cap);
    this.msgLen = g(this.msgLen, cap);
    this.fieldsLen = g(this.fieldsLen, cap);
    this.extraOf = g(this.extraOf, cap);
    this.platOf = g(this.platOf, cap);
    this.cap = cap;
  }

  /** The index of `s` in the table's strings (-1 for undefined). */
  intern(s: string | undefined): number {
    if (s === undefined) return -1;
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  /** Per string column, the last string stored and its index: consecutive lines mostly repeat them. */
  private lastString: (string | undefined)[] = new Array(STRING_COLUMNS).fill(undefined);
  private lastIndex = new Int32Array(STRING_COLUMNS).fill(-1);

  private internColumn(column: number, s: string | undefined): number {
    if (s === this.lastString[column]) return this.lastIndex[column];
    const i = this.intern(s);
    this.lastString[column] = s;
    this.lastIndex[column] = i;
    return i;
  }

  stringAt(i: number): string | undefined {
    return i < 0 ? undefined : this.strings[i];
  }

  /** Stores a line; returns its row. The object is not kept (unless its shape is not a reader's line). */
  append(e: LogEvent): number {
    const row = this.count;
    this.grow(row + 1);
    this.count++;
    if (!columnar(e)) {
      this.flags[row] = WHOLE;
      this.platOf[row] = -1;
      this.time[row] = e.timestampMs;
      this.extraOf[row] = this.extras.length;
      this.extras.push(e);
      this.chunk[row] = -1;
      const s = row * STRING_COLUMNS;
      this.strs[s + S_REQUEST] = typeof e.requestId === 'string' ? this.intern(e.requestId) : -1;
      this.strs[s + S_TRACE] = typeof e.traceId === 'string' ? this.intern(e.traceId) : -1;
      this.strs[s + S_SPAN] = typeof e.spanId === 'string' ? this.intern(e.spanId) : -1;
      this.strs[s + S_GROUP] = typeof e.logGroup === 'string' ? this.intern(e.logGroup) : -1;
      this.strs[s + S_STREAM] = typeof e.logStream === 'string' ? this.intern(e.logStream) : -1;
      this.strs[s + S_FUNCTION] = typeof e.functionName === 'string' ? this.intern(e.functionName) : -1;
      this.strs[s + S_FILE] = typeof e.origin?.file === 'string' ? this.intern(e.origin.file) : -1;
      this.line[row] = 0;
      return row;
    }
    this.time[row] = e.timestampMs;
    this.line[row] = e.origin.line;
    let flags = KIND_CODE.get(e.kind)! | (e.timeUnknown === undefined ? 0 : e.timeUnknown ? TIME_UNKNOWN_TRUE : TIME_UNKNOWN_FALSE);
    this.level[row] = LEVEL_CODE.get(e.level)!;
    this.format[row] = FORMAT_CODE.get(e.format)!;
    const s = row * STRING_COLUMNS;
    this.strs[s + S_REQUEST] = this.internColumn(S_REQUEST, e.requestId);
    this.strs[s + S_TRACE] = this.internColumn(S_TRACE, e.traceId);
    this.strs[s + S_SPAN] = this.internColumn(S_SPAN, e.spanId);
    this.strs[s + S_GROUP] = this.internColumn(S_GROUP, e.logGroup);
    this.strs[s + S_STREAM] = this.internColumn(S_STREAM, e.logStream);
    this.strs[s + S_FUNCTION] = this.internColumn(S_FUNCTION, e.functionName);
    this.strs[s + S_FILE] = this.internColumn(S_FILE, e.origin.file);
    if (this.pendingLength >= CHUNK) this.seal();
    this.chunk[row] = this.chunks.length;
    this.start[row] = this.pendingLength;
    this.msgLen[row] = e.message.length;
    this.pending.push(e.message);
    this.pendingLength += e.message.length;
    if (typeof e.fields === 'string') {
      flags |= FIELDS_TEXT;
      this.fieldsLen[row] = e.fields.length;
      this.pending.push(e.fields);
      this.pendingLength += e.fields.length;
    } else this.fieldsLen[row] = 0;
    this.platOf[row] = e.platform === undefined ? -1 : this.platforms.add(e.platform);
    if ((e.fields !== undefined && typeof e.fields !== 'string') || e.frames !== undefined ||
      e.failure !== undefined || e.origin.path !== undefined) {
      flags |= HAS_EXTRAS;
      const x: LogExtras = {};
      if (typeof e.fields !== 'string' && e.fields !== undefined) x.fields = e.fields;
      if (e.frames !== undefined) x.frames = e.frames;
      if (e.failure !== undefined) x.failure = e.failure;
      if (e.origin.path !== undefined) x.path = e.origin.path;
      this.extraOf[row] = this.extras.length;
      this.extras.push(x);
    } else this.extraOf[row] = -1;
    this.flags[row] = flags;
    return row;
  }

  /**
   * Adopts a parse worker's batch of `n` lines as they are (no object per line): `text` becomes a chunk, the strings
   * are mapped from the job's table to this one with `map`, lines shifted by `lineOffset`.
   */
  appendColumns(n: number, cols: {
    time: Float64Array; line: Uint32Array; flags: Uint8Array; level: Uint8Array; format: Uint8Array; strings: Int32Array;
    textEnds: Uint32Array; text: string; extras: LogExtras[]; map: ArrayLike<number>; lineOffset: number;
    platform: { type: Uint8Array; mask: Uint16Array; nums: Float64Array; strs: Int32Array };
  }): void {
    if (n === 0) return;
    this.seal();
    const base = this.count;
    this.grow(base + n);
    this.count += n;
    const chunkId = this.chunks.length;
    this.chunks.push(cols.text);
    this.time.set(cols.time.subarray(0, n), base);
    this.level.set(cols.level.subarray(0, n), base);
    this.format.set(cols.format.subarray(0, n), base);
    const map = cols.map;
    const strs = this.strs;
    for (let k = 0, s = base * STRING_COLUMNS; k < n * STRING_COLUMNS; k++, s++) {
      const j = cols.strings[k];
      strs[s] = j < 0 ? -1 : map[j];
    }
    let t = 0;
    let at = 0;
    let extra = 0;
    let plat = 0;
    let platNum = 0;
    let platStr = 0;
    const p = cols.platform;
    const off = cols.lineOffset;
    for (let k = 0; k < n; k++) {
      const row = base + k;
      let f = cols.flags[k];
      const l = cols.line[k];
      this.line[row] = l > 0 ? l + off : l;
      this.chunk[row] = chunkId;
      this.start[row] = at;
      let end = cols.textEnds[t++];
      this.msgLen[row] = end - at;
      at = end;
      if (f & FIELDS_TEXT) {
        end = cols.textEnds[t++];
        this.fieldsLen[row] = end - at;
        at = end;
      } else this.fieldsLen[row] = 0;
      this.platOf[row] = -1;
      this.extraOf[row] = -1;
      if (f & PLATFORM_COLUMNS) {
        const [i, used, strings] = this.platforms.addEncoded(p.type[plat], p.mask[plat], p.nums, platNum, p.strs, platStr, map);
        this.platOf[row] = i;
        plat++; platNum += used; platStr += strings;
        f &= ~PLATFORM_COLUMNS;
      }
      if (f & HAS_EXTRAS) {
        const x = cols.extras[extra++];
        if (x.platform !== undefined) {
          this.platOf[row] = this.platforms.add(x.platform as PlatformRecord);
          x.platform = undefined;
        }
        if (x.fields !== undefined || x.frames !== undefined || x.failure !== undefined || x.path !== undefined) {
          this.extraOf[row] = this.extras.length;
          this.extras.push(x);
        } else f &= ~HAS_EXTRAS;
      }
      this.flags[row] = f;
    }
  }

  /** After a load: the text joined, the columns cut to the lines they hold. */
  trim(): void {
    this.seal();
    const n = this.count;
    this.time = this.time.slice(0, n);
    this.line = this.line.slice(0, n);
    this.flags = this.flags.slice(0, n);
    this.level = this.level.slice(0, n);
    this.format = this.format.slice(0, n);
    this.strs = this.strs.slice(0, n * STRING_COLUMNS);
    this.chunk = this.chunk.slice(0, n);
    this.start = this.start.slice(0, n);
    this.msgLen = this.msgLen.slice(0, n);
    this.fieldsLen = this.fieldsLen.slice(0, n);
    this.extraOf = this.extraOf.slice(0, n);
    this.platOf = this.platOf.slice(0, n);
    this.cap = n;
    this.platforms.trim();
  }

  /** Joins the pending text into a chunk (before reading it, and at the end of a load). */
  seal(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(this.pending.length === 1 ? this.pending[0] : this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  private whole(row: number): LogEvent | undefined {
    return this.flags[row] & WHOLE ? (this.extras[this.extraOf[row]] as LogEvent) : undefined;
  }

  private extrasAt(row: number): LogExtras | undefined {
    const f = this.flags[row];
    return f & HAS_EXTRAS ? (this.extras[this.extraOf[row]] as LogExtras) : undefined;
  }

  private chunkText(row: number): string {
    const c = this.chunk[row];
    if (c >= this.chunks.length) this.seal();
    return this.chunks[c];
  }

  timeAt(row: number): number {
    return this.time[row];
  }

  timeUnknownAt(row: number): boolean | undefined {
    const w = this.whole(row);
    if (w) return w.timeUnknown;
    const tu = this.flags[row] & 12;
    return tu === 0 ? undefined : tu === TIME_UNKNOWN_TRUE;
  }

  lineAt(row: number): number {
    const w = this.whole(row);
    return w ? w.origin.line : this.line[row];
  }

  /** A string column's table index (-1: absent). */
  stringIndexAt(row: number, column: number): number {
    return this.strs[row * STRING_COLUMNS + column];
  }

  stringColumnAt(row: number, column: number): string | undefined {
    return this.stringAt(this.strs[row * STRING_COLUMNS + column]);
  }

  requestIdAt(row: number): string | undefined {
    return this.stringColumnAt(row, S_REQUEST);
  }

  /** Correlation gives a line without a request id the one of the invocation running in its stream. */
  setRequestId(row: number, requestId: string): void {
    this.strs[row * STRING_COLUMNS + S_REQUEST] = this.intern(requestId);
    const w = this.whole(row);
    if (w) w.requestId = requestId;
  }

  messageAt(row: number): string {
    const w = this.whole(row);
    if (w) return w.message;
    const s = this.start[row];
    return this.chunkText(row).slice(s, s + this.msgLen[row]);
  }

  formatAt(row: number): Format {
    const w = this.whole(row);
    return w ? w.format : FORMATS[this.format[row]];
  }

  originAt(row: number): Origin {
    const w = this.whole(row);
    if (w) return w.origin;
    const file = this.strings[this.strs[row * STRING_COLUMNS + S_FILE]];
    const path = this.extrasAt(row)?.path;
    return path !== undefined ? { file, line: this.line[row], path } : { file, line: this.line[row] };
  }

  platformAt(row: number): PlatformRecord | undefined {
    const w = this.whole(row);
    if (w) return w.platform;
    const p = this.platOf[row];
    return p < 0 ? undefined : this.platforms.get(p);
  }

  failureAt(row: number): Failure | undefined {
    const w = this.whole(row);
    if (w) return w.failure;
    return this.extrasAt(row)?.failure as Failure | undefined;
  }

  /** The line's fields when kept as an object (not the text form, which is parsed only on demand). */
  fieldsObjectAt(row: number): Record<string, unknown> | undefined {
    const w = this.whole(row);
    const f = w ? w.fields : this.extrasAt(row)?.fields;
    return typeof f === 'object' && f !== null ? (f as Record<string, unknown>) : undefined;
  }

  /** A short-lived LogEvent of the line, in the shape the readers make (every key present). */
  view(row: number): LogEvent {
    const w = this.whole(row);
    if (w) return w;
    const f = this.flags[row];
    const x = f & HAS_EXTRAS ? (this.extras[this.extraOf[row]] as LogExtras) : undefined;
    const s = row * STRING_COLUMNS;
    const text = this.chunkText(row);
    const at = this.start[row];
    const mEnd = at + this.msgLen[row];
    const tu = f & 12;
    const strs = this.strs;
    const strings = this.strings;
    const str = (i: number) => (i < 0 ? undefined : strings[i]);
    const file = strings[strs[s + S_FILE]];
    return {
      timestampMs: this.time[row],
      timeUnknown: tu === 0 ? undefined : tu === TIME_UNKNOWN_TRUE,
      message: text.slice(at, mEnd),
      kind: KINDS[f & 3],
      level: LEVELS[this.level[row]],
      requestId: str(strs[s + S_REQUEST]),
      traceId: str(strs[s + S_TRACE]),
      spanId: str(strs[s + S_SPAN]),
      logGroup: str(strs[s + S_GROUP]),
      logStream: str(strs[s + S_STREAM]),
      functionName: str(strs[s + S_FUNCTION]),
      fields: f & FIELDS_TEXT ? text.slice(mEnd, mEnd + this.fieldsLen[row]) : (x?.fields as LogEvent['fields']),
      frames: x?.frames as SourceLocation[] | undefined,
      platform: this.platOf[row] < 0 ? undefined : this.platforms.get(this.platOf[row]),
      failure: x?.failure as Failure | undefined,
      format: FORMATS[this.format[row]],
      origin: x?.path !== undefined ? { file, line: this.line[row], path: x.path } : { file, line: this.line[row] },
    };
  }

  /** Views of the given rows, in order. */
  views(rows: readonly number[]): LogEvent[] {
    const out = new Array<LogEvent>(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = this.view(rows[k]);
    return out;
  }
}

/**
 * True when every key and value fits the columns (else the line is kept whole: nothing may be lost or changed).
 * The parse workers ask the same before they encode a line, so both paths store the same lines as columns.
 */
export function columnar(e: LogEvent): boolean {
  let keys = 0;
  for (const k in e) { if (!LOG_KEYS.has(k)) return false; keys++; }
  if (keys !== LOG_KEYS.size) return false;
  const o = e.origin as Origin | undefined;
  if (!o || typeof o.file !== 'string' || typeof o.line !== 'number' || o.line < 0 || o.line > 0xffffffff || !Number.isInteger(o.line)) return false;
  for (const k in o) if (k !== 'file' && k !== 'line' && k !== 'path') return false;
  if (o.path !== undefined && typeof o.path !== 'string') return false;
  if (typeof e.message !== 'string' || typeof e.timestampMs !== 'number') return false;
  if (!KIND_CODE.has(e.kind) || !LEVEL_CODE.has(e.level) || !FORMAT_CODE.has(e.format)) return false;
  if (e.timeUnknown !== undefined && typeof e.timeUnknown !== 'boolean') return false;
  return optionalString(e.requestId) && optionalString(e.traceId) && optionalString(e.spanId) && optionalString(e.logGroup) &&
    optionalString(e.logStream) && optionalString(e.functionName);
}

function optionalString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}
