// The explorer's webview may open only a location its panel sent it: the real controller, with the host's guard.
import * as assert from 'assert';
import type { Dataset } from '../../src/core/dataset';
import type { Trace } from '../../src/core/model';
import { ExplorerController } from '../../src/extension/explorer/logic/controller';
import { guardLocations, LocationGrants } from '../../src/extension/security/locationGrants';
import { HostMessage, toHost } from '../../src/protocol/messages';
import { makeTrace } from './explorer.fixtures';

function traceWithException(): Trace {
  const t = makeTrace([{ id: 'r', start: 0, dur: 10, status: 'error', source: { file: 'src/orders/handler.js', line: 3 } }]);
  t.nodes[0].span.exceptions.push({
    type: 'Error', message: 'boom',
    frames: [{ file: '/var/task/src/orders/handler.js', line: 42, column: 7, function: 'handler' }, { file: '/var/task/lib/db.js', line: 9 }],
  });
  return t;
}

function setup(trace: Trace) {
  const posted: HostMessage[] = [];
  const logs: string[] = [];
  const opened: string[] = [];
  // spans and invocations: the cost model behind span details' Cost row reads them.
  const ds = {
    traces: [trace], traceById: new Map([[trace.traceId, trace]]),
    spans: trace.nodes.map((n) => n.span), invocations: trace.nodes.flatMap((n) => (n.invocation ? [n.invocation] : [])),
  } as unknown as Dataset;
  const c = new ExplorerController(() => ({ dataset: ds, sourceLabel: 'Test', loading: false, version: 1 }), guardLocations({
    post: (m: HostMessage) => posted.push(m),
    openSource: () => undefined,
    openLocation: (f: string, l: number, col?: number) => opened.push(`${f}:${l}${col ? `:${col}` : ''}`),
    log: (level: string, m: string) => logs.push(`${level}: ${m}`),
  }));
  c.handle(toHost({ type: 'ready' }));
  return { c, posted, logs, opened };
}

describe('security: the webview opens only locations the host sent', () => {
  it('refuses a location the host never sent, and logs it', () => {
    const t = traceWithException();
    const { c, logs, opened } = setup(t);
    c.handle(toHost({ type: 'openLocation', file: '/etc/passwd', line: 1 }));
    // Even a frame's file is refused before the span's details (and so the frame) were sent.
    c.handle(toHost({ type: 'openLocation', file: '/var/task/src/orders/handler.js', line: 42, column: 7 }));
    assert.deepStrictEqual(opened, []);
    assert.strictEqual(logs.filter((l) => l.startsWith('warn: Refused to open')).length, 2, logs.join('\n'));
    assert.ok(logs.some((l) => l.includes('/etc/passwd:1')), logs.join('\n'));
  });

  it('opens a stack frame the host sent in span details, and only that exact location', () => {
    const t = traceWithException();
    const { c, posted, logs, opened } = setup(t);
    c.handle(toHost({ type: 'openTrace', requestId: 1, traceId: t.traceId }));
    c.handle(toHost({ type: 'getSpanDetails', requestId: 2, traceId: t.traceId, spanId: 'r' }));
    const details = posted.find((m) => m.type === 'spanDetails');
    assert.ok(details && details.type === 'spanDetails' && details.details.exceptions[0].frames.length === 2, 'span details with two frames were sent');
    c.handle(toHost({ type: 'openLocation', file: '/var/task/src/orders/handler.js', line: 42, column: 7 }));
    c.handle(toHost({ type: 'openLocation', file: '/var/task/lib/db.js', line: 9 }));
    // Same file, another line; another file: refused.
    c.handle(toHost({ type: 'openLocation', file: '/var/task/lib/db.js', line: 10 }));
    c.handle(toHost({ type: 'openLocation', file: '/var/task/lib/../../../etc/passwd', line: 9 }));
    assert.deepStrictEqual(opened, ['/var/task/src/orders/handler.js:42:7', '/var/task/lib/db.js:9']);
    assert.strictEqual(logs.filter((l) => l.startsWith('warn: Refused to open')).length, 2, logs.join('\n'));
  });

  it('keeps at most its limit of locations, forgetting the oldest', () => {
    const g = new LocationGrants(3);
    const details = (files: string[]) => ({ type: 'spanDetails', details: { exceptions: [{ frames: files.map((file) => ({ file, line: 1 })) }] } });
    g.noteSent(details(['a', 'b', 'c']));
    g.noteSent(details(['d']));
    assert.strictEqual(g.size, 3);
    assert.strictEqual(g.allows('a', 1), false);
    assert.ok(g.allows('b', 1) && g.allows('c', 1) && g.allows('d', 1));
    // Other messages carry no locations.
    g.noteSent({ type: 'listPage', rows: [{ file: 'x', line: 1 }] });
    assert.strictEqual(g.allows('x', 1), false);
  });
});
