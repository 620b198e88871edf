// Hosts the Anomalies webview panel: one panel, created or revealed on demand, restored after a restart.
// Message handling lives in the pure AnomaliesController, which (with the stats engine) loads when the panel first opens.
import * as vscode from 'vscode';
import { once } from '../once';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { webviewHtml, webviewRoots } from '../webviewHtml';
import type { AnomaliesHostMessage } from '../../protocol/anomalies';
import type { AnomaliesController } from './controller';
import { CommandId } from '../commandIds';
import { panelColumn } from '../editorGroups';

export const ANOMALIES_VIEW_TYPE = 'traceExplorer.anomalies';

type ControllerModule = typeof import('./controller');
const loadController = once((): Promise<ControllerModule> => import('./controller'));

export class AnomaliesPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private controller?: AnomaliesController;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly data: DataSources) {
    this.data.onDidChange(() => this.controller?.datasetChanged(), undefined, this.disposables);
  }

  get isOpen(): boolean { return !!this.panel; }
  get isReady(): boolean { return !!this.controller?.isReady; }

  async show(): Promise<void> {
    const mod = await loadController();
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      const panel = vscode.window.createWebviewPanel(ANOMALIES_VIEW_TYPE, 'Anomalies', panelColumn(), {
        enableScripts: true,
        localResourceRoots: webviewRoots(this.extensionUri),
        // Kept alive when hidden: plotly charts are costly to rebuild and the selection would be lost.
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

  private attach({ AnomaliesController }: ControllerModule, panel: vscode.WebviewPanel): void {
    this.panel = panel;
    const post = (m: AnomaliesHostMessage) => { void panel.webview.postMessage(m); };
    const controller = new AnomaliesController(() => this.data.current, {
      post,
      openTrace: (traceId, spanId) => void vscode.commands.executeCommand(CommandId.openTrace, traceId, spanId),
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
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'anomalies', 'Anomalies');
  }
}
