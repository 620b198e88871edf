// Source links stay in the workspace: a path taken from trace data (an attribute, a stack frame, a source map) opens
// without asking only when it resolves (symlinks, `..`) inside an open workspace folder or the bundled sample app.
// Anything else is shown to the user, path as text, and opens only if they say so.
import * as vscode from 'vscode';
import { log } from '../log';
import { confirmModal } from './prompt';
import { checkInside } from './workspacePath';

function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** `file` is the local file about to open; `recorded` the path as the data named it (shown when they differ). */
export async function mayOpenSource(file: string, recorded: string, extensionUri: vscode.Uri): Promise<boolean> {
  const sampleApp = vscode.Uri.joinPath(extensionUri, 'samples', 'app').fsPath;
  const check = await checkInside(file, [...workspaceRoots(), sampleApp]);
  if (check.inside) return true;
  const named = recorded !== file && recorded !== check.real ? `\n\nThe trace data named it as:\n${recorded}` : '';
  const yes = await confirmModal({
    kind: 'open-outside-workspace',
    message: 'Open a file outside the workspace?',
    detail: `A source link in the trace data points outside the open workspace folders:\n\n${check.real}${named}\n\nOpen it only if you expected this file.`,
    confirm: 'Open File',
  });
  log().warn(`Source link outside the workspace: ${check.real} (named ${recorded}): ${yes ? 'opened, the user agreed' : 'not opened'}`);
  return yes;
}
