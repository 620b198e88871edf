// Which data the explorer shows, and keeping it fresh: the bundled sample by default, or the
// workspace files matching `traceExplorer.localPaths` (re-read, debounced, when they change).
// The readers (core/load and everything below it) load with the first read, not at activation.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Dataset } from '../core/dataset';
import type { DatasetState } from './datasetState';
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

const RELOAD_DEBOUNCE_MS = 500;

/** Data that does not come from files (AWS): replaces the files/sample until cleared. */
export interface ExternalSource {
  label: string;
  info: SourceInfo[];
  /** Loads everything; `show` puts partial datasets on screen while pages arrive. */
  load(signal: AbortSignal, show: (partial: Dataset) => void): Promise<Dataset>;
}
const GLOB_CHARS = /[*?[\]{}]/;

export class DataSources implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  // "Loading" from the start: every view that shows data starts the first load (whenReady).
  private state: DatasetState = { sourceLabel: '', loading: true, version: 0 };
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

  get current(): DatasetState { return this.state; }
  get dataset(): Dataset | undefined { return this.state.dataset; }
  get sources(): readonly SourceInfo[] { return this.info; }
  get sampleFolder(): string { return vscode.Uri.joinPath(this.extensionUri, 'samples', 'data').fsPath; }

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
    try {
      if (this.external) {
        const ext = this.external;
        label = ext.label;
        this.info = ext.info;
        this.set({ ...this.state, sourceLabel: label, loading: true, error: undefined });
        const show = (partial: Dataset) => { if (!abort.signal.aborted) this.set({ dataset: partial, sourceLabel: label, loading: true, version: this.state.version + 1 }); };
        const dataset = await ext.load(abort.signal, show);
        if (abort.signal.aborted) return;
        this.set({ dataset, sourceLabel: label, loading: false, version: this.state.version + 1 });
        log().info(`Loaded ${dataset.traces.length} traces, ${dataset.spans.length} spans from ${label} in ${Math.round(performance.now() - started)} ms`);
        this.warm(dataset);
        return;
      }
      const plan = await this.plan();
      label = plan.label;
      this.info = plan.info;
      this.set({ ...this.state, sourceLabel: label, loading: true, error: undefined });
      const dataset = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Reading traces: ${label}` },
        async () => {
          const { loadSources, LocalFilesSource } = await import('../core/load');
          const mask = maskOptions();
          warnIfMaskingOff(mask);
          return loadSources(plan.files.length > 0 ? [new LocalFilesSource(plan.files, label, inputLimits())] : [], { signal: abort.signal, mask, parseWorkers: parseWorkers() });
        },
      );
      if (abort.signal.aborted) return;
      const error = plan.files.length === 0 ? plan.emptyReason : undefined;
      this.set({ dataset, sourceLabel: label, loading: false, error, version: this.state.version + 1 });
      log().info(`Loaded ${dataset.traces.length} traces, ${dataset.spans.length} spans from ${label} in ${Math.round(performance.now() - started)} ms`);
      this.warm(dataset);
    } catch (e) {
      if (abort.signal.aborted) return;
      const message = e instanceof Error ? e.message : String(e);
      log().error(`Loading ${label || 'traces'} failed: ${message}`);
      this.set({ ...this.state, sourceLabel: label, loading: false, error: message, version: this.state.version + 1 });
    }
  }

  dispose(): void {
    this.abort?.abort();
    if (this.debounce) clearTimeout(this.debounce);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }

  /** The first query and the first view should not build their indexes while the user waits: build them now. */
  private warm(dataset: Dataset): void {
    void import('../core/warmIndexes').then(({ warmIndexes }) => warmIndexes(dataset, (ds) => ds === this.state.dataset));
  }

  private set(s: DatasetState): void {
    this.state = s;
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
