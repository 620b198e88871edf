// The workspace's code as the lens model sees it: the candidate files (workspace first, then the
// bundled sample app the sample data comes from) and the infrastructure files read from them.
// Rebuilt, debounced, when infrastructure or source files appear, change or go.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CodeMap } from '../../core/code/codeMap';
import { log } from '../log';
import { sourceMapOverrides } from './lensSettings';

const SOURCES = '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx,py,java}';
const INFRA = '**/{*.yaml,*.yml,*template*.json,*stack*.json,cdk.json}';
const EXCLUDE = '**/{node_modules,.git,cdk.out,.aws-sam,.serverless,.venv,venv,__pycache__}/**';
const MAX_FILES = 20_000;
const DEBOUNCE_MS = 800;

export class WorkspaceCode implements vscode.Disposable {
  private current?: Promise<CodeMap>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer?: NodeJS.Timeout;

  constructor(private readonly extensionUri: vscode.Uri) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx,py,java,yaml,yml,json,map}');
    const onFs = (u: vscode.Uri) => { if (!/[\\/](node_modules|\.git|cdk\.out)[\\/]/.test(u.fsPath)) this.invalidateSoon(); };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(onFs),
      watcher.onDidChange(onFs),
      watcher.onDidDelete(onFs),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidateSoon()),
    );
  }

  /** The current code map, built on first use after each change. */
  get(): Promise<CodeMap> {
    if (!this.current) this.current = this.build();
    return this.current;
  }

  invalidate(): void {
    this.current = undefined;
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private invalidateSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = undefined; this.invalidate(); }, DEBOUNCE_MS);
  }

  private async build(): Promise<CodeMap> {
    const t0 = performance.now();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = folders.length
      ? [...(await vscode.workspace.findFiles(SOURCES, EXCLUDE, MAX_FILES)), ...(await vscode.workspace.findFiles(INFRA, EXCLUDE, MAX_FILES))]
      : [];
    const workspace = [...new Set(found.filter((u) => u.scheme === 'file').map((u) => u.fsPath))].sort();
    // The bundled sample app: where the sample data's /var/task paths lead when the workspace has no such files.
    const sample = listFiles(vscode.Uri.joinPath(this.extensionUri, 'samples', 'app').fsPath);
    // The code map (infrastructure parsers, yaml, source maps) loads with the first build, not at activation.
    const [{ CodeMap }, { nodeFileReader }] = await Promise.all([import('../../core/code/codeMap'), import('../../core/code/fileReader')]);
    const map = new CodeMap({
      reader: nodeFileReader(),
      files: [workspace, sample],
      roots: folders.map((f) => f.uri.fsPath),
      overrides: sourceMapOverrides(),
    });
    log().info(`Code lenses: ${workspace.length} workspace files, ${map.declared.length} declared functions ` +
      `(${map.discovered.read.map((r) => path.basename(r.file)).join(', ') || 'no infrastructure files'}) in ${Math.round(performance.now() - t0)} ms`);
    return map;
  }
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(root, 0);
  return out;
}
