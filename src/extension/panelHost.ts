// What every webview panel shares on the VS Code side: one panel per kind, created or revealed on demand, restored
// after a restart by its serializer, its HTML shell (webviewHtml.ts), and a port into the engine worker, where the
// panel's controller runs (src/engine/router.ts): the webview's messages go there as they are, the controller's
// posts come back as they are, and the effects it names (open a file, run a command) run here. A subclass says
// which panel it is and runs its effects.
import * as vscode from 'vscode';
import type { DataSources } from './dataSources';
import type { EnginePanelPort } from '../engine/router';
import type { PanelKind } from '../engine/protocol';
import type { LogLevel } from '../protocol/channel';
import { log } from './log';
import { WebviewApp, webviewHtml, webviewRoots } from './webviewHtml';
import { panelColumn } from './editorGroups';

export interface PanelSpec {
  viewType: string;
  title: string;
  app: WebviewApp;
  /** Keep the webview alive while hidden (costly to rebuild) or let it restore itself from its state (cheap). */
  retainContextWhenHidden: boolean;
  /** media/<icon>-light.svg and media/<icon>-dark.svg */
  icon?: string;
  /** Which controller the engine runs for it. */
  kind: PanelKind;
}

export type Post = (message: unknown) => void;

export abstract class PanelHost implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  protected port?: EnginePanelPort;
  protected readonly disposables: vscode.Disposable[] = [];

  constructor(protected readonly extensionUri: vscode.Uri, protected readonly data: DataSources, private readonly spec: PanelSpec) {}

  get isOpen(): boolean { return !!this.panel; }
  get isReady(): boolean { return !!this.port?.isReady; }

  /** Opens (or reveals) the panel and starts the first data load. */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      const created = vscode.window.createWebviewPanel(this.spec.viewType, this.spec.title, panelColumn(), {
        enableScripts: true,
        localResourceRoots: webviewRoots(this.extensionUri),
        retainContextWhenHidden: this.spec.retainContextWhenHidden,
      });
      this.attach(created, this.createPort((m) => { void created.webview.postMessage(m); }, undefined));
    }
    void this.data.whenReady();
  }

  /** WebviewPanelSerializer: VS Code restarts with the panel open. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const port = this.createPort((m) => { void panel.webview.postMessage(m); }, state);
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

  /** What the engine's controller starts from: `state` is what the webview saved (restore only). */
  protected openState(_state: unknown): object | undefined { return undefined; }

  /** A side effect the panel's controller named (src/engine/main.ts lists them per panel); `log` is common. */
  protected abstract runEffect(name: string, args: unknown[], post: Post): void;

  /** The panel's port into the engine: `post` sends to the webview. */
  private createPort(post: Post, state: unknown): EnginePanelPort {
    return this.data.router.open(this.spec.kind, {
      post,
      effect: (name, args) => {
        if (name === 'log') { const [level, message] = args as [LogLevel, string]; log()[level](String(message)); return; }
        this.runEffect(name, args, post);
      },
    }, this.openState(state));
  }

  private attach(panel: vscode.WebviewPanel, port: EnginePanelPort): void {
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
        port.close();
        if (this.panel === panel) { this.panel = undefined; this.port = undefined; }
        for (const s of subs) s.dispose();
      }),
    ];
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, this.spec.app, this.spec.title);
  }
}
