// Hover on a line that raised exceptions in production: how many, and the latest message.
import * as vscode from 'vscode';
import { codeLensEnabled } from './lensSettings';
import type { LensModel } from './lensModel';

export class ExceptionHover implements vscode.HoverProvider {
  constructor(private readonly model: LensModel) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!codeLensEnabled() || doc.uri.scheme !== 'file') return undefined;
    const index = await this.model.index();
    const e = (await index?.exceptionsFor(doc.uri.fsPath))?.find((x) => x.line === pos.line + 1);
    if (!e) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${e.count} exception${e.count === 1 ? '' : 's'}** raised here in the traces\n\n`);
    md.appendMarkdown(`Latest (${new Date(e.latestMs).toISOString()}):\n\n`);
    md.appendCodeblock(e.latestMessage, 'text');
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
  }
}
