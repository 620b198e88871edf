import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';

const YELP = path.join(FIXTURES, 'zipkin/yelp.json');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => { out += t + '\n'; }, err: (t) => { err += t + '\n'; } });
  return { code, out, err };
}

interface JsonGraph {
  nodes: { id: string; type: string; name: string; calls: number; errors: number; p50Ms: number; p95Ms: number; p99Ms: number }[];
  edges: { source: string; target: string; calls: number; errors: number; p50Ms: number; p95Ms: number; p99Ms: number }[];
}

describe('trace-explorer graph', () => {
  it('--json prints nodes and edges with the documented keys, counts matching the file', async () => {
    const r = await run(['graph', YELP, '--json']);
    assert.equal(r.code, 0, r.err);
    const g = JSON.parse(r.out) as JsonGraph;
    for (const n of g.nodes) {
      for (const k of ['id', 'type', 'name', 'calls', 'errors', 'p50Ms', 'p95Ms', 'p99Ms'] as const) assert.ok(k in n, `node ${n.id} lacks ${k}`);
      assert.equal(n.id, `${n.type}:${n.name}`);
    }
    for (const e of g.edges) {
      for (const k of ['source', 'target', 'calls', 'errors', 'p50Ms', 'p95Ms', 'p99Ms'] as const) assert.ok(k in e, `edge lacks ${k}`);
      assert.ok(g.nodes.some((n) => n.id === e.source) && g.nodes.some((n) => n.id === e.target));
      assert.ok(e.p50Ms <= e.p95Ms && e.p95Ms <= e.p99Ms);
    }
    // Straight from the file: yelp-main's CLIENT spans to memcache, and their durations (microseconds).
    const raw = JSON.parse(readFileSync(YELP, 'utf8')) as { kind?: string; duration: number; localEndpoint?: { serviceName?: string }; remoteEndpoint?: { serviceName?: string } }[];
    const calls = raw.filter((s) => s.kind === 'CLIENT' && s.localEndpoint?.serviceName === 'yelp-main' && s.remoteEndpoint?.serviceName === 'memcache');
    const e = g.edges.find((x) => x.source === 'service:yelp-main' && x.target === 'service:memcache')!;
    assert.equal(e.calls, calls.length);
    const ms = calls.map((s) => s.duration / 1000).sort((a, b) => a - b);
    assert.equal(e.p50Ms, ms[Math.floor(ms.length / 2)]); // odd count: the median is the middle value
  });

  it('prints a readable table without --json', async () => {
    const r = await run(['graph', YELP]);
    assert.equal(r.code, 0);
    assert.match(r.out, /^nodes \(10\), from 1 trace\(s\)/);
    assert.match(r.out, /service:yelp-main -> service:memcache\s+3 calls\s+0 errors\s+p50/);
  });

  it('--trace restricts the graph to one trace; unknown or malformed ids are reported', async () => {
    const all = JSON.parse((await run(['graph', FIXTURES, '--json'])).out) as JsonGraph;
    const kafkaTrace = (JSON.parse(readFileSync(path.join(FIXTURES, 'zipkin/messaging-kafka.json'), 'utf8')) as { traceId: string }[])[0].traceId;
    const r = await run(['graph', FIXTURES, '--json', '--trace', kafkaTrace]);
    assert.equal(r.code, 0, r.err);
    const one = JSON.parse(r.out) as JsonGraph;
    assert.deepEqual(one.nodes.map((n) => n.id), ['service:kafka', 'service:servicea', 'service:serviceb']);
    assert.ok(all.nodes.length > one.nodes.length);
    const missing = await run(['graph', FIXTURES, '--trace', 'f'.repeat(32)]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /not found/);
    const bad = await run(['graph', FIXTURES, '--trace', 'nope']);
    assert.equal(bad.code, 2);
    assert.equal((await run(['graph'])).code, 2, 'no input paths is a usage error');
  });
});
