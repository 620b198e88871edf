// Answers the Architecture webview from the loaded Dataset. Pure (no vscode): the panel feeds it raw
// messages and gives it `post` and the few side effects it needs.
import type { Dataset } from '../../core/dataset';
import type { SourceLocation } from '../../core/model';
import { buildServiceGraph, buildTraceGraph, ServiceGraph, TraceRef } from '../../core/graph';
import {
  GraphDatasetInfo, GraphHostMessage, GraphHostMessageBody, GraphSettings, GraphWebviewMessage, TraceRefView,
  toGraphWebview, validateGraphWebviewMessage,
} from '../../protocol/graph';
import type { DatasetState } from '../explorer/logic/controller';
import { failureSummary } from './failure';
import { toGraphView } from './graphView';

export interface GraphEffects {
  post(message: GraphHostMessage): void;
  /** Runs `traceExplorer.openTrace`. */
  openTrace(traceId: string): void;
  openHandler(nodeId: string, source: SourceLocation): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** One graph per dataset: built on first need, reused by every panel and request. */
const graphs = new WeakMap<Dataset, ServiceGraph>();

export function graphOf(ds: Dataset): ServiceGraph {
  let g = graphs.get(ds);
  if (!g) graphs.set(ds, (g = buildServiceGraph(ds)));
  return g;
}

export class GraphController {
  private ready = false;

  constructor(
    private readonly data: () => DatasetState,
    private readonly settings: () => GraphSettings,
    private readonly fx: GraphEffects,
  ) {}

  get isReady(): boolean { return this.ready; }

  /** Entry point for every message from the webview. Never throws. */
  handle(raw: unknown): void {
    const v = validateGraphWebviewMessage(raw);
    if (!v.ok) {
      this.fx.log('warn', `Ignored malformed architecture-view message: ${v.reason}`);
      return;
    }
    try {
      this.dispatch(v.message);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.fx.log('error', `Failed to handle ${v.message.type}: ${message}`);
      const requestId = 'requestId' in v.message ? v.message.requestId : undefined;
      this.post({ type: 'error', requestId, message });
    }
  }

  /** The data changed (loaded, reloaded, failed): send the new graph. */
  datasetChanged(): void {
    if (this.ready) this.sendGraph();
  }

  settingsChanged(): void {
    if (this.ready) this.post({ type: 'settings', settings: this.settings() });
  }

  private dispatch(m: GraphWebviewMessage): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.sendGraph();
        return;
      case 'getElementTraces': {
        const ds = this.data().dataset;
        const g = ds ? graphOf(ds) : undefined;
        const el = g?.nodes.find((n) => n.id === m.elementId) ?? g?.edges.find((e) => e.id === m.elementId);
        if (!el) { this.post({ type: 'error', requestId: m.requestId, message: `${m.elementId} is not in the graph.` }); return; }
        const targetId = 'target' in el ? el.target : el.id;
        const targetName = g!.nodes.find((n) => n.id === targetId)?.name ?? targetId;
        const withFailure = (refs: TraceRef[]): TraceRefView[] => refs.map((r) => {
          const failure = r.error ? failureSummary(ds!, r.traceId, targetName) : undefined;
          return failure ? { ...r, failure } : r;
        });
        this.post({ type: 'elementTraces', requestId: m.requestId, elementId: m.elementId, slowest: withFailure(el.slowestTraces), failing: withFailure(el.failingTraces) });
        return;
      }
      case 'getTracePath': {
        const ds = this.data().dataset;
        const g = ds ? buildTraceGraph(ds, m.traceId, { topN: 0 }) : undefined;
        if (!g) { this.post({ type: 'error', requestId: m.requestId, message: `Trace ${m.traceId} is not in the loaded data.` }); return; }
        this.post({ type: 'tracePath', requestId: m.requestId, traceId: m.traceId, nodeIds: g.nodes.map((n) => n.id), edgeIds: g.edges.map((e) => e.id) });
        return;
      }
      case 'openTrace':
        this.fx.openTrace(m.traceId);
        return;
      case 'openHandler': {
        const ds = this.data().dataset;
        const node = ds ? graphOf(ds).nodes.find((n) => n.id === m.nodeId) : undefined;
        if (!node?.source?.file) {
          this.post({ type: 'handlerResult', nodeId: m.nodeId, ok: false, message: `No handler source is known for ${node?.name ?? m.nodeId}.` });
          return;
        }
        this.fx.openHandler(m.nodeId, node.source);
        return;
      }
      case 'log':
        this.fx.log(m.level, `[architecture webview] ${m.message}`);
        return;
    }
  }

  private sendGraph(): void {
    const s = this.data();
    const dataset: GraphDatasetInfo = { sourceLabel: s.sourceLabel, loading: s.loading, datasetVersion: s.version };
    if (s.error) dataset.error = s.error;
    const graph = s.dataset ? toGraphView(graphOf(s.dataset)) : { nodes: [], edges: [], traces: 0 };
    this.post({ type: 'graph', dataset, graph, settings: this.settings() });
  }

  private post(body: GraphHostMessageBody): void {
    this.fx.post(toGraphWebview(body));
  }
}
