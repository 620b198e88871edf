// What a parse worker sends back: the sink calls of a read, in order, as columns in transferable ArrayBuffers plus
// string tables. Log lines (a million in a big load) are columns: numbers in typed arrays, the repeated strings
// (request and trace ids, file, group, stream) as indexes into a table sent once per new entry, the messages as one
// concatenated string cut by offsets. Only what is rare or open-ended travels as serialized objects (v8.serialize,
// into one transferable buffer per batch): spans, skips, and a log line's parsed fields, frames, platform record
// and failure. The loading thread replays the calls into its sink exactly as a single-threaded read would make them.
import { deserialize, serialize } from 'v8';
import type { LogEvent, Origin, Span } from '../model';
import { columnar, FIELDS_TEXT, FORMAT_CODE, FORMATS, HAS_EXTRAS, KIND_CODE, KINDS, LEVEL_CODE, LEVELS, LogExtras, LogTable, PLATFORM_COLUMNS, STRING_COLUMNS } from '../logs/logTable';
import { decodePlatform, encodePlatform, PlatformBatch } from '../logs/platformColumns';
import type { SkipReason, Sink } from '../readers/types';

// The codes are the LogTable's: the loading thread adopts the columns as they are.
/** The order of sink calls: one byte each. */
const OP_LOG = 0;
const OP_SPAN = 1;
const OP_SKIP = 2;
/** A log line that could not be columns (an unexpected key or type): it is in `objects` whole. */
const OP_LOG_OBJECT = 3;


/** One batch, as posted: every ArrayBuffer in it is transferred. */
export interface ColumnBatch {
  ops: ArrayBuffer;
  count: number;
  logs: number;
  time: ArrayBuffer;
  line: ArrayBuffer;
  flags: ArrayBuffer;
  level: ArrayBuffer;
  format: ArrayBuffer;
  strings: ArrayBuffer;
  /** End offset in `text` of each line's message, and of its fields text when it has one. */
  textEnds: ArrayBuffer;
  text: string;
  /** Platform records of the lines flagged PLATFORM_COLUMNS, as columns (see platformColumns.ts). */
  platType: ArrayBuffer;
  platMask: ArrayBuffer;
  platNums: ArrayBuffer;
  platStrs: ArrayBuffer;
  /** New entries of the job's string table, in index order from `tableBase`. */
  newStrings: string[];
  tableBase: number;
  /**
   * [spans, skips, log extras, whole log objects] as JSON text when every value survives JSON unchanged (JSON.parse
   * rebuilds them several times faster than v8.deserialize), else v8.serialize'd into `objects`.
   */
  json?: string;
  objects?: ArrayBuffer;
  /** New entries of the job's table of resource attribute objects (spans share them: sent once, by index). */
  newResources: string;
  resourceBase: number;
  /** Bytes of the file read since the last batch. */
  bytes: number;
}

export function transferList(b: ColumnBatch): ArrayBuffer[] {
  const list = [b.ops, b.time, b.line, b.flags, b.level, b.format, b.strings, b.textEnds, b.platType, b.platMask, b.platNums, b.platStrs];
  if (b.objects) list.push(b.objects);
  return list;
}


/** The worker's side: a Sink that fills columns and hands a batch over every `batchSize` calls. */
export class ColumnWriter implements Sink {
  private table = new Map<string, number>();
  private tableSize = 0;
  private newStrings: string[] = [];
  private tableBase = 0;
  private ops: number[] = [];
  private time: number[] = [];
  private line: number[] = [];
  private flags: number[] = [];
  private level: number[] = [];
  private format: number[] = [];
  private strings: number[] = [];
  private textEnds: number[] = [];
  private text: string[] = [];
  private textLength = 0;
  private plat: PlatformBatch = { type: [], mask: [], nums: [], strs: [] };
  private readonly index = (s: string) => this.stringIndex(s);
  private spans: Span[] = [];
  private skips: [SkipReason, Origin, string][] = [];
  private extras: LogExtras[] = [];
  private wholeLogs: LogEvent[] = [];
  private bytes = 0;
  private resources = new Map<object, number>();
  private newResources: object[] = [];
  private resourceBase = 0;

  constructor(private readonly post: (b: ColumnBatch) => void, private readonly batchSize = 8192, private readonly maxText = 4 << 20) {}

  addBytes(n: number): void {
    this.bytes += n;
  }

  log(e: LogEvent): void {
    if (!columnar(e)) {
      this.ops.push(OP_LOG_OBJECT);
      this.wholeLogs.push(e);
      return this.maybeFlush();
    }
    this.ops.push(OP_LOG);
    this.time.push(e.timestampMs);
    this.line.push(e.origin.line);
    let flags = KIND_CODE.get(e.kind)! | (e.timeUnknown === undefined ? 0 : e.timeUnknown ? 4 : 8);
    this.level.push(LEVEL_CODE.get(e.level)!);
    this.format.push(FORMAT_CODE.get(e.format)!);
    this.str(e.requestId);
    this.str(e.traceId);
    this.str(e.spanId);
    this.str(e.logGroup);
    this.str(e.logStream);
    this.str(e.functionName);
    this.str(e.origin.file);
    this.addText(e.message);
    if (typeof e.fields === 'string') { flags |= FIELDS_TEXT; this.addText(e.fields); }
    // Platform records go as columns too (most lines of a Lambda log); one that does not fit goes in the extras.
    const platform = e.platform !== undefined && !encodePlatform(e.platform, this.index, this.plat) ? e.platform : undefined;
    if (e.platform !== undefined && platform === undefined) flags |= PLATFORM_COLUMNS;
    if ((e.fields !== undefined && typeof e.fields !== 'string') || e.frames !== undefined || platform !== undefined ||
      e.failure !== undefined || e.origin.path !== undefined) {
      flags |= HAS_EXTRAS;
      const x: LogExtras = {};
      if (typeof e.fields !== 'string' && e.fields !== undefined) x.fields = e.fields;
      if (e.frames !== undefined) x.frames = e.frames;
      if (platform !== undefined) x.platform = platform;
      if (e.failure !== undefined) x.failure = e.failure;
      if (e.origin.path !== undefined) x.path = e.origin.path;
      this.extras.push(x);
    }
    this.flags.push(flags);
    this.maybeFlush();
  }

  span(s: Span): void {
    this.ops.push(OP_SPAN);
    this.spans.push(s);
    this.maybeFlush();
  }

  skip(reason: SkipReason, origin: Origin, message: string): void {
    this.ops.push(OP_SKIP);
    this.skips.push([reason, origin, message]);
    this.maybeFlush();
  }

  flush(): void {
    if (this.ops.length === 0 && this.bytes === 0) return;
    const logs = this.time.length;
    const batch: ColumnBatch = {
      ops: Uint8Array.from(this.ops).buffer,
      count: this.ops.length,
      logs,
      time: Float64Array.from(this.time).buffer,
      line: Uint32Array.from(this.line).buffer,
      flags: Uint8Array.from(this.flags).buffer,
      level: Uint8Array.from(this.level).buffer,
      format: Uint8Array.from(this.format).buffer,
      strings: Int32Array.from(this.strings).buffer,
      textEnds: Uint32Array.from(this.textEnds).buffer,
      text: this.text.join(''),
      platType: Uint8Array.from(this.plat.type).buffer,
      platMask: Uint16Array.from(this.plat.mask).buffer,
      platNums: Float64Array.from(this.plat.nums).buffer,
      platStrs: Int32Array.from(this.plat.strs).buffer,
      newStrings: this.newStrings,
      tableBase: this.tableBase,
      newResources: '[]',
      resourceBase: this.resourceBase,
      bytes: this.bytes,
    };
    this.packObjects(batch);
    this.tableBase = this.tableSize;
    this.newStrings = [];
    this.resourceBase = this.resources.size;
    this.newResources = [];
    this.ops = []; this.time = []; this.line = []; this.flags = []; this.level = []; this.format = [];
    this.strings = []; this.textEnds = []; this.text = []; this.textLength = 0;
    this.plat = { type: [], mask: [], nums: [], strs: [] };
    this.spans = []; this.skips = []; this.extras = []; this.wholeLogs = [];
    this.bytes = 0;
    this.post(batch);
  }

  /** JSON when nothing would change on the way (finite numbers, plain objects, no object shared but origins, sources and resources). */
  private packObjects(batch: ColumnBatch): void {
    const payload = [this.spans, this.skips, this.extras, this.wholeLogs];
    const seen = new Set<object>();
    let safe = true;
    for (const sp of this.spans) {
      const r = sp.resourceAttributes;
      if (r !== undefined && !this.resources.has(r)) {
        if (!jsonSafe(r, seen, 0)) { safe = false; break; }
        this.resources.set(r, this.resources.size);
        this.newResources.push(r);
      }
      for (const k in sp) {
        const v = (sp as unknown as Record<string, unknown>)[k];
        if (k === 'resourceAttributes' || v === undefined) continue;
        // Origins and source locations may be shared (X-Ray: a segment's source is its exception's frame); nothing
        // mutates or compares them by identity, so a copy each is the same span.
        if (!jsonSafe(v, k === 'origin' || k === 'source' ? undefined : seen, 0)) { safe = false; break; }
      }
      if (!safe) break;
    }
    safe &&= jsonSafe(this.skips, undefined, 0) && jsonSafe(this.extras, seen, 0) && jsonSafe(this.wholeLogs, seen, 0);
    if (!safe) {
      // Resources tabled in this batch are sent anyway; spans keep their own objects in the v8 form.
      batch.newResources = JSON.stringify(this.newResources);
      batch.objects = toArrayBuffer(serialize(payload));
      return;
    }
    const held: (Record<string, unknown> | undefined)[] = [];
    for (const sp of this.spans) {
      const r = sp.resourceAttributes;
      held.push(r);
      if (r !== undefined) (sp as unknown as { resourceAttributes: number }).resourceAttributes = this.resources.get(r)!;
    }
    batch.newResources = JSON.stringify(this.newResources);
    batch.json = JSON.stringify(payload);
    this.spans.forEach((sp, i) => { sp.resourceAttributes = held[i] as Span['resourceAttributes']; });
  }

  private maybeFlush(): void {
    if (this.ops.length >= this.batchSize || this.textLength >= this.maxText) this.flush();
  }

  private str(s: string | undefined): void {
    this.strings.push(s === undefined ? -1 : this.stringIndex(s));
  }

  private stringIndex(s: string): number {
    let i = this.table.get(s);
    if (i === undefined) {
      i = this.tableSize++;
      this.table.set(s, i);
      this.newStrings.push(s);
    }
    return i;
  }

  private addText(s: string): void {
    this.text.push(s);
    this.textLength += s.length;
    this.textEnds.push(this.textLength);
  }
}

/** JSON.parse(JSON.stringify(v)) would equal v (keys whose value is undefined aside) and share nothing `seen` has. */
function jsonSafe(v: unknown, seen: Set<object> | undefined, depth: number): boolean {
  switch (typeof v) {
    case 'string': case 'boolean': return true;
    case 'number': return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (depth > 600) return false;
      if (seen) {
        if (seen.has(v)) return false;
        seen.add(v);
      }
      if (Array.isArray(v)) {
        for (const x of v) if (x === undefined || !jsonSafe(x, seen, depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined && !jsonSafe(x, seen, depth + 1)) return false;
      }
      return true;
    }
    default: return false;
  }
}


function toArrayBuffer(b: Buffer): ArrayBuffer {
  // serialize() may hand out a slice of a pooled buffer: copy into one of our own, so transferring it is safe.
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}

/** The loading thread's side of one job: the string table so far, and the line offset to add. */
export class ColumnReader {
  private table: string[] = [];
  private resources: object[] = [];

  /** Job string index -> the sink's LogTable index. */
  private map: number[] = [];

  /** `lineOffset`: lines before the job's range, when the worker could not know them (0 when it did). */
  constructor(private readonly lineOffset = 0) {}

  /** Replays the batch's sink calls, in order, into `sink`; returns the log lines and spans it held. */
  replay(b: ColumnBatch, sink: Sink): number {
    for (let i = 0; i < b.newStrings.length; i++) this.table[b.tableBase + i] = b.newStrings[i];
    const ops = new Uint8Array(b.ops);
    const time = new Float64Array(b.time);
    const line = new Uint32Array(b.line);
    const flags = new Uint8Array(b.flags);
    const level = new Uint8Array(b.level);
    const format = new Uint8Array(b.format);
    const strings = new Int32Array(b.strings);
    const textEnds = new Uint32Array(b.textEnds);
    const fresh = JSON.parse(b.newResources) as object[];
    for (let i = 0; i < fresh.length; i++) this.resources[b.resourceBase + i] = fresh[i];
    const [spans, skips, extras, wholeLogs] = (b.json !== undefined ? JSON.parse(b.json) : deserialize(new Uint8Array(b.objects!))) as
      [Span[], [SkipReason, Origin, string][], LogExtras[], LogEvent[]];
    if (b.json !== undefined) {
      for (const sp of spans) {
        const r = sp.resourceAttributes as unknown;
        if (typeof r === 'number') sp.resourceAttributes = this.resources[r] as Span['resourceAttributes'];
      }
    }
    const table = this.table;
    const text = b.text;
    const off = this.lineOffset;
    const shifted = off === 0 ? undefined : new Set<Origin>();
    const shift = (o: Origin): Origin => {
      // Objects may share an origin: move each once.
      if (shifted && !shifted.has(o)) { shifted.add(o); if (o.line > 0) o.line += off; }
      return o;
    };
    const columns = isColumnSink(sink) ? sink : undefined;
    if (columns) for (let i = 0; i < b.newStrings.length; i++) this.map[b.tableBase + i] = columns.logTable.intern(b.newStrings[i]);
    // The lines go into the sink's table as the columns they came in: no object per line. A batch with a line
    // kept whole (another shape) is replayed call by call, so the rows stay in the order of the read.
    if (columns && wholeLogs.length === 0) return this.replayColumns(b, columns, ops, spans, skips, extras, shift);
    const platType = new Uint8Array(b.platType);
    const platMask = new Uint16Array(b.platMask);
    const platNums = new Float64Array(b.platNums);
    const platStrs = new Int32Array(b.platStrs);
    let plat = 0;
    let platNum = 0;
    let platStr = 0;
    let log = 0;
    let span = 0;
    let skip = 0;
    let extra = 0;
    let whole = 0;
    let t = 0;
    let at = 0;
    let records = 0;
    for (let i = 0; i < b.count; i++) {
      const op = ops[i];
      if (op === OP_LOG) {
        const f = flags[log];
        const s = log * STRING_COLUMNS;
        const message = text.slice(at, textEnds[t]);
        at = textEnds[t++];
        let fields: LogEvent['fields'];
        if (f & FIELDS_TEXT) { fields = text.slice(at, textEnds[t]); at = textEnds[t++]; }
        const x = f & HAS_EXTRAS ? extras[extra++] : undefined;
        if (x && x.fields !== undefined) fields = x.fields as Record<string, unknown>;
        let platform = x?.platform as LogEvent['platform'];
        if (f & PLATFORM_COLUMNS) {
          const [p, n, k] = decodePlatform(platType[plat], platMask[plat], platNums, platNum, platStrs, platStr, (j) => table[j]);
          platform = p;
          plat++; platNum += n; platStr += k;
        }
        const l = line[log];
        const origin: Origin = x?.path !== undefined
          ? { file: table[strings[s + 6]], line: l > 0 ? l + off : l, path: x.path }
          : { file: table[strings[s + 6]], line: l > 0 ? l + off : l };
        const tu = f & 12;
        // The shape of message.ts newEvent: one hidden class for every line.
        sink.log({
          timestampMs: time[log],
          timeUnknown: tu === 0 ? undefined : tu === 4,
          message,
          kind: KINDS[f & 3],
          level: LEVELS[level[log]],
          requestId: at0(table, strings[s]),
          traceId: at0(table, strings[s + 1]),
          spanId: at0(table, strings[s + 2]),
          logGroup: at0(table, strings[s + 3]),
          logStream: at0(table, strings[s + 4]),
          functionName: at0(table, strings[s + 5]),
          fields,
          frames: x?.frames as LogEvent['frames'],
          platform,
          failure: x?.failure as LogEvent['failure'],
          format: FORMATS[format[log]],
          origin,
        });
        log++;
        records++;
      } else if (op === OP_SPAN) {
        const sp = spans[span++];
        shift(sp.origin);
        sink.span(sp);
        records++;
      } else if (op === OP_SKIP) {
        const [reason, origin, message] = skips[skip++];
        sink.skip(reason, shift(origin), message);
      } else {
        const e = wholeLogs[whole++];
        shift(e.origin);
        sink.log(e);
        records++;
      }
    }
    return records;
  }

  private replayColumns(b: ColumnBatch, sink: ColumnSink, ops: Uint8Array, spans: Span[], skips: [SkipReason, Origin, string][],
    extras: LogExtras[], shift: (o: Origin) => Origin): number {
    const first = sink.logTable.count;
    sink.logTable.appendColumns(b.logs, {
      time: new Float64Array(b.time), line: new Uint32Array(b.line), flags: new Uint8Array(b.flags), level: new Uint8Array(b.level),
      format: new Uint8Array(b.format), strings: new Int32Array(b.strings), textEnds: new Uint32Array(b.textEnds), text: b.text,
      extras, map: this.map, lineOffset: this.lineOffset,
      platform: { type: new Uint8Array(b.platType), mask: new Uint16Array(b.platMask), nums: new Float64Array(b.platNums), strs: new Int32Array(b.platStrs) },
    });
    let log = 0;
    let span = 0;
    let skip = 0;
    let records = 0;
    for (let i = 0; i < b.count; i++) {
      const op = ops[i];
      if (op === OP_LOG) { sink.checkLogRow(first + log++); records++; }
      else if (op === OP_SPAN) { const sp = spans[span++]; shift(sp.origin); sink.span(sp); records++; }
      else if (op === OP_SKIP) { const [reason, origin, message] = skips[skip++]; sink.skip(reason, shift(origin), message); }
    }
    return records;
  }
}

/** A sink that keeps log lines in a LogTable (the DatasetBuilder): batches go in as columns. */
export interface ColumnSink extends Sink {
  readonly logTable: LogTable;
  /** The checks `log()` makes on a line (times out of range, platform numbers), for a row added as columns. */
  checkLogRow(row: number): void;
}

function isColumnSink(sink: Sink): sink is ColumnSink {
  return (sink as Partial<ColumnSink>).logTable instanceof LogTable && typeof (sink as Partial<ColumnSink>).checkLogRow === 'function';
}

function at0(table: string[], i: number): string | undefined {
  return i < 0 ? undefined : table[i];
}
