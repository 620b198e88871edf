// The Trace Explorer's measures: the webview in headless Chromium on generated traces of 1,000,
// 10,000 and 100,000 spans (first frame after the data is ready; frame times while panning and
// zooming), the extension's activation time, and the size of every bundle in dist/.
// Targets: first frame <= 500 ms and p95 frame <= 16 ms at 100,000 spans; activation <= 100 ms.
// Needs `npx webpack --mode production` to have built dist/ (the bench only runs tsc).
import { existsSync, readdirSync, statSync } from 'fs';
import * as path from 'path';
import { Figure, runChild } from './measure';
import { investigateHostFigures, investigateRenderFigures } from './investigate';

const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = [1000, 10000, 100000];
const ACTIVATION_RUNS = 5;
const OPEN_REPEATS = 3;

interface SizeResult {
  spans: number; datasetBuildMs: number; repeats: number;
  firstFrameMs: number; firstFrameAll: number[]; afterMetaMs: number; openTraceMs: number; getRowsMs: number; firstFrameCpuMs: number; rendererCpuMs: number; hostCpuMs: number; openTraceCpuMs: number;
  frameP95: number; frameP50: number; frameMax: number; frames: number; panP95: number; zoomP95: number;
  frameCpuP95: number; frameCpuP50: number; panCpuP95: number; zoomCpuP95: number;
  drawP95: number; draws: number; gestureCpuMs: number;
  errors: string[]; errorCount: number; violations: number;
}
interface RenderResult { results?: SizeResult[]; load?: number; cpus?: number; missing?: string[]; skipped?: string }
interface ActivationResult {
  requireMs?: number; activateMs?: number; totalMs?: number; cpuMs?: number; selfReportedMs?: number;
  registered?: Record<string, number>; commands?: number; subscriptions?: number; missing?: string[]; error?: string;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** Every .js in dist/ and dist/webview/: entry bundles one by one, webpack's numbered lazy chunks summed per entry. */
function bundleFigures(): Figure[] {
  const dist = path.join(ROOT, 'dist');
  if (!existsSync(dist)) return [{ name: 'explorer.bundle_skipped', value: 0, unit: '', note: 'dist/ missing: run `npx webpack --mode production`' }];
  const sizes = new Map<string, { bytes: number; files: number }>();
  for (const [dir, prefix] of [[dist, ''], [path.join(dist, 'webview'), 'webview_']] as const) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.js')) continue;
      const chunk = /^[^.]+\.(.+)\.js$/.exec(f); // `21.extension.js`: a lazy chunk of the `extension` entry
      const name = prefix + (chunk ? `${chunk[1]}_chunks` : f.slice(0, -3));
      const s = sizes.get(name) ?? { bytes: 0, files: 0 };
      s.bytes += statSync(path.join(dir, f)).size;
      s.files++;
      sizes.set(name, s);
    }
  }
  return [...sizes].map(([name, s]) => ({
    name: `explorer.bundle.${name}_kb`, value: r1(s.bytes / 1024), unit: 'KB',
    note: name.endsWith('_chunks') ? `${s.files} lazily loaded chunks` : undefined,
  }));
}

function activationFigures(): Figure[] {
  if (!existsSync(path.join(ROOT, 'dist', 'extension.js'))) return [{ name: 'explorer.activation_skipped', value: 0, unit: '', note: 'dist/extension.js missing' }];
  const runs: ActivationResult[] = [];
  for (let i = 0; i < ACTIVATION_RUNS; i++) runs.push(runChild<ActivationResult>(path.join(__dirname, 'activationChild.js'), []));
  const failed = runs.find((r) => r.error);
  if (failed) return [{ name: 'explorer.activation_failed', value: 0, unit: '', note: failed.error!.split('\n')[0].slice(0, 200) }];
  const last = runs[runs.length - 1];
  const reg = Object.entries(last.registered ?? {}).map(([k, v]) => `${v} ${k}`).join(', ');
  return [
    { name: 'explorer.activation_ms', value: r1(median(runs.map((r) => r.totalMs!))), unit: 'ms',
      note: `require(dist/extension.js) + activate() in plain Node with a fake vscode module, cold process, median of ${runs.length}; registered ${reg}` },
    { name: 'explorer.activation_cpu_ms', value: r1(median(runs.map((r) => r.cpuMs!))), unit: 'ms', note: 'CPU time of the same (process.cpuUsage): less sensitive to a loaded machine' },
    { name: 'explorer.activation_require_ms', value: r1(median(runs.map((r) => r.requireMs!))), unit: 'ms', note: 'loading and running the bundle\'s top level' },
    { name: 'explorer.activation_activate_ms', value: r1(median(runs.map((r) => r.activateMs!))), unit: 'ms',
      note: `the activate() call alone (its own activationMs says ${r1(median(runs.map((r) => r.selfReportedMs ?? NaN)))} ms)${last.missing?.length ? `; fake lacked ${last.missing.join(', ')}` : ''}` },
  ];
}

function renderFigures(): Figure[] {
  const r = runChild<RenderResult>(path.join(__dirname, 'explorerRenderChild.js'), [SIZES.join(','), String(OPEN_REPEATS)]);
  if (r.skipped || !r.results) return [{ name: 'explorer.render_skipped', value: 0, unit: '', note: r.skipped }];
  const figures: Figure[] = [];
  const machine = `load average ${r.load?.toFixed(1)} on ${r.cpus} CPUs`;
  let violations = 0;
  let errors = 0;
  let firstError = '';
  for (const s of r.results) {
    const n = s.spans;
    violations += s.violations;
    errors += s.errorCount;
    firstError ||= s.errors[0] ?? '';
    figures.push(
      { name: `explorer.first_frame_ms.${n}`, value: Math.round(s.firstFrameMs), unit: 'ms',
        note: `data ready (host posts 'dataset') -> first complete timeline frame, wall, median of ${s.repeats} opens (${s.firstFrameAll.map(Math.round).join(', ')}); host openTrace ${Math.round(s.openTraceMs)} ms, webview after traceMeta ${Math.round(s.afterMetaMs)} ms; ${machine}` },
      { name: `explorer.first_frame_cpu_ms.${n}`, value: Math.round(s.firstFrameCpuMs), unit: 'ms',
        note: `CPU on the same path: renderer main thread ${Math.round(s.rendererCpuMs)} ms + host handling the requests ${Math.round(s.hostCpuMs)} ms (less sensitive to a loaded machine; excludes IPC and raster)` },
      { name: `explorer.first_frame_host_open_trace_ms.${n}`, value: Math.round(s.openTraceMs), unit: 'ms', note: `part of the above: ExplorerController handling openTrace (builds the rows, critical path, minimap), wall; CPU ${Math.round(s.openTraceCpuMs)} ms` },
      { name: `explorer.first_frame_after_meta_ms.${n}`, value: Math.round(s.afterMetaMs), unit: 'ms', note: 'part of the above: the webview\'s own perf hook, traceMeta received -> first complete frame (row pages fetched, drawn)' },
      { name: `explorer.frame_p95_ms.${n}`, value: r1(s.frameP95), unit: 'ms',
        note: `${s.frames} pan/zoom frames, wall in the page (input handler + rAF draw + style/layout/paint); p50 ${r1(s.frameP50)}, max ${r1(s.frameMax)}; pan p95 ${r1(s.panP95)}, zoom p95 ${r1(s.zoomP95)}; ${machine}` },
      { name: `explorer.frame_cpu_p95_ms.${n}`, value: r1(s.frameCpuP95), unit: 'ms',
        note: `same frames, renderer main-thread CPU per frame (Chrome trace, thread time); p50 ${r1(s.frameCpuP50)}; pan p95 ${r1(s.panCpuP95)}, zoom p95 ${r1(s.zoomCpuP95)}` },
      { name: `explorer.draw_p95_ms.${n}`, value: r1(s.drawP95), unit: 'ms', note: `the canvas draw alone (window.__traceExplorerPerf.frames, ${s.draws} draws)` },
    );
  }
  figures.push({ name: 'explorer.page_errors', value: errors + violations + (r.missing?.length ?? 0), unit: 'count',
    note: `console errors/warnings ${errors}, CSP violations ${violations}, missing files ${r.missing?.join(' ') || 'none'}${firstError ? `; first: ${firstError.slice(0, 120)}` : ''}` });
  return figures;
}

export async function explorerBench(): Promise<Figure[]> {
  const prefix = process.argv[2] ?? '';
  const wants = (p: string) => p.startsWith(prefix) || prefix.startsWith(p);
  const figures: Figure[] = [];
  if (wants('explorer.bundle')) figures.push(...bundleFigures());
  if (wants('explorer.activation')) figures.push(...activationFigures());
  if (['explorer.first_frame', 'explorer.frame', 'explorer.draw', 'explorer.page', 'explorer.render'].some(wants)) figures.push(...renderFigures());
  figures.push(...investigateHostFigures(wants), ...investigateRenderFigures(wants));
  return figures;
}
