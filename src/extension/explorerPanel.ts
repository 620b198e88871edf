// The Trace Explorer panel: not retained when hidden (the webview restores itself from its saved state and asks
// again for the small window it draws, which is cheap; keeping it alive is not). Message handling lives in the pure
// ExplorerController, which runs in the engine worker; this side opens source files and tracks the selection.
import * as vscode from 'vscode';
import { RestoreState, toWebview } from '../protocol/messages';
import type { DataSources } from './dataSources';
import { log } from './log';
import { OpenResult, SourceOpener } from './openSource';
import { PanelHost, Post } from './panelHost';

export const EXPLORER_VIEW_TYPE = 'traceExplorer.explorer';

export interface PanelState {
  open: boolean;
  ready: boolean;
  traceId?: string;
  spanId?: string;
  lastSource?: OpenResult;
}

export class ExplorerPanel extends PanelHost {
  private readonly selection = { traceId: undefined as string | undefined, spanId: undefined as string | undefined };
  private lastSource?: OpenResult;
  private readonly selectionWaiters: { traceId: string; resolve: () => void }[] = [];

  constructor(extensionUri: vscode.Uri, data: DataSources, private readonly opener: SourceOpener) {
    super(extensionUri, data, { viewType: EXPLORER_VIEW_TYPE, title: 'Trace Explorer', app: 'explorer', retainContextWhenHidden: false, icon: 'trace', kind: 'explorer' });
  }

  get state(): PanelState {
    return { open: this.isOpen, ready: this.isReady, ...this.selection, lastSource: this.lastSource };
  }

  /** Opens (or reveals) the panel; with a trace id, navigates to that trace and resolves once it is shown. */
  override async show(traceId?: string, spanId?: string): Promise<void> {
    await super.show();
    if (traceId) {
      const shown = this.waitForSelection(traceId);
      this.port?.call('showTrace', [traceId, spanId]);
      await shown;
    }
  }

  /** Opens the panel with the trace list filtered (e.g. `fn:orders`). */
  async showFiltered(filter: string): Promise<void> {
    await this.show();
    this.port?.call('setFilter', [filter]);
  }

  protected override openState(state: unknown): object | undefined {
    return toRestoreState(state);
  }

  protected runEffect(name: string, args: unknown[], post: Post): void {
    switch (name) {
      case 'openSource': void this.openSource(args[0] as string, args[1] as string, args[2] as string, args[3] as SourceArg | null, post); return;
      case 'openLocation': {
        const [file, line, column] = args as [string, number, number | undefined];
        void this.opener.open(file, line, column).then((r) => { this.lastSource = r; });
        return;
      }
      case 'selectionChanged': this.onSelection(args[0] as string | undefined, args[1] as string | undefined); return;
      default: log().warn(`Trace Explorer: unknown effect ${name}`);
    }
  }

  private async openSource(traceId: string, spanId: string, name: string, src: SourceArg | null, post: Post): Promise<void> {
    const result: OpenResult = src?.file
      ? await this.opener.open(src.file, src.line, src.column)
      : { ok: false, message: `${name} has no source location.` };
    this.lastSource = result;
    post(toWebview({ type: 'sourceResult', spanId, ok: result.ok, message: result.message }));
    log().debug(`openSource ${traceId}/${spanId}: ${result.message}`);
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

/** A span's recorded source, as the engine sends it with the openSource effect. */
interface SourceArg { file?: string; line?: number; column?: number }

function toRestoreState(state: unknown): RestoreState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  const r: RestoreState = {};
  if (typeof s.traceId === 'string') r.traceId = s.traceId;
  if (typeof s.spanId === 'string') r.spanId = s.spanId;
  return r;
}
