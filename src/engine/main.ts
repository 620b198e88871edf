// The engine: a worker_threads worker that owns the Dataset. It reads the sources (the host thread never parses),
// builds the indexes in the background after a load, and runs the panels' pure controllers; the extension host only
// routes messages (see client.ts). Started from dist/engine.js (its own webpack entry) or out/src/engine/main.js.
import { parentPort } from 'worker_threads';
import { background } from '../core/background';
import type { DatasetState } from '../extension/datasetState';
import { requestIdOf } from '../protocol/channel';
import { DEFAULT_GRAPH_SETTINGS, GraphSettings } from '../protocol/architecture';
import { ENGINE_PROTOCOL, EngineState, FromEngine, LoadPlan, PanelKind, ToEngine } from './protocol';

interface Port { handle(raw: unknown): void; datasetChanged(): void }

const port = parentPort;
if (!port) throw new Error('the engine runs in a worker thread');

let data: DatasetState = { sourceLabel: '', loading: false, version: 0 };
const panels = new Map<number, Port>();
let loadAbort: AbortController | undefined;

type Body = FromEngine extends infer M ? M extends unknown ? Omit<M, 'v'> : never : never;
const send = (m: Body) => port.postMessage(ENGINE_PROTOCOL.toWebview(m as never));

function engineState(): EngineState {
  const ds = data.dataset;
  const s: EngineState = { sourceLabel: data.sourceLabel, loading: data.loading, version: data.version, traces: ds?.traces.length ?? 0, spans: ds?.spans.length ?? 0, invocations: ds?.invocations.length ?? 0 };
  if (data.error) s.error = data.error;
  return s;
}

function setData(next: DatasetState): void {
  data = next;
  send({ type: 'state', state: engineState() });
  for (const p of panels.values()) p.datasetChanged();
}

async function load(requestId: number, plan: LoadPlan): Promise<void> {
  loadAbort?.abort();
  const abort = (loadAbort = new AbortController());
  setData({ ...data, sourceLabel: plan.label, loading: true, error: undefined });
  try {
    const { loadSources, LocalFilesSource } = await import('../core/load');
    let lastProgress = 0;
    const dataset = await loadSources(plan.files.length ? [new LocalFilesSource(plan.files, plan.label)] : [], {
      signal: abort.signal,
      parseWorkers: plan.parseWorkers ?? 0, // parseWorker.js next to this bundle (dist/) or the core (out/)
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastProgress < 200) return;
        lastProgress = now;
        send({ type: 'progress', requestId, done: p.bytes ?? p.records, total: p.total, message: p.message });
      },
    });
    if (abort.signal.aborted) return;
    setData({ dataset, sourceLabel: plan.label, loading: false, error: plan.files.length ? undefined : plan.emptyReason, version: data.version + 1 });
    const { warmIndexes } = await import('../core/warmIndexes');
    warmIndexes(dataset, (ds) => ds === data.dataset);
  } catch (e) {
    if (abort.signal.aborted) return;
    setData({ ...data, loading: false, error: e instanceof Error ? e.message : String(e), version: data.version + 1 });
  }
  send({ type: 'loaded', requestId, state: engineState() });
}

async function openPanel(panelId: number, kind: PanelKind, state: object | undefined): Promise<void> {
  const post = (message: unknown) => send({ type: 'panelPost', panelId, message: message as object });
  const effect = (name: string, ...args: unknown[]) => send({ type: 'effect', panelId, name, args });
  const log = (level: 'info' | 'warn' | 'error', message: string) => effect('log', level, message);
  let p: Port;
  if (kind === 'explorer') {
    const { ExplorerController } = await import('../extension/explorer/logic/controller');
    const { guardLocations } = await import('../extension/security/locationGrants');
    // The webview may open only locations this panel sent it (security/locationGrants.ts).
    p = new ExplorerController(() => data, guardLocations({
      post, log,
      openSource: (trace, node) => effect('openSource', trace.traceId, node.span.spanId, node.span.name, node.span.source ?? null),
      openLocation: (file, line, column) => effect('openLocation', file, line, column),
      selectionChanged: (traceId, spanId) => effect('selectionChanged', traceId, spanId),
    }), state as never);
  } else if (kind === 'architecture') {
    const { GraphController } = await import('../extension/architecture/controller');
    const settings = { ...DEFAULT_GRAPH_SETTINGS, ...(state as Partial<GraphSettings> | undefined) };
    p = new GraphController(() => data, () => settings, {
      post, log,
      openTrace: (traceId) => effect('openTrace', traceId),
      openHandler: (nodeId, src) => effect('openHandler', nodeId, src),
    });
  } else {
    const { AnomaliesController } = await import('../extension/anomalies/controller');
    p = new AnomaliesController(() => data, { post, log, openTrace: (traceId, spanId) => effect('openTrace', traceId, spanId) });
  }
  panels.set(panelId, p);
}

/** Messages for a panel that arrive while its controller module loads wait here, in order. */
const opening = new Map<number, Promise<void>>();

port.on('message', (raw: unknown) => {
  background.touch();
  const v = ENGINE_PROTOCOL.fromWebview(raw);
  if (!v.ok) { send({ type: 'error', message: `engine: ignored malformed message: ${v.reason}` }); return; }
  const m = v.message as ToEngine;
  const reply = (e: unknown) => send({ type: 'error', requestId: requestIdOf(m), message: e instanceof Error ? e.message : String(e) });
  switch (m.type) {
    case 'load': void load(m.requestId, m.plan).catch(reply); return;
    case 'openPanel': opening.set(m.panelId, openPanel(m.panelId, m.kind, m.state).catch(reply)); return;
    case 'panel': {
      const deliver = () => panels.get(m.panelId)?.handle(m.message);
      const pending = opening.get(m.panelId);
      if (pending) void pending.then(deliver); else deliver();
      return;
    }
    case 'ask': void import('./requests').then(({ answer }) => send({ type: 'answer', requestId: m.requestId, version: data.version, answer: answer(data.dataset, m.question) })).catch(reply); return;
    case 'closePanel': panels.delete(m.panelId); opening.delete(m.panelId); return;
    default: return; // ready, cancel, log: nothing to do yet
  }
});

send({ type: 'state', state: engineState() });
