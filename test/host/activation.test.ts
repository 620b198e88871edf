// The extension in the real extension host: installed, lazily activated, commands registered,
// the bundled sample loaded through the API activate() returns.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, extension, extensionPackageJson, withTimeout } from './helpers';

// Recorded when mocha loads this file, before any test touches the extension: nothing in a fresh
// window (no Trace Explorer view shown, no panel restored) should have activated it.
const activeAtLoad = extension().isActive;

const COMMANDS = ['traceExplorer.open', 'traceExplorer.openSample', 'traceExplorer.openTrace', 'traceExplorer.refresh'];

describe('activation', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.ok(typeof vscode.window.createWebviewPanel === 'function');
  });

  it('is installed with its package.json (main dist/extension.js)', () => {
    const ext = extension();
    assert.strictEqual(ext.id.toLowerCase(), 'trace-explorer.serverless-trace-explorer');
    assert.strictEqual(extensionPackageJson().main, './dist/extension.js');
  });

  it('activation is lazy: no "*" and no onStartupFinished activation event, but some activation events', () => {
    const events = extensionPackageJson().activationEvents ?? [];
    assert.ok(!events.includes('*'), `activationEvents contains "*": ${JSON.stringify(events)}`);
    assert.ok(!events.includes('onStartupFinished'), `activationEvents contains onStartupFinished: ${JSON.stringify(events)}`);
    // VS Code derives onCommand/onView events from contributions; the commands must be contributed.
    const contributed = (extensionPackageJson().contributes?.commands ?? []).map((c) => c.command);
    for (const c of COMMANDS) assert.ok(contributed.includes(c), `package.json does not contribute command ${c}`);
  });

  it('is not activated by merely opening a window (lazy)', () => {
    assert.strictEqual(activeAtLoad, false, 'the extension was already active before anything used it');
  });

  it('contributes the palette title "Serverless Traces: Open Trace Explorer"', () => {
    const cmd = (extensionPackageJson().contributes?.commands ?? []).find((c) => c.command === 'traceExplorer.open') as
      | { command: string; title: string; category?: string }
      | undefined;
    assert.ok(cmd, 'traceExplorer.open not contributed');
    const full = cmd.category ? `${cmd.category}: ${cmd.title}` : cmd.title;
    assert.strictEqual(full, 'Serverless Traces: Open Trace Explorer');
  });

  it('activates explicitly and returns its API', async () => {
    const api = await withTimeout('activate()', activate(), 30_000);
    assert.ok(extension().isActive, 'extension is not active after activate()');
    assert.strictEqual(typeof api.whenReady, 'function', 'API has no whenReady()');
    assert.strictEqual(typeof api.getDataset, 'function', 'API has no getDataset()');
    assert.strictEqual(typeof api.openTrace, 'function', 'API has no openTrace()');
    assert.strictEqual(typeof api.activationMs, 'number', 'API has no numeric activationMs');
    assert.ok(api.activationMs >= 0 && api.activationMs < 5000, `activationMs = ${api.activationMs}`);
  });

  it('registers its commands', async () => {
    await activate();
    const all = await vscode.commands.getCommands(true);
    for (const c of COMMANDS) assert.ok(all.includes(c), `command ${c} is not registered`);
  });

  it('loads the bundled sample: traces > 0, invocations > 0', async () => {
    const api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    const ds = (await api.getDataset());
    assert.ok(ds, 'getDataset() returned nothing after whenReady()');
    assert.ok(ds.traces.length > 0, `no traces in the sample (traces=${ds.traces.length})`);
    assert.ok(ds.invocations.length > 0, `no invocations in the sample (invocations=${ds.invocations.length})`);
    assert.ok(ds.spans.length >= ds.traces.length, `fewer spans (${ds.spans.length}) than traces (${ds.traces.length})`);
  });
});
