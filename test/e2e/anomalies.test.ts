// End-to-end: a person opens the Anomalies view from the command palette on the bundled sample, sees the
// slow-dependency spike flagged, clicks a histogram bar, and opens one of its invocations' traces in the
// Trace Explorer. Once per light and dark theme, each in its own code-server; screenshots of the view.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/codeServer';
import { activeTabLabel, poll, runCommand, saveScreenshot, webview } from '../support/workbench';
import { useWorkbench } from '../support/session';

const THEMES = [
  { key: 'light', name: 'Default Light Modern' },
  { key: 'dark', name: 'Default Dark Modern' },
];

interface Window { startMs: number; endMs: number }

function sampleIncidents(): { dynamoSpike: Window; idpBurst: Window } | undefined {
  const file = path.join(REPO_ROOT, 'samples', 'data', 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { incidents: { dynamoSpike: Window; idpBurst: Window } }).incidents;
}

for (const theme of THEMES.filter((t) => !process.env.E2E_THEMES || process.env.E2E_THEMES.split(',').includes(t.key))) {
  describe(`Anomalies e2e [${theme.key}]`, function () {
    let page: Page;
    let view: FrameLocator;
    useWorkbench({
      name: `e2e-anomalies-${theme.key}`,
      server: () => ({ theme: theme.name }),
      skipAfterFailure: { theme: theme.key, step: 'anomalies-failure' },
      opened: (s) => { page = s.page; view = webview(page); },
    });

    it('opens from the command palette and flags the sample\'s slow-dependency spike', async function () {
      this.timeout(180_000);
      const incidents = sampleIncidents();
      if (!incidents) this.skip();
      await runCommand(page, 'Serverless Traces: Open Anomalies', 60_000);
      await poll('four charts drawn', async () => (await view.locator('.chart .main-svg').count()) >= 4 || undefined, 120_000);
      // The other groupings' anomalies come from the background after the first chart.
      await poll('every grouping\'s anomalies listed', async () => (await view.locator('section.anomalies[data-pending="0"]').count()) > 0 || undefined, 60_000);
      const anomalies = await view.locator('button.anomaly').evaluateAll((els) => els.map((e) => ({
        at: Number((e as HTMLElement).dataset.bucket), group: (e as HTMLElement).dataset.group ?? '', text: (e as HTMLElement).innerText,
      })));
      const inside = (at: number, w: Window) => at >= w.startMs && at < w.endMs;
      assert.ok(anomalies.some((a) => inside(a.at, incidents!.dynamoSpike) && a.group === 'shop-orders-api' && /p95/.test(a.text)), JSON.stringify(anomalies));
      assert.ok(anomalies.some((a) => inside(a.at, incidents!.idpBurst)), 'the identity-provider burst is listed too');
      for (const a of anomalies) assert.ok(inside(a.at, incidents!.dynamoSpike) || inside(a.at, incidents!.idpBurst), `outside the incidents: ${a.text}`);
      await saveScreenshot(page, theme.key, 'anomalies');
    });

    it('clicking a histogram bar lists its invocations, and clicking one opens its trace', async function () {
      this.timeout(120_000);
      const bars = view.locator('[data-chart="histogram"] .bars .point path');
      const n = await bars.count();
      assert.ok(n > 0, 'histogram bars drawn');
      let best = 0;
      let bestH = -1;
      for (let i = 0; i < n; i++) {
        const box = await bars.nth(i).boundingBox();
        if (box && box.height > bestH) { bestH = box.height; best = i; }
      }
      const box = (await bars.nth(best).boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height - 2);
      await poll('the bar\'s invocations listed', async () => /between/.test((await view.locator('.invocations-pane .muted').first().textContent()) ?? '') || undefined, 30_000);
      await view.locator('button.invocation:not([disabled])').first().click();
      await poll('the Trace Explorer tab to open', async () => ((await activeTabLabel(page)) === 'Trace Explorer') || undefined, 60_000);
      await saveScreenshot(page, theme.key, 'anomalies-opened-trace');
    });
  });
}
