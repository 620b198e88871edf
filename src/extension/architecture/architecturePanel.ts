// The Architecture panel: kept alive when hidden (re-laying out a large graph costs more than the memory it holds).
// Message handling lives in the pure GraphController, which (with the graph engine) loads when the panel first opens.
import * as vscode from 'vscode';
import { once } from '../once';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { PanelHost } from '../panelHost';
import type { SourceOpener } from '../openSource';
import { GraphHostMessage } from '../../protocol/architecture';
import type { GraphController } from './controller';
import { affectsGraphSettings, graphSettings } from './graphSettings';
import { CommandId } from '../commandIds';

export const GRAPH_VIEW_TYPE = 'traceExplorer.architecture';

const loadController = once(() => import('./controller'));

export class GraphPanel extends PanelHost<GraphController> {
  constructor(extensionUri: vscode.Uri, data: DataSources, private readonly opener: SourceOpener) {
    super(extensionUri, data, { viewType: GRAPH_VIEW_TYPE, title: 'Architecture', app: 'architecture', retainContextWhenHidden: true });
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsGraphSettings(e)) this.port?.settingsChanged();
    }, undefined, this.disposables);
  }

  protected async createPort(post: (m: GraphHostMessage) => void): Promise<GraphController> {
    const { GraphController, handlerResult } = await loadController();
    return new GraphController(() => this.data.current, graphSettings, {
      post,
      openTrace: (traceId) => void vscode.commands.executeCommand(CommandId.openTrace, traceId),
      openHandler: (nodeId, src) => void this.opener.open(src.file, src.line, src.column).then((r) => post(handlerResult(nodeId, r))),
      log: (level, message) => log()[level](message),
    });
  }
}
