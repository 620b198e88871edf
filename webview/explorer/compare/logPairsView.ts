// The log lines of a compared span in A and in B, side by side: the host lines them up (the same statement
// on one row, a line only one side wrote opposite a gap) and sends them a window at a time; "Show more"
// asks for the next. Times are from each span's own start. Lines are untrusted: text nodes only.
import type { LogPairs, LogSideColumns, LogSpanRef } from '../../../src/protocol/investigate';
import { formatDuration, plural } from '../../../src/common/format';
import { h } from '../../shared/dom';

/** Rows asked for at a time. */
export const LOG_WINDOW = 200;

export type FetchLogPairs = (a: LogSpanRef, b: LogSpanRef, offset: number, limit: number) => Promise<LogPairs>;

const at = (t: number | null) => (t === null ? '–' : `${t < 0 ? '−' : '+'}${formatDuration(Math.abs(t))}`);

export class LogPairsView {
  readonly root: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly tbody: HTMLElement;
  private readonly more: HTMLButtonElement;
  private seq = 0;
  private current?: { a: LogSpanRef; b: LogSpanRef; next: number; total: number };

  constructor(private readonly fetch: FetchLogPairs) {
    this.heading = h('h3', { class: 'cmp-logs-title', attrs: { id: 'cmp-logs-title', tabindex: -1 } });
    this.summary = h('p', { class: 'cmp-logs-summary', attrs: { role: 'status', 'data-testid': 'compare-logs-summary' } });
    this.tbody = h('tbody');
    const head = h('tr', {}, ...['A: time', 'A: log line', 'B: time', 'B: log line'].map((t, i) => h('th', { text: t, class: i % 2 ? '' : 'num', attrs: { scope: 'col' } })));
    this.more = h('button', { class: 'tl-button', attrs: { type: 'button', 'data-testid': 'compare-logs-more', hidden: true } });
    this.more.addEventListener('click', () => void this.load());
    this.root = h('section', { class: 'cmp-logs', attrs: { 'aria-labelledby': 'cmp-logs-title', 'data-testid': 'compare-logs', hidden: true } },
      this.heading, this.summary,
      h('div', { class: 'cmp-logs-wrap', attrs: { tabindex: 0, role: 'region', 'aria-label': 'Log lines of A and B side by side' } },
        h('table', { class: 'cmp-log-table', attrs: { 'data-testid': 'compare-logs-table' } }, h('colgroup', {},
          h('col', { class: 'cmp-log-time' }), h('col', { class: 'cmp-log-line' }), h('col', { class: 'cmp-log-time' }), h('col', { class: 'cmp-log-line' })),
        h('thead', {}, head), this.tbody)),
      this.more);
  }

  /** Shows the lines of span `a` (in A) beside span `b` (in B); `label` names the span. */
  async show(a: LogSpanRef, b: LogSpanRef, label: string): Promise<void> {
    this.current = { a, b, next: 0, total: 0 };
    this.heading.textContent = `Log lines · ${label}`;
    this.summary.textContent = 'Loading log lines…';
    this.tbody.replaceChildren();
    this.more.hidden = true;
    this.root.hidden = false;
    await this.load();
  }

  hide(): void { this.seq++; this.current = undefined; this.root.hidden = true; }

  private async load(): Promise<void> {
    const c = this.current;
    if (!c) return;
    const seq = ++this.seq;
    try {
      const p = await this.fetch(c.a, c.b, c.next, LOG_WINDOW);
      if (seq !== this.seq) return;
      c.next = p.offset + p.same.length;
      c.total = p.total;
      this.append(p);
      const noA = !c.a.traceId ? 'A (the typical trace) has no log lines' : `A: ${plural(p.aCount, 'line')}`;
      this.summary.textContent = p.total === 0 ? 'Neither span has log lines.'
        : `${noA} · B: ${plural(p.bCount, 'line')} · showing ${c.next.toLocaleString('en-US')} of ${plural(p.total, 'row')}`;
      const left = c.total - c.next;
      this.more.hidden = left <= 0;
      this.more.textContent = `Show ${Math.min(left, LOG_WINDOW).toLocaleString('en-US')} more (${left.toLocaleString('en-US')} left)`;
    } catch (e) {
      if (seq === this.seq) this.summary.textContent = e instanceof Error ? e.message : String(e);
    }
  }

  private append(p: LogPairs): void {
    const rows: HTMLElement[] = [];
    for (let r = 0; r < p.same.length; r++) {
      const inA = p.aLines.index[r] >= 0;
      const inB = p.bLines.index[r] >= 0;
      const kind = !inA ? 'only-b' : !inB ? 'only-a' : p.same[r] ? 'same' : 'changed';
      rows.push(h('tr', { class: `cmp-log-row ${kind}`, attrs: { 'data-testid': 'compare-log-row', 'data-kind': kind } },
        ...cells(p.aLines, r, inA, 'A'), ...cells(p.bLines, r, inB, 'B')));
    }
    this.tbody.append(...rows);
  }
}

function cells(c: LogSideColumns, r: number, present: boolean, side: 'A' | 'B'): HTMLElement[] {
  if (!present) return [h('td', { class: 'num' }), h('td', { class: 'cmp-log-gap', text: '', attrs: { 'aria-label': `no line in ${side}` } })];
  const level = c.level[r] || c.kind[r];
  const lv = c.level[r].toUpperCase();
  const tone = lv === 'ERROR' || lv === 'FATAL' ? ' is-error' : lv === 'WARN' ? ' is-warn' : '';
  return [
    h('td', { class: 'num cmp-log-t', text: at(c.t[r]) }),
    h('td', { class: `cmp-log-text${tone}`, attrs: { 'data-testid': `compare-log-${side.toLowerCase()}` } },
      level ? h('span', { class: 'cmp-log-level', text: level.toLowerCase() }) : null, h('span', { class: 'cmp-log-msg', text: c.text[r] })),
  ];
}
