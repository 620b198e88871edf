// The investigation tools around the timeline (issue 18): the search box, the view switch (timeline /
// flame graph) and "Compare…". Owns the area where the timeline, the flame graph or a comparison shows,
// so app.ts only places `bar` and `area` and tells it which trace is open.
import type { HostMessage, WebviewMessage } from '../../src/protocol/messages';
import type { HostChannel } from '../shared/hostChannel';
import { h } from '../shared/dom';
import { SearchBar } from './search';
import type { TimelineView } from './timeline/timelineView';
import { CompareMenu } from './compare/compareMenu';
import { CompareView } from './compare/compareView';

type HostClient = HostChannel<WebviewMessage, HostMessage>;

export interface InvestigateHooks {
  /** Show a trace's timeline at a span (a comparison row's Open A / Open B). */
  openTrace(traceId: string, spanId?: string): void;
}

type View = 'timeline' | 'compare';

export class InvestigateTools {
  readonly bar: HTMLElement;
  readonly area: HTMLElement;
  readonly search: SearchBar;
  private readonly compareView: CompareView;
  private readonly compareMenu: CompareMenu;
  private traceId?: string;
  private pinned?: { traceId: string; label: string };
  private view: View = 'timeline';
  private compareSeq = 0;

  constructor(private readonly host: HostClient, private readonly timeline: TimelineView, private readonly hooks: InvestigateHooks) {
    this.search = new SearchBar(host, {
      onRows: (meta, focusRow) => {
        if (meta.traceId !== this.traceId) return;
        this.timeline.setMeta(meta, focusRow >= 0 ? focusRow : undefined);
        if (focusRow >= 0) this.timeline.select(focusRow, false);
      },
    });
    this.compareView = new CompareView({
      open: (traceId, spanId) => { this.show('timeline'); this.hooks.openTrace(traceId, spanId); },
      close: () => { this.show('timeline'); this.compareMenu.button.focus(); },
    });
    this.compareMenu = new CompareMenu({
      candidates: async () => this.traceId ? (await host.request({ type: 'compareCandidates', traceId: this.traceId }, 'candidates')).candidates : undefined,
      pinned: () => this.pinned,
      pin: () => { if (this.traceId) this.pinned = { traceId: this.traceId, label: `${this.timeline.titleText} · ${this.traceId}` }; },
      choose: (c) => void this.compare(c.a),
    });
    this.bar = h('div', { class: 'investigate-bar' }, this.search.root, h('div', { class: 'investigate-tools', attrs: { role: 'toolbar', 'aria-label': 'Trace views' } }, this.compareMenu.root));
    this.area = h('div', { class: 'view-area' }, timeline.root, this.compareView.root);
  }

  setTrace(traceId: string | undefined): void {
    this.traceId = traceId;
    this.search.setTrace(traceId);
  }

  private show(view: View): void {
    this.view = view;
    this.timeline.root.hidden = view !== 'timeline';
    this.compareView.root.hidden = view !== 'compare';
    if (view === 'timeline') this.timeline.requestDraw();
  }

  /** Compare the open trace (B) with `a` ('' = the typical trace of its entry point). */
  async compare(a: string): Promise<void> {
    const b = this.traceId;
    if (!b) return;
    const seq = ++this.compareSeq;
    this.show('compare');
    this.compareView.showLoading();
    try {
      const m = await this.host.request({ type: 'compareTraces', a, b }, 'comparison');
      if (seq === this.compareSeq) this.compareView.show(m.comparison);
    } catch (e) {
      if (seq === this.compareSeq) this.compareView.showMessage(e instanceof Error ? e.message : String(e));
    }
    if (seq === this.compareSeq && this.view === 'compare') this.compareView.root.querySelector<HTMLElement>('button, [tabindex="0"]')?.focus();
  }
}
