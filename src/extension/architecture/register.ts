// Everything the Architecture view adds to the extension, behind one call from activate().
import * as vscode from 'vscode';
import type { DataSources } from '../dataSources';
import type { SourceOpener } from '../openSource';
import { GraphPanel } from './architecturePanel';

export const OPEN_ARCHITECTURE_COMMAND = 'traceExplorer.openArchitecture';

export function registerGraph(context: vscode.ExtensionContext, data: DataSources, opener: SourceOpener): GraphPanel {
  const panel = new GraphPanel(context.extensionUri, data, opener).register(context);
  context.subscriptions.push(vscode.commands.registerCommand(OPEN_ARCHITECTURE_COMMAND, () => panel.show()));
  return panel;
}
