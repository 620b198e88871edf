// Child process of the investigation bench (issue 18), webview side: the real Trace Explorer bundle in
// headless Chromium wired to the real ExplorerController, as bench/explorerRenderChild.ts does for the
// timeline. The large trace is opened (its first timeline frame awaited), then:
//  - flame first frame: from the click on "Flame graph" to the flame view's first drawn frame (the
//    `trace-explorer:flame-first-frame` mark), cold (the background warm-up dropped): the host makes the
//    frames wide enough to draw, sends them, the view draws them;
//  - zoom frames: 80 Ctrl+wheel events on the flame canvas (40 in around a moving point, 40 out), one per
//    frame; frame time = input handler + the next frame's main-thread work, as for the timeline's frames.
import * as os from 'os';
import { existsSync } from 'fs';
import * as path from 'path';
import { startPageServer } from '../test/support/pageServer';
import { explorerDataset } from './explorerTrace';
import { chromiumPath, openAndTime, pageHtml } from './explorerRenderChild';
import { background } from '../src/core/background';

const BUNDLE = path.join(path.resolve(__dirname, '..', '..'), 'dist', 'webview', 'explorer.js');

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN;
}

async function run(spans: number): Promise<object> {
  if (!chromiumPath()) return { skipped: 'Chromium not found' };
  if (!existsSync(BUNDLE)) return { skipped: 'dist/webview/explorer.js missing (npx webpack --mode production)' };
  const server = await startPageServer((origin) => pageHtml(origin));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const t = performance.now();
    const data = explorerDataset(spans);
    const buildMs = performance.now() - t;
    // No flame warm-up: the click pays for making the graph (the cold case, a click right after opening).
    const add = background.add.bind(background);
    background.add = (key, task) => { if (!key.startsWith('flame:')) add(key, task); };
    const o = await openAndTime(browser, server.origin, data.dataset, data.traceId);
    const page = o.page;
    // The trace has been open a moment: the background tasks it queued (search index, flame graph) have run.
    const bg0 = performance.now();
    await background.whenIdle();
    const backgroundMs = performance.now() - bg0;
    const first = await page.evaluate((id) => new Promise<number>((resolve, reject) => {
      const mine = (e: PerformanceEntry) => e.name === 'trace-explorer:flame-first-frame' && (e as PerformanceMark).detail?.traceId === id;
      const t0 = performance.now();
      const obs = new PerformanceObserver((list) => {
        const m = list.getEntries().find(mine);
        if (m) { obs.disconnect(); resolve(m.startTime - t0); }
      });
      obs.observe({ type: 'mark' });
      document.querySelector<HTMLElement>('[data-testid="view-flame"]')!.click();
      setTimeout(() => reject(new Error('no flame first frame within 120 s')), 120_000);
    }), data.traceId);
    const info = await page.evaluate(() => document.querySelector('[data-testid="flame-info"]')?.textContent ?? '');
    const frames = await page.evaluate(async () => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="flame-canvas"]')!;
      const box = canvas.getBoundingClientRect();
      const afterFrame = () => new Promise<void>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve();
        requestAnimationFrame(() => ch.port2.postMessage(0));
      });
      for (let i = 0; i < 5; i++) await afterFrame();
      const out: number[] = [];
      for (let k = 0; k < 80; k++) {
        let frameStart = 0;
        requestAnimationFrame(() => { frameStart = performance.now(); });
        const h0 = performance.now();
        canvas.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: box.left + box.width * 0.3 + (k % 40) * 5, clientY: box.top + 30, deltaY: k < 40 ? -60 : 60, ctrlKey: true }));
        const handler = performance.now() - h0;
        await afterFrame();
        out.push(handler + (performance.now() - frameStart));
      }
      return out;
    });
    await page.context().close();
    return {
      spans: data.spans, buildMs, backgroundMs, timelineFirstFrameMs: o.firstFrameMs, flameFirstFrameMs: first, info,
      zoomP95: pct(frames, 0.95), zoomP50: pct(frames, 0.5), zoomMax: Math.max(...frames), zoomFrames: frames.length,
      errors: o.errors.slice(0, 3), load: os.loadavg()[0], cpus: os.cpus().length,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

run(Number(process.argv[2] ?? 1_000_000)).then((r) => process.stdout.write(JSON.stringify(r) + '\n'), (e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exitCode = 1; });
