// The correlated, indexed result of reading: what every view, command and CLI verb reads.
import type { LogTable } from './logs/logTable';
import type { FileSummary, Invocation, Problem, Span, Trace } from './model';

export interface FunctionSummary {
  name: string;
  invocations: number;
  errors: number;
  timeouts: number;
  crashes: number;
  coldStarts: number;
}

export interface Summary {
  files: number;
  logEvents: number;
  spans: number;
  traces: number;
  invocations: number;
  functions: number;
  errors: number;
  coldStarts: number;
  timeouts: number;
  joinedInvocations: number;
  skipped: Record<string, number>;
  services: number;
  /** Span records read, counting repeats of the same span (fragments, the same trace in two files). */
  spanRecords: number;
  /** Repeats merged into the span they repeat. */
  duplicateSpans: number;
  orphanSpans: number;
  skewedSpans: number;
  cycles: number;
  /** Traces no span was read for, made from their invocations' logs (counted in `traces` too). */
  tracesFromLogs: number;
  /** Records kept but flagged, by reason (`out-of-range`, `bad-id`, `duplicate-span`). */
  warnings: Record<string, number>;
  problems: Problem[];
}

export interface Dataset {
  readonly files: FileSummary[];
  readonly logEventCount: number;
  /** Every log line as columns (invocations and span nodes keep rows of it); absent in hand-made datasets. */
  readonly logs?: LogTable;
  /** All spans, deduplicated. */
  readonly spans: Span[];
  /** Sorted by start time. */
  readonly traces: Trace[];
  readonly traceById: ReadonlyMap<string, Trace>;
  /** Sorted by start time. */
  readonly invocations: Invocation[];
  readonly invocationByRequestId: ReadonlyMap<string, Invocation>;
  /** Sorted by name. */
  readonly functions: FunctionSummary[];
  readonly skipped: Record<string, number>;
  /** First problems found (capped); every one is also counted in `skipped`. */
  readonly problems: Problem[];
  /** Records kept but flagged, by reason, and the first of them with their message (file and line). */
  readonly warned: Record<string, number>;
  readonly warnings: Problem[];
  /** The trace an invocation was joined to. */
  traceOf(inv: Invocation): Trace | undefined;
  summary(): Summary;
}
