// `traceExplorer.local.*` (the receiver) and `traceExplorer.live.memoryBudgetMb` (every live source).
import * as vscode from 'vscode';
import { SECTION } from '../settings';

export interface LocalSettings {
  otlpAddress: string;
  xrayAddress: string;
  startWithWorkspace: boolean;
  maxRequestBytes: number;
}

export function localSettings(): LocalSettings {
  const c = vscode.workspace.getConfiguration(`${SECTION}.local`);
  const str = (k: string, d: string) => { const v = c.get<unknown>(k); return typeof v === 'string' && v.trim() ? v.trim() : d; };
  const n = c.get<unknown>('maxRequestBytes');
  return {
    otlpAddress: str('otlpAddress', '127.0.0.1:4318'),
    xrayAddress: str('xrayAddress', '127.0.0.1:2000'),
    startWithWorkspace: c.get<unknown>('startWithWorkspace') === true,
    maxRequestBytes: typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 4 * 1024 * 1024,
  };
}

/** The memory budget of live sources (receiver, Live Tail) in bytes. */
export function liveMemoryBudgetBytes(): number {
  const v = vscode.workspace.getConfiguration(`${SECTION}.live`).get<unknown>('memoryBudgetMb');
  const mb = typeof v === 'number' && Number.isFinite(v) && v >= 16 ? v : 512;
  return mb * 1024 * 1024;
}
