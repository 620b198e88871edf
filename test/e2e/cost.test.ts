// End-to-end (docs/cost.md): a person sorts the Trace Explorer's list by cost, opens the most expensive trace and
// reads its cost in the timeline's header, reads a cold start's cost (with its INIT part) in the span details,
// finds each function's cost in the Anomalies view and a handler's cost per 1M invocations in its code lens.
// The expected amounts are computed here with the core's reader and cost model, independently of the UI.
// Once per light and dark theme, each in its own code-server; screenshots of each step.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { formatUsd } from '../../src/common/money';
import { CostModel } from '../../src/core/cost';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { CodeServer, launchChromium, REPO_ROOT, startCodeServer } from '../support/codeServer';
import {
  activeTabLabel, endSession, openWorkbench, poll, quickInput, runCommand, saveScreenshot, selectionStatus, skipAfterFirstFailure, testId, webview, Workbench,
} from '../support/workbench';

const THEMES = [
  { key: 'light', name: 'Default Light Modern' },
  { key: 'dark', name: 'Default Dark Modern' },
];
const SAMPLE_DATA = path.join(REPO_ROOT, 'samples', 'data');

/** "$0.0000123" amounts in a text, as numbers. */
function amounts(text: string): number[] {
  return [...text.matchAll(/\$([\d,]+(?:\.\d+)?)/g)].map((m) => Number(m[1].replace(/,/g, '')));
}

async function filledRows(rows: Locator): Promise<boolean> {
  return rows.evaluateAll((els) => els.length > 0 && els.every((e) => e.hasAttribute('data-trace-id')));
}

/** Go to File (F1 with no ">"). */
async function openFile(page: Page, rel: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = quickInput(page);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(rel);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
  await poll(`the editor to show ${path.basename(rel)}`, async () => (await activeTabLabel(page)) === path.basename(rel), 20_000);
}

/** Go to Line (F1, ":N"), tried again when the Enter lands before the line is parsed (a loaded machine). */
async function goToLine(page: Page, line: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = quickInput(page);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}`);
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    try {
      await poll(`cursor on line ${line}`, async () => (await selectionStatus(page)).startsWith(`Ln ${line},`), 10_000);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

for (const theme of THEMES.filter((t) => !process.env.E2E_THEMES || process.env.E2E_THEMES.split(',').includes(t.key))) {
  describe(`Cost e2e [${theme.key}]`, function () {
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    let wb: Workbench | undefined;
    let page: Page;
    let view: FrameLocator;
    let ds: Dataset;
    let model: CostModel;

    before(async function () {
      this.timeout(180_000);
      if (!fs.existsSync(SAMPLE_DATA)) this.skip();
      ds = await loadPaths([SAMPLE_DATA]);
      model = new CostModel(ds, {});
      server = await startCodeServer({ theme: theme.name });
      browser = await launchChromium();
      wb = await openWorkbench(browser, server);
      page = wb.page;
      view = webview(page);
    });

    after(async function () {
      this.timeout(60_000);
      await endSession(`e2e-cost-${theme.key}`, wb, server, browser);
    });

    skipAfterFirstFailure(() => page, theme.key, 'cost-failure');

    it('sorts the trace list by cost and reads the most expensive trace\'s cost in its header', async function () {
      this.timeout(180_000);
      const costs = ds.traces.map((t) => ({ id: t.traceId, usd: model.traceCostUsd(t) })).sort((a, b) => b.usd - a.usd);
      const dearest = costs[0];
      await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
      const rows = testId(view, 'trace-row');
      await poll('trace rows', () => filledRows(rows), 60_000);
      await testId(view, 'sort-cost').first().click();
      let texts: string[] = [];
      await poll(`the list sorted by cost, ${formatUsd(dearest.usd)} first`, async () => {
        if (!(await filledRows(rows))) return false;
        texts = await rows.evaluateAll((els) => els.map((e) => (e.querySelector('[data-testid="trace-cost"]') as HTMLElement | null)?.innerText.trim() ?? ''));
        const usd = texts.map((t) => amounts(t)[0] ?? -1);
        return texts[0] === formatUsd(dearest.usd) && usd.every((u, i) => u >= 0 && (i === 0 || u <= usd[i - 1]));
      }, 20_000).catch((e) => { throw new Error(`${(e as Error).message}; costs shown: ${JSON.stringify(texts.slice(0, 5))}`); });
      assert.strictEqual(await testId(view, 'sort-cost').first().getAttribute('aria-pressed'), 'true');
      const first = rows.first();
      const id = await first.getAttribute('data-trace-id');
      // Ties in cost: any of the traces costing the most is a right answer.
      assert.ok(costs.filter((c) => formatUsd(c.usd) === formatUsd(dearest.usd)).some((c) => c.id === id), `first row ${id} is not among the dearest`);
      await first.click();
      const header = testId(view, 'trace-cost-header').first();
      const want = model.trace(ds.traceById.get(id!)!);
      const text = await poll('the header\'s cost of the selected trace', async () => {
        const t = (await header.innerText({ timeout: 2000 })).trim();
        return (await header.getAttribute('data-trace-id')) === id && t.startsWith(`Lambda cost ${formatUsd(want.costUsd)}`) ? t : '';
      }, 20_000);
      // Each function's share, by name, as the core computes it.
      for (const s of want.byFunction) assert.ok(text.includes(`${s.function} ${Math.round(s.share * 100)}%`), `${s.function} share in "${text}"`);
      await saveScreenshot(page, theme.key, 'cost-list');
    });

    it('a cold start\'s span details show its cost and the INIT part', async function () {
      this.timeout(120_000);
      const filter = testId(view, 'trace-filter').first();
      const rows = testId(view, 'trace-row');
      await filter.fill('is:cold');
      await poll('cold-start traces, dearest first', async () => (await filledRows(rows)) && /cold/i.test(await rows.first().innerText()), 20_000);
      const id = (await rows.first().getAttribute('data-trace-id'))!;
      await rows.first().click();
      const timeline = testId(view, 'timeline').first();
      await poll('its timeline', async () => (await timeline.locator('[data-testid="span-row"][data-span-id]').count()) > 0, 20_000);
      const trace = ds.traceById.get(id)!;
      const cold = trace.nodes.find((n) => n.invocation?.coldStart && model.invocation(n.invocation).initUsd > 0);
      assert.ok(cold, `trace ${id} has a cold start whose INIT is billed`);
      const c = model.invocation(cold.invocation!);
      const row = timeline.locator(`[data-testid="span-row"][data-span-id="${cold.span.spanId}"]`).first();
      await row.scrollIntoViewIfNeeded();
      await row.click({ position: { x: 3, y: 8 } });
      const details = testId(view, 'span-details').first();
      const want = `${formatUsd(c.totalUsd)} · ${c.billedMs.toLocaleString('en-US')} ms billed`;
      const text = await poll(`details with the cost row "${want}…"`, async () => {
        const t = await details.innerText({ timeout: 2000 });
        return t.includes(want) ? t : '';
      }, 20_000);
      assert.ok(text.includes(`INIT ${formatUsd(c.initUsd)} (${c.initBilledMs.toLocaleString('en-US')} ms)`), `INIT part in ${text.slice(0, 600)}`);
      await details.getByText(want).first().scrollIntoViewIfNeeded();
      await saveScreenshot(page, theme.key, 'cost-details');
      await filter.fill('');
    });

    it('the Anomalies view lists each function\'s cost, dearest first, with per 1M and right-sizing', async function () {
      this.timeout(180_000);
      const fns = [...model.functions()].sort((a, b) => b.costUsd - a.costUsd);
      await runCommand(page, 'Serverless Traces: Open Anomalies', 60_000);
      const table = view.locator('[data-testid="cost-table"]').first();
      await poll('the cost table', async () => (await table.count()) > 0 || undefined, 120_000);
      const cells = await table.locator('tbody tr').evaluateAll((els) => els.map((e) => [...e.children].map((c) => (c as HTMLElement).innerText.trim())));
      assert.deepStrictEqual(cells.map((r) => r[0].split('\n')[0]), fns.map((f) => f.function));
      for (const [i, f] of fns.entries()) {
        assert.strictEqual(cells[i][1], formatUsd(f.costUsd), `${f.function} total`);
        assert.strictEqual(cells[i][2], formatUsd(f.costPer1MUsd), `${f.function} per 1M`);
      }
      assert.ok(cells.some((r) => /^try \d[\d,]* MB instead of/.test(r[7])), `a right-sizing estimate: ${JSON.stringify(cells.map((r) => r[7]))}`);
      await table.scrollIntoViewIfNeeded();
      await saveScreenshot(page, theme.key, 'cost-anomalies');
    });

    it('the orders handler\'s code lens ends with its cost per 1M invocations', async function () {
      this.timeout(180_000);
      const orders = model.functions().find((f) => f.function === 'shop-orders-api')!;
      // One editor group, so the lens has the width of the window.
      await runCommand(page, 'View: Single Column Editor Layout', 30_000);
      await openFile(page, 'src/orders/handler.js');
      const handlerLine = fs.readFileSync(path.join(REPO_ROOT, 'samples', 'app', 'src', 'orders', 'handler.js'), 'utf8').split('\n')
        .findIndex((l) => l.includes('exports.handler = async')) + 1;
      await goToLine(page, handlerLine);
      const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'per 1M' }).first();
      await poll('a code lens with a cost per 1M', async () => (await lens.count()) > 0 && (await lens.isVisible()), 90_000, 500);
      const text = (await lens.innerText()).trim();
      assert.ok(text.endsWith(`${formatUsd(orders.costPer1MUsd)} per 1M`), `lens "${text}" vs ${formatUsd(orders.costPer1MUsd)} per 1M`);
      await saveScreenshot(page, theme.key, 'cost-lens');
    });
  });
}
