// Click on a lens -> a Quick Pick of the slowest and the latest failing traces through that handler
// or line -> the Trace Explorer opens on the chosen trace with the span selected.
import * as vscode from 'vscode';
import { isKnownTime, UNKNOWN_TIME } from '../../common/format';
import type { TracePick } from '../../core/code/lensIndex';
import type { LensTarget } from '../../engine/protocol';
import type { LensHandle } from './lensModel';
import { CommandId } from '../commandIds';

/** What a lens stands for; the command arguments of a resolved lens. */
export type { LensTarget };

interface PickItem extends vscode.QuickPickItem {
  pick?: TracePick;
}

function items(title: string, picks: TracePick[], icon: string): PickItem[] {
  if (!picks.length) return [];
  return [
    { label: title, kind: vscode.QuickPickItemKind.Separator },
    ...picks.map((p) => ({
      label: `$(${icon}) ${p.label}`,
      description: isKnownTime(p.startMs) ? new Date(p.startMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : UNKNOWN_TIME,
      detail: `trace ${p.traceId}${p.spanId ? ` · span ${p.spanId}` : ''}`,
      pick: p,
    })),
  ];
}

export async function pickTrace(index: LensHandle, target: LensTarget): Promise<TracePick | undefined> {
  const t = await index.tracesFor(target);
  const what = target.kind === 'handler' ? target.functionName : `${target.operation ?? 'calls'} at ${vscode.workspace.asRelativePath(target.file)}:${target.line}`;
  const list = [...items('Slowest', t.slowest, 'clock'), ...items('Failing (latest first)', t.failing, 'error')];
  if (!list.length) {
    void vscode.window.showInformationMessage(`No traces of ${what} to open.`);
    return undefined;
  }
  const chosen = await vscode.window.showQuickPick(list, {
    title: `Traces of ${what}`,
    placeHolder: 'Open a trace in the Trace Explorer',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return chosen?.pick;
}

export async function pickAndOpen(index: LensHandle, target: LensTarget): Promise<void> {
  const p = await pickTrace(index, target);
  if (p) await vscode.commands.executeCommand(CommandId.openTrace, p.traceId, p.spanId);
}
