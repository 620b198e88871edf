// The graph drawn by cytoscape: elements from the GraphView, dagre (or the cheap layered layout above the
// size threshold), hover/tap/double-tap events, search and path highlighting.
import cytoscape, { Core, ElementDefinition, EventObject } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import type { GraphEdgeView, GraphNodeView, GraphSettings, GraphView } from '../../src/protocol/architecture';
import { formatCount, formatDuration } from '../../src/common/format';
import { readTheme } from '../shared/theme';
import type { Placed } from './keyboardNav';
import { layeredPositions } from './layered';
import { warmViewportTexture, WarmState } from './textureWarmup';
import { severityClasses, severityOf } from './severity';
import { graphStyle, nodeClasses, severityColours, widthClass } from './style';
import { costClass, costLabel, maxCost } from './costSize';

cytoscape.use(dagre);

// Cytoscape injects a <style> element (position: relative on its container) unless an element with this id
// exists. The CSP (style-src without 'unsafe-inline') would refuse it; media/architecture.css carries that rule.
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

export interface CanvasEvents {
  hover(id: string | undefined, x: number, y: number): void;
  select(id: string | undefined): void;
  open(nodeId: string): void;
}

export interface LayoutInfo {
  name: 'dagre' | 'layered';
  /** Whole setGraph: layout + cytoscape init (elements, style) + fit; the first paint comes after. */
  ms: number;
  initMs: number;
  layoutMs: number;
  nodes: number;
  edges: number;
}

export class GraphCanvas {
  private cy?: Core;
  private view?: GraphView;
  /** Function nodes sized by cost, with the cost under the name (the toolbar's "Size by cost"). */
  private byCost = false;
  private costMax = 0;
  private settings?: GraphSettings;
  private large = false;
  /** Laid out top to bottom (see runDagre). */
  private vertical = false;
  lastLayout?: LayoutInfo;
  /** The idle-time warm-up of the pan texture (large graphs only) and when it ended, ms after setGraph began. */
  warmup: { state: WarmState; ms?: number } = { state: 'skipped' };
  private cancelWarmup?: () => void;
  private rewarmTimer?: number;

  /** `bottomOverlay`: what sits over the bottom of the canvas (the legend); the graph is fitted above it. */
  constructor(readonly container: HTMLElement, private readonly events: CanvasEvents, private readonly bottomOverlay?: HTMLElement) {
    if (!document.getElementById(CYTOSCAPE_STYLESHEET_ID)) {
      document.head.appendChild(Object.assign(document.createElement('meta'), { id: CYTOSCAPE_STYLESHEET_ID }));
    }
  }

  get core(): Core | undefined { return this.cy; }

  setGraph(view: GraphView, settings: GraphSettings): LayoutInfo {
    this.view = view;
    this.costMax = maxCost(view.nodes);
    this.settings = settings;
    this.large = view.nodes.length + view.edges.length > settings.largeGraphThreshold;
    this.cy?.destroy();
    const started = performance.now();
    const theme = readTheme();
    // Large graphs: positions go in with the elements, so cytoscape computes styles and bounds once, not again after a layout.
    const positions = this.large ? layeredPositions(view.nodes.map((n) => n.id), view.edges, { rankSep: 260, nodeSep: 70 }) : undefined;
    const initStart = performance.now();
    const cy = cytoscape({
      container: this.container,
      elements: this.elements(view, settings, positions),
      style: graphStyle(theme, severityColours(), this.large),
      // Not fitted here: fit() below does it once, above the legend.
      layout: { name: 'preset', fit: false } as cytoscape.LayoutOptions,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: this.large,
      // Large graphs: draw a cached bitmap while panning/zooming and hide edges during the gesture.
      hideEdgesOnViewport: this.large,
      textureOnViewport: this.large,
      motionBlur: false,
      pixelRatio: this.large ? 1 : 'auto',
    });
    this.cy = cy;
    const initEnd = performance.now();
    this.vertical = false;
    const name = positions ? 'layered' : this.runDagre(cy);
    if (this.vertical) cy.style(graphStyle(theme, severityColours(), this.large, true));
    const layoutMs = performance.now() - initEnd + (initStart - started);
    this.fit();
    this.wire(cy);
    this.warm(started);
    const ms = performance.now() - started;
    this.lastLayout = { name, ms, initMs: initEnd - initStart, layoutMs, nodes: view.nodes.length, edges: view.edges.length };
    return this.lastLayout;
  }

  get sizeByCost(): boolean { return this.byCost; }

  /** Sizes function nodes by their cost (and shows it under the name), or back to one size. */
  setSizeByCost(on: boolean): void {
    this.byCost = on;
    if (!this.cy || !this.view) return;
    this.cy.batch(() => {
      for (const n of this.view!.nodes) this.cy!.getElementById(n.id).data('label', this.labelOf(n));
    });
    this.restyle();
  }

  private labelOf(n: GraphNodeView): string {
    return nodeLabel(n) + (this.byCost ? costLabel(n) : '');
  }

  private classesOf(n: GraphNodeView, s: GraphSettings): string[] {
    const c = nodeClassesOf(n, s);
    const size = this.byCost ? costClass(n, this.costMax) : undefined;
    if (size) c.push(size);
    return c;
  }

  /** Theme or thresholds changed: recompute classes and the stylesheet, keep positions. */
  restyle(settings?: GraphSettings): void {
    if (!this.cy || !this.view) return;
    if (settings) this.settings = settings;
    const s = this.settings!;
    const theme = readTheme();
    this.cy.batch(() => {
      for (const n of this.view!.nodes) this.cy!.getElementById(n.id).classes(this.classesOf(n, s));
      for (const e of this.view!.edges) this.cy!.getElementById(e.id).classes(edgeClassesOf(e, s));
    });
    this.cy.style(graphStyle(theme, severityColours(), this.large, this.vertical));
    // New styles redraw every node texture: warm the pan texture again.
    this.warm(performance.now());
  }

  private warm(started: number): void {
    window.clearTimeout(this.rewarmTimer);
    this.cancelWarmup?.();
    if (!this.cy) return;
    this.warmup = { state: 'pending' };
    this.cancelWarmup = warmViewportTexture(this.cy, (state) => { this.warmup = { state, ms: performance.now() - started }; });
  }

  /** The whole graph, as big as it fits above the bottom overlay (or the whole canvas when that leaves too little). */
  fit(): void {
    const cy = this.cy;
    if (!cy) return;
    const reserve = this.bottomReserve();
    // Large graphs: node bounds only. With labels, every label of thousands of elements is measured
    // before the first frame, though at the fitted zoom they are too small to be drawn.
    const bb = this.large ? cy.nodes().boundingBox({ includeLabels: false, includeOverlays: false }) : cy.elements().boundingBox();
    const z = fitZoom(cy, FIT_PADDING, reserve, bb);
    if (z === undefined) { cy.fit(undefined, FIT_PADDING); return; }
    const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), z));
    cy.viewport({ zoom, pan: { x: (cy.width() - zoom * (bb.x1 + bb.x2)) / 2, y: (cy.height() - reserve - zoom * (bb.y1 + bb.y2)) / 2 } });
  }

  zoom(): number { return this.cy?.zoom() ?? 1; }

  private bottomReserve(): number {
    const o = this.bottomOverlay;
    if (!o || !this.cy || o.offsetHeight === 0) return 0;
    const r = this.container.getBoundingClientRect().bottom - o.getBoundingClientRect().top;
    // An overlay covering most of a small canvas: fit to the whole canvas rather than into a sliver.
    return r > 0 && this.cy.height() - r >= 200 ? r : 0;
  }

  zoomBy(factor: number): void {
    const cy = this.cy;
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: this.container.clientWidth / 2, y: this.container.clientHeight / 2 } });
  }

  select(id: string | undefined): void {
    const cy = this.cy;
    if (!cy) return;
    cy.elements(':selected').unselect();
    if (!id) return;
    const el = cy.getElementById(id);
    if (el.nonempty()) {
      el.select();
      if (!el.visible() || !isInView(cy, el.renderedBoundingBox())) cy.animate({ center: { eles: el } }, { duration: 150 });
    }
  }

  /** Nodes where they are drawn (model coordinates: the same geometry the eye sees). */
  placed(ids?: string[]): Placed[] {
    const cy = this.cy;
    if (!cy) return [];
    let nodes = cy.nodes();
    if (ids) { nodes = cy.collection(); for (const id of ids) nodes = nodes.union(cy.getElementById(id)); }
    return nodes.map((n) => ({ id: n.id(), x: n.position('x'), y: n.position('y') }));
  }

  /** Ids of the nodes one edge away (either direction). */
  neighbours(id: string): string[] {
    const el = this.cy?.getElementById(id);
    return el && el.nonempty() ? el.neighborhood('node').map((n) => n.id()) : [];
  }

  /** Marks the node the keyboard is on (a ring in the theme's focus colour) and keeps it in view; undefined clears it. */
  setKeyboardFocus(id: string | undefined): void {
    const cy = this.cy;
    if (!cy) return;
    cy.nodes('.kbd-focus').removeClass('kbd-focus');
    if (!id) return;
    const el = cy.getElementById(id);
    if (el.empty()) return;
    el.addClass('kbd-focus');
    if (!isInView(cy, el.renderedBoundingBox())) cy.animate({ center: { eles: el } }, { duration: 120 });
  }

  /** Dims everything but the matches; returns the matching node ids. */
  search(query: string): string[] {
    const cy = this.cy;
    if (!cy) return [];
    const q = query.trim().toLowerCase();
    const hits: string[] = [];
    cy.batch(() => {
      cy.elements().removeClass('match dimmed');
      if (!q) return;
      for (const n of this.view!.nodes) if (n.name.toLowerCase().includes(q) || (n.service ?? '').toLowerCase() === q) hits.push(n.id);
      const set = new Set(hits);
      cy.nodes().forEach((n) => { n.addClass(set.has(n.id()) ? 'match' : 'dimmed'); });
      cy.edges().addClass('dimmed');
    });
    return hits;
  }

  fitTo(ids: string[]): void {
    const cy = this.cy;
    if (!cy || ids.length === 0) return;
    let eles = cy.collection();
    for (const id of ids) eles = eles.union(cy.getElementById(id));
    cy.fit(eles, 60);
  }

  highlightPath(nodeIds: string[], edgeIds: string[]): void {
    const cy = this.cy;
    if (!cy) return;
    const on = new Set([...nodeIds, ...edgeIds]);
    cy.batch(() => {
      cy.elements().removeClass('path match');
      cy.elements().forEach((el) => { if (on.has(el.id())) el.removeClass('dimmed').addClass('path'); else el.addClass('dimmed'); });
    });
  }

  clearHighlight(): void {
    this.cy?.elements().removeClass('path match dimmed');
  }

  private elements(view: GraphView, s: GraphSettings, positions?: Map<string, { x: number; y: number }>): ElementDefinition[] {
    const nodes: ElementDefinition[] = view.nodes.map((n) => ({
      group: 'nodes',
      position: positions?.get(n.id),
      data: { id: n.id, label: this.labelOf(n) },
      classes: this.classesOf(n, s),
    }));
    // Edge labels are not drawn on large graphs (see graphStyle): not computed either.
    const edges: ElementDefinition[] = view.edges.map((e) => ({
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, label: this.large ? '' : `${formatCount(e.calls)} · p95 ${formatDuration(e.p95Ms)}` },
      classes: edgeClassesOf(e, s),
    }));
    return [...nodes, ...edges];
  }

  private runDagre(cy: Core): 'dagre' {
    // dagre rather than ELK: both give a layered (Sugiyama) left-to-right drawing, but dagre is ~100 KB of plain JS,
    // synchronous and needs no web worker; elkjs is a ~1.5 MB GWT build meant to run in a worker (worker-src/blob:
    // in the CSP) and answers asynchronously. Neither is cheap on dense graphs: above the threshold, layeredPositions.
    // Labels counted in the node sizes: the names under a node take room in its rank, so edges into the next node
    // down and long edges pass beside them rather than through them.
    cy.layout({
      name: 'dagre', rankDir: 'LR', nodeSep: 20, rankSep: 90, edgeSep: 12, nodeDimensionsIncludeLabels: true, fit: false, animate: false,
    } as cytoscape.LayoutOptions).run();
    // A long chain drawn left to right in a narrow panel (the editor beside the details column) only fits zoomed
    // out, its labels too small to read. Then try top to bottom (labels counted in the node sizes, so names in
    // one rank do not overlap) and keep whichever shows the graph bigger.
    const lr = fitZoom(cy, FIT_PADDING, LEGEND_SUMMARY_RESERVE, cy.elements().boundingBox());
    if (lr !== undefined && lr < 1) {
      const saved = new Map(cy.nodes().map((n) => [n.id(), { ...n.position() }] as const));
      cy.layout({
        name: 'dagre', rankDir: 'TB', nodeSep: 56, rankSep: 64, edgeSep: 12, nodeDimensionsIncludeLabels: true, fit: false, animate: false,
      } as cytoscape.LayoutOptions).run();
      const tb = fitZoom(cy, FIT_PADDING, LEGEND_SUMMARY_RESERVE, cy.elements().boundingBox())!;
      if (tb <= lr * 1.05) cy.nodes().positions((n: cytoscape.NodeSingular) => saved.get(n.id())!);
      else this.vertical = true;
    }
    return 'dagre';
  }

  private wire(cy: Core): void {
    cy.on('mouseover', 'node, edge', (e: EventObject) => {
      const p = e.renderedPosition ?? e.target.renderedMidpoint?.() ?? { x: 0, y: 0 };
      this.events.hover(e.target.id(), p.x, p.y);
    });
    cy.on('mouseout', 'node, edge', () => this.events.hover(undefined, 0, 0));
    cy.on('viewport', () => this.events.hover(undefined, 0, 0));
    cy.on('tap', (e: EventObject) => this.events.select(e.target === cy ? undefined : e.target.id()));
    cy.on('dbltap', 'node', (e: EventObject) => this.events.open(e.target.id()));
    // Each zoom level has its own node textures: once a zoom settles, warm the pan texture for the new level.
    if (this.large) {
      cy.on('zoom', () => {
        window.clearTimeout(this.rewarmTimer);
        this.rewarmTimer = window.setTimeout(() => this.warm(performance.now()), 300);
      });
    }
  }
}

function nodeClassesOf(n: GraphNodeView, s: GraphSettings): string[] {
  return [...severityClasses(severityOf(n, s)), ...nodeClasses(n.type, n.service)];
}

function edgeClassesOf(e: GraphEdgeView, s: GraphSettings): string[] {
  const c = severityClasses(severityOf(e, s));
  c.push(widthClass(edgeWidth(e.calls)));
  if (e.async) c.push('async');
  return c;
}

function nodeLabel(n: GraphNodeView): string {
  return `${n.name}\n${formatCount(n.calls)} calls · p95 ${formatDuration(n.p95Ms)}`;
}

/** 1..6 px, logarithmic in calls: 1 call and 1,000,000 calls stay both visible and distinct. */
export function edgeWidth(calls: number): number {
  return Math.min(6, 1 + Math.log10(Math.max(1, calls)) * 1.2);
}

const FIT_PADDING = 30;
/** Height of the folded legend (its summary line) at the bottom of the canvas: the least the layout choice assumes. */
const LEGEND_SUMMARY_RESERVE = 32;

/** The zoom that fits the whole graph above `bottom` px, or undefined while the canvas has no size (hidden panel). */
function fitZoom(cy: Core, padding: number, bottom: number, bb: { w: number; h: number }): number | undefined {
  const w = cy.width() - 2 * padding;
  const h = cy.height() - bottom - 2 * padding;
  if (w <= 0 || h <= 0 || bb.w <= 0 || bb.h <= 0) return undefined;
  return Math.min(w / bb.w, h / bb.h);
}

function isInView(cy: Core, bb: { x1: number; y1: number; x2: number; y2: number }): boolean {
  return bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= cy.width() && bb.y2 <= cy.height();
}
