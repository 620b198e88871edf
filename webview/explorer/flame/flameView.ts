// The flame graph (icicle) of the open trace, beside the timeline: the host merges siblings with the
// same service and name and sends the frames under the zoom root that are wide enough to draw.
// Click (or Enter) zooms into a frame's subtree, the breadcrumbs go back; Ctrl+wheel zooms around the
// pointer within the frames already here. Keyboard: arrows move a cursor frame, spoken by a live region.
import type { HostMessage, WebviewMessage } from '../../../src/protocol/messages';
import type { FlameView as FlameData } from '../../../src/protocol/investigate';
import type { HostChannel } from '../../shared/hostChannel';
import { formatDuration, plural } from '../../../src/common/format';
import { prepareCanvas } from '../../shared/canvas';
import { h, setAttr, setText } from '../../shared/dom';
import { Announcer } from '../../shared/a11y';
import { readTheme, Theme } from '../../shared/theme';
import { perf } from '../perf';
import { drawFlame, FlameColour, FRAME_H } from './drawFlame';

type HostClient = HostChannel<WebviewMessage, HostMessage>;

/** Frames narrower than this share of the root's width are left on the host (about a pixel at full width). */
const MIN_WIDTH_PX = 0.5;

export interface FlameEvents {
  /** A frame was chosen: show its longest span's details. */
  onSelect(spanId: string): void;
}

export class FlameGraphView {
  readonly root: HTMLElement;
  private readonly crumbs: HTMLElement;
  private readonly info: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly colourButton: HTMLButtonElement;
  private readonly announcer = new Announcer();
  private data?: FlameData;
  private traceId?: string;
  private view = { start: 0, end: 1 };
  private colour: FlameColour = 'service';
  private cursor = -1;
  private hover = -1;
  private theme: Theme = readTheme();
  private frame = 0;
  private seq = 0;
  private firstFrameFor?: { traceId: string; t0: number };
  private refetchTimer = 0;

  constructor(private readonly host: HostClient, private readonly events: FlameEvents) {
    this.crumbs = h('nav', { class: 'flame-crumbs', attrs: { 'aria-label': 'Flame graph zoom path', 'data-testid': 'flame-crumbs' } });
    this.info = h('div', { class: 'flame-info', attrs: { 'data-testid': 'flame-info' } });
    this.colourButton = h('button', { class: 'tl-button', text: 'Colour: service', title: 'Colour frames by service or by self time', attrs: { type: 'button', 'data-testid': 'flame-colour' } });
    this.colourButton.addEventListener('click', () => this.toggleColour());
    this.canvas = h('canvas', { class: 'flame-canvas', attrs: { 'aria-hidden': 'true', 'data-testid': 'flame-canvas' } });
    this.spacer = h('div', { class: 'flame-spacer' });
    this.scroller = h('div', {
      class: 'flame-scroll',
      attrs: {
        tabindex: 0, role: 'application', 'aria-roledescription': 'flame graph', 'aria-label': 'Flame graph: arrows move between frames, Enter zooms in, Backspace zooms out',
        'data-testid': 'flame', 'data-focus-key': 'flame',
      },
    }, h('div', { class: 'flame-sticky' }, this.canvas), this.spacer);
    this.root = h('section', { class: 'flame', attrs: { 'aria-label': 'Flame graph', 'data-testid': 'flame-view', hidden: true } },
      h('header', { class: 'tl-header' }, this.crumbs, h('div', { class: 'tl-tools' }, this.colourButton)), this.info, this.scroller, this.announcer.el);
    this.wire();
    new ResizeObserver(() => this.requestDraw()).observe(this.scroller);
  }

  /** Shows the trace's graph (from the whole trace) when it is not shown already. */
  show(traceId: string): void {
    if (this.traceId === traceId && this.data) { this.requestDraw(); return; }
    this.traceId = traceId;
    this.data = undefined;
    this.firstFrameFor = { traceId, t0: performance.now() };
    void this.load(0);
  }

  retheme(): void { this.theme = readTheme(); this.requestDraw(); }

  focus(): void { this.scroller.focus(); }

  private async load(root: number, keepView = false): Promise<void> {
    const traceId = this.traceId;
    if (!traceId) return;
    const seq = ++this.seq;
    const width = Math.max(200, this.scroller.clientWidth);
    const zoom = keepView ? this.view.end - this.view.start : 1;
    const minWidth = Math.min(0.5, (MIN_WIDTH_PX * zoom) / width);
    try {
      const m = await this.host.request({ type: 'getFlame', traceId, root, minWidth }, 'flame');
      if (seq !== this.seq || traceId !== this.traceId) return;
      const cursorId = this.data && this.cursor >= 0 ? this.data.frames.id[this.cursor] : -1;
      this.data = m.flame;
      if (!keepView) this.view = { start: 0, end: 1 };
      const at = this.data.frames.id.indexOf(cursorId);
      this.cursor = at >= 0 ? at : 0;
      this.hover = -1;
      this.renderCrumbs();
      this.renderInfo();
      this.spacer.style.height = `${(Math.max(...this.data.frames.depth, 0) + 1) * FRAME_H}px`;
      this.requestDraw();
    } catch (e) {
      if (seq === this.seq) setText(this.info, e instanceof Error ? e.message : String(e));
    }
  }

  private zoomTo(frameId: number): void {
    void this.load(frameId);
    this.scroller.scrollTop = 0;
  }

  private renderCrumbs(): void {
    const d = this.data!;
    const items = d.crumbs.map((c, i) => {
      if (i === d.crumbs.length - 1) return h('span', { class: 'flame-crumb current', text: c.label, attrs: { 'aria-current': 'location' } });
      const b = h('button', { class: 'flame-crumb', text: c.label, attrs: { type: 'button', 'data-testid': 'flame-crumb' } });
      b.addEventListener('click', () => this.zoomTo(c.id));
      return b;
    });
    const parts: (HTMLElement | string)[] = [];
    items.forEach((el, i) => { if (i) parts.push(' › '); parts.push(el); });
    this.crumbs.replaceChildren(...parts);
  }

  private renderInfo(): void {
    const d = this.data;
    if (!d) return;
    const c = d.frames;
    const i = this.cursor >= 0 ? this.cursor : 0;
    if (!c.id.length) { setText(this.info, 'No spans.'); return; }
    setText(this.info, `${frameText(d, i)}${d.omitted ? ` · ${plural(d.omitted, 'span')} in frames too narrow to draw` : ''}`);
  }

  private toggleColour(): void {
    this.colour = this.colour === 'service' ? 'self' : 'service';
    setText(this.colourButton, `Colour: ${this.colour === 'service' ? 'service' : 'self time'}`);
    this.requestDraw();
  }

  private wire(): void {
    const c = this.canvas;
    c.addEventListener('wheel', (e) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const rect = c.getBoundingClientRect();
      this.zoom(Math.exp(-e.deltaY * 0.002), (e.clientX - rect.left) / rect.width);
    }, { passive: false });
    c.addEventListener('mousemove', (e) => {
      const i = this.frameAt(e);
      if (i !== this.hover) {
        this.hover = i;
        c.title = i >= 0 && this.data ? frameText(this.data, i) : '';
        this.requestDraw();
      }
    });
    c.addEventListener('mouseleave', () => { this.hover = -1; this.requestDraw(); });
    c.addEventListener('click', (e) => {
      const i = this.frameAt(e);
      if (i < 0 || !this.data) return;
      this.scroller.focus({ preventScroll: true });
      this.choose(i);
    });
    this.scroller.addEventListener('scroll', () => this.requestDraw());
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('focus', () => this.requestDraw());
  }

  /** Selects a frame, shows its span and zooms into it (the root itself: nothing to zoom). */
  private choose(i: number): void {
    const d = this.data!;
    this.cursor = i;
    if (d.frames.spanId[i]) this.events.onSelect(d.frames.spanId[i]);
    if (d.frames.id[i] !== d.root) this.zoomTo(d.frames.id[i]);
    else { this.renderInfo(); this.requestDraw(); }
    this.announcer.announce(frameText(d, i));
  }

  private zoom(factor: number, anchor: number): void {
    const w = this.view.end - this.view.start;
    const nw = Math.min(1, Math.max(1e-6, w / factor));
    const at = this.view.start + anchor * w;
    let start = at - anchor * nw;
    start = Math.max(0, Math.min(1 - nw, start));
    this.view = { start, end: start + nw };
    this.requestDraw();
    // Once the wheel rests, fetch the frames the new zoom makes wide enough to draw.
    window.clearTimeout(this.refetchTimer);
    if (this.data) { const root = this.data.root; this.refetchTimer = window.setTimeout(() => void this.load(root, true), 250); }
  }

  private frameAt(e: MouseEvent): number {
    const d = this.data;
    if (!d) return -1;
    const rect = this.canvas.getBoundingClientRect();
    const fx = this.view.start + ((e.clientX - rect.left) / rect.width) * (this.view.end - this.view.start);
    const depth = Math.floor((e.clientY - rect.top + this.scroller.scrollTop) / FRAME_H);
    const c = d.frames;
    for (let i = 0; i < c.id.length; i++) if (c.depth[i] === depth && fx >= c.x[i] && fx < c.x[i] + c.w[i]) return i;
    return -1;
  }

  private onKey(e: KeyboardEvent): void {
    const d = this.data;
    if (!d || !d.frames.id.length) return;
    const c = d.frames;
    const i = Math.max(0, this.cursor);
    let next = -1;
    switch (e.key) {
      case 'ArrowUp': { // parent: the nearest frame before i one level up (frames are depth-first)
        for (let k = i - 1; k >= 0; k--) if (c.depth[k] === c.depth[i] - 1) { next = k; break; }
        break;
      }
      case 'ArrowDown': if (i + 1 < c.id.length && c.depth[i + 1] === c.depth[i] + 1) next = i + 1; break;
      case 'ArrowRight': next = sibling(c.depth, c.x, i, 1); break;
      case 'ArrowLeft': next = sibling(c.depth, c.x, i, -1); break;
      case 'Enter': this.choose(i); e.preventDefault(); return;
      case 'Backspace': case 'Escape':
        if (d.crumbs.length > 1) { this.zoomTo(d.crumbs[d.crumbs.length - 2].id); e.preventDefault(); }
        return;
      case '+': case '=': this.zoom(1.5, 0.5); e.preventDefault(); return;
      case '-': case '_': this.zoom(1 / 1.5, 0.5); e.preventDefault(); return;
      case '0': this.view = { start: 0, end: 1 }; this.requestDraw(); e.preventDefault(); return;
      default: return;
    }
    e.preventDefault();
    if (next < 0) return;
    this.cursor = next;
    // Keep the cursor frame in view.
    const y = c.depth[next] * FRAME_H;
    if (y < this.scroller.scrollTop) this.scroller.scrollTop = y;
    else if (y + FRAME_H > this.scroller.scrollTop + this.scroller.clientHeight) this.scroller.scrollTop = y + FRAME_H - this.scroller.clientHeight;
    if (c.x[next] + c.w[next] < this.view.start || c.x[next] > this.view.end) this.view = { start: 0, end: 1 };
    this.renderInfo();
    this.announcer.announce(frameText(d, next));
    setAttr(this.scroller, 'aria-description', frameText(d, next));
    this.requestDraw();
  }

  requestDraw(): void {
    if (this.frame || this.root.hidden) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  private draw(): void {
    const t0 = performance.now();
    const W = this.scroller.clientWidth;
    const H = this.scroller.clientHeight;
    const ctx = prepareCanvas(this.canvas, W, H);
    const d = this.data;
    if (!ctx || !d || W === 0) return;
    drawFlame(ctx, d.frames, {
      width: W, height: H, scrollTop: this.scroller.scrollTop, view: this.view, theme: this.theme, colour: this.colour,
      maxSelf: d.maxSelf, cursor: document.activeElement === this.scroller ? this.cursor : -1, hover: this.hover,
    });
    perf.frame(performance.now() - t0);
    if (this.firstFrameFor && this.firstFrameFor.traceId === d.traceId) {
      perf.flameFirstFrame(d.traceId, performance.now() - this.firstFrameFor.t0);
      this.firstFrameFor = undefined;
    }
  }
}

function sibling(depth: number[], x: number[], i: number, dir: 1 | -1): number {
  // Same depth, next to the left or right by position (frames of one depth are in x order, depth-first).
  let best = -1;
  for (let k = 0; k < depth.length; k++) {
    if (k === i || depth[k] !== depth[i]) continue;
    if (dir > 0 ? x[k] > x[i] && (best < 0 || x[k] < x[best]) : x[k] < x[i] && (best < 0 || x[k] > x[best])) best = k;
  }
  return best;
}

function frameText(d: FlameData, i: number): string {
  const c = d.frames;
  const who = c.service[i] && c.service[i] !== c.name[i] ? `${c.service[i]} · ${c.name[i]}` : c.name[i];
  return `${who}: ${formatDuration(c.total[i])} total, ${formatDuration(c.self[i])} self, ${plural(c.count[i], 'span')}`;
}
