// The graph drawn by cytoscape: elements from the GraphView, dagre (or the cheap layered layout above the
// size threshold), hover/tap/double-tap events, search and path highlighting.
import cytoscape, { Core, ElementDefinition, EventObject } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import type { GraphEdgeView, GraphNodeView, GraphSettings, GraphView } from '../../src/protocol/graph';
import { formatCount, formatDuration } from '../shared/format';
import { readTheme } from '../shared/theme';
import { layeredPositions } from './layered';
import { severityClasses, severityOf } from './severity';
import { graphStyle, severityColours, shapeOf, typeColour } from './style';

cytoscape.use(dagre);

// Cytoscape injects a <style> element (position: relative on its container) unless an element with this id
// exists. The CSP (style-src without 'unsafe-inline') would refuse it; media/graph.css carries that rule.
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

export interface CanvasEvents {
  hover(id: string | undefined, x: number, y: number): void;
  select(id: string | undefined): void;
  open(nodeId: string): void;
}

export interface LayoutInfo {
  name: 'dagre' | 'layered';
  /** Whole setGraph: cytoscape init (elements, style) + layout + fit. */
  ms: number;
  initMs: number;
  layoutMs: number;
  nodes: number;
  edges: number;
}

export class GraphCanvas {
  private cy?: Core;
  private view?: GraphView;
  private settings?: GraphSettings;
  private large = false;
  lastLayout?: LayoutInfo;

  constructor(readonly container: HTMLElement, private readonly events: CanvasEvents) {
    if (!document.getElementById(CYTOSCAPE_STYLESHEET_ID)) {
      document.head.appendChild(Object.assign(document.createElement('meta'), { id: CYTOSCAPE_STYLESHEET_ID }));
    }
  }

  get core(): Core | undefined { return this.cy; }

  setGraph(view: GraphView, settings: GraphSettings): LayoutInfo {
    this.view = view;
    this.settings = settings;
    this.large = view.nodes.length + view.edges.length > settings.largeGraphThreshold;
    this.cy?.destroy();
    const started = performance.now();
    const theme = readTheme();
    const cy = cytoscape({
      container: this.container,
      elements: this.elements(view, settings),
      style: graphStyle(theme, severityColours(), this.large),
      layout: { name: 'preset' },
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
    const laidOut = performance.now();
    const name = this.runLayout(cy, view);
    const layoutMs = performance.now() - laidOut;
    cy.fit(undefined, 30);
    this.wire(cy);
    const ms = performance.now() - started;
    this.lastLayout = { name, ms, initMs: laidOut - started, layoutMs, nodes: view.nodes.length, edges: view.edges.length };
    return this.lastLayout;
  }

  /** Theme or thresholds changed: recompute classes and the stylesheet, keep positions. */
  restyle(settings?: GraphSettings): void {
    if (!this.cy || !this.view) return;
    if (settings) this.settings = settings;
    const s = this.settings!;
    const theme = readTheme();
    this.cy.batch(() => {
      for (const n of this.view!.nodes) this.cy!.getElementById(n.id).classes(classesOf(n, s, n.type)).data('colour', typeColour(theme, n.type));
      for (const e of this.view!.edges) this.cy!.getElementById(e.id).classes(classesOf(e, s, e.async ? 'async' : ''));
    });
    this.cy.style(graphStyle(theme, severityColours(), this.large));
  }

  fit(): void { this.cy?.fit(undefined, 30); }

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

  private elements(view: GraphView, s: GraphSettings): ElementDefinition[] {
    const theme = readTheme();
    const nodes: ElementDefinition[] = view.nodes.map((n) => ({
      group: 'nodes',
      data: { id: n.id, label: nodeLabel(n), shape: shapeOf(n.type, n.service), colour: typeColour(theme, n.type) },
      classes: classesOf(n, s, n.type),
    }));
    const edges: ElementDefinition[] = view.edges.map((e) => ({
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, label: `${formatCount(e.calls)} · p95 ${formatDuration(e.p95Ms)}`, width: edgeWidth(e.calls) },
      classes: classesOf(e, s, e.async ? 'async' : ''),
    }));
    return [...nodes, ...edges];
  }

  private runLayout(cy: Core, view: GraphView): 'dagre' | 'layered' {
    if (!this.large) {
      // dagre rather than ELK: both give a layered (Sugiyama) left-to-right drawing, but dagre is ~100 KB of plain JS,
      // synchronous and needs no web worker; elkjs is a ~1.5 MB GWT build meant to run in a worker (worker-src/blob:
      // in the CSP) and answers asynchronously. Neither is cheap on dense graphs: above the threshold, layeredPositions.
      cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 28, rankSep: 110, edgeSep: 12, fit: false, animate: false } as cytoscape.LayoutOptions).run();
      return 'dagre';
    }
    const pos = layeredPositions(view.nodes.map((n) => n.id), view.edges, { rankSep: 260, nodeSep: 70 });
    cy.layout({ name: 'preset', positions: (n: cytoscape.NodeSingular) => pos.get(n.id()) ?? { x: 0, y: 0 }, fit: false, animate: false } as cytoscape.LayoutOptions).run();
    return 'layered';
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
  }
}

function classesOf(x: GraphNodeView | GraphEdgeView, s: GraphSettings, extra: string): string[] {
  const c = severityClasses(severityOf(x, s));
  if (extra) c.push(extra);
  return c;
}

function nodeLabel(n: GraphNodeView): string {
  return `${n.name}\n${formatCount(n.calls)} calls · p95 ${formatDuration(n.p95Ms)}`;
}

/** 1..6 px, logarithmic in calls: 1 call and 1,000,000 calls stay both visible and distinct. */
export function edgeWidth(calls: number): number {
  return Math.min(6, 1 + Math.log10(Math.max(1, calls)) * 1.2);
}

function isInView(cy: Core, bb: { x1: number; y1: number; x2: number; y2: number }): boolean {
  return bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= cy.width() && bb.y2 <= cy.height();
}
