// The Anomalies panel: kept alive when hidden (plotly charts are costly to rebuild and the selection would be lost).
// Message handling lives in the pure AnomaliesController, which runs (with the stats engine) in the engine worker.
import * as vscode from 'vscode';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { PanelHost } from '../panelHost';
import { CommandId } from '../commandIds';

export const ANOMALIES_VIEW_TYPE = 'traceExplorer.anomalies';

export class AnomaliesPanel extends PanelHost {
  constructor(extensionUri: vscode.Uri, data: DataSources) {
    super(extensionUri, data, { viewType: ANOMALIES_VIEW_TYPE, title: 'Anomalies', app: 'anomalies', retainContextWhenHidden: true, kind: 'anomalies' });
  }

  protected runEffect(name: string, args: unknown[]): void {
    if (name === 'openTrace') { void vscode.commands.executeCommand(CommandId.openTrace, args[0], args[1]); return; }
    log().warn(`Anomalies: unknown effect ${name}`);
  }
}
