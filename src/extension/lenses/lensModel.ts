// The lens index for the current data, code and time range, kept in the engine worker (src/engine/lensRequests.ts):
// built once per change (data reload, workspace code change, setting change, time range change) and shared by the
// lens and hover providers and the commands, which then ask it about one file at a time (answers cached here).
import * as vscode from 'vscode';
import type { ExceptionLine, HandlerLens, LensSpec, TimeRange } from '../../core/code/lensIndex';
import type { EngineClient } from '../../engine/client';
import type { CodeInputs, LensTarget } from '../../engine/protocol';
import type { LensBuilt, LensExplanation, LensFacts, TracePicks } from '../../engine/lensRequests';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { localPaths } from '../settings';
import type { WorkspaceCode } from './workspaceCode';

/** The engine's lens index for one state (data version, code, range): per-file answers are asked once. */
export class LensHandle {
  private readonly lenses = new Map<string, Promise<LensSpec[]>>();
  private readonly exceptions = new Map<string, Promise<ExceptionLine[]>>();

  constructor(private readonly engine: EngineClient, readonly key: string) {}

  lensesFor(file: string): Promise<LensSpec[]> {
    return cached(this.lenses, file, () => this.engine.ask<LensSpec[]>({ kind: 'lensesFor', file }));
  }

  exceptionsFor(file: string): Promise<ExceptionLine[]> {
    return cached(this.exceptions, file, () => this.engine.ask<ExceptionLine[]>({ kind: 'exceptionsFor', file }));
  }

  functionAt(file: string, line: number): Promise<HandlerLens | undefined> {
    return this.engine.ask({ kind: 'functionAt', file, line });
  }

  tracesFor(target: LensTarget): Promise<TracePicks> {
    return this.engine.ask({ kind: 'tracesFor', target });
  }

  explain(subject: { file?: string; functionName?: string }): Promise<LensExplanation | undefined> {
    return this.engine.ask({ kind: 'explain', ...subject });
  }

  facts(): Promise<LensFacts> {
    return this.engine.ask({ kind: 'lensFacts' });
  }
}

function cached<T>(map: Map<string, Promise<T>>, key: string, ask: () => Promise<T>): Promise<T> {
  let p = map.get(key);
  if (!p) {
    p = ask();
    map.set(key, p);
    p.catch(() => map.delete(key)); // a worker that died: ask again next time
  }
  return p;
}

export class LensModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when lenses may have changed: providers re-ask (onDidChangeCodeLenses). */
  readonly onDidChange = this.changed.event;
  private readonly built_ = new vscode.EventEmitter<void>();
  /** Fires when an index finished building (decorations draw from the built index only). */
  readonly onDidBuild = this.built_.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.built_];
  private built?: LensHandle;
  private pending?: { key: string; handle: Promise<LensHandle | undefined> };
  private range?: TimeRange;
  /** The data version the last answer was given for (null: answered "no data"); undefined: no answer yet. */
  private answered?: number | null;

  constructor(private readonly data: DataSources, readonly code: WorkspaceCode) {
    this.disposables.push(
      data.onDidChange(() => {
        // Re-ask only when an answer was given for other data. Every re-ask makes VS Code swap its lens
        // models, and a click landing in that swap runs a released command ("Actual command not found").
        if (this.answered !== undefined && this.dataVersion() !== this.answered) this.changed.fire();
      }),
      code.onDidChange(() => this.changed.fire()),
    );
  }

  /** Restricts the numbers to a time range (undefined: all the data). */
  setTimeRange(range: TimeRange | undefined): void {
    if (range?.startMs === this.range?.startMs && range?.endMs === this.range?.endMs) return;
    this.range = range;
    this.changed.fire();
  }

  get timeRange(): TimeRange | undefined {
    return this.range;
  }

  /** The index already built for the current state, without loading or building anything. */
  async peek(): Promise<LensHandle | undefined> {
    const b = this.built;
    if (!b || !this.data.started) return undefined;
    return b.key === this.keyOf(await this.code.get()) ? b : undefined;
  }

  /** The index for the current state; loads the data the first time. */
  async index(): Promise<LensHandle | undefined> {
    let got: { handle?: LensHandle; version: number | null };
    try {
      got = await this.indexNow();
    } catch (e) {
      // The engine worker died while building: it restarts, reloads, and the data change re-asks.
      log().warn(`Code lenses: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const { handle, version } = got;
    this.answered = version;
    // Data that arrived while this answer was being built: ask again for it.
    if (this.dataVersion() !== version) this.changed.fire();
    return handle;
  }

  /** Null while there is nothing to show lenses for. */
  private dataVersion(): number | null {
    const s = this.data.current;
    return this.data.started && s.traces + s.spans + s.invocations > 0 ? s.version : null;
  }

  private keyOf(code: CodeInputs): string {
    return `${this.data.current.version}|${code.key}|${this.range ? `${this.range.startMs}-${this.range.endMs}` : ''}`;
  }

  private async indexNow(): Promise<{ handle?: LensHandle; version: number | null }> {
    const code = await this.code.get();
    // Opening a JavaScript/Python file in a project that declares no functions and reads no trace
    // files is no reason to load data; lenses appear once the user loads some (onDidChange).
    if (!this.data.started && localPaths().length === 0 && (await this.code.declared()) === 0) return { version: null };
    await this.data.whenReady();
    const version = this.dataVersion();
    if (version === null) return { version };
    const key = this.keyOf(code);
    if (this.built?.key === key) return { handle: this.built, version };
    // One build at a time for a given state: every file opened meanwhile waits for the same index.
    if (this.pending?.key !== key) {
      const engine = this.data.engine();
      const range = this.range;
      const handle = engine.ask<LensBuilt | undefined>({ kind: 'buildLensIndex', code, range }).then((b) => {
        if (!b) return undefined;
        const h = new LensHandle(engine, key);
        this.built = h;
        log().info(`Code lenses indexed: ${b.files} files in ${b.buildMs.toFixed(1)} ms (engine worker)`);
        this.built_.fire();
        return h;
      });
      this.pending = { key, handle };
      handle.catch(() => { if (this.pending?.key === key) this.pending = undefined; });
    }
    return { handle: await this.pending.handle, version };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
