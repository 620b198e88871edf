// Restricted Mode (an untrusted workspace): the extension still shows the bundled sample and local files inside the
// workspace, but calls no AWS API and reads no file outside the workspace folders. Commands that would are refused
// with a message that says why and how to trust the workspace.
import * as vscode from 'vscode';
import { log } from '../log';
import { checkInside } from './workspacePath';

/** True in a trusted workspace; otherwise tells the user `what` is off and returns false. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const message = `Serverless Traces: ${what} is off in Restricted Mode. Trust this workspace to use it; the sample data and local files inside the workspace still work.`;
  log().warn(message);
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((b) => {
    if (b) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

/** A `traceExplorer.localPaths` entry naming a file by absolute path: outside the workspace only when trusted. */
export async function mayReadLocalPath(p: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const check = await checkInside(p, roots);
  if (!check.inside) log().warn(`Restricted Mode: traceExplorer.localPaths entry ${p} is outside the workspace folders and is not read.`);
  return check.inside;
}
