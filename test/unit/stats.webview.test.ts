// The Anomalies webview in headless Chromium, under the panel's CSP (no 'unsafe-eval', no 'unsafe-inline'),
// driven by the real host-side controller over the real protocol, on the sample dataset.
// Skipped when no Chromium or no built bundle is available (npm run build makes dist/webview/anomalies.js).
import { strict as assert } from 'assert';
import { existsSync, mkdirSync, promises as fs } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { AnomaliesController } from '../../src/extension/anomalies/controller';

const ROOT = path.resolve(__dirname, '../../..');
const BUNDLE = path.join(ROOT, 'dist', 'webview', 'anomalies.js');
const SAMPLE = path.join(ROOT, 'samples', 'data');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

function chromium(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((c) => c && existsSync(c));
}

const DARK = { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-charts-blue': '#3794ff', '--vscode-charts-red': '#f14c4c', '--vscode-panel-border': '#80808059' };
const LIGHT = { '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-red': '#e51400', '--vscode-panel-border': '#e5e5e5' };

/** The page VS Code would build (same CSP as src/extension/webviewHtml.ts), plus a stand-in for acquireVsCodeApi. */
function page(origin: string, theme: Record<string, string>): string {
  const nonce = 'bm9uY2UtZm9yLXRlc3Q=';
  const csp = [`default-src 'none'`, `img-src ${origin} data:`, `style-src ${origin}`, `font-src ${origin}`, `script-src 'nonce-${nonce}'`].join('; ');
  const vars = Object.entries(theme).map(([k, v]) => `${k}: ${v}`).join('; ');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/media/anomalies.css"><title>Anomalies</title></head>
<body class="vscode-dark"><div id="app" class="app-anomalies"></div>
<script nonce="${nonce}">
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.lineNumber + ':' + e.columnNumber + ' ' + [...document.querySelectorAll('style')].map((s) => s.id + '/' + s.className).join(',')));
for (const [k, v] of ${JSON.stringify(Object.entries(theme))}) document.documentElement.style.setProperty(k, v);
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(JSON.stringify(m)), getState: () => undefined, setState: () => undefined });
</script>
<script nonce="${nonce}" src="${origin}/dist/webview/anomalies.js"></script></body></html>`.replace('${vars}', vars);
}

describe('stats: Anomalies webview in Chromium under the panel CSP', function () {
  this.timeout(180_000);
  let browser: Browser | undefined;
  let server: http.Server | undefined;
  let origin = '';
  let ds: Dataset;
  const errorsServed: string[] = [];

  before(async function () {
    const exe = chromium();
    if (!exe || !existsSync(BUNDLE) || !existsSync(SAMPLE)) this.skip();
    ds = await loadPaths([SAMPLE]);
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const file = url.pathname.startsWith('/dist/') || url.pathname.startsWith('/media/') ? path.join(ROOT, url.pathname) : undefined;
      if (url.pathname === '/' || url.pathname.startsWith('/page')) {
        res.setHeader('content-type', 'text/html');
        res.end(page(origin, url.searchParams.get('theme') === 'light' ? LIGHT : DARK));
      } else if (file && existsSync(file)) {
        res.setHeader('content-type', file.endsWith('.css') ? 'text/css' : 'text/javascript');
        void fs.readFile(file).then((b) => res.end(b));
      } else if (url.pathname === '/favicon.ico') {
        res.statusCode = 204; // a browser tab asks for it; a webview does not
        res.end();
      } else {
        errorsServed.push(url.pathname);
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium: pw } = require('playwright-core') as typeof import('playwright-core');
    browser = await pw.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(theme: 'dark' | 'light'): Promise<{ page: Page; opened: { traceId: string; spanId?: string }[]; errors: string[] }> {
    const p = await browser!.newPage({ viewport: { width: 1400, height: 1500 } });
    const opened: { traceId: string; spanId?: string }[] = [];
    const errors: string[] = [];
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    p.on('pageerror', (e) => errors.push(String(e)));
    const controller = new AnomaliesController(() => ({ dataset: ds, sourceLabel: 'sample', loading: false, version: 1 }), {
      post: (m) => { void p.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>); },
      openTrace: (traceId, spanId) => opened.push({ traceId, spanId }),
      log: (level, message) => { if (level === 'error') errors.push(message); },
    });
    await p.exposeFunction('__toHost', (json: string) => controller.handle(JSON.parse(json)));
    await p.goto(`${origin}/page?theme=${theme}`);
    await p.waitForFunction(() => document.querySelectorAll('.chart .main-svg').length >= 4 && document.querySelectorAll('.invocation').length > 0, undefined, { timeout: 60_000 });
    return { page: p, opened, errors };
  }

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
    assert.deepEqual(errors, [], `not served: ${errorsServed.join(', ')}`);
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
