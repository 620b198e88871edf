// The visible rows of one trace's timeline: depth-first by start time, collapsed subtrees skipped.
// Built once per collapse change (O(spans)); pages are then sliced out in columnar form.
import type { SpanNode, Trace } from '../../../core/model';
import { Minimap, RowColumns, RowFlag, TraceMeta } from '../../../protocol/messages';
import { computeCriticalPath } from './criticalPath';
import { serviceTypeIndex, serviceTypeOf } from './serviceType';

const MINIMAP_BUCKETS = 400;
/** Versions are unique across instances, so rows of a rebuilt TraceRows never pass for current ones. */
let nextVersion = 1;

export class TraceRows {
  readonly trace: Trace;
  private readonly collapsed = new Set<SpanNode>();
  private readonly parent = new Map<SpanNode, SpanNode>();
  private readonly descendants = new Map<SpanNode, number>();
  private readonly critical: Set<SpanNode>;
  /** Topmost span of each invocation: where its cold-start init segment and timeout mark are drawn. */
  private readonly invocationTop = new Set<SpanNode>();
  private rows: SpanNode[] = [];
  private byId?: Map<string, SpanNode>;
  private rowIndex?: Map<SpanNode, number>;
  private versionCounter = 0;

  constructor(trace: Trace) {
    this.trace = trace;
    for (const n of trace.nodes) for (const c of n.children) this.parent.set(c, n);
    for (const n of trace.nodes) {
      const p = this.parent.get(n);
      if (n.invocation && (!p || p.invocation !== n.invocation)) this.invocationTop.add(n);
    }
    this.countDescendants();
    this.critical = computeCriticalPath(trace);
    this.rebuild();
  }

  get version(): number { return this.versionCounter; }
  get rowCount(): number { return this.rows.length; }
  get criticalPath(): ReadonlySet<SpanNode> { return this.critical; }

  rowAt(i: number): SpanNode | undefined { return this.rows[i]; }

  findNode(spanId: string): SpanNode | undefined {
    if (!this.byId) {
      this.byId = new Map();
      for (const n of this.trace.nodes) if (!this.byId.has(n.span.spanId)) this.byId.set(n.span.spanId, n);
    }
    return this.byId.get(spanId);
  }

  indexOf(node: SpanNode): number {
    if (!this.rowIndex) {
      this.rowIndex = new Map();
      this.rows.forEach((n, i) => this.rowIndex!.set(n, i));
    }
    return this.rowIndex.get(node) ?? -1;
  }

  setCollapsed(node: SpanNode, collapsed: boolean): void {
    if (node.children.length === 0) return;
    if (collapsed) this.collapsed.add(node); else this.collapsed.delete(node);
    this.rebuild();
  }

  /** Collapse every node with children (only roots stay visible), or expand everything. */
  setAllCollapsed(collapsed: boolean): void {
    this.collapsed.clear();
    if (collapsed) for (const n of this.trace.nodes) if (n.children.length > 0) this.collapsed.add(n);
    this.rebuild();
  }

  /** Expands the ancestors of a node so it is visible; returns its row. */
  reveal(node: SpanNode): number {
    let changed = false;
    for (let p = this.parent.get(node); p; p = this.parent.get(p)) {
      if (this.collapsed.delete(p)) changed = true;
    }
    if (changed) this.rebuild();
    return this.indexOf(node);
  }

  meta(requestFocus?: SpanNode): TraceMeta {
    const t = this.trace;
    let timeMin = 0;
    let timeMax = t.durationMs;
    for (const n of t.nodes) {
      const s = n.span.startMs - t.startMs;
      const init = this.initOf(n);
      if (s - init < timeMin) timeMin = s - init;
      if (s + n.span.durationMs > timeMax) timeMax = s + n.span.durationMs;
    }
    return {
      traceId: t.traceId,
      version: this.versionCounter,
      rowCount: this.rows.length,
      spanCount: t.nodes.length,
      startMs: t.startMs,
      durationMs: t.durationMs,
      timeMin,
      timeMax: Math.max(timeMax, timeMin + 0.001),
      errorCount: t.errorCount,
      orphanCount: t.orphanCount,
      skewedCount: t.skewedCount,
      criticalPathCount: this.critical.size,
      rootName: t.rootName,
      rootService: t.rootService,
      services: t.services.slice(0, 50),
      focusRow: requestFocus ? this.reveal(requestFocus) : -1,
      minimap: this.minimap(),
    };
  }

  columns(offset: number, limit: number): RowColumns {
    const c: RowColumns = {
      spanId: [], name: [], service: [], serviceType: [], depth: [], start: [], duration: [],
      init: [], flags: [], descendants: [], sourceFile: [], sourceLine: [],
    };
    const endRow = Math.min(this.rows.length, offset + limit);
    for (let i = offset; i < endRow; i++) {
      const n = this.rows[i];
      const s = n.span;
      c.spanId.push(s.spanId);
      c.name.push(s.name);
      c.service.push(s.service);
      c.serviceType.push(serviceTypeIndex(serviceTypeOf(n)));
      c.depth.push(n.depth);
      c.start.push(s.startMs - this.trace.startMs);
      c.duration.push(s.durationMs);
      c.init.push(this.initOf(n));
      c.flags.push(this.flagsOf(n));
      c.descendants.push(this.descendants.get(n) ?? 0);
      c.sourceFile.push(s.source?.file ?? '');
      c.sourceLine.push(s.source?.line ?? 0);
    }
    return c;
  }

  isCritical(n: SpanNode): boolean { return this.critical.has(n); }
  initOf(n: SpanNode): number {
    const inv = n.invocation;
    return inv && inv.coldStart && this.invocationTop.has(n) ? inv.initDurationMs ?? 0 : 0;
  }

  private flagsOf(n: SpanNode): number {
    const s = n.span;
    let f = 0;
    if (s.status === 'error') f |= RowFlag.Error;
    if (s.fault) f |= RowFlag.Fault;
    if (s.throttle) f |= RowFlag.Throttle;
    if (this.invocationTop.has(n) && n.invocation?.status === 'timeout') f |= RowFlag.Timeout;
    if (n.orphan) f |= RowFlag.Orphan;
    if (n.skewed) f |= RowFlag.Skewed;
    if (this.critical.has(n)) f |= RowFlag.Critical;
    if (n.children.length > 0) f |= RowFlag.HasChildren;
    if (this.collapsed.has(n)) f |= RowFlag.Collapsed;
    if (this.invocationTop.has(n) && n.invocation?.coldStart) f |= RowFlag.ColdStart;
    if (s.source?.file) f |= RowFlag.HasSource;
    return f;
  }

  private rebuild(): void {
    const out: SpanNode[] = [];
    const stack: SpanNode[] = [];
    for (let i = this.trace.roots.length - 1; i >= 0; i--) stack.push(this.trace.roots[i]);
    const seen = new Set<SpanNode>();
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue; // a malformed (cyclic) tree must not hang the host
      seen.add(n);
      out.push(n);
      if (this.collapsed.has(n)) continue;
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
    // Nodes unreachable from the roots (e.g. cycles the core broke) are still shown, never hidden.
    for (const n of this.unreachable()) out.push(n);
    this.rows = out;
    this.rowIndex = undefined;
    this.versionCounter = nextVersion++;
  }

  private unreachableNodes?: SpanNode[];

  private unreachable(): SpanNode[] {
    if (!this.unreachableNodes) {
      const reached = new Set<SpanNode>();
      const stack = [...this.trace.roots];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (reached.has(n)) continue;
        reached.add(n);
        for (const c of n.children) stack.push(c);
      }
      this.unreachableNodes = reached.size < this.trace.nodes.length ? this.trace.nodes.filter((n) => !reached.has(n)) : [];
    }
    return this.unreachableNodes;
  }

  private countDescendants(): void {
    // nodes are depth-first, so walking them backwards sees children before parents.
    const nodes = this.trace.nodes;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i];
      let d = 0;
      for (const c of n.children) d += 1 + (this.descendants.get(c) ?? 0);
      this.descendants.set(n, d);
    }
  }

  private minimap(): Minimap {
    const rows = this.rows;
    const rowsPerBucket = Math.max(1, Math.ceil(rows.length / MINIMAP_BUCKETS));
    const m: Minimap = { rowsPerBucket, start: [], end: [], error: [] };
    for (let b = 0; b * rowsPerBucket < rows.length; b++) {
      let lo = Infinity;
      let hi = -Infinity;
      let err = 0;
      const last = Math.min(rows.length, (b + 1) * rowsPerBucket);
      for (let i = b * rowsPerBucket; i < last; i++) {
        const s = rows[i].span;
        const st = s.startMs - this.trace.startMs;
        if (st < lo) lo = st;
        if (st + s.durationMs > hi) hi = st + s.durationMs;
        if (s.status === 'error' || s.fault) err = 1;
      }
      m.start.push(lo);
      m.end.push(hi);
      m.error.push(err);
    }
    return m;
  }
}
