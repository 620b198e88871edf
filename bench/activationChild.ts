// Child process of the explorer bench: loads the built extension (dist/extension.js) in plain Node
// with a minimal fake `vscode` module (injected through Module._resolveFilename + require.cache)
// that records what activate() registers, and times require + activate() as VS Code counts an
// activation (code loading + the activate call). One cold measure per process: the parent runs
// several processes. Not the real extension host: no IPC, no real workbench behind the API calls.
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module') as { _resolveFilename(request: string, ...rest: unknown[]): string };

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'extension.js');

const registered: Record<string, string[]> = {};
/** API members activate() read that the fake does not provide (undefined was returned). */
const missing = new Set<string>();
const rec = (kind: string, id = '') => { (registered[kind] ??= []).push(id); return disposable(); };
function disposable() { return { dispose(): void { /* nothing */ } }; }
const event = () => () => disposable();

class EventEmitter<T> {
  private listeners: ((v: T) => void)[] = [];
  event = (l: (v: T) => void) => { this.listeners.push(l); return disposable(); };
  fire(v: T): void { for (const l of this.listeners) l(v); }
  dispose(): void { this.listeners = []; }
}
class Disposable {
  constructor(private readonly fn?: () => void) {}
  static from(...ds: { dispose(): void }[]): Disposable { return new Disposable(() => { for (const d of ds) d.dispose(); }); }
  dispose(): void { this.fn?.(); }
}
class Uri {
  constructor(readonly scheme: string, readonly path: string) {}
  get fsPath(): string { return this.path; }
  static file(p: string): Uri { return new Uri('file', p); }
  static parse(s: string): Uri { return new Uri(s.split(':')[0] || 'file', s.replace(/^[a-z]+:\/\//, '')); }
  static joinPath(u: Uri, ...parts: string[]): Uri { return new Uri(u.scheme, path.join(u.path, ...parts)); }
  with(change: { path?: string }): Uri { return new Uri(this.scheme, change.path ?? this.path); }
  toString(): string { return `${this.scheme}://${this.path}`; }
}
class Plain { constructor(...args: unknown[]) { Object.assign(this, { args }); } }

function recording<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(t, p, r) {
      if (typeof p === 'string' && !(p in t) && p !== 'then' && p !== '__esModule') missing.add(`${name}.${p}`);
      return Reflect.get(t, p, r);
    },
  });
}

const memento = () => {
  const m = new Map<string, unknown>();
  return { get: (k: string, d?: unknown) => (m.has(k) ? m.get(k) : d), update: async (k: string, v: unknown) => { m.set(k, v); }, keys: () => [...m.keys()], setKeysForSync: () => undefined };
};
const outputChannel = () => {
  const noop = () => undefined;
  return { name: 'fake', logLevel: 2, onDidChangeLogLevel: event(), append: noop, appendLine: noop, replace: noop, clear: noop, show: noop, hide: noop, dispose: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
};

const vscode = recording('vscode', {
  version: '1.100.0',
  EventEmitter, Disposable, Uri,
  TreeItem: Plain, ThemeIcon: Plain, ThemeColor: Plain, MarkdownString: Plain, Range: Plain, Position: Plain, Hover: Plain, CodeLens: Plain, RelativePattern: Plain,
  CancellationTokenSource: class { token = { isCancellationRequested: false, onCancellationRequested: event() }; cancel(): void { /* */ } dispose(): void { /* */ } },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  OverviewRulerLane: { Left: 1, Center: 2, Right: 4, Full: 7 },
  TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  commands: recording('commands', {
    registerCommand: (id: string) => rec('command', id),
    executeCommand: async () => undefined,
    getCommands: async () => [],
  }),
  window: recording('window', {
    createOutputChannel: () => outputChannel(),
    createTreeView: (id: string) => { rec('treeView', id); return { ...disposable(), visible: false, onDidChangeVisibility: event(), onDidChangeSelection: event(), onDidExpandElement: event(), onDidCollapseElement: event(), reveal: async () => undefined }; },
    registerTreeDataProvider: (id: string) => rec('treeView', id),
    registerWebviewPanelSerializer: (id: string) => rec('serializer', id),
    registerWebviewViewProvider: (id: string) => rec('webviewView', id),
    createStatusBarItem: (id?: string) => { rec('statusBarItem', typeof id === 'string' ? id : ''); return { ...disposable(), text: '', tooltip: '', command: undefined, show: () => undefined, hide: () => undefined }; },
    createTextEditorDecorationType: () => disposable(),
    onDidChangeVisibleTextEditors: event(), onDidChangeActiveTextEditor: event(), onDidChangeTextEditorSelection: event(),
    visibleTextEditors: [], activeTextEditor: undefined,
    showInformationMessage: async () => undefined, showWarningMessage: async () => undefined, showErrorMessage: async () => undefined,
    showQuickPick: async () => undefined, showInputBox: async () => undefined,
    withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: event() }),
  }),
  workspace: recording('workspace', {
    workspaceFolders: undefined, textDocuments: [],
    getConfiguration: () => ({ get: (_k: string, d?: unknown) => d, has: () => false, inspect: () => undefined, update: async () => undefined }),
    onDidChangeConfiguration: event(), onDidChangeWorkspaceFolders: event(), onDidOpenTextDocument: event(), onDidChangeTextDocument: event(),
    onDidSaveTextDocument: event(), onDidCloseTextDocument: event(),
    createFileSystemWatcher: () => ({ ...disposable(), onDidChange: event(), onDidCreate: event(), onDidDelete: event() }),
    findFiles: async () => [], asRelativePath: (p: unknown) => String(p),
    getWorkspaceFolder: () => undefined,
  }),
  languages: recording('languages', {
    registerCodeLensProvider: () => rec('codeLensProvider'),
    registerHoverProvider: () => rec('hoverProvider'),
  }),
  extensions: recording('extensions', { getExtension: () => undefined, all: [] }),
  env: recording('env', { language: 'en', appName: 'bench', uiKind: 1, clipboard: { writeText: async () => undefined } }),
});

async function run(): Promise<object> {
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as unknown as NodeJS.Module;

  const context = {
    subscriptions: [] as { dispose(): void }[],
    extensionUri: Uri.file(ROOT), extensionPath: ROOT, extensionMode: 1,
    globalState: memento(), workspaceState: memento(),
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: event() },
    globalStorageUri: Uri.file('/tmp/bench-global'), storageUri: undefined, logUri: Uri.file('/tmp/bench-log'),
    asAbsolutePath: (p: string) => path.join(ROOT, p),
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(MAIN) as { activate(c: unknown): { activationMs?: number } };
  const t1 = performance.now();
  const api = ext.activate(context);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  // Anything activate() started asynchronously gets a moment to fail.
  await new Promise((r) => setTimeout(r, 200));
  for (const d of context.subscriptions) { try { d.dispose(); } catch { /* the fake does not care */ } }
  return {
    requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, cpuMs: (cpu.user + cpu.system) / 1000, selfReportedMs: api?.activationMs,
    registered: Object.fromEntries(Object.entries(registered).map(([k, v]) => [k, v.length])),
    commands: registered.command?.length ?? 0, subscriptions: context.subscriptions.length, missing: [...missing],
  };
}

run().then(
  (r) => process.stdout.write(JSON.stringify(r) + '\n', () => process.exit(0)),
  (e) => process.stdout.write(JSON.stringify({ error: String((e as Error).stack ?? e), missing: [...missing] }) + '\n', () => process.exit(0)),
);
