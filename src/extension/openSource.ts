// Opening a span's source location: deployed paths (/var/task/...) are resolved to local files by
// the longest matching path suffix over the workspace folders and the bundled sample app.
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { baseName, resolveSourcePath } from '../core/sourcePaths';
import { log } from './log';
import { mayOpenSource } from './security/sourceGuard';

export interface OpenResult {
  ok: boolean;
  message: string;
  file?: string;
  line?: number;
}

const MAX_CANDIDATES = 500;

export class SourceOpener {
  private sampleFiles?: Promise<string[]>;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Resolves a recorded path to a local file, or explains which path was looked for. */
  async resolve(recorded: string): Promise<{ ok: true; file: string } | { ok: false; reason: string }> {
    if (path.isAbsolute(recorded) && (await isFile(recorded))) return { ok: true, file: recorded };
    const name = baseName(recorded);
    if (!name) return { ok: false, reason: `The source path "${recorded}" has no file name.` };
    const inWorkspace = resolveSourcePath(recorded, await this.workspaceFiles(name));
    const inSample = resolveSourcePath(recorded, (await this.sampleAppFiles()).filter((f) => path.basename(f) === name));
    // The longest suffix wins; on a tie the user's own workspace file beats the bundled sample app's copy.
    if (inWorkspace.ok && (!inSample.ok || inWorkspace.matchedSegments >= inSample.matchedSegments)) return { ok: true, file: inWorkspace.file };
    if (inSample.ok) return { ok: true, file: inSample.file };
    return { ok: false, reason: inSample.reason };
  }

  async open(recorded: string, line?: number, column?: number): Promise<OpenResult> {
    try {
      const r = await this.resolve(recorded);
      if (!r.ok) {
        void vscode.window.showWarningMessage(r.reason);
        return { ok: false, message: r.reason };
      }
      // A compiled file with a source map opens at the original (TypeScript) line. The source-map code
      // (@jridgewell/trace-mapping) loads with the first source opened, not at activation.
      const { originalPosition } = await import('./lenses/originalPosition');
      ({ file: r.file, line, column } = originalPosition(r.file, line, column));
      // Checked after the source map step: a map may point anywhere.
      if (!(await mayOpenSource(r.file, recorded, this.extensionUri))) {
        return { ok: false, message: `Not opened: ${r.file} is outside the workspace.` };
      }
      const pos = new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1));
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(r.file));
      // Beside the panel, so the timeline stays visible; focus goes to the code the user asked for.
      const editor = await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.Beside,
        preserveFocus: false,
        preview: true,
        selection: new vscode.Range(pos, pos),
      });
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      const message = `Opened ${vscode.workspace.asRelativePath(r.file)}:${pos.line + 1}`;
      log().info(`${message} for ${recorded}`);
      return { ok: true, message, file: r.file, line: pos.line + 1 };
    } catch (e) {
      const message = `Could not open ${recorded}: ${e instanceof Error ? e.message : String(e)}`;
      void vscode.window.showWarningMessage(message);
      return { ok: false, message };
    }
  }

  private async workspaceFiles(name: string): Promise<string[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const glob = `**/${name.replace(/[*?[\]{}]/g, '?')}`;
    const uris = await vscode.workspace.findFiles(glob, '**/node_modules/**', MAX_CANDIDATES);
    return uris.map((u) => u.fsPath);
  }

  /** Files of the bundled sample app (listed once). */
  private sampleAppFiles(): Promise<string[]> {
    if (!this.sampleFiles) this.sampleFiles = listFiles(vscode.Uri.joinPath(this.extensionUri, 'samples', 'app').fsPath);
    return this.sampleFiles;
  }
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isFile(), () => false);
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 12 || out.length > 5000) return;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(root, 0);
  return out;
}
