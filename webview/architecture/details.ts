// The side panel: an overview with what needs attention, or the selected node/edge with its numbers and its
// slowest and failing traces. Every name is untrusted data from the traces: text nodes only.
import type { GraphEdgeView, GraphNodeView, GraphView, TraceRefView } from '../../src/protocol/architecture';
import { h, setText } from '../shared/dom';
import { formatCount, formatDuration, plural } from '../../src/common/format';
import { errorRate } from './severity';

export interface DetailsEvents {
  select(elementId: string): void;
  selectTrace(traceId: string): void;
  openHandler(nodeId: string): void;
}

export type Element = { kind: 'node'; node: GraphNodeView } | { kind: 'edge'; edge: GraphEdgeView; source: GraphNodeView; target: GraphNodeView };

const ATTENTION_MAX = 30;

export class DetailsPanel {
  readonly root: HTMLElement;
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private slowList?: HTMLElement;
  private failList?: HTMLElement;
  private currentId?: string;

  constructor(private readonly events: DetailsEvents) {
    this.status = h('div', { class: 'graph-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.body = h('div', { class: 'graph-details-body' });
    this.root = h('aside', { class: 'graph-details', attrs: { 'aria-label': 'Architecture details', 'data-testid': 'graph-details' } }, this.status, this.body);
  }

  get selectedId(): string | undefined { return this.currentId; }

  note(text: string): void {
    setText(this.status, text);
  }

  showOverview(g: GraphView, nameOf: (id: string) => string): void {
    this.currentId = undefined;
    const failing = [
      ...g.nodes.filter((n) => n.errors > 0).map((n) => ({ id: n.id, label: n.name, x: n })),
      ...g.edges.filter((e) => e.errors > 0).map((e) => ({ id: e.id, label: `${nameOf(e.source)} → ${nameOf(e.target)}`, x: e })),
    ].sort((a, b) => errorRate(b.x) - errorRate(a.x) || b.x.errors - a.x.errors).slice(0, ATTENTION_MAX);
    const nodes = [...g.nodes].sort((a, b) => a.name.localeCompare(b.name));
    // Every edge, not only the failing ones: the side list is how the keyboard and screen readers reach them.
    const edges = g.edges.map((e) => ({ e, label: `${nameOf(e.source)} → ${nameOf(e.target)}` })).sort((a, b) => a.label.localeCompare(b.label));
    this.body.replaceChildren(
      h('h2', { text: 'Architecture' }),
      h('p', { class: 'muted', text: `${plural(g.nodes.length, 'node')}, ${plural(g.edges.length, 'edge')}, from ${plural(g.traces, 'trace')}.` }),
      h('h3', { text: 'Needs attention' }),
      failing.length === 0 ? h('p', { class: 'muted', text: 'No errors recorded.' })
        : h('ul', { class: 'element-list', attrs: { 'aria-label': 'Failing nodes and edges' } }, ...failing.map((f) =>
          h('li', {}, this.elementButton(f.id, f.label, `${formatCount(f.x.errors)} errors (${pct(errorRate(f.x))})`)))),
      h('h3', { text: 'Nodes' }),
      h('ul', { class: 'element-list', attrs: { 'aria-label': 'Graph nodes', 'data-testid': 'node-list' } }, ...nodes.map((n) =>
        h('li', {}, this.elementButton(n.id, n.name, `${formatCount(n.calls)} calls · p95 ${formatDuration(n.p95Ms)}`)))),
      h('h3', { text: 'Edges' }),
      edges.length === 0 ? h('p', { class: 'muted', text: 'No edges.' })
        : h('ul', { class: 'element-list', attrs: { 'aria-label': 'Graph edges', 'data-testid': 'edge-list' } }, ...edges.map(({ e, label }) =>
          h('li', {}, this.elementButton(e.id, label, `${formatCount(e.calls)} calls · p95 ${formatDuration(e.p95Ms)}${e.errors ? ` · ${formatCount(e.errors)} errors` : ''}${e.async ? ' · async' : ''}`)))),
    );
  }

  showElement(el: Element): void {
    const x = el.kind === 'node' ? el.node : el.edge;
    this.currentId = x.id;
    const title = el.kind === 'node' ? el.node.name : `${el.source.name} → ${el.target.name}`;
    const kind = el.kind === 'node'
      ? [el.node.type, el.node.service].filter(Boolean).join(' · ')
      : el.edge.async ? 'asynchronous delivery' : 'call';
    const rows: [string, string][] = [
      ['Calls', formatCount(x.calls)],
      ['Errors', `${formatCount(x.errors)} (${pct(errorRate(x))})`],
      ['Faults (5xx)', formatCount(x.faults)],
      ['Throttles', formatCount(x.throttles)],
      ['p50', formatDuration(x.p50Ms)],
      ['p95', formatDuration(x.p95Ms)],
      ['p99', formatDuration(x.p99Ms)],
    ];
    this.slowList = h('ul', { class: 'trace-list', attrs: { 'aria-label': 'Slowest traces' } }, h('li', { class: 'muted', text: 'Loading…' }));
    this.failList = h('ul', { class: 'trace-list', attrs: { 'aria-label': 'Failing traces' } }, h('li', { class: 'muted', text: 'Loading…' }));
    const handler = el.kind === 'node' && el.node.hasSource
      ? h('button', { class: 'graph-button', text: 'Open handler source', attrs: { type: 'button' } }) : undefined;
    handler?.addEventListener('click', () => this.events.openHandler(x.id));
    const back = h('button', { class: 'link-button', text: '← Overview', attrs: { type: 'button' } });
    back.addEventListener('click', () => this.events.select(''));
    this.body.replaceChildren(
      back,
      h('h2', { text: title, attrs: { 'data-testid': 'selected-element', 'data-element-id': x.id } }),
      h('p', { class: 'muted', text: kind }),
      h('table', { class: 'stats' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { text: k, attrs: { scope: 'row' } }), h('td', { text: v }))))),
      handler ?? '',
      h('h3', { text: 'Failing traces' }), this.failList,
      h('h3', { text: 'Slowest traces' }), this.slowList,
    );
  }

  setTraces(elementId: string, slowest: TraceRefView[], failing: TraceRefView[]): void {
    if (elementId !== this.currentId || !this.slowList || !this.failList) return;
    this.fill(this.failList, failing, 'No failing traces.');
    this.fill(this.slowList, slowest, 'No traces with a known duration.');
  }

  private fill(list: HTMLElement, refs: TraceRefView[], empty: string): void {
    if (refs.length === 0) { list.replaceChildren(h('li', { class: 'muted', text: empty })); return; }
    list.replaceChildren(...refs.map((r) => {
      const failure = r.failure ?? (r.error ? 'failed' : '');
      // Named by its content, with words a screen reader needs and the eye does not (hidden visually).
      const b = h('button', {
        class: `trace-ref${r.error ? ' failing' : ''}`,
        title: `Highlight its path and open trace ${r.traceId}`,
        attrs: { type: 'button', 'data-trace-id': r.traceId },
      },
      // Status first: what went wrong is what one scans the list for; the id only tells traces apart.
      failure ? h('span', { class: 'trace-failure' }, h('span', { class: 'sr-only', text: 'failed: ' }), failure) : '',
      h('span', { class: 'trace-ms', text: formatDuration(r.durationMs) }),
      h('span', { class: 'trace-id' }, h('span', { class: 'sr-only', text: 'trace ' }), r.traceId.slice(0, 6) + '…'));
      b.addEventListener('click', () => this.events.selectTrace(r.traceId));
      return h('li', {}, b);
    }));
  }

  private elementButton(id: string, label: string, detail: string): HTMLElement {
    // Named by its text (what is shown is what is said: WCAG 2.5.3); the sr-only comma keeps name and numbers apart.
    const b = h('button', { class: 'element-ref', attrs: { type: 'button', 'data-element-id': id } },
      h('span', { class: 'element-name', text: label }), h('span', { class: 'sr-only', text: ', ' }), h('span', { class: 'element-detail', text: detail }));
    b.addEventListener('click', () => this.events.select(id));
    return b;
  }
}

function pct(rate: number): string {
  return `${+(rate * 100).toFixed(rate < 0.01 ? 2 : 1)}%`;
}
