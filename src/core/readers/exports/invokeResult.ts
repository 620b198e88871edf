// `aws lambda invoke --log-type Tail` output (and the Lambda API's Invoke response): { StatusCode, FunctionError?,
// LogResult: base64 of the last 4 KB of the invocation's log, ExecutedVersion }. The decoded log is read as text.
import type { JsonReader, ReadContext } from '../types';
import { createLambdaTextReader } from '../lambda';

type Obj = Record<string, unknown>;

export const invokeResultReader: JsonReader = {
  format: 'lambda-text',
  matches(v: unknown): boolean {
    return isObj(v) && typeof v.LogResult === 'string' && ('StatusCode' in v || 'ExecutedVersion' in v);
  },
  read(v: unknown, ctx: ReadContext): void {
    if (!isObj(v) || typeof v.LogResult !== 'string') return;
    const text = Buffer.from(v.LogResult, 'base64').toString('utf8');
    if (text.length === 0 || text.indexOf('\ufffd') >= 0) {
      ctx.sink.skip('wrong-type', { ...ctx.origin, path: 'LogResult' }, 'LogResult is not base64 of a text log');
      return;
    }
    // The lines share the JSON document's place in the file: their own line numbers are inside LogResult.
    const reader = createLambdaTextReader(ctx.sink, ctx.hints, ctx.origin.file);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) reader.line(l, ctx.origin.line);
    reader.end();
  },
};

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
