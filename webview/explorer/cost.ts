// Cost in the Trace Explorer (docs/cost.md): a list row's figure and the timeline header's total with each
// function's share. Text only, set with textContent.
import type { HostMessage, TraceCostSummary, WebviewMessage } from '../../src/protocol/messages';
import { formatUsd } from '../../src/common/money';
import { h, setText } from '../shared/dom';
import type { HostChannel } from '../shared/hostChannel';

/** A list row's cost: empty when the host sent none. */
export function renderCost(el: HTMLElement, usd: number | undefined): void {
  setText(el, usd === undefined ? '' : formatUsd(usd));
  el.title = usd === undefined ? '' : 'Lambda cost of the trace\'s invocations (on-demand prices, an estimate)';
}

/** "Lambda cost $0.0000123: shop-orders-api 62% · shop-payments 38% · services ≈ $0.0000040 (estimate)". */
export function costHeaderText(c: TraceCostSummary): string {
  if (c.byFunction.length === 0 && c.othersCount === 0) {
    return c.servicesUsd !== undefined ? `No Lambda invocation · managed services ≈ ${formatUsd(c.servicesUsd)} (estimate)` : 'No Lambda invocation: no Lambda cost';
  }
  const shares = c.byFunction.map((s) => `${s.function} ${Math.round(s.share * 100)}%`);
  if (c.othersCount > 0) shares.push(`${c.othersCount} more ${formatUsd(c.othersUsd)}`);
  let text = `Lambda cost ${formatUsd(c.costUsd)}`;
  if (shares.length > 1) text += `: ${shares.join(' · ')}`;
  else if (shares.length === 1) text += ` (${c.byFunction[0].function})`;
  if (c.servicesUsd !== undefined) text += ` · managed services ≈ ${formatUsd(c.servicesUsd)} (estimate)`;
  return text;
}

/** The header line under the timeline's title: asks the host for the shown trace's cost. */
export class TraceCostHeader {
  readonly root = h('div', { class: 'tl-cost', attrs: { 'data-testid': 'trace-cost-header' } });
  private seq = 0;

  constructor(private readonly host: HostChannel<WebviewMessage, HostMessage>) {}

  async show(traceId: string): Promise<void> {
    const seq = ++this.seq;
    try {
      const { cost } = await this.host.request({ type: 'getTraceCost', traceId }, 'traceCost');
      if (seq !== this.seq) return;
      setText(this.root, costHeaderText(cost));
      this.root.title = cost.byFunction.map((s) => `${s.function}: ${formatUsd(s.costUsd)} over ${s.invocations} invocation${s.invocations === 1 ? '' : 's'}`)
        .concat(cost.pricesNote).join('\n');
      this.root.dataset.traceId = traceId;
    } catch {
      if (seq === this.seq) this.clear();
    }
  }

  clear(): void {
    this.seq++;
    setText(this.root, '');
    this.root.title = '';
    delete this.root.dataset.traceId;
  }
}
