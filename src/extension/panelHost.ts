// What every webview panel shares on the VS Code side: one panel per kind, created or revealed on demand, restored
// after a restart by its serializer, its HTML shell (webviewHtml.ts), and a port that gets every message from the
// webview and posts back. The port is the panel's controller (PanelController); a subclass says only which one.
import * as vscode from 'vscode';
import type { DataSources } from './dataSources';
import { WebviewApp, webviewHtml, webviewRoots } from './webviewHtml';

export interface PanelSpec {
  viewType: string;
  title: string;
  app: WebviewApp;
  /** Keep the webview alive while hidden (costly to rebuild) or let it restore itself from its state (cheap). */
  retainContextWhenHidden: boolean;
  /** media/<icon>-light.svg and media/<icon>-dark.svg */
  icon?: string;
}

/** Where the webview's messages go. */
export interface PanelPort {
  handle(raw: unknown): void;
  datasetChanged(): void;
  readonly isReady: boolean;
}

export abstract class PanelHost<P extends PanelPort> implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  protected port?: P;
  protected readonly disposables: vscode.Disposable[] = [];

  constructor(protected readonly extensionUri: vscode.Uri, protected readonly data: DataSources, private readonly spec: PanelSpec) {
    this.data.onDidChange(() => this.port?.datasetChanged(), undefined, this.disposables);
  }

  get isOpen(): boolean { return !!this.panel; }
  get isReady(): boolean { return !!this.port?.isReady; }

  /** Opens (or reveals) the panel and starts the first data load. */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      let created: vscode.WebviewPanel | undefined;
      const port = await this.createPort((m) => { void created?.webview.postMessage(m); }, undefined);
      if (this.panel) {
        (this.panel as vscode.WebviewPanel).reveal(undefined, false); // opened while the controller loaded
      } else {
        created = vscode.window.createWebviewPanel(this.spec.viewType, this.spec.title, vscode.ViewColumn.Active, {
          enableScripts: true,
          localResourceRoots: webviewRoots(this.extensionUri),
          retainContextWhenHidden: this.spec.retainContextWhenHidden,
        });
        this.attach(created, port);
      }
    }
    void this.data.whenReady();
  }

  /** WebviewPanelSerializer: VS Code restarts with the panel open. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const port = await this.createPort((m) => { void panel.webview.postMessage(m); }, state);
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    this.panel?.dispose();
    this.attach(panel, port);
    void this.data.whenReady();
  }

  /** Registers the serializer (and this host) with the extension. */
  register(context: vscode.ExtensionContext): this {
    context.subscriptions.push(
      this,
      vscode.window.registerWebviewPanelSerializer(this.spec.viewType, {
        deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
      }),
    );
    return this;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** The panel's controller; `post` sends to the webview, `state` is what the webview saved (restore only). */
  protected abstract createPort(post: (message: unknown) => void, state: unknown): Promise<P>;

  private attach(panel: vscode.WebviewPanel, port: P): void {
    this.panel = panel;
    this.port = port;
    if (this.spec.icon) {
      panel.iconPath = {
        light: vscode.Uri.joinPath(this.extensionUri, 'media', `${this.spec.icon}-light.svg`),
        dark: vscode.Uri.joinPath(this.extensionUri, 'media', `${this.spec.icon}-dark.svg`),
      };
    }
    const subs = [
      panel.webview.onDidReceiveMessage((m: unknown) => port.handle(m)),
      panel.onDidDispose(() => {
        if (this.panel === panel) { this.panel = undefined; this.port = undefined; }
        for (const s of subs) s.dispose();
      }),
    ];
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, this.spec.app, this.spec.title);
  }
}
