// End-to-end (issue 16): an untrusted workspace in Restricted Mode, in real VS Code (code-server + headless Chromium).
// The workspace ships .vscode/settings.json pointing traceExplorer.aws.endpoint at a recording loopback server and
// traceExplorer.localPaths at a trace file inside the workspace. Checked: the Trace Explorer still shows the workspace's
// file; "Connect to AWS…" and "Fetch from AWS" refuse with a message saying AWS is off in Restricted Mode; the loopback
// receives nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { datasetFromDir, startLoopback } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { DUMMY } from '../support/awsLoopback/testUtil';
import { REPO_ROOT } from '../support/codeServer';
import { poll, runCommand, saveScreenshot, testId, webview } from '../support/workbench';
import { useWorkbench } from '../support/session';

const SAMPLE = path.join(REPO_ROOT, 'samples', 'data');

describe('Restricted Mode e2e: an untrusted workspace', function () {
  let loop: LoopbackServer | undefined;
  let page: Page;

  useWorkbench({
    name: 'e2e-restricted',
    server: async (ctx) => {
      if (!fs.existsSync(path.join(SAMPLE, 'logs'))) ctx.skip();
      loop = await startLoopback({ dataset: datasetFromDir(SAMPLE), unlimited: true });
      return {
        theme: 'Default Dark Modern',
        restrictedMode: true,
        files: {
          '.vscode/settings.json': JSON.stringify({
            'traceExplorer.aws.endpoint': loop.endpoint,
            'traceExplorer.aws.region': 'eu-west-1',
            'traceExplorer.aws.logGroups': ['/aws/lambda/shop-billing'],
            'traceExplorer.localPaths': ['traces'],
          }, null, 2),
          'traces/shop-billing.json': fs.readFileSync(path.join(SAMPLE, 'logs', 'shop-billing.json'), 'utf8'),
        },
        env: { AWS_ACCESS_KEY_ID: DUMMY.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY.secretAccessKey, AWS_PROFILE: undefined, AWS_EC2_METADATA_DISABLED: 'true' },
      };
    },
    skipAfterFailure: false,
    opened: (s) => { page = s.page; },
    end: async () => { if (loop) await loop.close(); },
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await saveScreenshot(page, 'restricted', 'failure').catch(() => undefined);
  });

  const toast = (text: string) => page.locator('.notifications-toasts .notification-toast', { hasText: text });

  it('shows the workspace\'s trace file, refuses AWS with a message, and sends no request', async function () {
    this.timeout(240_000);
    // The workbench is in Restricted Mode (its status bar entry says so).
    await poll('the Restricted Mode indicator', async () => (await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'Restricted Mode' }).count()) > 0, 60_000);

    await runCommand(page, 'Serverless Traces: Open Trace Explorer', 90_000);
    const status = testId(webview(page), 'panel-status').first();
    const traces = await poll('the Trace Explorer listing the workspace file\'s traces', async () => {
      const t = (await status.innerText({ timeout: 2000 }).catch(() => '')).trim();
      return /^\d+ traces$/.test(t) && t !== '0 traces' ? t : '';
    }, 90_000);
    const source = (await status.getAttribute('title')) ?? '';
    assert.match(source, /Workspace: traces/, `read from the workspace's localPaths: ${source} (${traces})`);

    for (const command of ['Serverless Traces: Connect to AWS…', 'Serverless Traces: Fetch from AWS']) {
      await runCommand(page, command, 60_000);
      await poll(`"${command}" refused with a message`, async () => (await toast('AWS is off in Restricted Mode').count()) > 0, 20_000);
      await saveScreenshot(page, 'restricted', command.includes('Connect') ? 'connect-refused' : 'fetch-refused');
      // Cleared, so the next command's message is its own.
      await runCommand(page, 'Notifications: Clear All Notifications', 30_000);
      await poll('notifications cleared', async () => (await toast('AWS is off in Restricted Mode').count()) === 0, 10_000);
    }
    assert.strictEqual(await page.locator('.monaco-dialog-box').count(), 0, 'no endpoint question: AWS is off before that');
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual(loop!.log.length, 0, `requests reached the loopback: ${JSON.stringify(loop!.counts)}`);
  });
});
