// The code lens settings: on/off, and the manual function -> file[:handler] mapping.
import * as vscode from 'vscode';
import { Override, parseOverrides } from '../../core/code/overrides';

const SECTION = 'traceExplorer';

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('codeLens.enabled', true) !== false;
}

export function sourceMapOverrides(): Override[] {
  return parseOverrides(vscode.workspace.getConfiguration(SECTION).get<unknown>('sourceMap'));
}

export function affectsCodeLensEnabled(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.codeLens.enabled`);
}

export function affectsSourceMap(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.sourceMap`);
}
