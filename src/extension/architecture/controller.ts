// Answers the Architecture webview from the loaded Dataset. Pure (no vscode): the panel feeds it raw
// messages and gives it `post` and the few side effects it needs.
import type { Dataset } from '../../core/dataset';
import type { SourceLocation } from '../../core/model';
import { buildServiceGraph, buildTraceGraph, ServiceGraph, TraceRef } from '../../core/graph';
import {
  GRAPH_PROTOCOL, GraphDatasetInfo, GraphHostMessage, GraphSettings, GraphWebviewMessage, TraceRefView,
} from '../../protocol/architecture';
import { PanelController } from '../panelController';
import type { DatasetState } from '../datasetState';
import { failureSummary } from './failure';
import { toGraphView } from './graphView';
import { costModelFor } from '../../core/cost/model';

export interface GraphEffects {
  post(message: GraphHostMessage): void;
  /** Runs `traceExplorer.openTrace`. */
  openTrace(traceId: string): void;
  openHandler(nodeId: string, source: SourceLocation): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** The webview's answer to a double-click on a function (its handler opened, or why not). */
export function handlerResult(nodeId: string, r: { ok: boolean; message: string }): GraphHostMessage {
  return GRAPH_PROTOCOL.toWebview({ type: 'handlerResult', nodeId, ok: r.ok, message: r.message });
}

/** One graph per dataset: built on first need, reused by every panel and request. */
const graphs = new WeakMap<Dataset, ServiceGraph>();

export function graphOf(ds: Dataset): ServiceGraph {
  let g = graphs.get(ds);
  if (!g) graphs.set(ds, (g = buildServiceGraph(ds)));
  return g;
}

export class GraphController extends PanelController<GraphWebviewMessage, GraphHostMessage> {
  constructor(
    private readonly data: () => DatasetState,
    private readonly settings: () => GraphSettings,
    private readonly fx: GraphEffects,
  ) {
    super(GRAPH_PROTOCOL, fx, 'architecture');
  }

  /** The data changed (loaded, reloaded, failed): send the new graph. */
  datasetChanged(): void {
    if (this.isReady) this.sendGraph();
  }

  settingsChanged(): void {
    if (this.isReady) this.post({ type: 'settings', settings: this.settings() });
  }

  protected dispatch(m: GraphWebviewMessage): void {
    switch (m.type) {
      case 'ready':
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
    }
  }

  private sendGraph(): void {
    const s = this.data();
    const dataset: GraphDatasetInfo = { sourceLabel: s.sourceLabel, loading: s.loading, datasetVersion: s.version };
    if (s.error) dataset.error = s.error;
    const graph = s.dataset ? toGraphView(graphOf(s.dataset), costModelFor(s.dataset)) : { nodes: [], edges: [], traces: 0 };
    this.post({ type: 'graph', dataset, graph, settings: this.settings() });
  }
}
