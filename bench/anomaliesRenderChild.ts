// Child process for the Anomalies render bench: 100,000 invocations, the real view in headless Chromium.
import { DatasetBuilder } from '../src/core/correlate/builder';
import type { LogEvent, PlatformRecord } from '../src/core/model';
import { BUNDLE, chromiumPath, launch, openAnomalies, startPageServer } from '../test/unit/stats.webviewHarness';
import { existsSync } from 'fs';

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

async function run(): Promise<object> {
  if (!chromiumPath() || !existsSync(BUNDLE)) return { skipped: 'no Chromium or no dist/webview/anomalies.js' };
  const ds = syntheticDataset(100_000);
  const server = await startPageServer();
  const browser = await launch();
  try {
    // First open includes the host's stats for 100k rows and plotly's first layout.
    const t = performance.now();
    const { page, errors } = await openAnomalies(browser, server, ds, 'dark', true);
    const openMs = performance.now() - t;
    await page.waitForFunction(() => document.querySelectorAll('.invocation').length > 0, undefined, { timeout: 120_000 });
    const listsMs = performance.now() - t;
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
    return { openMs, listsMs, redrawMs, rows: ds.invocations.length, errors: errors.length };
  } finally {
    await browser.close();
    server.close();
  }
}

run().then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
