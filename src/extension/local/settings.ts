// `traceExplorer.local.*` (the receiver) and `traceExplorer.live.memoryBudgetMb` (what a live source keeps).
import * as vscode from 'vscode';
import { SECTION } from '../settings';

export interface LocalSettings {
  otlpAddress: string;
  xrayAddress: string;
  startWithWorkspace: boolean;
  maxRequestBytes: number;
}

export const DEFAULT_OTLP_ADDRESS = '127.0.0.1:4318';
export const DEFAULT_XRAY_ADDRESS = '127.0.0.1:2000';

export function localSettings(): LocalSettings {
  const c = vscode.workspace.getConfiguration(`${SECTION}.local`);
  const str = (k: string, d: string) => { const v = c.get<unknown>(k); return typeof v === 'string' && v.trim() ? v.trim() : d; };
  const n = c.get<unknown>('maxRequestBytes');
  return {
    otlpAddress: str('otlpAddress', DEFAULT_OTLP_ADDRESS),
    xrayAddress: str('xrayAddress', DEFAULT_XRAY_ADDRESS),
    startWithWorkspace: c.get<unknown>('startWithWorkspace') === true,
    maxRequestBytes: typeof n === 'number' && Number.isFinite(n) && n >= 1024 ? n : 4 * 1024 * 1024,
  };
}

/** The memory budget of live sources in bytes (default 512 MB, at least 16). */
export function liveMemoryBudgetBytes(): number {
  const v = vscode.workspace.getConfiguration(`${SECTION}.live`).get<unknown>('memoryBudgetMb');
  const mb = typeof v === 'number' && Number.isFinite(v) && v >= 16 ? v : 512;
  return mb * 1024 * 1024;
}

export function affectsLocal(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.local`) || e.affectsConfiguration(`${SECTION}.live`);
}
