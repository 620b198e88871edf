// The parsed form of a query: a boolean expression of per-item terms, plus whole-query directives.
import type { InvocationStatus } from '../model';

export type ItemKind = 'invocation' | 'span';
export type CompareOp = '>' | '<' | '>=' | '<=';
export type AttrOp = '=' | '!=' | '>' | '<' | '>=' | '<=' | '~';
export type SortKey = 'duration' | 'start' | 'function' | 'cost';
export type SortDir = 'asc' | 'desc';

/** Where a node came from in the query text (for errors and highlighting). */
export interface At {
  pos: number;
  len: number;
}

export type Term =
  /** `function:`, `service:`, `operation:`: case-insensitive globs, `|` separates alternatives. */
  | { type: 'name'; field: 'function' | 'service' | 'operation'; patterns: string[] } & At
  | { type: 'status'; values: InvocationStatus[] } & At
  | { type: 'coldstart'; value: boolean } & At
  | { type: 'trace'; traceId: string; raw: string } & At
  | { type: 'request'; requestId: string } & At
  | { type: 'attr'; key: string; op: AttrOp; value: string; num?: number } & At
  /** `duration>800ms` (ms set) or `duration>p95` (percentile set: above the item's own group percentile). */
  | { type: 'duration'; op: CompareOp; ms?: number; percentile?: number } & At
  /** `cost>0.0001`: the invocation's Lambda cost in USD (a span: its joined invocation's, else 0); see docs/cost.md. */
  | { type: 'cost'; op: CompareOp; usd: number } & At
  /** `p95>100ms`: the item's group has its p95 above 100 ms. */
  | { type: 'groupPercentile'; percentile: number; op: CompareOp; ms: number } & At
  /** Free word or quoted string: case-insensitive substring of log lines / error messages / span names. */
  | { type: 'text'; text: string; quoted: boolean } & At;

export type Expr =
  | { type: 'and'; items: Expr[] }
  | { type: 'or'; items: Expr[] }
  | { type: 'not'; item: Expr } & At
  | Term;

/** A time bound: relative (ms before the reference "now") or absolute epoch ms. */
export type TimeRef = { relativeMs: number } | { absoluteMs: number };

export interface Query {
  source: string;
  /** Undefined for the empty query (everything). */
  expr?: Expr;
  /** Given with `kind:`; otherwise decided at evaluation (see `resolveKind`). */
  kind?: ItemKind;
  /** True when a term only makes sense on spans (service:, operation:, attr.). */
  spanOnly: boolean;
  since?: TimeRef;
  until?: TimeRef;
  sort?: { key: SortKey; dir: SortDir };
  limit?: number;
}

export const STATUSES: readonly InvocationStatus[] = ['ok', 'error', 'timeout', 'crash'];
export const PERCENTILES: readonly number[] = [50, 90, 95, 99];
