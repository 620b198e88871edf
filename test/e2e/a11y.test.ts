// End-to-end (issue 21): axe-core's WCAG 2.0 / 2.1 / 2.2 A and AA rules over every panel, in the light, dark and
// high-contrast themes, in real VS Code (code-server). axe runs inside the webview's own frame, injected through
// playwright's evaluate so the panel keeps its strict CSP. Each panel is checked with data loaded and something
// selected (the state a user sees), and its screenshot kept: test-results/screenshots/<theme>-a11y-<panel>.png.
import * as assert from 'assert';
import type { Frame, Page } from 'playwright-core';
import { describeViolations, runAxe } from '../support/axe';
import { selectedThemes } from '../support/themes';
import { poll, runCommand, saveScreenshot, webviewFrame } from '../support/workbench';
import { useWorkbench } from '../support/session';

/** Closes every editor (a panel's webview goes with it), so exactly one webview frame is left to find. */
async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors', 30_000);
  await poll('every editor closed', async () => (await page.locator('iframe.webview').count()) === 0 || undefined, 15_000);
}

async function assertNoViolations(frame: Frame, panel: string, theme: string): Promise<void> {
  const r = await runAxe(frame);
  console.log(`      axe ${r.version} on ${panel} [${theme}]: ${r.violations.length} violations`);
  assert.ok(r.violations.length === 0, `axe found WCAG A/AA violations in ${panel} [${theme}]:\n${describeViolations(r.violations)}`);
}

for (const theme of selectedThemes()) {
  describe(`Accessibility e2e [${theme.key}: ${theme.name}]`, function () {
    let page: Page;
    useWorkbench({
      name: `e2e-a11y-${theme.key}`,
      server: () => ({ theme: theme.name }),
      skipAfterFailure: false,
      opened: async (s) => {
        page = s.page;
        await poll(`the workbench to use ${theme.name}`, async () =>
          ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes(theme.baseClass) || undefined, 30_000);
      },
    });

    // Each panel is checked on its own (all editors closed between them): one panel's failure does not skip the next.
    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && page) await saveScreenshot(page, theme.key, `a11y-failure-${this.currentTest.title.split(' ')[0]}`).catch(() => undefined);
    });

    it('Trace Explorer has no WCAG A/AA violations (list, timeline, span details)', async function () {
      this.timeout(180_000);
      await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
      const frame = await webviewFrame(page, 60_000);
      await poll('trace rows and span rows drawn with their data', () => frame.evaluate(() => {
        const traces = [...document.querySelectorAll('[data-testid="trace-row"]:not([hidden])')];
        const spans = [...document.querySelectorAll('[data-testid="span-row"]:not([hidden])')];
        return traces.length > 0 && traces.every((e) => e.hasAttribute('data-trace-id')) && spans.some((e) => e.hasAttribute('data-span-id'))
          && !!document.querySelector('[data-testid="span-details"] .details-title');
      }), 90_000);
      await assertNoViolations(frame, 'the Trace Explorer', theme.key);
      await saveScreenshot(page, theme.key, 'a11y-explorer');
      // The keyboard reference (the `?` key) is part of the panel too.
      await frame.evaluate(() => document.querySelector<HTMLElement>('[data-testid="keyboard-help-button"]')!.click());
      await poll('the keyboard reference open', () => frame.evaluate(() => document.querySelector<HTMLDialogElement>('dialog[data-testid="keyboard-help"]')?.open), 5000);
      await assertNoViolations(frame, 'the Trace Explorer\'s keyboard reference', theme.key);
      await frame.evaluate(() => document.querySelector<HTMLDialogElement>('dialog[data-testid="keyboard-help"]')!.close());
    });

    it('Trace Explorer\'s investigation tools have no WCAG A/AA violations (search matches, flame graph, Compare menu, comparison, log lines side by side, a second trace picked)', async function () {
      this.timeout(180_000);
      // The panel the previous test opened, with a trace shown.
      const frame = await webviewFrame(page, 60_000);
      const text = (testid: string) => frame.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testid);
      await frame.fill('[data-testid="trace-search"]', 'shop');
      await poll('search matches counted', async () => /\d+ \/ \d+/.test(await text('trace-search-count')) || undefined, 20_000);
      await poll('matched rows highlighted', () => frame.evaluate(() => document.querySelectorAll('[data-testid="span-row"].is-match').length > 0 || undefined), 10_000);
      await assertNoViolations(frame, 'the Trace Explorer with search matches', theme.key);
      await frame.click('[data-testid="view-flame"]');
      await poll('the flame graph drawn', async () => /all spans/.test(await text('flame-crumbs')) || undefined, 20_000);
      await assertNoViolations(frame, 'the flame graph', theme.key);
      await saveScreenshot(page, theme.key, 'a11y-flame');
      await frame.click('[data-testid="compare-button"]');
      await poll('the Compare menu open', () => frame.evaluate(() => !document.querySelector<HTMLElement>('[data-testid="compare-menu"]')?.hidden || undefined), 10_000);
      await assertNoViolations(frame, 'the Compare menu', theme.key);
      await frame.click('[data-testid="compare-typical"]');
      await poll('the comparison shown', () => frame.evaluate(() => document.querySelectorAll('[data-testid="compare-row"]').length > 0 || undefined), 20_000);
      await assertNoViolations(frame, 'a comparison with the typical trace', theme.key);
      await saveScreenshot(page, theme.key, 'a11y-compare');
      // A row's log lines side by side (the typical trace has none: B's lines alone).
      await frame.click('[data-testid="compare-row"]:nth-child(2) [data-testid="compare-logs-button"]');
      await poll('the log lines shown', async () => /lines? · showing|Neither span/.test(await text('compare-logs-summary')) || undefined, 20_000);
      await assertNoViolations(frame, 'log lines side by side', theme.key);
      await frame.click('[data-testid="compare-close"]');
      // A second trace picked in the list, with its "Compare selected" bar.
      await frame.click('[data-testid="trace-row"][data-trace-id][aria-selected="false"]', { modifiers: ['Control'] });
      await poll('a second trace picked', () => frame.evaluate(() => !document.querySelector<HTMLElement>('[data-testid="list-compare"]')?.hidden || undefined), 10_000);
      await assertNoViolations(frame, 'the trace list with a second trace picked', theme.key);
      await frame.click('[data-testid="compare-clear"]');
      await frame.fill('[data-testid="trace-search"]', '');
    });

    it('Architecture view has no WCAG A/AA violations (overview, then a node selected)', async function () {
      this.timeout(180_000);
      await closeAllEditors(page);
      await runCommand(page, 'Serverless Traces: Open Architecture View', 60_000);
      const frame = await webviewFrame(page, 60_000);
      await poll('the graph drawn and its side list filled', () => frame.evaluate(() => {
        const g = (window as unknown as { traceExplorerGraph?: { nodes(): unknown[] } }).traceExplorerGraph;
        return !!g && g.nodes().length > 0 && document.querySelectorAll('.element-ref').length > 0;
      }), 90_000);
      await assertNoViolations(frame, 'the Architecture overview', theme.key);
      // Opening the panel focused the graph and ringed its entry node; an arrow key moves to a connected node.
      type Hook = { keyboardNode(): string | undefined; edges(): { source: string; target: string }[] };
      const hook = () => frame.evaluate(() => {
        const g = (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph;
        return { node: g.keyboardNode(), edges: g.edges(), focus: (document.activeElement as HTMLElement | null)?.dataset.testid, said: document.querySelector('[data-testid="announcer"]')?.textContent ?? '' };
      });
      const start = await poll('focus on the graph with a node ringed', async () => { const x = await hook(); return x.focus === 'graph-canvas' && x.node ? x : undefined; }, 20_000);
      await page.keyboard.press('ArrowDown');
      const moved = await poll('ArrowDown to move to a connected node', async () => { const x = await hook(); return x.node && x.node !== start.node ? x : undefined; }, 10_000);
      assert.ok(moved.edges.some((e) => (e.source === start.node && e.target === moved.node) || (e.target === start.node && e.source === moved.node)),
        `${moved.node} is not connected to ${start.node}`);
      await poll('the move announced', async () => ((await hook()).said.includes('calls') ? true : undefined), 5000);
      await saveScreenshot(page, theme.key, 'a11y-graph');
      const id = await frame.evaluate(() => document.querySelector<HTMLElement>('.element-ref')!.dataset.elementId!);
      await frame.evaluate((x) => (window as unknown as { traceExplorerGraph: { select(id: string): void } }).traceExplorerGraph.select(x), id);
      await poll('the element\'s traces listed', () => frame.evaluate(() => document.querySelectorAll('.trace-ref').length > 0
        || [...document.querySelectorAll('.graph-details .trace-list li')].some((li) => /No /.test(li.textContent ?? ''))), 30_000);
      await assertNoViolations(frame, 'the Architecture details of a node', theme.key);
    });

    it('Anomalies view has no WCAG A/AA violations (charts, tables, invocations)', async function () {
      this.timeout(180_000);
      await closeAllEditors(page);
      await runCommand(page, 'Serverless Traces: Open Anomalies', 60_000);
      const frame = await webviewFrame(page, 60_000);
      await poll('four charts, the slow-vs-fast table and the invocations', () => frame.evaluate(() =>
        document.querySelectorAll('.chart .main-svg').length >= 4 && document.querySelectorAll('button.invocation').length > 0
        && document.querySelectorAll('table.compare').length > 0), 120_000);
      await assertNoViolations(frame, 'the Anomalies view', theme.key);
      await saveScreenshot(page, theme.key, 'a11y-anomalies');
      // Each chart's numbers, as the keyboard opens them (the histogram's counts are buttons).
      const tables = await frame.evaluate(() => {
        const all = [...document.querySelectorAll<HTMLDetailsElement>('[data-testid^="chart-table-"]')];
        for (const d of all) d.open = true;
        return all.length;
      });
      assert.strictEqual(tables, 4, 'a data table under each of the four charts');
      await assertNoViolations(frame, 'the Anomalies view with its chart tables open', theme.key);
      await frame.evaluate(() => document.querySelector('[data-testid="chart-table-percentiles"]')!.scrollIntoView());
      await saveScreenshot(page, theme.key, 'a11y-anomalies-tables');
    });
  });
}
