// Lines that raised exceptions in the traces get a short note at the line end and a mark in the
// overview ruler; the hover (exceptionHover.ts) has the details.
import * as vscode from 'vscode';
import { codeLensEnabled } from './lensSettings';
import type { LensModel } from './lensModel';

export class ExceptionDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.errorForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
  });
  private readonly disposables: vscode.Disposable[] = [this.type];

  constructor(private readonly model: LensModel, onSettingChange: vscode.Event<void>) {
    const all = () => { for (const e of vscode.window.visibleTextEditors) void this.decorate(e); };
    this.disposables.push(
      model.onDidBuild(all),
      model.onDidChange(all),
      onSettingChange(all),
      vscode.window.onDidChangeVisibleTextEditors((editors) => { for (const e of editors) void this.decorate(e); }),
    );
  }

  private async decorate(editor: vscode.TextEditor): Promise<void> {
    if (editor.document.uri.scheme !== 'file') return;
    if (!codeLensEnabled()) { editor.setDecorations(this.type, []); return; }
    // Only files that already have lenses: never load data just because an editor became visible.
    const index = await this.model.peek();
    const lines = (await index?.exceptionsFor(editor.document.uri.fsPath).catch(() => undefined)) ?? [];
    editor.setDecorations(this.type, lines.filter((e) => e.line <= editor.document.lineCount).map((e) => {
      const line = editor.document.lineAt(e.line - 1);
      const first = e.latestMessage.split(':')[0];
      return {
        range: new vscode.Range(line.range.end, line.range.end),
        renderOptions: { after: { contentText: `⚠ ${e.count}× ${first}` } },
      };
    }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
