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
import { FlameGraphView } from './flame/flameView';

type HostClient = HostChannel<WebviewMessage, HostMessage>;

export interface InvestigateHooks {
  /** Show a trace's timeline at a span (a comparison row's Open A / Open B). */
  openTrace(traceId: string, spanId?: string): void;
  /** A flame frame was chosen: show its span's details. */
  selectSpan(spanId: string): void;
}

type View = 'timeline' | 'flame' | 'compare';

export class InvestigateTools {
  readonly bar: HTMLElement;
  readonly area: HTMLElement;
  readonly search: SearchBar;
  private readonly compareView: CompareView;
  private readonly compareMenu: CompareMenu;
  readonly flame: FlameGraphView;
  private readonly viewButtons: Record<'timeline' | 'flame', HTMLButtonElement>;
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
      logPairs: async (a, b, offset, limit) => (await host.request({ type: 'getLogPairs', a, b, offset, limit }, 'logPairs')).pairs,
    });
    this.compareMenu = new CompareMenu({
      candidates: async () => this.traceId ? (await host.request({ type: 'compareCandidates', traceId: this.traceId }, 'candidates')).candidates : undefined,
      pinned: () => this.pinned,
      pin: () => { if (this.traceId) this.pinned = { traceId: this.traceId, label: `${this.timeline.titleText} · ${this.traceId}` }; },
      choose: (c) => void this.compare(c.a),
    });
    this.flame = new FlameGraphView(host, { onSelect: (spanId) => this.hooks.selectSpan(spanId) });
    // Each label has a short form the bar switches to when the panel is narrow, so the bar stays one row (media/explorer.css).
    const toggle = (view: 'timeline' | 'flame', text: string, short: string) => {
      const b = h('button', { class: 'tl-button view-toggle', attrs: { type: 'button', 'aria-label': text, 'aria-pressed': view === 'timeline' ? 'true' : 'false', 'data-testid': `view-${view}` } },
        h('span', { class: 'label-long', text }), h('span', { class: 'label-short', text: short }));
      b.addEventListener('click', () => this.show(view));
      return b;
    };
    this.viewButtons = { timeline: toggle('timeline', 'Timeline', 'Timeline'), flame: toggle('flame', 'Flame graph', 'Flame') };
    this.bar = h('div', { class: 'investigate-bar' }, this.search.root,
      h('div', { class: 'investigate-tools', attrs: { role: 'toolbar', 'aria-label': 'Trace views' } }, this.viewButtons.timeline, this.viewButtons.flame, this.compareMenu.root));
    this.area = h('div', { class: 'view-area' }, timeline.root, this.flame.root, this.compareView.root);
  }

  setTrace(traceId: string | undefined): void {
    this.traceId = traceId;
    this.search.setTrace(traceId);
    if (traceId && this.view === 'flame') this.flame.show(traceId);
  }

  get currentView(): View { return this.view; }

  retheme(): void { this.flame.retheme(); }

  private show(view: View): void {
    this.view = view;
    this.timeline.root.hidden = view !== 'timeline';
    this.flame.root.hidden = view !== 'flame';
    this.compareView.root.hidden = view !== 'compare';
    for (const [k, b] of Object.entries(this.viewButtons)) b.setAttribute('aria-pressed', k === view ? 'true' : 'false');
    if (view === 'timeline') this.timeline.requestDraw();
    if (view === 'flame' && this.traceId) this.flame.show(this.traceId);
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
