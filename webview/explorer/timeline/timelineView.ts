// The waterfall: a DOM label column (virtualised, one treeitem per visible row, for keyboard and
// screen readers) beside a canvas that draws the bars of the rows in view. Rows come from the host
// page by page; collapse/expand changes the row set on the host (a new `version`).
import { RowColumns, RowFlag, TraceMeta } from '../../../src/protocol/messages';
import { prepareCanvas } from '../../shared/canvas';
import { h, setAttr, setText } from '../../shared/dom';
import { formatDuration, plural } from '../../../src/common/format';
import { Announcer } from '../../shared/a11y';
import { windowText } from '../../shared/a11yText';
import { readTheme, Theme } from '../../shared/theme';
import { VirtualList } from '../../shared/virtualList';
import type { HostMessage, WebviewMessage } from '../../../src/protocol/messages';
import type { HostChannel } from '../../shared/hostChannel';
import { PageCache } from '../model/pageCache';
import { timeTicks } from '../model/ticks';
import { Viewport } from '../model/viewport';
import { perf } from '../perf';
import { drawAxis, drawRows, RowRef } from './draw';
import { drawMinimap } from './minimap';
import { createSpanRow, renderLegend, renderSpanRow } from './spanRow';

type HostClient = HostChannel<WebviewMessage, HostMessage>;

const ROW_H = 24;
const PAGE = 250;
const ZOOM_STEP = 1.5;

export interface TimelineEvents {
  /** A row was selected; `open` when the user clicked it or pressed Enter (open its source). */
  onSelect(spanId: string, open: boolean): void;
}

export class TimelineView {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly minimap: HTMLCanvasElement;
  private readonly axis: HTMLCanvasElement;
  private readonly axisHeader: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly empty: HTMLElement;
  private readonly list: VirtualList;
  private readonly cache = new PageCache<RowColumns>(PAGE, 80);
  private readonly viewport = new Viewport({ start: 0, end: 1 });
  private meta?: TraceMeta;
  private theme: Theme = readTheme();
  private labelWidth = 320;
  private selected = -1;
  private selectedSpanId?: string;
  private hover = -1;
  private frame = 0;
  private firstFrameFor?: { traceId: string; t0: number };
  private drag?: { x: number; y: number; moved: boolean; scrollTop: number };
  private miniDrag = false;
  private readonly seenTypes = new Set<number>();
  /** Says what a key did (zoom window, spans collapsed): the canvas itself is hidden from screen readers. */
  private readonly announcer = new Announcer();

  constructor(private readonly host: HostClient, private readonly events: TimelineEvents) {
    this.title = h('h2', { class: 'tl-title', attrs: { id: 'tl-title' } });
    this.stats = h('div', { class: 'tl-stats' });
    const button = (label: string, aria: string, onClick: () => void, testid: string) => {
      const b = h('button', { class: 'tl-button', text: label, title: aria, attrs: { type: 'button', 'aria-label': aria, 'data-testid': testid } });
      b.addEventListener('click', onClick);
      return b;
    };
    const tools = h('div', { class: 'tl-tools', attrs: { role: 'toolbar', 'aria-label': 'Timeline' } },
      button('Expand all', 'Expand all spans', () => this.setAllCollapsed(false), 'expand-all'),
      button('Collapse all', 'Collapse all spans', () => this.setAllCollapsed(true), 'collapse-all'),
      button('−', 'Zoom out (-)', () => this.zoom(1 / ZOOM_STEP), 'zoom-out'),
      button('+', 'Zoom in (+)', () => this.zoom(ZOOM_STEP), 'zoom-in'),
      button('Fit', 'Fit the whole trace (0)', () => this.fit(), 'zoom-fit'));
    this.legend = h('div', { class: 'tl-legend', attrs: { 'aria-label': 'Legend' } });
    this.minimap = h('canvas', { class: 'tl-minimap', attrs: { 'aria-hidden': 'true', 'data-testid': 'timeline-minimap' } });
    this.axisHeader = h('div', { class: 'tl-axis-label', text: 'Service · Operation' });
    const resizer = h('div', { class: 'tl-resizer', title: 'Drag to resize the label column', attrs: { 'aria-hidden': 'true' } });
    this.axis = h('canvas', { class: 'tl-axis', attrs: { 'aria-hidden': 'true' } });
    this.canvas = h('canvas', { class: 'tl-canvas', attrs: { 'data-testid': 'timeline-canvas', 'aria-hidden': 'true' } });
    const sticky = h('div', { class: 'tl-sticky' }, this.canvas);
    this.scroller = h('div', {
      class: 'tl-scroll span-tree',
      attrs: { role: 'tree', tabindex: 0, 'aria-labelledby': 'tl-title', 'aria-describedby': 'tl-keys', 'data-focus-key': 'timeline' },
    }, sticky);
    this.empty = h('div', { class: 'tl-empty', text: 'Select a trace to see its timeline.' });
    const keys = h('div', { class: 'sr-only', attrs: { id: 'tl-keys' }, text: 'Up and Down move the selection, Left and Right collapse and expand, Enter opens the source, plus and minus zoom, Shift with Left or Right pans, 0 fits, question mark lists every key.' });
    this.root = h('section', { class: 'timeline', attrs: { 'data-testid': 'timeline', 'aria-label': 'Timeline' } },
      h('header', { class: 'tl-header' }, h('div', { class: 'tl-heading' }, this.title, this.stats), tools),
      this.legend, this.minimap,
      h('div', { class: 'tl-axis-row' }, this.axisHeader, resizer, this.axis),
      this.scroller, this.empty, keys, this.announcer.el);

    this.list = new VirtualList({
      scroller: this.scroller,
      rowHeight: ROW_H,
      overscan: 6,
      createRow: () => this.createRow(),
      renderRow: (el, i) => this.renderRow(el, i),
      onRange: (first, last) => { this.fetch(first, last); this.draw(); },
    });
    this.list.spacer.classList.add('tl-rows');
    this.list.spacer.addEventListener('click', (e) => this.onRowClick(e));
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('focus', () => {
      // The tree's cursor exists from the first focus: the selected row, else the first.
      if (this.meta && this.selected < 0 && this.meta.rowCount > 0) this.select(0, false);
      this.requestDraw();
    });
    this.scroller.addEventListener('blur', () => this.requestDraw());
    this.wireCanvas();
    this.wireMinimap();
    this.wireResizer(resizer);
    new ResizeObserver(() => { this.layout(); this.requestDraw(); }).observe(this.root);
    this.layout();
    this.showEmpty('Select a trace to see its timeline.');
  }

  get traceId(): string | undefined { return this.meta?.traceId; }
  /** The timeline's heading (service · root name). */
  get titleText(): string { return this.title.textContent ?? ''; }

  /** A button for the timeline's toolbar (the keyboard reference). */
  addTool(el: HTMLElement): void { this.root.querySelector('.tl-tools')?.appendChild(el); }
  get selectedSpan(): string | undefined { return this.selectedSpanId; }

  /** Theme changed: canvas colours must be re-read. */
  retheme(): void {
    this.theme = readTheme();
    this.requestDraw();
  }

  showEmpty(message: string): void {
    this.meta = undefined;
    this.root.classList.add('is-empty');
    setText(this.empty, message);
    setText(this.title, 'Timeline');
    setText(this.stats, '');
    setAttr(this.scroller, 'aria-activedescendant', undefined);
    this.list.setCount(0);
    this.requestDraw();
  }

  /** A trace (or a new version of it after collapse/expand) to show. Keeps the time window on the same trace. */
  setMeta(meta: TraceMeta, selectRow?: number): void {
    const sameTrace = this.meta?.traceId === meta.traceId;
    this.meta = meta;
    this.root.classList.remove('is-empty');
    this.cache.reset(`${meta.traceId}|${meta.version}`);
    if (!sameTrace) {
      this.seenTypes.clear();
      this.viewport.setBounds({ start: meta.timeMin, end: meta.timeMax });
      this.scroller.scrollTop = 0;
      this.firstFrameFor = { traceId: meta.traceId, t0: performance.now() };
      perf.traceShown(meta.traceId, meta.spanCount);
    }
    setText(this.title, meta.rootService && meta.rootService !== meta.rootName ? `${meta.rootService} · ${meta.rootName}` : meta.rootName);
    this.title.title = meta.traceId;
    const parts = [formatDuration(meta.durationMs), plural(meta.spanCount, 'span')];
    if (meta.rowCount !== meta.spanCount) parts.push(`${meta.rowCount.toLocaleString('en-US')} shown`);
    if (meta.errorCount) parts.push(plural(meta.errorCount, 'error'));
    if (meta.orphanCount) parts.push(plural(meta.orphanCount, 'orphan span'));
    if (meta.skewedCount) parts.push(plural(meta.skewedCount, 'clock-skewed span'));
    parts.push(`${meta.criticalPathCount} on the critical path`);
    setText(this.stats, parts.join(' · '));
    this.selected = selectRow ?? (sameTrace ? this.selected : -1);
    if (this.selected >= meta.rowCount) this.selected = meta.rowCount - 1;
    setAttr(this.scroller, 'aria-activedescendant', this.selected >= 0 ? `span-row-${this.selected}` : undefined);
    this.list.setCount(meta.rowCount);
    if (this.selected >= 0) this.list.reveal(this.selected);
    this.requestDraw();
  }

  /** Selects a row (keeps it in view) and tells the app; `open` asks to open its source. */
  select(index: number, open: boolean): void {
    if (!this.meta || index < 0 || index >= this.meta.rowCount) return;
    this.selected = index;
    this.list.reveal(index);
    setAttr(this.scroller, 'aria-activedescendant', `span-row-${index}`);
    const r = this.rowAt(index);
    if (r) {
      this.selectedSpanId = r.c.spanId[r.j];
      this.events.onSelect(this.selectedSpanId, open);
    } else {
      // Row not loaded yet: select once its page arrives.
      this.pendingSelect = { index, open };
    }
    this.list.refresh();
    this.requestDraw();
  }

  focus(): void { this.scroller.focus(); }

  private pendingSelect?: { index: number; open: boolean };

  private rowAt(i: number): RowRef | undefined {
    const loc = this.cache.locate(i);
    return loc && loc.at < loc.page.spanId.length ? { c: loc.page, j: loc.at } : undefined;
  }

  private fetch(first: number, last: number): void {
    const meta = this.meta;
    if (!meta) return;
    const gen = this.cache.generation;
    for (const start of this.cache.takeMissing(first, last)) {
      void this.host.request({ type: 'getRows', traceId: meta.traceId, version: meta.version, offset: start, limit: PAGE }, 'rows').then((m) => {
        if (`${m.traceId}|${m.version}` !== gen) {
          // The host's rows moved on (rebuilt after eviction): fetch the current meta and start over.
          if (m.traceId === this.meta?.traceId && m.version !== this.meta.version) this.resync();
          return;
        }
        if (!this.cache.put(gen, start, m.columns)) return;
        for (const t of m.columns.serviceType) if (!this.seenTypes.has(t)) { this.seenTypes.add(t); this.renderLegend(); }
        if (this.pendingSelect && this.pendingSelect.index >= start && this.pendingSelect.index < start + PAGE) {
          const p = this.pendingSelect;
          this.pendingSelect = undefined;
          this.select(p.index, p.open);
        }
        this.list.refresh();
      }, () => this.cache.fail(start));
    }
  }

  // ---- label column ----

  private createRow(): HTMLElement { return createSpanRow(); }

  private renderRow(el: HTMLElement, i: number): void {
    el.id = `span-row-${i}`;
    renderSpanRow(el, this.rowAt(i), i === this.selected);
  }

  private onRowClick(e: MouseEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.span-row');
    if (!row || row.dataset.index === undefined) return;
    const i = Number(row.dataset.index);
    const r = this.rowAt(i);
    if (!r) return;
    if ((e.target as HTMLElement).classList.contains('twisty') && r.c.flags[r.j] & RowFlag.HasChildren) {
      this.selected = i;
      this.toggle(i, !(r.c.flags[r.j] & RowFlag.Collapsed));
      return;
    }
    this.scroller.focus({ preventScroll: true });
    this.select(i, true);
  }

  private toggle(i: number, collapse: boolean): void {
    const r = this.rowAt(i);
    const meta = this.meta;
    if (!r || !meta) return;
    const spanId = r.c.spanId[r.j];
    const hidden = r.c.descendants[r.j];
    void this.host.request({ type: 'setCollapsed', traceId: meta.traceId, spanId, collapsed: collapse }, 'traceMeta')
      .then((m) => {
        if (m.meta.traceId !== this.meta?.traceId) return;
        this.setMeta(m.meta, m.meta.focusRow >= 0 ? m.meta.focusRow : i);
        this.announcer.announce(`${collapse ? 'collapsed' : 'expanded'} ${plural(hidden, 'span')}`);
      }, () => undefined);
  }

  private resyncing = false;

  private resync(): void {
    const meta = this.meta;
    if (!meta || this.resyncing) return;
    this.resyncing = true;
    void this.host.request({ type: 'openTrace', traceId: meta.traceId }, 'traceMeta')
      .then((m) => { if (m.meta.traceId === this.meta?.traceId) this.setMeta(m.meta, this.selected); }, () => undefined)
      .finally(() => { this.resyncing = false; });
  }

  private setAllCollapsed(collapsed: boolean): void {
    const meta = this.meta;
    if (!meta) return;
    void this.host.request({ type: 'setAllCollapsed', traceId: meta.traceId, collapsed }, 'traceMeta')
      .then((m) => {
        if (m.meta.traceId !== this.meta?.traceId) return;
        this.setMeta(m.meta, collapsed ? 0 : this.selected);
        this.announcer.announce(`${collapsed ? 'collapsed' : 'expanded'} all: ${plural(m.meta.rowCount, 'row')} shown`);
      }, () => undefined);
  }

  private onKey(e: KeyboardEvent): void {
    const meta = this.meta;
    if (!meta) return;
    const i = this.selected;
    const r = i >= 0 ? this.rowAt(i) : undefined;
    const flags = r ? r.c.flags[r.j] : 0;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_H) - 1);
    let handled = true;
    if (e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      this.viewport.pan((e.key === 'ArrowLeft' ? -0.1 : 0.1) * this.viewport.width);
      this.requestDraw();
      this.announceWindow('panned to');
    } else {
      switch (e.key) {
        case 'ArrowDown': this.select(Math.min(meta.rowCount - 1, i + 1), false); break;
        case 'ArrowUp': this.select(Math.max(0, i - 1), false); break;
        case 'PageDown': this.select(Math.min(meta.rowCount - 1, i + page), false); break;
        case 'PageUp': this.select(Math.max(0, i - page), false); break;
        case 'Home': this.select(0, false); break;
        case 'End': this.select(meta.rowCount - 1, false); break;
        case 'Enter': if (i >= 0) this.select(i, true); break;
        case 'ArrowLeft':
          if (flags & RowFlag.HasChildren && !(flags & RowFlag.Collapsed)) this.toggle(i, true);
          else this.selectParent(i);
          break;
        case 'ArrowRight':
          if (flags & RowFlag.HasChildren && flags & RowFlag.Collapsed) this.toggle(i, false);
          else if (flags & RowFlag.HasChildren) this.select(i + 1, false);
          break;
        case '+': case '=': this.zoom(ZOOM_STEP); break;
        case '-': case '_': this.zoom(1 / ZOOM_STEP); break;
        case '0': this.fit(); break;
        default: handled = false;
      }
    }
    if (handled) e.preventDefault();
  }

  private selectParent(i: number): void {
    const r = this.rowAt(i);
    if (!r) return;
    const depth = r.c.depth[r.j];
    for (let k = i - 1; k >= 0 && k > i - 10_000; k--) {
      const p = this.rowAt(k);
      if (!p) return; // not loaded: stay put rather than guess
      if (p.c.depth[p.j] < depth) { this.select(k, false); return; }
    }
  }

  private zoom(factor: number, anchor = 0.5, announce = true): void {
    this.viewport.zoom(factor, anchor);
    this.requestDraw();
    if (announce) this.announceWindow('zoomed to');
  }

  private fit(): void {
    this.viewport.fit();
    this.requestDraw();
    this.announceWindow('whole trace,');
  }

  private announceWindow(verb: string): void {
    const w = this.viewport.window;
    this.announcer.announce(windowText(verb, w.start, w.end));
  }

  // ---- canvas interaction ----

  private wireCanvas(): void {
    const c = this.canvas;
    c.addEventListener('wheel', (e) => {
      const rect = c.getBoundingClientRect();
      const anchor = (e.clientX - rect.left) / rect.width;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        this.zoom(Math.exp(-e.deltaY * 0.002), anchor, false);
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        const d = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
        this.viewport.pan((d / rect.width) * this.viewport.width);
        this.requestDraw();
      }
      // Plain vertical wheel scrolls the rows natively.
    }, { passive: false });
    c.addEventListener('mousedown', (e) => {
      if (e.button !== 0) return;
      this.drag = { x: e.clientX, y: e.clientY, moved: false, scrollTop: this.scroller.scrollTop };
      e.preventDefault();
      this.scroller.focus({ preventScroll: true });
    });
    window.addEventListener('mousemove', (e) => {
      const d = this.drag;
      if (!d) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      d.moved = true;
      c.classList.add('dragging');
      this.viewport.pan((-(e.movementX || 0) / c.clientWidth) * this.viewport.width);
      this.scroller.scrollTop = d.scrollTop - dy;
      this.requestDraw();
    });
    window.addEventListener('mouseup', (e) => {
      const d = this.drag;
      this.drag = undefined;
      c.classList.remove('dragging');
      if (!d || d.moved) return;
      const i = this.rowAtY(e.clientY);
      if (i >= 0) this.select(i, true);
    });
    c.addEventListener('mousemove', (e) => {
      if (this.drag) return;
      const i = this.rowAtY(e.clientY);
      if (i !== this.hover) {
        this.hover = i;
        const r = i >= 0 ? this.rowAt(i) : undefined;
        c.title = r ? `${r.c.service[r.j]} · ${r.c.name[r.j]} · ${formatDuration(r.c.duration[r.j])}` : '';
        this.requestDraw();
      }
    });
    c.addEventListener('mouseleave', () => { this.hover = -1; this.requestDraw(); });
  }

  private rowAtY(clientY: number): number {
    const rect = this.scroller.getBoundingClientRect();
    const i = Math.floor((clientY - rect.top + this.scroller.scrollTop) / ROW_H);
    return this.meta && i >= 0 && i < this.meta.rowCount ? i : -1;
  }

  private wireMinimap(): void {
    const m = this.minimap;
    const moveTo = (e: MouseEvent) => {
      const meta = this.meta;
      if (!meta) return;
      const rect = m.getBoundingClientRect();
      const fx = (e.clientX - rect.left) / rect.width;
      const fy = (e.clientY - rect.top) / rect.height;
      const t = meta.timeMin + fx * (meta.timeMax - meta.timeMin);
      this.viewport.moveTo(t - this.viewport.width / 2);
      this.scroller.scrollTop = fy * meta.rowCount * ROW_H - this.scroller.clientHeight / 2;
      this.requestDraw();
    };
    m.addEventListener('mousedown', (e) => { this.miniDrag = true; moveTo(e); e.preventDefault(); });
    window.addEventListener('mousemove', (e) => { if (this.miniDrag) moveTo(e); });
    window.addEventListener('mouseup', () => { this.miniDrag = false; });
  }

  private wireResizer(handle: HTMLElement): void {
    let startX = 0;
    let startW = 0;
    const move = (e: MouseEvent) => {
      this.labelWidth = Math.max(160, Math.min(this.root.clientWidth - 200, startW + e.clientX - startX));
      this.layout();
      this.requestDraw();
    };
    const up = () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); };
    handle.addEventListener('mousedown', (e) => {
      startX = e.clientX;
      startW = this.labelWidth;
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
      e.preventDefault();
    });
  }

  // ---- layout and drawing ----

  private layout(): void {
    // Narrow panels (source editor open beside) keep at least half the width for the bars.
    const w = Math.max(120, Math.min(this.labelWidth, Math.floor(this.root.clientWidth * 0.5)));
    this.root.style.setProperty('--tl-label-width', `${w}px`);
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  private draw(): void {
    const t0 = performance.now();
    const meta = this.meta;
    const labelW = parseFloat(this.root.style.getPropertyValue('--tl-label-width')) || this.labelWidth;
    const W = Math.max(0, this.scroller.clientWidth - labelW);
    const H = this.scroller.clientHeight;
    this.canvas.style.left = `${labelW}px`;
    const ctx = prepareCanvas(this.canvas, W, H);
    const axisCtx = prepareCanvas(this.axis, W, 22);
    if (!ctx || !axisCtx || !meta || W === 0) return;
    const ticks = timeTicks(this.viewport.window.start, this.viewport.window.end, W).values;
    const missing = drawRows(ctx, {
      width: W, height: H, scrollTop: this.scroller.scrollTop, rowH: ROW_H, rowCount: meta.rowCount,
      rowAt: (i) => this.rowAt(i), viewport: this.viewport, ticks, theme: this.theme,
      selected: this.selected, hover: this.hover, focused: document.activeElement === this.scroller,
    });
    drawAxis(axisCtx, { width: W, height: 22, viewport: this.viewport, ticks, theme: this.theme });
    const [first, last] = this.list.range;
    drawMinimap(this.minimap, {
      data: meta.minimap, rowCount: meta.rowCount, timeMin: meta.timeMin, timeMax: meta.timeMax,
      view: this.viewport.window, rows: { first, last }, theme: this.theme,
    });
    const ms = performance.now() - t0;
    perf.frame(ms);
    if (this.firstFrameFor && this.firstFrameFor.traceId === meta.traceId && missing === 0) {
      perf.firstFrame(meta.traceId, performance.now() - this.firstFrameFor.t0);
      this.firstFrameFor = undefined;
    }
  }

  private renderLegend(): void {
    renderLegend(this.legend, [...this.seenTypes]);
  }

}
