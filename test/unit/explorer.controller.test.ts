import * as assert from 'assert';
import type { Dataset } from '../../src/core/dataset';
import type { Trace } from '../../src/core/model';
import { ExplorerController } from '../../src/extension/explorer/logic/controller';
import { HostMessage, PROTOCOL_VERSION, toHost } from '../../src/protocol/messages';
import { makeTrace } from './explorer.fixtures';

function dataset(traces: Trace[]): Dataset {
  return { traces, traceById: new Map(traces.map((t) => [t.traceId, t])) } as unknown as Dataset;
}

function setup(traces: Trace[]) {
  const posted: HostMessage[] = [];
  const logs: string[] = [];
  const opened: string[] = [];
  const c = new ExplorerController(() => ({ dataset: dataset(traces), sourceLabel: 'Test', loading: false, version: 1 }), {
    post: (m) => posted.push(m),
    openSource: (_t, n) => opened.push(n.span.spanId),
    openLocation: (f, l) => opened.push(`${f}:${l}`),
    log: (level, m) => logs.push(`${level}: ${m}`),
  });
  const last = <T extends HostMessage['type']>(type: T) => posted.filter((m) => m.type === type).pop() as Extract<HostMessage, { type: T }>;
  return { c, posted, logs, opened, last };
}

const A = makeTrace([{ id: 'r', start: 0, dur: 10 }, { id: 'c', parent: 'r', start: 1, dur: 5 }, { id: 'g', parent: 'c', start: 2, dur: 1 }], 'a'.repeat(32));
const B = makeTrace([{ id: 'x', start: 5, dur: 100 }], 'b'.repeat(32));

describe('explorer controller (host side of the protocol)', () => {
  it('logs and ignores malformed messages without throwing or answering', () => {
    const { c, posted, logs } = setup([A]);
    for (const m of [null, 'x', { v: 1 }, { v: 99, type: 'ready' }, { v: 1, type: 'getRows', requestId: 'one' }]) assert.doesNotThrow(() => c.handle(m));
    assert.strictEqual(posted.length, 0);
    assert.strictEqual(logs.length, 5);
  });

  it('queues navigation and filters until the webview is ready, then sends init', () => {
    const { c, posted, last } = setup([A, B]);
    c.showTrace(B.traceId, 'x');
    c.setFilter('fn:orders');
    assert.strictEqual(posted.length, 0);
    c.handle(toHost({ type: 'ready' }));
    const init = last('init');
    assert.strictEqual(init.dataset.traceCount, 2);
    assert.deepStrictEqual(init.restore, { traceId: B.traceId, spanId: 'x' });
    assert.strictEqual(last('setFilter').filter, 'fn:orders');
    c.showTrace(A.traceId);
    assert.strictEqual(last('showTrace').traceId, A.traceId);
  });

  it('answers list, trace, rows, collapse and details requests with their request ids', () => {
    const { c, last, opened } = setup([A, B]);
    c.handle(toHost({ type: 'ready' }));
    c.handle(toHost({ type: 'queryList', requestId: 1, query: { sort: 'duration', dir: 'desc', filter: '' }, offset: 0, limit: 10 }));
    assert.deepStrictEqual(last('listPage').rows.map((r) => r.traceId), [B.traceId, A.traceId]);
    c.handle(toHost({ type: 'openTrace', requestId: 2, traceId: A.traceId, focusSpanId: 'g' }));
    const meta = last('traceMeta');
    assert.strictEqual(meta.requestId, 2);
    assert.strictEqual(meta.meta.focusRow, 2);
    c.handle(toHost({ type: 'setCollapsed', requestId: 3, traceId: A.traceId, spanId: 'c', collapsed: true }));
    const collapsed = last('traceMeta').meta;
    assert.strictEqual(collapsed.rowCount, 2);
    assert.ok(collapsed.version !== meta.meta.version);
    // Switching away and back keeps the collapse state.
    c.handle(toHost({ type: 'openTrace', requestId: 4, traceId: B.traceId }));
    c.handle(toHost({ type: 'openTrace', requestId: 5, traceId: A.traceId }));
    assert.strictEqual(last('traceMeta').meta.rowCount, 2);
    assert.strictEqual(last('traceMeta').meta.version, collapsed.version);
    c.handle(toHost({ type: 'getRows', requestId: 6, traceId: A.traceId, version: collapsed.version, offset: 0, limit: 10 }));
    assert.deepStrictEqual(last('rows').columns.spanId, ['r', 'c']);
    c.handle(toHost({ type: 'getSpanDetails', requestId: 7, traceId: A.traceId, spanId: 'c' }));
    assert.strictEqual(last('spanDetails').details.spanId, 'c');
    c.handle(toHost({ type: 'openSource', traceId: A.traceId, spanId: 'g' }));
    assert.deepStrictEqual(opened, ['g']);
  });

  it('locates a trace in the list under the webview\'s query', () => {
    const { c, last } = setup([A, B]);
    c.handle(toHost({ type: 'ready' }));
    c.handle(toHost({ type: 'locateTrace', requestId: 3, query: { sort: 'duration', dir: 'desc', filter: '' }, traceId: A.traceId }));
    assert.deepStrictEqual(last('traceIndex'), { v: PROTOCOL_VERSION, type: 'traceIndex', requestId: 3, datasetVersion: 1, traceId: A.traceId, index: 1, total: 2 });
    c.handle(toHost({ type: 'locateTrace', requestId: 4, query: { sort: 'duration', dir: 'desc', filter: 'bbbb' }, traceId: A.traceId }));
    assert.strictEqual(last('traceIndex').index, -1);
    assert.strictEqual(last('traceIndex').total, 1);
  });

  it('answers unknown traces and spans with an error for that request', () => {
    const { c, last } = setup([A]);
    c.handle(toHost({ type: 'ready' }));
    c.handle(toHost({ type: 'openTrace', requestId: 9, traceId: 'f'.repeat(32) }));
    assert.strictEqual(last('error').requestId, 9);
    c.handle(toHost({ type: 'getSpanDetails', requestId: 10, traceId: A.traceId, spanId: 'nope' }));
    assert.strictEqual(last('error').requestId, 10);
  });
});
