// Activation: registers the view, commands, panel serializer; data loads lazily on first use.
import * as vscode from 'vscode';
import type { TraceExplorerApi } from './api';
import { DataSources } from './dataSources';
import { ExplorerPanel } from './explorerPanel';
import { log } from './log';
import { SourceOpener } from './openSource';
import { TraceTree } from './treeView';
import { registerQueryCommands } from './query/commands';
import { registerGraph } from './architecture/register';
import { registerAnomalies } from './anomalies/register';
import { registerLenses } from './lenses/register';
import { registerAws } from './aws/register';
import { registerLocal } from './local/register';
import { CommandId } from './commandIds';
import { testPromptSeam } from './security/prompt';

export function activate(context: vscode.ExtensionContext): TraceExplorerApi {
  const started = performance.now();
  const data = new DataSources(context.extensionUri);
  const panel = new ExplorerPanel(context.extensionUri, data, new SourceOpener(context.extensionUri)).register(context);
  const tree = new TraceTree(data);
  registerGraph(context, data, new SourceOpener(context.extensionUri));
  registerAnomalies(context, data);
  registerLenses(context, data);
  registerAws(context, data);
  const local = registerLocal(context, data);

  const openTrace = async (traceId?: unknown, spanId?: unknown): Promise<void> => {
    if (typeof traceId !== 'string' || traceId === '') {
      await panel.show();
      return;
    }
    await data.whenReady();
    await panel.show(traceId, typeof spanId === 'string' && spanId !== '' ? spanId : undefined);
  };

  context.subscriptions.push(
    data,
    tree,
    vscode.window.createTreeView('traceExplorer.tree', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand(CommandId.open, () => panel.show()),
    vscode.commands.registerCommand('traceExplorer.openSample', async () => {
      await panel.show();
      await data.useSample();
    }),
    vscode.commands.registerCommand(CommandId.openTrace, openTrace),
    vscode.commands.registerCommand('traceExplorer.refresh', () => data.reload()),
    // Side-bar only (not in the palette): a function's traces in the explorer.
    vscode.commands.registerCommand(CommandId.showFunction, (name: unknown) =>
      typeof name === 'string' ? panel.showFiltered(`fn:${name}`) : panel.show()),
  );

  registerQueryCommands(context, async () => { await data.whenReady(); return data.engine(); });
  // Tests only (hidden from the palette): ends the engine worker as a crash would; it comes back on the same data.
  context.subscriptions.push(vscode.commands.registerCommand('traceExplorer.test.killEngine', () => data.killEngine()));

  const activationMs = performance.now() - started;
  log().info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    whenReady: () => data.whenReady(),
    getDataset: async () => { await data.whenReady(); return data.engine().ask({ kind: 'snapshot' }); },
    getState: () => data.current,
    getSideBar: () => tree.readAll(),
    getPanelMessages: (kind) => data.router.posted(kind),
    activationMs,
    openTrace: (traceId, spanId) => openTrace(traceId, spanId),
    getPanelState: () => panel.state,
    getSources: () => data.sources,
    getLocalStatus: () => local.status(),
    refresh: () => data.reload(),
    // Extension tests only (ExtensionMode.Test): answer the security confirmations a test cannot click.
    testing: testPromptSeam(context.extensionMode),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
