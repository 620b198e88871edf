// Child process of the explorer bench: the real Trace Explorer webview bundle (dist/webview/explorer.js)
// in headless Chromium, under the panel's CSP, wired to the real host-side ExplorerController
// (src/extension/explorer/logic, no vscode) through a stand-in acquireVsCodeApi. Messages cross
// processes as in VS Code: page -> host over a CDP binding, host -> page with window.postMessage.
//
// For each size (spans of the one large trace):
//  - first frame: the panel is open and showing "Loading traces…"; the host then posts `dataset`
//    (the data is ready). Measured in the page from that message to the `trace-explorer:first-frame`
//    mark (the webview's perf hook: first timeline frame with every visible row loaded and drawn).
//    The path in between: list page, openTrace (host builds the rows), row pages, draw.
//  - pan/zoom frames: a gesture driven in the page, one input event per frame (ctrl+wheel zoom,
//    mouse drag, shift+wheel pan), through the view's own listeners. Frame time = input handler +
//    the next frame's main-thread work: rAF callbacks (the canvas draw), then style, layout, paint
//    (ends when a task posted from the last rAF callback runs). Raster/compositing run on other threads.
import { existsSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { DatasetState } from '../src/extension/datasetState';
import { ExplorerController } from '../src/extension/explorer/logic/controller';
import type { HostMessage } from '../src/protocol/messages';
import { startPageServer } from '../test/support/pageServer';
import { explorerDataset } from './explorerTrace';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'webview', 'explorer.js');
const NONCE = 'YmVuY2gtZXhwbG9yZXItbm9uY2U=';
const VIEWPORT = { width: 1400, height: 900 };

export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((c) => c && existsSync(c));
}

/** The page VS Code builds (src/extension/webviewHtml.ts: same CSP), plus the acquireVsCodeApi stand-in and dark theme colours. */
export function pageHtml(origin: string): string {
  const csp = [`default-src 'none'`, `img-src ${origin} data:`, `style-src ${origin}`, `font-src ${origin}`, `script-src 'nonce-${NONCE}'`].join('; ');
  const vars: [string, string][] = [
    ['--vscode-font-family', 'system-ui, sans-serif'], ['--vscode-font-size', '13px'], ['--vscode-foreground', '#cccccc'],
    ['--vscode-editor-background', '#1e1e1e'], ['--vscode-panel-border', '#80808059'], ['--vscode-list-activeSelectionBackground', '#04395e'],
  ];
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/media/base.css"><link rel="stylesheet" href="${origin}/media/explorer.css"><title>Trace Explorer</title></head>
<body class="vscode-dark"><div id="app" class="app-explorer"></div>
<script nonce="${NONCE}">
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
for (const [k, v] of ${JSON.stringify(vars)}) document.documentElement.style.setProperty(k, v);
let state;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__toHost(JSON.stringify(m)), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="${NONCE}" src="${origin}/dist/webview/explorer.js"></script></body></html>`;
}

/** Paths the page asked for that do not exist. */
function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN;
}
const median = (v: number[]) => pct(v, 0.5);

interface HostTimes { openTraceMs: number; openTraceCpuMs: number; getRowsMs: number[]; queryListMs: number[]; /** CPU of every message handled so far. */ cpuMs: number }

export interface Opened {
  page: Page;
  firstFrameMs: number;
  /** The webview's own figure: traceMeta arrived -> first complete frame. */
  afterMetaMs: number;
  host: HostTimes;
  /** Renderer main-thread CPU from 'dataset' to the first frame. */
  cpuMs: number;
  /** Host CPU handling the webview's requests in the same span. */
  hostCpuMs: number;
  errors: string[];
  threadTime(): Promise<number>;
}

/** Opens the panel (data still loading), then makes the data ready and times until the first complete frame. */
export async function openAndTime(browser: Browser, origin: string, dataset: DatasetState['dataset'], traceId: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const state: DatasetState = { sourceLabel: 'bench', loading: true, version: 1 };
  const host: HostTimes = { openTraceMs: NaN, openTraceCpuMs: NaN, getRowsMs: [], queryListMs: [], cpuMs: 0 };
  const closed = () => undefined; // a late reply to a page the bench already closed
  const post = (m: HostMessage) => {
    if (m.type === 'dataset') {
      // "Data ready": the page notes the time it gets the message, then handles it.
      page.evaluate((msg) => { (window as unknown as { __benchT0: number }).__benchT0 = performance.now(); window.postMessage(msg, '*'); }, m as unknown as Record<string, unknown>).catch(closed);
    } else {
      page.evaluate((msg) => window.postMessage(msg, '*'), m as unknown as Record<string, unknown>).catch(closed);
    }
  };
  const controller = new ExplorerController(() => state, {
    post, openSource: () => undefined, openLocation: () => undefined,
    log: (level, message) => { if (level !== 'info') errors.push(message); },
  });
  await page.exposeFunction('__toHost', (json: string) => {
    const m = JSON.parse(json) as { type: string };
    const t = performance.now();
    const c = process.cpuUsage();
    controller.handle(m);
    const ms = performance.now() - t;
    const cu = process.cpuUsage(c);
    const cpu = (cu.user + cu.system) / 1000;
    host.cpuMs += cpu;
    if (m.type === 'openTrace' && Number.isNaN(host.openTraceMs)) { host.openTraceMs = ms; host.openTraceCpuMs = cpu; }
    else if (m.type === 'getRows') host.getRowsMs.push(ms);
    else if (m.type === 'queryList') host.queryListMs.push(ms);
  });
  await page.goto(`${origin}/page`);
  await page.waitForFunction(() => /Loading traces/.test(document.querySelector('.tl-empty')?.textContent ?? ''), undefined, { timeout: 60_000 });
  await page.waitForTimeout(300);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'ThreadTime')?.value ?? NaN;
  const cpu0 = await threadTime();
  const hostCpu0 = host.cpuMs;

  // Wait in the page for the webview's first-frame mark (an observer, not polling: polling would
  // add its own work to the renderer CPU measured here). Installed before the data is made ready.
  const firstFrame = page.evaluate((id) => new Promise<{ firstFrameMs: number; afterMetaMs: number }>((resolve) => {
    const w = window as unknown as { __benchT0: number; __traceExplorerPerf: { firstFrame: Record<string, number> } };
    const done = (mark: PerformanceEntry) => resolve({ firstFrameMs: mark.startTime - w.__benchT0, afterMetaMs: w.__traceExplorerPerf.firstFrame[id] });
    const mine = (e: PerformanceEntry) => e.name === 'trace-explorer:first-frame' && (e as PerformanceMark).detail?.traceId === id;
    const seen = performance.getEntriesByType('mark').find(mine);
    if (seen) { done(seen); return; }
    const obs = new PerformanceObserver((list) => {
      const m = list.getEntries().find(mine);
      if (m) { obs.disconnect(); done(m); }
    });
    obs.observe({ type: 'mark' });
  }), traceId);
  state.dataset = dataset;
  state.loading = false;
  state.version = 2;
  controller.datasetChanged();
  const r = await Promise.race([firstFrame, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no first frame for ${traceId} within 120 s`)), 120_000))]);
  const cpuMs = ((await threadTime()) - cpu0) * 1000;
  return { page, ...r, host, cpuMs, hostCpuMs: host.cpuMs - hostCpu0, errors, threadTime };
}

type Step = { kind: 'zoom' | 'pan' | 'drag'; phase: 'down' | 'move' | 'up' | 'wheel'; x: number; y: number; dx: number; dy: number; ctrl?: boolean; shift?: boolean; deltaY?: number };

/** The gesture: zoom in around a moving point, drag (pans time and scrolls rows), shift+wheel pan, zoom out. */
function gesture(box: { x: number; y: number; width: number; height: number }): Step[] {
  const steps: Step[] = [];
  const cx = box.x + box.width * 0.4;
  const cy = box.y + Math.min(box.height - 20, 200);
  for (let k = 0; k < 40; k++) steps.push({ kind: 'zoom', phase: 'wheel', x: cx + k * 4, y: cy, dx: 0, dy: 0, ctrl: true, deltaY: -60 });
  let x = box.x + box.width * 0.7;
  let y = box.y + box.height - 30;
  steps.push({ kind: 'drag', phase: 'down', x, y, dx: 0, dy: 0 });
  for (let k = 0; k < 60; k++) { x -= 6; y -= 8; steps.push({ kind: 'drag', phase: 'move', x, y, dx: -6, dy: -8 }); }
  steps.push({ kind: 'drag', phase: 'up', x, y, dx: 0, dy: 0 });
  for (let k = 0; k < 40; k++) steps.push({ kind: 'pan', phase: 'wheel', x: cx, y: cy, dx: 0, dy: 0, shift: true, deltaY: k < 20 ? 80 : -80 });
  for (let k = 0; k < 40; k++) steps.push({ kind: 'zoom', phase: 'wheel', x: cx - k * 4, y: cy, dx: 0, dy: 0, ctrl: true, deltaY: 60 });
  return steps;
}

interface FrameResult { kind: string; ms: number; cpuMs: number }

interface TraceEvent { name: string; cat: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number }

/**
 * Renderer main-thread CPU per step, from a Chrome trace: top-level tasks ('toplevel' category, thread
 * time `tdur`) between the step's start and end marks; a task straddling a mark is split pro rata.
 * Thread time is what the page's own work costs, whatever the neighbours on a shared machine do.
 */
function cpuPerStep(events: TraceEvent[], steps: number): number[] {
  const marks = new Map<string, TraceEvent>();
  for (const e of events) if (e.cat.includes('blink.user_timing') && e.name.startsWith('bench-step:')) marks.set(e.name, e);
  const any = marks.get('bench-step:0:start');
  if (!any) return [];
  const tasks = events.filter((e) => e.ph === 'X' && e.pid === any.pid && e.tid === any.tid && e.cat.split(',').includes('toplevel') && e.dur !== undefined && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const a = marks.get(`bench-step:${i}:start`)?.ts;
    const b = marks.get(`bench-step:${i}:end`)?.ts;
    if (a === undefined || b === undefined) { out.push(NaN); continue; }
    let cpu = 0;
    for (const t of tasks) {
      const end = t.ts + t.dur!;
      if (end <= a || t.ts >= b) continue;
      const overlap = Math.min(end, b) - Math.max(t.ts, a);
      cpu += t.dur! > 0 ? t.tdur! * (overlap / t.dur!) : 0;
    }
    out.push(cpu / 1000);
  }
  return out;
}

async function panZoom(page: Page): Promise<{ frames: FrameResult[]; draws: number[]; scrolledPx: number }> {
  const box = (await page.locator('[data-testid="timeline-canvas"]').boundingBox())!;
  const steps = gesture(box);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e: { value: object[] }) => { for (const v of e.value) events.push(v as TraceEvent); });
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'blink.user_timing'], recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  const r = await page.evaluate(async (steps) => {
    const perf = (window as unknown as { __traceExplorerPerf: { frames: number[]; reset(): void } }).__traceExplorerPerf;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="timeline-canvas"]')!;
    const afterFrame = () => new Promise<void>((resolve) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      requestAnimationFrame(() => ch.port2.postMessage(0));
    });
    // Settle: let pending row pages and redraws finish.
    for (let i = 0; i < 5; i++) await afterFrame();
    perf.reset();
    const frames: { kind: string; ms: number; cpuMs: number }[] = [];
    for (const [i, s] of steps.entries()) {
      let frameStart = 0;
      requestAnimationFrame(() => { frameStart = performance.now(); }); // runs before the draw the event schedules
      performance.mark(`bench-step:${i}:start`);
      const h0 = performance.now();
      if (s.phase === 'wheel') {
        canvas.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: s.x, clientY: s.y, deltaY: s.deltaY, deltaMode: 0, ctrlKey: !!s.ctrl, shiftKey: !!s.shift }));
      } else if (s.phase === 'down') {
        canvas.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, clientX: s.x, clientY: s.y, button: 0, buttons: 1 }));
      } else {
        const target = s.phase === 'up' ? window : canvas;
        target.dispatchEvent(new MouseEvent(s.phase === 'up' ? 'mouseup' : 'mousemove', { bubbles: true, cancelable: true, clientX: s.x, clientY: s.y, movementX: s.dx, movementY: s.dy, button: 0, buttons: s.phase === 'up' ? 0 : 1 }));
      }
      const handler = performance.now() - h0;
      await afterFrame();
      performance.mark(`bench-step:${i}:end`);
      frames.push({ kind: s.kind, ms: handler + (performance.now() - frameStart), cpuMs: NaN });
    }
    const scroller = document.querySelector<HTMLElement>('.tl-scroll')!;
    return { frames, draws: [...perf.frames], scrolledPx: scroller.scrollTop };
  }, steps);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  const cpu = cpuPerStep(events, r.frames.length);
  r.frames.forEach((f, i) => { f.cpuMs = cpu[i] ?? NaN; });
  await cdp.detach();
  return r;
}

async function run(sizes: number[], repeats: number): Promise<object> {
  if (!chromiumPath()) return { skipped: 'Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)' };
  if (!existsSync(BUNDLE)) return { skipped: 'dist/webview/explorer.js missing (npx webpack --mode production --config-name webview-explorer)' };
  const server = await startPageServer((origin) => pageHtml(origin));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const out: object[] = [];
  try {
    for (const n of sizes) {
      const t = performance.now();
      const data = explorerDataset(n);
      const buildMs = performance.now() - t;
      const first: number[] = [];
      const afterMeta: number[] = [];
      const openTrace: number[] = [];
      const cpu: number[] = [];
      const hostCpu: number[] = [];
      const openTraceCpu: number[] = [];
      let rowsMs: number[] = [];
      let errors: string[] = [];
      let violations: string[] = [];
      let pz: { frames: FrameResult[]; draws: number[]; scrolledPx: number } | undefined;
      let pzCpuMs = NaN;
      for (let rep = 0; rep < repeats; rep++) {
        const o = await openAndTime(browser, server.origin, data.dataset, data.traceId);
        first.push(o.firstFrameMs);
        afterMeta.push(o.afterMetaMs);
        openTrace.push(o.host.openTraceMs);
        cpu.push(o.cpuMs);
        hostCpu.push(o.hostCpuMs);
        openTraceCpu.push(o.host.openTraceCpuMs);
        rowsMs = rowsMs.concat(o.host.getRowsMs);
        if (rep === repeats - 1) {
          const c0 = await o.threadTime();
          pz = await panZoom(o.page);
          pzCpuMs = ((await o.threadTime()) - c0) * 1000;
          violations = await o.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
        }
        errors = errors.concat(o.errors);
        await o.page.context().close();
      }
      const frames = pz!.frames.map((f) => f.ms);
      out.push({
        spans: data.spans, datasetBuildMs: buildMs, repeats,
        firstFrameMs: median(first), firstFrameAll: first, afterMetaMs: median(afterMeta), openTraceMs: median(openTrace), getRowsMs: median(rowsMs),
        firstFrameCpuMs: median(cpu.map((c, i) => c + hostCpu[i])), rendererCpuMs: median(cpu), hostCpuMs: median(hostCpu), openTraceCpuMs: median(openTraceCpu),
        frameP95: pct(frames, 0.95), frameP50: pct(frames, 0.5), frameMax: Math.max(...frames), frames: frames.length,
        panP95: pct(pz!.frames.filter((f) => f.kind !== 'zoom').map((f) => f.ms), 0.95),
        zoomP95: pct(pz!.frames.filter((f) => f.kind === 'zoom').map((f) => f.ms), 0.95),
        frameCpuP95: pct(pz!.frames.map((f) => f.cpuMs), 0.95), frameCpuP50: pct(pz!.frames.map((f) => f.cpuMs), 0.5),
        panCpuP95: pct(pz!.frames.filter((f) => f.kind !== 'zoom').map((f) => f.cpuMs), 0.95),
        zoomCpuP95: pct(pz!.frames.filter((f) => f.kind === 'zoom').map((f) => f.cpuMs), 0.95),
        drawP95: pct(pz!.draws, 0.95), draws: pz!.draws.length, scrolledRows: Math.round(pz!.scrolledPx / 24), gestureCpuMs: pzCpuMs,
        errors: errors.slice(0, 5), errorCount: errors.length, violations: violations.length,
      });
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { results: out, load: os.loadavg()[0], cpus: os.cpus().length, missing: [...new Set(server.missing)] };
}

if (require.main === module) {
  const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
  const repeats = Number(process.argv[3] ?? 3);
  run(sizes, repeats).then((r) => process.stdout.write(JSON.stringify(r) + '\n'), (e) => { process.stderr.write(`${(e as Error).stack}\n`); process.exitCode = 1; });
}
