// AWS end to end in a real VS Code: the extension is pointed at the loopback CloudWatch/X-Ray endpoint (started in
// this extension host), two functions are picked, fetched, and their traces fill the Trace Explorer.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { datasetFromDir, startLoopback } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { DUMMY } from '../support/awsLoopback/testUtil';
import { activate, TraceExplorerApi, waitFor, withTimeout } from './helpers';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');
const PICKED = ['/aws/lambda/shop-orders-api', '/aws/lambda/shop-billing'];
const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE'];

describe('AWS: connect, pick two functions, fetch', function () {
  this.timeout(120_000);
  let api: TraceExplorerApi;
  let server: LoopbackServer;
  const saved: Record<string, string | undefined> = {};
  const config = () => vscode.workspace.getConfiguration('traceExplorer.aws');

  before(async () => {
    api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    server = await startLoopback({ dataset: datasetFromDir(SAMPLE), unlimited: true });
    for (const k of ENV) saved[k] = process.env[k];
    process.env.AWS_ACCESS_KEY_ID = DUMMY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = DUMMY.secretAccessKey;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    delete process.env.AWS_PROFILE;
    await config().update('endpoint', server.endpoint, vscode.ConfigurationTarget.Global);
    await config().update('region', 'us-east-1', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const k of ['endpoint', 'region', 'logGroups', 'spans']) {
      await config().update(k, undefined, vscode.ConfigurationTarget.Global);
      await config().update(k, undefined, vscode.ConfigurationTarget.Workspace).then(undefined, () => undefined);
    }
    for (const k of ENV) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    await vscode.commands.executeCommand('traceExplorer.openSample');
    await server?.close();
  });

  it('shows the traces of the two picked functions', async () => {
    await vscode.commands.executeCommand('traceExplorer.connectAws', {
      logGroups: PICKED, startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 21),
    });
    assert.deepEqual(vscode.workspace.getConfiguration('traceExplorer.aws').get('logGroups'), PICKED);
    const sources = (api.getSources as () => { kind: string }[])();
    assert.equal(sources[0]?.kind, 'aws');
    const ds = await waitFor('AWS dataset', async () => {
      const d = (await api.getDataset()) as unknown as { traces: unknown[]; invocations: { functionName?: string }[] } | undefined;
      return d && d.invocations.length > 0 ? d : undefined;
    }, 60_000);
    const fns = new Set(ds.invocations.map((i) => i.functionName));
    assert.deepEqual([...fns].sort(), ['shop-billing', 'shop-orders-api']);
    assert.ok(ds.traces.length > 0);
    assert.ok(server.count('DescribeLogGroups') >= 1 && server.count('FilterLogEvents') >= 3, JSON.stringify(server.counts));
    const state = (api.getPanelState as () => { open: boolean; ready: boolean })();
    assert.ok(state.open, 'the Trace Explorer is open');
    // The slowest trace of a picked function, as a person would pick it, opened on one of its spans.
    const full = (await api.getDataset())!;
    const trace = [...full.traces].sort((a, b) => Number(b.durationMs ?? 0) - Number(a.durationMs ?? 0))
      .find((t) => full.spans.some((s) => s.traceId === (t.traceId ?? t.id)));
    assert.ok(trace, 'a trace with spans');
    const traceId = String(trace.traceId ?? trace.id);
    const span = full.spans.find((s) => s.traceId === traceId && s.spanId)!;
    const getState = api.getPanelState as () => { open: boolean; ready: boolean; traceId?: string; spanId?: string };
    // The explorer selects the first trace of its list after the final dataset arrives; let it settle first, or that
    // selection can land after ours.
    await waitFor('the explorer settled on the fetched data', () => getState().ready && getState().traceId, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    await withTimeout('openTrace', Promise.resolve(api.openTrace(traceId, span.spanId)), 30_000);
    await waitFor(`panel shows ${traceId}/${span.spanId} (state ${JSON.stringify(getState())})`, () => getState().traceId === traceId, 30_000);
  });

  it('fetches only the slowest invocations found with Logs Insights', async () => {
    await vscode.commands.executeCommand('traceExplorer.fetchSlowest', { slowest: 3, startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 21) });
    const ds = (await api.getDataset()) as unknown as { invocations: { functionName?: string; durationMs?: number }[] };
    assert.equal(ds.invocations.length, 3);
    assert.ok(server.count('StartQuery') >= 1 && server.count('GetLogEvents') >= 3, JSON.stringify(server.counts));
  });
});
