// The palette's query commands in the real extension host, driven through the Quick Pick the way a
// user does it (accepting the focused item), on the bundled sample.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, closeAllEditors, sleep, waitFor, withTimeout } from './helpers';

const QUERY_COMMANDS = ['traceExplorer.findSlow', 'traceExplorer.findErrors', 'traceExplorer.findColdStarts', 'traceExplorer.findTimeouts',
  'traceExplorer.openTraceById', 'traceExplorer.query', 'traceExplorer.saveQuery', 'traceExplorer.deleteSavedQuery'];

interface Inv { requestId: string; functionName: string; durationMs?: number; startMs: number; endMs: number; traceId?: string; status: string; coldStart: boolean }

/** Accepts the focused Quick Pick item once a Quick Pick is up (polled: the API does not say when it shows). */
async function accept(): Promise<void> {
  await sleep(800);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** numpy-style p95, computed here independently of the extension. */
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = 0.95 * (s.length - 1);
  const j = Math.floor(h);
  return j + 1 < s.length ? s[j] + (h - j) * (s[j + 1] - s[j]) : s[j];
}

async function panelState(api: Record<string, unknown>): Promise<{ traceId?: string; spanId?: string }> {
  return (api.getPanelState as () => { traceId?: string; spanId?: string })();
}

describe('palette queries', function () {
  this.timeout(120_000);

  it('registers every query command', async () => {
    await activate();
    const all = await vscode.commands.getCommands(true);
    for (const c of QUERY_COMMANDS) assert.ok(all.includes(c), `command ${c} is not registered`);
  });

  it('Find Slow Invocations: all functions, above p95 -> the slowest above-p95 invocation opens in the timeline', async () => {
    const api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    await closeAllEditors();
    const invs = ((await api.getDataset()) as unknown as { invocations: Inv[] }).invocations;
    const dur = (i: Inv) => i.durationMs ?? i.endMs - i.startMs;
    const byFn = new Map<string, number[]>();
    for (const i of invs) byFn.set(i.functionName, [...(byFn.get(i.functionName) ?? []), dur(i)]);
    const cut = new Map([...byFn].map(([f, v]) => [f, p95(v)]));
    const slowest = invs.filter((i) => dur(i) > cut.get(i.functionName)!).sort((a, b) => dur(b) - dur(a) || a.startMs - b.startMs)[0];
    assert.ok(slowest?.traceId, 'the sample has a slow invocation with a trace');

    const done = vscode.commands.executeCommand('traceExplorer.findSlow');
    await accept(); // "All functions"
    await accept(); // "Above p95"
    await accept(); // the first result: the slowest
    await withTimeout('findSlow', done, 60_000);
    const state = await waitFor('the explorer on the slowest trace', async () => {
      const s = await panelState(api);
      return s.traceId === slowest.traceId ? s : undefined;
    }, 30_000);
    assert.ok(state.spanId, 'the invocation span is selected');
  });

  it('Query Traces with a query argument opens the first result; Open Trace by ID accepts the X-Ray form', async () => {
    const api = await activate();
    await api.whenReady();
    const invs = ((await api.getDataset()) as unknown as { invocations: Inv[] }).invocations;
    const timeout = invs.find((i) => i.status === 'timeout' && i.traceId);
    assert.ok(timeout, 'the sample has a timeout');
    const done = vscode.commands.executeCommand('traceExplorer.query', 'status:timeout');
    await accept();
    await withTimeout('query', done, 60_000);
    await waitFor('the timeout trace', async () => (await panelState(api)).traceId === timeout.traceId, 30_000);

    const other = invs.find((i) => i.traceId && i.traceId !== timeout.traceId)!;
    const xray = `1-${other.traceId!.slice(0, 8)}-${other.traceId!.slice(8)}`;
    await withTimeout('openTraceById', vscode.commands.executeCommand('traceExplorer.openTraceById', xray), 60_000);
    await waitFor('the trace opened by X-Ray id', async () => (await panelState(api)).traceId === other.traceId, 30_000);
  });

  it('Find Errors, Find Cold Starts and Find Timeouts open a matching trace', async () => {
    const api = await activate();
    await api.whenReady();
    const invs = ((await api.getDataset()) as unknown as { invocations: Inv[] }).invocations;
    const checks: [string, (i: Inv) => boolean][] = [
      ['traceExplorer.findErrors', (i) => i.status !== 'ok'],
      ['traceExplorer.findColdStarts', (i) => i.coldStart],
      ['traceExplorer.findTimeouts', (i) => i.status === 'timeout'],
    ];
    for (const [cmd, match] of checks) {
      await closeAllEditors();
      const done = vscode.commands.executeCommand(cmd);
      await accept(); // all functions
      await accept(); // first result
      await withTimeout(cmd, done, 60_000);
      const s = await waitFor(`${cmd}: a trace opened`, async () => (await panelState(api)).traceId, 30_000);
      assert.ok(invs.some((i) => i.traceId === s && match(i)), `${cmd} opened trace ${s}, which has no matching invocation`);
    }
  });

  it('Save Query stores the query in traceExplorer.savedQueries', async () => {
    await activate();
    const done = vscode.commands.executeCommand('traceExplorer.saveQuery', 'duration>p99 sort:duration desc');
    await accept(); // the proposed name
    await withTimeout('saveQuery', done, 30_000);
    const saved = vscode.workspace.getConfiguration('traceExplorer').get<{ name: string; query: string }[]>('savedQueries') ?? [];
    assert.ok(saved.some((s) => s.query === 'duration>p99 sort:duration desc'), JSON.stringify(saved));
  });

  it('Delete Saved Query removes it from the settings, given its name or its Query Results item', async () => {
    await activate();
    const config = () => vscode.workspace.getConfiguration('traceExplorer');
    const names = () => (config().get<{ name: string }[]>('savedQueries') ?? []).map((s) => s.name);
    // Saving through the command is the test above; here the two entries go straight into the workspace settings.
    const kept = config().inspect<{ name: string; query: string }[]>('savedQueries')?.workspaceValue ?? [];
    await config().update('savedQueries', [...kept, { name: 'slow billing', query: 'function:shop-billing duration>p95' }, { name: 'cold', query: 'coldstart:true' }], vscode.ConfigurationTarget.Workspace);
    await waitFor('both saved', async () => names().includes('slow billing') && names().includes('cold'), 10_000);
    // As the view's inline action passes it: the tree node.
    await withTimeout('delete', Promise.resolve(vscode.commands.executeCommand('traceExplorer.deleteSavedQuery', { kind: 'saved', saved: { name: 'slow billing', query: '' } })), 30_000);
    await waitFor('"slow billing" gone', async () => !names().includes('slow billing'), 10_000);
    assert.ok(names().includes('cold'), `the other saved query stays: ${JSON.stringify(names())}`);
    await withTimeout('delete', Promise.resolve(vscode.commands.executeCommand('traceExplorer.deleteSavedQuery', 'cold')), 30_000);
    await waitFor('"cold" gone', async () => !names().includes('cold'), 10_000);
  });
});
