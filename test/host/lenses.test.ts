// Code lenses in the real extension host: the sample handler files show their function's numbers
// (equal to the stats index and to `trace-explorer stats --json`), span lines show their calls, the
// setting turns them off, the explain command says how they were mapped, and a bundled span location
// opens on its TypeScript line.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { main } from '../../src/cli/main';
import { formatDuration } from '../../src/common/format';
import type { Dataset } from '../../src/core/dataset';
import { loadSources, LocalFilesSource } from '../../src/core/load';
import { StatsIndex } from '../../src/core/stats/statsIndex';
import { SourceOpener } from '../../src/extension/openSource';
import { activate, closeAllEditors, extension, waitFor, withTimeout, workspaceRoot } from './helpers';

const HANDLERS = [
  { fn: 'shop-orders-api', rel: 'src/orders/handler.js', handlerText: 'exports.handler = async' },
  { fn: 'shop-notifications', rel: 'src/notifications/handler.py', handlerText: 'def handler(event, context):' },
  { fn: 'shop-billing', rel: 'src/billing/handler.ts', handlerText: 'export const handler = async' },
];

async function cliP95(fn: string): Promise<number> {
  let out = '';
  const code = await main(['stats', '--json', path.join(extension().extensionPath, 'samples', 'data')], { out: (t) => { out += t + '\n'; }, err: () => undefined });
  assert.strictEqual(code, 0);
  const g = (JSON.parse(out) as { groups: { key: string; p95Ms: number }[] }).groups.find((x) => x.key === fn);
  assert.ok(g, `stats --json has no group ${fn}`);
  return g.p95Ms;
}

async function lensesOf(uri: vscode.Uri, want: (titles: string[]) => boolean): Promise<vscode.CodeLens[]> {
  let last: string[] = [];
  return waitFor(`code lenses of ${path.basename(uri.fsPath)} (last: ${JSON.stringify(last)})`, async () => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    const ours = lenses.filter((l) => l.command?.command === 'traceExplorer.lensPick');
    last = ours.map((l) => l.command!.title);
    return want(last) ? ours : undefined;
  }, 60_000, 250);
}

function lineOf(file: string, needle: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
}

describe('code lenses on the sample app', function () {
  this.timeout(120_000);
  let ds: Dataset;

  before(async () => {
    const api = await activate();
    await withTimeout('whenReady()', api.whenReady(), 60_000);
    // The engine worker holds the extension's data: the expectations come from an independent in-process load of the
    // same sample (the oracle), checked against the worker's counts.
    ds = await loadSources([new LocalFilesSource([path.join(extension().extensionPath, 'samples', 'data')])]);
    assert.ok(ds.invocations.length > 0, 'no sample data loaded');
    const state = (api.getState as () => { invocations: number; traces: number })();
    assert.deepStrictEqual([state.invocations, state.traces], [ds.invocations.length, ds.traces.length], 'the engine loaded other data than the oracle');
    assert.ok(workspaceRoot(), 'no workspace folder open');
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  for (const h of HANDLERS) {
    it(`${h.rel}: the handler lens shows ${h.fn}'s p95 from the stats index and \`trace-explorer stats --json\``, async () => {
      const file = path.join(workspaceRoot()!, h.rel);
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const lenses = await lensesOf(doc.uri, (t) => t.some((x) => x.includes(h.fn)));
      const lens = lenses.find((l) => l.command!.title.includes(h.fn))!;
      assert.strictEqual(lens.range.start.line, lineOf(file, h.handlerText), `lens on line ${lens.range.start.line + 1}: ${lens.command!.title}`);
      const m = /p95 (\S+)/.exec(lens.command!.title);
      assert.ok(m, lens.command!.title);
      const stats = StatsIndex.of(ds).statsFor(h.fn);
      assert.ok(stats, `no stats for ${h.fn}`);
      assert.strictEqual(m[1], formatDuration(stats.p95Ms), `lens "${lens.command!.title}" vs stats index p95 ${stats.p95Ms}`);
      const cli = await cliP95(h.fn);
      assert.ok(Math.abs(cli - stats.p95Ms) < 0.001, `CLI p95 ${cli} vs stats index ${stats.p95Ms}`);
      assert.strictEqual(m[1], formatDuration(cli));
      assert.ok(lens.command!.title.includes(`${stats.count.toLocaleString('en-US')} invocations`), lens.command!.title);
    });
  }

  it('span lines show their operation, calls and p95 (DynamoDB PutItem in orders)', async () => {
    const file = path.join(workspaceRoot()!, 'src/orders/handler.js');
    const doc = await vscode.workspace.openTextDocument(file);
    const lenses = await lensesOf(doc.uri, (t) => t.some((x) => x.includes('DynamoDB PutItem')));
    const put = lenses.find((l) => l.command!.title.includes('DynamoDB PutItem'))!;
    assert.strictEqual(put.range.start.line, lineOf(file, 'await ddb.send(new PutItemCommand'));
    assert.match(put.command!.title, /DynamoDB PutItem · [\d,]+ calls · p95 \S+ · [\d,]+ errors?/);
  });

  it('traceExplorer.codeLens.enabled = false removes the lenses, true brings them back', async () => {
    const cfg = vscode.workspace.getConfiguration('traceExplorer');
    const uri = vscode.Uri.file(path.join(workspaceRoot()!, 'src/orders/handler.js'));
    try {
      await cfg.update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
      await waitFor('no lenses', async () => {
        const l = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
        return l.every((x) => x.command?.command !== 'traceExplorer.lensPick');
      }, 15_000);
    } finally {
      await cfg.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await lensesOf(uri, (t) => t.some((x) => x.includes('shop-orders-api')));
  });

  it('a time range (traceExplorer.codeLensTimeRange) refreshes the lenses with that range\'s numbers', async () => {
    const uri = vscode.Uri.file(path.join(workspaceRoot()!, 'src/orders/handler.js'));
    const start = Date.UTC(2026, 10, 20, 9, 30), end = Date.UTC(2026, 10, 20, 9, 45);
    const want = ds.invocations.filter((i) => i.functionName === 'shop-orders-api' && i.durationMs !== undefined && i.startMs >= start && i.startMs < end).length;
    assert.ok(want > 0);
    try {
      await vscode.commands.executeCommand('traceExplorer.codeLensTimeRange', start, end);
      const lenses = await lensesOf(uri, (t) => t.some((x) => x.includes('shop-orders-api (time range)')));
      const title = lenses.find((l) => l.command!.title.includes('shop-orders-api'))!.command!.title;
      assert.ok(title.includes(`: ${want.toLocaleString('en-US')} invocations`), `${title} (want ${want})`);
    } finally {
      await vscode.commands.executeCommand('traceExplorer.codeLensTimeRange', null);
    }
    await lensesOf(uri, (t) => t.some((x) => x.startsWith('λ shop-orders-api:')));
  });

  it('hovering a line that raised exceptions shows how many and the latest message', async () => {
    const file = path.join(workspaceRoot()!, 'src/orders/handler.js');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const line = lineOf(file, 'await ddb.send(new PutItemCommand');
    const hovers = await waitFor('an exception hover', async () => {
      const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 12))) ?? [];
      const text = h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /exceptions?\*\* raised here/.test(text) ? text : '';
    }, 30_000, 250);
    assert.match(hovers, /ProvisionedThroughputExceededException/);
  });

  it('Explain Code Lens Mapping says which template resource and handler each lens comes from', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot()!, 'src/billing/handler.ts'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('traceExplorer.explainMapping');
    const report = await waitFor('the explanation document', () => vscode.workspace.textDocuments.find((d) => d.getText().startsWith('# Code lens mapping')));
    const text = report.getText();
    assert.match(text, /template\.yaml BillingFunction/);
    assert.match(text, /Source map handler\.js\.map: handler\.js:33 comes from handler\.ts:45/);
  });

  it('opening a billing span\'s bundled location lands on the TypeScript line (source map)', async () => {
    const opener = new SourceOpener(extension().extensionUri);
    const r = await opener.open('/var/task/src/billing/dist/handler.js', 25);
    assert.ok(r.ok, r.message);
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(path.basename(editor.document.uri.fsPath), 'handler.ts');
    assert.ok(editor.document.lineAt(editor.selection.active.line).text.includes('await ddb.send(new UpdateItemCommand'), editor.document.lineAt(editor.selection.active.line).text);
  });
});
