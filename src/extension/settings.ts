// Typed access to the extension's settings.
import * as vscode from 'vscode';
import type { MaskOptions } from '../core/mask';
import { COST_SETTING_KEYS, CostSettings } from '../core/cost/options';

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

/**
 * `traceExplorer.ingest.parseWorkers` as the core's option: 0 (the default) reads in the engine's own thread, which
 * measured faster than the pool on 2 cores (docs/performance.md); -1 = auto (every core but one); n = n workers.
 */
export function parseWorkers(): number | undefined {
  const v = vscode.workspace.getConfiguration(`${SECTION}.ingest`).get<unknown>('parseWorkers');
  if (typeof v !== 'number' || !Number.isInteger(v) || v === 0) return undefined;
  return v < 0 ? 0 : Math.min(v, 64);
}

/** `traceExplorer.masking.*` as the core's options (docs/masking.md). */
export function maskOptions(): MaskOptions {
  const c = vscode.workspace.getConfiguration(`${SECTION}.masking`);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : []);
  return { enabled: c.get<unknown>('enabled') !== false, keys: list(c.get('keys')), values: list(c.get('values')), allowKeys: list(c.get('allowKeys')) };
}

export function affectsMasking(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.masking`);
}

let warnedOff = false;

/** Says so, once until masking is turned back on, when secrets are going to be shown as they are. */
export function warnIfMaskingOff(opts: MaskOptions): void {
  if (opts.enabled !== false) { warnedOff = false; return; }
  if (warnedOff) return;
  warnedOff = true;
  void vscode.window.showWarningMessage(
    'Secret masking is off (traceExplorer.masking.enabled): passwords, tokens and keys in traces and logs are shown as they are.',
    'Turn Masking On',
  ).then(async (pick) => {
    if (!pick) return;
    const c = vscode.workspace.getConfiguration(SECTION);
    const where = c.inspect('masking.enabled');
    if (where?.workspaceValue !== undefined) await c.update('masking.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    if (where?.globalValue !== undefined) await c.update('masking.enabled', undefined, vscode.ConfigurationTarget.Global);
  });
}

/** `traceExplorer.cost.*` as the cost model's options (docs/cost.md), with what the infrastructure files declare. */
/** `traceExplorer.cost.*` as set (plain JSON, checked by the core's `costOptionsFromSettings` where it is used). */
export function costSettings(): CostSettings {
  const c = vscode.workspace.getConfiguration(`${SECTION}.cost`);
  const s: CostSettings = {};
  for (const k of COST_SETTING_KEYS) s[k] = c.get<unknown>(k);
  return s;
}

export function affectsCost(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.cost`);
}
