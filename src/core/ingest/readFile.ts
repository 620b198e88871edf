// Streams one file into the core: gzip or plain, NDJSON, pretty-printed or concatenated JSON, or text lines.
// Never holds the whole file as one string unless it is one JSON document.
import { createReadStream, promises as fs } from 'fs';
import { createGunzip } from 'zlib';
import { isAscii } from 'buffer';
import type { Format, FileSummary, Origin } from '../model';
import type { Hints, Sink, TextReader } from '../readers/types';
import { describeUnknown, isRecognised, readJsonValue } from '../readers/index';
import { createLambdaTextReader, isBracketedLevelLine } from '../readers/lambdaLogs';
import { JsonDepthScanner, salvageArrayElements } from './jsonDepth';
import { hintsFromPath } from './walk';
import { CsvLogReader, isCsvLogHeader } from '../readers/exports/csv';

/** V8 cannot hold strings much over 512 MB; a single document beyond this is reported, not read. */
export const MAX_DOCUMENT_CHARS = 400 * 1024 * 1024;

export interface ReadFileOptions {
  signal?: AbortSignal;
  onBytes?(n: number): void;
}

export async function readFile(file: string, sink: Sink, opts: ReadFileOptions = {}): Promise<FileSummary> {
  const reader = new FileReader(file, sink);
  const gz = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  raw.on('data', (b) => { bytes += (b as Buffer).length; opts.onBytes?.((b as Buffer).length); });
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  const lines = new LineChunks(reader);
  try {
    for await (const chunk of stream) {
      if (opts.signal?.aborted) { raw.destroy(); break; }
      lines.write(chunk as Buffer);
    }
    lines.end();
  } catch (err) {
    // A corrupt gzip stream: count what is left as unreadable, keep what was read.
    reader.fail(`cannot read past this point: ${(err as Error).message}`);
  }
  reader.end();
  return { file, formats: [...reader.formats], records: reader.records, bytes };
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

  constructor(private readonly reader: FileReader) {}

  write(chunk: Buffer): void {
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      this.pending.push(Buffer.from(chunk));
      return;
    }
    let from = 0;
    if (this.pending.length > 0) {
      const first = chunk.indexOf(10);
      this.pending.push(chunk.subarray(0, first + 1));
      const head = Buffer.concat(this.pending);
      this.pending = [];
      this.push(head);
      from = first + 1;
    }
    if (last + 1 > from) this.push(chunk.subarray(from, last + 1));
    if (last + 1 < chunk.length) this.pending.push(Buffer.from(chunk.subarray(last + 1)));
  }

  end(): void {
    if (this.pending.length === 0) return;
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.push(rest);
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
  private carry = '';
  private carryClean = false;
  /** True while push() feeds lines of a text known to hold neither NUL nor undecodable bytes. */
  private textClean = false;
  private lineNo = 0;
  private readonly hints: Hints;
  private text?: TextReader;
  /** Set when the file's first line is the header of a CSV log export: every line is then CSV. */
  private csv?: CsvLogReader;
  private sawData = false;
  // Multi-line JSON value being accumulated.
  private doc: string[] | undefined;
  private docChars = 0;
  private docStart = 0;
  private docTooLarge = false;
  /** False for a pretty-printed document (opened by a bare `{` or `[` line), whose lines are never records. */
  private docResumable = false;
  private readonly scanner = new JsonDepthScanner();

  constructor(private readonly file: string, private readonly sink: Sink) {
    this.hints = hintsFromPath(file);
  }

  /** `clean`: the text came from ASCII bytes without NUL, so none of its lines can look binary. */
  push(chunk: string, clean = false): void {
    if (chunk.length === 0) return;
    let text = this.carry.length > 0 ? this.carry + chunk : chunk;
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
    text = '';
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

  private line(line: string): void {
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
        if (parsed) return this.value(value, this.lineNo, undefined, line);
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
    try {
      this.value(JSON.parse(text), start, undefined, text);
    } catch (err) {
      if (!closed) {
        this.salvage(text, start, `truncated JSON: the document starting at line ${start} is not closed at end of file (line ${this.lineNo})`);
      } else {
        this.salvage(text, start, `invalid JSON in lines ${start}-${this.lineNo}: ${(err as Error).message}`);
      }
    }
  }

  /** Reads the complete records of a broken document, and counts the document as one bad record. */
  private salvage(text: string, start: number, message: string): void {
    this.sink.skip('invalid-json', this.origin(start), message);
    const { values } = salvageArrayElements(text);
    values.forEach((v, i) => this.value(v, start, `(salvaged)[${i}]`));
  }

  private badJson(line: string, lineNo: number): void {
    let msg = 'invalid JSON';
    try { JSON.parse(line); } catch (err) { msg = `invalid JSON: ${(err as Error).message}`; }
    this.sink.skip('invalid-json', this.origin(lineNo), msg);
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
    const format = readJsonValue(value, { sink: this.sink, origin, hints: this.hints });
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
