// A fixed-row-height virtual list: only the rows in view (plus a small overscan) exist in the DOM,
// recycled as the user scrolls, so 100,000 rows cost the same as 30.

export interface VirtualListOptions {
  /** The scrolling element (overflow: auto, fixed height via CSS). */
  scroller: HTMLElement;
  rowHeight: number;
  /** Creates an empty row element (called for the pool only). */
  createRow(): HTMLElement;
  /** Fills a row element for row `index`. Called on scroll for rows entering the view and on refresh. */
  renderRow(el: HTMLElement, index: number): void;
  /** Called after each render with the visible range [first, last). */
  onRange?(first: number, last: number): void;
  overscan?: number;
}

export class VirtualList {
  readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private countValue = 0;
  private frame = 0;
  private first = 0;
  private last = 0;

  constructor(private readonly o: VirtualListOptions) {
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    o.scroller.appendChild(this.spacer);
    o.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(o.scroller);
  }

  get count(): number { return this.countValue; }
  get range(): [number, number] { return [this.first, this.last]; }
  get rowHeight(): number { return this.o.rowHeight; }

  setCount(n: number): void {
    this.countValue = n;
    this.spacer.style.height = `${n * this.o.rowHeight}px`;
    this.render();
  }

  /** Re-renders every visible row (data arrived or changed). */
  refresh(): void { this.render(); }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Scrolls the minimum needed so row `index` is fully visible. */
  reveal(index: number): void {
    const s = this.o.scroller;
    const top = index * this.o.rowHeight;
    const bottom = top + this.o.rowHeight;
    const viewTop = s.scrollTop;
    const viewBottom = viewTop + this.viewportHeight();
    if (top < viewTop) s.scrollTop = top;
    else if (bottom > viewBottom) s.scrollTop = bottom - this.viewportHeight();
    this.render();
  }

  /** Height available to rows (subclasses of layout may put sticky content above them). */
  viewportHeight(): number { return this.o.scroller.clientHeight; }

  /** Row element currently showing `index`, if it is rendered. */
  elementFor(index: number): HTMLElement | undefined {
    return this.pool.find((el) => el.dataset.index === String(index) && !el.hidden);
  }

  private render(): void {
    const s = this.o.scroller;
    const h = this.o.rowHeight;
    const over = this.o.overscan ?? 4;
    const first = Math.max(0, Math.floor(s.scrollTop / h) - over);
    const last = Math.min(this.countValue, Math.ceil((s.scrollTop + this.viewportHeight()) / h) + over);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const el = this.o.createRow();
      el.classList.add('vlist-row');
      this.spacer.appendChild(el);
      this.pool.push(el);
    }
    for (let k = 0; k < this.pool.length; k++) {
      const el = this.pool[k];
      const index = first + k;
      if (k >= needed) { el.hidden = true; el.dataset.index = ''; continue; }
      el.hidden = false;
      el.dataset.index = String(index);
      el.style.transform = `translateY(${index * h}px)`;
      this.o.renderRow(el, index);
    }
    this.first = first;
    this.last = last;
    this.o.onRange?.(first, last);
  }
}
