// Streams one file into the core: gzip or plain, NDJSON, pretty-printed or concatenated JSON, or text lines.
// Never holds the whole file as one string unless it is one JSON document.
import { createReadStream, promises as fs } from 'fs';
import { createGunzip } from 'zlib';
import { isAscii } from 'buffer';
import { StringDecoder } from 'string_decoder';
import type { Format, FileSummary, Origin } from '../model';
import type { Hints, Sink, TextReader } from '../readers/types';
import { describeUnknown, isRecognised, readJsonValue } from '../readers/index';
import { createLambdaTextReader, isBracketedLevelLine } from '../readers/lambda';
import { JsonDepthScanner, jsonTooDeep, MAX_JSON_DEPTH, salvageDocument } from './jsonDepth';
import { describeFsError, hintsFromPath } from './walk';
import { CsvLogReader, isCsvLogHeader } from '../readers/exports/csv';

/** V8 cannot hold strings much over 512 MB; a single document beyond this is reported, not read. */
export const MAX_DOCUMENT_CHARS = 400 * 1024 * 1024;
const MiB = 1024 * 1024;
/**
 * Defaults of the input limits (settings `traceExplorer.input.*`). A line: far above CloudWatch's 256 KB event
 * limit, and room for an OTLP file exporter's one-line batches. A gzip file: 4 GiB once decompressed.
 */
export const DEFAULT_MAX_LINE_BYTES = 64 * MiB;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 4 * 1024 * MiB;

export interface InputLimits {
  /** A line longer than this is skipped (`line-too-long`) without being held in memory. */
  maxLineBytes?: number;
  /** A gzip file is read up to this many decompressed bytes; the rest is reported (`too-large`). */
  maxDecompressedBytes?: number;
}

export interface ReadFileOptions extends InputLimits {
  signal?: AbortSignal;
  onBytes?(n: number): void;
  /**
   * A byte range of a plain UTF-8 file, cut right after a newline (parallel ingest, parallelLoad.ts): `start`
   * inclusive, `end` exclusive. A range after the first reads as the middle of the file: no byte-order mark, data
   * already seen (so no CSV header test), line numbers from `lineBase`.
   */
  range?: { start: number; end?: number; lineBase?: number };
}

/** How a range ended, for the caller to tell whether it read exactly as the whole file would have. */
export interface RangeSummary extends FileSummary {
  /** Lines read (every line counts, blank or over-long, as the line numbers do). */
  lines: number;
  /**
   * True when nothing read could depend on lines outside the range: no multi-line document or text log (their
   * records span lines), no CSV (the header decides), and some data seen (a later range assumes it was).
   */
  selfContained: boolean;
  /** The read stopped on an error (corrupt, unreadable): the rest of the file is not read. */
  stopped: boolean;
}

export async function readFile(file: string, sink: Sink, opts: ReadFileOptions = {}): Promise<RangeSummary> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxInflated = opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const range = opts.range;
  const midFile = range !== undefined && range.start > 0;
  const reader = new FileReader(file, sink, maxLine, midFile, range?.lineBase ?? 0);
  const summary = (bytes: number): RangeSummary => ({
    file, formats: [...reader.formats], records: reader.records, bytes,
    lines: reader.lineNo - (range?.lineBase ?? 0), selfContained: reader.selfContained(), stopped: reader.stopped,
  });
  let gz = false;
  try {
    if (!midFile) gz = await isGzip(file);
  } catch (err) { // vanished, permission denied, a folder: the path is named and the run goes on
    sink.skip('unreadable', { file, line: 0 }, describeFsError(err));
    reader.stopped = true;
    return { ...summary(0), formats: [], records: 0 };
  }
  const raw = createReadStream(file, {
    highWaterMark: 1 << 20,
    start: range?.start,
    end: range?.end === undefined ? undefined : range.end - 1, // inclusive in fs
  });
  let bytes = 0;
  raw.on('data', (b) => { bytes += (b as Buffer).length; opts.onBytes?.((b as Buffer).length); });
  let stream: NodeJS.ReadableStream = raw;
  if (gz) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 }); // fewer, larger chunks: 4x faster through a gzip bomb
    raw.on('error', (e) => gunzip.destroy(e)); // pipe() does not forward errors
    stream = raw.pipe(gunzip);
  }
  const text = new TextBytes(midFile);
  const lines = new LineChunks(reader, maxLine);
  let inflated = 0;
  try {
    for await (const chunk of stream) {
      if (opts.signal?.aborted) { raw.destroy(); break; }
      const b = chunk as Buffer;
      inflated += b.length;
      if (gz && inflated > maxInflated) {
        lines.write(text.bytes(b.subarray(0, b.length - (inflated - maxInflated))));
        // The line the limit cuts is not read: the problem below stands for it and for the rest of the file.
        reader.tooLarge(`decompressed size is over ${formatBytes(maxInflated)} (setting traceExplorer.input.maxDecompressedBytes): ` +
          'the rest of the file is not read');
        raw.destroy();
        break;
      }
      lines.write(text.bytes(b));
    }
    if (inflated <= maxInflated || !gz) {
      lines.write(text.end());
      lines.end();
    }
  } catch (err) {
    // A corrupt gzip stream or a read error: count what is left as unreadable, keep what was read.
    const e = err as NodeJS.ErrnoException;
    if (e.code && e.syscall) reader.unreadable(describeFsError(e));
    else reader.fail(`cannot read past this point: ${e.message}`);
    reader.stopped = true;
  }
  if (gz && inflated > maxInflated) reader.stopped = true;
  reader.end();
  return summary(bytes);
}

function formatBytes(n: number): string {
  return n >= 1024 * MiB ? `${+(n / 1024 / MiB).toFixed(2)} GiB` : n >= MiB ? `${+(n / MiB).toFixed(2)} MiB` : `${n} bytes`;
}

async function isGzip(file: string): Promise<boolean> {
  const fh = await fs.open(file, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * The byte-order mark decides the encoding: a UTF-8 BOM is dropped (JSON.parse refuses it), UTF-16 (LE or BE)
 * is decoded and handed on as UTF-8, so the line cutter below only ever sees UTF-8.
 */
class TextBytes {
  private mode: 'sniff' | 'utf8' | 'utf16le' | 'utf16be';
  private head: Buffer = Buffer.alloc(0);
  private odd: Buffer | undefined;
  private readonly decoder = new StringDecoder('utf16le');

  /** `midFile`: a range after the first of a UTF-8 file (only those are cut): no byte-order mark to look for. */
  constructor(midFile = false) {
    this.mode = midFile ? 'utf8' : 'sniff';
  }

  bytes(chunk: Buffer): Buffer {
    if (this.mode === 'sniff') {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 3) return Buffer.alloc(0);
      chunk = this.sniff();
    }
    return this.mode === 'utf8' ? chunk : this.utf16(chunk);
  }

  end(): Buffer {
    if (this.mode === 'sniff') {
      if (this.head.length === 0) return this.head;
      const rest = this.sniff();
      if ((this.mode as string) === 'utf8') return rest;
      return Buffer.concat([this.utf16(rest), Buffer.from(this.decoder.end(), 'utf8')]);
    }
    return this.mode === 'utf8' ? Buffer.alloc(0) : Buffer.from(this.decoder.end(), 'utf8');
  }

  private sniff(): Buffer {
    const h = this.head;
    this.head = Buffer.alloc(0);
    if (h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf) { this.mode = 'utf8'; return h.subarray(3); }
    if (h[0] === 0xff && h[1] === 0xfe) { this.mode = 'utf16le'; return h.subarray(2); }
    if (h[0] === 0xfe && h[1] === 0xff) { this.mode = 'utf16be'; return h.subarray(2); }
    this.mode = 'utf8';
    return h;
  }

  private utf16(chunk: Buffer): Buffer {
    let b = this.odd ? Buffer.concat([this.odd, chunk]) : chunk;
    this.odd = undefined;
    if (b.length % 2 === 1) { this.odd = Buffer.from(b.subarray(b.length - 1)); b = b.subarray(0, b.length - 1); }
    if (this.mode === 'utf16be') b = Buffer.from(b).swap16();
    return Buffer.from(this.decoder.write(b), 'utf8');
  }
}

/** Decoded piece size: strings over ~128 KB go to V8's large-object space, whose fresh pages cost more than decoding. */
const PIECE = 64 * 1024;

/**
 * Cuts the byte stream at newlines before decoding: a newline byte never sits inside a UTF-8 sequence, so every
 * piece decodes on its own, without a carried string to prepend. ASCII pieces (nearly all log data) decode as
 * latin1, which is byte-for-byte the same text and faster than the UTF-8 decoder.
 */
class LineChunks {
  /** Bytes after the last newline so far (copies: the stream may reuse its buffers). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of an over-long line being passed over until its newline (-1: none). */
  private discarding = -1;

  constructor(private readonly reader: FileReader, private readonly maxLine: number) {}

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.discarding >= 0) {
      const first = chunk.indexOf(10);
      if (first < 0) { this.discarding += chunk.length; return; }
      this.reader.overlong(this.discarding + first);
      this.discarding = -1;
      chunk = chunk.subarray(first + 1);
      if (chunk.length === 0) return;
    }
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      if (this.pendingBytes + chunk.length > this.maxLine) return this.discard(chunk.length);
      this.pending.push(Buffer.from(chunk));
      this.pendingBytes += chunk.length;
      return;
    }
    let from = 0;
    if (this.pending.length > 0) {
      const first = chunk.indexOf(10);
      if (this.pendingBytes + first > this.maxLine) {
        this.reader.overlong(this.pendingBytes + first);
        this.pending = [];
        this.pendingBytes = 0;
      } else {
        this.pending.push(chunk.subarray(0, first + 1));
        const head = Buffer.concat(this.pending);
        this.pending = [];
        this.pendingBytes = 0;
        this.push(head);
      }
      from = first + 1;
    }
    if (last + 1 > from) this.push(chunk.subarray(from, last + 1));
    const tail = chunk.length - last - 1;
    if (tail > this.maxLine) this.discard(tail);
    else if (tail > 0) { this.pending.push(Buffer.from(chunk.subarray(last + 1))); this.pendingBytes = tail; }
  }

  end(): void {
    if (this.discarding >= 0) { this.reader.overlong(this.discarding); this.discarding = -1; }
    if (this.pending.length === 0) return;
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.push(rest);
  }

  /** Memory stays bounded: the line's bytes so far are let go, and the rest is only counted. */
  private discard(more: number): void {
    this.discarding = this.pendingBytes + more;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Decodes whole lines at most about PIECE bytes at a time: strings that size are made in V8's young generation. */
  private push(b: Buffer): void {
    const end = b.length;
    let at = 0;
    while (at < end) {
      let to = end;
      if (end - at > PIECE) {
        const nl = b.lastIndexOf(10, at + PIECE - 1);
        to = nl >= at ? nl + 1 : b.indexOf(10, at + PIECE) + 1 || end;
      }
      const piece = at === 0 && to === end ? b : b.subarray(at, to);
      if (isAscii(piece)) this.reader.push(piece.toString('latin1'), piece.indexOf(0) < 0);
      else this.reader.push(piece.toString('utf8'));
      at = to;
    }
  }
}

class FileReader {
  readonly formats = new Set<Format>();
  records = 0;
  /** Set on a read error or a limit that ends the file early. */
  stopped = false;
  /** Set once a record spanning lines (document, text log) or a CSV header was met: see RangeSummary. */
  private spanned = false;
  private carry = '';
  private carryClean = false;
  /** True while push() feeds lines of a text known to hold neither NUL nor undecodable bytes. */
  private textClean = false;
  lineNo: number;
  private readonly hints: Hints;
  private text?: TextReader;
  /** Set when the file's first line is the header of a CSV log export: every line is then CSV. */
  private csv?: CsvLogReader;
  private sawData: boolean;
  // Multi-line JSON value being accumulated.
  private doc: string[] | undefined;
  private docChars = 0;
  private docStart = 0;
  private docTooLarge = false;
  /** False for a pretty-printed document (opened by a bare `{` or `[` line), whose lines are never records. */
  private docResumable = false;
  private readonly scanner = new JsonDepthScanner();

  constructor(private readonly file: string, private readonly sink: Sink, private readonly maxLine = DEFAULT_MAX_LINE_BYTES,
    midFile = false, lineBase = 0) {
    this.hints = hintsFromPath(file);
    this.sawData = midFile;
    this.lineNo = lineBase;
  }

  selfContained(): boolean {
    return !this.spanned && this.sawData && !this.doc && !this.text && !this.csv;
  }

  /** `clean`: the text came from ASCII bytes without NUL, so none of its lines can look binary. */
  push(chunk: string, clean = false): void {
    if (chunk.length === 0) return;
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    this.textClean = clean && (chunk.length === text.length || this.carryClean);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.line(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
    }
    this.carry = start === 0 ? text : text.slice(start);
    this.carryClean = this.textClean;
    this.textClean = false;
  }

  end(): void {
    if (this.carry.length > 0) this.line(this.carry);
    this.carry = '';
    while (this.doc) {
      if (this.doc.slice(1).some((l) => this.resumesRecords(l))) this.refeedAfterBrokenLine();
      else this.closeDocument(false);
    }
    this.text?.end();
    this.csv?.end();
  }

  fail(message: string): void {
    this.sink.skip('binary', { file: this.file, line: this.lineNo + 1 }, message);
  }

  unreadable(message: string): void {
    this.sink.skip('unreadable', { file: this.file, line: this.lineNo + 1 }, `${message}; read up to here`);
  }

  tooLarge(message: string): void {
    this.sink.skip('too-large', { file: this.file, line: this.lineNo + 1 }, message);
  }

  /** A line over the limit, passed over without being kept: a document it was part of ends there. */
  overlong(bytes: number): void {
    this.lineNo++;
    if (this.doc) this.closeDocument(false);
    this.sink.skip('line-too-long', this.origin(this.lineNo),
      `line of ${formatBytes(bytes)} is over the ${formatBytes(this.maxLine)} limit (setting traceExplorer.input.maxLineBytes); skipped`);
  }

  private line(line: string): void {
    // Characters, not bytes: only a small configured limit is hit here; long lines are cut off in LineChunks.
    if (line.length > this.maxLine) return this.overlong(Buffer.byteLength(line));
    this.lineNo++;
    if (this.doc) {
      if (!this.docResumable || !this.resumesRecords(line)) return this.continueDocument(line);
      // The open "document" was a broken one-line record (e.g. a truncated NDJSON line): report it, read on.
      this.doc = undefined;
      this.sink.skip('invalid-json', this.origin(this.docStart), `invalid JSON: line ${this.docStart} is cut short or malformed`);
    }
    if (this.csv) return this.csv.line(line, this.lineNo);
    const first = firstNonSpace(line);
    if (first < 0) return; // blank line: no data, nothing to count
    if (!this.sawData) {
      this.sawData = true;
      if (isCsvLogHeader(line)) {
        this.spanned = true;
        this.csv = new CsvLogReader(
          (row) => this.value(row.fields, row.line),
          (at, message) => this.sink.skip('invalid-csv', this.origin(at), message),
        );
        return this.csv.line(line, this.lineNo);
      }
    }
    if (!this.textClean && isBinary(line)) {
      this.sink.skip('binary', this.origin(this.lineNo), `binary or undecodable bytes (${line.length} chars)`);
      return;
    }
    const c = line.charCodeAt(first);
    // `[ERROR]\t...` is a Python log line, not a JSON array.
    if (c === 123 /* { */ || (c === 91 /* [ */ && !isBracketedLevelLine(line.slice(first)))) {
      if (this.text && this.continuesText(line)) return this.textLine(line, true);
      const last = lastNonSpace(line);
      const lc = line.charCodeAt(last);
      if (lc === 125 || lc === 93) {
        let value: unknown;
        let parsed = false;
        try { value = JSON.parse(line); parsed = true; } catch { /* maybe the first line of a multi-line value */ }
        if (parsed) return this.checkedValue(value, line, this.lineNo);
      }
      this.scanner.reset();
      if (!this.scanner.feed(line)) return this.startDocument(line);
      // Closed on this line but did not parse: a broken one-line record.
      return this.badJson(line, this.lineNo);
    }
    this.textLine(line);
  }

  private textLine(line: string, continued = false): void {
    const text: TextReader = this.text ?? (this.text = createLambdaTextReader(this.sink, this.hints, this.file));
    this.formats.add('lambda-text');
    this.records++;
    text.line(line, this.lineNo, continued);
  }

  /**
   * A `{`/`[` line under a multi-line text record (console.log of an object, pretty JSON after an `aws logs tail`
   * prefix) belongs to that record, unless it is a whole record some reader recognises.
   */
  private continuesText(line: string): boolean {
    const mode = this.text!.continuation(line);
    if (mode !== 1) return mode === 2;
    try {
      return !isRecognised(JSON.parse(line));
    } catch {
      return true;
    }
  }

  /** A complete JSON record at column 0 inside an open document means that document was really a bad line. */
  private resumesRecords(line: string): boolean {
    const c = line.charCodeAt(0);
    if (c !== 123 && c !== 91) return false;
    const lc = line.charCodeAt(lastNonSpace(line));
    if (lc !== 125 && lc !== 93) return false;
    try { JSON.parse(line); return true; } catch { return false; }
  }

  private startDocument(line: string): void {
    this.spanned = true;
    this.doc = [line];
    this.docChars = line.length;
    this.docStart = this.lineNo;
    this.docTooLarge = false;
    // A line that ends mid-structure (`{"events": [`) opens a real multi-line document; any other
    // unclosed line is a record cut short, and the lines after it are records of their own.
    const last = line.charCodeAt(lastNonSpace(line));
    this.docResumable = line.trim().length > 2 && last !== 123 && last !== 91 && last !== 44 && last !== 58;
  }

  /** End of file inside a "document" whose later lines are whole records: its first line was broken; read the rest. */
  private refeedAfterBrokenLine(): void {
    const rest = this.doc!.slice(1);
    const endLine = this.lineNo;
    this.doc = undefined;
    this.sink.skip('invalid-json', this.origin(this.docStart), `invalid JSON: line ${this.docStart} is cut short or malformed`);
    this.lineNo = this.docStart;
    for (const l of rest) this.line(l);
    this.lineNo = endLine;
  }

  private continueDocument(line: string): void {
    if (!this.docTooLarge) {
      this.docChars += line.length + 1;
      if (this.docChars > MAX_DOCUMENT_CHARS) {
        this.docTooLarge = true;
        this.doc = [];
      } else this.doc!.push(line);
    }
    if (this.scanner.feed('\n' + line)) this.closeDocument(true);
  }

  private closeDocument(closed: boolean): void {
    const parts = this.doc!;
    this.doc = undefined;
    const start = this.docStart;
    if (this.docTooLarge) {
      this.sink.skip('too-large', this.origin(start),
        `JSON document from line ${start} to ${this.lineNo} is over ${MAX_DOCUMENT_CHARS / 1048576} MB; write it as NDJSON (one record per line) to read it`);
      return;
    }
    const text = parts.join('\n');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (!closed) {
        this.salvage(text, start, `truncated JSON: the document starting at line ${start} is not closed at end of file (line ${this.lineNo})`);
      } else {
        this.salvage(text, start, `invalid JSON in lines ${start}-${this.lineNo}: ${(err as Error).message}`);
      }
      return;
    }
    this.checkedValue(value, text, start);
  }

  /** Reads the complete records of a broken document; each record dropped is counted on the line it starts on. */
  private salvage(text: string, start: number, message: string): void {
    const { value, dropped } = salvageDocument(text);
    if (dropped.length === 0) this.sink.skip('invalid-json', this.origin(start), message);
    let line = start;
    let at = 0;
    for (const offset of dropped) {
      for (let nl = text.indexOf('\n', at); nl >= 0 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
        line++;
        at = nl + 1;
      }
      const what = value === undefined ? 'nothing in it could be read' : 'the record starting here is cut short or malformed';
      this.sink.skip('invalid-json', this.origin(line), `${message}; ${what}`);
    }
    if (value !== undefined) this.checkedValue(value, text, start, '(salvaged)');
  }

  private badJson(line: string, lineNo: number): void {
    let msg = 'invalid JSON';
    try { JSON.parse(line); } catch (err) { msg = `invalid JSON: ${(err as Error).message}`; }
    this.sink.skip('invalid-json', this.origin(lineNo), msg);
  }

  /** Values nested deeper than MAX_JSON_DEPTH are skipped: views and JSON.stringify recurse through them. */
  private checkedValue(value: unknown, text: string, lineNo: number, path?: string): void {
    if (value !== null && typeof value === 'object') {
      const depth = jsonTooDeep(text);
      if (depth !== undefined) {
        this.sink.skip('too-deep', this.origin(lineNo), `JSON nested deeper than ${MAX_JSON_DEPTH} levels; skipped`);
        return;
      }
    }
    this.value(value, lineNo, path, text);
  }

  private value(value: unknown, lineNo: number, path?: string, text?: string): void {
    const origin = this.origin(lineNo, path);
    // Inside a text log, a JSON object no trace reader knows is a log line (the Java runtime's error object, a
    // Ruby error report, a printed event): the text reader reads it as such, in its place among the lines.
    if (this.text && text !== undefined && path === undefined && !Array.isArray(value) && !isRecognised(value)) {
      this.records++;
      this.text.record(text, lineNo);
      return;
    }
    const format = readJsonValue(value, { sink: this.sink, origin, hints: this.hints, readNested: readJsonValue });
    this.records++;
    if (format) this.formats.add(format);
    else if (format === undefined) this.sink.skip('unknown-record', origin, describeUnknown(value));
  }

  private origin(line: number, path?: string): Origin {
    return path ? { file: this.file, line, path } : { file: this.file, line };
  }
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) return i;
  }
  return -1;
}

function lastNonSpace(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return i;
  }
  return -1;
}

/** NUL bytes or replacement characters from undecodable bytes mean this is not text. */
function isBinary(line: string): boolean {
  if (line.indexOf('\u0000') >= 0) return true;
  const bad = line.indexOf('\ufffd');
  if (bad < 0) return false;
  let count = 0;
  for (let i = bad; i < line.length; i++) if (line.charCodeAt(i) === 0xfffd) count++;
  return count * 20 > line.length;
}
