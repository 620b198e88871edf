// Payloads of the Trace Explorer's investigation tools (issue 18): search inside a trace, compare two
// traces, the flame graph. Kept apart from messages.ts so the panel's core messages stay readable.
import { arrayOf, Check, int, num, numOrNull, shape, str } from './channel';

/** Reply to `searchTrace`: how many spans match, which match is current, and the rows' new state. */
export interface SearchAnswer {
  traceId: string;
  text: string;
  total: number;
  /** The current match (0-based), -1 when there is none; meta.focusRow is its row. */
  index: number;
  onlyMatches: boolean;
}

/** Which side of a comparison a merged row is on. */
export const DiffSide = { Both: 0, OnlyA: 1, OnlyB: 2 } as const;

/** The merged tree of a comparison, depth-first, in columns (index i of every array is one row). */
export interface DiffColumns {
  service: string[];
  name: string[];
  depth: number[];
  side: number[];
  /** '' when the row is not in that trace (or the typical trace, which has no real spans). */
  aSpanId: string[];
  bSpanId: string[];
  /** Total and self duration (ms) in A and in B; 0 on the side the row is missing from. */
  aMs: number[];
  bMs: number[];
  aSelf: number[];
  bSelf: number[];
}

export interface CompareSide {
  traceId: string;
  label: string;
  durationMs: number;
  spanCount: number;
  /** For the typical trace: how many traces it was built from. */
  typicalOf?: number;
}

export interface Comparison {
  a: CompareSide;
  b: CompareSide;
  rows: DiffColumns;
  /** Rows left out past the message's limit (the biggest differences are always sent). */
  rowsOmitted: number;
  /** Row indexes, the biggest self-time difference first. */
  biggest: number[];
}

/** Traces to compare the open one with: the same entry point's fastest, median and slowest. */
export interface CompareCandidates {
  traceId: string;
  /** `service · METHOD /route` (or the root span's name) of the open trace. */
  entryPoint: string;
  /** How many traces of that entry point the typical trace would be built from. */
  typicalCount: number;
  candidates: { traceId: string; label: string; durationMs: number; spanCount: number }[];
}

/** One side's log lines in a window of a log comparison (index i of every array is one row). */
export interface LogSideColumns {
  /** The line's position in its span's lines, -1 where this side has no line on the row. */
  index: number[];
  /** ms from the span's start; null when the line carried no time. */
  t: (number | null)[];
  level: string[];
  /** platform / runtime / app. */
  kind: string[];
  /** The line's text (cut past MAX_LOG_TEXT characters); rendered as text, never HTML. */
  text: string[];
}

/** A span of a comparison whose log lines are asked for; traceId '' (the typical trace) has none. */
export interface LogSpanRef { traceId: string; spanId: string }

/** Reply to getLogPairs: rows [offset, offset + rows) of A's and B's log lines lined up side by side. */
export interface LogPairs {
  a: LogSpanRef;
  b: LogSpanRef;
  /** Rows in the whole alignment, and how many lines each span has. */
  total: number;
  aCount: number;
  bCount: number;
  offset: number;
  /** 1 where both lines are the same statement (ids and numbers aside). */
  same: number[];
  aLines: LogSideColumns;
  bLines: LogSideColumns;
}

/** Flame graph frames (siblings with the same service and name merged) in columns, laid out in [0, 1] of the zoom root. */
export interface FlameColumns {
  id: number[];
  depth: number[];
  x: number[];
  w: number[];
  name: string[];
  service: string[];
  serviceType: number[];
  /** Summed duration of the merged spans, their self time (not covered by children), how many spans. */
  total: number[];
  self: number[];
  count: number[];
  /** One span of the frame (the longest), to select and show its details. */
  spanId: string[];
}

export interface FlameView {
  traceId: string;
  /** Frame shown at full width (0 = the whole trace). */
  root: number;
  /** From the whole trace down to the root: frame id and its label. */
  crumbs: { id: number; label: string }[];
  frames: FlameColumns;
  /** Spans left out: in frames too narrow to draw (below minWidth of the root) and their subtrees. */
  omitted: number;
  /** Frames made so far (the graph is made lazily, where the view looks). */
  frameCount: number;
  /** Largest self time among the frames sent. */
  maxSelf: number;
}

const numArr = arrayOf(num);
const strArr = arrayOf(str);

export const searchAnswer: Check = shape({ traceId: str, text: str, total: int, index: (x) => Number.isInteger(x) && (x as number) >= -1, onlyMatches: (x) => typeof x === 'boolean' });
const side = shape({ traceId: str, label: str, durationMs: num, spanCount: int });
export const comparison: Check = shape({
  a: side, b: side, rowsOmitted: int, biggest: arrayOf(int),
  rows: shape({ service: strArr, name: strArr, depth: numArr, side: numArr, aSpanId: strArr, bSpanId: strArr, aMs: numArr, bMs: numArr, aSelf: numArr, bSelf: numArr }),
});
export const compareCandidates: Check = shape({
  traceId: str, entryPoint: str, typicalCount: int,
  candidates: arrayOf(shape({ traceId: str, label: str, durationMs: num, spanCount: int })),
});
const logSide = shape({ index: arrayOf((x) => Number.isInteger(x) && (x as number) >= -1), t: arrayOf(numOrNull), level: strArr, kind: strArr, text: strArr });
export const logSpanRef: Check = shape({ traceId: str, spanId: str });
export const logPairs: Check = shape({ a: logSpanRef, b: logSpanRef, total: int, aCount: int, bCount: int, offset: int, same: numArr, aLines: logSide, bLines: logSide });
export const flameView: Check = shape({
  traceId: str, root: int, omitted: int, frameCount: int, maxSelf: num,
  crumbs: arrayOf(shape({ id: int, label: str })),
  frames: shape({ id: numArr, depth: numArr, x: numArr, w: numArr, name: strArr, service: strArr, serviceType: numArr, total: numArr, self: numArr, count: numArr, spanId: strArr }),
});
