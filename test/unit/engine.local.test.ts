// The local receiver run by the real engine worker (out/src/engine/main.js): it binds, streams what it takes into the
// Dataset as the "Local" source (masked, marked local) while an open panel is told, reports its counts, refuses a port
// in use without touching the data, comes back after a crash, keeps what it received when stopped, and stops when
// another source replaces it.
import * as assert from 'assert';
import * as net from 'net';
import * as path from 'path';
import { EngineClient } from '../../src/engine/client';
import type { LocalPlan, LocalStatus } from '../../src/engine/protocol';
import { toHost } from '../../src/protocol/messages';
import { post, waitFor } from './receive.helpers';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(ROOT, 'samples', 'data');
const MAIN = path.join(ROOT, 'out', 'src', 'engine', 'main.js');

const request = (traceId: string, secret = 'x') => JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans: [
  { traceId, spanId: '00f067aa0ba902b7', name: 'root', kind: 2, startTimeUnixNano: '1764640000000000000', endTimeUnixNano: '1764640000009000000', attributes: [{ key: 'password', value: { stringValue: secret } }] },
  { traceId, spanId: '00f067aa0ba902b8', parentSpanId: '00f067aa0ba902b7', name: 'child', kind: 3, startTimeUnixNano: '1764640000001000000', endTimeUnixNano: '1764640000002000000' },
] }] }] });

const JSON_TYPE = { 'Content-Type': 'application/json' };

describe('engine worker: the local receiver', function () {
  this.timeout(120_000);
  const statuses: LocalStatus[] = [];
  const posts: string[] = [];
  const restarts: string[] = [];
  let engine: EngineClient;
  const plan: LocalPlan = { otlp: '127.0.0.1:0', xray: '127.0.0.1:0', listen: true, budgetBytes: 64 * 1024 * 1024 };
  let running: Promise<unknown>;
  const lastStatus = () => statuses[statuses.length - 1];
  const url = () => `http://${lastStatus().otlp}/v1/traces`;

  before(async () => {
    engine = new EngineClient(MAIN, { localStatus: (s) => statuses.push(s), panelPost: (_p, _j, type) => posts.push(type), restarted: (r) => restarts.push(r) });
    await engine.load({ files: [SAMPLE], label: 'Sample data' });
  });
  after(() => engine.dispose());

  it('starts on loopback, streams received spans into the Dataset (masked, marked local) and tells the open panel', async () => {
    engine.openPanel(1, 'explorer');
    engine.toPanel(1, toHost({ type: 'ready' }));
    await waitFor(() => posts.includes('init'), 20_000, 'the panel init');
    running = engine.loadLocal(plan);
    await waitFor(() => lastStatus()?.state === 'running', 20_000, 'the receiver running');
    assert.match(lastStatus().otlp!, /^127\.0\.0\.1:\d+$/);
    assert.match(lastStatus().xray!, /^127\.0\.0\.1:\d+$/);
    await waitFor(() => engine.state.sourceLabel === 'Local runs (receiver)' && engine.state.traces === 0, 10_000, 'the empty Local source replacing the sample');
    const datasetPosts = posts.filter((t) => t === 'dataset').length;
    assert.strictEqual((await post(url(), request('0af7651916cd43dd8448eb211c80319c', 'hunter2hunter2'), JSON_TYPE)).status, 200);
    await waitFor(() => engine.state.traces === 1, 10_000, 'the first trace shown');
    assert.strictEqual((await post(url(), request('0af7651916cd43dd8448eb211c80319d'), JSON_TYPE)).status, 200);
    await waitFor(() => engine.state.traces === 2 && engine.state.spans === 4, 10_000, 'the second trace, without a reload');
    assert.ok(posts.filter((t) => t === 'dataset').length > datasetPosts, 'the open panel was told the data changed');
    const snap = await engine.ask({ kind: 'snapshot' });
    const root = snap!.spans.find((s) => s.name === 'root')!;
    assert.strictEqual(root.attributes['explorer.source'], 'local');
    assert.ok(!JSON.stringify(snap).includes('hunter2hunter2'), 'masked like every other source');
    await waitFor(() => lastStatus().received.spans === 4 && lastStatus().kept.traces === 2, 5000, 'the counts in the status');
    assert.deepStrictEqual(lastStatus().evicted, { traces: 0, invocations: 0, spans: 0, logs: 0 });
  });

  it('a port in use is refused naming the port, and the data shown does not change', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const other = new EngineClient(MAIN, { localStatus: (s) => statuses.push(s) });
      try {
        await other.load({ files: [SAMPLE], label: 'Sample data' });
        const before = other.state;
        const n = statuses.length;
        await other.loadLocal({ ...plan, otlp: `127.0.0.1:${port}` });
        const failed = statuses.slice(n).find((s) => s.state === 'failed');
        assert.ok(failed, 'a failed status');
        assert.strictEqual(failed.error?.code, 'port-in-use');
        assert.strictEqual(failed.error?.port, port);
        assert.strictEqual(failed.error?.which, 'otlp');
        assert.match(failed.error!.message, new RegExp(`Port ${port} .*in use`));
        assert.deepStrictEqual([other.state.sourceLabel, other.state.traces, other.state.version], [before.sourceLabel, before.traces, before.version]);
      } finally {
        await other.dispose();
      }
    } finally {
      blocker.close();
    }
  });

  it('killed, the worker comes back with the receiver listening again', async () => {
    const n = statuses.length;
    await engine.kill();
    await waitFor(() => restarts.length === 1, 20_000, 'the restart');
    await waitFor(() => statuses.slice(n).some((s) => s.state === 'running'), 20_000, 'the receiver running in the new worker');
    await waitFor(() => engine.state.sourceLabel === 'Local runs (receiver)', 10_000, 'the Local source back');
    assert.strictEqual((await post(url(), request('0af7651916cd43dd8448eb211c80319e'), JSON_TYPE)).status, 200);
    await waitFor(() => engine.state.traces === 1, 10_000, 'a trace received by the new worker');
  });

  it('stopped, the receiver closes its ports and what it received stays shown', async () => {
    const address = url();
    engine.stopLocal();
    await waitFor(() => lastStatus().state === 'stopped', 10_000, 'stopped');
    await waitFor(() => engine.state.traces === 1, 5000, 'the kept trace');
    await assert.rejects(post(address, request('0af7651916cd43dd8448eb211c80319f'), JSON_TYPE), 'nothing listens any more');
    // A reload of the stopped source (masking changed, Refresh) shows what was kept without listening again.
    await engine.loadLocal({ ...plan, listen: false });
    assert.strictEqual(engine.state.traces, 1);
    assert.strictEqual(lastStatus().state, 'stopped');
    void running;
  });

  it('another source replaces a running receiver: it stops', async () => {
    running = engine.loadLocal(plan);
    await waitFor(() => lastStatus().state === 'running', 20_000, 'running again');
    await engine.load({ files: [SAMPLE], label: 'Sample data' });
    await waitFor(() => lastStatus().state === 'stopped', 10_000, 'stopped by the file load');
    await running;
    assert.strictEqual(engine.state.sourceLabel, 'Sample data');
  });

  it('an address that is not loopback: started with a warning, said once', async () => {
    const n = statuses.length;
    running = engine.loadLocal({ ...plan, otlp: '0.0.0.0:0', xray: '' });
    await waitFor(() => statuses.slice(n).some((s) => s.state === 'running'), 20_000, 'running');
    const first = statuses.slice(n).find((s) => s.state === 'running')!;
    assert.match(first.warnings?.[0] ?? '', /0\.0\.0\.0:\d+, which is not a loopback address/);
    assert.strictEqual(first.xray, undefined, 'no X-Ray socket when its address is empty');
    assert.strictEqual((await post(`http://127.0.0.1:${first.otlp!.split(':')[1]}/v1/traces`, request('0af7651916cd43dd8448eb211c80319a'), JSON_TYPE)).status, 200);
    await waitFor(() => statuses.length > n + 1, 5000, 'a later status');
    assert.ok(statuses.slice(n).filter((s) => s.warnings).length === 1, 'the warning goes once');
    engine.stopLocal();
    await running;
  });
});
