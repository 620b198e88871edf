// Everything the code lenses add to the extension, behind one call from activate().
import * as vscode from 'vscode';
import type { DataSources } from '../dataSources';
import { ExceptionDecorations } from './exceptionDecorations';
import { ExceptionHover } from './exceptionHover';
import { registerLensCommands } from './lensCommands';
import { LensModel } from './lensModel';
import { TraceLensProvider } from './lensProvider';
import { affectsCodeLensEnabled, affectsSourceMap } from './lensSettings';
import { WorkspaceCode } from './workspaceCode';

export const LENS_LANGUAGES: vscode.DocumentSelector = [
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'javascriptreact' },
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'typescriptreact' },
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'java' },
];

export function registerLenses(context: vscode.ExtensionContext, data: DataSources): LensModel {
  const code = new WorkspaceCode(context.extensionUri, data);
  const model = new LensModel(data, code);
  const settingChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    code,
    model,
    settingChanged,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSourceMap(e)) code.invalidate();
      else if (affectsCodeLensEnabled(e)) settingChanged.fire();
    }),
    vscode.languages.registerCodeLensProvider(LENS_LANGUAGES, new TraceLensProvider(model, settingChanged.event)),
    vscode.languages.registerHoverProvider(LENS_LANGUAGES, new ExceptionHover(model)),
    new ExceptionDecorations(model, settingChanged.event),
    ...registerLensCommands(model),
  );
  return model;
}
