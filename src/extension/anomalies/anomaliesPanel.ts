// The Anomalies panel: kept alive when hidden (plotly charts are costly to rebuild and the selection would be lost).
// Message handling lives in the pure AnomaliesController, which (with the stats engine) loads when the panel first opens.
import * as vscode from 'vscode';
import { once } from '../once';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { PanelHost } from '../panelHost';
import type { AnomaliesHostMessage } from '../../protocol/anomalies';
import type { AnomaliesController } from './controller';

export const ANOMALIES_VIEW_TYPE = 'traceExplorer.anomalies';

const loadController = once(() => import('./controller'));

export class AnomaliesPanel extends PanelHost<AnomaliesController> {
  constructor(extensionUri: vscode.Uri, data: DataSources) {
    super(extensionUri, data, { viewType: ANOMALIES_VIEW_TYPE, title: 'Anomalies', app: 'anomalies', retainContextWhenHidden: true });
  }

  protected async createPort(post: (m: AnomaliesHostMessage) => void): Promise<AnomaliesController> {
    const { AnomaliesController } = await loadController();
    return new AnomaliesController(() => this.data.current, {
      post,
      openTrace: (traceId, spanId) => void vscode.commands.executeCommand('traceExplorer.openTrace', traceId, spanId),
      log: (level, message) => log()[level](message),
    });
  }
}
