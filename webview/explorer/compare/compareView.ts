// The comparison of two traces: the biggest differences (self time) in a side list, and the merged
// tree, each row a span in both traces, only in A or only in B, with its durations and the difference
// on a diverging scale (faster: green, slower: red; the bar's length is the size of the change).
// Open A / Open B show that trace's timeline at that span.
import type { Comparison } from '../../../src/protocol/investigate';
import { DiffSide } from '../../../src/protocol/investigate';
import { formatDuration } from '../../../src/common/format';
import { h } from '../../shared/dom';
import { FetchLogPairs, LogPairsView } from './logPairsView';

/** Rows drawn as DOM; the rest is counted (the CLI prints them all). */
const MAX_DOM_ROWS = 2000;

export interface CompareViewHooks {
  open(traceId: string, spanId: string): void;
  close(): void;
  logPairs: FetchLogPairs;
}

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${formatDuration(Math.abs(ms))}`;

function relative(a: number, b: number): string {
  if (a === 0) return b === 0 ? '0%' : 'new';
  const r = (b - a) / a;
  return `${r >= 0 ? '+' : '−'}${Math.round(Math.abs(r) * 100)}%`;
}

export class CompareView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly title: HTMLElement;
  private readonly logs: LogPairsView;
  /** The merged row whose log lines are shown. */
  private selected = -1;

  constructor(private readonly hooks: CompareViewHooks) {
    this.logs = new LogPairsView(hooks.logPairs);
    this.title = h('h2', { class: 'cmp-title', attrs: { id: 'cmp-title' }, text: 'Compare traces' });
    const close = h('button', { class: 'tl-button', text: 'Back to timeline', attrs: { type: 'button', 'data-testid': 'compare-close' } });
    close.addEventListener('click', () => this.hooks.close());
    this.body = h('div', { class: 'cmp-body' });
    this.root = h('section', { class: 'compare', attrs: { 'aria-labelledby': 'cmp-title', 'data-testid': 'compare-view', hidden: true } },
      h('header', { class: 'tl-header' }, this.title, close), this.body);
    this.root.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); this.hooks.close(); } });
  }

  showLoading(): void { this.body.replaceChildren(h('p', { class: 'tl-empty-inline', text: 'Comparing…' })); }
  showMessage(text: string): void { this.body.replaceChildren(h('p', { class: 'tl-empty-inline', text })); }

  show(c: Comparison): void {
    const r = c.rows;
    this.selected = -1;
    this.logs.hide();
    const tableRows: HTMLElement[] = [];
    const logButtons: HTMLElement[][] = [];
    /** Row i selected: its span's log lines in A and in B side by side, below. */
    const select = (i: number) => {
      if (this.selected >= 0) { tableRows[this.selected]?.classList.remove('is-selected'); tableRows[this.selected]?.removeAttribute('aria-current'); }
      for (const b of logButtons.flat()) b.setAttribute('aria-pressed', 'false');
      this.selected = i;
      tableRows[i]?.classList.add('is-selected');
      tableRows[i]?.setAttribute('aria-current', 'true');
      for (const b of logButtons[i] ?? []) b.setAttribute('aria-pressed', 'true');
      void this.logs.show({ traceId: c.a.traceId, spanId: r.aSpanId[i] }, { traceId: c.b.traceId, spanId: r.bSpanId[i] }, `${r.service[i]} · ${r.name[i]}${where(i)}`)
        .then(() => this.logs.root.scrollIntoView({ block: 'nearest' }));
    };
    const logsButton = (i: number) => {
      const b = h('button', { class: 'cmp-open', text: 'Log lines', attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': `Log lines of ${r.service[i]} ${r.name[i]} in A and B side by side`, 'data-testid': 'compare-logs-button' } });
      b.addEventListener('click', (e) => { e.stopPropagation(); select(i); });
      (logButtons[i] ??= []).push(b);
      return b;
    };
    const aName = c.a.typicalOf ? `A: ${c.a.label} (median of ${c.a.typicalOf} traces)` : `A: ${c.a.label}`;
    const summary = h('div', { class: 'cmp-summary' },
      h('div', { text: `${aName} · ${formatDuration(c.a.durationMs)} · ${c.a.spanCount} spans` }),
      h('div', { text: `B: ${c.b.label} · ${formatDuration(c.b.durationMs)} · ${c.b.spanCount} spans` }),
      h('div', { class: 'cmp-total', text: `B − A: ${signed(c.b.durationMs - c.a.durationMs)} (${relative(c.a.durationMs, c.b.durationMs)})` }));
    let maxDelta = 0;
    for (let i = 0; i < r.depth.length; i++) maxDelta = Math.max(maxDelta, Math.abs(r.bSelf[i] - r.aSelf[i]));

    const openButtons = (i: number) => {
      const out: HTMLElement[] = [];
      const add = (side: 'A' | 'B', traceId: string, spanId: string) => {
        if (!traceId || !spanId) return;
        const b = h('button', { class: 'cmp-open', text: `Open ${side}`, attrs: { type: 'button', 'aria-label': `Open ${side} at ${r.service[i]} ${r.name[i]}`, 'data-testid': `compare-open-${side.toLowerCase()}` } });
        b.addEventListener('click', () => this.hooks.open(traceId, spanId));
        out.push(b);
      };
      add('A', c.a.traceId, r.aSpanId[i]);
      add('B', c.b.traceId, r.bSpanId[i]);
      return out;
    };
    const bar = (i: number) => {
      const d = r.bSelf[i] - r.aSelf[i];
      const el = h('span', { class: `cmp-bar ${d > 0 ? 'slower' : 'faster'}`, attrs: { 'aria-hidden': 'true' } });
      el.style.width = `${maxDelta > 0 ? Math.max(1, Math.round((Math.abs(d) / maxDelta) * 60)) : 0}px`;
      return el;
    };
    const where = (i: number) => r.side[i] === DiffSide.OnlyA ? ' (only in A)' : r.side[i] === DiffSide.OnlyB ? ' (only in B)' : '';

    const list = h('ol', { class: 'cmp-biggest', attrs: { 'aria-label': 'Biggest differences, by self time', 'data-testid': 'compare-biggest' } },
      ...c.biggest.map((i) => h('li', { class: 'cmp-big-item', attrs: { 'data-testid': 'compare-biggest-item' } },
        h('span', { class: 'cmp-delta', text: signed(r.bSelf[i] - r.aSelf[i]) }), bar(i),
        h('span', { class: 'cmp-name', text: `${r.name[i]} · ${r.service[i]}${where(i)}` }),
        h('span', { class: 'cmp-detail', text: `self ${formatDuration(r.aSelf[i])} → ${formatDuration(r.bSelf[i])}` }),
        ...openButtons(i), logsButton(i))));
    if (c.biggest.length === 0) list.append(h('li', { text: 'No difference.' }));

    const n = Math.min(r.depth.length, MAX_DOM_ROWS);
    const head = h('tr', {}, ...['Span', 'A', 'B', 'B − A', 'Self B − A', 'Open'].map((t) => h('th', { text: t, attrs: { scope: 'col' } })));
    const rows = tableRows;
    for (let i = 0; i < n; i++) {
      const side = r.side[i];
      const name = h('td', { class: 'cmp-span' }, h('span', { class: 'cmp-mark', text: side === DiffSide.OnlyA ? '−' : side === DiffSide.OnlyB ? '+' : '', attrs: { 'aria-hidden': 'true' } }),
        `${r.service[i]} · ${r.name[i]}${where(i)}`);
      name.style.paddingLeft = `${4 + Math.min(r.depth[i], 24) * 12}px`;
      const tr = h('tr', { class: `cmp-row side-${side}`, attrs: { 'data-testid': 'compare-row' } },
        name,
        h('td', { class: 'num', text: side === DiffSide.OnlyB ? '–' : formatDuration(r.aMs[i]) }),
        h('td', { class: 'num', text: side === DiffSide.OnlyA ? '–' : formatDuration(r.bMs[i]) }),
        h('td', { class: 'num', text: `${signed(r.bMs[i] - r.aMs[i])} (${relative(r.aMs[i], r.bMs[i])})` }),
        h('td', { class: 'num' }, bar(i), signed(r.bSelf[i] - r.aSelf[i])),
        h('td', { class: 'cmp-actions' }, ...openButtons(i), logsButton(i)));
      // A click anywhere on the row selects it too (the button is the keyboard's way).
      tr.addEventListener('click', () => select(i));
      rows.push(tr);
    }
    const table = h('table', { class: 'cmp-tree', attrs: { 'aria-label': 'Both traces, span by span', 'data-testid': 'compare-tree' } }, h('thead', {}, head), h('tbody', {}, ...rows));
    const more = r.depth.length - n + c.rowsOmitted;
    this.body.replaceChildren(summary,
      h('div', { class: 'cmp-columns' },
        h('section', { class: 'cmp-side', attrs: { 'aria-label': 'Biggest differences' } }, h('h3', { text: 'Biggest differences (self time)' }), list),
        h('div', { class: 'cmp-table-wrap', attrs: { tabindex: 0, role: 'region', 'aria-label': 'Merged tree' } }, table,
          more > 0 ? h('p', { class: 'tl-empty-inline', text: `${more.toLocaleString('en-US')} more rows not shown: trace-explorer diff prints them all.` }) : null)),
      this.logs.root);
  }
}
