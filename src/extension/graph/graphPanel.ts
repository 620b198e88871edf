// Hosts the Architecture webview panel: one panel, created or revealed on demand, restored after a restart.
// Message handling lives in the pure GraphController, which (with the graph engine) loads when the panel first opens.
import * as vscode from 'vscode';
import { once } from '../once';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import type { SourceOpener } from '../openSource';
import { webviewHtml, webviewRoots } from '../webviewHtml';
import { GraphHostMessage, toGraphWebview } from '../../protocol/graph';
import type { GraphController } from './controller';
import { affectsGraphSettings, graphSettings } from './graphSettings';
import { CommandId } from '../commandIds';
import { panelColumn } from '../editorGroups';

export const GRAPH_VIEW_TYPE = 'traceExplorer.architecture';

type ControllerModule = typeof import('./controller');
const loadController = once((): Promise<ControllerModule> => import('./controller'));

export class GraphPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private controller?: GraphController;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly data: DataSources,
    private readonly opener: SourceOpener,
  ) {
    this.data.onDidChange(() => this.controller?.datasetChanged(), undefined, this.disposables);
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsGraphSettings(e)) this.controller?.settingsChanged();
    }, undefined, this.disposables);
  }

  get isOpen(): boolean { return !!this.panel; }
  get isReady(): boolean { return !!this.controller?.isReady; }

  async show(): Promise<void> {
    const mod = await loadController();
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Architecture', panelColumn(), {
        enableScripts: true,
        localResourceRoots: webviewRoots(this.extensionUri),
        // Kept alive when hidden: re-laying out a large graph costs more than the memory it holds.
        retainContextWhenHidden: true,
      });
      this.attach(mod, panel);
    }
    void this.data.whenReady();
  }

  /** WebviewPanelSerializer: VS Code restarts with the panel open. */
  async restore(panel: vscode.WebviewPanel): Promise<void> {
    const mod = await loadController();
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    this.panel?.dispose();
    this.attach(mod, panel);
    void this.data.whenReady();
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private attach({ GraphController }: ControllerModule, panel: vscode.WebviewPanel): void {
    this.panel = panel;
    const post = (m: GraphHostMessage) => { void panel.webview.postMessage(m); };
    const controller = new GraphController(() => this.data.current, graphSettings, {
      post,
      openTrace: (traceId) => void vscode.commands.executeCommand(CommandId.openTrace, traceId),
      openHandler: (nodeId, src) => void this.opener.open(src.file, src.line, src.column).then((r) => {
        post(toGraphWebview({ type: 'handlerResult', nodeId, ok: r.ok, message: r.message }));
      }),
      log: (level, message) => log()[level](message),
    });
    this.controller = controller;
    const subs = [
      panel.webview.onDidReceiveMessage((m: unknown) => controller.handle(m)),
      panel.onDidDispose(() => {
        if (this.panel === panel) { this.panel = undefined; this.controller = undefined; }
        for (const s of subs) s.dispose();
      }),
    ];
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'graph', 'Architecture');
  }
}
