// Child process for the Anomalies render bench: 100,000 invocations, the real view in headless Chromium.
import { loadavg } from 'os';
import { DatasetBuilder } from '../src/core/correlate/builder';
import type { LogEvent, PlatformRecord } from '../src/core/model';
import { BUNDLE, chromiumPath, launch, openAnomalies, startPageServer } from '../test/unit/stats.webviewHarness';
import { existsSync } from 'fs';
import type { CDPSession } from 'playwright-core';

function syntheticDataset(n: number) {
  const b = new DatasetBuilder();
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const t0 = Date.UTC(2026, 0, 1);
  const log = (rid: string, ts: number, p: PlatformRecord): LogEvent => ({
    timestampMs: ts, message: p.type, kind: 'platform', requestId: rid, functionName: 'bench-fn', logGroup: '/aws/lambda/bench-fn',
    logStream: 's', platform: p, format: 'lambda-text', origin: { file: 'bench', line: 1 },
  });
  for (let i = 0; i < n; i++) {
    const rid = `r${i}`;
    const start = t0 + (i / n) * 86_400_000;
    const d = 50 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));
    const cold = rnd() < 0.02;
    b.log(log(rid, start, { type: 'start' }));
    b.log(log(rid, start + d, { type: 'report', durationMs: d, memorySizeMb: 512, maxMemoryUsedMb: 100 + rnd() * 50, initDurationMs: cold ? 300 : undefined, status: rnd() < 0.01 ? 'error' : undefined }));
  }
  return b.build();
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** The page's main-thread CPU time so far (Chromium's ThreadTime), in ms. */
async function pageThreadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return 1000 * (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN);
}

async function run(): Promise<object> {
  if (!chromiumPath() || !existsSync(BUNDLE)) return { skipped: 'no Chromium or no dist/webview/anomalies.js' };
  const ds = syntheticDataset(100_000);
  const server = await startPageServer();
  const browser = await launch();
  try {
    const load = loadavg()[0];
    // The clock starts as the panel is asked for: the tab, its script (plotly), the host's stats (none computed
    // before: the worst case, a view opened right after a load), the first group's detail and the 4 charts drawn.
    const t = Date.now();
    const c = cpuMs();
    let cdp: CDPSession | undefined;
    let tabMs = NaN;
    const { page, errors } = await openAnomalies(browser, server, ds, 'dark', true, async (p) => {
      tabMs = Date.now() - t;
      cdp = await p.context().newCDPSession(p);
      await cdp.send('Performance.enable');
    });
    // When each chart was first drawn, from the page's own marks (epoch ms), not from the polling that noticed it.
    const marks = await page.evaluate(() => performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('anomalies:chart:')).map((m) => performance.timeOrigin + m.startTime));
    const openMs = Math.max(...marks) - t;
    const firstChartMs = Math.min(...marks) - t;
    const hostCpuMs = cpuMs() - c;
    const pageCpuMs = await pageThreadMs(cdp!);
    await page.waitForFunction(() => document.querySelectorAll('.invocation').length > 0, undefined, { timeout: 120_000 });
    const listsMs = Date.now() - t;
    // Redraw of all four charts (theme change), measured inside the page.
    const redrawMs = await page.evaluate(async () => {
      const t1 = performance.now();
      document.body.className = 'vscode-light';
      document.documentElement.style.setProperty('--vscode-editor-background', '#ffffff');
      await new Promise<void>((resolve) => {
        const check = () => (/255, 255, 255/.test(getComputedStyle(document.querySelector('[data-chart="memory"] .main-svg')!).backgroundColor) ? resolve() : requestAnimationFrame(check));
        check();
      });
      return performance.now() - t1;
    });
    return { openMs, tabMs, firstChartMs, hostCpuMs, pageCpuMs, charts: marks.length, listsMs, redrawMs, rows: ds.invocations.length, errors: errors.length, load };
  } finally {
    await browser.close();
    server.close();
  }
}

run().then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
