// The Architecture webview's measure: layout + first render of the Architecture webview bundle in headless Chromium,
// under the same CSP as in VS Code, for 50, 300 and 1,000 nodes (edges = nodes x 20/3: 300 nodes -> 2,000 edges).
// Needs `webpack` to have built dist/webview/architecture.js. Also counts CSP violations (must be 0).
import { promises as fs } from 'fs';
import * as path from 'path';
import { launchChromium } from '../test/support/codeServer';
import { REPO_DIR, startPageServer } from '../test/support/pageServer';
import { DEFAULT_GRAPH_SETTINGS, GraphView, toGraphWebview } from '../src/protocol/architecture';
import type { Figure } from './measure';

const NONCE = 'benchnonce0123456789';

/** A layered app: an entry, then functions, resources and hosts calling forward (and a few back). */
export function syntheticGraph(nodes: number, edges: number, seed = 7): GraphView {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const types = ['function', 'aws', 'http', 'queue', 'topic', 'database', 'service'] as const;
  const ids: string[] = [];
  const out: GraphView = { nodes: [], edges: [], traces: 1000 };
  for (let i = 0; i < nodes; i++) {
    const type = i === 0 ? 'client' : types[i % types.length];
    const id = `${type}:svc-${i}`;
    ids.push(id);
    const calls = 1 + Math.floor(rnd() * 5000);
    const errors = rnd() < 0.1 ? Math.floor(calls * rnd() * 0.2) : 0;
    out.nodes.push({ id, type, name: `svc-${i}`, hasSource: type === 'function', calls, errors, faults: 0, throttles: 0, p50Ms: 20 * rnd(), p95Ms: 3000 * rnd(), p99Ms: 4000 });
  }
  const seen = new Set<string>();
  while (out.edges.length < edges) {
    const a = Math.floor(rnd() * nodes);
    const b = rnd() < 0.95 ? a + 1 + Math.floor(rnd() * Math.min(40, nodes - a - 1)) : Math.floor(rnd() * nodes);
    if (b >= nodes || a === b) continue;
    const id = `${ids[a]}->${ids[b]}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.edges.push({ id, source: ids[a], target: ids[b], async: rnd() < 0.1, calls: 1 + Math.floor(rnd() * 1000), errors: 0, faults: 0, throttles: 0, p50Ms: 5, p95Ms: 900 * rnd(), p99Ms: 1000 });
  }
  return out;
}

function page(theme: string): string {
  const csp = `default-src 'none'; img-src 'self' data:; style-src 'self'; font-src 'self'; script-src 'nonce-${NONCE}'`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="/media/base.css"><link rel="stylesheet" href="/media/architecture.css"><title>bench</title></head>
<body class="vscode-${theme}"><div id="app" class="app-architecture"></div>
<script nonce="${NONCE}" src="/dist/webview/architecture.js"></script></body></html>`;
}

/** A few of the variables VS Code gives a webview (Default Light/Dark Modern), set through CSSOM as the CSP allows. */
const THEME_VARS: Record<string, Record<string, string>> = {
  light: { '--vscode-editor-background': '#ffffff', '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#3b3b3b', '--vscode-focusBorder': '#005fb8', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px' },
  dark: { '--vscode-editor-background': '#1f1f1f', '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-focusBorder': '#0078d4', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px' },
};

const SCREENSHOTS = path.join(REPO_DIR, 'test-results', 'screenshots');

export async function graphRenderBench(): Promise<Figure[]> {
  if (!(await fs.stat(path.join(REPO_DIR, 'dist', 'webview', 'architecture.js')).catch(() => undefined))) {
    process.stderr.write('graph render bench skipped: dist/webview/architecture.js missing (run `npx webpack --config-name webview-architecture`)\n');
    return [];
  }
  const srv = await startPageServer((_origin, url) => page(url.searchParams.get('theme') ?? 'dark'));
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  const browser = await launchChromium();
  const figures: Figure[] = [];
  try {
    // Light first (its numbers are reported), then dark for the screenshot only.
    for (const [n, theme] of [[50, 'light'], [300, 'light'], [1000, 'light'], [50, 'dark'], [300, 'dark'], [1000, 'dark']] as const) {
      const view = syntheticGraph(n, Math.round((n * 20) / 3));
      const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const violations: string[] = [];
      p.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()); });
      await p.goto(`${srv.origin}/page?theme=${theme}`);
      await p.waitForFunction(() => 'traceExplorerGraph' in window);
      await p.evaluate((vars) => { for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v); }, THEME_VARS[theme]);
      // The renderer main thread's CPU time (CDP ThreadTime): the wall clock on a shared machine mostly measures the neighbours.
      const cdp = await p.context().newCDPSession(p);
      await cdp.send('Performance.enable');
      const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'ThreadTime')?.value ?? NaN;
      const cpu0 = await threadTime();
      const msg = toGraphWebview({ type: 'graph', dataset: { sourceLabel: 'bench', loading: false, datasetVersion: 1 }, graph: view, settings: DEFAULT_GRAPH_SETTINGS });
      // Layout + first paint: from the message to the second animation frame after it was handled.
      type Hook = { layout(): { name: string; ms: number; initMs: number; layoutMs: number } | undefined };
      const r = await p.evaluate(async (m) => {
        const t0 = performance.now();
        window.postMessage(m, '*');
        const hook = (window as unknown as { traceExplorerGraph: Hook }).traceExplorerGraph;
        while (!hook.layout()) await new Promise((res) => setTimeout(res, 5));
        await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
        return { layout: hook.layout()!, firstRender: performance.now() - t0 };
      }, msg);
      const cpu1 = await threadTime();
      await p.screenshot({ path: path.join(SCREENSHOTS, `bench-graph-${n}-${theme}.png`) });
      if (theme !== 'light') { await p.close(); continue; }
      // Large graphs draw their pan texture once when the page is idle (see webview/architecture/textureWarmup.ts):
      // wait for it, so that the idle and pan figures below are each what they say.
      type WarmHook = { warmup(): { state: string; ms?: number } };
      const warm = await p.evaluate(async () => {
        const hook = (window as unknown as { traceExplorerGraph: WarmHook }).traceExplorerGraph;
        const until = performance.now() + 10_000;
        while (hook.warmup().state === 'pending' && performance.now() < until) await new Promise((res) => setTimeout(res, 20));
        return hook.warmup();
      });
      const cpuWarm = await threadTime();
      // Frame times idle (what this machine's headless Chromium gives with nothing to draw), then while panning with
      // the mouse (a user gesture: that is when cytoscape uses its texture and hides edges).
      const frames = async (during: () => Promise<unknown>) => {
        await p.evaluate(() => {
          const w = window as unknown as { frames: number[]; recording: boolean };
          w.frames = []; w.recording = true;
          let last = performance.now();
          const tick = () => { const now = performance.now(); w.frames.push(now - last); last = now; if (w.recording) requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
        });
        await during();
        return p.evaluate(() => {
          const w = window as unknown as { frames: number[]; recording: boolean };
          w.recording = false;
          const f = w.frames.slice(1).sort((x, y) => x - y);
          return { p50: f[Math.floor(f.length * 0.5)] ?? NaN, p95: f[Math.floor(f.length * 0.95)] ?? NaN, max: f[f.length - 1] ?? NaN };
        });
      };
      const idle = await frames(() => new Promise((res) => setTimeout(res, 1000)));
      const cpuPan = await threadTime();
      const box = (await p.locator('.graph-canvas').boundingBox())!;
      const pan = await frames(async () => {
        await p.mouse.move(box.x + 12, box.y + 12);
        await p.mouse.down();
        for (let k = 1; k <= 60; k++) await p.mouse.move(box.x + 12 + k * 4, box.y + 12 + k * 2);
        await p.mouse.up();
      });
      const cpu2 = await threadTime();
      const ms = (x: number) => Math.round(x * 10) / 10;
      figures.push({ name: `graph.render_${n}_nodes_ms`, value: Math.round(r.firstRender), unit: 'ms', note: `${view.edges.length} edges; wall; setGraph ${Math.round(r.layout.ms)} ms (cytoscape init ${Math.round(r.layout.initMs)}, ${r.layout.name} layout ${Math.round(r.layout.layoutMs)})` });
      figures.push({ name: `graph.render_${n}_nodes_cpu_ms`, value: Math.round((cpu1 - cpu0) * 1000), unit: 'ms', note: 'renderer main-thread CPU for layout + first render' });
      if (warm.state === 'done') {
        figures.push({ name: `graph.pan_warmup_${n}_nodes_ms`, value: Math.round(warm.ms ?? NaN), unit: 'ms', note: `pan texture drawn while idle, done this long after the graph arrived; main-thread CPU from the first render's end ${Math.round((cpuWarm - cpu1) * 1000)} ms` });
      }
      figures.push({ name: `graph.pan_${n}_nodes_p95_frame_ms`, value: ms(pan.p95), unit: 'ms', note: `mouse drag over 60 moves; median frame ${ms(pan.p50)} ms, longest ${ms(pan.max)} ms; main-thread CPU ${Math.round((cpu2 - cpuPan) * 1000)} ms (software rendering in headless Chromium)` });
      figures.push({ name: `graph.idle_${n}_nodes_p95_frame_ms`, value: ms(idle.p95), unit: 'ms', note: 'the same page for 1 s without input: the floor the pan figure sits on' });
      figures.push({ name: `graph.csp_violations_${n}`, value: violations.length, unit: 'count', note: violations[0]?.slice(0, 120) });
      await p.close();
    }
  } finally {
    await browser.close();
    srv.close();
  }
  return figures;
}

if (require.main === module) {
  graphRenderBench().then((fs) => { for (const f of fs) console.log(`BENCH ${f.name} ${f.value} ${f.unit}${f.note ? `   # ${f.note}` : ''}`); },
    (e) => { console.error(e); process.exitCode = 1; });
}
