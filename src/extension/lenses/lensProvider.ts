// Code lenses on handler lines (invocations, percentiles, errors, timeouts, cold starts) and on the
// lines spans point at (operation, calls, p95, errors). provideCodeLenses only places them (a map
// lookup); resolveCodeLens writes their text when they scroll into view.
import * as vscode from 'vscode';
import type { LensSpec } from '../../core/code/lensIndex';
import { codeLensEnabled } from './lensSettings';
import type { LensModel } from './lensModel';
import type { LensTarget } from './tracePick';

export const LENS_PICK_COMMAND = 'traceExplorer.lensPick';

class TraceLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly spec: LensSpec) {
    super(range);
  }
}

export class TraceLensProvider implements vscode.CodeLensProvider<TraceLens> {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly model: LensModel, onSettingChange: vscode.Event<void>) {
    const emitter = new vscode.EventEmitter<void>();
    model.onDidChange(() => emitter.fire());
    onSettingChange(() => emitter.fire());
    this.onDidChangeCodeLenses = emitter.event;
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<TraceLens[]> {
    if (!codeLensEnabled() || doc.uri.scheme !== 'file') return [];
    const index = await this.model.index();
    if (!index || token.isCancellationRequested) return [];
    const out: TraceLens[] = [];
    const specs = await index.lensesFor(doc.uri.fsPath);
    if (token.isCancellationRequested) return [];
    for (const spec of specs) {
      if (spec.line > doc.lineCount) continue; // the file changed since it was mapped
      const line = doc.lineAt(spec.line - 1);
      const at = line.firstNonWhitespaceCharacterIndex;
      out.push(new TraceLens(new vscode.Range(spec.line - 1, at, spec.line - 1, at), spec));
    }
    return out;
  }

  resolveCodeLens(lens: TraceLens): TraceLens {
    const s = lens.spec;
    const target: LensTarget = s.kind === 'handler'
      ? { kind: 'handler', functionName: s.functionName }
      : { kind: 'line', file: s.file, line: s.line, operation: s.operation };
    lens.command = {
      title: s.kind === 'handler' ? `λ ${s.functionName}${this.model.timeRange ? ' (time range)' : ''}: ${s.title}` : `↗ ${s.title}`,
      tooltip: s.tooltip,
      command: LENS_PICK_COMMAND,
      arguments: [target],
    };
    return lens;
  }
}
