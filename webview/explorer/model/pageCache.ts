// Pages of rows fetched from the host, for one "generation" of data (a query, a trace version).
// The views ask for what they draw; missing pages are requested once and drawn as placeholders.

export class PageCache<P> {
  private pages = new Map<number, P>();
  private pending = new Set<number>();
  private gen: string | number = '';

  constructor(readonly pageSize: number, private readonly maxPages = 64) {}

  get generation(): string | number { return this.gen; }

  /** Forget everything (new query, new trace, new version). */
  reset(generation: string | number): void {
    this.gen = generation;
    this.pages.clear();
    this.pending.clear();
  }

  pageStart(index: number): number { return Math.floor(index / this.pageSize) * this.pageSize; }

  /** The page holding row `index`, and the row's position inside it. */
  locate(index: number): { page: P; at: number } | undefined {
    const start = this.pageStart(index);
    const page = this.pages.get(start);
    if (page === undefined) return undefined;
    // Map order doubles as recency for eviction.
    this.pages.delete(start);
    this.pages.set(start, page);
    return { page, at: index - start };
  }

  /** Starts of pages covering [first, last) that are neither loaded nor requested; marks them requested. */
  takeMissing(first: number, last: number): number[] {
    const out: number[] = [];
    for (let s = this.pageStart(first); s < last; s += this.pageSize) {
      if (!this.pages.has(s) && !this.pending.has(s)) {
        this.pending.add(s);
        out.push(s);
      }
    }
    return out;
  }

  /** Stores a page; ignored when it belongs to an older generation. Returns whether it was kept. */
  put(generation: string | number, start: number, page: P): boolean {
    if (generation !== this.gen) return false;
    this.pending.delete(start);
    this.pages.set(start, page);
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
    return true;
  }

  /** A request failed: allow it to be asked again. */
  fail(start: number): void { this.pending.delete(start); }
}
