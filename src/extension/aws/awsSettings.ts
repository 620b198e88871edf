// The `traceExplorer.aws.*` settings, typed.
import * as vscode from 'vscode';

const SECTION = 'traceExplorer.aws';

export interface AwsSettings {
  profile?: string;
  region?: string;
  endpoint?: string;
  logGroups: string[];
  spans: boolean;
  xray: boolean;
}

export function awsSettings(): AwsSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const s = (k: string) => { const v = c.get<unknown>(k); return typeof v === 'string' && v.trim() ? v.trim() : undefined; };
  const groups = c.get<unknown>('logGroups');
  return {
    profile: s('profile'),
    region: s('region'),
    endpoint: s('endpoint'),
    logGroups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    spans: c.get<boolean>('spans') ?? true,
    xray: c.get<boolean>('xray') ?? false,
  };
}

/** Workspace settings when a folder is open (the choice belongs to the project), user settings otherwise. */
export async function updateAwsSetting(key: keyof AwsSettings, value: unknown): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update(key, value, target);
}

export function affectsAws(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
