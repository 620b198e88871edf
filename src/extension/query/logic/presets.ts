// The queries behind the palette's "Find ..." commands: each flow ends as a plain query, so the
// user can see it, edit it in "Query Traces..." and save it.

export type SlowThreshold =
  | { kind: 'percentile'; p: 95 | 99 }
  | { kind: 'value'; ms: number }
  | { kind: 'top'; n: number };

/** `function:"name"` (quoted so any name is safe), or nothing for all functions. */
export function functionTerm(fn?: string): string {
  return fn ? `function:${JSON.stringify(fn)} ` : '';
}

export function slowQuery(fn: string | undefined, t: SlowThreshold): string {
  const f = functionTerm(fn);
  switch (t.kind) {
    case 'percentile': return `${f}duration>p${t.p} sort:duration desc`;
    case 'value': return `${f}duration>${durationTerm(t.ms)} sort:duration desc`;
    case 'top': return `${f}sort:duration desc limit:${t.n}`;
  }
}

export const errorsQuery = (fn?: string): string => `${functionTerm(fn)}status:error|timeout|crash sort:start desc`;
export const coldStartsQuery = (fn?: string): string => `${functionTerm(fn)}coldstart:true sort:duration desc`;
export const timeoutsQuery = (fn?: string): string => `${functionTerm(fn)}status:timeout sort:start desc`;

/** A typed threshold: `800`, `800ms`, `1.5s`, `2m` -> ms (a bare number is milliseconds). */
export function parseThreshold(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'ms').toLowerCase();
  return Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
}

/** A threshold as a query term: `800ms`, `1.5ms` (what parseThreshold and the query parser read back). */
function durationTerm(ms: number): string {
  return Number.isInteger(ms) ? `${ms}ms` : `${Math.round(ms * 1000) / 1000}ms`;
}
