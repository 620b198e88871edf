// End-to-end: a workspace whose trace and log files hold the secrets corpus (test/support/secretsCorpus.ts) in every
// position. A person opens the Trace Explorer (trace list, every span's details and log lines), the Architecture view
// and the Anomalies view; no panel's DOM (text, attributes, the graph's model) ever holds one of the secrets.
import * as assert from 'assert';
import type { Frame, Page } from 'playwright-core';
import { poll, runCommand, saveScreenshot, testId, webview } from '../support/workbench';
import { useWorkbench } from '../support/session';
import { revealSpanRow } from '../support/timeline';
import { CORPUS_ROOT_SPAN, CORPUS_TRACE_ID, corpusFiles, corpusSpanId, leakedSecrets, SECRETS } from '../support/secretsCorpus';

const MASK = /\*\*\*\*[0-9a-f]{6}/;

/** The content frame of the webview whose document satisfies `test` (several webviews are open at once). */
async function frameWhere(page: Page, what: string, test: () => boolean, timeoutMs = 60_000): Promise<Frame> {
  return poll(what, async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame() || f.isDetached()) continue;
      if (await f.evaluate(test).catch(() => false)) return f;
    }
    return undefined;
  }, timeoutMs, 300);
}

/** Everything a webview's document holds: markup (attributes, titles) and rendered text. */
async function documentText(frame: Frame): Promise<string> {
  return frame.evaluate(() => `${document.documentElement.outerHTML}\n${document.body.innerText}`);
}

/** The start of span i's name up to its first secret: what identifies its details while the rest is masked. */
function namePrefix(i: number): string {
  const name = `call ${SECRETS[i].text.split('\n')[0]}`;
  const cut = Math.min(...SECRETS.map((s) => name.indexOf(s.value)).filter((n) => n >= 0), name.length);
  return name.slice(0, cut);
}

function assertNoLeak(where: string, text: string): void {
  assert.deepStrictEqual(leakedSecrets(text), [], `${where} shows a secret`);
}

describe('Masking e2e: no panel shows a secret of the corpus', function () {
  let page: Page;

  useWorkbench({
    name: 'e2e-masking',
    server: () => ({
      theme: 'Default Dark Modern',
      files: corpusFiles('secrets'),
      settings: { 'traceExplorer.localPaths': ['secrets'] },
    }),
    skipAfterFailure: { theme: 'masking' },
    opened: (s) => { page = s.page; },
  });

  it('Trace Explorer: the trace list, every span\'s details and its log lines show masks, never a secret', async function () {
    this.timeout(240_000);
    await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
    const view = webview(page);
    const row = view.locator(`[data-testid="trace-row"][data-trace-id="${CORPUS_TRACE_ID}"]`);
    await poll('the corpus trace in the list', async () => (await row.count()) > 0, 60_000);
    await row.first().click();
    const frame = await frameWhere(page, 'the Trace Explorer webview', () => !!document.querySelector('[data-testid="timeline"]'));
    assertNoLeak('the Trace Explorer (trace list and timeline)', await documentText(frame));

    const details = testId(view, 'span-details').first();
    const spans = [CORPUS_ROOT_SPAN, ...SECRETS.map((_, i) => corpusSpanId(i))];
    let sawLogs = false;
    for (const id of spans) {
      const spanRow = await revealSpanRow(page, testId(view, 'timeline').first(), id);
      await spanRow.click();
      const i = spans.indexOf(id) - 1;
      const heading = i < 0 ? 'mask-test-fn' : namePrefix(i);
      const text = await poll(`the details of span ${id} (${heading})`, async () => {
        const t = await details.innerText({ timeout: 2000 }).catch(() => '');
        return t.includes(heading) && (i < 0 || t.includes('note.text')) ? t : '';
      }, 20_000);
      if (i >= 0) assert.match(text, MASK, `span ${id} (${SECRETS[i].name}): its details show no mask:\n${text.slice(0, 1500)}`);
      if ((await details.locator('[data-testid="log-line"]').count()) > 0) sawLogs = true;
      assertNoLeak(`span ${id}'s details`, `${text}\n${await documentText(frame)}`);
      if (i === 2) await saveScreenshot(page, 'masking', 'span-details');
    }
    assert.ok(sawLogs, 'the invocation\'s log lines were shown in some span\'s details');
    // The Lambda span holds the invocation's log lines: back to it to look at them.
    await (await revealSpanRow(page, testId(view, 'timeline').first(), CORPUS_ROOT_SPAN)).click();
    await poll('the invocation\'s log lines', async () => (await details.locator('[data-testid="log-line"]').count()) >= SECRETS.length || undefined, 20_000);
    const logText = (await details.locator('[data-testid="log-line"]').allInnerTexts()).join('\n');
    assertNoLeak('the log lines', logText);
    assert.match(logText, MASK, 'the log lines show masks');
    await details.locator('[data-testid="log-line"]').last().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'masking', 'logs');
  });

  it('Architecture view: its graph model and document hold no secret', async function () {
    this.timeout(180_000);
    await runCommand(page, 'Serverless Traces: Open Architecture View', 60_000);
    const frame = await frameWhere(page, 'the Architecture webview', () => !!(window as unknown as { traceExplorerGraph?: unknown }).traceExplorerGraph, 90_000);
    const model = await poll('the graph drawn', async () => {
      const m = await frame.evaluate('JSON.stringify({ nodes: window.traceExplorerGraph.nodes(), edges: window.traceExplorerGraph.edges() })') as string;
      return (JSON.parse(m) as { nodes: unknown[] }).nodes.length > 1 ? m : undefined;
    }, 90_000, 500);
    assert.ok(model.includes('mask-test-fn'), `the corpus function is a node: ${model.slice(0, 500)}`);
    assertNoLeak('the Architecture graph model', model);
    assertNoLeak('the Architecture document', await documentText(frame));
    await saveScreenshot(page, 'masking', 'graph');
  });

  it('Anomalies view: charts, tables and lists hold no secret', async function () {
    this.timeout(180_000);
    await runCommand(page, 'Serverless Traces: Open Anomalies', 60_000);
    const frame = await frameWhere(page, 'the Anomalies webview', () => !!document.querySelector('.charts .chart'), 90_000);
    await poll('the Anomalies view filled', async () => (await frame.evaluate(() => document.querySelector('.group-select')?.textContent ?? '')).includes('mask-test-fn') || undefined, 90_000, 500);
    // Each grouping shows other names (operations, services, edges): look at every one.
    const groups = await frame.evaluate(() => Array.from(document.querySelectorAll('select')).flatMap((s) => Array.from(s.options).map((o) => `${s.className}\u0000${o.value}`)));
    for (const g of groups) {
      const [cls, value] = g.split('\u0000');
      if (!cls) continue;
      await frame.selectOption(`select.${cls.split(' ')[0]}`, value).catch(() => undefined);
      await page.waitForTimeout(400);
      assertNoLeak(`the Anomalies view (${cls} = ${value})`, await documentText(frame));
    }
    assertNoLeak('the Anomalies view', await documentText(frame));
    await saveScreenshot(page, 'masking', 'anomalies');
  });
});
