// Issue 18's figures: search inside a 1M-span trace, compare two 10,000-span traces (host side, plain
// Node), and the flame graph's first frame and zoom frames on a 1M-span trace (webview in headless
// Chromium, as the timeline's figures are measured). Targets: search <= 200 ms, diff <= 300 ms, flame
// first frame <= 1,000 ms with p95 zoom frame <= 16 ms.
import * as os from 'os';
import * as path from 'path';
import { Figure, runChild } from './measure';

const SEARCH_SPANS = 1_000_000;
const DIFF_SPANS = 10_000;
const FLAME_SPANS = 1_000_000;

const r1 = (v: number) => Math.round(v * 10) / 10;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

interface HostResult {
  spans: number; openMs: number; openCpuMs: number; indexCpuMs: number; stepCpuMs: number; search: { text: string; ms: number; cpuMs: number; total: number }[]; stepMs: number; onlyMatchesMs: number;
  flameHostMs: number; flameHostCpuMs: number; flameFrames: number; flameSent: number; diffSpans: number[]; diffMs: number[]; diffCpuMs: number[]; diffRows: number; diffBytes: number;
}
interface RenderResult {
  skipped?: string; spans: number; buildMs: number; backgroundMs: number; timelineFirstFrameMs: number; flameFirstFrameMs: number; info: string;
  zoomP95: number; zoomP50: number; zoomMax: number; zoomFrames: number; errors: string[]; load: number; cpus: number;
}

export function investigateHostFigures(wants: (p: string) => boolean): Figure[] {
  if (!wants('explorer.search') && !wants('explorer.diff')) return [];
  const r = runChild<HostResult>(path.join(__dirname, 'investigateHostChild.js'), [String(SEARCH_SPANS), String(DIFF_SPANS)]);
  const machine = `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`;
  const worst = r.search.reduce((a, b) => (b.ms > a.ms ? b : a));
  return [
    { name: `explorer.search_ms.${SEARCH_SPANS}`, value: Math.round(median(r.search.map((s) => s.ms))), unit: 'ms',
      note: `searchTrace on the open ${r.spans.toLocaleString('en-US')}-span trace -> searchResult (count, first match revealed, new rows version), median of ${r.search.length} texts: ${r.search.map((s) => `"${s.text}" ${Math.round(s.ms)} ms (${s.total} matches)`).join(', ')}; worst ${Math.round(worst.ms)} ms; CPU ${r.search.map((s) => Math.round(s.cpuMs)).join(' / ')} ms; next match ${Math.round(r.stepMs)} ms (CPU ${Math.round(r.stepCpuMs)}), only-matches ${Math.round(r.onlyMatchesMs)} ms; opening the trace ${Math.round(r.openMs)} ms (CPU ${Math.round(r.openCpuMs)}), then its search index in the background ${Math.round(r.indexCpuMs)} ms CPU; ${machine}` },
    { name: `explorer.diff_ms.${DIFF_SPANS}`, value: Math.round(median(r.diffMs)), unit: 'ms',
      note: `compareTraces of two ${r.diffSpans.join(' and ')}-span traces -> comparison (${r.diffRows} merged rows, ${Math.round(r.diffBytes / 1024)} KB), median of ${r.diffMs.length} (${r.diffMs.map(Math.round).join(', ')}); CPU ${Math.round(median(r.diffCpuMs))} ms` },
    { name: `explorer.flame_host_ms.${SEARCH_SPANS}`, value: Math.round(r.flameHostMs), unit: 'ms',
      note: `CPU ${Math.round(r.flameHostCpuMs)} ms; part of the flame first frame, cold: the host makes the frames of the first view (${r.flameFrames.toLocaleString('en-US')} frames made, lazily) and sends the ${r.flameSent} wide enough to draw` },
  ];
}

export function investigateRenderFigures(wants: (p: string) => boolean): Figure[] {
  if (!wants('explorer.flame')) return [];
  const r = runChild<RenderResult>(path.join(__dirname, 'investigateRenderChild.js'), [String(FLAME_SPANS)]);
  if (r.skipped) return [{ name: 'explorer.flame_skipped', value: 0, unit: '', note: r.skipped }];
  const machine = `load average ${r.load.toFixed(1)} on ${r.cpus} CPUs`;
  return [
    { name: `explorer.flame_first_frame_ms.${FLAME_SPANS}`, value: Math.round(r.flameFirstFrameMs), unit: 'ms',
      note: `the ${r.spans.toLocaleString('en-US')}-span trace open (timeline first frame ${Math.round(r.timelineFirstFrameMs)} ms; then its search index in the background ${Math.round(r.backgroundMs)} ms wall; no flame warm-up), click "Flame graph" -> first flame frame drawn (cold: the graph is made on the click), wall, headless Chromium, real bundle; ${r.info.slice(0, 80)}; ${machine}${r.errors.length ? `; page errors: ${r.errors.join(' | ').slice(0, 120)}` : ''}` },
    { name: `explorer.flame_zoom_frame_p95_ms.${FLAME_SPANS}`, value: r1(r.zoomP95), unit: 'ms',
      note: `${r.zoomFrames} Ctrl+wheel zoom frames on the flame canvas (input handler + next frame), p50 ${r1(r.zoomP50)}, max ${r1(r.zoomMax)}` },
  ];
}
