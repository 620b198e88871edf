// Shared helpers for the extension-host tests (real `vscode` API, no mocks).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'trace-explorer.serverless-trace-explorer';

/** The subset of the API `activate()` returns that the tests rely on. */
export interface TraceExplorerApi {
  activationMs: number;
  whenReady(): Promise<unknown>;
  /** A plain copy of the loaded data, made in the engine worker. */
  getDataset(): Promise<DatasetLike | undefined>;
  openTrace(traceId: string, spanId?: string): Promise<unknown> | unknown;
  [k: string]: unknown;
}

export interface SpanLike {
  spanId: string;
  traceId: string;
  name?: string;
  source?: { file?: string; path?: string; line?: number; column?: number } | undefined;
  [k: string]: unknown;
}

export interface DatasetLike {
  traces: Array<{ traceId?: string; id?: string; spans?: SpanLike[]; [k: string]: unknown }>;
  invocations: unknown[];
  spans: SpanLike[];
  files?: Array<{ path?: string; [k: string]: unknown }>;
  summary?(): { traces: number; invocations: number; spans: number; [k: string]: unknown };
}

export function extension(): vscode.Extension<TraceExplorerApi> {
  const ext = vscode.extensions.getExtension<TraceExplorerApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

export async function activate(): Promise<TraceExplorerApi> {
  const api = await extension().activate();
  assert.ok(api, 'activate() returned no API');
  return api;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 15_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await sleep(everyMs);
  }
}

export async function withTimeout<T>(what: string, p: Promise<T> | T, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(p),
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function traceIdOf(t: { traceId?: string; id?: string }): string {
  const id = t.traceId ?? t.id;
  assert.ok(id, 'trace has neither traceId nor id');
  return id;
}

export function explorerTabs(): vscode.Tab[] {
  const out: vscode.Tab[] = [];
  for (const g of vscode.window.tabGroups.all) {
    for (const t of g.tabs) {
      if (t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('traceExplorer.explorer')) out.push(t);
    }
  }
  return out;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function extensionPackageJson(): {
  activationEvents?: string[];
  contributes?: { commands?: Array<{ command: string; title: string }>; configuration?: unknown };
  main?: string;
} {
  return extension().packageJSON as ReturnType<typeof extensionPackageJson>;
}

export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

export function exists(p: string): boolean {
  try {
    fs.accessSync(p);
    return true;
  } catch {
    return false;
  }
}

export function baseName(p: string): string {
  return path.basename(p.replace(/\\/g, '/'));
}
