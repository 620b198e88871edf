// Typed access to the extension's settings.
import * as vscode from 'vscode';

export const SECTION = 'traceExplorer';

export function localPaths(): string[] {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>('localPaths');
  return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()) : [];
}

export function affectsLocalPaths(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.localPaths`);
}
