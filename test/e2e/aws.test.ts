// End-to-end: AWS as a person uses it, in real VS Code (code-server + headless Chromium).
// The loopback CloudWatch Logs / X-Ray endpoint runs in this test process and serves the sample dataset's log groups
// (samples/data/logs, and aws/spans from samples/data/spans) with the documented rate limits. code-server starts with
// workspace settings pointing the extension at it (`traceExplorer.aws.endpoint`, `traceExplorer.aws.region`) and dummy
// credentials in its environment (AWS_ACCESS_KEY_ID, ...: the SDK's default chain, no ~/.aws files). Then, from the
// command palette: "Connect to AWS…", two functions ticked in the Quick Pick, the sample window (2026-11-20
// 08:00–14:00 UTC, older than "Last 7 days") typed as a custom range, and "Fetch from AWS" again with the remembered
// custom range. Checked: the Trace Explorer lists the traces of the two functions (counts computed here from the
// events the loopback serves: XRAY TraceIds of their REPORT lines), the panel shows what it shows (screenshot, not
// blank), the loopback got SigV4-signed requests with the dummy key and region for exactly those log groups (and
// aws/spans) inside the window, and the status bar shows the profile, region and endpoint. The endpoint comes from
// the workspace settings, so the first Connect meets the modal confirmation (issue 16): declined with Escape, no
// request reaches the loopback; confirmed with its button, the fetch goes on and is not asked about again.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { allEvents, datasetFromDir, startLoopback } from '../support/awsLoopback';
import type { LoopbackServer, RequestRecord } from '../support/awsLoopback';
import { DUMMY } from '../support/awsLoopback/testUtil';
import { REPO_ROOT } from '../support/codeServer';
import { pngStats } from '../support/png';
import { poll, quickInput, runCommand, saveScreenshot, testId, webview, writeLog, pickRow, quickPickRows } from '../support/workbench';
import { useWorkbench } from '../support/session';

const SAMPLE = path.join(REPO_ROOT, 'samples', 'data');
const REGION = 'eu-west-1';
const PICKED = ['shop-billing', 'shop-orders-api'];
const GROUPS = PICKED.map((f) => `/aws/lambda/${f}`);
const START = Date.UTC(2026, 10, 20, 8, 0);
const END = Date.UTC(2026, 10, 20, 14, 0);
const RANGE_TEXT = '2026-11-20T08:00Z 2026-11-20T14:00Z';

/** "1-6afffe26-f26a08a39ac6e3ad7e4fd32e" -> the 32-hex id the explorer uses. */
function otelId(xray: string): string {
  return xray.replace(/^1-/, '').replace('-', '').toLowerCase();
}

/** Trace ids (and invocation count) of a log group inside the window, from the loopback's own events. */
function expectedOf(server: LoopbackServer, group: string): { traceIds: Set<string>; invocations: number } {
  const traceIds = new Set<string>();
  let invocations = 0;
  for (const e of allEvents(server.dataset, group)) {
    if (e.timestamp < START || e.timestamp > END || !e.message.startsWith('REPORT RequestId:')) continue;
    invocations++;
    const m = /XRAY TraceId: (1-[0-9a-f]{8}-[0-9a-f]{24})/.exec(e.message);
    if (m) traceIds.add(otelId(m[1]));
  }
  return { traceIds, invocations };
}

function groupOf(r: RequestRecord): string | undefined {
  const b = r.body as Record<string, unknown>;
  if (typeof b.logGroupName === 'string') return b.logGroupName;
  if (typeof b.logGroupIdentifier === 'string') return b.logGroupIdentifier.replace(/^arn:.*:log-group:/, '').replace(/:\*$/, '');
  return undefined;
}

describe('AWS e2e: connect, pick two functions, fetch a custom range', function () {
  let loop: LoopbackServer | undefined;
  let page: Page;

  const session = useWorkbench({
    name: 'e2e-aws',
    server: async (ctx) => {
      if (!fs.existsSync(path.join(SAMPLE, 'logs'))) ctx.skip();
      // Documented per-operation quotas (no `unlimited`): the extension's pacing has to live with them.
      loop = await startLoopback({ dataset: datasetFromDir(SAMPLE) });
      const noAwsFiles = path.join(REPO_ROOT, 'test-results', 'no-such-aws-file');
      return {
        theme: 'Default Dark Modern',
        files: {
          // X-Ray on: the sample keeps 424 traces in aws/spans (Transaction Search) and 136 only in X-Ray.
          '.vscode/settings.json': JSON.stringify({ 'traceExplorer.aws.endpoint': loop.endpoint, 'traceExplorer.aws.region': REGION, 'traceExplorer.aws.xray': true }, null, 2),
        },
        env: {
          AWS_ACCESS_KEY_ID: DUMMY.accessKeyId,
          AWS_SECRET_ACCESS_KEY: DUMMY.secretAccessKey,
          AWS_SESSION_TOKEN: undefined,
          AWS_PROFILE: undefined,
          AWS_DEFAULT_PROFILE: undefined,
          AWS_REGION: undefined,
          AWS_DEFAULT_REGION: undefined,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: noAwsFiles,
          AWS_SHARED_CREDENTIALS_FILE: noAwsFiles,
        },
      };
    },
    skipAfterFailure: false,
    opened: (s) => { page = s.page; },
    end: async () => {
      try {
        if (loop) writeLog('e2e-aws-loopback.log', loop.log.map((r) => `${r.op} ${r.outcome} ${groupOf(r) ?? ''} ${JSON.stringify(r.sig ?? null)}`));
      } finally {
        if (loop) await loop.close();
      }
    },
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await saveScreenshot(page, 'aws', `failure-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  const quickTitle = (): Locator => page.locator('.quick-input-widget .quick-input-title').first();
  const quickRows = (): Locator => quickPickRows(page);
  const panelStatus = (): Locator => testId(webview(page), 'panel-status').first();
  const fetchToast = (): Locator => page.locator('.notifications-toasts .notification-toast', { hasText: 'Fetching from CloudWatch' });

  async function waitTitle(re: RegExp, timeoutMs = 60_000): Promise<string> {
    return poll(`a Quick Input titled ${re}`, async () => {
      const t = (await quickTitle().innerText({ timeout: 1000 }).catch(() => '')).trim();
      return re.test(t) ? t : '';
    }, timeoutMs);
  }


  /** "Time range to fetch" -> "Custom range…" -> the start/end box; returns what the box held before typing. */
  async function chooseCustomRange(): Promise<string> {
    await waitTitle(/^Time range to fetch$/);
    const rows = (await quickRows().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.ok(rows.some((t) => /Last 7 days/.test(t)), `the relative ranges are offered: ${JSON.stringify(rows)}`);
    await pickRow(page, /Custom range/, 30_000);
    await waitTitle(/^Time range to fetch: start and end$/);
    const before = await quickInput(page).inputValue({ timeout: 5000 });
    // A wrong entry is refused with a message, and the box stays open.
    await quickInput(page).fill('2026-11-20T14:00Z 2026-11-20T08:00Z', { timeout: 5000 });
    const message = page.locator('.quick-input-widget .quick-input-message').first();
    await poll('the reversed range refused', async () => /end must be after the start/.test(await message.innerText().catch(() => '')), 10_000);
    await quickInput(page).fill(RANGE_TEXT, { timeout: 5000 });
    await poll('the range accepted', async () => !/end must be after|Not a time|Type a start/.test(await message.innerText().catch(() => '')), 10_000);
    await page.keyboard.press('Enter');
    return before;
  }

  /** The fetch's progress notification came and went, and the explorer shows the dataset (not loading). */
  async function waitFetched(wantTraces: number, since: number): Promise<void> {
    await poll('requests (or the progress notification) after the range was chosen', async () => loop!.log.some((r) => r.at >= since) || (await fetchToast().count()) > 0, 60_000);
    await poll('the "Fetching from CloudWatch" notification gone', async () => (await fetchToast().count()) === 0, 120_000, 300);
    await poll(`the Trace Explorer listing ${wantTraces} traces`, async () => {
      const t = (await panelStatus().innerText({ timeout: 2000 }).catch(() => '')).trim();
      return t === `${wantTraces} traces` ? t : '';
    }, 60_000);
  }

  it('Connect to AWS… lists the Lambda log groups, two are ticked, a custom range fetches their traces; Fetch from AWS again', async function () {
    this.timeout(360_000);
    const l = loop!;
    const perFn = new Map(GROUPS.map((g) => [g, expectedOf(l, g)]));
    const all = new Set<string>();
    for (const e of perFn.values()) for (const id of e.traceIds) all.add(id);
    assert.ok(all.size > 100 && [...perFn.values()].every((e) => e.invocations > 100), 'the sample window holds traces of both functions');
    // Each of those traces has its spans in aws/spans or in X-Ray, and both sources matter.
    const inSpans = new Set(allEvents(l.dataset, 'aws/spans').map((e) => (JSON.parse(e.message) as { traceId: string }).traceId));
    const inXray = new Set(l.dataset.traces.map((t) => otelId(t.Id)));
    assert.deepEqual([...all].filter((id) => !inSpans.has(id) && !inXray.has(id)), [], 'every trace has spans to show');
    assert.ok([...all].some((id) => !inSpans.has(id)) && [...all].some((id) => !inXray.has(id)), 'some traces only in X-Ray, some only in aws/spans');
    const others = [...l.dataset.groups.keys()].filter((g) => g.startsWith('/aws/lambda/') && !GROUPS.includes(g));
    assert.ok(others.length >= 1, 'the loopback serves another Lambda log group, which must not be fetched');

    // 0. The endpoint comes from the workspace's .vscode/settings.json: before any request the user is asked, in a modal
    // dialog naming the host. Escape (the default, no) sends nothing; then Connect again and confirm.
    const dialog = page.locator('.monaco-dialog-box').first();
    const confirmButton = dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Use This Endpoint' }).first();
    await runCommand(page, 'Serverless Traces: Connect to AWS…', 90_000);
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const asked = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(asked, /Send AWS requests to a host this workspace chose\?/, asked);
    assert.ok(asked.includes(l.endpoint), `the dialog names ${l.endpoint}: ${asked}`);
    await saveScreenshot(page, 'aws', 'endpoint-confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await poll('the "no AWS request sent" warning', async () => (await page.locator('.notifications-toasts .notification-toast', { hasText: 'no AWS request sent' }).count()) > 0, 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(l.log.length, 0, `requests reached the workspace's endpoint before the user confirmed it: ${JSON.stringify(l.counts)}`);
    await runCommand(page, 'Serverless Traces: Connect to AWS…', 90_000);
    await confirmButton.click({ timeout: 30_000 });

    // 1. Connect: the log groups are listed (DescribeLogGroups), two are ticked.
    await waitTitle(/^Lambda functions to explore$/);
    const listed = (await quickRows().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    for (const g of [...GROUPS, ...others]) assert.ok(listed.some((t) => t.includes(g.replace('/aws/lambda/', ''))), `${g} listed: ${JSON.stringify(listed)}`);
    for (const fn of PICKED) {
      const row = quickRows().filter({ has: page.locator('.label-name', { hasText: `/aws/lambda/${fn}` }) }).first();
      await row.locator('.monaco-checkbox, input[type="checkbox"]').first().click({ timeout: 10_000 });
      await poll(`${fn} ticked`, async () => (await row.getAttribute('aria-checked')) === 'true', 5000);
    }
    const ticked = await quickRows().evaluateAll((els) => els.filter((e) => e.getAttribute('aria-checked') === 'true').map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    assert.equal(ticked.length, 2, `two rows ticked: ${JSON.stringify(ticked)}`);
    await saveScreenshot(page, 'aws', 'connect-two-ticked');
    await page.keyboard.press('Enter');

    // 2. Connecting goes on to fetch: the sample window is ten days back, so a custom range.
    const t1 = performance.now();
    const firstBox = await chooseCustomRange();
    assert.equal(firstBox, '', 'no remembered custom range yet');
    await waitFetched(all.size, t1);
    const settings = JSON.parse(fs.readFileSync(path.join(session.server.workspace, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([...(settings['traceExplorer.aws.logGroups'] as string[])].sort(), GROUPS, 'the picked log groups are saved to the workspace settings');

    // 3. Fetch from AWS: the custom range is remembered and prefilled; the confirmed endpoint is not asked about again.
    const t2 = performance.now();
    await runCommand(page, 'Serverless Traces: Fetch from AWS', 60_000);
    const secondBox = await chooseCustomRange();
    assert.equal(await dialog.count(), 0, 'no second question about the confirmed endpoint');
    assert.equal(secondBox, '2026-11-20T08:00:00.000Z 2026-11-20T14:00:00.000Z', 'the last custom range is prefilled');
    await waitFetched(all.size, t2);
    await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);

    // 4. The Trace Explorer lists the traces of the two functions.
    const status = panelStatus();
    assert.equal((await status.innerText()).trim(), `${all.size} traces`);
    const source = (await status.getAttribute('title')) ?? '';
    assert.match(source, new RegExp(`AWS default @ ${REGION}: .*shop-billing`), source);
    assert.match(source, /shop-orders-api/, source);
    assert.doesNotMatch(source, /shop-notifications/, source);
    const rows = testId(webview(page), 'trace-row');
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 });
    const shown = await rows.evaluateAll((els) => els.map((e) => ({ id: e.getAttribute('data-trace-id'), text: (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim() })));
    const real = shown.filter((r) => r.id);
    assert.ok(real.length >= 5, `rows drawn: ${JSON.stringify(shown.slice(0, 3))}`);
    for (const r of real) assert.ok(all.has(r.id!), `listed trace ${r.id} (${r.text}) is a trace of ${PICKED.join(' or ')}`);
    assert.ok(real.some((r) => /shop-orders-api|shop-billing/.test(r.text)), `the rows name the functions: ${JSON.stringify(real.slice(0, 3))}`);

    // Per function: the filter box narrows the list to that function's traces.
    const filter = testId(webview(page), 'trace-filter').first();
    for (const [g, e] of perFn) {
      const fn = g.replace('/aws/lambda/', '');
      await filter.fill(`fn:${fn}`);
      const want = e.traceIds.size === all.size ? `${all.size} traces` : `${e.traceIds.size} traces of ${all.size.toLocaleString('en-US')}`;
      await poll(`"fn:${fn}" -> ${want}`, async () => (await status.innerText().catch(() => '')).trim() === want, 20_000);
    }
    await filter.fill('');
    await poll('the whole list again', async () => (await status.innerText().catch(() => '')).trim() === `${all.size} traces`, 20_000);
    // Open the first trace, as a person would: its timeline draws.
    await rows.first().click();
    await testId(webview(page), 'span-row').first().waitFor({ state: 'visible', timeout: 30_000 });

    // 5. The status bar shows the profile and region, and the custom endpoint in use.
    const item = page.locator('#workbench\\.parts\\.statusbar [id*="traceExplorer.aws"]').first();
    const itemText = (await item.innerText({ timeout: 10_000 })).replace(/\s+/g, ' ').trim();
    assert.match(itemText, new RegExp(`default @ ${REGION}`), `status bar: ${itemText}`);
    assert.ok(itemText.includes(new URL(l.endpoint).host), `status bar shows the endpoint ${new URL(l.endpoint).host}: ${itemText}`);

    const shot = await saveScreenshot(page, 'aws', 'explorer-fetched');
    const stats = pngStats(fs.readFileSync(shot));
    session.wb.console.push(`[test] screenshot stats ${JSON.stringify(stats)}`);

    // 6. The loopback: signed requests with the dummy key and region, for exactly the picked groups (+ aws/spans).
    const served = l.log;
    assert.ok(served.length > 0);
    const unsigned = served.filter((r) => r.outcome === 'unsigned' || !r.sig);
    assert.equal(unsigned.length, 0, `unsigned requests: ${JSON.stringify(unsigned.slice(0, 3))}`);
    for (const r of served) {
      assert.equal(r.sig!.accessKeyId, DUMMY.accessKeyId, `${r.op} signed with the dummy key`);
      assert.equal(r.sig!.region, REGION, `${r.op} signed for ${REGION}`);
      assert.equal(r.sig!.service, r.op === 'GetTraceSummaries' || r.op === 'BatchGetTraces' ? 'xray' : 'logs', `${r.op} service`);
    }
    assert.ok(l.count('DescribeLogGroups') >= 1, JSON.stringify(l.counts));
    const dataOps = served.filter((r) => r.sig?.service === 'logs' && r.op !== 'DescribeLogGroups');
    const groups = new Set(dataOps.map(groupOf));
    assert.deepEqual([...groups].sort(), [...GROUPS, 'aws/spans'].sort(), `log groups read: ${JSON.stringify([...groups])} (${JSON.stringify(l.counts)})`);
    for (const r of served.filter((x) => x.op === 'FilterLogEvents')) {
      const b = r.body as { startTime?: number; endTime?: number };
      assert.ok(typeof b.startTime === 'number' && b.startTime >= START && typeof b.endTime === 'number' && b.endTime <= END,
        `FilterLogEvents inside the chosen window: ${b.startTime}..${b.endTime}`);
    }
    assert.ok(l.count('GetTraceSummaries') >= 1 && l.count('BatchGetTraces') >= 1, `X-Ray was asked: ${JSON.stringify(l.counts)}`);
    for (const r of served.filter((x) => x.op === 'GetTraceSummaries')) {
      const b = r.body as { StartTime?: number; EndTime?: number };
      assert.ok(Number(b.StartTime) * 1000 >= START && Number(b.EndTime) * 1000 <= END, `GetTraceSummaries inside the chosen window: ${b.StartTime}..${b.EndTime}`);
    }
    const failed = served.filter((r) => r.outcome !== 'ok' && r.outcome !== 'throttled');
    assert.equal(failed.length, 0, `failed requests: ${JSON.stringify(failed.slice(0, 3))}`);
    session.wb.console.push(`[test] loopback counts ${JSON.stringify(l.counts)}; traces ${all.size}; per function ${JSON.stringify([...perFn].map(([g, e]) => [g, e.traceIds.size, e.invocations]))}`);
    const errors = await page.locator('.notifications-toasts .notification-toast .codicon-error').count();
    assert.equal(errors, 0, 'no error notification');
  });
});
