// Timing the bench reads from the page: `window.__traceExplorerPerf`.
//   firstFrame[traceId] = ms from the trace's rows meta arriving to the first complete timeline frame
//   frames               = recent draw times (ms), newest last
//   flameFirstFrame[traceId] = ms from the flame graph being asked for to its first drawn frame

const MAX_FRAMES = 2000;

interface PerfRecord {
  shown: Record<string, { spans: number; at: number }>;
  firstFrame: Record<string, number>;
  flameFirstFrame: Record<string, number>;
  frames: number[];
  reset(): void;
}

const record: PerfRecord = {
  shown: {},
  firstFrame: {},
  flameFirstFrame: {},
  frames: [],
  reset() { this.frames.length = 0; },
};
(window as unknown as { __traceExplorerPerf: PerfRecord }).__traceExplorerPerf = record;

export const perf = {
  traceShown(traceId: string, spans: number): void { record.shown[traceId] = { spans, at: performance.now() }; },
  firstFrame(traceId: string, ms: number): void {
    record.firstFrame[traceId] = ms;
    performance.mark('trace-explorer:first-frame', { detail: { traceId, ms } });
  },
  flameFirstFrame(traceId: string, ms: number): void {
    record.flameFirstFrame[traceId] = ms;
    performance.mark('trace-explorer:flame-first-frame', { detail: { traceId, ms } });
  },
  frame(ms: number): void {
    record.frames.push(ms);
    if (record.frames.length > MAX_FRAMES) record.frames.splice(0, record.frames.length - MAX_FRAMES);
  },
};
