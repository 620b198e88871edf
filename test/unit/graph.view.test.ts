import { FIXTURES as FIXTURES_DIR } from './fixturesDir';
import { strict as assert } from 'assert';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import type { Dataset } from '../../src/core/dataset';
import { GraphController } from '../../src/extension/architecture/controller';
import {
  DEFAULT_GRAPH_SETTINGS, GraphHostMessage, toGraphHost, validateGraphHostMessage, validateGraphWebviewMessage,
} from '../../src/protocol/architecture';
import { layeredPositions } from '../../webview/architecture/layered';
import { severityOf } from '../../webview/architecture/severity';

const YELP = path.join(FIXTURES_DIR, 'zipkin/yelp.json');

describe('architecture view: pure parts', () => {
  it('layered layout: ranks by distance from the entry, every node placed, cycles tolerated', () => {
    const pos = layeredPositions(['c', 'a', 'b', 'd', 'x', 'y'], [
      { source: 'c', target: 'a' }, { source: 'a', target: 'b' }, { source: 'a', target: 'd' }, { source: 'b', target: 'a' },
      { source: 'x', target: 'y' }, { source: 'y', target: 'x' }, // a cycle nothing enters
    ], { rankSep: 100, nodeSep: 50 });
    assert.equal(pos.size, 6);
    assert.equal(pos.get('c')!.x, 0);
    assert.equal(pos.get('a')!.x, 100);
    assert.equal(pos.get('b')!.x, 200);
    assert.equal(pos.get('d')!.x, 200);
    assert.notEqual(pos.get('b')!.y, pos.get('d')!.y);
    assert.ok(pos.get('x') && pos.get('y'));
  });

  it('layered layout of 3,000 nodes and 20,000 edges is fast (linear)', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `n${i}`);
    const edges = Array.from({ length: 20000 }, (_, i) => ({ source: ids[i % 2990], target: ids[(i % 2990) + 1 + (i % 9)] }));
    const t0 = performance.now();
    const pos = layeredPositions(ids, edges, { rankSep: 100, nodeSep: 50 });
    assert.equal(pos.size, 3000);
    assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
    assert.equal(new Set([...pos.values()].map((p) => `${p.x},${p.y}`)).size, 3000, 'every node has its own place');
  });

  it('layered layout folds a tall layer into sub-columns instead of drawing a thin strip', () => {
    const kids = Array.from({ length: 600 }, (_, i) => `k${i}`);
    const sinks = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const edges = [...kids.map((k) => ({ source: 'root', target: k })), ...kids.map((k, i) => ({ source: k, target: sinks[i % 10] }))];
    const pos = layeredPositions(['root', ...kids, ...sinks], edges, { rankSep: 100, nodeSep: 50 });
    const xs = [...pos.values()].map((p) => p.x);
    const ys = [...pos.values()].map((p) => p.y);
    const aspect = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    assert.ok(aspect > 0.3, `width/height ${aspect}`);
    assert.equal(new Set([...pos.values()].map((p) => `${p.x},${p.y}`)).size, 611);
    assert.ok(Math.max(...kids.map((k) => pos.get(k)!.x)) < Math.min(...sinks.map((k) => pos.get(k)!.x)), 'callees stay right of callers');
  });

  it('severity follows the thresholds', () => {
    const s = DEFAULT_GRAPH_SETTINGS;
    assert.deepEqual(severityOf({ calls: 100, errors: 0, p95Ms: 10 }, s), { errors: 0, latency: 0 });
    assert.deepEqual(severityOf({ calls: 100, errors: 1, p95Ms: s.p95WarningMs }, s), { errors: 1, latency: 1 });
    assert.deepEqual(severityOf({ calls: 100, errors: 5, p95Ms: s.p95CriticalMs }, s), { errors: 2, latency: 2 });
    assert.deepEqual(severityOf({ calls: 0, errors: 0, p95Ms: 0 }, s), { errors: 0, latency: 0 });
  });

  it('protocol: rejects wrong versions, unknown types, bad fields and hostile objects; never throws', () => {
    assert.equal(validateGraphWebviewMessage(toGraphHost({ type: 'getTracePath', requestId: 1, traceId: 'abc' })).ok, true);
    assert.equal(validateGraphWebviewMessage({ v: 99, type: 'ready' }).ok, false);
    assert.equal(validateGraphWebviewMessage({ v: 1, type: 'eval' }).ok, false);
    assert.equal(validateGraphWebviewMessage({ v: 1, type: 'openTrace', traceId: 42 }).ok, false);
    assert.equal(validateGraphWebviewMessage({ v: 1, type: 'openTrace', traceId: 'x'.repeat(5000) }).ok, false);
    const hostile = { v: 1, type: 'openHandler', get nodeId(): string { throw new Error('boom'); } };
    assert.equal(validateGraphWebviewMessage(hostile).ok, false);
    assert.equal(validateGraphHostMessage({ v: 1, type: 'graph', dataset: {}, graph: {}, settings: {} }).ok, false);
  });
});

describe('architecture view: host controller', () => {
  let ds: Dataset;
  before(async () => { ds = await loadPaths([YELP]); });

  function controller() {
    const posted: GraphHostMessage[] = [];
    const opened: string[] = [];
    const handlers: string[] = [];
    const logs: string[] = [];
    const c = new GraphController(
      () => ({ dataset: ds, sourceLabel: 'yelp', loading: false, version: 3 }),
      () => DEFAULT_GRAPH_SETTINGS,
      {
        post: (m) => {
          const v = validateGraphHostMessage(m); // what the webview will check
          assert.ok(v.ok, v.ok ? '' : v.reason);
          posted.push(m);
        },
        openTrace: (id) => opened.push(id),
        openHandler: (id) => handlers.push(id),
        log: (_l, m) => logs.push(m),
      },
    );
    return { c, posted, opened, handlers, logs };
  }

  it('answers the ready handshake with the whole graph, then element traces and trace paths', () => {
    const { c, posted } = controller();
    c.datasetChanged(); // before ready: nothing is sent
    assert.equal(posted.length, 0);
    c.handle(toGraphHost({ type: 'ready' }));
    const g = posted[0];
    assert.equal(g.type, 'graph');
    if (g.type !== 'graph') return;
    assert.equal(g.dataset.datasetVersion, 3);
    assert.ok(g.graph.nodes.some((n) => n.id === 'service:yelp-main'));
    const edge = g.graph.edges.find((e) => e.id === 'service:yelp-main->service:memcache')!;
    c.handle(toGraphHost({ type: 'getElementTraces', requestId: 7, elementId: edge.id }));
    const t = posted[1];
    assert.ok(t.type === 'elementTraces' && t.requestId === 7 && t.slowest.length === 1);
    const traceId = t.type === 'elementTraces' ? t.slowest[0].traceId : '';
    c.handle(toGraphHost({ type: 'getTracePath', requestId: 8, traceId }));
    const p = posted[2];
    assert.ok(p.type === 'tracePath' && p.edgeIds.includes(edge.id) && p.nodeIds.includes('service:memcache'));
    c.handle(toGraphHost({ type: 'getTracePath', requestId: 9, traceId: 'f'.repeat(32) }));
    assert.ok(posted[3].type === 'error' && posted[3].requestId === 9);
  });

  it('opens traces through the command, refuses handler sources it does not know, ignores malformed messages', () => {
    const { c, posted, opened, handlers, logs } = controller();
    c.handle(toGraphHost({ type: 'ready' }));
    c.handle(toGraphHost({ type: 'openTrace', traceId: 'abc' }));
    assert.deepEqual(opened, ['abc']);
    c.handle(toGraphHost({ type: 'openHandler', nodeId: 'service:yelp-main' }));
    assert.deepEqual(handlers, []);
    const last = posted[posted.length - 1];
    assert.ok(last.type === 'handlerResult' && !last.ok);
    c.handle({ v: 1, type: 'openTrace' });
    c.handle('not even an object');
    assert.equal(logs.filter((l) => l.startsWith('Ignored malformed')).length, 2);
  });
});
