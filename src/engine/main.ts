// The engine: a worker_threads worker that owns the Dataset. It reads the sources (the host thread never parses),
// builds the indexes in the background after a load, and runs the panels' pure controllers; the extension host only
// routes messages (see client.ts). Started from dist/engine.js (its own webpack entry) or out/src/engine/main.js.
import { parentPort } from 'worker_threads';
import { background } from '../core/background';
import type { DatasetState } from '../extension/datasetState';
import { requestIdOf } from '../protocol/channel';
import { DEFAULT_GRAPH_SETTINGS, GraphSettings } from '../protocol/architecture';
import type { Dataset } from '../core/dataset';
import { AwsLoadPlan, ENGINE_PROTOCOL, EngineState, FromEngine, LoadPlan, LocalPlan, LocalStatus, PanelCall, PanelKind, ToEngine } from './protocol';
import type { LocalRun } from './local';

interface Port { handle(raw: unknown): void; datasetChanged(): void; call?(name: PanelCall, args: unknown[]): void }

const port = parentPort;
if (!port) throw new Error('the engine runs in a worker thread');

let data: DatasetState = { sourceLabel: '', loading: false, version: 0 };
const panels = new Map<number, Port>();
let loadAbort: AbortController | undefined;
/** Running loads by request id (a `cancel` aborts one). */
const loads = new Map<number, AbortController>();

type Body = FromEngine extends infer M ? M extends unknown ? Omit<M, 'v'> : never : never;
const send = (m: Body) => port.postMessage(ENGINE_PROTOCOL.toWebview(m as never));

function engineState(): EngineState {
  const ds = data.dataset;
  const s: EngineState = { sourceLabel: data.sourceLabel, loading: data.loading, version: data.version, traces: ds?.traces.length ?? 0, spans: ds?.spans.length ?? 0, invocations: ds?.invocations.length ?? 0 };
  if (data.error) s.error = data.error;
  const evicted = (ds as { evicted?: { traces: number } } | undefined)?.evicted?.traces;
  if (evicted) s.evictedTraces = evicted;
  return s;
}

function setData(next: DatasetState): void {
  data = next;
  send({ type: 'state', state: engineState() });
  for (const p of panels.values()) p.datasetChanged();
}

/** One load at a time: a new one (files or AWS) aborts the one running; an aborted load still answers `loaded`. */
function startLoad(requestId: number): AbortController {
  loadAbort?.abort();
  const abort = (loadAbort = new AbortController());
  loads.set(requestId, abort);
  shownBefore.set(requestId, { label: data.sourceLabel, dataset: data.dataset });
  return abort;
}

/** Loads the user cancelled (not superseded by a newer load): the engine keeps what it showed before. */
const cancelled = new Set<number>();
/** What was shown before each running load: its label goes back when the user cancels before new data showed. */
const shownBefore = new Map<number, { label: string; dataset?: Dataset }>();

function endLoad(requestId: number): void {
  const abort = loads.get(requestId);
  const before = shownBefore.get(requestId);
  loads.delete(requestId);
  shownBefore.delete(requestId);
  if (cancelled.delete(requestId) && abort === loadAbort) {
    loadAbort = undefined;
    // An AWS fetch may have shown part of its data: that stays, under its own label.
    const sourceLabel = before && data.dataset === before.dataset ? before.label : data.sourceLabel;
    setData({ ...data, sourceLabel, loading: false, version: data.version + 1 });
  }
  send({ type: 'loaded', requestId, state: engineState() });
}

function progressSender(requestId: number): (p: { bytes?: number; records: number; total?: number; message?: string }) => void {
  let lastProgress = 0;
  let lastMessage: string | undefined;
  return (p) => {
    const now = Date.now();
    // Messages always go (they name a step); byte counts at most 5 times a second.
    if (now - lastProgress < 200 && p.message === lastMessage) return;
    lastProgress = now;
    lastMessage = p.message;
    send({ type: 'progress', requestId, done: p.bytes ?? p.records, total: p.total, message: p.message });
  };
}

async function load(requestId: number, plan: LoadPlan): Promise<void> {
  void replaceLocal(undefined);
  const abort = startLoad(requestId);
  setData({ ...data, sourceLabel: plan.label, loading: true, error: undefined });
  try {
    const { loadSources, LocalFilesSource } = await import('../core/load');
    const dataset = await loadSources(plan.files.length ? [new LocalFilesSource(plan.files, plan.label, plan.limits ?? {})] : [], {
      signal: abort.signal,
      mask: plan.mask,
      onProgress: progressSender(requestId),
      parseWorkers: plan.parseWorkers, // parseWorker.js next to this bundle (dist/) or the core (out/); absent: in this thread
    });
    if (abort.signal.aborted) return;
    loaded(dataset, plan.label, plan.files.length ? undefined : plan.emptyReason);
  } catch (e) {
    if (abort.signal.aborted) return;
    setData({ ...data, loading: false, error: e instanceof Error ? e.message : String(e), version: data.version + 1 });
  } finally {
    endLoad(requestId);
  }
}

function loaded(dataset: Dataset, label: string, error?: string): void {
  setData({ dataset, sourceLabel: label, loading: false, error, version: data.version + 1 });
  void import('../core/warmIndexes').then(({ warmIndexes }) => warmIndexes(dataset, (ds) => ds === data.dataset));
}

let stopLive: (() => void) | undefined;

/** CloudWatch Logs (+ aws/spans, X-Ray), cached on disk; partial datasets replace the state while pages arrive. */
async function loadAws(requestId: number, plan: AwsLoadPlan): Promise<void> {
  void replaceLocal(undefined);
  const abort = startLoad(requestId);
  stopLive?.();
  let label = data.sourceLabel;
  setData({ ...data, loading: true, error: undefined });
  try {
    const [{ AwsData }, aws] = await Promise.all([import('../extension/aws/awsData'), import('../core/aws')]);
    const cache = plan.cacheDir ? new aws.LogCache(plan.cacheDir) : undefined;
    const source = new AwsData({ ...plan, cache }, progressSender(requestId), abort.signal);
    label = source.label;
    stopLive = () => source.stopLive();
    const show = (partial: Dataset) => { if (!abort.signal.aborted) setData({ dataset: partial, sourceLabel: label, loading: true, version: data.version + 1 }); };
    const dataset = await source.load(abort.signal, show);
    if (abort.signal.aborted) return;
    loaded(dataset, label);
  } catch (e) {
    if (abort.signal.aborted) return;
    setData({ ...data, loading: false, error: e instanceof Error ? e.message : String(e), version: data.version + 1 });
  } finally {
    endLoad(requestId);
  }
}

/** The local receiver's run (running, or stopped with what it kept); undefined once another source replaced it. */
let localRun: LocalRun | undefined;
const LOCAL_LABEL = 'Local runs (receiver)';

/** Another source replaces the local one: its receiver stops and what it kept goes. */
async function replaceLocal(next: LocalRun | undefined): Promise<void> {
  const old = localRun;
  localRun = next;
  if (old && old !== next) await old.stop();
}

/**
 * The receiver's data as a source: binds first (a port in use fails here, and nothing else changes: the data shown
 * stays), then shows snapshots as batches arrive until it is stopped (the data stays) or another load replaces it.
 */
async function loadLocal(requestId: number, plan: LocalPlan): Promise<void> {
  const report = (status: LocalStatus) => send({ type: 'localStatus', status });
  let run = localRun;
  if (plan.listen && !run?.adopt(plan)) {
    const { LocalRun, failedStatus } = await import('./local');
    await run?.stop();
    try {
      run = await LocalRun.start(plan, report);
    } catch (e) {
      report(failedStatus(e));
      send({ type: 'loaded', requestId, state: engineState() });
      return;
    }
  } else {
    run?.source.setMask(plan.mask ?? {});
    run?.sendStatus(true); // the host waits for a status to know the (re)load took
  }
  await replaceLocal(run);
  const abort = startLoad(requestId);
  stopLive?.();
  if (!run) {
    // Stopped before this worker started (a restart after a crash): what the old one kept went with it.
    setData({ dataset: undefined, sourceLabel: LOCAL_LABEL, loading: false, error: undefined, version: data.version + 1 });
    endLoad(requestId);
    return;
  }
  // Not "loading" while it listens: an idle receiver is waiting for runs, not reading (the views say "0 traces").
  setData({ ...data, sourceLabel: LOCAL_LABEL, loading: false, error: undefined });
  try {
    const show = (partial: Dataset) => { if (!abort.signal.aborted) setData({ dataset: partial, sourceLabel: LOCAL_LABEL, loading: false, version: data.version + 1 }); };
    const dataset = await run.source.load(abort.signal, show);
    if (abort.signal.aborted) return;
    loaded(dataset, LOCAL_LABEL);
    run.sendStatus();
  } catch (e) {
    if (abort.signal.aborted) return;
    setData({ ...data, loading: false, error: e instanceof Error ? e.message : String(e), version: data.version + 1 });
  } finally {
    endLoad(requestId);
  }
}

async function openPanel(panelId: number, kind: PanelKind, state: object | undefined): Promise<void> {
  const post = (message: unknown) => {
    const messageType = (message as { type?: unknown }).type;
    send({ type: 'panelPost', panelId, messageType: typeof messageType === 'string' ? messageType : '', json: JSON.stringify(message) });
  };
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
    const explorer = p as InstanceType<typeof ExplorerController>;
    p.call = (name, args) => {
      if (name === 'showTrace') explorer.showTrace(String(args[0]), typeof args[1] === 'string' ? args[1] : undefined);
      else if (name === 'setFilter') explorer.setFilter(String(args[0]));
    };
  } else if (kind === 'architecture') {
    const { GraphController } = await import('../extension/architecture/controller');
    let settings = { ...DEFAULT_GRAPH_SETTINGS, ...(state as Partial<GraphSettings> | undefined) };
    const graph = new GraphController(() => data, () => settings, {
      post, log,
      openTrace: (traceId) => effect('openTrace', traceId),
      openHandler: (nodeId, src) => effect('openHandler', nodeId, src),
    });
    p = graph;
    p.call = (name, args) => {
      if (name !== 'settings') return;
      settings = { ...DEFAULT_GRAPH_SETTINGS, ...(args[0] as Partial<GraphSettings>) };
      graph.settingsChanged();
    };
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
    case 'loadAws': void loadAws(m.requestId, m.plan).catch(reply); return;
    case 'stopLive': stopLive?.(); stopLive = undefined; return;
    case 'loadLocal': void loadLocal(m.requestId, m.plan).catch(reply); return;
    case 'stopLocal': void localRun?.stop().catch(reply); return;
    case 'cancel': {
      const abort = loads.get(m.requestId);
      if (!abort) return;
      cancelled.add(m.requestId);
      abort.abort();
      return;
    }
    case 'openPanel': opening.set(m.panelId, openPanel(m.panelId, m.kind, m.state).catch(reply)); return;
    case 'panel': case 'panelCall': {
      const deliver = () => {
        const p = panels.get(m.panelId);
        if (m.type === 'panel') p?.handle(m.message); else p?.call?.(m.name, m.args);
      };
      const pending = opening.get(m.panelId);
      if (pending) void pending.then(deliver); else deliver();
      return;
    }
    case 'ask': {
      const version = data.version;
      void import('./requests').then(({ answer }) => answer(data.dataset, m.question))
        .then((a) => send({ type: 'answer', requestId: m.requestId, version, answer: a })).catch(reply);
      return;
    }
    case 'closePanel': panels.delete(m.panelId); opening.delete(m.panelId); return;
    default: return; // ready, log: nothing to do
  }
});

send({ type: 'state', state: engineState() });
