// `traceExplorer.localPaths`: pointing it at a folder with a small Zipkin file reloads the data from
// it; a file added there later is picked up; clearing the setting brings the bundled sample back.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activate, TraceExplorerApi, waitFor, withTimeout, workspaceRoot } from './helpers';

const TRACE_A = '463ac35c9f6413ad48485a3953bb6124';
const TRACE_B = '5af7183fb1d4cf5f7b0a3e6b1c2d3e4f';

function zipkin(traceId: string, name: string, service: string): string {
  const ts = 1_700_000_000_000_000; // µs
  return JSON.stringify([
    { traceId, id: 'a2fb4a1d1a96d312', name, timestamp: ts, duration: 120_000, kind: 'SERVER', localEndpoint: { serviceName: service }, tags: { 'http.method': 'GET', 'http.path': '/zipkin' } },
    { traceId, id: 'b7ad6b7169203331', parentId: 'a2fb4a1d1a96d312', name: 'select', timestamp: ts + 10_000, duration: 50_000, kind: 'CLIENT', localEndpoint: { serviceName: service }, remoteEndpoint: { serviceName: 'postgres' } },
  ]);
}

async function traceIds(api: TraceExplorerApi): Promise<string[]> {
  return ((await api.getDataset())?.traces ?? []).map((t) => String(t.traceId ?? t.id));
}

describe('traceExplorer.localPaths', () => {
  let api: TraceExplorerApi;
  let sampleTraces = 0;
  const config = () => vscode.workspace.getConfiguration('traceExplorer');
  const cleanup: string[] = [];

  before(async () => {
    api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    sampleTraces = (await api.getDataset())?.traces.length ?? 0;
  });

  after(async () => {
    await config().update('localPaths', undefined, vscode.ConfigurationTarget.Global);
    for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
  });

  it('contributes the setting as an array', () => {
    const inspect = config().inspect('localPaths');
    assert.ok(inspect, 'traceExplorer.localPaths is not a contributed setting');
    assert.ok(Array.isArray(inspect.defaultValue ?? []), `default is not an array: ${JSON.stringify(inspect.defaultValue)}`);
  });

  it('an absolute temp folder with a Zipkin file replaces the sample with that file\'s trace', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ste-zipkin-'));
    cleanup.push(dir);
    fs.writeFileSync(path.join(dir, 'trace-a.json'), zipkin(TRACE_A, 'get /zipkin-a', 'zipkin-a'));
    await config().update('localPaths', [dir], vscode.ConfigurationTarget.Global);
    await waitFor(`the dataset to be exactly trace ${TRACE_A}`, async () => {
      const ids = await traceIds(api);
      return ids.length === 1 && ids[0] === TRACE_A;
    }, 30_000);
    const ds = (await api.getDataset())!;
    assert.strictEqual(ds.spans.length, 2);
    assert.ok(ds.spans.some((s) => s.name === 'get /zipkin-a'));
  });

  it('a workspace-relative folder is watched: a file added later is read without a command', async function () {
    this.timeout(60_000);
    const root = workspaceRoot();
    assert.ok(root, 'no workspace folder');
    const rel = `te-host-test-${process.pid}`;
    const dir = path.join(root, rel);
    fs.mkdirSync(dir, { recursive: true });
    cleanup.push(dir);
    fs.writeFileSync(path.join(dir, 'trace-a.json'), zipkin(TRACE_A, 'get /zipkin-a', 'zipkin-a'));
    await config().update('localPaths', [rel], vscode.ConfigurationTarget.Global);
    await waitFor(`trace ${TRACE_A} from ${rel}`, async () => (await traceIds(api)).join() === TRACE_A, 30_000);
    fs.writeFileSync(path.join(dir, 'trace-b.json'), zipkin(TRACE_B, 'get /zipkin-b', 'zipkin-b'));
    await waitFor(`trace ${TRACE_B} after the file was added`, async () => (await traceIds(api)).includes(TRACE_B), 30_000);
    assert.deepStrictEqual((await traceIds(api)).sort(), [TRACE_A, TRACE_B].sort());
  });

  it('clearing the setting brings the bundled sample back', async function () {
    this.timeout(60_000);
    await config().update('localPaths', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(`the sample's ${sampleTraces} traces`, async () => { const ids = await traceIds(api); return ids.length === sampleTraces && !ids.includes(TRACE_A); }, 30_000);
  });
});
