// The Anomalies view's Cost section (docs/cost.md): per function, the Lambda cost over the data or the selected
// range, per 1M invocations, what cold starts, timeouts, retried failures and the slow tail cost, and a memory
// right-sizing estimate. Text only (textContent).
import type { AnomaliesHostMessage, AnomaliesWebviewMessage, CostTableView, FunctionCostView } from '../../src/protocol/anomalies';
import { formatDuration, formatTimestamp, plural } from '../../src/common/format';
import { formatUsd } from '../../src/common/money';
import { clear, h, setText } from '../shared/dom';
import type { HostChannel } from '../shared/hostChannel';

const COLUMNS = ['function', 'total', 'per 1M', 'cold starts (INIT)', 'timeouts', 'failed, retried', 'slow tail > p95', 'memory right-sizing (estimate)'];

export class CostPane {
  readonly root = h('section', { class: 'cost-pane', attrs: { 'data-testid': 'cost-pane', 'aria-labelledby': 'cost-heading' } });
  private readonly caption = h('p', { class: 'muted' });
  private readonly table = h('div', { class: 'cost-scroll', attrs: { tabindex: 0, role: 'region', 'aria-label': 'Cost per function' } });
  private readonly notes = h('p', { class: 'muted cost-notes' });
  private seq = 0;

  constructor(private readonly host: HostChannel<AnomaliesWebviewMessage, AnomaliesHostMessage>) {
    this.root.append(h('h3', { text: 'Cost', attrs: { id: 'cost-heading' } }), this.caption, this.table, this.notes);
  }

  async load(range?: { fromMs: number; toMs: number }): Promise<void> {
    const seq = ++this.seq;
    try {
      const reply = await this.host.request({ type: 'getCost', fromMs: range?.fromMs, toMs: range?.toMs }, 'cost');
      if (seq === this.seq) this.render(reply.cost);
    } catch (e) {
      if (seq === this.seq) { clear(this.table); setText(this.caption, `Cost unavailable: ${(e as Error).message}`); }
    }
  }

  private render(c: CostTableView): void {
    const scope = c.fromMs !== null && c.toMs !== null ? `${formatTimestamp(c.fromMs)} – ${formatTimestamp(c.toMs)} UTC` : 'the whole time range';
    setText(this.caption, `Lambda cost over ${scope}: ${formatUsd(c.totalUsd)} across ${plural(c.functions.length, 'function')}.`);
    clear(this.table);
    if (c.functions.length === 0) { this.table.appendChild(h('p', { class: 'muted', text: 'No Lambda invocations in this range.' })); return; }
    const head = h('tr', {}, ...COLUMNS.map((t) => h('th', { text: t, attrs: { scope: 'col' } })));
    const body = h('tbody', {}, ...c.functions.map(row));
    this.table.appendChild(h('table', { class: 'cost', attrs: { 'data-testid': 'cost-table' } }, h('thead', {}, head), body));
    setText(this.notes, `${c.pricesNote} Right-sizing: ${c.rightSizingNote}`);
  }
}

function row(f: FunctionCostView): HTMLTableRowElement {
  const arch = `${f.architecture}${f.assumed ? ' (assumed)' : ''}`;
  const name = h('th', { attrs: { scope: 'row' }, title: `${f.architecture}: ${f.architectureDetail}${f.warnings.length ? `\n${f.warnings.join('\n')}` : ''}` },
    h('span', { class: 'fn', text: f.function }), h('span', { class: 'sub', text: `${arch} · ${plural(f.invocations, 'invocation')}` }));
  const part = (n: number, usd: number) => (n === 0 ? '–' : `${formatUsd(usd)} (${n.toLocaleString('en-US')})`);
  const tail = f.slowTail && f.slowTail.invocations > 0
    ? `${formatUsd(f.slowTail.costUsd)} for ${f.slowTail.invocations.toLocaleString('en-US')} above ${formatDuration(f.slowTail.p95Ms)}; ${formatUsd(f.slowTail.atMedianUsd)} at the median ${formatDuration(f.slowTail.medianMs)}`
    : '–';
  const rs = f.rightSizing;
  const sizing = !rs ? '–'
    : rs.recommendedMb >= rs.currentMb ? `${rs.currentMb.toLocaleString('en-US')} MB: no smaller size leaves ${Math.round(rs.headroom * 100)}% above p99 ${Math.round(rs.p99MaxMemoryUsedMb)} MB used`
      : `try ${rs.recommendedMb.toLocaleString('en-US')} MB instead of ${rs.currentMb.toLocaleString('en-US')} (p99 ${Math.round(rs.p99MaxMemoryUsedMb)} MB used + ${Math.round(rs.headroom * 100)}%): ` +
        `${formatUsd(rs.monthlyCostAtRecommendedUsd)} instead of ${formatUsd(rs.monthlyCostUsd)} a month at this rate, if durations held`;
  const failed = f.failed === 0 ? '–' : `${part(f.failed, f.failedCostUsd)}; retried ${part(f.retried, f.retriedCostUsd)}`;
  return h('tr', { attrs: { 'data-function': f.function } }, name,
    h('td', { class: 'num', text: formatUsd(f.costUsd) }),
    h('td', { class: 'num', text: formatUsd(f.costPer1MUsd) }),
    h('td', { text: part(f.coldStarts, f.coldStartCostUsd) }),
    h('td', { text: part(f.timeouts, f.timeoutCostUsd) }),
    h('td', { text: failed }),
    h('td', { text: tail }),
    h('td', { text: sizing }));
}
