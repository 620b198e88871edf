// The controller's investigation requests (issue 18): search inside the open trace, compare two traces,
// the flame graph. Pure (no vscode): it runs wherever the ExplorerController runs (host or engine).
import type { Dataset } from '../../../core/dataset';
import type { HostMessage, WebviewMessage } from '../../../protocol/messages';
import type { DistributiveOmit } from '../../../protocol/channel';
import type { TraceRows } from './traceRows';

export type InvestigateMessage = Extract<WebviewMessage, { type: 'searchTrace' | 'compareCandidates' | 'compareTraces' | 'getFlame' }>;

export interface InvestigateContext {
  dataset(): Dataset | undefined;
  rowsFor(traceId: string, requestId?: number): TraceRows | undefined;
  post(m: DistributiveOmit<HostMessage, 'v'>): void;
}

export function isInvestigateMessage(m: WebviewMessage): m is InvestigateMessage {
  return m.type === 'searchTrace' || m.type === 'compareCandidates' || m.type === 'compareTraces' || m.type === 'getFlame';
}

export class Investigate {
  constructor(private readonly cx: InvestigateContext) {}

  handle(m: InvestigateMessage): void {
    switch (m.type) {
      case 'searchTrace': return this.search(m);
      default: this.cx.post({ type: 'error', requestId: m.requestId, message: `${m.type} is not available yet.` });
    }
  }

  private search(m: Extract<InvestigateMessage, { type: 'searchTrace' }>): void {
    const rows = this.cx.rowsFor(m.traceId, m.requestId);
    if (!rows) return;
    rows.setSearch(m.text, m.onlyMatches);
    const total = rows.matchCount;
    const index = total === 0 || m.index < 0 ? -1 : Math.min(m.index, total - 1);
    const focus = index >= 0 ? rows.matchNode(index) : undefined;
    this.cx.post({
      type: 'searchResult', requestId: m.requestId,
      search: { traceId: m.traceId, text: rows.searchText, total, index, onlyMatches: rows.onlyMatches },
      meta: rows.meta(focus),
    });
  }
}
