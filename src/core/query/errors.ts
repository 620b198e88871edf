// A query the user typed is wrong: where (0-based position and length in the query text) and what was expected there.

export class QueryError extends Error {
  constructor(
    /** 0-based offset in the query text. */
    readonly position: number,
    /** How many characters the error covers (at least 1, so a caret can always be drawn). */
    readonly length: number,
    /** What the parser wanted at `position`, e.g. `a duration like 800ms`. */
    readonly expected: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** `expected <what> after "<after>" at <pos>` (or without the `after` part at the start of a term). */
export function expectedError(position: number, length: number, expected: string, after?: string): QueryError {
  const where = after ? ` after "${after}"` : '';
  return new QueryError(position, Math.max(1, length), expected, `expected ${expected}${where} at ${position}`);
}

/** The query on one line and a caret line under the error, for terminals and output channels. */
export function caretLines(query: string, err: QueryError): string[] {
  const flat = query.replace(/[\r\n\t]/g, ' ');
  return [flat, ' '.repeat(err.position) + '^'.repeat(Math.max(1, Math.min(err.length, flat.length - err.position || 1)))];
}
