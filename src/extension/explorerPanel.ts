// The Trace Explorer panel: not retained when hidden (the webview restores itself from its saved state and asks
// again for the small window it draws, which is cheap; keeping it alive is not). Message handling lives in the pure
// ExplorerController, which (with the row, list and details logic below it) loads when the panel first opens.
import * as vscode from 'vscode';
import { once } from './once';
import type { SpanNode, Trace } from '../core/model';
import { HostMessage, RestoreState, toWebview } from '../protocol/messages';
import type { DataSources } from './dataSources';
import type { ExplorerController } from './explorer/logic/controller';
import { log } from './log';
import { OpenResult, SourceOpener } from './openSource';
import { PanelHost } from './panelHost';
import { guardLocations } from './security/locationGrants';

export const EXPLORER_VIEW_TYPE = 'traceExplorer.explorer';

const loadController = once(() => import('./explorer/logic/controller'));

export interface PanelState {
  open: boolean;
  ready: boolean;
  traceId?: string;
  spanId?: string;
  lastSource?: OpenResult;
}

export class ExplorerPanel extends PanelHost<ExplorerController> {
  private readonly selection = { traceId: undefined as string | undefined, spanId: undefined as string | undefined };
  private lastSource?: OpenResult;
  private readonly selectionWaiters: { traceId: string; resolve: () => void }[] = [];

  constructor(extensionUri: vscode.Uri, data: DataSources, private readonly opener: SourceOpener) {
    super(extensionUri, data, { viewType: EXPLORER_VIEW_TYPE, title: 'Trace Explorer', app: 'explorer', retainContextWhenHidden: false, icon: 'trace' });
  }

  get state(): PanelState {
    return { open: this.isOpen, ready: this.isReady, ...this.selection, lastSource: this.lastSource };
  }

  /** Opens (or reveals) the panel; with a trace id, navigates to that trace and resolves once it is shown. */
  override async show(traceId?: string, spanId?: string): Promise<void> {
    await super.show();
    if (traceId) {
      const shown = this.waitForSelection(traceId);
      this.port?.showTrace(traceId, spanId);
      await shown;
    }
  }

  /** Opens the panel with the trace list filtered (e.g. `fn:orders`). */
  async showFiltered(filter: string): Promise<void> {
    await this.show();
    this.port?.setFilter(filter);
  }

  protected async createPort(post: (m: HostMessage) => void, state: unknown): Promise<ExplorerController> {
    const { ExplorerController } = await loadController();
    // guardLocations: the webview may open only locations this panel sent it (security/locationGrants.ts).
    return new ExplorerController(() => this.data.current, guardLocations({
      post,
      openSource: (trace, node) => void this.openSource(trace, node, post),
      openLocation: (file, line, column) => void this.opener.open(file, line, column).then((r) => { this.lastSource = r; }),
      log: (level, message) => log()[level](message),
      selectionChanged: (traceId, spanId) => this.onSelection(traceId, spanId),
    }), toRestoreState(state));
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
