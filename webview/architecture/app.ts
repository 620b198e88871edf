// The Architecture app: toolbar (search, zoom, fit), the cytoscape graph with its legend and tooltip, and the
// details panel. Talks to the host through the graph protocol; ready handshake first, like the explorer.
import type { EdgeSingular, NodeSingular } from 'cytoscape';
import { GRAPH_PROTOCOL } from '../../src/protocol/architecture';
import type { GraphDatasetInfo, GraphHostMessage, GraphSettings, GraphView, GraphWebviewMessage } from '../../src/protocol/architecture';
import { h, setText } from '../shared/dom';
import { formatCount, formatDuration } from '../../src/common/format';
import { onThemeChange, readTheme } from '../shared/theme';
import { HostChannel } from '../shared/hostChannel';
import { VsCodeApi } from '../shared/vscodeApi';
import { Announcer, FocusMemory, KeyboardHelp, ShortcutGroup } from '../shared/a11y';
import { DetailsPanel } from './details';
import { Direction, nextInDirection, startNode } from './keyboardNav';
import { GraphCanvas, LayoutInfo } from './graphCanvas';
import { buildLegend } from './legend';
import { errorRate } from './severity';
import { severityColours } from './style';

export interface SavedState {
  search?: string;
  /** The legend's open/closed state once the user toggled it; until then it follows the room there is. */
  legendOpen?: boolean;
  /** Function nodes sized by their Lambda cost. */
  sizeByCost?: boolean;
}

const GRAPH_SHORTCUTS: ShortcutGroup[] = [
  { title: 'Graph (when it has focus)', items: [
    { keys: 'Left / Right / Up / Down', what: 'move to the connected node that way (any node when none is connected that way)' },
    { keys: 'Home', what: 'go to the entry node' },
    { keys: 'Enter / Space', what: 'show the node\'s numbers and traces beside' },
    { keys: 'O', what: 'open the function\'s handler source' },
  ] },
  { title: 'Anywhere', items: [
    { keys: 'Tab / Shift+Tab', what: 'move between search, buttons, graph and the details list (every node and edge is listed there)' },
    { keys: 'Enter', what: 'in search: fit the matches (selects a single match)' },
    { keys: 'Escape', what: 'clear the search and the highlighted path' },
    { keys: '?', what: 'this list' },
  ] },
];

/** Below this fit zoom the node labels (canvas text) get too small to read: the legend folds to make room. */
const READABLE_ZOOM = 0.9;

/** What tests (and curious users in devtools) can read: cytoscape's model, not pixels. */
export interface GraphTestHook {
  nodes(): { id: string; label: string; classes: string[] }[];
  edges(): { id: string; source: string; target: string; classes: string[] }[];
  layout(): LayoutInfo | undefined;
  select(id: string): void;
  selected(): string | undefined;
  /** The node the arrow keys are on (ringed while the canvas has focus). */
  keyboardNode(): string | undefined;
  highlighted(): string[];
  panBy(x: number, y: number): void;
  /** The idle-time warm-up of the pan texture: pending, done (with when, ms after the graph arrived), skipped, cancelled. */
  warmup(): { state: string; ms?: number };
  /**
   * Where an element is drawn, in CSS pixels relative to the graph canvas (what a mouse click needs): a node's
   * centre or an edge's midpoint, its bounding box without labels, its label's on-screen font size and colour.
   */
  rendered(id: string): { x: number; y: number; x1: number; y1: number; x2: number; y2: number; fontPx: number; labelColour: string } | undefined;
}

export class GraphApp {
  private readonly host: HostChannel<GraphWebviewMessage, GraphHostMessage>;
  private readonly canvas: GraphCanvas;
  private readonly details: DetailsPanel;
  private readonly search: HTMLInputElement;
  private readonly info: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly legendSlot: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly cyHost: HTMLElement;
  private readonly announcer = new Announcer();
  /** The node the arrow keys are on. */
  private kbdNode?: string;
  private view: GraphView = { nodes: [], edges: [], traces: 0 };
  private settings?: GraphSettings;
  private dataset?: GraphDatasetInfo;
  private names = new Map<string, string>();
  private traceSeq = 0;
  private state: SavedState;
  /** The legend's state while the user has not chosen: open, unless it costs the graph its readable size. */
  private legendAuto = true;
  private readonly focus: FocusMemory;
  private focusedOnce = false;
  private pointerFocus = false;

  constructor(private readonly root: HTMLElement, private readonly api: VsCodeApi<SavedState>) {
    this.host = new HostChannel(GRAPH_PROTOCOL, api as VsCodeApi<unknown>);
    const state = (this.state = api.getState() ?? {});
    this.search = h('input', { class: 'graph-search', attrs: { type: 'search', placeholder: 'Search nodes', 'aria-label': 'Search nodes', value: state.search ?? '' } });
    this.info = h('span', { class: 'graph-info', attrs: { role: 'status' } });
    this.tooltip = h('div', { class: 'graph-tooltip', attrs: { role: 'tooltip', hidden: true } });
    this.legendSlot = h('div', { class: 'legend-slot' });
    this.empty = h('div', { class: 'graph-empty', attrs: { hidden: true } });
    // Focusable: arrow keys move between connected nodes (role application: a screen reader passes the keys on).
    const cyHost = h('div', { class: 'graph-canvas', attrs: {
      'data-testid': 'graph-canvas', 'data-focus-key': 'canvas', role: 'application', tabindex: 0,
      'aria-label': 'Service graph', 'aria-describedby': 'graph-keys',
    } });
    this.cyHost = cyHost;
    this.canvas = new GraphCanvas(cyHost, {
      hover: (id, x, y) => this.hover(id, x, y),
      select: (id) => this.selectElement(id),
      open: (nodeId) => this.openHandler(nodeId),
    }, this.legendSlot);
    this.details = new DetailsPanel({
      select: (id) => this.selectElement(id || undefined),
      selectTrace: (traceId) => void this.selectTrace(traceId),
      openHandler: (nodeId) => this.openHandler(nodeId),
    });
    const button = (text: string, label: string, onClick: () => void) => {
      const b = h('button', { class: 'graph-button', text, title: label, attrs: { type: 'button', 'aria-label': label } });
      b.addEventListener('click', onClick);
      return b;
    };
    const toolbar = h('div', { class: 'graph-toolbar', attrs: { role: 'toolbar', 'aria-label': 'Graph tools' } },
      this.search,
      button('+', 'Zoom in', () => this.canvas.zoomBy(1.25)),
      button('−', 'Zoom out', () => this.canvas.zoomBy(0.8)),
      button('Fit', 'Fit the whole graph', () => this.canvas.fit()),
      button('Clear', 'Clear search and highlighted path', () => this.clear()),
      this.costToggle(),
      this.info);
    const help = new KeyboardHelp('Architecture', GRAPH_SHORTCUTS);
    toolbar.insertBefore(help.button('graph-button'), this.info);
    const keys = h('div', { class: 'sr-only', attrs: { id: 'graph-keys' }, text: 'Arrow keys move to the connected node that way, Enter shows its details, O opens its handler, Home goes to the entry. Every node and edge is also listed in the details beside. Question mark lists every key.' });
    const stage = h('div', { class: 'graph-stage' }, cyHost, this.legendSlot, this.tooltip, this.empty);
    root.append(toolbar, stage, this.details.root, keys, this.announcer.el);
    cyHost.addEventListener('keydown', (e) => this.onCanvasKey(e));
    // A click focuses the canvas too: the node ring is for keyboard (and programmatic) focus only.
    cyHost.addEventListener('pointerdown', () => { this.pointerFocus = true; }, true);
    cyHost.addEventListener('focus', () => {
      const byPointer = this.pointerFocus;
      this.pointerFocus = false;
      if (!byPointer) this.startKeyboardFocus();
    });
    cyHost.addEventListener('blur', () => this.canvas.setKeyboardFocus(undefined));
    this.focus = new FocusMemory({ main: () => cyHost, byKey: (k) => root.querySelector<HTMLElement>(`[data-focus-key="${k}"]`) ?? undefined });
    this.search.addEventListener('input', () => this.runSearch(false));
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.runSearch(true);
      if (e.key === 'Escape') this.clear();
    });
    window.addEventListener('keydown', (e) => { if (e.key === 'Escape' && document.activeElement !== this.search) this.clear(); });
  }

  start(): void {
    this.host.on('graph', (m) => this.onGraph(m.dataset, m.graph, m.settings));
    this.host.on('settings', (m) => {
      this.settings = m.settings;
      this.canvas.restyle(m.settings);
      this.renderLegend();
    });
    this.host.on('handlerResult', (m) => this.details.note(m.message));
    this.host.on('error', (m) => this.host.log('warn', `host error: ${m.message}`));
    onThemeChange(() => { this.canvas.restyle(); this.renderLegend(); });
    window.addEventListener('error', (e) => this.host.log('error', `${e.message} at ${e.filename}:${e.lineno}`));
    (window as unknown as { traceExplorerGraph: GraphTestHook }).traceExplorerGraph = this.testHook();
    this.host.send({ type: 'ready' });
  }

  private onGraph(dataset: GraphDatasetInfo, view: GraphView, settings: GraphSettings): void {
    this.dataset = dataset;
    this.view = view;
    this.settings = settings;
    this.names = new Map(view.nodes.map((n) => [n.id, n.name]));
    const message = dataset.error ? `Could not load ${dataset.sourceLabel}: ${dataset.error}`
      : dataset.loading ? 'Loading traces…'
        : view.nodes.length === 0 ? 'No spans or invocations to draw: open some trace or log files, or the sample data.' : '';
    setText(this.empty, message);
    this.empty.hidden = message === '';
    // The legend first: the graph is fitted above it.
    this.renderLegend();
    const layout = this.canvas.setGraph(view, settings);
    const legend = this.legendSlot.querySelector('details');
    if (this.state.legendOpen === undefined && legend?.open && view.nodes.length > 0 && this.canvas.zoom() < READABLE_ZOOM) {
      // Not enough room for both: fold the legend (its summary stays) and give the graph the space.
      this.legendAuto = false;
      legend.open = false;
      this.canvas.fit();
    }
    setText(this.info, `${formatCount(view.nodes.length)} nodes · ${formatCount(view.edges.length)} edges · ${formatCount(view.traces)} traces · ${layout.name} ${Math.round(layout.ms)} ms`);
    this.host.log('info', `laid out ${layout.nodes} nodes + ${layout.edges} edges with ${layout.name} in ${layout.ms.toFixed(0)} ms`);
    this.details.showOverview(view, (id) => this.names.get(id) ?? id);
    if (this.search.value) this.runSearch(false);
    // Opening the panel puts focus on its main control, the graph, once there is one to move around.
    if (!this.focusedOnce && view.nodes.length > 0) {
      this.focusedOnce = true;
      this.focus.restore();
      // focus() in a frame that does not have the window's focus yet fires no focus event: ring the node here.
      if (document.activeElement === this.cyHost) this.startKeyboardFocus();
    }
  }

  /** Rings the node the keys were on (still in the graph), else the selected one, else the entry. */
  private startKeyboardFocus(): void {
    if (!this.kbdNode || !this.view.nodes.some((n) => n.id === this.kbdNode)) this.kbdNode = startNode(this.canvas.placed(), this.details.selectedId);
    this.moveKeyboardFocus(this.kbdNode);
  }

  private onCanvasKey(e: KeyboardEvent): void {
    const dirs: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    // After a click the keys start where the focus would have (no ring was drawn yet).
    if (!this.kbdNode && (e.key in dirs || e.key === 'Enter')) { e.preventDefault(); this.startKeyboardFocus(); return; }
    const from = this.kbdNode;
    if (e.key in dirs && from) {
      e.preventDefault();
      const [here] = this.canvas.placed([from]);
      const near = new Set(this.canvas.neighbours(from));
      const all = this.canvas.placed();
      const next = here && nextInDirection(here, dirs[e.key], all.filter((n) => near.has(n.id)), all);
      if (next) this.moveKeyboardFocus(next);
      else this.announcer.announce(`no node ${dirs[e.key]} of ${this.names.get(from) ?? from}`);
    } else if (e.key === 'Home') {
      e.preventDefault();
      this.moveKeyboardFocus(startNode(this.canvas.placed()));
    } else if ((e.key === 'Enter' || e.key === ' ') && from) {
      e.preventDefault();
      this.selectElement(from);
      this.announcer.announce(`${this.names.get(from) ?? from} selected: details beside`);
    } else if ((e.key === 'o' || e.key === 'O') && from) {
      e.preventDefault();
      this.openHandler(from);
    }
  }

  /** Moves the keyboard's node, draws its ring and says where the keys are and what is connected. */
  private moveKeyboardFocus(id: string | undefined): void {
    this.kbdNode = id;
    this.canvas.setKeyboardFocus(id);
    const node = id ? this.view.nodes.find((n) => n.id === id) : undefined;
    if (!node) return;
    const out = this.view.edges.filter((x) => x.source === node.id).map((x) => this.names.get(x.target) ?? x.target);
    const into = this.view.edges.filter((x) => x.target === node.id).map((x) => this.names.get(x.source) ?? x.source);
    this.announcer.announce([
      `${node.name}, ${[node.type, node.service].filter(Boolean).join(' ')}`,
      `${formatCount(node.calls)} calls, ${formatCount(node.errors)} errors, p95 ${formatDuration(node.p95Ms)}`,
      into.length ? `called by ${into.join(', ')}` : '',
      out.length ? `calls ${out.join(', ')}` : '',
    ].filter(Boolean).join('; '));
  }

  /** "Size by cost": function nodes drawn bigger the more they cost (docs/cost.md). */
  private costToggle(): HTMLElement {
    const box = h('input', { attrs: { type: 'checkbox', 'data-testid': 'size-by-cost' } });
    box.checked = this.state.sizeByCost ?? false;
    this.canvas.setSizeByCost(box.checked);
    box.addEventListener('change', () => { this.save({ sizeByCost: box.checked }); this.canvas.setSizeByCost(box.checked); });
    return h('label', { class: 'graph-option', title: 'Function nodes sized by their Lambda cost over the data (on-demand prices, an estimate)' }, box, ' Size by cost');
  }

  private renderLegend(): void {
    if (!this.settings) return;
    const legend = buildLegend(readTheme(), severityColours(), this.settings, this.state.legendOpen ?? this.legendAuto);
    // A click on the summary is the user's choice: remembered, and no longer decided by the room there is.
    legend.querySelector('summary')?.addEventListener('click', () => this.save({ legendOpen: !legend.open }));
    this.legendSlot.replaceChildren(legend);
  }

  private selectElement(id: string | undefined): void {
    this.canvas.select(id);
    const node = id ? this.view.nodes.find((n) => n.id === id) : undefined;
    const edge = id && !node ? this.view.edges.find((e) => e.id === id) : undefined;
    if (node) this.details.showElement({ kind: 'node', node });
    else if (edge) {
      const source = this.view.nodes.find((n) => n.id === edge.source)!;
      const target = this.view.nodes.find((n) => n.id === edge.target)!;
      this.details.showElement({ kind: 'edge', edge, source, target });
    } else {
      this.details.showOverview(this.view, (x) => this.names.get(x) ?? x);
      return;
    }
    const version = this.dataset?.datasetVersion;
    this.host.request({ type: 'getElementTraces', elementId: id! }, 'elementTraces').then(
      (m) => { if (version === this.dataset?.datasetVersion) this.details.setTraces(m.elementId, m.slowest, m.failing); },
      (e: Error) => this.details.note(e.message),
    );
  }

  /** Highlights the trace's path on the graph and opens it in the Trace Explorer timeline. */
  private async selectTrace(traceId: string): Promise<void> {
    const seq = ++this.traceSeq;
    this.host.send({ type: 'openTrace', traceId });
    try {
      const m = await this.host.request({ type: 'getTracePath', traceId }, 'tracePath');
      if (seq !== this.traceSeq) return;
      this.canvas.highlightPath(m.nodeIds, m.edgeIds);
      this.details.note(`Path of trace ${traceId}: ${m.nodeIds.length} nodes, ${m.edgeIds.length} edges. Esc clears.`);
    } catch (e) {
      this.details.note((e as Error).message);
    }
  }

  private openHandler(nodeId: string): void {
    const node = this.view.nodes.find((n) => n.id === nodeId);
    if (node?.type !== 'function') return;
    if (!node.hasSource) { this.details.note(`No handler source is known for ${node.name}.`); return; }
    this.host.send({ type: 'openHandler', nodeId });
  }

  private runSearch(fit: boolean): void {
    const q = this.search.value;
    this.save({ search: q });
    const hits = this.canvas.search(q);
    if (q.trim()) this.details.note(`${hits.length} node(s) match "${q.trim()}".`);
    if (fit && hits.length > 0) {
      this.canvas.fitTo(hits);
      if (hits.length === 1) this.selectElement(hits[0]);
    }
  }

  private save(patch: Partial<SavedState>): void {
    this.state = { ...this.state, ...patch };
    this.api.setState(this.state);
  }

  private clear(): void {
    this.search.value = '';
    this.save({ search: undefined });
    this.canvas.clearHighlight();
    this.details.note('');
  }

  private hover(id: string | undefined, x: number, y: number): void {
    const node = id ? this.view.nodes.find((n) => n.id === id) : undefined;
    const edge = id && !node ? this.view.edges.find((e) => e.id === id) : undefined;
    const x0 = node ?? edge;
    if (!x0) { this.tooltip.hidden = true; return; }
    const title = node ? `${node.name} (${[node.type, node.service].filter(Boolean).join(', ')})`
      : `${this.names.get(edge!.source)} → ${this.names.get(edge!.target)}${edge!.async ? ' (async)' : ''}`;
    const lines = [
      title,
      `${formatCount(x0.calls)} calls, ${formatCount(x0.errors)} errors (${(errorRate(x0) * 100).toFixed(1)}%)`,
      `faults ${formatCount(x0.faults)} · throttles ${formatCount(x0.throttles)}`,
      `p50 ${formatDuration(x0.p50Ms)} · p95 ${formatDuration(x0.p95Ms)} · p99 ${formatDuration(x0.p99Ms)}`,
    ];
    this.tooltip.replaceChildren(...lines.map((t, i) => h('div', { class: i === 0 ? 'tooltip-title' : '', text: t })));
    this.tooltip.hidden = false;
    // Positioned through CSSOM (allowed by the CSP, unlike style attributes).
    this.tooltip.style.left = `${Math.round(x + 14)}px`;
    this.tooltip.style.top = `${Math.round(y + 14)}px`;
  }

  private testHook(): GraphTestHook {
    return {
      nodes: () => this.canvas.core?.nodes().map((n) => ({ id: n.id(), label: String(n.data('label')), classes: n.classes() })) ?? [],
      edges: () => this.canvas.core?.edges().map((e) => ({ id: e.id(), source: e.data('source'), target: e.data('target'), classes: e.classes() })) ?? [],
      layout: () => this.canvas.lastLayout,
      select: (id) => this.selectElement(id),
      selected: () => this.details.selectedId,
      keyboardNode: () => this.kbdNode,
      highlighted: () => this.canvas.core?.elements('.path').map((e) => e.id()) ?? [],
      panBy: (x, y) => { this.canvas.core?.panBy({ x, y }); },
      warmup: () => this.canvas.warmup,
      rendered: (id) => {
        const el = this.canvas.core?.getElementById(id);
        if (!el || el.empty()) return undefined;
        const at = el.isEdge() ? (el as EdgeSingular).renderedMidpoint() : (el as NodeSingular).renderedPosition();
        const bb = el.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
        const fontPx = parseFloat(String(el.renderedStyle('font-size'))) || 0;
        return { x: at.x, y: at.y, x1: bb.x1, y1: bb.y1, x2: bb.x2, y2: bb.y2, fontPx, labelColour: String(el.style('color')) };
      },
    };
  }
}
