// End-to-end: what users install is what is tested. The .vsix that `npm run package` builds is installed into
// code-server with `--install-extension` (no symlink to this checkout), in an empty workspace, and the Trace
// Explorer opened from it shows the bundled sample's traces.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { EXTENSION_ID } from '../support/codeServer';
import { poll, runCommand, saveScreenshot, testId, webview } from '../support/workbench';
import { useWorkbench } from '../support/session';

const REPO = path.resolve(__dirname, '..', '..', '..');
const VSIX = path.join(REPO, 'serverless-trace-explorer.vsix');

describe('packaged extension (.vsix) e2e: installed into code-server, the Trace Explorer opens on the sample', function () {
  let page: Page;
  let view: FrameLocator;

  const session = useWorkbench({
    name: 'e2e-vsix',
    startTimeoutMs: 240_000,
    server: () => {
      assert.ok(fs.existsSync(VSIX), `${path.relative(REPO, VSIX)} is missing: run \`npm run package\` first (npm test does)`);
      return { theme: 'Default Dark Modern', workspace: '', installVsix: VSIX };
    },
    skipAfterFailure: { theme: 'vsix' },
    opened: (s) => { page = s.page; view = webview(page); },
  });

  it('is installed from the .vsix, not linked to this checkout', () => {
    const dirs = fs.readdirSync(session.server.extensionsDir).filter((d) => d.startsWith(EXTENSION_ID));
    assert.strictEqual(dirs.length, 1, `extensions: ${fs.readdirSync(session.server.extensionsDir).join(', ')}`);
    const dir = path.join(session.server.extensionsDir, dirs[0]);
    assert.ok(!fs.lstatSync(dir).isSymbolicLink(), `${dir} is a link, not an installed copy`);
    assert.ok(fs.existsSync(path.join(dir, 'dist', 'extension.js')), 'the installed copy has no dist/extension.js');
    assert.ok(!fs.existsSync(path.join(dir, 'src')) && !fs.existsSync(path.join(dir, 'test')), 'sources or tests were packaged');
  });

  it('opens the Trace Explorer from the palette and lists the sample traces', async function () {
    this.timeout(120_000);
    await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
    const rows = testId(view, 'trace-row');
    await poll('trace rows of the bundled sample', async () => (await rows.count()) > 0, 60_000);
    const first = await rows.first().innerText();
    assert.ok(/shop-/.test(first), `the first trace row does not name a sample function: ${JSON.stringify(first)}`);
    await saveScreenshot(page, 'vsix', 'explorer');
  });
});
