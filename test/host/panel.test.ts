// The Trace Explorer webview panel in the real workbench: opened by its command, navigated by the API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors, explorerTabs, traceIdOf, waitFor, withTimeout } from './helpers';

interface PanelStateLike {
  open: boolean;
  ready: boolean;
  traceId?: string;
  spanId?: string;
}

describe('Trace Explorer panel', () => {
  before(async () => {
    const api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
  });
  after(async () => {
    await closeAllEditors();
  });

  it('traceExplorer.open creates a webview panel (a TabInputWebview tab of viewType traceExplorer.explorer)', async () => {
    await closeAllEditors();
    assert.strictEqual(explorerTabs().length, 0, 'an explorer tab is open before the command');
    await withTimeout('traceExplorer.open', vscode.commands.executeCommand('traceExplorer.open'), 30_000);
    const tabs = await waitFor('an explorer webview tab', () => (explorerTabs().length ? explorerTabs() : undefined), 15_000);
    assert.strictEqual(tabs.length, 1, 'more than one explorer tab');
    assert.ok(tabs[0].isActive, 'the explorer tab is not active');
    assert.strictEqual(tabs[0].label, 'Trace Explorer');
  });

  it('running traceExplorer.open again reveals the same panel instead of opening a second one', async () => {
    await vscode.commands.executeCommand('traceExplorer.open');
    await vscode.commands.executeCommand('traceExplorer.open');
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(explorerTabs().length, 1);
  });

  it('the webview reports ready to the host', async () => {
    const api = await activate();
    const getState = api.getPanelState as (() => PanelStateLike) | undefined;
    assert.strictEqual(typeof getState, 'function', 'API has no getPanelState()');
    await waitFor('panel state ready', () => getState!().open && getState!().ready, 30_000);
  });

  it('openTrace(traceId, spanId) shows that trace and selects that span in the panel', async () => {
    const api = await activate();
    const ds = (await api.getDataset())!;
    // The slowest trace, as a person would pick it.
    const trace = [...ds.traces].sort(
      (a, b) => Number((b as { durationMs?: number }).durationMs ?? 0) - Number((a as { durationMs?: number }).durationMs ?? 0),
    )[0];
    const traceId = traceIdOf(trace);
    const span = ds.spans.find((s) => s.traceId === traceId && s.spanId);
    assert.ok(span, `no span of trace ${traceId}`);
    await withTimeout('openTrace()', Promise.resolve(api.openTrace(traceId, span.spanId)), 20_000);
    const getState = api.getPanelState as () => PanelStateLike;
    await waitFor(`panel selection = ${traceId}/${span.spanId}`, () => getState().traceId === traceId && getState().spanId === span.spanId, 15_000);
    assert.strictEqual(explorerTabs().length, 1);
  });

  it('traceExplorer.openTrace command with a trace id selects it; without one it just opens the panel', async () => {
    const api = await activate();
    const ds = (await api.getDataset())!;
    const traceId = traceIdOf(ds.traces[0]);
    await withTimeout('traceExplorer.openTrace', vscode.commands.executeCommand('traceExplorer.openTrace', traceId), 20_000);
    const getState = api.getPanelState as () => PanelStateLike;
    await waitFor(`panel selection = ${traceId}`, () => getState().traceId === traceId, 15_000);
    await withTimeout('traceExplorer.openTrace()', vscode.commands.executeCommand('traceExplorer.openTrace'), 20_000);
    assert.strictEqual(explorerTabs().length, 1);
  });

  it('closing the panel and reopening it works', async () => {
    await closeAllEditors();
    await waitFor('no explorer tab', () => explorerTabs().length === 0, 10_000);
    await vscode.commands.executeCommand('traceExplorer.open');
    await waitFor('an explorer webview tab', () => explorerTabs().length === 1, 15_000);
  });

  it('traceExplorer.refresh re-reads the data and keeps the sample loaded', async () => {
    const api = await activate();
    const before = (await api.getDataset())!.traces.length;
    await withTimeout('traceExplorer.refresh', vscode.commands.executeCommand('traceExplorer.refresh'), 60_000);
    const after = (await api.getDataset());
    assert.ok(after && after.traces.length === before, `traces before ${before}, after ${after?.traces.length}`);
  });
});
