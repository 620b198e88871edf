// Jumping from a span to its code: every sample span with a source location opens the right
// workspace file at the right line (deployed /var/task/... paths resolved by path suffix).
import * as assert from 'assert';
import * as path from 'path';
import { appRelative, expectedLocation } from '../support/sourceLocation';
import * as vscode from 'vscode';
import { SourceOpener } from '../../src/extension/openSource';
import { panelColumn } from '../../src/extension/editorGroups';
import { activate, closeAllEditors, extension, SpanLike, withTimeout, workspaceRoot } from './helpers';

interface OpenResultLike {
  ok: boolean;
  message: string;
  file?: string;
  line?: number;
}

describe('open a span\'s source', () => {
  let opener: { open(file: string, line?: number, column?: number): Promise<OpenResultLike> };
  let spans: SpanLike[];

  before(async function () {
    const api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    // Prefer an API method when the extension exposes one; else the extension's own SourceOpener
    // (the code the panel calls), running against the real workbench.
    const apiOpen = (api as Record<string, unknown>).openSource;
    opener =
      typeof apiOpen === 'function'
        ? { open: (f, l, c) => (apiOpen as (f: string, l?: number, c?: number) => Promise<OpenResultLike>).call(api, f, l, c) }
        : new SourceOpener(extension().extensionUri);
    spans = (await api.getDataset())!.spans.filter((s) => s.source?.file && (s.source.line ?? 0) > 0);
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  it('the sample has spans with source locations in the sample app', () => {
    assert.ok(spans.length > 0, 'no span of the sample has a source location');
    assert.ok(workspaceRoot(), 'no workspace folder open');
  });

  it('opens each span\'s code in one group beside the Trace Explorer, wherever the focus was, and the next panel goes to the explorer\'s group', async function () {
    this.timeout(60_000);
    await closeAllEditors();
    await vscode.commands.executeCommand('traceExplorer.open');
    const isExplorer = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('traceExplorer.explorer');
    const deadline = Date.now() + 20_000;
    while (!vscode.window.tabGroups.all.some((g) => g.tabs.some(isExplorer)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const explorerGroup = vscode.window.tabGroups.all.find((g) => g.tabs.some(isExplorer));
    assert.ok(explorerGroup, 'the Trace Explorer did not open');
    const files = [...new Set(spans.map((s) => s.source?.file ?? '').filter((f) => f.replace(/\\/g, '/').startsWith('/var/task/')))].slice(0, 3);
    assert.ok(files.length >= 2, `need two source files, the sample has ${files.length}`);
    const columns: (vscode.ViewColumn | undefined)[] = [];
    for (const [i, file] of files.entries()) {
      // Every other time the focus is on the code opened before, as after a click that moved it there.
      if (i % 2 === 0) await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
      const r = await withTimeout(`open ${file}`, opener.open(file, 1), 15_000);
      assert.ok(r.ok, r.message);
      columns.push(vscode.window.activeTextEditor?.viewColumn);
    }
    assert.deepStrictEqual(columns, files.map(() => explorerGroup.viewColumn + 1), 'code opened in different groups');
    assert.strictEqual(vscode.window.tabGroups.all.length, 2, 'a group was added beyond the explorer\'s and the code\'s');
    assert.strictEqual(vscode.window.tabGroups.activeTabGroup.viewColumn, explorerGroup.viewColumn + 1, 'focus is on the code');
    assert.strictEqual(panelColumn(), explorerGroup.viewColumn, 'a panel opened now would land in the narrow code group');
  });

  it('opens every distinct sample handler location (/var/task) at its line in the workspace file (source-mapped to the .ts where a map exists)', async function () {
    this.timeout(120_000);
    const seen = new Map<string, SpanLike>();
    for (const s of spans) seen.set(`${s.source!.file}:${s.source!.line}`, s);
    const failures: string[] = [];
    const root = workspaceRoot()!;
    let checked = 0;
    for (const s of seen.values()) {
      const src = s.source as { file: string; line: number; column?: number };
      // The sample handlers' code is deployed under /var/task; frames in the Lambda runtime or the
      // AWS SDK (/var/runtime/...) are not in the workspace and are covered by the "no match" test.
      if (!src.file.replace(/\\/g, '/').startsWith('/var/task/')) continue;
      checked++;
      const r = await withTimeout(`open ${src.file}:${src.line}`, opener.open(src.file, src.line, src.column), 15_000);
      const editor = vscode.window.activeTextEditor;
      const want = expectedLocation(root, src.file, src.line, src.column);
      const what = `${s.name} (${src.file}:${src.line} -> ${want.rel}:${want.line})`;
      if (!r.ok) {
        failures.push(`${what}: ${r.message}`);
        continue;
      }
      if (!editor) {
        failures.push(`${what}: no active editor`);
        continue;
      }
      const opened = editor.document.uri.fsPath.replace(/\\/g, '/');
      if (!opened.endsWith('/' + want.rel)) failures.push(`${what}: opened ${opened}`);
      else if (!opened.startsWith(root.replace(/\\/g, '/') + '/')) failures.push(`${what}: opened ${opened} outside the workspace ${root}`);
      const line = editor.selection.active.line + 1;
      if (line !== want.line) failures.push(`${what}: cursor on line ${line}`);
      if (want.line > editor.document.lineCount) failures.push(`${what}: beyond the end of the file`);
      else if (editor.document.lineAt(want.line - 1).isEmptyOrWhitespace) failures.push(`${what}: a blank line`);
      if (!editor.visibleRanges.some((v) => v.contains(new vscode.Position(want.line - 1, 0)))) failures.push(`${what}: not scrolled into view`);
    }
    assert.ok(checked > 0, 'no sample span has a /var/task source location');
    assert.ok(failures.length === 0, `${failures.length} problems over ${checked} source locations:\n${failures.join('\n')}`);
  });

  it('a path that matches no workspace file gives a message naming that path', async () => {
    const missing = '/var/task/src/does-not-exist/handler_missing.js';
    const r = await opener.open(missing, 3);
    assert.strictEqual(r.ok, false);
    assert.ok(r.message.includes('handler_missing.js') || r.message.includes(missing), `message does not name the path: ${r.message}`);
  });

  it('a relative recorded path is resolved by suffix too', async () => {
    const s = spans[0];
    const rel = appRelative(s.source!.file!);
    const r = await opener.open(rel, s.source!.line);
    assert.ok(r.ok, r.message);
    assert.ok(vscode.window.activeTextEditor?.document.uri.fsPath.endsWith(path.normalize(rel)), `opened ${vscode.window.activeTextEditor?.document.uri.fsPath}`);
  });
});
