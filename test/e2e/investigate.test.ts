// End-to-end (issue 18): in the real VS Code, a person compares a slow and a fast `POST /orders` trace of the
// sample and sees the slow dependency (DynamoDB PutItem, slowed by the sample's incident) at the top of the
// differences, opens it in the slow trace; opens the flame graph and zooms into a subtree; searches a trace
// for `401` and steps through the matches with Enter. The expectations come from the core reader on the
// sample files and the sample's manifest, not from the UI. Screenshots per theme: compare, flame, search.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { loadPaths } from '../../src/core/load';
import { alignLogLines, logTemplate } from '../../src/core/compare';
import { formatDuration } from '../../src/common/format';
import type { SpanNode, Trace } from '../../src/core/model';
import { REPO_ROOT } from '../support/codeServer';
import { useWorkbench } from '../support/session';
import { pngStats } from '../support/png';
import { poll, runCommand, saveScreenshot, testId, webview } from '../support/workbench';
import { selectedThemes } from '../support/themes';

const SAMPLE = path.join(REPO_ROOT, 'samples', 'data');

interface Expected {
  slow: Trace;
  fast: Trace;
  slowPut: SpanNode;
  searchTrace: Trace;
  matches: string[];
}

/** The pair to compare and the trace to search, from the sample files with the core reader and the manifest. */
async function expected(): Promise<Expected> {
  const ds = await loadPaths([SAMPLE]);
  const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'manifest.json'), 'utf8')) as { incidents: { dynamoSpike: { startMs: number; endMs: number } } };
  const spike = manifest.incidents.dynamoSpike;
  const isOrder = (t: Trace) => { const a = t.roots[0]?.span.attributes ?? {}; return (a['http.method'] ?? a['http.request.method']) === 'POST' && a['http.route'] === '/orders'; };
  const put = (t: Trace) => t.nodes.find((n) => n.span.name === 'DynamoDB.PutItem');
  // Whole orders (API, PutItem, both queues and their consumers), no error.
  const whole = ds.traces.filter((t) => isOrder(t) && t.nodes.length === 11 && t.errorCount === 0 && put(t));
  const slow = [...whole].sort((x, y) => put(y)!.span.durationMs - put(x)!.span.durationMs)[0];
  // The fast one: the quickest response (root span) outside the incident.
  const fast = whole.filter((t) => t.startMs < spike.startMs || t.startMs > spike.endMs).sort((x, y) => x.roots[0].span.durationMs - y.roots[0].span.durationMs)[0];
  assert.ok(slow.startMs >= spike.startMs && slow.startMs <= spike.endMs, 'the slowest PutItem is inside the sample\'s DynamoDB incident');
  const mentions = (n: SpanNode) => [n.span.name, n.span.service, n.span.status, n.span.statusMessage ?? '', String(n.span.httpStatus ?? ''),
    JSON.stringify(n.span.attributes), ...n.logs.map((l) => l.message)].some((x) => x.includes('401'));
  const withMatches = ds.traces.map((t) => ({ t, m: t.nodes.filter(mentions).map((n) => n.span.spanId) })).filter((x) => x.m.length >= 2)
    // Prefer a trace where some spans do not match, so "only matches" has something to hide.
    .sort((x, y) => Number(y.t.nodes.length > y.m.length) - Number(x.t.nodes.length > x.m.length) || y.m.length - x.m.length || x.t.traceId.localeCompare(y.t.traceId));
  assert.ok(withMatches.length > 0, 'a sample trace mentions 401 in at least two spans');
  return { slow, fast, slowPut: put(slow)!, searchTrace: withMatches[0].t, matches: withMatches[0].m };
}

async function openTraceFromList(view: FrameLocator, traceId: string): Promise<void> {
  const filter = testId(view, 'trace-filter').first();
  await filter.fill(traceId);
  const row = view.locator(`[data-testid="trace-row"][data-trace-id="${traceId}"]`).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await poll(`the timeline to show ${traceId}`, async () => (await testId(view, 'span-row').first().getAttribute('data-span-id')) ? true : undefined, 20_000);
  await poll(`${traceId} selected in the list`, async () => (await row.getAttribute('aria-selected')) === 'true' || undefined, 10_000);
}

async function selectedSpan(view: FrameLocator): Promise<string | null> {
  return view.locator('[data-testid="span-row"][aria-selected="true"]').first().getAttribute('data-span-id', { timeout: 2000 }).catch(() => null);
}

async function visualStats(el: Locator) {
  return pngStats(await el.screenshot({ timeout: 15_000 }));
}

for (const theme of selectedThemes()) {
  describe(`Investigate e2e: compare, flame graph, search [${theme.key}]`, function () {
    let page: Page;
    let view: FrameLocator;
    let want: Expected;

    useWorkbench({
      name: `e2e-investigate-${theme.key}`,
      server: () => ({ theme: theme.name }),
      skipAfterFailure: { theme: theme.key, step: 'investigate-failure' },
      startTimeoutMs: 240_000,
      opened: async (s) => {
        want = await expected();
        page = s.page;
        view = webview(page);
        await poll(`the workbench to use ${theme.name}`, async () => ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes(theme.baseClass) || undefined, 30_000);
        await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
        await poll('trace rows', async () => (await view.locator('[data-testid="trace-row"][data-trace-id]').count()) > 0 || undefined, 60_000);
      },
    });

    it('compares a slow and a fast POST /orders trace: the slow dependency is at the top of the differences', async function () {
      this.timeout(120_000);
      // Pin the fast trace, open the slow one, compare it with the pinned one.
      await openTraceFromList(view, want.fast.traceId);
      await testId(view, 'compare-button').click();
      await testId(view, 'compare-pin').click();
      await openTraceFromList(view, want.slow.traceId);
      await testId(view, 'compare-button').click();
      const pinned = testId(view, 'compare-pinned');
      assert.match(await pinned.innerText(), new RegExp(want.fast.traceId));
      await pinned.click();
      const first = testId(view, 'compare-biggest-item').first();
      await first.waitFor({ state: 'visible', timeout: 30_000 });
      const text = await first.innerText();
      assert.match(text, /DynamoDB\.PutItem/, `the first difference: ${text}`);
      assert.match(text, /^\+/, `PutItem is slower in B (the slow trace): ${text}`);
      // Both traces have the same 11 spans: every merged row is in both.
      assert.strictEqual(await testId(view, 'compare-row').count(), 11);
      assert.match(await testId(view, 'compare-view').innerText(), /B − A: [+−]/);
      await saveScreenshot(page, theme.key, 'compare');
      // The orders function's log lines in A (fast) and B (slow) side by side, lined up by statement.
      const fn = (t: Trace) => t.nodes.find((n) => n.span.service === 'shop-orders-api' && n.logs.length > 0 && n.invocation)!;
      const fa = fn(want.fast);
      const fb = fn(want.slow);
      const align = alignLogLines(fa.logs.map((l) => logTemplate(l.message)), fb.logs.map((l) => logTemplate(l.message)));
      const fnRow = testId(view, 'compare-row').filter({ hasText: `shop-orders-api · ${fb.span.name}` }).first();
      await fnRow.locator('[data-testid="compare-logs-button"]').click();
      const logRows = testId(view, 'compare-log-row');
      await poll(`${align.length} log rows`, async () => (await logRows.count()) === align.length || undefined, 15_000);
      assert.strictEqual(await fnRow.getAttribute('aria-current'), 'true');
      assert.match(await testId(view, 'compare-logs-summary').innerText(), new RegExp(`A: ${fa.logs.length} lines · B: ${fb.logs.length} lines`));
      for (let r = 0; r < align.length; r++) {
        const row = logRows.nth(r);
        const a = align.a[r] >= 0 ? fa.logs[align.a[r]] : undefined;
        const b = align.b[r] >= 0 ? fb.logs[align.b[r]] : undefined;
        assert.strictEqual(await row.getAttribute('data-kind'), !a ? 'only-b' : !b ? 'only-a' : align.same[r] ? 'same' : 'changed');
        if (a) assert.strictEqual((await row.locator('[data-testid="compare-log-a"] .cmp-log-msg').textContent())?.trim(), a.message.trim());
        if (b) assert.strictEqual((await row.locator('[data-testid="compare-log-b"] .cmp-log-msg').textContent())?.trim(), b.message.trim());
      }
      // Each side's times are from its own span's start: B's first app line is at +(its time - the slow span's start).
      const firstB = fb.logs.findIndex((l) => l.kind === 'app');
      const rowB = [...align.b].indexOf(firstB);
      assert.strictEqual((await logRows.nth(rowB).locator('td').nth(2).innerText()).trim(), `+${formatDuration(fb.logs[firstB].timestampMs - fb.span.startMs)}`);
      await testId(view, 'compare-logs').scrollIntoViewIfNeeded();
      await saveScreenshot(page, theme.key, 'compare-logs');
      // Open B at that span: the slow trace's timeline with its PutItem selected.
      await first.locator('[data-testid="compare-open-b"]').click();
      await poll('the slow trace\'s PutItem selected in the timeline', async () => (await selectedSpan(view)) === want.slowPut.span.spanId || undefined, 20_000);
      assert.ok(await testId(view, 'compare-view').isHidden());
    });

    it('compares two traces picked in the list: Ctrl+click, or Shift+Space on the keyboard, then "Compare selected"', async function () {
      this.timeout(90_000);
      await openTraceFromList(view, want.slow.traceId);
      // The list now shows only the fast trace; the slow one stays open.
      await testId(view, 'trace-filter').first().fill(want.fast.traceId);
      const fastRow = view.locator(`[data-testid="trace-row"][data-trace-id="${want.fast.traceId}"]`).first();
      await fastRow.waitFor({ state: 'visible', timeout: 20_000 });
      assert.strictEqual(await testId(view, 'trace-list').getAttribute('aria-multiselectable'), 'true');
      await fastRow.click({ modifiers: ['Control'] });
      await poll('the fast trace marked as the second selection', async () => (await fastRow.getAttribute('aria-selected')) === 'true' || undefined, 10_000);
      assert.ok(await testId(view, 'list-compare').isVisible());
      // Still the slow trace's timeline: Ctrl+click did not open the fast one.
      assert.strictEqual(await testId(view, 'span-row').first().getAttribute('data-span-id'), want.slow.roots[0].span.spanId);
      // Keyboard: Escape clears the second selection, Shift+Space on the row under the cursor picks it again.
      await testId(view, 'trace-list').focus();
      await page.keyboard.press('Escape');
      await poll('the second selection cleared', async () => (await fastRow.getAttribute('aria-selected')) === 'false' || undefined, 5000);
      assert.ok(await testId(view, 'list-compare').isHidden());
      await page.keyboard.press('Shift+Space');
      await poll('picked again with Shift+Space', async () => (await fastRow.getAttribute('aria-selected')) === 'true' || undefined, 5000);
      assert.match(await testId(view, 'list-compare-text').innerText(), /Second trace: /);
      await saveScreenshot(page, theme.key, 'list-multiselect');
      await testId(view, 'compare-selected').focus();
      await page.keyboard.press('Enter');
      const first = testId(view, 'compare-biggest-item').first();
      await first.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await first.innerText(), /^\+.*DynamoDB\.PutItem/s, 'the slow trace (B, the open one) has the slower PutItem');
      assert.strictEqual(await testId(view, 'compare-row').count(), 11);
      await testId(view, 'compare-close').click();
      await testId(view, 'compare-clear').click();
    });

    it('opens the flame graph beside the timeline and zooms into a subtree (keyboard), then back with the breadcrumbs', async function () {
      this.timeout(90_000);
      await testId(view, 'view-flame').click();
      const flame = testId(view, 'flame-view');
      await flame.waitFor({ state: 'visible', timeout: 10_000 });
      const crumbs = testId(view, 'flame-crumbs');
      await poll('the flame graph of the slow trace', async () => /all spans/.test(await crumbs.innerText()) || undefined, 20_000);
      await page.waitForTimeout(300);
      const stats = await visualStats(testId(view, 'flame-canvas'));
      assert.ok(stats.nonBackgroundRatio > 0.02 && stats.distinctColours >= 3, `flame canvas looks blank: ${JSON.stringify(stats)}`);
      // Keyboard: into the root frame, then its child (the orders function), Enter zooms into it.
      await testId(view, 'flame').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const info = testId(view, 'flame-info');
      await poll('the cursor on the orders function', async () => /shop-orders-api/.test(await info.innerText()) || undefined, 5000);
      await page.keyboard.press('Enter');
      await poll('zoomed into shop-orders-api', async () => /all spans.*›.*›.*shop-orders-api/s.test(await crumbs.innerText()) || undefined, 10_000);
      // The zoomed graph starts at that frame, at full width: its children (PutItem among them) are drawn.
      const zoomed = await visualStats(testId(view, 'flame-canvas'));
      assert.ok(zoomed.nonBackgroundRatio > 0.02, `zoomed flame looks blank: ${JSON.stringify(zoomed)}`);
      await saveScreenshot(page, theme.key, 'flame-zoomed');
      await testId(view, 'flame-crumb').first().click();
      await poll('back to the whole trace', async () => !/›/.test(await crumbs.innerText()) || undefined, 10_000);
      await testId(view, 'view-timeline').click();
      await testId(view, 'timeline').waitFor({ state: 'visible', timeout: 10_000 });
    });

    it('keeps the search and view bar on one row in a narrow panel (short labels), so the timeline keeps its height', async function () {
      this.timeout(60_000);
      const size = page.viewportSize()!;
      await page.setViewportSize({ width: 1100, height: size.height });
      try {
        const bar = view.locator('.investigate-bar');
        const row = async () => {
          const boxes = await Promise.all([testId(view, 'trace-search'), testId(view, 'trace-search-next'), testId(view, 'view-flame'), testId(view, 'compare-button')].map((l) => l.boundingBox()));
          const barBox = await bar.boundingBox();
          return { barBox, mids: boxes.map((b) => (b ? b.y + b.height / 2 : NaN)) };
        };
        const r = await poll('the bar in its short form', async () => {
          const x = await row();
          return x.barBox && x.barBox.width < 600 && (await testId(view, 'view-flame').innerText()).trim() === 'Flame' ? x : undefined;
        }, 10_000);
        await saveScreenshot(page, theme.key, 'bar-narrow');
        const widths = await view.locator('.investigate-bar *:is(input, button, label, span.search-count)').evaluateAll((els) => els.map((e) => `${e.className || e.tagName}:${Math.round(e.getBoundingClientRect().width)}`).join(' '));
        assert.ok(r.barBox!.height <= 40, `one row: the bar is ${r.barBox!.height}px high, ${r.barBox!.width}px wide (${widths})`);
        for (const m of r.mids) assert.ok(Math.abs(m - r.mids[0]) <= 4, `controls on one line: ${r.mids.join(', ')}`);
        // The short label is what shows; the name stays whole for screen readers.
        assert.strictEqual(await testId(view, 'view-flame').getAttribute('aria-label'), 'Flame graph');
      } finally {
        await page.setViewportSize(size);
      }
    });

    it('searches a trace for 401 and steps through the matches with Enter (and back with Shift+Enter)', async function () {
      this.timeout(90_000);
      await openTraceFromList(view, want.searchTrace.traceId);
      const input = testId(view, 'trace-search');
      const count = testId(view, 'trace-search-count');
      await input.click();
      await input.fill('401');
      const n = want.matches.length;
      await poll(`"1 / ${n}"`, async () => (await count.innerText()).trim() === `1 / ${n}` || undefined, 15_000);
      const seen: (string | null)[] = [];
      for (let k = 0; k <= n; k++) {
        await poll(`"${(k % n) + 1} / ${n}"`, async () => (await count.innerText()).trim() === `${(k % n) + 1} / ${n}` || undefined, 10_000);
        await poll(`match ${k % n} selected`, async () => (await selectedSpan(view)) === want.matches[k % n] || undefined, 10_000);
        seen.push(await selectedSpan(view));
        if (k === 0) {
          const highlighted = await view.locator('[data-testid="span-row"].is-match').count();
          assert.ok(highlighted >= Math.min(n, 2), `matches highlighted: ${highlighted}`);
          await saveScreenshot(page, theme.key, 'search');
        }
        await input.press('Enter');
      }
      assert.deepStrictEqual(seen, [...want.matches, want.matches[0]]);
      // Now on match 2 (Enter after wrapping): Shift+Enter goes back to 1.
      await input.press('Shift+Enter');
      await input.press('Shift+Enter');
      await poll(`"${n} / ${n}"`, async () => (await count.innerText()).trim() === `${n} / ${n}` || undefined, 10_000);
      // Only matches: the rows are the matches and their ancestors.
      await testId(view, 'trace-search-only').check();
      await poll('only matches and their ancestors shown', async () => {
        const ids = await view.locator('[data-testid="span-row"][data-span-id]:not([hidden])').evaluateAll((els) => els.map((e) => e.getAttribute('data-span-id')));
        const trace = want.searchTrace;
        const keep = new Set<string>();
        for (const id of want.matches) {
          for (let n: SpanNode | undefined = trace.nodes.find((x) => x.span.spanId === id); n; n = trace.nodes.find((p) => p.children.includes(n!))) keep.add(n.span.spanId);
        }
        return ids.length === keep.size && ids.every((id) => keep.has(id!)) || undefined;
      }, 10_000);
      await testId(view, 'trace-search-only').uncheck();
      await input.fill('');
    });
  });
}
