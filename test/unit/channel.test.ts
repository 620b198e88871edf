// The one channel every panel speaks (src/protocol/channel.ts) and the controller base (src/extension/panelController.ts).
import * as assert from 'assert';
import { defineProtocol, int, shortStr } from '../../src/protocol/channel';
import type { CommonHostMessage, CommonWebviewMessage } from '../../src/protocol/channel';
import { PanelController } from '../../src/extension/panelController';

type W = CommonWebviewMessage | { v: number; type: 'ask'; requestId: number; q: string } | { v: number; type: 'boom'; requestId: number };
type H = CommonHostMessage | { v: number; type: 'answer'; requestId: number; a: string };
const P = defineProtocol<W, H>('test', 3, { ask: { requestId: int, q: shortStr }, boom: { requestId: int } }, { answer: { requestId: int, a: shortStr } });

class Echo extends PanelController<W, H> {
  deferred: (() => void)[] = [];
  datasetChanged(): void { /* nothing to resend */ }
  protected dispatch(m: W): void {
    if (m.type === 'boom') throw new Error('kaput');
    if (m.type === 'ask') {
      // Answered later, as long work would be: by then the webview may have cancelled it.
      this.deferred.push(() => { if (!this.isCancelled(m.requestId)) this.post({ type: 'answer', requestId: m.requestId, a: m.q.toUpperCase() }); else this.post({ type: 'answer', requestId: m.requestId, a: 'late' }); });
    }
  }
}

function setup() {
  const posted: H[] = [];
  const logs: string[] = [];
  const c = new Echo(P, { post: (m) => posted.push(m), log: (level, m) => logs.push(`${level}: ${m}`) }, 'test');
  return { c, posted, logs };
}

describe('channel: one protocol shape for every panel', () => {
  it('adds the common messages (ready, cancel, log / progress, error) to every protocol and stamps its version', () => {
    assert.deepStrictEqual([...P.webviewTypes].sort(), ['ask', 'boom', 'cancel', 'log', 'ready']);
    assert.deepStrictEqual([...P.hostTypes].sort(), ['answer', 'error', 'progress']);
    assert.deepStrictEqual(P.toHost({ type: 'ask', requestId: 1, q: 'x' }), { type: 'ask', requestId: 1, q: 'x', v: 3 });
    assert.ok(P.fromWebview({ v: 3, type: 'cancel', requestId: 4 }).ok);
    assert.ok(P.fromHost({ v: 3, type: 'progress', requestId: 4, done: 10, total: 20 }).ok);
  });

  it('rejects other versions, unknown types, bad fields and hostile objects with a reason; never throws', () => {
    const hostile = { v: 3, get type(): string { throw new Error('trap'); } };
    for (const raw of [null, [], { v: 1, type: 'ready' }, { v: 3, type: 'toString' }, { v: 3, type: 'ask', requestId: -1, q: 'x' },
      { v: 3, type: 'cancel', requestId: 'x' }, { v: 3, type: 'progress', requestId: 1, done: NaN }, hostile]) {
      const r = P.fromWebview(raw);
      const h = P.fromHost(raw);
      assert.ok(!r.ok && r.reason.length > 0, raw === hostile ? 'hostile' : JSON.stringify(raw));
      assert.ok(!h.ok && h.reason.length > 0);
    }
  });

  it('the controller base answers ready, logs the webview\'s log lines and drops malformed messages', () => {
    const { c, posted, logs } = setup();
    assert.strictEqual(c.isReady, false);
    c.handle({ v: 3, type: 'ready' });
    assert.strictEqual(c.isReady, true);
    c.handle({ v: 3, type: 'log', level: 'warn', message: 'hello' });
    c.handle({ v: 2, type: 'ask', requestId: 1, q: 'x' });
    assert.deepStrictEqual(logs, ['warn: [test webview] hello', 'warn: Ignored malformed test message: protocol version 2, expected 3']);
    assert.strictEqual(posted.length, 0);
  });

  it('turns an exception into an error reply to that request', () => {
    const { c, posted, logs } = setup();
    c.handle(P.toHost({ type: 'boom', requestId: 7 }));
    assert.deepStrictEqual(posted, [{ type: 'error', requestId: 7, message: 'kaput', v: 3 }]);
    assert.match(logs[0], /Failed to handle boom: kaput/);
  });

  it('a cancelled request gets no reply; the others do', () => {
    const { c, posted } = setup();
    c.handle(P.toHost({ type: 'ask', requestId: 1, q: 'one' }));
    c.handle(P.toHost({ type: 'ask', requestId: 2, q: 'two' }));
    c.handle(P.toHost({ type: 'cancel', requestId: 1 }));
    for (const run of c.deferred) run();
    assert.deepStrictEqual(posted, [{ type: 'answer', requestId: 2, a: 'TWO', v: 3 }]);
  });
});
