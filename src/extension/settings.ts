// Typed access to the extension's settings.
import * as vscode from 'vscode';

export const SECTION = 'traceExplorer';

export function localPaths(): string[] {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>('localPaths');
  return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()) : [];
}

export function affectsLocalPaths(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.localPaths`) || e.affectsConfiguration(`${SECTION}.input`);
}

/** `traceExplorer.input.*`: the core's limits on local files (undefined: the core's defaults). */
export function inputLimits(): { maxLineBytes?: number; maxDecompressedBytes?: number } {
  const c = vscode.workspace.getConfiguration(`${SECTION}.input`);
  const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  return { maxLineBytes: positive(c.get('maxLineBytes')), maxDecompressedBytes: positive(c.get('maxDecompressedBytes')) };
}
