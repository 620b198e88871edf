// Text files of Lambda log lines (with or without the `aws logs tail` prefix; multi-line messages joined).
import type { LogEvent } from '../../model';
import type { Hints, Sink, TextReader } from '../types';
import { cliPrefix } from './prefixes';
import { levelAt } from './helpers';
import { parseText } from './message';
import { isBlank, isDigitCode, isObj, isSpace } from './scan';

/** Reads plain text Lambda logs, with or without the `aws logs tail` prefix; multi-line messages are joined. */
export function createLambdaTextReader(sink: Sink, hints: Hints, file: string): TextReader {
  return new LambdaTextReader(sink, hints, file);
}

/** What a pending record takes as continuation lines. */
const enum Absorb { None, Xray, Stack, All }

const MAX_PENDING_CHARS = 1 << 20;

/** Lines without a time held back until a line with one arrives (bounded: a file may carry no time at all). */
const MAX_UNTIMED = 10000;

class LambdaTextReader implements TextReader {
  private parts: string[] = [];
  private pendingChars = 0;
  private pendingLine = 0;
  private pendingTs: number | undefined;
  private pendingHints: Hints;
  private absorb = Absorb.None;
  private tailMode = false;
  private lastTs = 0;
  /** Events whose line carried no time, waiting for the next line that does (START takes that one's time). */
  private untimed: LogEvent[] = [];
  /** Per stream (hints object), the invocation between its START and its REPORT: lines without a request id run in it. */
  private readonly open = new Map<Hints, string>();
  private readonly streamHints = new Map<string, Hints>();

  constructor(private readonly sink: Sink, private readonly hints: Hints, private readonly file: string) {
    this.pendingHints = hints;
  }

  line(text: string, lineNo: number, continued = false): void {
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (isBinaryText(text)) {
      this.flush();
      this.sink.skip('binary', { file: this.file, line: lineNo }, `binary or undecodable bytes in a text line (${text.length} chars)`);
      return;
    }
    const prefix = cliPrefix(text);
    if (prefix) {
      this.tailMode = true;
      this.flush();
      const hints = prefix.stream ? this.hintsFor(prefix.stream) : this.hints;
      this.begin(text.slice(prefix.bodyStart), lineNo, prefix.ts, hints, Absorb.All);
      return;
    }
    const pending = this.parts.length > 0;
    if (pending && this.pendingChars + text.length < MAX_PENDING_CHARS && (continued || this.continues(text))) {
      this.parts.push(text);
      this.pendingChars += text.length + 1;
      return;
    }
    if (isBlank(text)) return; // nothing to continue: a blank line carries no data
    this.flush();
    this.begin(text, lineNo, undefined, this.hints, absorbOf(text));
  }

  /**
   * For a file reader about to parse a line starting with `{` or `[` as JSON: 2 = the line belongs to the
   * record being read whatever it holds (every record of a CLI copy starts with its prefix), 1 = it does unless
   * it is a record of its own (pretty JSON or util.inspect output under a runtime line), 0 = it does not.
   */
  continuation(text: string): 0 | 1 | 2 {
    if (this.parts.length === 0 || this.pendingChars + text.length >= MAX_PENDING_CHARS) return 0;
    if (this.tailMode) return 2;
    return this.absorb === Absorb.All ? 1 : 0;
  }

  /** A whole record the file reader cut out (a JSON value no trace reader recognised: an error object, say). */
  record(text: string, lineNo: number): void {
    this.flush();
    this.begin(text, lineNo, undefined, this.hints, Absorb.None);
    this.flush();
  }

  end(): void {
    this.flush();
    this.release(undefined);
  }

  private continues(text: string): boolean {
    if (this.tailMode) return true; // with the prefix, every record starts with it
    if (isRecordStart(text)) return false;
    switch (this.absorb) {
      case Absorb.All: return true;
      case Absorb.Xray: return text.startsWith('XRAY');
      case Absorb.Stack: return isStackContinuation(text);
      default: return false;
    }
  }

  private begin(text: string, lineNo: number, ts: number | undefined, hints: Hints, absorb: Absorb): void {
    this.parts.push(text);
    this.pendingChars = text.length;
    this.pendingLine = lineNo;
    this.pendingTs = ts;
    this.pendingHints = hints;
    this.absorb = absorb;
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    if (this.parts.length > 2 && !this.tailMode && isErrorObjectBlock(this.parts)) {
      // The Java runtime's pretty-printed error object under the function's last line is a record of its own.
      const block = this.parts.slice(1).join('\n');
      const line = this.pendingLine;
      this.parts.length = 1;
      this.flush();
      this.begin(block, line + 1, undefined, this.pendingHints, Absorb.None);
    }
    let text = this.parts.length === 1 ? this.parts[0] : this.parts.join('\n');
    this.parts = [];
    // `aws logs tail --format json` prints a JSON message on the lines after its prefix.
    if (this.tailMode && isSpace(text.charCodeAt(0))) text = text.trimStart();
    const e = parseText(text, this.pendingTs, this.pendingHints, 'lambda-text', { file: this.file, line: this.pendingLine }, NaN);
    this.runsIn(e);
    if (Number.isNaN(e.timestampMs)) {
      this.untimed.push(e);
      if (this.untimed.length >= MAX_UNTIMED) this.release(undefined);
      return;
    }
    this.release(e.timestampMs);
    this.lastTs = e.timestampMs;
    this.sink.log(e);
  }

  /** Gives the request id of the invocation running in the line's stream to a line that names none. */
  private runsIn(e: LogEvent): void {
    const hints = this.pendingHints;
    const p = e.platform;
    if (e.requestId !== undefined) {
      if (p?.type === 'start') this.open.set(hints, e.requestId);
      else if (p?.type === 'report') this.open.delete(hints);
      return;
    }
    if (p) return; // INIT_START, EXTENSION...: outside any invocation
    const id = this.open.get(hints);
    if (id !== undefined) e.requestId = id;
  }

  /**
   * Emits the held-back untimed events. A START takes the time of the line after it (its invocation's first),
   * any other line the time of the line before it; with no time anywhere the time is unknown, never 1970.
   */
  private release(next: number | undefined): void {
    if (this.untimed.length === 0) return;
    const held = this.untimed;
    this.untimed = [];
    for (const e of held) {
      const before = this.lastTs > 0 ? this.lastTs : undefined;
      const t = e.platform?.type === 'start' ? next ?? before : before ?? next;
      if (t === undefined) {
        e.timestampMs = 0;
        e.timeUnknown = true;
      } else e.timestampMs = t;
      this.sink.log(e);
    }
  }

  private hintsFor(stream: string): Hints {
    let h = this.streamHints.get(stream);
    if (!h) {
      h = { ...this.hints, logStream: stream };
      if (this.streamHints.size < 10000) this.streamHints.set(stream, h);
    }
    return h;
  }
}

/** Lines 1.. of a pending record are a whole `{ errorMessage, errorType, stackTrace }` object starting at column 0. */
function isErrorObjectBlock(parts: string[]): boolean {
  if (parts[1] !== '{' || parts[parts.length - 1] !== '}') return false;
  try {
    const v: unknown = JSON.parse(parts.slice(1).join('\n'));
    return isObj(v) && typeof v.errorType === 'string' && 'errorMessage' in v && v.message === undefined;
  } catch {
    return false;
  }
}

/** NUL bytes, or more than 5% undecodable bytes (one stray replacement character is still text). */
function isBinaryText(text: string): boolean {
  if (text.indexOf('\u0000') >= 0) return true;
  let bad = text.indexOf('\ufffd');
  if (bad < 0) return false;
  let count = 0;
  for (; bad < text.length; bad++) if (text.charCodeAt(bad) === 0xfffd) count++;
  return count * 20 > text.length;
}

/**
 * True for a text line that starts with `[` but is a Lambda log line, not JSON: Python's `[INFO]\t...`,
 * `[ERROR] KeyError: ...`. For file readers that send lines starting with `[` to the JSON parser.
 */
export function isBracketedLevelLine(line: string): boolean {
  if (line.charCodeAt(0) !== 91 /* [ */) return false;
  const close = line.indexOf(']');
  if (close < 4 || close > 10 || levelAt(line, 1, close) === undefined) return false;
  const after = line.charCodeAt(close + 1);
  return after === 9 || after === 32 || Number.isNaN(after);
}

function isRecordStart(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 91: /* [ */ return isBracketedLevelLine(text);
    case 123: return true;
    case 83: return text.startsWith('START RequestId: ');
    case 69: return text.startsWith('END RequestId: ') || text.startsWith('EXTENSION');
    case 82: return text.startsWith('REPORT RequestId: ') || text.startsWith('RequestId: ') || text.startsWith('RESTORE_');
    case 73: return text.startsWith('INIT_');
    case 84: return text.startsWith('TELEMETRY');
    case 76: return text.startsWith('LOGS\t') || text.startsWith('LAMBDA_WARNING');
    default: return isTimestampStart(text);
  }
}

function absorbOf(text: string): Absorb {
  if (text.startsWith('REPORT')) return Absorb.Xray; // its X-Ray part may follow on the next line
  if (text.startsWith('RequestId: ')) return Absorb.All; // `Runtime.ExitError` follows
  if (text.startsWith('LAMBDA_WARNING')) return Absorb.Stack;
  if (isRecordStart(text) && text.charCodeAt(0) !== 91 && !isTimestampStart(text)) return Absorb.None; // platform lines
  return text.charCodeAt(0) === 91 || isTimestampStart(text) ? Absorb.All : Absorb.Stack;
}

/** Lines that only make sense as part of the record above them, even after an unprefixed line. */
function isStackContinuation(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 32 || c === 9 || text.startsWith('Traceback') || text.startsWith('Caused by') ||
    text.startsWith('During handling') || text.startsWith('The above exception') || text.startsWith('goroutine ');
}

/** `2024-01-01...` or `2024/01/01...` */
function isTimestampStart(text: string): boolean {
  const sep = text.charCodeAt(4);
  return (sep === 45 || sep === 47) && isDigitCode(text.charCodeAt(0)) && isDigitCode(text.charCodeAt(1)) &&
    isDigitCode(text.charCodeAt(2)) && isDigitCode(text.charCodeAt(3)) && isDigitCode(text.charCodeAt(5));
}
