// The Architecture webview bundle in headless Chromium, under the CSP VS Code gets, with the real host controller
// on the sample data behind a message bridge. Skipped when the bundle (webpack) or Chromium is missing.
import { strict as assert } from 'assert';
import { existsSync, mkdirSync } from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium } from '../support/codeServer';
import { PageServer, REPO_DIR, startPageServer } from '../support/pageServer';
import { loadPaths } from '../../src/core/load';
import { GraphController } from '../../src/extension/architecture/controller';
import { DEFAULT_GRAPH_SETTINGS, GraphHostMessage, toGraphWebview } from '../../src/protocol/architecture';
import { IDP_HOST } from '../../src/core/sample/scenario';
import { syntheticGraph } from '../../bench/graphRender';

const BUNDLE = path.join(REPO_DIR, 'dist/webview/architecture.js');
const DATA = path.join(REPO_DIR, 'samples/data');
const NONCE = 'testnonce42';

function page(): string {
  const csp = `default-src 'none'; img-src 'self' data:; style-src 'self'; font-src 'self'; script-src 'nonce-${NONCE}'`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="/media/base.css"><link rel="stylesheet" href="/media/architecture.css"><title>t</title></head><body class="vscode-dark"><div id="app" class="app-architecture"></div>
<script nonce="${NONCE}" src="/dist/webview/architecture.js"></script></body></html>`;
}

interface Hook {
  nodes(): { id: string; classes: string[] }[];
  edges(): { id: string; classes: string[] }[];
  layout(): { name: string } | undefined;
  highlighted(): string[];
  warmup(): { state: string; ms?: number };
  rendered(id: string): { x: number; y: number; x1: number; x2: number } | undefined;
}

describe('architecture webview in Chromium (sample data, real host controller)', function () {
  this.timeout(180_000);
  let server: PageServer;
  let browser: Browser;
  let p: Page;
  const violations: string[] = [];
  const opened: string[] = [];

  before(async function () {
    let chromium = true;
    try { chromiumPath(); } catch { chromium = false; }
    if (!existsSync(BUNDLE) || !existsSync(path.join(DATA, 'manifest.json')) || !chromium) this.skip();
    const ds = await loadPaths([DATA]);
    server = await startPageServer(page);
    browser = await launchChromium();
    p = await browser.newPage({ viewport: { width: 1300, height: 800 } });
    // Outside VS Code the webview's api stub logs `postMessage <message>`: that is the bridge to the host.
    const controller = new GraphController(() => ({ dataset: ds, sourceLabel: 'sample', loading: false, version: 1 }), () => DEFAULT_GRAPH_SETTINGS, {
      post: (m: GraphHostMessage) => void p.evaluate((x) => window.postMessage(x, '*'), m),
      openTrace: (id) => opened.push(id),
      openHandler: () => undefined,
      log: () => undefined,
    });
    p.on('console', async (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
      if (m.text().startsWith('postMessage')) controller.handle(await m.args()[1].jsonValue());
    });
    await p.goto(`${server.origin}/page`);
    await p.waitForFunction(() => (window as unknown as { traceExplorerGraph?: Hook }).traceExplorerGraph?.layout() !== undefined);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('draws every node of the app with dagre, under the CSP without a single violation', async () => {
    const ids = await p.evaluate(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.nodes().map((n) => n.id));
    for (const id of ['client:client', 'function:shop-orders-api', 'function:shop-notifications', 'function:shop-billing', 'topic:order-events', 'queue:billing-queue', `http:${IDP_HOST}`]) {
      assert.ok(ids.includes(id), `${id} not drawn`);
    }
    assert.equal(await p.evaluate(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.layout()!.name), 'dagre');
    assert.deepEqual(violations, []);
    mkdirSync(path.join(REPO_DIR, 'test-results/screenshots'), { recursive: true });
    await p.screenshot({ path: path.join(REPO_DIR, 'test-results/screenshots/unit-graph-sample.png') }); // to look at, not compared
  });

  it('marks the identity-provider edge, lists its 401 traces on click, highlights a trace\'s path and opens it', async () => {
    const edgeId = `function:shop-orders-api->http:${IDP_HOST}`;
    const classes = await p.evaluate((id) => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.edges().find((e) => e.id === id)!.classes, edgeId);
    assert.ok(classes.some((c) => c.startsWith('err-')), `edge classes: ${classes.join(' ')}`);
    await p.locator('ul[aria-label="Failing nodes and edges"]').getByRole('button', { name: new RegExp(`shop-orders-api → ${IDP_HOST.replace(/\./g, '\\.')}`) }).click();
    await p.waitForSelector('ul[aria-label="Failing traces"] button.trace-ref.failing');
    const failing = p.locator('ul[aria-label="Failing traces"] button.trace-ref');
    assert.ok((await failing.count()) > 0);
    // Each names what failed (the identity provider's 401) before its duration and short id; the words
    // "failed:" and "trace" are there for screen readers (visually hidden).
    const rows = await failing.evaluateAll((bs) => bs.map((b) => [...b.children].map((c) => `${c.className}=${c.textContent}`).join(' | ')));
    for (const r of rows) assert.match(r, /^trace-failure=failed: 401\b[^|]* \| trace-ms=\d[\d.,]* ?m?s \| trace-id=trace [0-9a-f]{6}…$/, r);
    const traceId = await failing.first().getAttribute('data-trace-id');
    await failing.first().click();
    await p.waitForFunction(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.highlighted().length > 0);
    const lit = await p.evaluate(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.highlighted());
    assert.ok(lit.includes(edgeId) && lit.includes('client:client'));
    assert.ok(!lit.includes('function:shop-billing'), 'a rejected request never reaches billing');
    assert.deepEqual(opened, [traceId]);
  });

  it('search dims what does not match', async () => {
    await p.fill('input.graph-search', 'billing');
    const dimmed = await p.evaluate(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.nodes().filter((n) => !n.classes.includes('dimmed')).map((n) => n.id).sort());
    assert.deepEqual(dimmed, ['function:shop-billing', 'queue:billing-queue']);
  });

  it('draws a large graph\'s pan texture while idle, and panning still moves it', async () => {
    // The sample is small: no pan texture, nothing to warm.
    assert.equal(await p.evaluate(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.warmup().state), 'skipped');
    await p.fill('input.graph-search', '');
    const view = syntheticGraph(300, 2000);
    await p.evaluate((m) => window.postMessage(m, '*'),
      toGraphWebview({ type: 'graph', dataset: { sourceLabel: 'synthetic', loading: false, datasetVersion: 2 }, graph: view, settings: DEFAULT_GRAPH_SETTINGS }));
    await p.waitForFunction(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.nodes().length === 300);
    await p.waitForFunction(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.warmup().state !== 'pending', undefined, { timeout: 15_000 });
    assert.equal(await p.evaluate(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.warmup().state), 'done');
    const id = view.nodes[150].id;
    const before = (await p.evaluate((x) => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.rendered(x), id))!;
    const box = (await p.locator('.graph-canvas').boundingBox())!;
    await p.mouse.move(box.x + 10, box.y + 10);
    await p.mouse.down();
    for (let k = 1; k <= 10; k++) await p.mouse.move(box.x + 10 + k * 5, box.y + 10 + k * 3);
    await p.mouse.up();
    const after = (await p.evaluate((x) => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.rendered(x), id))!;
    assert.ok(Math.abs(after.x - before.x - 50) < 2 && Math.abs(after.y - before.y - 30) < 2, `moved from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    await p.screenshot({ path: path.join(REPO_DIR, 'test-results/screenshots/unit-graph-300-panned.png') }); // to look at, not compared
  });

  it('warms again after a zoom or a restyle, but never while a drag pans the bitmap it would overwrite', async () => {
    const hookState = () => p.evaluate(() => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.warmup().state);
    const waitFor = (want: string) => p.waitForFunction((w) => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.warmup().state === w, want, { timeout: 15_000 });
    const box = (await p.locator('.graph-canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // A zoom (each level has its own node textures) warms again once it settles.
    const id = syntheticGraph(300, 2000).nodes[150].id;
    const width = async () => { const b = (await p.evaluate((x) => (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph.rendered(x), id))!; return b.x2 - b.x1; };
    const before = await width();
    await p.mouse.move(cx, cy);
    await p.mouse.wheel(0, -300);
    await waitFor('pending');
    assert.ok((await width()) > before, 'the wheel zoomed in');
    await waitFor('done');
    // A restyle during a drag: the warm-up waits until the drag is over.
    await p.mouse.down();
    for (let k = 1; k <= 10; k++) await p.mouse.move(cx + k * 2, cy + k);
    await p.evaluate((m) => window.postMessage(m, '*'), toGraphWebview({ type: 'settings', settings: DEFAULT_GRAPH_SETTINGS }));
    const seen = new Set<string>();
    for (let k = 1; k <= 40; k++) {
      await p.mouse.move(cx + 20 + k, cy + 10 + k / 2);
      await new Promise((res) => setTimeout(res, 25));
      seen.add(await hookState());
    }
    assert.deepEqual([...seen], ['pending'], 'not drawn during the drag');
    await p.mouse.up();
    await waitFor('done');
  });
});
