// Runs the Anomalies webview bundle in headless Chromium under the panel's CSP, wired to the real
// host-side AnomaliesController over the real protocol. Shared by the webview test and the render bench.
import { existsSync } from 'fs';
import * as path from 'path';
import { startPageServer as startSharedPageServer } from '../support/pageServer';
import type { PageServer } from '../support/pageServer';
import type { Browser, Page } from 'playwright-core';
import type { Dataset } from '../../src/core/dataset';
import { AnomaliesController } from '../../src/extension/anomalies/controller';

export const ROOT = path.resolve(__dirname, '../../..');
export const BUNDLE = path.join(ROOT, 'dist', 'webview', 'anomalies.js');

export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((c) => c && existsSync(c));
}

export const THEMES: Record<'dark' | 'light', Record<string, string>> = {
  dark: { '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-charts-blue': '#3794ff', '--vscode-charts-red': '#f14c4c', '--vscode-panel-border': '#80808059' },
  light: { '--vscode-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-red': '#e51400', '--vscode-panel-border': '#e5e5e5' },
};

/** The page VS Code would build (same CSP as src/extension/webviewHtml.ts), plus a stand-in for acquireVsCodeApi. */
function pageHtml(origin: string, theme: 'dark' | 'light'): string {
  const nonce = 'bm9uY2UtZm9yLXRlc3Q=';
  const csp = [`default-src 'none'`, `img-src ${origin} data:`, `style-src ${origin}`, `font-src ${origin}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/media/base.css"><link rel="stylesheet" href="${origin}/media/anomalies.css"><title>Anomalies</title></head>
<body class="vscode-${theme}"><div id="app" class="app-anomalies"></div>
<script nonce="${nonce}">
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.lineNumber + ':' + e.columnNumber));
for (const [k, v] of ${JSON.stringify(Object.entries(THEMES[theme]))}) document.documentElement.style.setProperty(k, v);
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(JSON.stringify(m)), getState: () => undefined, setState: () => undefined });
</script>
<script nonce="${nonce}" src="${origin}/dist/webview/anomalies.js"></script></body></html>`;
}

export type { PageServer } from '../support/pageServer';

export function startPageServer(): Promise<PageServer> {
  return startSharedPageServer((origin, url) => pageHtml(origin, url.searchParams.get('theme') === 'light' ? 'light' : 'dark'));
}

export async function launch(): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

export interface OpenedPage {
  page: Page;
  opened: { traceId: string; spanId?: string }[];
  errors: string[];
}

/** Opens the view on `ds` and waits until the four charts (and, unless `chartsOnly`, the invocation list) are drawn. */
export async function openAnomalies(browser: Browser, server: PageServer, ds: Dataset, theme: 'dark' | 'light', chartsOnly = false): Promise<OpenedPage> {
  const viewport = { width: 1400, height: 1500 };
  const page = await browser.newPage({ viewport });
  const opened: { traceId: string; spanId?: string }[] = [];
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const controller = new AnomaliesController(() => ({ dataset: ds, sourceLabel: 'sample', loading: false, version: 1 }), {
    post: (m) => { void page.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>); },
    openTrace: (traceId, spanId) => opened.push({ traceId, spanId }),
    log: (level, message) => { if (level === 'error') errors.push(message); },
  });
  await page.exposeFunction('__toHost', (json: string) => controller.handle(JSON.parse(json)));
  await page.goto(`${server.origin}/page?theme=${theme}`);
  // Unless only the charts count, also wait for the other groupings' anomalies (computed after the first chart).
  await page.waitForFunction((onlyCharts) => document.querySelectorAll('.chart .main-svg').length >= 4
    && (onlyCharts || (document.querySelectorAll('.invocation').length > 0 && document.querySelector('section.anomalies[data-pending="0"]') !== null)), chartsOnly, { timeout: 120_000 });
  return { page, opened, errors };
}
