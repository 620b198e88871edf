// The contract between readers and the rest of the core.
import type { Format, LogEvent, Origin, Span } from '../model';

/** Why a line or record could not go into the model. Stable strings: they are CLI output keys. */
export type SkipReason =
  | 'invalid-json'      // starts like JSON but does not parse (includes truncated documents)
  | 'invalid-csv'       // a CSV export record whose fields do not match its header, or a quoted field left open
  | 'binary'            // NUL bytes or undecodable bytes
  | 'unknown-record'    // valid JSON, but no reader recognises its shape
  | 'missing-field'     // a recognised record lacks a field the model needs (named in the message)
  | 'wrong-type'        // a field has a type the reader cannot use (named in the message)
  | 'too-large'         // a single JSON document beyond the in-memory limit, or a gzip file beyond its decompressed limit
  | 'too-deep'          // JSON nested deeper than MAX_JSON_DEPTH
  | 'line-too-long'     // a line beyond the maxLineBytes limit (passed over, never held in memory)
  | 'unreadable';       // a file or folder that cannot be read (permission, symlink loop, vanished): line 0

/** Why a record was kept but flagged (counted in `warnings`; the record carries the message). */
export type WarningReason =
  | 'out-of-range'      // a number outside what it can be: times outside 2000-2100, durations, Lambda memory sizes
  | 'bad-id'            // a trace or span id of the wrong length or not hex
  | 'duplicate-span';   // two different spans with the same id: both kept, the second under `<id>~2`

/** Every skip and warning reason, for docs and tests to check against (a Record, so none can be left out). */
const SKIP_REASON_SET: Record<SkipReason, true> = {
  'invalid-json': true, 'invalid-csv': true, binary: true, 'unknown-record': true, 'missing-field': true, 'wrong-type': true,
  'too-large': true, 'too-deep': true, 'line-too-long': true, unreadable: true,
};
const WARNING_REASON_SET: Record<WarningReason, true> = { 'out-of-range': true, 'bad-id': true, 'duplicate-span': true };
export const SKIP_REASONS = Object.keys(SKIP_REASON_SET) as readonly SkipReason[];
export const WARNING_REASONS = Object.keys(WARNING_REASON_SET) as readonly WarningReason[];

export interface Sink {
  log(e: LogEvent): void;
  span(s: Span): void;
  /** Count a line/record that could not go into the model; `message` names what was wrong. */
  skip(reason: SkipReason, origin: Origin, message: string): void;
}

/** What the file path or the enclosing container tells about the records inside. */
export interface Hints {
  logGroup?: string;
  logStream?: string;
  functionName?: string;
}

export interface ReadContext {
  sink: Sink;
  origin: Origin;
  hints: Hints;
}

/** Reads one parsed JSON value whose shape it recognises. Detection is by content only. */
export interface JsonReader {
  format: Format;
  /** Cheap shape test; must not throw. */
  matches(value: unknown): boolean;
  /** Emit logs/spans or skips for the value. Must not throw on bad input: skip with a reason instead. */
  read(value: unknown, ctx: ReadContext): void;
}

/** Reads text lines of one file (stateful: multi-line messages continue on following lines). */
export interface TextReader {
  /** `continued`: the caller already knows the line continues the pending record (see continuation()). */
  line(text: string, lineNo: number, continued?: boolean): void;
  /**
   * Asked before a line starting with `{` or `[` is parsed as JSON: 2 = it continues the record being read
   * whatever it holds, 1 = it does unless it is a record of its own, 0 = it does not.
   */
  continuation(text: string): 0 | 1 | 2;
  /** A whole record cut out by the file reader that no JSON reader recognised (read as one log line). */
  record(text: string, lineNo: number): void;
  end(): void;
}
