// The host's side of the panels once the engine runs their controllers (docs/engine.md step 2): each open webview
// gets a port with a panel id; the webview's messages go to the engine as they are (validated there), and the
// engine's posts and effects come back to that panel's ends only. No vscode here: PanelHost supplies the ends
// (post to the webview, run an effect such as opening a file) and the tests supply their own.
import type { EngineClient, EngineHooks } from './client';
import type { PanelCall, PanelKind } from './protocol';

/** What a panel does with what the engine sends it. */
export interface PanelEnds {
  /** A message for the webview, passed on as it is (the webview validates it). */
  post(message: object): void;
  /** A side effect only the host can do, named by the panel's controller (openSource, openLocation, log, ...). */
  effect(name: string, args: unknown[]): void;
}

export class EnginePanelPort {
  private ready = false;
  private closed = false;

  constructor(private readonly engine: () => EngineClient, readonly panelId: number, private readonly onClose: () => void) {}

  get isReady(): boolean { return this.ready; }

  handle(raw: unknown): void {
    if (this.closed) return;
    if (typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'ready') this.ready = true;
    this.engine().toPanel(this.panelId, raw);
  }

  /** A call from the host on the panel's controller (showTrace, setFilter, settings). */
  call(name: PanelCall, args: unknown[]): void {
    if (!this.closed) this.engine().panelCall(this.panelId, name, args);
  }

  /** The engine tells its controllers itself when the data changes. */
  datasetChanged(): void { /* nothing to do on the host */ }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.engine().closePanel(this.panelId);
    this.onClose();
  }
}

export class EngineRouter {
  private readonly ends = new Map<number, PanelEnds>();
  private readonly kinds = new Map<number, PanelKind>();
  /** The message types the engine posted to each kind of panel (a handful of names: what the tests wait for). */
  private readonly postedTypes = new Map<PanelKind, Set<string>>();
  private nextPanelId = 1;

  constructor(private readonly engine: () => EngineClient) {}

  /** For the EngineClient's constructor: where its panel pushes go. */
  readonly hooks: Pick<EngineHooks, 'panelPost' | 'effect'> = {
    panelPost: (panelId, message) => {
      const kind = this.kinds.get(panelId);
      const type = (message as { type?: unknown }).type;
      if (kind && typeof type === 'string') {
        const seen = this.postedTypes.get(kind) ?? new Set<string>();
        seen.add(type);
        this.postedTypes.set(kind, seen);
      }
      this.ends.get(panelId)?.post(message);
    },
    effect: (panelId, name, args) => this.ends.get(panelId)?.effect(name, args),
  };

  /** Opens a panel's controller in the engine; `state` is what a restored webview saved, or the graph settings. */
  open(kind: PanelKind, ends: PanelEnds, state?: object): EnginePanelPort {
    const panelId = this.nextPanelId++;
    this.ends.set(panelId, ends);
    this.kinds.set(panelId, kind);
    this.engine().openPanel(panelId, kind, state);
    return new EnginePanelPort(this.engine, panelId, () => { this.ends.delete(panelId); this.kinds.delete(panelId); });
  }

  get openPanels(): number { return this.ends.size; }

  /** The message types posted so far to panels of this kind. */
  posted(kind: PanelKind): string[] { return [...(this.postedTypes.get(kind) ?? [])]; }
}
