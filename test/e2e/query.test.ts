// End-to-end: every palette query command, run from the command palette like a person, with its
// results checked against what this file computes from the sample dataset (loadPaths, plain filters and
// sorts here, never the query engine), and one result opened in the Trace Explorer:
// "Find Slow Invocations..." (all functions, above p95), "Find Errors..." (all functions, then one
// function), "Find Cold Starts..." (one function), "Find Timeouts...", "Open Trace by ID..." (X-Ray and
// W3C forms, and a rejected id), "Query Traces..." (typed query) and "Save Query" (saved to the workspace
// settings, listed in the Query Results view, run from there, deleted with its trash icon). One theme: the look is the explorer
// test's business.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { loadPaths } from '../../src/core/load';
import type { Dataset } from '../../src/core/dataset';
import type { Invocation } from '../../src/core/model';
import { REPO_ROOT } from '../support/codeServer';
import { describeWorkbench, poll, quickInput, runCommand, saveScreenshot, testId, webview, pickRow, quickPickRows } from '../support/workbench';
import { useWorkbench } from '../support/session';

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

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An invocation's duration as the sample records it. */
function dur(i: Invocation): number {
  return i.durationMs ?? i.endMs - i.startMs;
}

/** "2026-11-20 11:29:56Z": how a result row shows an invocation's start (UTC, whole seconds). */
function utcSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

describe('palette queries e2e', function () {
  let page: Page;
  let invocations: Invocation[] = [];
  let ds: Dataset;

  const session = useWorkbench({
    name: 'e2e-query',
    server: async (ctx) => {
      if (!fs.existsSync(SAMPLE)) ctx.skip();
      ds = await loadPaths([SAMPLE]);
      invocations = ds.invocations;
      return { theme: 'Default Dark Modern' };
    },
    skipAfterFailure: false,
    opened: (s) => { page = s.page; },
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    await saveScreenshot(page, 'query', `failure-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`).catch(() => undefined);
    console.log(`      workbench at the failure: ${await describeWorkbench(page)}`);
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

  const pickTitle = (): Locator => page.locator('.quick-input-widget .quick-input-title');

  /**
   * Runs the palette steps of a test; when they fail because the Quick Input closed under them, runs
   * them again, at most 3 times. Seen in about one run in four, always right after the previous test
   * opened a trace: the next command's Quick Pick closes on its own, most likely because the Trace
   * Explorer takes the focus a moment late (a Quick Pick closes when it loses focus; not pinned down).
   * A failure with the Quick Input still open (a wrong count, a wrong row) is not retried.
   */
  async function flow<T>(what: string, steps: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await steps();
      } catch (e) {
        const open = await page.locator('.quick-input-widget').first().isVisible().catch(() => false);
        if (attempt >= 3 || open) throw e;
        const focus = await page.evaluate(() => { const a = document.activeElement; return a ? `${a.tagName.toLowerCase()}.${[...a.classList].join('.')}` : 'none'; }).catch(() => '?');
        session.wb.console.push(`[test] ${what}: the Quick Input closed during attempt ${attempt} (${(e as Error).message.split('\n')[0]}; focus on ${focus}); again`);
        await closeQuickInput();
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Escape, then wait until the Quick Input is gone: F1 pressed while it is still closing can be lost. */
  async function closeQuickInput(): Promise<void> {
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  }

  /** Waits for the results Quick Pick of `command` ("Find Errors: 7 invocations (...)") and returns its title. */
  async function resultsTitle(command: string): Promise<string> {
    const re = new RegExp(`^${command}: \\d+`);
    return poll(`the "${command}" results`, async () => {
      const t = (await pickTitle().innerText().catch(() => '')).trim();
      return re.test(t) ? t : '';
    }, 20_000);
  }

  /** The rendered result rows, in list order (rows carry data-index; the DOM order may differ after scrolling). */
  async function resultRows(): Promise<string[]> {
    await quickPickRows(page).first().waitFor({ state: 'visible', timeout: 30_000 });
    const rows = await quickPickRows(page).evaluateAll((els) => els.map((e) => ({
      i: Number((e as HTMLElement).dataset.index ?? -1),
      text: (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
    })));
    return rows.sort((a, b) => a.i - b.i).map((r) => r.text);
  }

  /** Each shown row is the expected invocation: function, start second, duration, status and cold start. */
  function assertRows(texts: string[], want: Invocation[], atLeast: number): void {
    assert.ok(texts.length >= Math.min(atLeast, want.length), `only ${texts.length} rows: ${JSON.stringify(texts)}`);
    texts.slice(0, want.length).forEach((t, k) => {
      const inv = want[k];
      const what = `row ${k} "${t}" vs ${inv.functionName} ${inv.requestId}`;
      assert.ok(t.includes(inv.functionName), `${what}: function`);
      assert.ok(t.includes(utcSeconds(inv.startMs)), `${what}: start ${utcSeconds(inv.startMs)}`);
      const shown = msOf(t);
      assert.ok(shown !== undefined && Math.abs(shown - dur(inv)) <= Math.max(0.1, dur(inv) * 0.01), `${what}: duration ${dur(inv)} ms`);
      assert.equal(/ · (ERROR|TIMEOUT|CRASH)\b/.exec(t)?.[1] ?? 'OK', inv.status.toUpperCase(), `${what}: status`);
      assert.equal(t.includes('cold start'), inv.coldStart, `${what}: cold start`);
    });
  }

  /** Enter on the highlighted (first) result opens its trace with the invocation's span selected. */
  async function openFirstResult(inv: Invocation, shot: string): Promise<void> {
    assert.ok(inv.traceId, `${inv.requestId} has a trace`);
    await page.keyboard.press('Enter');
    await timeline().waitFor({ state: 'visible', timeout: 60_000 });
    await poll(`the timeline on trace ${inv.traceId}`, () => showsTrace(inv.traceId!), 60_000);
    const span = invocationSpan(inv);
    if (span) await poll(`span ${span} (the invocation) selected`, async () => (await selectedSpan()) === span, 20_000);
    await saveScreenshot(page, 'query', shot);
  }

  it('Find Slow Invocations -> all functions -> above p95 lists the slowest above-p95 invocations and opens the first', async function () {
    this.timeout(180_000);
    const byFn = new Map<string, number[]>();
    for (const i of invocations) byFn.set(i.functionName, [...(byFn.get(i.functionName) ?? []), dur(i)]);
    const cut = new Map([...byFn].map(([f, v]) => [f, p95(v)]));
    const want = invocations.filter((i) => dur(i) > cut.get(i.functionName)!).sort((a, b) => dur(b) - dur(a) || a.startMs - b.startMs);
    assert.ok(want.length >= 5, 'the sample has a slow tail');

    await flow('Find Slow Invocations', async () => {
      await runCommand(page, 'Serverless Traces: Find Slow Invocations...', 90_000);
      await pickRow(page, /All functions/, 90_000); // the first command waits for the data to load
      await pickRow(page, /Above p95/);
      assert.match(await resultsTitle('Find Slow Invocations'), new RegExp(`: ${want.length} invocations`));
      assertRows(await resultRows(), want, 5);
    });
    await saveScreenshot(page, 'query', 'find-slow-results');
    await openFirstResult(want[0], 'find-slow-opened');
  });

  it('Open Trace by ID accepts an X-Ray id', async function () {
    this.timeout(120_000);
    const target = invocations.find((i) => i.traceId && i.status === 'ok' && !i.coldStart)!; // not the trace shown before
    const xray = `1-${target.traceId!.slice(0, 8)}-${target.traceId!.slice(8)}`;
    await flow('Open Trace by ID', async () => {
      await runCommand(page, 'Serverless Traces: Open Trace by ID...', 60_000);
      await quickInput(page).fill(xray, { timeout: 10_000 });
      await page.keyboard.press('Enter');
      await poll(`the timeline on trace ${target.traceId}`, () => showsTrace(target.traceId!), 60_000);
    });
  });

  it('Query Traces runs a typed query and opens the first result', async function () {
    this.timeout(120_000);
    const errors = invocations.filter((i) => i.status === 'error' && i.traceId).sort((a, b) => b.startMs - a.startMs);
    await flow('Query Traces', async () => {
      await runCommand(page, 'Serverless Traces: Query Traces...', 60_000);
      await quickInput(page).fill('status:error sort:start desc', { timeout: 10_000 });
      await pickRow(page, /Run: status:error sort:start desc/);
      assert.match(await resultsTitle('Query Traces'), new RegExp(`: ${errors.length} invocations`));
      assertRows(await resultRows(), errors, errors.length);
    });
    await openFirstResult(errors[0], 'query-traces-opened');
  });

  it('Find Errors lists the failed invocations (all functions, then one function) and opens one', async function () {
    this.timeout(180_000);
    const failed = (fn?: string) => invocations
      .filter((i) => i.status !== 'ok' && (!fn || i.functionName === fn))
      .sort((a, b) => b.startMs - a.startMs);
    const all = failed();
    assert.ok(all.some((i) => i.status === 'error') && all.some((i) => i.status === 'timeout') && all.some((i) => i.status === 'crash'), 'the sample has errors, a timeout and a crash');
    await flow('Find Errors (all functions)', async () => {
      await runCommand(page, 'Serverless Traces: Find Errors...', 60_000);
      await pickRow(page, /All functions/);
      assert.match(await resultsTitle('Find Errors'), new RegExp(`: ${all.length} invocations`));
      assertRows(await resultRows(), all, all.length);
    });
    await saveScreenshot(page, 'query', 'find-errors-all');
    await closeQuickInput();

    const fn = 'shop-orders-api';
    const mine = failed(fn);
    assert.ok(mine.length >= 2 && mine.length < all.length);
    assert.equal(await showsTrace(mine[0].traceId!), false, 'not already showing the trace to open');
    await flow(`Find Errors (${fn})`, async () => {
      await runCommand(page, 'Serverless Traces: Find Errors...', 60_000);
      await pickRow(page, new RegExp(fn));
      assert.match(await resultsTitle('Find Errors'), new RegExp(`: ${mine.length} invocations`));
      assertRows(await resultRows(), mine, mine.length);
    });
    await openFirstResult(mine[0], 'find-errors-opened');
  });

  it('Find Cold Starts for one function lists its cold starts, slowest first, and opens the first', async function () {
    this.timeout(180_000);
    const fn = 'shop-billing';
    const want = invocations.filter((i) => i.coldStart && i.functionName === fn).sort((a, b) => dur(b) - dur(a) || a.startMs - b.startMs);
    assert.ok(want.length >= 3, 'the sample has cold starts');
    assert.equal(await showsTrace(want[0].traceId!), false, 'not already showing the trace to open');
    await flow('Find Cold Starts', async () => {
      await runCommand(page, 'Serverless Traces: Find Cold Starts...', 60_000);
      await pickRow(page, new RegExp(fn));
      assert.match(await resultsTitle('Find Cold Starts'), new RegExp(`: ${want.length} invocations`));
      const rows = await resultRows();
      assertRows(rows, want, want.length);
      assert.ok(rows.every((t) => t.includes('cold start')), JSON.stringify(rows));
    });
    await openFirstResult(want[0], 'find-cold-starts-opened');
  });

  it('Find Timeouts lists the timed-out invocations and opens one', async function () {
    this.timeout(180_000);
    const want = invocations.filter((i) => i.status === 'timeout').sort((a, b) => b.startMs - a.startMs);
    assert.ok(want.length >= 1, 'the sample has a timeout');
    assert.equal(await showsTrace(want[0].traceId!), false, 'not already showing the trace to open');
    await flow('Find Timeouts', async () => {
      await runCommand(page, 'Serverless Traces: Find Timeouts...', 60_000);
      await pickRow(page, /All functions/);
      assert.match(await resultsTitle('Find Timeouts'), new RegExp(`: ${want.length} invocations?\\b`));
      assertRows(await resultRows(), want, want.length);
    });
    await openFirstResult(want[0], 'find-timeouts-opened');
  });

  it('Open Trace by ID accepts a W3C (32 hex) id and rejects what is not a trace id', async function () {
    this.timeout(120_000);
    const shown = await timeline().locator('#span-row-0[data-span-id]').first().getAttribute('data-span-id', { timeout: 2000 }).catch(() => null);
    const target = [...invocations].reverse().find((i) => i.traceId && i.status === 'ok' && !ds.traceById.get(i.traceId)!.nodes.some((n) => n.span.spanId === shown))!;
    assert.match(target.traceId!, /^[0-9a-f]{32}$/);
    const message = page.locator('.quick-input-widget .quick-input-message').first();
    await flow('Open Trace by ID (W3C)', async () => {
      await runCommand(page, 'Serverless Traces: Open Trace by ID...', 60_000);
      await quickInput(page).fill('not-a-trace-id', { timeout: 10_000 });
      await poll('the id refused', async () => /Not a trace id/.test(await message.innerText().catch(() => '')), 20_000);
      await page.keyboard.press('Enter'); // refused: the box stays open
      await quickInput(page).fill(target.traceId!, { timeout: 5000 });
      await poll('the id accepted', async () => !/Not a trace id/.test(await message.innerText().catch(() => '')), 20_000);
      await page.keyboard.press('Enter');
      await poll(`the timeline on trace ${target.traceId}`, () => showsTrace(target.traceId!), 60_000);
    });
    await saveScreenshot(page, 'query', 'open-trace-w3c');
  });

  it('Save Query saves to the workspace settings, the Query Results view lists it, running it from there works, and its trash icon deletes it', async function () {
    this.timeout(180_000);
    const query = 'function:shop-notifications duration>200ms sort:duration desc';
    const name = 'Slow notifications';
    const want = invocations.filter((i) => i.functionName === 'shop-notifications' && dur(i) > 200).sort((a, b) => dur(b) - dur(a) || a.startMs - b.startMs);
    assert.ok(want.length >= 5, 'the query has results');

    await flow('Save Query', async () => {
      await runCommand(page, 'Serverless Traces: Save Query', 60_000);
      await quickInput(page).fill(query, { timeout: 10_000 });
      await page.keyboard.press('Enter');
      // The second box asks for a name, prefilled with the query's first 40 characters.
      await poll('the name prompt', async () => (await quickInput(page).inputValue({ timeout: 1000 }).catch(() => '')) === query.slice(0, 40), 20_000);
      await quickInput(page).fill(name, { timeout: 5000 });
      await page.keyboard.press('Enter');
    });

    const settingsFile = path.join(session.server.workspace, '.vscode', 'settings.json');
    /** The saved queries in .vscode/settings.json; undefined while the file is missing or being written. */
    const savedInSettings = (): { name: string; query: string }[] | undefined => {
      try {
        const json = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
        return (json['traceExplorer.savedQueries'] as { name: string; query: string }[] | undefined) ?? [];
      } catch {
        return undefined;
      }
    };
    const saved = await poll('the saved query in .vscode/settings.json', async () => savedInSettings()?.find((q) => q.name === name), 20_000);
    assert.equal(saved.query, query);

    const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: 'Query Results' }) }).first();
    const item = pane.locator('.monaco-list-row').filter({ hasText: name }).first();
    // Once in CI (not reproduced here, loaded or not) the row did not show within 30 s. Focus the view
    // a second time before failing, and log what the workbench showed, so a repeat can be pinned down.
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'Serverless Traces: Focus on Query Results View', 60_000);
      const shown = await item.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false);
      if (shown) break;
      console.log(`      the saved query is not in the view after focus #${attempt}: ${await describeWorkbench(page)}`);
      if (attempt === 2) throw new Error(`the Query Results view does not list "${name}"`);
    }
    assert.ok((await item.innerText()).includes(query), 'the saved item shows its query');
    await saveScreenshot(page, 'query', 'saved-query-in-view');

    await flow('run the saved query from the view', async () => {
      await item.click({ timeout: 10_000 });
      assert.match(await resultsTitle('Query Traces'), new RegExp(`: ${want.length} invocations \\(${escapeRe(query)}\\)`));
      assertRows(await resultRows(), want, 5);
    });
    await openFirstResult(want[0], 'saved-query-opened');
    // The view's results group now holds this run.
    const header = pane.locator('.monaco-list-row').filter({ hasText: `Results: ${query}` }).first();
    await header.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await header.innerText(), new RegExp(`${want.length} invocations`));

    // The trash icon on the saved item (shown on hover) deletes it from the view and the settings.
    await item.hover({ timeout: 10_000 });
    await item.locator('.action-label[aria-label^="Delete Saved Query"]').first().click({ timeout: 10_000 });
    await item.waitFor({ state: 'detached', timeout: 20_000 });
    await poll('the query gone from .vscode/settings.json', async () => {
      const list = savedInSettings();
      return list !== undefined && !list.some((q) => q.name === name);
    }, 20_000);
    await pane.locator('.monaco-list-row', { hasText: 'No saved queries' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await saveScreenshot(page, 'query', 'saved-query-deleted');
  });
});
