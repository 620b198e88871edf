// Which data the explorer shows, and keeping it fresh: the bundled sample by default, or the
// workspace files matching `traceExplorer.localPaths` (re-read, debounced, when they change), or an AWS fetch.
// What to read is decided here (it needs the workspace); the reading, correlating and every question about the data
// happen in the engine worker (src/engine, docs/engine.md): this class holds its client and mirrors its state.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { EngineClient } from '../engine/client';
import type { AwsLoadPlan, EngineState } from '../engine/protocol';
import { EngineRouter } from '../engine/router';
import { log } from './log';
import { mayReadLocalPath } from './security/trust';
import { affectsLocalPaths, affectsMasking, inputLimits, localPaths, maskOptions, parseWorkers, warnIfMaskingOff } from './settings';

export interface SourceInfo {
  id: string;
  kind: 'sample' | 'local' | 'aws';
  label: string;
  detail: string;
  fileCount: number;
}

/** The engine's state as the host's views see it; `version` changes whenever the data does (a restarted worker too). */
export type DataState = EngineState;

const RELOAD_DEBOUNCE_MS = 500;

/** Data that does not come from files (AWS): replaces the files/sample until cleared. Fetched in the engine. */
export interface ExternalSource {
  label: string;
  info: SourceInfo[];
  plan: AwsLoadPlan;
  /** The fetch's steps (for its progress notification). */
  progress?(message: string): void;
  /** Cancels the fetch. */
  cancel?: AbortSignal;
}
const GLOB_CHARS = /[*?[\]{}]/;

/** Old space for the engine worker: it holds the whole Dataset (the host's own heap stays small). */
const ENGINE_HEAP_MB = Math.max(2048, Math.min(8192, Math.floor(os.totalmem() / 1024 / 1024 / 2)));

export class DataSources implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  // "Loading" from the start: every view that shows data starts the first load (whenReady).
  private state: DataState = { sourceLabel: '', loading: true, version: 0, traces: 0, spans: 0, invocations: 0 };
  private engineKey = '';
  private client?: EngineClient;
  /** The panels' ports into the engine (PanelHost). */
  readonly router = new EngineRouter(() => this.engine());
  private readonly restartedEmitter = new vscode.EventEmitter<string>();
  /** The engine worker died and was restarted (its data reloads). */
  readonly onDidRestart = this.restartedEmitter.event;
  private info: SourceInfo[] = [];
  private watchers: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private abort?: AbortController;
  private debounce?: NodeJS.Timeout;
  private forceSample = false;
  private firstLoad?: Promise<void>;
  private external?: ExternalSource;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.disposables.push(
      this.changed,
      this.restartedEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsMasking(e)) this.scheduleReload(); // what is already loaded was masked with the old rules
        if (!affectsLocalPaths(e)) return;
        this.forceSample = false;
        this.watch();
        this.scheduleReload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.watch(); this.scheduleReload(); }),
      // Trusted now: local paths outside the workspace (and restricted settings) count from here on.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload()),
    );
  }

  get current(): DataState { return this.state; }
  /** Has the first load been started (by a view, a command or a test)? */
  get started(): boolean { return !!this.firstLoad; }
  get sources(): readonly SourceInfo[] { return this.info; }
  get sampleFolder(): string { return vscode.Uri.joinPath(this.extensionUri, 'samples', 'data').fsPath; }

  /** The engine worker's client, started on first use (the first view or command that needs data). */
  engine(): EngineClient {
    if (!this.client) {
      const file = vscode.Uri.joinPath(this.extensionUri, 'dist', 'engine.js').fsPath;
      this.client = new EngineClient(file, {
        ...this.router.hooks,
        state: (s) => this.mirror(s),
        log: (level, message) => log()[level](`engine: ${message}`),
        restarted: (reason) => {
          log().error(`The engine worker stopped (${reason}); restarting it and reloading ${this.state.sourceLabel || 'the data'}.`);
          void vscode.window.showWarningMessage(`Serverless Traces: the engine stopped (${reason}). It was restarted and is reloading the data.`);
          this.restartedEmitter.fire(reason);
        },
      }, { maxOldGenerationSizeMb: ENGINE_HEAP_MB });
    }
    return this.client;
  }

  /** Test hook (command traceExplorer.test.killEngine): ends the worker as a crash would. */
  async killEngine(): Promise<void> {
    await this.client?.kill();
  }

  /** Starts the first load (once); resolves when it finished, successfully or not. */
  whenReady(): Promise<void> {
    if (!this.firstLoad) {
      this.watch();
      this.firstLoad = this.reload();
    }
    return this.firstLoad;
  }

  /** Show the bundled sample until the localPaths setting changes. */
  async useSample(): Promise<void> {
    this.forceSample = true;
    this.external = undefined;
    await this.whenReady();
    await this.reload();
  }

  /** Shows an external source (undefined: back to files/sample); resolves when its load finished. */
  async setExternal(source: ExternalSource | undefined): Promise<void> {
    this.external = source;
    if (!this.firstLoad) {
      this.watch();
      this.firstLoad = this.reload();
      return this.firstLoad;
    }
    await this.reload();
  }

  scheduleReload(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => { this.debounce = undefined; void this.reload(); }, RELOAD_DEBOUNCE_MS);
  }

  async reload(): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const started = performance.now();
    let label = '';
    const engine = this.engine();
    try {
      let state: EngineState;
      if (this.external) {
        const ext = this.external;
        label = ext.label;
        this.info = ext.info;
        const mask = maskOptions();
        warnIfMaskingOff(mask);
        state = await engine.loadAws({ ...ext.plan, mask }, {
          signal: ext.cancel ? AbortSignal.any([abort.signal, ext.cancel]) : abort.signal,
          onProgress: (_d, _t, message) => { if (message) ext.progress?.(message); },
        });
      } else {
        const plan = await this.plan();
        label = plan.label;
        const infoBefore = this.info;
        this.info = plan.info;
        const mask = maskOptions();
        warnIfMaskingOff(mask);
        const cancel = new AbortController();
        let lastMessage: string | undefined;
        const listeners = new Set<(message?: string) => void>();
        const running = engine.load({ files: plan.files, label, emptyReason: plan.emptyReason, mask, limits: inputLimits(), parseWorkers: parseWorkers() }, {
          signal: AbortSignal.any([abort.signal, cancel.signal]),
          onProgress: (done, total, message) => {
            lastMessage = message ?? (total ? `${Math.round((100 * done) / total)}%` : undefined);
            for (const l of listeners) l(lastMessage);
          },
        });
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading traces: ${label}` }, (progress) => {
          listeners.add((message) => progress.report({ message }));
          return running.catch(() => undefined);
        });
        cancellableAfter(LONG_LOAD_MS, running, `Reading traces: ${label}`, cancel, listeners, () => lastMessage);
        state = await running;
        if (cancel.signal.aborted && !abort.signal.aborted) {
          this.info = infoBefore; // the Data Sources list names what is shown
          this.changed.fire();
          log().info(`Loading ${label} cancelled; the data shown before is kept.`);
          return;
        }
      }
      if (abort.signal.aborted) return;
      if (state.error) log().error(`Loading ${label} failed: ${state.error}`);
      else log().info(`Loaded ${state.traces} traces, ${state.spans} spans from ${label} in ${Math.round(performance.now() - started)} ms (engine worker)`);
    } catch (e) {
      if (abort.signal.aborted) return;
      // The worker died during the load: it restarts and reloads this plan itself (the state follows).
      const message = e instanceof Error ? e.message : String(e);
      log().error(`Loading ${label || 'traces'} failed: ${message}`);
    }
  }

  dispose(): void {
    this.abort?.abort();
    if (this.debounce) clearTimeout(this.debounce);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
    void this.client?.dispose();
  }

  /** The engine's state; the host version changes with the engine's version or worker (generation). */
  private mirror(s: EngineState): void {
    const key = `${this.client?.generation ?? 0}:${s.version}`;
    const version = key === this.engineKey ? this.state.version : this.state.version + 1;
    this.engineKey = key;
    this.state = { ...s, version };
    this.changed.fire();
  }

  /** What to read now: configured workspace files, or the sample. */
  private async plan(): Promise<{ label: string; files: string[]; info: SourceInfo[]; emptyReason?: string }> {
    const patterns = localPaths();
    if (patterns.length > 0 && !this.forceSample) {
      const files = await this.findLocalFiles(patterns);
      const label = `Workspace: ${patterns.join(', ')}`;
      return {
        label,
        files,
        info: [{ id: 'local', kind: 'local', label: 'Workspace files', detail: patterns.join(', '), fileCount: files.length }],
        emptyReason: `No files match traceExplorer.localPaths (${patterns.join(', ')}).`,
      };
    }
    const folder = this.sampleFolder;
    const files = await fs.stat(folder).then(() => [folder], () => [] as string[]);
    return {
      label: 'Sample data',
      files,
      info: [{ id: 'sample', kind: 'sample', label: 'Sample data', detail: 'bundled with the extension', fileCount: files.length }],
      emptyReason: `The bundled sample folder ${folder} is missing.`,
    };
  }

  private async findLocalFiles(patterns: string[]): Promise<string[]> {
    const found = new Set<string>();
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const p of patterns) {
      if (path.isAbsolute(p) && !GLOB_CHARS.test(p)) { if (await mayReadLocalPath(p)) found.add(p); continue; }
      for (const folder of folders) {
        const glob = await asGlob(folder.uri.fsPath, p);
        const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), '**/node_modules/**');
        for (const u of uris) found.add(u.fsPath);
      }
    }
    return [...found].sort();
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const p of localPaths()) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        // A plain folder name watches everything below it.
        const glob = GLOB_CHARS.test(p) ? p : `${p.replace(/[\\/]+$/, '')}{,/**}`;
        const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
        const onChange = () => { if (!this.forceSample) this.scheduleReload(); };
        w.onDidChange(onChange);
        w.onDidCreate(onChange);
        w.onDidDelete(onChange);
        this.watchers.push(w);
      }
    }
  }
}

/** A setting entry naming a folder (no glob characters) means every file below it. */
async function asGlob(root: string, p: string): Promise<string> {
  if (GLOB_CHARS.test(p)) return p;
  const isDir = await fs.stat(path.join(root, p)).then((s) => s.isDirectory(), () => false);
  return isDir ? `${p.replace(/[\\/]+$/, '')}/**` : p;
}

/** A load that has run this long gets a notification with Cancel (a short one stays in the status bar only). */
const LONG_LOAD_MS = 2000;

function cancellableAfter(
  delayMs: number, running: Promise<unknown>, title: string, cancel: AbortController,
  listeners: Set<(message?: string) => void>, lastMessage: () => string | undefined,
): void {
  let settled = false;
  void running.finally(() => { settled = true; });
  setTimeout(() => {
    if (settled) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      progress.report({ message: lastMessage() });
      listeners.add((message) => progress.report({ message }));
      token.onCancellationRequested(() => cancel.abort());
      return running.catch(() => undefined);
    });
  }, delayMs);
}
