// The host's panel router over the real engine worker: each panel's messages reach its own controller in the worker
// and only its own posts and effects come back to it; a closed panel hears nothing more.
import * as assert from 'assert';
import * as path from 'path';
import { EngineClient } from '../../src/engine/client';
import { EngineRouter, PanelEnds } from '../../src/engine/router';
import { toHost } from '../../src/protocol/messages';
import { toGraphHost } from '../../src/protocol/architecture';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'samples', 'data');
const MAIN = path.join(ROOT, 'out', 'src', 'engine', 'main.js');

type Msg = { type: string; [k: string]: unknown };
class Ends implements PanelEnds {
  readonly posts: Msg[] = [];
  readonly effects: { name: string; args: unknown[] }[] = [];
  post(m: string | object): void { this.posts.push((typeof m === 'string' ? JSON.parse(m) : m) as Msg); }
  effect(name: string, args: unknown[]): void { this.effects.push({ name, args }); }
  last(type: string): Msg | undefined { return [...this.posts].reverse().find((m) => m.type === type); }
}

async function until<T>(what: string, get: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('engine router (the host side of the panels)', function () {
  this.timeout(120_000);
  let engine: EngineClient;
  let router: EngineRouter;

  before(async () => {
    router = new EngineRouter(() => engine);
    engine = new EngineClient(MAIN, router.hooks);
    await engine.load({ files: [SAMPLE], label: 'Sample data' });
  });
  after(() => engine.dispose());

  it('keeps two panels apart: each gets its own answers and effects, a closed one nothing more', async () => {
    const a = new Ends();
    const b = new Ends();
    const pa = router.open('explorer', a);
    const pb = router.open('architecture', b);
    assert.ok(!pa.isReady);
    pa.handle(toHost({ type: 'ready' }));
    pb.handle(toGraphHost({ type: 'ready' }));
    assert.ok(pa.isReady);
    const init = await until('explorer init', () => a.last('init'));
    assert.strictEqual((init.dataset as { traceCount: number }).traceCount, engine.state.traces);
    const graph = await until('graph', () => b.last('graph'));
    assert.ok(((graph.graph as { nodes: unknown[] }).nodes).length > 0);
    assert.ok(!a.posts.some((m) => m.type === 'graph') && !b.posts.some((m) => m.type === 'init'), 'no message crossed panels');

    pa.handle(toHost({ type: 'queryList', requestId: 3, query: { sort: 'start', dir: 'asc', filter: '' }, offset: 0, limit: 2 }));
    const page = await until('list page', () => a.last('listPage'));
    const traceId = (page.rows as { traceId: string }[])[0].traceId;
    pa.handle(toHost({ type: 'selectionChanged', traceId }));
    const fx = await until('selectionChanged effect', () => a.effects.find((e) => e.name === 'selectionChanged'));
    assert.strictEqual(fx.args[0], traceId);
    assert.ok(!b.effects.some((e) => e.name === 'selectionChanged'));

    // A location the webview was never sent is refused in the worker (security/locationGrants.ts), not opened here.
    pa.handle(toHost({ type: 'openLocation', file: '/etc/passwd', line: 1 }));
    await until('refusal', () => a.effects.find((e) => e.name === 'log' && /Refused to open/.test(String(e.args[1]))));
    assert.ok(!a.effects.some((e) => e.name === 'openLocation'));

    pa.close();
    assert.strictEqual(router.openPanels, 1);
    const before = a.posts.length;
    pa.handle(toHost({ type: 'queryList', requestId: 4, query: { sort: 'start', dir: 'asc', filter: '' }, offset: 0, limit: 2 }));
    // The graph panel still answers; by the time it has, the closed panel would have had its page.
    pb.handle(toGraphHost({ type: 'ready' }));
    await until('a second graph', () => (b.posts.filter((m) => m.type === 'graph').length >= 2 ? true : undefined));
    assert.strictEqual(a.posts.length, before);
    pb.close();
  });
});
