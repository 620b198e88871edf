// End-to-end: live traces from a local run, in real VS Code (code-server + headless Chromium). The Trace Explorer is
// open on the sample; "Start Local Receiver" from the command palette; the sample app's local script
// (samples/app/local/run-local.js, the real OpenTelemetry SDK exporting OTLP protobuf) runs in the workspace; its traces
// appear in the open panel without anything else re-read; the status bar counts the spans; a click on a span opens
// the handler line it names. The receiver runs in the engine worker (docs/receive.md).
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/codeServer';
import { activeTabLabel, poll, runCommand, saveScreenshot, selectionStatus, testId, webview } from '../support/workbench';
import { useWorkbench } from '../support/session';
import { revealSpanRow } from '../support/timeline';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function runScript(cwd: string, port: number, invocations: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(cwd, 'local', 'run-local.js'), String(invocations)], {
      cwd, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`run-local.js exited ${code}: ${out}`))));
  });
}

describe('Local receiver e2e: a local run shows up in the open Trace Explorer', function () {
  let page: Page;
  let view: FrameLocator;
  let otlpPort = 0;

  const session = useWorkbench({
    name: 'e2e-local',
    server: async () => {
      otlpPort = await freePort();
      const xrayPort = await freePort();
      return {
        theme: 'Default Dark Modern',
        files: { '.vscode/settings.json': JSON.stringify({ 'traceExplorer.local.otlpAddress': `127.0.0.1:${otlpPort}`, 'traceExplorer.local.xrayAddress': `127.0.0.1:${xrayPort}` }, null, 2) },
      };
    },
    skipAfterFailure: { theme: 'local' },
    opened: (s) => { page = s.page; view = webview(page); },
  });

  const statusItem = () => page.locator('.statusbar-item', { hasText: 'Local:' }).first();

  it('starts the receiver from the command palette; the status bar says so', async function () {
    this.timeout(240_000);
    await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
    await poll('the sample listed', async () => (await testId(view, 'trace-row').count()) > 0, 60_000);
    await runCommand(page, 'Serverless Traces: Start Local Receiver (OTLP + X-Ray)', 60_000);
    await poll('the status bar item "Local: 0 spans"', async () => /Local: 0 spans/.test(await statusItem().innerText({ timeout: 1000 }).catch(() => '')), 90_000).catch(async (e) => {
      const toasts = await page.locator('.notifications-toasts').innerText().catch(() => '');
      throw new Error(`${(e as Error).message}; notifications: ${toasts}`);
    });
  });

  it('the sample\'s local script runs with the real OpenTelemetry SDK; its traces appear in the open panel', async function () {
    this.timeout(120_000);
    const out = await runScript(session.server.workspace, otlpPort, 3);
    assert.match(out, /sent 3 orders invocations/);
    const rows = testId(view, 'trace-row');
    // 3 orders traces + 3 billing traces (each linked to its SQS send), and nothing from the sample any more.
    let seen: { id: string; text: string }[] = [];
    const status = testId(view, 'panel-status').first();
    await poll('6 local traces listed', async () => {
      // The list is virtual: rows past the count are recycled elements, out of view; the first 6 are the list.
      seen = (await rows.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-trace-id') ?? '', text: (e as HTMLElement).innerText })))).slice(0, 6);
      return /^6 traces/.test((await status.innerText({ timeout: 1000 }).catch(() => '')).trim()) && seen.filter((r) => r.text.includes('POST /orders')).length === 3 &&
        seen.filter((r) => r.text.includes('billing process')).length === 3;
    }, 60_000).catch((e) => { throw new Error(`${(e as Error).message}; rows: ${JSON.stringify(seen)}`); });
    // 3 x (7 orders spans + 4 billing spans).
    await poll('the status bar counting the spans', async () => /Local: 33 spans, 6 logs/.test(await statusItem().innerText({ timeout: 1000 }).catch(() => '')), 15_000);
    await saveScreenshot(page, 'local', 'traces-arrived');
  });

  it('a click on a span opens the handler line it names', async function () {
    this.timeout(120_000);
    const rows = testId(view, 'trace-row');
    const orders = rows.filter({ hasText: 'POST /orders' }).first();
    await orders.click();
    const timeline = testId(view, 'timeline').first();
    await poll('the timeline of the orders trace', async () => (await timeline.locator('[data-testid="span-row"][data-span-id]').count()) >= 5, 20_000);
    const candidate = timeline.locator('[data-testid="span-row"][data-source-file$="orders/handler.js"]', { hasText: 'createOrder' }).first();
    const spanId = await poll('the createOrder span row', () => candidate.getAttribute('data-span-id', { timeout: 1000 }), 20_000);
    const target = await revealSpanRow(page, timeline, spanId);
    const line = Number(await target.getAttribute('data-source-line'));
    assert.ok(line > 1, `createOrder has a source line (${line})`);
    await target.click({ position: { x: 3, y: 8 } });
    await poll('the editor to show handler.js', async () => (await activeTabLabel(page)) === 'handler.js', 20_000);
    await poll(`status bar "Ln ${line},"`, async () => (await selectionStatus(page)).startsWith(`Ln ${line},`), 15_000);
    await saveScreenshot(page, 'local', 'span-opened-handler');
  });

  it('stops the receiver; what was received stays shown', async function () {
    this.timeout(60_000);
    await runCommand(page, 'Serverless Traces: Stop Local Receiver', 30_000);
    await poll('the status bar item "Local: off"', async () => /Local: off/.test(await statusItem().innerText({ timeout: 1000 }).catch(() => '')), 15_000);
    assert.match((await testId(view, 'panel-status').first().innerText()).trim(), /^6 traces/);
    await saveScreenshot(page, 'local', 'stopped');
  });
});
