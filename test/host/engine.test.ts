// The engine worker behind the extension, in the real extension host: the side bar shows the worker's rows, and a
// worker killed with the Trace Explorer open comes back on the same data with the panel still working.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { formatDuration } from '../../src/common/format';
import { activate, closeAllEditors, explorerTabs, traceIdOf, waitFor, withTimeout } from './helpers';

interface StateLike { sourceLabel: string; loading: boolean; error?: string; version: number; traces: number; spans: number; invocations: number }
interface SideBarGroup { group: string; items: { label: string; description?: string; tooltip?: string; arguments?: unknown[] }[] }
interface Snapshot {
  traces: { traceId: string; durationMs: number; rootName: string; startMs: number }[];
  invocations: { functionName: string }[];
  functions: { name: string; invocations: number }[];
}

describe('engine worker', function () {
  this.timeout(180_000);

  before(async () => {
    const api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
  });
  after(async () => {
    await closeAllEditors();
  });

  it('the side bar lists the functions, the recent and the slowest traces the worker computed from the loaded data', async () => {
    const api = await activate();
    const ds = (await api.getDataset()) as unknown as Snapshot;
    const bar = await (api.getSideBar as () => Promise<SideBarGroup[]>)();
    assert.deepStrictEqual(bar.map((g) => g.group), ['Data Sources', 'Functions', 'Recent Traces', 'Slowest Traces']);
    const [sources, functions, recent, slowest] = bar;
    assert.strictEqual(sources.items[0]?.label, 'Sample data');
    // Every function of the data, in the data's order, with its invocation count.
    assert.deepStrictEqual(functions.items.map((i) => i.label), ds.functions.map((f) => f.name));
    for (const f of ds.functions) {
      const row = functions.items.find((i) => i.label === f.name)!;
      assert.ok(row.description?.startsWith(`${f.invocations.toLocaleString('en-US')} invocation`), `${f.name}: ${row.description}`);
    }
    // The 20 slowest, slowest first: the same as sorting the snapshot.
    const bySlowest = [...ds.traces].sort((a, b) => b.durationMs - a.durationMs).slice(0, 20);
    assert.strictEqual(slowest.items.length, Math.min(20, ds.traces.length));
    assert.deepStrictEqual(slowest.items.map((i) => i.arguments?.[0]), bySlowest.map((t) => t.traceId));
    assert.ok(slowest.items[0].description?.startsWith(formatDuration(bySlowest[0].durationMs)), slowest.items[0].description);
    assert.ok(slowest.items[0].tooltip?.includes(bySlowest[0].traceId), slowest.items[0].tooltip);
    const byRecent = [...ds.traces].sort((a, b) => b.startMs - a.startMs).slice(0, 20);
    assert.deepStrictEqual(recent.items.map((i) => i.arguments?.[0]), byRecent.map((t) => t.traceId));
  });

  it('killed with the Trace Explorer open, the worker comes back with the same summary and a working list', async () => {
    const api = await activate();
    const getState = api.getState as () => StateLike;
    const getPanel = api.getPanelState as () => { open: boolean; ready: boolean; traceId?: string };
    await vscode.commands.executeCommand('traceExplorer.open');
    await waitFor('the explorer webview ready', () => explorerTabs().length === 1 && getPanel().ready, 30_000);
    const before = getState();
    assert.ok(!before.loading && before.traces > 0, JSON.stringify(before));
    const snapshot = (await api.getDataset()) as unknown as Snapshot;

    await vscode.commands.executeCommand('traceExplorer.test.killEngine');
    // The restart empties the worker's data first (loading), then reloads the same plan.
    await waitFor('the restarted worker loading', () => getState().version !== before.version, 15_000, 20);
    const after = await waitFor('the reloaded data', () => { const s = getState(); return !s.loading && s.traces > 0 ? s : undefined; }, 60_000);
    assert.deepStrictEqual(
      { label: after.sourceLabel, traces: after.traces, spans: after.spans, invocations: after.invocations, error: after.error },
      { label: before.sourceLabel, traces: before.traces, spans: before.spans, invocations: before.invocations, error: before.error });
    const again = (await api.getDataset()) as unknown as Snapshot;
    assert.deepStrictEqual(again.traces.map((t) => t.traceId).sort(), snapshot.traces.map((t) => t.traceId).sort());

    // The same webview (never reloaded) still works: it shows a trace picked from the list, answered by the new worker.
    assert.strictEqual(explorerTabs().length, 1);
    const slowest = [...again.traces].sort((a, b) => b.durationMs - a.durationMs)[0];
    const other = traceIdOf(slowest) === getPanel().traceId ? again.traces.find((t) => t.traceId !== slowest.traceId)! : slowest;
    await withTimeout('openTrace after the restart', Promise.resolve(api.openTrace(other.traceId)), 30_000);
    await waitFor(`panel shows ${other.traceId}`, () => getPanel().traceId === other.traceId, 15_000);
    // And the side bar asks the new worker too.
    const bar = await (api.getSideBar as () => Promise<SideBarGroup[]>)();
    assert.strictEqual(bar[3].items[0]?.arguments?.[0], slowest.traceId);
  });
});
