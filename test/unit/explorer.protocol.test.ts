import * as assert from 'assert';
import { PROTOCOL_VERSION, toHost, toWebview } from '../../src/protocol/messages';
import { MAX_PAGE, validateHostMessage, validateWebviewMessage } from '../../src/protocol/validate';

describe('explorer protocol validators', () => {
  it('accepts well-formed webview messages', () => {
    const good = [
      toHost({ type: 'ready' }),
      toHost({ type: 'queryList', requestId: 1, query: { sort: 'duration', dir: 'desc', filter: 'is:error' }, offset: 0, limit: 100 }),
      toHost({ type: 'openTrace', requestId: 2, traceId: 'abc' }),
      toHost({ type: 'openTrace', requestId: 2, traceId: 'abc', focusSpanId: 'x' }),
      toHost({ type: 'locateTrace', requestId: 2, query: { sort: 'start', dir: 'desc', filter: '' }, traceId: 'abc' }),
      toHost({ type: 'getRows', requestId: 3, traceId: 'abc', version: 1, offset: 250, limit: 250 }),
      toHost({ type: 'setCollapsed', requestId: 4, traceId: 'abc', spanId: 's', collapsed: true }),
      toHost({ type: 'setAllCollapsed', requestId: 4, traceId: 'abc', collapsed: false }),
      toHost({ type: 'getSpanDetails', requestId: 5, traceId: 'abc', spanId: 's' }),
      toHost({ type: 'openSource', traceId: 'abc', spanId: 's' }),
      toHost({ type: 'openLocation', file: '/var/task/a.js', line: 3 }),
      toHost({ type: 'selectionChanged' }),
      toHost({ type: 'log', level: 'warn', message: 'm' }),
    ];
    for (const m of good) assert.ok(validateWebviewMessage(m).ok, JSON.stringify(m));
  });

  it('rejects malformed messages with a reason and never throws', () => {
    const hostile = {
      v: PROTOCOL_VERSION,
      get type(): string { throw new Error('boom'); },
    };
    const bad: unknown[] = [
      null, undefined, 42, 'ready', [], {},
      { type: 'ready' },                                    // no version
      { v: 99, type: 'ready' },                             // wrong version
      { v: 1, type: 'nope' },
      { v: 1, type: 'toString' },                           // inherited property is not a message type
      { v: 1, type: 'getRows', requestId: 1, traceId: 'a', version: 1, offset: -1, limit: 10 },
      { v: 1, type: 'getRows', requestId: 1, traceId: 'a', version: 1, offset: 0, limit: MAX_PAGE + 1 },
      { v: 1, type: 'queryList', requestId: 1, query: { sort: 'bogus', dir: 'asc', filter: '' }, offset: 0, limit: 1 },
      { v: 1, type: 'queryList', requestId: 1, query: { sort: 'start', dir: 'asc', filter: 'x'.repeat(5000) }, offset: 0, limit: 1 },
      { v: 1, type: 'openTrace', requestId: 1, traceId: 7 },
      { v: 1, type: 'openLocation', file: 'a', line: 1.5 },
      { v: 1, type: 'log', level: 'debug', message: 'x' },
      hostile,
      new Proxy({}, { get() { throw new Error('trap'); } }),
    ];
    for (const m of bad) {
      let r;
      assert.doesNotThrow(() => { r = validateWebviewMessage(m); });
      assert.strictEqual(r!.ok, false);
      assert.ok(!r!.ok && r!.reason.length > 0);
    }
  });

  it('validates host messages on the webview side', () => {
    assert.ok(validateHostMessage(toWebview({ type: 'init', dataset: { sourceLabel: 'S', traceCount: 3, loading: false, datasetVersion: 1 } })).ok);
    assert.ok(validateHostMessage(toWebview({ type: 'sourceResult', spanId: 's', ok: false, message: 'm' })).ok);
    assert.ok(validateHostMessage(toWebview({ type: 'error', message: 'm' })).ok);
    assert.ok(validateHostMessage(toWebview({ type: 'traceIndex', requestId: 1, datasetVersion: 1, traceId: 't', index: -1, total: 0 })).ok);
    assert.ok(!validateHostMessage({ v: 1, type: 'traceIndex', requestId: 1, datasetVersion: 1, traceId: 't', index: -2, total: 0 }).ok);
    assert.ok(!validateHostMessage({ v: 1, type: 'rows', requestId: 1, traceId: 't', version: 1, offset: 0, columns: { spanId: [1] } }).ok);
    assert.ok(!validateHostMessage({ v: 1, type: 'listPage', requestId: 1, datasetVersion: 1, total: 1, offset: 0, rows: [{}] }).ok);
  });
});
