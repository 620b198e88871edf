// The Architecture panel: kept alive when hidden (re-laying out a large graph costs more than the memory it holds).
// Message handling lives in the pure GraphController, which runs in the engine worker; this side opens handlers
// and traces and sends the graph settings.
import * as vscode from 'vscode';
import type { DataSources } from '../dataSources';
import { PanelHost, Post } from '../panelHost';
import type { SourceOpener } from '../openSource';
import { GRAPH_PROTOCOL } from '../../protocol/architecture';
import { affectsGraphSettings, graphSettings } from './graphSettings';
import { CommandId } from '../commandIds';
import { log } from '../log';

export const GRAPH_VIEW_TYPE = 'traceExplorer.architecture';

export class GraphPanel extends PanelHost {
  constructor(extensionUri: vscode.Uri, data: DataSources, private readonly opener: SourceOpener) {
    super(extensionUri, data, { viewType: GRAPH_VIEW_TYPE, title: 'Architecture', app: 'architecture', retainContextWhenHidden: true, kind: 'architecture' });
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsGraphSettings(e)) this.port?.call('settings', [graphSettings()]);
    }, undefined, this.disposables);
  }

  /** The controller starts from the current graph settings. */
  protected override openState(): object {
    return graphSettings();
  }

  protected runEffect(name: string, args: unknown[], post: Post): void {
    if (name === 'openTrace') { void vscode.commands.executeCommand(CommandId.openTrace, args[0]); return; }
    if (name === 'openHandler') {
      const [nodeId, src] = args as [string, { file: string; line?: number; column?: number }];
      void this.opener.open(src.file, src.line, src.column)
        .then((r) => post(GRAPH_PROTOCOL.toWebview({ type: 'handlerResult', nodeId, ok: r.ok, message: r.message })));
      return;
    }
    log().warn(`Architecture: unknown effect ${name}`);
  }
}
