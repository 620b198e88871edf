// The extension host's handle on the engine worker (no vscode here: the host router and the tests use it alike).
// Requests get ids and replies; the engine's pushes (state, panel messages, effects) go to the hooks. When the worker
// dies (an exception, out of memory, killed) the client says so, starts a new one, re-opens the panels and reloads
// the last plan: the views come back on the same data without a VS Code reload.
import { SHARE_ENV, Worker } from 'worker_threads';
import { ANOMALIES_PROTOCOL_VERSION } from '../protocol/anomalies';
import type { LogLevel } from '../protocol/channel';
import { GRAPH_PROTOCOL_VERSION } from '../protocol/architecture';
import { PROTOCOL_VERSION } from '../protocol/messages';
import { AwsLoadPlan, ENGINE_PROTOCOL, EngineState, FromEngine, LoadPlan, PanelCall, PanelKind, Question, ToEngine } from './protocol';
import type { DatasetSnapshot, FunctionPicks, QueryAnswer, TreeRows } from './requests';
import type { Vocabulary } from '../extension/query/logic/vocabulary';

export interface EngineHooks {
  state?(s: EngineState): void;
  /** `json`: the webview's message as JSON text (passed on as it is); `messageType`: its type. */
  panelPost?(panelId: number, json: string, messageType: string): void;
  effect?(panelId: number, name: string, args: unknown[]): void;
  progress?(done: number, total: number | undefined, message: string | undefined): void;
  /** The worker died and is being restarted. */
  restarted?(reason: string): void;
  log?(level: LogLevel, message: string): void;
}

type Body = ToEngine extends infer M ? M extends unknown ? Omit<M, 'v'> : never : never;

/** Reports on a load (bytes or records read, and the step it is at). */
export type LoadProgress = (done: number, total: number | undefined, message: string | undefined) => void;
export interface LoadOptions { onProgress?: LoadProgress; signal?: AbortSignal }
type LastLoad = { type: 'load'; plan: LoadPlan } | { type: 'loadAws'; plan: AwsLoadPlan };

const MAX_RESTARTS_PER_MINUTE = 5;

export class EngineClient {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(s: EngineState): void; reject(e: Error): void; onProgress?: LoadProgress }>();
  private readonly asking = new Map<number, { resolve(a: unknown): void; reject(e: Error): void }>();
  private readonly panels = new Map<number, { kind: PanelKind; state?: object; ready: boolean }>();
  private lastLoad?: LastLoad;
  private generation_ = 0;
  private disposed = false;
  private restarts: number[] = [];
  private current: EngineState = { sourceLabel: '', loading: false, version: 0, traces: 0, spans: 0, invocations: 0 };

  constructor(private readonly file: string, private readonly hooks: EngineHooks = {}, private readonly resourceLimits?: { maxOldGenerationSizeMb?: number }) {
    this.spawn();
  }

  get state(): EngineState { return this.current; }
  get threadId(): number | undefined { return this.worker?.threadId; }
  /** Bumped each time a worker starts: a new worker holds none of the old one's data (or lens index). */
  get generation(): number { return this.generation_; }

  /** Reads the plan's files in the engine; resolves with the state after the load (an error is in `state.error`). */
  load(plan: LoadPlan, opts: LoadOptions = {}): Promise<EngineState> {
    return this.startLoad({ type: 'load', plan }, opts);
  }

  /** Fetches from AWS in the engine (the host settled the connection first); with `live`, resolves once tailing stops. */
  loadAws(plan: AwsLoadPlan, opts: LoadOptions = {}): Promise<EngineState> {
    return this.startLoad({ type: 'loadAws', plan }, opts);
  }

  /** Ends a running AWS live tail (its load then resolves). */
  stopLive(): void {
    this.send({ type: 'stopLive' });
  }

  private startLoad(what: LastLoad, opts: LoadOptions): Promise<EngineState> {
    const previous = this.lastLoad;
    this.lastLoad = what;
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(requestId, { resolve, reject, onProgress: opts.onProgress });
      opts.signal?.addEventListener('abort', () => {
        // A restart reloads what is shown: a cancelled load is not (a newer load has replaced lastLoad already).
        if (this.lastLoad === what) this.lastLoad = previous;
        this.send({ type: 'cancel', requestId });
      }, { once: true });
      this.send({ ...what, requestId } as Body);
    });
  }

  /** Asks the engine about the loaded data (requests.ts); rejects if the worker dies before it answers. */
  ask(q: { kind: 'tree' }): Promise<TreeRows>;
  ask(q: { kind: 'functionPicks' }): Promise<FunctionPicks>;
  ask(q: { kind: 'vocabulary' }): Promise<Vocabulary>;
  ask(q: { kind: 'hasTrace'; id: string }): Promise<boolean>;
  ask(q: { kind: 'query'; text: string }): Promise<QueryAnswer>;
  ask(q: { kind: 'snapshot' }): Promise<DatasetSnapshot | undefined>;
  ask<T>(q: Question): Promise<T>;
  ask(question: Question): Promise<unknown> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.asking.set(requestId, { resolve, reject });
      this.send({ type: 'ask', requestId, question });
    });
  }

  openPanel(panelId: number, kind: PanelKind, state?: object): void {
    this.panels.set(panelId, { kind, state, ready: false });
    this.send({ type: 'openPanel', panelId, kind, state });
  }

  /** A raw message from a panel's webview (validated by that panel's protocol in the engine). */
  toPanel(panelId: number, message: unknown): void {
    const p = this.panels.get(panelId);
    if (!p || typeof message !== 'object' || message === null) return;
    if ((message as { type?: unknown }).type === 'ready') p.ready = true;
    this.send({ type: 'panel', panelId, message });
  }

  /** A call from the host on a panel's controller (navigate to a trace, filter, new settings). */
  panelCall(panelId: number, name: PanelCall, args: unknown[]): void {
    const p = this.panels.get(panelId);
    if (!p) return;
    // A restarted worker re-opens the panel with its latest settings.
    if (name === 'settings' && typeof args[0] === 'object' && args[0] !== null) p.state = args[0];
    this.send({ type: 'panelCall', panelId, name, args });
  }

  closePanel(panelId: number): void {
    this.panels.delete(panelId);
    this.send({ type: 'closePanel', panelId });
  }

  /** Test hook (command traceExplorer.test.killEngine): ends the worker as a crash would. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const w of [...this.waiting.values(), ...this.asking.values()]) w.reject(new Error('engine stopped'));
    this.waiting.clear();
    this.asking.clear();
    await this.worker?.terminate();
  }

  private send(m: Body): void {
    this.worker?.postMessage(ENGINE_PROTOCOL.toHost(m as never));
  }

  private spawn(): void {
    // SHARE_ENV: the AWS SDK in the worker reads the same (live) environment as the extension host (credentials, proxies).
    const worker = new Worker(this.file, { resourceLimits: this.resourceLimits, env: SHARE_ENV });
    this.worker = worker;
    this.generation_++;
    worker.on('message', (raw: unknown) => this.receive(raw));
    worker.on('error', (e) => this.hooks.log?.('error', `engine: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => { if (this.worker === worker) this.died(`the engine worker exited (code ${code})`); });
  }

  private died(reason: string): void {
    this.worker = undefined;
    for (const w of [...this.waiting.values(), ...this.asking.values()]) w.reject(new Error(`${reason} before it answered`));
    this.waiting.clear();
    this.asking.clear();
    if (this.disposed) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 60_000);
    if (this.restarts.length >= MAX_RESTARTS_PER_MINUTE) {
      this.hooks.log?.('error', `${reason}; it died ${MAX_RESTARTS_PER_MINUTE} times within a minute, not restarting it`);
      return;
    }
    this.restarts.push(now);
    // Nothing is loaded in the new worker until the reload below finishes.
    this.current = { sourceLabel: this.current.sourceLabel, loading: !!this.lastLoad, version: 0, traces: 0, spans: 0, invocations: 0 };
    this.hooks.state?.(this.current);
    this.hooks.restarted?.(reason);
    this.spawn();
    // The webviews are still open: their controllers come back and answer a `ready` as after a first open.
    for (const [panelId, p] of this.panels) {
      this.send({ type: 'openPanel', panelId, kind: p.kind, state: p.state });
      if (p.ready) this.send({ type: 'panel', panelId, message: { v: this.panelVersion(p.kind), type: 'ready' } });
    }
    const last = this.lastLoad;
    if (last) void this.startLoad(last, {}).catch((e: Error) => this.hooks.log?.('error', `reloading after the restart failed: ${e.message}`));
  }

  private panelVersion(kind: PanelKind): number {
    return kind === 'explorer' ? PROTOCOL_VERSION : kind === 'architecture' ? GRAPH_PROTOCOL_VERSION : ANOMALIES_PROTOCOL_VERSION;
  }

  private receive(raw: unknown): void {
    const v = ENGINE_PROTOCOL.fromHost(raw);
    if (!v.ok) { this.hooks.log?.('warn', `Ignored malformed engine message: ${v.reason}`); return; }
    const m = v.message as FromEngine;
    switch (m.type) {
      case 'state': this.current = m.state; this.hooks.state?.(m.state); return;
      case 'loaded': {
        this.current = m.state;
        const w = this.waiting.get(m.requestId);
        this.waiting.delete(m.requestId);
        w?.resolve(m.state);
        return;
      }
      case 'answer': {
        const w = this.asking.get(m.requestId);
        this.asking.delete(m.requestId);
        w?.resolve(m.answer);
        return;
      }
      case 'panelPost': this.hooks.panelPost?.(m.panelId, m.json, m.messageType); return;
      case 'effect': this.hooks.effect?.(m.panelId, m.name, m.args); return;
      case 'progress': {
        const w = m.requestId === undefined ? undefined : this.waiting.get(m.requestId);
        w?.onProgress?.(m.done, m.total, m.message);
        this.hooks.progress?.(m.done, m.total, m.message);
        return;
      }
      case 'error': {
        const id = m.requestId;
        const w = id === undefined ? undefined : this.waiting.get(id) ?? this.asking.get(id);
        if (w) { this.waiting.delete(id!); this.asking.delete(id!); w.reject(new Error(m.message)); } else this.hooks.log?.('error', m.message);
        return;
      }
    }
  }
}
