// End-to-end: a person points the extension at a large folder (settings.json), sees the load's progress in a
// notification after a moment, clicks its Cancel, and the Trace Explorer goes back to what it showed before.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateSample } from '../../src/core/sample/index';
import { poll, runCommand, saveScreenshot, testId, webview } from '../support/workbench';
import { useWorkbench } from '../support/session';

// Large enough to read for several seconds in the worker (40,000 traces took ~3 s in code-server here).
const TRACES = 80_000;

describe('loading a large folder: progress with Cancel', function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ste-e2e-large-'));
  const s = useWorkbench({
    name: 'loading',
    server: async () => {
      await generateSample({ outDir: dir, traces: TRACES, large: true, seed: 3, spanSampleRate: 0.2 });
      return { theme: 'Default Dark Modern' };
    },
    skipAfterFailure: { theme: 'dark', step: 'loading' },
    end: () => fs.rmSync(dir, { recursive: true, force: true }),
  });

  it('a long load shows a notification whose Cancel keeps the sample in the open Trace Explorer', async () => {
    const page = s.page;
    const status = testId(webview(page), 'panel-status').first();
    await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
    const text = async () => (await status.innerText({ timeout: 2000 }).catch(() => '')).trim();
    const sample = await poll('the sample listed', async () => { const t = await text(); return /^\d[\d,]* traces$/.test(t) ? t : ''; }, 60_000);

    // As a user does: the Settings editor, the setting by id, Add Item, the folder, Enter.
    await page.locator('.part.sidebar .title').first().click(); // focus out of the webview, as a click elsewhere does
    await runCommand(page, 'Preferences: Open User Settings', 60_000);
    const search = page.locator('.settings-editor .suggest-input-container .monaco-editor textarea').first();
    await search.waitFor({ state: 'attached', timeout: 30_000 });
    await search.focus();
    await page.keyboard.type('@id:traceExplorer.localPaths');
    const add = page.locator('.settings-editor .setting-item-contents', { hasText: 'Local Paths' }).getByRole('button', { name: 'Add Item' }).first();
    await add.waitFor({ state: 'visible', timeout: 30_000 });
    await add.click();
    const setting = page.locator('.settings-editor .setting-item-contents', { hasText: 'Local Paths' }).first();
    const input = setting.locator('input.input').first();
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill(dir);
    await input.press('Enter');
    await poll('the folder in the setting\'s list', async () => (await setting.innerText()).includes(dir), 20_000, 100);
    await page.locator('.tabs-container .tab', { hasText: 'Trace Explorer' }).first().click();

    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Reading traces' });
    await poll('the "Reading traces" notification', async () => (await toast.count()) > 0, 60_000, 100);
    const loading = await poll('the panel says what it is loading', async () => { const t = await text(); return t.includes(' · loading ') && t.includes(dir) ? t : ''; }, 10_000, 100);
    assert.ok(loading.startsWith(`${sample} · `), loading);
    await saveScreenshot(page, 'dark', 'loading-progress');
    await toast.first().getByRole('button', { name: 'Cancel' }).click();

    await poll('the notification gone', async () => (await toast.count()) === 0, 30_000);
    const after = await poll('the panel no longer loading', async () => { const t = await text(); return /loading/i.test(t) ? '' : t; }, 30_000);
    assert.strictEqual(after, sample, 'the sample\'s count, as before');
    const rows = testId(webview(page), 'trace-row');
    await poll('sample trace rows listed', async () => (await rows.count()) > 0, 20_000);
    await saveScreenshot(page, 'dark', 'loading-cancelled');
  });
});
