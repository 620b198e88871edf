// End-to-end: from the command palette, "Find Slow Invocations..." -> all functions -> above p95;
// the results are the sample's slowest above-p95 invocations (computed here independently), and the
// first one opens its trace in the timeline. Then "Open Trace by ID..." with an X-Ray id, and
// "Query Traces..." with a typed query. One theme: the look is the explorer test's business.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadPaths } from '../../src/core/load';
import type { Dataset } from '../../src/core/dataset';
import type { Invocation } from '../../src/core/model';
import { CodeServer, launchChromium, REPO_ROOT, startCodeServer } from '../support/codeServer';
import { openWorkbench, poll, runCommand, saveScreenshot, testId, webview, Workbench, writeLog } from '../support/workbench';

const SAMPLE = path.join(REPO_ROOT, 'samples', 'data');

/** numpy-style p95, written here apart from the core. */
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = 0.95 * (s.length - 1);
  const j = Math.floor(h);
  return j + 1 < s.length ? s[j] + (h - j) * (s[j + 1] - s[j]) : s[j];
}

/** "1.23 s" / "627 ms" -> ms. */
function msOf(text: string): number | undefined {
  const m = /(\d+(?:\.\d+)?)\s*(ms|s)\b/.exec(text);
  return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : undefined;
}

function quickPickRows(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
}

async function pickRow(page: Page, label: RegExp): Promise<void> {
  const row = quickPickRows(page).filter({ hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

describe('palette queries e2e', function () {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let wb: Workbench | undefined;
  let page: Page;
  let invocations: Invocation[] = [];
  let ds: Dataset;

  before(async function () {
    this.timeout(180_000);
    if (!fs.existsSync(SAMPLE)) this.skip();
    ds = await loadPaths([SAMPLE]);
    invocations = ds.invocations;
    server = await startCodeServer({ theme: 'Default Dark Modern' });
    browser = await launchChromium();
    wb = await openWorkbench(browser, server);
    page = wb.page;
  });

  after(async function () {
    this.timeout(60_000);
    try {
      if (wb) writeLog('e2e-query-console.log', wb.console);
      if (server) writeLog('e2e-query-code-server.log', [server.log()]);
    } finally {
      if (browser) await browser.close().catch(() => undefined);
      if (server) await server.stop();
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await saveScreenshot(page, 'query', `failure-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  const timeline = (): Locator => testId(webview(page), 'timeline').first();

  /** The span selected in the timeline (the explorer reveals it). */
  async function selectedSpan(): Promise<string | null> {
    return timeline().locator('[data-testid="span-row"][aria-selected="true"]').first().getAttribute('data-span-id', { timeout: 2000 }).catch(() => null);
  }

  /** True when the timeline's first row (the root; pooled rows past the end keep stale ids) is a span of `traceId`. */
  async function showsTrace(traceId: string): Promise<boolean> {
    const ids = new Set(ds.traceById.get(traceId)!.nodes.map((n) => n.span.spanId));
    const root = await timeline().locator('#span-row-0[data-span-id]').first().getAttribute('data-span-id', { timeout: 2000 }).catch(() => null);
    return root !== null && ids.has(root);
  }

  /** The span of an invocation in its trace (what opening a result must select). */
  function invocationSpan(inv: Invocation): string | undefined {
    return ds.traceOf(inv)?.nodes.find((n) => n.invocation === inv)?.span.spanId;
  }

  it('Find Slow Invocations -> all functions -> above p95 lists the slowest above-p95 invocations and opens the first', async function () {
    this.timeout(180_000);
    const dur = (i: Invocation) => i.durationMs ?? i.endMs - i.startMs;
    const byFn = new Map<string, number[]>();
    for (const i of invocations) byFn.set(i.functionName, [...(byFn.get(i.functionName) ?? []), dur(i)]);
    const cut = new Map([...byFn].map(([f, v]) => [f, p95(v)]));
    const want = invocations.filter((i) => dur(i) > cut.get(i.functionName)!).sort((a, b) => dur(b) - dur(a) || a.startMs - b.startMs);
    assert.ok(want.length >= 5, 'the sample has a slow tail');

    await runCommand(page, 'Serverless Traces: Find Slow Invocations...', 90_000);
    await pickRow(page, /All functions/);
    await pickRow(page, /Above p95/);
    const title = page.locator('.quick-input-widget .quick-input-title');
    await poll('the results Quick Pick', async () => /Find Slow Invocations: \d+/.test((await title.innerText().catch(() => '')) ?? ''), 60_000);
    assert.match(await title.innerText(), new RegExp(`: ${want.length} invocations`));
    const rows = quickPickRows(page);
    const texts = await rows.evaluateAll((els) => els.slice(0, 5).map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    assert.ok(texts.length >= 5, JSON.stringify(texts));
    texts.forEach((t, k) => {
      const shown = msOf(t);
      const expected = dur(want[k]);
      assert.ok(shown !== undefined && Math.abs(shown - expected) <= Math.max(1, expected * 0.01), `row ${k} "${t}" vs ${expected} ms`);
      assert.ok(t.includes(want[k].functionName), `row ${k} "${t}" is not ${want[k].functionName}`);
    });
    await saveScreenshot(page, 'query', 'find-slow-results');
    await page.keyboard.press('Enter');
    await timeline().waitFor({ state: 'visible', timeout: 60_000 });
    await poll(`the timeline on trace ${want[0].traceId}`, () => showsTrace(want[0].traceId!), 30_000);
    const span = invocationSpan(want[0]);
    if (span) await poll(`span ${span} (the invocation) selected`, async () => (await selectedSpan()) === span, 20_000);
    await saveScreenshot(page, 'query', 'find-slow-opened');
  });

  it('Open Trace by ID accepts an X-Ray id', async function () {
    this.timeout(120_000);
    const target = invocations.find((i) => i.traceId && i.status === 'ok' && !i.coldStart)!; // not the trace shown before
    const xray = `1-${target.traceId!.slice(0, 8)}-${target.traceId!.slice(8)}`;
    await runCommand(page, 'Serverless Traces: Open Trace by ID...', 60_000);
    const input = page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill(xray);
    await page.keyboard.press('Enter');
    await poll(`the timeline on trace ${target.traceId}`, () => showsTrace(target.traceId!), 60_000);
  });

  it('Query Traces runs a typed query and opens the first result', async function () {
    this.timeout(120_000);
    const errors = invocations.filter((i) => i.status === 'error' && i.traceId).sort((a, b) => b.startMs - a.startMs);
    await runCommand(page, 'Serverless Traces: Query Traces...', 60_000);
    const input = page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
    await input.waitFor({ state: 'visible' });
    await input.fill('status:error sort:start desc');
    await pickRow(page, /Run: status:error sort:start desc/);
    const title = page.locator('.quick-input-widget .quick-input-title');
    await poll('the results', async () => /Query Traces: \d+/.test(await title.innerText().catch(() => '')), 60_000);
    assert.match(await title.innerText(), new RegExp(`: ${errors.length} invocations`));
    await page.keyboard.press('Enter');
    await poll(`the timeline on trace ${errors[0].traceId}`, () => showsTrace(errors[0].traceId!), 60_000);
  });
});
