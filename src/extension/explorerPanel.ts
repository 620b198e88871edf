// Hosts the Trace Explorer webview panel: one panel, created or revealed on demand, restored after
// a restart by the serializer. Message handling lives in the pure ExplorerController, which (with the
// row, list and details logic below it) loads when the panel first opens, not at activation.
import * as vscode from 'vscode';
import { once } from './once';
import type { SpanNode, Trace } from '../core/model';
import { HostMessage, RestoreState, toWebview } from '../protocol/messages';
import type { DataSources } from './dataSources';
import type { ExplorerController } from './explorer/logic/controller';
import { log } from './log';
import { OpenResult, SourceOpener } from './openSource';
import { guardLocations } from './security/locationGrants';
import { webviewHtml, webviewRoots } from './webviewHtml';
import { panelColumn } from './editorGroups';

export const EXPLORER_VIEW_TYPE = 'traceExplorer.explorer';

type ControllerModule = typeof import('./explorer/logic/controller');
const loadController = once((): Promise<ControllerModule> => import('./explorer/logic/controller'));

export interface PanelState {
  open: boolean;
  ready: boolean;
  traceId?: string;
  spanId?: string;
  lastSource?: OpenResult;
}

export class ExplorerPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private controller?: ExplorerController;
  private disposables: vscode.Disposable[] = [];
  private readonly selection = { traceId: undefined as string | undefined, spanId: undefined as string | undefined };
  private lastSource?: OpenResult;
  private readonly selectionWaiters: { traceId: string; resolve: () => void }[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly data: DataSources,
    private readonly opener: SourceOpener,
  ) {
    this.data.onDidChange(() => this.controller?.datasetChanged(), undefined, this.disposables);
  }

  get state(): PanelState {
    return { open: !!this.panel, ready: !!this.controller?.isReady, ...this.selection, lastSource: this.lastSource };
  }

  /** Opens (or reveals) the panel; with a trace id, navigates to that trace and resolves once it is shown. */
  async show(traceId?: string, spanId?: string): Promise<void> {
    const mod = await loadController();
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(EXPLORER_VIEW_TYPE, 'Trace Explorer', panelColumn(), {
        enableScripts: true,
        localResourceRoots: webviewRoots(this.extensionUri),
        // Not retained when hidden: the webview restores itself from its saved state and asks the
        // host again for the small window it draws, which is cheap; keeping it alive is not.
        retainContextWhenHidden: false,
      });
      this.attach(mod, panel, undefined);
    } else {
      this.panel.reveal(undefined, false);
    }
    void this.data.whenReady();
    if (traceId) {
      const shown = this.waitForSelection(traceId);
      this.controller?.showTrace(traceId, spanId);
      await shown;
    }
  }

  /** Opens the panel with the trace list filtered (e.g. `fn:orders`). */
  async showFiltered(filter: string): Promise<void> {
    await this.show();
    this.controller?.setFilter(filter);
  }

  /** WebviewPanelSerializer: VS Code restarts with the panel open. */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const mod = await loadController();
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    this.panel?.dispose();
    this.attach(mod, panel, toRestoreState(state));
    void this.data.whenReady();
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private attach({ ExplorerController }: ControllerModule, panel: vscode.WebviewPanel, restore: RestoreState | undefined): void {
    this.panel = panel;
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'trace-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'trace-dark.svg'),
    };
    const post = (m: HostMessage) => { void panel.webview.postMessage(m); };
    // guardLocations: the webview may open only locations this panel sent it (security/locationGrants.ts).
    const controller = new ExplorerController(() => this.data.current, guardLocations({
      post,
      openSource: (trace, node) => void this.openSource(trace, node, post),
      openLocation: (file, line, column) => void this.opener.open(file, line, column).then((r) => { this.lastSource = r; }),
      log: (level, message) => log()[level](message),
      selectionChanged: (traceId, spanId) => this.onSelection(traceId, spanId),
    }), restore);
    this.controller = controller;
    const subs = [
      panel.webview.onDidReceiveMessage((m: unknown) => controller.handle(m)),
      panel.onDidDispose(() => {
        if (this.panel === panel) { this.panel = undefined; this.controller = undefined; }
        for (const s of subs) s.dispose();
      }),
    ];
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'explorer', 'Trace Explorer');
  }

  private async openSource(trace: Trace, node: SpanNode, post: (m: HostMessage) => void): Promise<void> {
    const src = node.span.source;
    const spanId = node.span.spanId;
    const result: OpenResult = src?.file
      ? await this.opener.open(src.file, src.line, src.column)
      : { ok: false, message: `${node.span.name} has no source location.` };
    this.lastSource = result;
    post(toWebview({ type: 'sourceResult', spanId, ok: result.ok, message: result.message }));
    log().debug(`openSource ${trace.traceId}/${spanId}: ${result.message}`);
  }

  private onSelection(traceId?: string, spanId?: string): void {
    this.selection.traceId = traceId;
    this.selection.spanId = spanId;
    for (let i = this.selectionWaiters.length - 1; i >= 0; i--) {
      if (this.selectionWaiters[i].traceId === traceId) { this.selectionWaiters[i].resolve(); this.selectionWaiters.splice(i, 1); }
    }
  }

  private waitForSelection(traceId: string): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 10_000); // never hang a command on a webview that did not answer
      this.selectionWaiters.push({ traceId, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }
}

function toRestoreState(state: unknown): RestoreState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  const r: RestoreState = {};
  if (typeof s.traceId === 'string') r.traceId = s.traceId;
  if (typeof s.spanId === 'string') r.spanId = s.spanId;
  return r;
}
