import * as assert from 'assert';
import type { Dataset } from '../../src/core/dataset';
import type { Trace } from '../../src/core/model';
import { searchSpans } from '../../src/core/search/traceSearch';
import { ExplorerController } from '../../src/extension/explorer/logic/controller';
import { TraceRows } from '../../src/extension/explorer/logic/traceRows';
import { HostMessage, RowFlag, toHost } from '../../src/protocol/messages';
import { makeLog, makeTrace } from './explorer.fixtures';

// root ─┬─ auth (status 401 in an attribute)
//       ├─ db ── q (a log line says 401)
//       └─ pay ─ inner (named "retry 401")
const T = makeTrace([
  { id: 'root', name: 'POST /orders', service: 'api', start: 0, dur: 100 },
  { id: 'auth', parent: 'root', name: 'verify', service: 'idp', start: 1, dur: 10, attrs: { 'http.response.status_code': 401 } },
  { id: 'db', parent: 'root', name: 'PutItem', service: 'DynamoDB', start: 12, dur: 20 },
  { id: 'q', parent: 'db', name: 'query', service: 'DynamoDB', start: 13, dur: 5, logs: [makeLog(14, 'upstream said 401 Unauthorized')] },
  { id: 'pay', parent: 'root', name: 'charge', service: 'billing', start: 40, dur: 50, status: 'error' },
  { id: 'inner', parent: 'pay', name: 'retry 401', service: 'billing', start: 41, dur: 5 },
]);

function ids(t: Trace, pos: Int32Array): string[] { return [...pos].map((p) => t.nodes[p].span.spanId); }

describe('search inside a trace (core + controller)', () => {
  it('finds names, services, attribute values, status and log lines, case-insensitively, in tree order', () => {
    assert.deepStrictEqual(ids(T, searchSpans(T.nodes, '401')), ['auth', 'q', 'inner']);
    assert.deepStrictEqual(ids(T, searchSpans(T.nodes, 'dynamodb')), ['db', 'q']);
    assert.deepStrictEqual(ids(T, searchSpans(T.nodes, 'ERROR')), ['pay']);
    assert.deepStrictEqual(ids(T, searchSpans(T.nodes, 'status_code')), ['auth']);
    assert.deepStrictEqual(ids(T, searchSpans(T.nodes, 'unauthorized')), ['q']);
    assert.deepStrictEqual(ids(T, searchSpans(T.nodes, '  ')), []);
  });

  it('marks matched rows, and "only matches" keeps each match with its ancestors', () => {
    const rows = new TraceRows(T);
    rows.setSearch('401', false);
    assert.strictEqual(rows.matchCount, 3);
    const c = rows.columns(0, 100);
    assert.deepStrictEqual(c.spanId.filter((_, i) => c.flags[i] & RowFlag.Match), ['auth', 'q', 'inner']);
    rows.setSearch('401', true);
    assert.deepStrictEqual(rows.columns(0, 100).spanId, ['root', 'auth', 'db', 'q', 'pay', 'inner']);
    rows.setSearch('unauthorized', true);
    assert.deepStrictEqual(rows.columns(0, 100).spanId, ['root', 'db', 'q']);
    rows.setSearch('', true);
    assert.strictEqual(rows.rowCount, 6);
  });

  it('steps through matches over the protocol, expanding collapsed ancestors of the current match', () => {
    const posted: HostMessage[] = [];
    const ds = { traces: [T], traceById: new Map([[T.traceId, T]]) } as unknown as Dataset;
    const c = new ExplorerController(() => ({ dataset: ds, sourceLabel: 't', loading: false, version: 1 }), {
      post: (m) => posted.push(m), openSource: () => undefined, openLocation: () => undefined, log: () => undefined,
    });
    c.handle(toHost({ type: 'ready' }));
    c.handle(toHost({ type: 'setAllCollapsed', requestId: 1, traceId: T.traceId, collapsed: true }));
    const seen: string[] = [];
    for (let k = 0; k < 4; k++) {
      c.handle(toHost({ type: 'searchTrace', requestId: 10 + k, traceId: T.traceId, text: '401', onlyMatches: false, index: k % 3 }));
      const r = posted.pop() as Extract<HostMessage, { type: 'searchResult' }>;
      assert.strictEqual(r.type, 'searchResult');
      assert.strictEqual(r.search.total, 3);
      assert.strictEqual(r.search.index, k % 3);
      c.handle(toHost({ type: 'getRows', requestId: 50 + k, traceId: T.traceId, version: r.meta.version, offset: r.meta.focusRow, limit: 1 }));
      const row = posted.pop() as Extract<HostMessage, { type: 'rows' }>;
      seen.push(row.columns.spanId[0]);
    }
    assert.deepStrictEqual(seen, ['auth', 'q', 'inner', 'auth']);
    // No match: index -1 and no focus row.
    c.handle(toHost({ type: 'searchTrace', requestId: 99, traceId: T.traceId, text: 'nothing-like-this', onlyMatches: false, index: 0 }));
    const none = posted.pop() as Extract<HostMessage, { type: 'searchResult' }>;
    assert.deepStrictEqual([none.search.total, none.search.index, none.meta.focusRow], [0, -1, -1]);
  });
});
