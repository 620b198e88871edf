// Everything the Anomalies view adds to the extension, behind one call from activate().
import * as vscode from 'vscode';
import type { DataSources } from '../dataSources';
import { AnomaliesPanel } from './anomaliesPanel';

export const OPEN_ANOMALIES_COMMAND = 'traceExplorer.openAnomalies';

export function registerAnomalies(context: vscode.ExtensionContext, data: DataSources): AnomaliesPanel {
  const panel = new AnomaliesPanel(context.extensionUri, data).register(context);
  context.subscriptions.push(vscode.commands.registerCommand(OPEN_ANOMALIES_COMMAND, () => panel.show()));
  return panel;
}
