// The Anomalies webview in headless Chromium, under the panel's CSP (no 'unsafe-eval', no 'unsafe-inline'),
// driven by the real host-side controller over the real protocol, on the sample dataset.
// Skipped when no Chromium or no built bundle is available (npm run build makes dist/webview/anomalies.js).
import { strict as assert } from 'assert';
import { existsSync, mkdirSync, promises as fs } from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { BUNDLE, chromiumPath, launch, openAnomalies, OpenedPage, PageServer, ROOT, startPageServer } from './stats.webviewHarness';

const SAMPLE = path.join(ROOT, 'samples', 'data');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

describe('stats: Anomalies webview in Chromium under the panel CSP', function () {
  this.timeout(180_000);

  let browser: Browser | undefined;
  let server: PageServer | undefined;
  let ds: Dataset;

  before(async function () {
    if (!chromiumPath() || !existsSync(BUNDLE) || !existsSync(SAMPLE)) this.skip();
    ds = await loadPaths([SAMPLE]);
    server = await startPageServer();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  const open = (theme: 'dark' | 'light'): Promise<OpenedPage> => openAnomalies(browser!, server!, ds, theme);

  it('draws the charts, flags the sample incidents, lists a bar\'s invocations and opens a trace', async () => {
    const { page: p, opened, errors } = await open('dark');
    // Every grouping's anomalies are listed: the slow-dependency spike and the identity-provider burst, nothing else.
    const manifest = JSON.parse(await fs.readFile(path.join(SAMPLE, 'manifest.json'), 'utf8')) as { incidents: Record<string, { startMs: number; endMs: number }> };
    const { dynamoSpike, idpBurst } = manifest.incidents;
    const anomalies = await p.$$eval('button.anomaly', (bs) => bs.map((b) => ({ text: b.textContent ?? '', at: Number((b as HTMLElement).dataset.bucket), by: (b as HTMLElement).dataset.by })));
    const inside = (at: number, w: { startMs: number; endMs: number }) => at >= w.startMs && at < w.endMs;
    assert.ok(anomalies.some((a) => inside(a.at, dynamoSpike) && a.text.includes('shop-orders-api') && a.text.includes('p95')), JSON.stringify(anomalies));
    assert.ok(anomalies.some((a) => inside(a.at, idpBurst) && a.text.includes('auth.identity.example') && a.text.includes('error rate')), JSON.stringify(anomalies));
    for (const a of anomalies) assert.ok(inside(a.at, dynamoSpike) || inside(a.at, idpBurst), `outside the incidents: ${a.text}`);
    // Traces drawn: 4 percentile lines, stacked bars.
    assert.equal(await p.$$eval('[data-chart="percentiles"] .scatterlayer .trace', (x) => x.length), 5);
    assert.ok(await p.$$eval('[data-chart="histogram"] .bars .point', (x) => x.length) > 5);
    // Click the tallest ok bar: the list shows exactly that bin.
    const bars = await p.$$('[data-chart="histogram"] .bars .point path');
    let best = bars[0];
    let bestH = 0;
    for (const b of bars) {
      const box = await b.boundingBox();
      if (box && box.height > bestH) { bestH = box.height; best = b; }
    }
    const box = (await best.boundingBox())!;
    await p.mouse.click(box.x + box.width / 2, box.y + box.height - 2);
    await p.waitForFunction(() => /between/.test(document.querySelector('.invocations-pane .muted')?.textContent ?? ''), undefined, { timeout: 20_000 });
    const caption = await p.$eval('.invocations-pane .muted', (e) => e.textContent ?? '');
    const shown = await p.$$eval('button.invocation', (x) => x.length);
    assert.ok(shown > 0, caption);
    await p.click('button.invocation:not([disabled])');
    await p.waitForFunction(() => true);
    for (let i = 0; i < 50 && opened.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(opened.length, 1);
    assert.ok(ds.traceById.has(opened[0].traceId), `opened ${opened[0].traceId}`);
    // Slow-vs-fast table rendered as text.
    assert.ok(await p.$$eval('table.compare tr.attr', (x) => x.length) > 0);
    const violations = await p.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    assert.deepEqual(violations, [], 'no CSP violation');
    assert.deepEqual(errors, [], `not served: ${server!.missing.join(', ')}`);
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: path.join(SHOTS, 'anomalies-dark.png'), fullPage: true });
    await p.close();
  });

  it('clicking an anomaly of another grouping switches to it and lists the bucket\'s rows', async () => {
    const { page: p, errors } = await open('dark');
    await p.click('button.anomaly[data-by="edge"][data-group="shop-orders-api -> auth.identity.example"]');
    await p.waitForFunction(() => (document.querySelector('select[aria-label="Group by"]') as HTMLSelectElement).value === 'edge'
      && /selected range/.test(document.querySelector('.invocations-pane .muted')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.equal(await p.$eval('select.group-select', (e) => (e as HTMLSelectElement).value), 'shop-orders-api -> auth.identity.example');
    const outcomes = await p.$$eval('button.invocation .outcome', (x) => x.map((e) => e.textContent));
    assert.ok(outcomes.filter((o) => o === 'error').length >= outcomes.length / 2, `mostly errors in the burst: ${outcomes.join(' ')}`);
    assert.deepEqual(errors, []);
    await p.close();
  });

  it('follows the theme: light colours from the CSS variables, redrawn on change', async () => {
    const { page: p, errors } = await open('light');
    const bg = await p.$eval('[data-chart="percentiles"] .main-svg', (e) => getComputedStyle(e).backgroundColor || (e as SVGElement).style.background);
    assert.match(bg, /255, 255, 255|#fff/i);
    await p.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editor-background', '#1e1e1e');
      document.body.className = 'vscode-dark';
    });
    await p.waitForFunction(() => /30, 30, 30/.test(getComputedStyle(document.querySelector('[data-chart="percentiles"] .main-svg')!).backgroundColor));
    mkdirSync(SHOTS, { recursive: true });
    await p.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editor-background', '#ffffff');
      document.body.className = 'vscode-light';
    });
    await p.waitForFunction(() => /255, 255, 255/.test(getComputedStyle(document.querySelector('[data-chart="percentiles"] .main-svg')!).backgroundColor));
    await p.screenshot({ path: path.join(SHOTS, 'anomalies-light.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await p.close();
  });
});
