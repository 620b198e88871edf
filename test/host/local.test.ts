// The local receiver through its real commands in the extension host: a port in use is refused naming the port (the
// data shown does not change); Start binds the configured ports in the engine worker; what is POSTed shows up as the
// "Local runs" source, marked local; Copy Environment copies the receiver's ports; Stop closes the ports and keeps
// what was received.
import * as assert from 'assert';
import * as net from 'net';
import * as vscode from 'vscode';
import { activate, closeAllEditors, TraceExplorerApi, waitFor, withTimeout } from './helpers';

interface LocalStatusLike { state: string; otlp?: string; xray?: string; received: { spans: number }; error?: { code: string; port: number; message: string } }
interface StateLike { sourceLabel: string; traces: number; spans: number; version: number }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

const TRACE = '5b8efff798038103d269b633813fc60c';
const body = JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'local-host-test' } }] }, scopeSpans: [{ spans: [
  { traceId: TRACE, spanId: 'eee19b7ec3c1b174', name: 'GET /local', kind: 2, startTimeUnixNano: '1764640000000000000', endTimeUnixNano: '1764640000020000000' },
  { traceId: TRACE, spanId: 'eee19b7ec3c1b175', parentSpanId: 'eee19b7ec3c1b174', name: 'query', kind: 3, startTimeUnixNano: '1764640000002000000', endTimeUnixNano: '1764640000010000000' },
] }] }] });

describe('local receiver (engine worker) through its commands', function () {
  this.timeout(120_000);
  let api: TraceExplorerApi;
  let otlpPort = 0;
  let xrayPort = 0;
  const config = () => vscode.workspace.getConfiguration('traceExplorer.local');
  const status = () => (api.getLocalStatus as () => LocalStatusLike | undefined)();
  const state = () => (api.getState as () => StateLike)();

  before(async () => {
    api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    otlpPort = await freePort();
    xrayPort = await freePort();
  });

  after(async () => {
    await vscode.commands.executeCommand('traceExplorer.local.stop');
    await config().update('otlpAddress', undefined, vscode.ConfigurationTarget.Global);
    await config().update('xrayAddress', undefined, vscode.ConfigurationTarget.Global);
    // Back to the sample for the suites after this one.
    await vscode.commands.executeCommand('traceExplorer.openSample');
    await waitFor('the sample back', () => state().sourceLabel === 'Sample data', 30_000);
    await closeAllEditors();
  });

  it('a port in use: refused, naming the port; the data shown stays', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const before = state();
      await config().update('otlpAddress', `127.0.0.1:${busy}`, vscode.ConfigurationTarget.Global);
      await config().update('xrayAddress', `127.0.0.1:${xrayPort}`, vscode.ConfigurationTarget.Global);
      // Not awaited: the command then waits on the error message's "Choose Another Port", which nobody clicks here.
      void vscode.commands.executeCommand('traceExplorer.local.start');
      const s = await waitFor('a failed start', () => (status()?.state === 'failed' ? status() : undefined), 30_000);
      assert.strictEqual(s.error?.code, 'port-in-use');
      assert.strictEqual(s.error?.port, busy);
      assert.match(s.error!.message, new RegExp(`Port ${busy}\\b`));
      assert.strictEqual(state().sourceLabel, before.sourceLabel);
      assert.strictEqual(state().traces, before.traces);
    } finally {
      blocker.close();
    }
  });

  it('Start binds the configured ports; POSTed spans show up as the Local source, marked local', async () => {
    await config().update('otlpAddress', `127.0.0.1:${otlpPort}`, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('traceExplorer.local.start');
    const s = await waitFor('running', () => (status()?.state === 'running' ? status() : undefined), 30_000);
    assert.strictEqual(s.otlp, `127.0.0.1:${otlpPort}`);
    assert.strictEqual(s.xray, `127.0.0.1:${xrayPort}`);
    await waitFor('the empty Local source', () => state().sourceLabel === 'Local runs (receiver)' && state().traces === 0, 20_000);
    const sources = (api.getSources as () => { id: string; kind: string }[])();
    assert.deepStrictEqual(sources.map((x) => [x.id, x.kind]), [['local-receiver', 'local']]);
    const res = await fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    assert.strictEqual(res.status, 200);
    await waitFor('the trace shown', () => state().traces === 1 && state().spans === 2, 20_000);
    await waitFor('the counts', () => status()?.received.spans === 2, 10_000);
    const ds = await api.getDataset();
    assert.deepStrictEqual(ds?.traces.map((t) => t.traceId ?? t.id), [TRACE]);
    assert.ok(ds?.spans.every((x) => (x.attributes as Record<string, unknown>)['explorer.source'] === 'local'), 'spans marked local');
  });

  it('Copy Environment copies the receiver\'s ports (SAM: host.docker.internal)', async () => {
    const shell = await vscode.commands.executeCommand<string>('traceExplorer.local.copyEnvironment', 'shell');
    assert.match(shell, new RegExp(`export OTEL_EXPORTER_OTLP_ENDPOINT=http://127\\.0\\.0\\.1:${otlpPort}\\n`));
    assert.match(shell, new RegExp(`export AWS_XRAY_DAEMON_ADDRESS=127\\.0\\.0\\.1:${xrayPort}\\n`));
    assert.strictEqual(await vscode.env.clipboard.readText(), shell);
    const sam = JSON.parse(await vscode.commands.executeCommand<string>('traceExplorer.local.copyEnvironment', 'sam')) as { Parameters: Record<string, string> };
    assert.strictEqual(sam.Parameters.OTEL_EXPORTER_OTLP_ENDPOINT, `http://host.docker.internal:${otlpPort}`);
  });

  it('Stop closes the ports and keeps what was received', async () => {
    await vscode.commands.executeCommand('traceExplorer.local.stop');
    await waitFor('stopped', () => status()?.state === 'stopped', 20_000);
    await assert.rejects(fetch(`http://127.0.0.1:${otlpPort}/v1/traces`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } }));
    assert.strictEqual(state().traces, 1);
    // Refresh re-shows what was kept; it does not listen again.
    await vscode.commands.executeCommand('traceExplorer.refresh');
    assert.strictEqual(state().traces, 1);
    assert.strictEqual(status()?.state, 'stopped');
  });
});
