// Modal confirmations for security decisions (opening a file outside the workspace, sending AWS requests to a host a
// workspace chose). Default is no: closing the dialog or pressing Escape declines.
// Tests cannot click a modal dialog from inside the extension host, so in ExtensionMode.Test only (extension tests run
// with --extensionTestsPath) `setTestAnswer` replaces the dialog; it is exposed nowhere else.
import * as vscode from 'vscode';

export interface Confirmation {
  /** What is asked, for tests and the log: 'open-outside-workspace' | 'aws-endpoint' | 'aws-profile'. */
  kind: string;
  message: string;
  /** Shown as plain text under the message: the exact path or host in question. */
  detail: string;
  /** Label of the button that says yes. */
  confirm: string;
}

export type TestAnswer = (c: Confirmation) => boolean;

let testAnswer: TestAnswer | undefined;

export async function confirmModal(c: Confirmation): Promise<boolean> {
  if (testAnswer) return testAnswer(c);
  const pick = await vscode.window.showWarningMessage(c.message, { modal: true, detail: c.detail }, c.confirm);
  return pick === c.confirm;
}

/** The test seam, or undefined outside extension tests. */
export function testPromptSeam(mode: vscode.ExtensionMode): { answerPrompts(fn: TestAnswer | undefined): void } | undefined {
  if (mode !== vscode.ExtensionMode.Test) return undefined;
  return { answerPrompts: (fn) => { testAnswer = fn; } };
}
