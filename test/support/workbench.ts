// Driving the VS Code workbench (code-server in headless Chromium) the way a person does.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { CodeServer, REPO_ROOT } from './codeServer';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');

export interface Workbench {
  page: Page;
  /** Console messages and page errors of the workbench and its frames. */
  console: string[];
  dialogs: string[];
}

export async function openWorkbench(browser: Browser, server: CodeServer, viewport = { width: 1400, height: 900 }): Promise<Workbench> {
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(30_000);
  const wb: Workbench = { page, console: [], dialogs: [] };
  page.on('console', (m) => wb.console.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => wb.console.push(`[pageerror] ${e.message}`));
  page.on('dialog', (d) => {
    wb.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => undefined);
  });
  await page.goto(server.url(), { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // The status bar appears once the workbench has restored; the extension host starts after it.
  await page.waitForSelector('#workbench\\.parts\\.statusbar', { timeout: 60_000 });
  return wb;
}

/** The command palette's / Quick Input's text box. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
}

/** F1, type the command's title, Enter. */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = quickInput(page);
    // Wait for the palette to list the command (it appears once the extension's contributions are
    // known), then run exactly that entry: Enter when it is the highlighted one, else click it.
    const esc = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const row = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${esc}\\s*$`) }) })
      .first();
    try {
      // On a loaded machine F1 can land while the workbench is busy and open nothing: press it again, until the deadline.
      await input.waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(10_000, deadline - Date.now())) });
      await input.fill(`>${title}`);
      await row.waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(8000, deadline - Date.now())) });
      const cls = (await row.getAttribute('class')) ?? '';
      if (/\bfocused\b/.test(cls)) await page.keyboard.press('Enter');
      else await row.click();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`command "${title}" did not appear in the command palette (${attempt} attempts): ${(e as Error).message}`, { cause: e });
    }
  }
}

export function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** The webview's content frame as a Frame, for evaluate(). */
export async function webviewFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const handle = await page
    .frameLocator('iframe.webview.ready')
    .locator('#active-frame')
    .elementHandle({ timeout: timeoutMs });
  if (!handle) throw new Error('no webview #active-frame');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('webview #active-frame has no content frame');
  return frame;
}

export function testId(root: FrameLocator | Page | Locator, id: string): Locator {
  return root.locator(`[data-testid="${id}"]`);
}

/** Label of the active editor tab in the active group. */
export async function activeTabLabel(page: Page): Promise<string> {
  const tab = page.locator('.editor-group-container.active .tabs-container .tab.active').first();
  const label = await tab.getAttribute('aria-label', { timeout: 5000 });
  const name = await tab.locator('.label-name').first().textContent({ timeout: 5000 }).catch(() => null);
  return (name ?? label ?? '').trim();
}

/** Text of the status bar item "Ln x, Col y" (id contains status.editor.selection). */
export async function selectionStatus(page: Page): Promise<string> {
  const item = page.locator('[id*="status.editor.selection"]').first();
  return ((await item.textContent({ timeout: 5000 })) ?? '').trim();
}

export function screenshotPath(theme: string, step: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${theme}-${step}.png`);
}

export async function saveScreenshot(page: Page, theme: string, step: string): Promise<string> {
  const p = screenshotPath(theme, step);
  await page.screenshot({ path: p, timeout: 20_000 });
  return p;
}

/**
 * The steps of a suite build on each other: after the first failure the rest are skipped (not failed
 * again), and the page is saved as `<theme>-<step>.png` at that failure. Call inside describe().
 */
export function skipAfterFirstFailure(page: () => Page | undefined, theme: string, step = 'failure'): void {
  let failed = false;
  beforeEach(function () {
    if (failed) this.skip();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    failed = true;
    const p = page();
    if (p) {
      await saveScreenshot(p, theme, step).catch(() => undefined);
      console.log(`      workbench at the failure: ${await describeWorkbench(p)}`);
    }
  });
}

/**
 * What the workbench shows, as text, for the log of a failed step: CI keeps the log, not the screenshots.
 * The open views with their first rows, the active tab, the focused element and any open Quick Input.
 */
export async function describeWorkbench(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const text = (e: Element | null | undefined, max = 200) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, max);
      const panes = [...document.querySelectorAll('.pane')].map((pane) => {
        const rows = [...pane.querySelectorAll('.monaco-list-row')].slice(0, 6).map((r) => text(r, 60));
        const body = pane.querySelector('.pane-body') as HTMLElement | null;
        return `[${text(pane.querySelector('.pane-header'), 40)} h=${body?.offsetHeight ?? 0}: ${rows.join(' | ')}]`;
      });
      const quick = document.querySelector('.quick-input-widget') as HTMLElement | null;
      const quickOpen = quick && quick.style.display !== 'none' ? ` quick input: "${text(quick, 120)}"` : '';
      const active = document.activeElement;
      return `views ${panes.join(' ')}; tab "${text(document.querySelector('.tab.active'), 60)}"; focus <${active?.tagName.toLowerCase()} class="${(active?.className || '').toString().slice(0, 60)}">${quickOpen}`;
    })
    .catch((e: Error) => `(could not read the page: ${e.message.split('\n')[0]})`);
}

export async function poll<T>(what: string, fn: () => Promise<T>, timeoutMs = 20_000, everyMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const v = await fn();
      lastValue = v;
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}` +
          (last ? `: ${(last as Error).message.split('\n')[0]}` : lastValue !== undefined ? ` (last value ${JSON.stringify(lastValue)})` : ''),
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function writeLog(name: string, lines: string[]): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, name), lines.join('\n'));
}

/** Keeps the page's console and code-server's log as test-results/<prefix>-console.log and -code-server.log, then closes both. */
export async function endSession(prefix: string, wb?: Workbench, server?: CodeServer, browser?: Browser): Promise<void> {
  try {
    if (wb) writeLog(`${prefix}-console.log`, wb.console);
    if (server) writeLog(`${prefix}-code-server.log`, [server.log()]);
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    if (server) await server.stop();
  }
}

export function quickPickRows(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
}

/**
 * Accepts the Quick Pick row matching `label` with the keyboard (arrow keys to it, Enter): a click can
 * land on the hover the previous click left under the mouse.
 */
export async function pickRow(page: Page, label: RegExp, timeoutMs = 10_000): Promise<void> {
  await quickPickRows(page).filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  const focused = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first();
  for (let k = 0; k < 40; k++) {
    if (label.test(await focused.innerText({ timeout: 2000 }).catch(() => ''))) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the arrow keys did not reach a row matching ${label}`);
}

/** Go to Line (F1, ":N") in the active editor, until the status bar shows the cursor on that line. */
export async function goToLine(page: Page, line: number): Promise<void> {
  // Under load the Enter can land before Go to Line has parsed ":N" (nothing moves); a person would try again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = quickInput(page);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}`);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: String(line) }).filter({ visible: true }).first()
      .waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
    await page.keyboard.press('Enter');
    try {
      await poll(`cursor on line ${line}`, async () => (await selectionStatus(page)).startsWith(`Ln ${line},`), 10_000);
      return;
    } catch (e) {
      if (attempt >= 3) throw new Error(`${(e as Error).message}; status bar reads "${await selectionStatus(page).catch(() => '?')}"`, { cause: e });
      process.stdout.write(`      Go to Line ${line} attempt ${attempt} did not move the cursor; trying again\n`);
    }
  }
}
