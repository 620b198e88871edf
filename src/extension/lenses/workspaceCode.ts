// The workspace's code as the lens model sees it: the candidate files (workspace first, then the
// bundled sample app the sample data comes from), listed here; the engine worker reads the infrastructure files and
// source maps among them (src/engine/lensRequests.ts). Listed again, debounced, when files appear, change or go.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CodeInputs } from '../../engine/protocol';
import type { CodeInfo } from '../../engine/lensRequests';
import type { DataSources } from '../dataSources';
import { log } from '../log';
import { sourceMapOverrides } from './lensSettings';

const SOURCES = '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx,py,java}';
const INFRA = '**/{*.yaml,*.yml,*template*.json,*stack*.json,cdk.json}';
const EXCLUDE = '**/{node_modules,.git,cdk.out,.aws-sam,.serverless,.venv,venv,__pycache__}/**';
const MAX_FILES = 20_000;
const DEBOUNCE_MS = 800;

export class WorkspaceCode implements vscode.Disposable {
  private current?: Promise<CodeInputs>;
  private info?: { key: string; declared: Promise<number> };
  private builds = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private timer?: NodeJS.Timeout;

  constructor(private readonly extensionUri: vscode.Uri, private readonly data: DataSources) {
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

  /** The current code inputs, listed on first use after each change. */
  get(): Promise<CodeInputs> {
    if (!this.current) this.current = this.build();
    return this.current;
  }

  /** How many functions the infrastructure files declare (read in the engine worker). */
  async declared(): Promise<number> {
    const code = await this.get();
    if (this.info?.key !== code.key) {
      const t0 = performance.now();
      const declared = this.data.engine().ask<CodeInfo>({ kind: 'codeInfo', code }).then((info) => {
        log().info(`Code lenses: ${code.files[0].length} workspace files, ${info.declared} declared functions ` +
          `(${info.read.map((f) => path.basename(f)).join(', ') || 'no infrastructure files'}) in ${Math.round(performance.now() - t0)} ms`);
        return info.declared;
      });
      this.info = { key: code.key, declared };
      declared.catch(() => { if (this.info?.key === code.key) this.info = undefined; });
    }
    return this.info.declared;
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

  private async build(): Promise<CodeInputs> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = folders.length
      ? [...(await vscode.workspace.findFiles(SOURCES, EXCLUDE, MAX_FILES)), ...(await vscode.workspace.findFiles(INFRA, EXCLUDE, MAX_FILES))]
      : [];
    const workspace = [...new Set(found.filter((u) => u.scheme === 'file').map((u) => u.fsPath))].sort();
    // The bundled sample app: where the sample data's /var/task paths lead when the workspace has no such files.
    const sample = listFiles(vscode.Uri.joinPath(this.extensionUri, 'samples', 'app').fsPath);
    return { key: `code-${++this.builds}`, files: [workspace, sample], roots: folders.map((f) => f.uri.fsPath), overrides: sourceMapOverrides() };
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
