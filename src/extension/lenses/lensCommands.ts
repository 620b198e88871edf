// Commands around the lenses: the lens click, "Show Traces for This Function" (editor and context
// menu), and "Explain Code Lens Mapping" (why a lens is here, or missing).
import * as path from 'path';
import * as vscode from 'vscode';
import type { Explanation } from '../../core/code/explain';
import type { LensExplanation } from '../../engine/lensRequests';
import type { LensHandle, LensModel } from './lensModel';
import { LENS_PICK_COMMAND } from './lensProvider';
import { LensTarget, pickAndOpen } from './tracePick';

export const SHOW_TRACES_COMMAND = 'traceExplorer.showTracesForFunction';
export const EXPLAIN_COMMAND = 'traceExplorer.explainMapping';
export const TIME_RANGE_COMMAND = 'traceExplorer.codeLensTimeRange';

const RANGES: { label: string; ms?: number }[] = [
  { label: 'All the data' },
  { label: 'Last 15 minutes of the data', ms: 15 * 60_000 },
  { label: 'Last hour of the data', ms: 3_600_000 },
  { label: 'Last 6 hours of the data', ms: 6 * 3_600_000 },
  { label: 'Last 24 hours of the data', ms: 86_400_000 },
];

/** Chosen from a list, or given as arguments (startMs, endMs) by other views; no arguments and no choice: unchanged. */
async function chooseTimeRange(model: LensModel, startMs?: unknown, endMs?: unknown): Promise<void> {
  if (typeof startMs === 'number' && typeof endMs === 'number') return model.setTimeRange({ startMs, endMs });
  if (startMs === null) return model.setTimeRange(undefined);
  const index = await requireIndex(model);
  if (!index) return;
  const latest = (await index.facts()).latestInvocationMs ?? NaN;
  const chosen = await vscode.window.showQuickPick(RANGES.map((r) => ({ ...r, picked: false })), { title: 'Code lens numbers over' });
  if (!chosen) return;
  // Relative to the data's latest invocation: logs read from files are rarely from the last minutes.
  model.setTimeRange(chosen.ms === undefined || !Number.isFinite(latest) ? undefined : { startMs: latest + 1 - chosen.ms, endMs: latest + 1 });
}

async function requireIndex(model: LensModel): Promise<LensHandle | undefined> {
  const index = await model.index();
  if (!index) void vscode.window.showWarningMessage('No trace data is loaded: open the Trace Explorer or set traceExplorer.localPaths.');
  return index;
}

/** The function under the cursor (its handler lens above it in this file), else one chosen from a list. */
async function functionHere(index: LensHandle, editor: vscode.TextEditor | undefined): Promise<string | undefined> {
  const here = editor && await index.functionAt(editor.document.uri.fsPath, editor.selection.active.line + 1);
  if (here) return here.functionName;
  const names = (await index.facts()).functions;
  return vscode.window.showQuickPick(names, { title: 'Show traces for which function?', placeHolder: 'No handler of a known function in this file' });
}

export function registerLensCommands(model: LensModel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(LENS_PICK_COMMAND, async (target?: LensTarget) => {
      const index = await requireIndex(model);
      if (index && target) await pickAndOpen(index, target);
    }),
    vscode.commands.registerCommand(SHOW_TRACES_COMMAND, async () => {
      const index = await requireIndex(model);
      if (!index) return;
      const fn = await functionHere(index, vscode.window.activeTextEditor);
      if (fn) await pickAndOpen(index, { kind: 'handler', functionName: fn });
    }),
    vscode.commands.registerCommand(TIME_RANGE_COMMAND, (startMs?: unknown, endMs?: unknown) => chooseTimeRange(model, startMs, endMs)),
    // With a function name (from another view): that function only; else the active editor's file.
    vscode.commands.registerCommand(EXPLAIN_COMMAND, async (functionName?: unknown) => {
      const index = await requireIndex(model);
      if (!index) return;
      const file = vscode.window.activeTextEditor?.document.uri.fsPath;
      const byFunction = typeof functionName === 'string' && functionName ? functionName : undefined;
      const answer = await index.explain(byFunction ? { functionName: byFunction } : { file });
      if (!answer) return;
      const content = byFunction ? explainFunctionReport(answer) : explainReport(answer, file);
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
  ];
}

/** Markdown: the functions whose handler is in the file (or every function when none), and the file's span lines. */
export function explainReport(e: LensExplanation, file: string | undefined): string {
  const lines: string[] = ['# Code lens mapping', ''];
  if (file) lines.push(`File: \`${vscode.workspace.asRelativePath(file)}\` — ${e.lenses} lens${e.lenses === 1 ? '' : 'es'}.`, '');
  if (!e.handlers && file) lines.push('No function handler maps to this file. How each function in the data was mapped:', '');
  for (const s of e.sections) lines.push(...section(s));
  if (e.spanLines.length) {
    lines.push('## Span lines', '');
    for (const l of e.spanLines) {
      lines.push(`### Line ${l.line}: ${l.title}`, '');
      for (const s of l.steps) lines.push(`- ${s}`);
      lines.push('');
    }
  }
  lines.push(`Override a mapping with the setting \`traceExplorer.sourceMap\`: \`{ "<function name>": "path/to/${file ? path.basename(file) : 'handler.js'}:handler" }\`.`);
  return lines.join('\n');
}

function explainFunctionReport(e: LensExplanation): string {
  return ['# Code lens mapping', '', ...e.sections.flatMap(section)].join('\n');
}

function section(e: Explanation): string[] {
  return [`## ${e.subject}${e.target ? ` → \`${vscode.workspace.asRelativePath(e.target)}\`` : ' → not mapped'}`, '', ...e.steps.map((s) => `- ${s}`), ''];
}
