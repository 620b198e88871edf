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
  | 'too-large';        // a single JSON document beyond the in-memory limit

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
