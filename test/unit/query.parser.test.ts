import { strict as assert } from 'assert';
import { parseQuery, QueryError, caretLines } from '../../src/core/query';
import type { Expr, Query } from '../../src/core/query';

function terms(q: Query): Expr[] {
  if (!q.expr) return [];
  return q.expr.type === 'and' ? q.expr.items : [q.expr];
}

/** Asserts the query fails at `pos` with `expected` in the error (and the message naming the position). */
function fails(src: string, pos: number, expected: string): QueryError {
  try {
    parseQuery(src);
  } catch (err) {
    assert.ok(err instanceof QueryError, `${src}: not a QueryError: ${err}`);
    assert.equal(err.position, pos, `${src}: position (message: ${err.message})`);
    assert.ok(err.message.includes(expected), `${src}: "${err.message}" does not mention "${expected}"`);
    assert.ok(err.message.endsWith(`at ${pos}`) || err.message.includes(`at ${pos}:`), `${src}: message names the position: ${err.message}`);
    assert.ok(err.length >= 1);
    return err;
  }
  assert.fail(`${src}: parsed, expected an error at ${pos}`);
}

describe('query parser: valid queries', () => {
  it('parses the issue example with every kind of filter', () => {
    const q = parseQuery('function:orders-* duration>800ms coldstart:true status:error since:1h');
    assert.deepEqual(terms(q).map((t) => t.type), ['name', 'duration', 'coldstart', 'status']);
    const [fn, dur, cold, status] = terms(q) as any[];
    assert.deepEqual(fn.patterns, ['orders-*']);
    assert.equal(fn.field, 'function');
    assert.deepEqual([dur.op, dur.ms], ['>', 800]);
    assert.equal(cold.value, true);
    assert.deepEqual(status.values, ['error']);
    assert.deepEqual(q.since, { relativeMs: 3_600_000 });
    assert.equal(q.spanOnly, false);
  });

  it('marks span-only queries and reads group percentiles', () => {
    const q = parseQuery('service:DynamoDB operation:PutItem p95>100ms');
    assert.equal(q.spanOnly, true);
    const [svc, op, p] = terms(q) as any[];
    assert.deepEqual([svc.field, svc.patterns], ['service', ['DynamoDB']]);
    assert.deepEqual([op.field, op.patterns], ['operation', ['PutItem']]);
    assert.deepEqual([p.type, p.percentile, p.op, p.ms], ['groupPercentile', 95, '>', 100]);
  });

  it('reads attributes with every operator, numbers kept as numbers', () => {
    const ops = ['=', '!=', '>', '<', '>=', '<=', '~'];
    for (const op of ops) {
      const [t] = terms(parseQuery(`attr.http.status_code${op}401`)) as any[];
      assert.deepEqual([t.type, t.key, t.op, t.value, t.num], ['attr', 'http.status_code', op, '401', 401], op);
    }
    const [s] = terms(parseQuery('attr.http.url~"/orders/ 1"')) as any[];
    assert.deepEqual([s.op, s.value, s.num], ['~', '/orders/ 1', undefined]);
    const [c] = terms(parseQuery('attr.db.system:dynamodb')) as any[];
    assert.equal(c.op, '=', '":" means "=" for attributes');
  });

  it('normalises X-Ray and W3C trace ids to the same id', () => {
    const [x] = terms(parseQuery('trace:1-5cc6da37-fbb4e1686b513a8a3dbab690')) as any[];
    const [w] = terms(parseQuery('trace:5CC6DA37FBB4E1686B513A8A3DBAB690')) as any[];
    assert.equal(x.traceId, '5cc6da37fbb4e1686b513a8a3dbab690');
    assert.equal(w.traceId, x.traceId);
  });

  it('reads durations in ms, s, m and h, and relative thresholds', () => {
    const ms = (src: string) => (terms(parseQuery(src))[0] as any).ms;
    assert.equal(ms('duration>800ms'), 800);
    assert.equal(ms('duration>=1.5s'), 1500);
    assert.equal(ms('duration<2m'), 120_000);
    assert.equal(ms('duration<=1h'), 3_600_000);
    const [p] = terms(parseQuery('duration>p99')) as any[];
    assert.deepEqual([p.percentile, p.ms], [99, undefined]);
    assert.equal((terms(parseQuery('duration>p50'))[0] as any).percentile, 50);
  });

  it('reads sort with and without a direction, limit and kind', () => {
    const q = parseQuery('duration>p95 sort:duration desc limit:10');
    assert.deepEqual(q.sort, { key: 'duration', dir: 'desc' });
    assert.equal(q.limit, 10);
    assert.equal(terms(q).length, 1, 'the direction word is consumed, not searched');
    assert.deepEqual(parseQuery('sort:duration asc').sort, { key: 'duration', dir: 'asc' });
    assert.deepEqual(parseQuery('sort:duration').sort, { key: 'duration', dir: 'desc' });
    assert.deepEqual(parseQuery('sort:start').sort, { key: 'start', dir: 'asc' });
    assert.deepEqual(parseQuery('sort:function desc').sort, { key: 'function', dir: 'desc' });
    assert.equal(parseQuery('kind:span').kind, 'span');
    assert.equal(parseQuery('kind:invocation').kind, 'invocation');
  });

  it('reads ISO 8601 times (UTC without a zone) and relative times', () => {
    assert.deepEqual(parseQuery('since:2024-05-01').since, { absoluteMs: Date.UTC(2024, 4, 1) });
    assert.deepEqual(parseQuery('since:2024-05-01T10:00').since, { absoluteMs: Date.UTC(2024, 4, 1, 10) });
    assert.deepEqual(parseQuery('since:2024-05-01T10:00:30.250Z').since, { absoluteMs: Date.UTC(2024, 4, 1, 10, 0, 30, 250) });
    assert.deepEqual(parseQuery('since:2024-05-01T12:00:00+02:00').since, { absoluteMs: Date.UTC(2024, 4, 1, 10) });
    assert.deepEqual(parseQuery('until:30m').until, { relativeMs: 1_800_000 });
    assert.deepEqual(parseQuery('since:2d until:1d').since, { relativeMs: 172_800_000 });
  });

  it('reads free words and quoted strings as text, lower-case or/and as words', () => {
    const q = parseQuery('timeout "connection reset" or');
    assert.deepEqual(terms(q).map((t: any) => [t.type, t.text, t.quoted]), [
      ['text', 'timeout', false], ['text', 'connection reset', true], ['text', 'or', false]]);
    const [esc] = terms(parseQuery('"say \\"hi\\""')) as any[];
    assert.equal(esc.text, 'say "hi"');
    const [colon] = terms(parseQuery('"Error: boom"')) as any[];
    assert.equal(colon.text, 'Error: boom', 'quoting lets text contain ":"');
  });

  it('reads OR, AND, negation and parentheses with AND binding tighter than OR', () => {
    const q = parseQuery('status:error OR status:timeout coldstart:true');
    assert.equal(q.expr!.type, 'or');
    const or = q.expr as any;
    assert.equal(or.items[1].type, 'and');
    const p = parseQuery('(status:error OR status:timeout) AND -coldstart:true');
    const [group, not] = terms(p) as any[];
    assert.equal(group.type, 'or');
    assert.deepEqual([not.type, not.item.type, not.item.value], ['not', 'coldstart', true]);
    assert.equal(parseQuery('-(a b)').expr!.type, 'not');
  });

  it('reads | alternatives in name and status values, quoted names with spaces', () => {
    const [s] = terms(parseQuery('status:error|timeout')) as any[];
    assert.deepEqual(s.values, ['error', 'timeout']);
    const [f] = terms(parseQuery('function:"my fn"|orders-*')) as any[];
    assert.deepEqual(f.patterns, ['my fn', 'orders-*']);
  });

  it('keeps term positions for highlighting', () => {
    const q = parseQuery('  duration>1s   status:error');
    assert.deepEqual(terms(q).map((t: any) => [t.pos, t.len]), [[2, 11], [16, 12]]);
  });

  it('accepts the empty query', () => {
    const q = parseQuery('   ');
    assert.equal(q.expr, undefined);
  });
});

describe('query parser: every error path, with position and expected token', () => {
  it('duration thresholds', () => {
    const e = fails('duration>', 9, 'expected a duration like 800ms');
    assert.ok(e.message.includes('after "duration>" at 9'), e.message);
    fails('duration>fast', 9, 'a duration like 800ms or a percentile like p95');
    fails('duration>800', 12, 'expected a unit (ms, s, m or h) after "800"');
    fails('duration:800ms', 8, 'expected one of >, <, >=, <= after "duration"');
    fails('duration>p0', 9, 'a percentile between p1 and p99');
    fails('status:ok duration<=3x', 20, 'a duration like 800ms');
  });

  it('group percentiles', () => {
    fails('p95:100ms', 3, 'one of >, <, >=, <=');
    fails('p95>fast', 4, 'expected a duration like 800ms after "p95>"');
    fails('p95>100', 7, 'a unit');
    fails('p0>1ms', 1, 'a percentile between p1 and p99');
  });

  it('name fields', () => {
    fails('function:', 9, 'a function name or glob like orders-*');
    fails('function:a|', 11, 'a function name or glob');
    fails('function=x', 8, 'expected ":" after "function"');
    fails('service:', 8, 'a service name');
    fails('operation:', 10, 'an operation name');
  });

  it('status, coldstart, trace, request', () => {
    fails('status:slow', 7, 'ok, error, timeout or crash');
    fails('status:error|slow', 13, 'ok, error, timeout or crash');
    fails('coldstart:maybe', 10, 'true or false');
    fails('trace:xyz', 6, 'trace id');
    fails('trace:1-5cc6da37-short', 6, 'X-Ray');
    fails('request:', 8, 'a request id');
  });

  it('attributes', () => {
    fails('attr.=5', 5, 'an attribute key');
    fails('attr:5', 4, 'an attribute key');
    fails('attr.x=', 7, 'expected a value after "attr.x="');
    fails('attr.x>abc', 7, 'expected a number after "attr.x>"');
  });

  it('directives', () => {
    fails('kind:trace', 5, 'invocation or span');
    fails('limit:0', 6, 'a positive whole number');
    fails('limit:ten', 6, 'a positive whole number');
    fails('sort:size', 5, 'duration, start, function or cost');
    fails('cost>cheap', 5, 'an amount in US dollars');
    fails('cost:0.1', 4, 'one of >, <, >=, <=');
    fails('since:yesterday', 6, 'a relative time like 1h or an ISO 8601 time');
    fails('until:2024-02-31', 6, 'ISO 8601');
    fails('since:2024-05-02 until:2024-05-01', 17, 'until: is before since:');
    fails('since:1h until:2h', 9, 'until: is before since:');
    fails('limit:5 limit:6', 8, 'given twice');
    fails('-limit:5', 1, 'cannot be negated');
    fails('(limit:5 x)', 1, 'cannot be negated or put in parentheses');
    fails('limit:5 OR x', 0, 'cannot be one side of OR');
    fails('x OR limit:5', 5, 'cannot be one side of OR');
  });

  it('kind conflicts', () => {
    fails('kind:invocation service:x', 16, 'applies to spans only');
    fails('attr.x=1 kind:invocation', 0, 'applies to spans only');
  });

  it('unknown fields and unterminated strings', () => {
    const e = fails('status:ok foo:bar', 10, 'unknown field "foo"');
    assert.ok(e.message.includes('quotes'), 'tells how to search text with ":"');
    assert.equal(e.length, 3);
    fails('"abc', 4, 'a closing " for the string opened at 0');
    fails('function:"abc', 13, 'a closing "');
  });

  it('parentheses, OR, AND and negation', () => {
    fails('(a', 2, 'expected ")" to close the "(" at 0');
    fails('a)', 1, 'unexpected ")"');
    fails('()', 1, 'expected a term');
    fails('OR a', 0, 'a term before "OR"');
    fails('a OR', 4, 'expected a term after "OR"');
    fails('a OR OR b', 5, 'expected a term after "OR"');
    fails('AND a', 0, 'a term before "AND"');
    fails('a AND', 5, 'expected a term after "AND"');
    fails('a -', 3, 'expected a term after "-"');
    fails('(-)', 2, 'expected a term after "-"');
  });

  it('draws a caret under the error', () => {
    const src = 'status:ok duration>fast';
    let err: QueryError | undefined;
    try { parseQuery(src); } catch (e) { err = e as QueryError; }
    assert.deepEqual(caretLines(src, err!), [src, `${' '.repeat(19)}^^^^`]);
  });
});
