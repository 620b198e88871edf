import { strict as assert } from 'assert';
import * as path from 'path';
import { existsSync } from 'fs';
import { complete } from '../../src/extension/query/logic/completion';
import { pushHistory, readSavedQueries, removeSavedQuery, upsertSavedQuery } from '../../src/extension/query/logic/history';
import { coldStartsQuery, errorsQuery, parseThreshold, slowQuery, timeoutsQuery } from '../../src/extension/query/logic/presets';
import { highlights, presentResult } from '../../src/extension/query/logic/present';
import { vocabularyOf } from '../../src/extension/query/logic/vocabulary';
import { parseQuery, runQuery } from '../../src/core/query';
import { loadPaths } from '../../src/core/load';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');
const vocab = { functions: ['orders-api', 'orders-worker', 'my fn'], services: ['DynamoDB', 'SQS'], operations: ['PutItem'], attributeKeys: ['http.status_code', 'http.route', 'db.system'] };

describe('palette: the queries behind the Find commands', () => {
  it('builds parseable queries for every flow', () => {
    const qs = [
      slowQuery(undefined, { kind: 'percentile', p: 95 }), slowQuery('orders-api', { kind: 'percentile', p: 99 }),
      slowQuery('my fn', { kind: 'value', ms: 1500 }), slowQuery(undefined, { kind: 'top', n: 20 }),
      errorsQuery(), errorsQuery('orders-api'), coldStartsQuery(), timeoutsQuery('a"b'),
    ];
    assert.deepEqual(qs.slice(0, 4), [
      'duration>p95 sort:duration desc', 'function:"orders-api" duration>p99 sort:duration desc',
      'function:"my fn" duration>1500ms sort:duration desc', 'sort:duration desc limit:20']);
    for (const q of qs) assert.doesNotThrow(() => parseQuery(q), q);
    const fn = parseQuery(timeoutsQuery('a"b')).expr as any;
    assert.deepEqual(fn.items[0].patterns, ['a"b'], 'names with quotes survive');
  });

  it('reads typed thresholds', () => {
    assert.equal(parseThreshold('800'), 800);
    assert.equal(parseThreshold('1.5s'), 1500);
    assert.equal(parseThreshold(' 2m '), 120_000);
    assert.equal(parseThreshold('fast'), undefined);
  });

  it('"Find Slow > all functions > above p95" on the sample gives the above-p95 invocations, slowest first', async function () {
    if (!existsSync(SAMPLE)) this.skip();
    this.timeout(30000);
    const ds = await loadPaths([SAMPLE]);
    const run = runQuery(ds, slowQuery(undefined, { kind: 'percentile', p: 95 }));
    assert.equal(run.kind, 'invocation');
    assert.ok(run.results.length > 10);
    const d = run.results.map((r) => r.durationMs);
    assert.deepEqual(d, [...d].sort((a, b) => b - a));
    assert.equal(run.results[0].durationMs, Math.max(...ds.invocations.map((i) => i.durationMs ?? 0)));
    const v = vocabularyOf(ds);
    assert.deepEqual(v.functions, ds.functions.map((f) => f.name));
    assert.ok(v.services.includes('DynamoDB'));
  });
});

describe('palette: completion', () => {
  it('proposes field names for a partial word and keeps the rest of the query', () => {
    const s = complete('status:error du', vocab);
    assert.deepEqual(s.map((x) => x.query), ['status:error duration>', 'status:error duration<']);
    assert.ok(complete('', vocab).length >= 10);
  });

  it('proposes values seen in the data, quoting names with spaces', () => {
    assert.deepEqual(complete('function:ord', vocab).map((x) => x.query), ['function:orders-api ', 'function:orders-worker ']);
    assert.deepEqual(complete('function:my', vocab).map((x) => x.query), ['function:"my fn" ']);
    assert.deepEqual(complete('x service:dy', vocab).map((x) => x.query), ['x service:DynamoDB ']);
    assert.deepEqual(complete('status:t', vocab).map((x) => x.label), ['status:timeout']);
    assert.deepEqual(complete('attr.http', vocab).map((x) => x.query), ['attr.http.status_code=', 'attr.http.route=']);
    assert.ok(complete('duration>p', vocab).some((x) => x.query === 'duration>p95 '));
    assert.deepEqual(complete('-coldstart:t', vocab).map((x) => x.query), ['-coldstart:true ']);
  });

  it('every completed query parses (after the value is filled in)', () => {
    for (const s of complete('function:', vocab)) assert.doesNotThrow(() => parseQuery(s.query), s.query);
    for (const s of complete('sort:', vocab)) assert.doesNotThrow(() => parseQuery(s.query), s.query);
  });
});

describe('palette: history, saved queries, presentation', () => {
  it('keeps recent queries newest first, unique, bounded', () => {
    let h: string[] = [];
    for (const q of ['a', 'b', 'a', ' ', 'c']) h = pushHistory(h, q, 2);
    assert.deepEqual(h, ['c', 'a']);
  });

  it('reads only well-formed saved queries and replaces by name', () => {
    const list = readSavedQueries([{ name: 'x', query: 'status:error' }, { name: 1 }, null, 'q']);
    assert.deepEqual(list, [{ name: 'x', query: 'status:error' }]);
    assert.deepEqual(upsertSavedQuery(list, { name: 'x', query: 'coldstart:true' }), [{ name: 'x', query: 'coldstart:true' }]);
    assert.deepEqual(readSavedQueries(undefined), []);
  });

  it('deletes a saved query by name and leaves the others in order', () => {
    const list = [{ name: 'a', query: 'status:error' }, { name: 'b', query: 'coldstart:true' }, { name: 'c', query: 'duration>1s' }];
    assert.deepEqual(removeSavedQuery(list, 'b'), [list[0], list[2]]);
    assert.deepEqual(removeSavedQuery(list, 'nope'), list);
    // Entries written by hand that the view cannot show stay in the setting.
    assert.deepEqual(removeSavedQuery([{ name: 'a', query: 'x' }, { name: 7 }, 'odd', null], 'a'), [{ name: 7 }, 'odd', null]);
  });

  it('presents a result with duration, cold start, status, time and highlights on the matched names', () => {
    const r = { kind: 'span' as const, traceId: 't', requestId: null, function: null, service: 'orders-api', name: 'DynamoDB.PutItem', start: Date.UTC(2024, 4, 1, 10, 0, 0), durationMs: 1234, coldStart: true, status: 'timeout' as const, errorMessage: 'Task timed out', spanId: 's' };
    const t = presentResult(r, parseQuery('service:orders-* "putitem"'));
    assert.equal(t.label, 'orders-api · DynamoDB.PutItem');
    assert.equal(t.description, '1.23s · cold start · TIMEOUT · 2024-05-01 10:00:00Z');
    assert.equal(t.detail, 'Task timed out');
    assert.equal(t.icon, 'watch');
    assert.deepEqual(t.highlights, [[0, 10], [22, 29]]);
    assert.deepEqual(highlights('orders-api', parseQuery('-function:orders-api')), [], 'negated terms highlight nothing');
  });
});
