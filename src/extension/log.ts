// One output channel for the extension ("Serverless Trace Explorer" in the Output view).
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  if (!channel) channel = vscode.window.createOutputChannel('Serverless Trace Explorer', { log: true });
  return channel;
}
