// End-to-end (docs/cost.md): a person sorts the Trace Explorer's list by cost, opens the most expensive trace and
// reads its cost in the timeline's header, reads a cold start's cost (with its INIT part) in the span details,
// finds each function's cost in the Anomalies view and a handler's cost per 1M invocations in its code lens.
// The expected amounts are computed here with the core's reader and cost model, independently of the UI.
// Once per light and dark theme, each in its own code-server; screenshots of each step.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { formatUsd } from '../../src/common/money';
import { CostModel } from '../../src/core/cost';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { REPO_ROOT } from '../support/codeServer';
import { useWorkbench } from '../support/session';
import { activeTabLabel, goToLine, poll, quickInput, runCommand, saveScreenshot, testId, webview } from '../support/workbench';

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

/** Go to File (F1 with no ">"). A webview taking focus back can close the Quick Input before the text is in: try again. */
async function openFile(page: Page, rel: string): Promise<void> {
  const input = quickInput(page);
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(rel, { timeout: 5000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await page.keyboard.press('Enter');
      await poll(`the editor to show ${path.basename(rel)}`, async () => (await activeTabLabel(page)) === path.basename(rel), 20_000);
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
      process.stdout.write(`      Go to File ${rel}, attempt ${attempt}: ${(e as Error).message.split('\n')[0]}; again\n`);
      await page.waitForTimeout(1000);
    }
  }
}

/**
 * runCommand, tried once more when the palette closed under it (a webview taking focus as it loads can close
 * the Quick Input between F1 and typing). Only for commands that may run twice (open a view, set a layout).
 */
async function command(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  try {
    await runCommand(page, title, timeoutMs);
  } catch (e) {
    process.stdout.write(`      "${title}" did not run (${(e as Error).message.split('\n')[0]}); once more\n`);
    await page.waitForTimeout(1000);
    await runCommand(page, title, timeoutMs);
  }
}

for (const theme of THEMES.filter((t) => !process.env.E2E_THEMES || process.env.E2E_THEMES.split(',').includes(t.key))) {
  describe(`Cost e2e [${theme.key}]`, function () {
    let page: Page;
    let view: FrameLocator;
    let ds: Dataset;
    let model: CostModel;
    useWorkbench({
      name: `e2e-cost-${theme.key}`,
      server: async (ctx) => {
        if (!fs.existsSync(SAMPLE_DATA)) ctx.skip();
        ds = await loadPaths([SAMPLE_DATA]);
        model = new CostModel(ds, {});
        return { theme: theme.name };
      },
      skipAfterFailure: { theme: theme.key, step: 'cost-failure' },
      opened: (s) => { page = s.page; view = webview(page); },
    });

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
      // One editor group (the source group beside the explorer closes), so the table has the window's width.
      await command(page, 'View: Single Column Editor Layout', 30_000);
      await command(page, 'Serverless Traces: Open Anomalies');
      const table = view.locator('[data-testid="cost-table"]').first();
      await poll('the cost table', async () => (await table.count()) > 0 || undefined, 120_000);
      // The rest of the view too, for the screenshot.
      await poll('the invocation list', async () => (await view.locator('.invocations-pane li').count()) > 0 || undefined, 60_000);
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
      await command(page, 'View: Single Column Editor Layout', 30_000);
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

    it('the Architecture view sizes function nodes by cost, the dearest the largest, its cost under its name', async function () {
      this.timeout(180_000);
      const fns = [...model.functions()].sort((a, b) => b.costUsd - a.costUsd);
      await command(page, 'Serverless Traces: Open Architecture View');
      type Node = { id: string; label: string; classes: string[] };
      const hookNodes = '(() => window.traceExplorerGraph ? window.traceExplorerGraph.nodes() : null)()';
      const frame: Frame = await poll('the Architecture webview with its nodes', async () => {
        for (const f of page.frames()) {
          if (f === page.mainFrame() || f.isDetached()) continue;
          const nodes = (await f.evaluate(hookNodes).catch(() => null)) as Node[] | null;
          if (nodes && nodes.length > 0) return f;
        }
        return undefined;
      }, 90_000, 300);
      await frame.locator('[data-testid="size-by-cost"]').check();
      const nodes = await poll('function nodes sized by cost', async () => {
        const n = (await frame.evaluate(hookNodes)) as Node[];
        return n.some((x) => x.classes.some((c) => c.startsWith('cost-'))) ? n : undefined;
      }, 20_000);
      const dearest = nodes.find((n) => n.label.split('\n')[0] === fns[0].function && n.classes.includes('t-function'));
      assert.ok(dearest, `node of ${fns[0].function}: ${JSON.stringify(nodes.map((n) => n.label))}`);
      assert.ok(dearest.classes.includes('cost-5'), `dearest node classes ${dearest.classes.join(' ')}`);
      assert.ok(dearest.label.endsWith(`\n${formatUsd(fns[0].costUsd)}`), `label "${dearest.label}"`);
      assert.ok(nodes.filter((n) => !n.classes.includes('t-function')).every((n) => !n.classes.some((c) => c.startsWith('cost-'))), 'only functions are sized');
      await saveScreenshot(page, theme.key, 'cost-graph');
    });
  });
}
