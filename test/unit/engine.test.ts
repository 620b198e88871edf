// The engine worker for real (worker_threads, the compiled out/src/engine/main.js): it reads the sample, answers the
// panels' messages with the real controllers, and comes back on the same data after it is killed.
import * as assert from 'assert';
import * as path from 'path';
import { EngineClient } from '../../src/engine/client';
import type { EngineState } from '../../src/engine/protocol';
import { loadPaths } from '../../src/core/load';
import { toHost } from '../../src/protocol/messages';
import { toAnomaliesHost } from '../../src/protocol/anomalies';
import { functionPicks, TREE_TOP, treeRows } from '../../src/engine/requests';
import { vocabularyOf } from '../../src/extension/query/logic/vocabulary';
import { runQuery } from '../../src/core/query';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'samples', 'data');
const MAIN = path.join(ROOT, 'out', 'src', 'engine', 'main.js');

function until<T>(what: string, get: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = get();
      if (v !== undefined) resolve(v);
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('engine worker (owns the Dataset, runs the controllers)', function () {
  this.timeout(120_000);
  const posts: { panelId: number; message: { type: string; [k: string]: unknown } }[] = [];
  const effects: { panelId: number; name: string; args: unknown[] }[] = [];
  const restarts: string[] = [];
  const states: EngineState[] = [];
  let engine: EngineClient;

  before(() => {
    engine = new EngineClient(MAIN, {
      panelPost: (panelId, json, type) => {
        const message = JSON.parse(json) as { type: string };
        assert.strictEqual(message.type, type, 'messageType names the message');
        posts.push({ panelId, message });
      },
      effect: (panelId, name, args) => effects.push({ panelId, name, args }),
      restarted: (reason) => restarts.push(reason),
      state: (s) => states.push(s),
    });
  });
  after(() => engine.dispose());

  const last = (panelId: number, type: string) => [...posts].reverse().find((p) => p.panelId === panelId && p.message.type === type)?.message;

  it('loads the sample in the worker: the same numbers as an in-process load, and the host thread got none of the records', async () => {
    const expected = await loadPaths([SAMPLE]);
    const s = await engine.load({ files: [SAMPLE], label: 'Sample data' });
    assert.strictEqual(s.error, undefined);
    assert.deepStrictEqual([s.traces, s.spans, s.invocations], [expected.traces.length, expected.spans.length, expected.invocations.length]);
    assert.ok(s.traces > 100, `only ${s.traces} traces`);
    assert.ok(states.some((x) => x.loading) && !states[states.length - 1].loading, 'loading, then loaded, were pushed');
  });

  it('a load the user cancels keeps the data and the label shown before, and ends the loading state', async () => {
    const before = states[states.length - 1];
    const cancel = new AbortController();
    const running = engine.load({ files: [SAMPLE], label: 'Cancelled load' }, { signal: cancel.signal });
    cancel.abort();
    const s = await running;
    assert.strictEqual(s.loading, false);
    assert.strictEqual(s.sourceLabel, 'Sample data');
    assert.deepStrictEqual([s.traces, s.spans, s.invocations], [before.traces, before.spans, before.invocations]);
    assert.ok(states.some((x) => x.sourceLabel === 'Cancelled load' && x.loading), 'the cancelled load had started');
    assert.strictEqual(states[states.length - 1].loading, false, 'the last state pushed is not loading');
  });

  it('answers the UI\'s questions (tree, function picks, vocabulary, hasTrace, query) as the same functions do in-process', async () => {
    const ds = await loadPaths([SAMPLE]);
    const tree = await engine.ask({ kind: 'tree' });
    assert.deepStrictEqual(tree, treeRows(ds));
    assert.strictEqual(tree.recent.length, Math.min(TREE_TOP, ds.traces.length));
    assert.ok(tree.slowest.every((t, i) => i === 0 || tree.slowest[i - 1].durationMs >= t.durationMs), 'slowest first');
    assert.strictEqual(tree.slowest[0].durationMs, Math.max(...ds.traces.map((t) => t.durationMs)));
    assert.deepStrictEqual(await engine.ask({ kind: 'functionPicks' }), functionPicks(ds));
    assert.deepStrictEqual(await engine.ask({ kind: 'vocabulary' }), vocabularyOf(ds));
    const id = ds.traces[0].traceId;
    assert.strictEqual(await engine.ask({ kind: 'hasTrace', id: ` ${id} ` }), true);
    assert.strictEqual(await engine.ask({ kind: 'hasTrace', id: '1-00000000-000000000000000000000000' }), false);
    const q = await engine.ask({ kind: 'query', text: 'status:error sort:duration desc' });
    assert.ok(q.ok, JSON.stringify(q));
    const local = runQuery(ds, 'status:error sort:duration desc');
    assert.deepStrictEqual(q.ok && q.results, local.results);
    assert.ok(q.ok && q.results.length > 0 && q.insights.queryString.length > 0);
    // A query the parser rejects is an answer with the parser's message, not a dead request.
    const bad = await engine.ask({ kind: 'query', text: 'duration:>' });
    assert.strictEqual(bad.ok, false);
    assert.ok(!bad.ok && bad.error.length > 0);
  });

  it('routes a Trace Explorer panel to the real controller: ready -> init, a list page, effects back to the host', async () => {
    engine.openPanel(1, 'explorer');
    engine.toPanel(1, toHost({ type: 'ready' }));
    const init = await until('init', () => last(1, 'init'));
    assert.strictEqual((init.dataset as { traceCount: number }).traceCount, engine.state.traces);
    engine.toPanel(1, toHost({ type: 'queryList', requestId: 5, query: { sort: 'duration', dir: 'desc', filter: '' }, offset: 0, limit: 3 }));
    const page = await until('listPage', () => last(1, 'listPage'));
    assert.strictEqual(page.requestId, 5);
    assert.strictEqual((page.rows as unknown[]).length, 3);
    engine.toPanel(1, toHost({ type: 'selectionChanged', traceId: (page.rows as { traceId: string }[])[0].traceId }));
    const fx = await until('selectionChanged effect', () => effects.find((e) => e.name === 'selectionChanged'));
    assert.strictEqual(fx.args[0], (page.rows as { traceId: string }[])[0].traceId);
    // A location the panel never sent is refused in the engine too, and said so in the host's log.
    engine.toPanel(1, toHost({ type: 'openLocation', file: '/etc/passwd', line: 1 }));
    const refused = await until('refusal', () => effects.find((e) => e.name === 'log' && /Refused to open/.test(String(e.args[1]))));
    assert.strictEqual(refused.args[0], 'warn');
    assert.ok(!effects.some((e) => e.name === 'openLocation'));
  });

  it('the Anomalies panel gets its first grouping at once and the other groupings\' anomalies afterwards', async () => {
    engine.openPanel(2, 'anomalies');
    engine.toPanel(2, toAnomaliesHost({ type: 'ready' }));
    const overview = await until('overview', () => last(2, 'overview'));
    assert.strictEqual((overview.overview as { by: string }).by, 'function');
    if ((overview.pending as string[]).length > 0) {
      const all = await until('anomalies of every grouping', () => last(2, 'anomalies'));
      assert.deepStrictEqual(all.pending, []);
      const bys = new Set((all.anomalies as { by: string }[]).map((a) => a.by));
      assert.ok(bys.size > 1, `anomalies of ${[...bys].join(', ')} only`);
    }
  });

  it('killed, the worker comes back with the same dataset and the open panels answer again', async () => {
    const before = engine.state;
    const firstThread = engine.threadId;
    posts.length = 0;
    await engine.kill();
    await until('a restart', () => restarts[0]);
    assert.match(restarts[0], /exited/);
    await until('the reload after the restart', () => (engine.threadId !== firstThread && engine.state.version > 0 && !engine.state.loading && engine.state.traces > 0 ? true : undefined));
    assert.deepStrictEqual([engine.state.traces, engine.state.spans, engine.state.invocations], [before.traces, before.spans, before.invocations]);
    assert.strictEqual(engine.state.sourceLabel, 'Sample data', 'the reload is of what was shown, not of the load cancelled earlier');
    // The explorer's controller is back and ready: it answers a new request.
    engine.toPanel(1, toHost({ type: 'queryList', requestId: 9, query: { sort: 'start', dir: 'asc', filter: '' }, offset: 0, limit: 2 }));
    const page = await until('listPage after the restart', () => [...posts].reverse().find((p) => p.panelId === 1 && p.message.type === 'listPage' && p.message.requestId === 9)?.message);
    assert.strictEqual(page.total, before.traces, JSON.stringify({ state: engine.state, page, posts: posts.map((p) => p.message.type) }));
  });
});
