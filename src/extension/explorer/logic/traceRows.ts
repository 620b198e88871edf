// The visible rows of one trace's timeline: depth-first by start time, collapsed subtrees skipped.
// The trace's shape is read once, in one pass over its nodes, into typed arrays indexed by position
// in depth-first order (parent, subtree end, start, duration, critical path, invocation tops): no
// per-span Maps or Sets, so opening a 100,000-span trace costs a few passes over arrays. With
// nothing collapsed the rows are the depth-first order itself; a collapse rebuilds a row index
// by skipping subtrees (O(rows)). Pages are then sliced out in columnar form.
import type { SpanNode, Trace } from '../../../core/model';
import { Minimap, RowColumns, RowFlag, TraceMeta } from '../../../protocol/messages';
import { serviceTypeIndex, serviceTypeOf } from './serviceType';
import { keepWithAncestors } from '../../../core/search/traceSearch';
import { TraceSearchIndex } from '../../../core/search/searchIndex';
import { criticalPositions } from '../../../core/trace/criticalPath';

const MINIMAP_BUCKETS = 400;
/** Versions are unique across instances, so rows of a rebuilt TraceRows never pass for current ones. */
let nextVersion = 1;

// Bits of Shape.bits.
const CRITICAL = 1;
/** Topmost span of its invocation: where its cold-start init segment and timeout mark are drawn. */
const INVOCATION_TOP = 2;
const ERRORISH = 4;

/** What a trace's rows are built from; depends only on the trace, never on the collapse state. */
interface Shape {
  /** Nodes by position: depth-first from the roots, then nodes no root reaches (each alone). */
  order: readonly SpanNode[];
  /** Parent position, -1 for a root (and for an unreachable node). */
  parent: Int32Array;
  /** One past the last position of the node's subtree (its subtree is [i, end[i])). */
  end: Int32Array;
  /** Positions < reachable are reached from trace.roots. */
  reachable: number;
  start: Float64Array;
  dur: Float64Array;
  bits: Uint8Array;
  criticalCount: number;
  timeMin: number;
  timeMax: number;
}

export class TraceRows {
  readonly trace: Trace;
  private readonly shape: Shape;
  private readonly collapsedAt: Uint8Array;
  private collapsedCount = 0;
  /** Positions of the visible rows; undefined while nothing is collapsed (row i is position i). */
  private rows?: Int32Array;
  private rowTotal: number;
  private byId?: Map<string, number>;
  private idLookups = 0;
  private byNode?: Map<SpanNode, number>;
  /** Row of each position (-1 hidden), built on demand while something is collapsed. */
  private rowOfPos?: Int32Array;
  private criticalSet?: Set<SpanNode>;
  private versionCounter = 0;
  /** The current search inside the trace: matches by position (in depth-first order), and the kept mask for "show only matches". */
  private search?: { text: string; matches: Int32Array; isMatch: Uint8Array; keep?: Uint8Array };

  constructor(trace: Trace) {
    this.trace = trace;
    this.shape = readShape(trace);
    this.collapsedAt = new Uint8Array(this.shape.order.length);
    this.rowTotal = this.shape.order.length;
    this.versionCounter = nextVersion++;
  }

  get version(): number { return this.versionCounter; }
  /** Every node, depth-first (positions are indexes into this). */
  get nodes(): readonly SpanNode[] { return this.shape.order; }
  /** Parent position of each position (-1 at the top). */
  get parents(): Int32Array { return this.shape.parent; }
  /** One past each position's subtree. */
  get subtreeEnds(): Int32Array { return this.shape.end; }
  /** Start (epoch ms) and duration of each position. */
  get times(): { start: Float64Array; dur: Float64Array; end: Int32Array } { return { start: this.shape.start, dur: this.shape.dur, end: this.shape.end }; }
  get matchCount(): number { return this.search?.matches.length ?? 0; }
  get searchText(): string { return this.search?.text ?? ''; }
  get onlyMatches(): boolean { return this.search?.keep !== undefined; }

  private index?: TraceSearchIndex;

  /** The trace's words for search, read on first use (or ahead, in the background, once the trace is open). */
  searchIndex(): TraceSearchIndex {
    if (!this.index) this.index = new TraceSearchIndex(this.shape.order);
    return this.index;
  }

  /**
   * Search the trace (see core/search): matched rows carry RowFlag.Match; with `onlyMatches` the rows are
   * the matches and their ancestors. Same text and mode: nothing changes (no new version).
   */
  setSearch(text: string, onlyMatches: boolean): void {
    const t = text.trim();
    const cur = this.search;
    if ((cur?.text ?? '') === t && (cur?.keep !== undefined) === (onlyMatches && t !== '')) return;
    if (!t) this.search = undefined;
    else {
      const matches = cur?.text === t ? cur.matches : this.searchIndex().search(t);
      const isMatch = cur?.text === t ? cur.isMatch : new Uint8Array(this.shape.order.length);
      if (cur?.text !== t) for (const m of matches) isMatch[m] = 1;
      this.search = { text: t, matches, isMatch, keep: onlyMatches ? keepWithAncestors(matches, this.shape.parent) : undefined };
    }
    this.rebuild();
  }

  /** Position of the k-th match (0-based, depth-first order), -1 when there is none. */
  matchPosition(k: number): number {
    const m = this.search?.matches;
    return m && k >= 0 && k < m.length ? m[k] : -1;
  }
  get rowCount(): number { return this.rowTotal; }
  get criticalPath(): ReadonlySet<SpanNode> {
    if (!this.criticalSet) {
      const { order, bits } = this.shape;
      this.criticalSet = new Set();
      for (let i = 0; i < order.length; i++) if (bits[i] & CRITICAL) this.criticalSet.add(order[i]);
    }
    return this.criticalSet;
  }

  rowAt(i: number): SpanNode | undefined {
    if (i < 0 || i >= this.rowTotal) return undefined;
    return this.shape.order[this.rows ? this.rows[i] : i];
  }

  findNode(spanId: string): SpanNode | undefined {
    const p = this.positionOfId(spanId);
    return p === undefined ? undefined : this.shape.order[p];
  }

  indexOf(node: SpanNode): number {
    return this.rowOfPosition(this.posOf(node));
  }

  private rowOfPosition(p: number): number {
    if (p < 0 || !this.rows) return p;
    if (!this.rowOfPos) {
      this.rowOfPos = new Int32Array(this.shape.order.length).fill(-1);
      for (let r = 0; r < this.rows.length; r++) this.rowOfPos[this.rows[r]] = r;
    }
    return this.rowOfPos[p];
  }

  setCollapsed(node: SpanNode, collapsed: boolean): void {
    if (node.children.length === 0) return;
    const p = this.posOf(node);
    if (p >= 0) this.setCollapsedAt(p, collapsed);
    this.rebuild();
  }

  /** Collapse every node with children (only roots stay visible), or expand everything. */
  setAllCollapsed(collapsed: boolean): void {
    const order = this.shape.order;
    this.collapsedAt.fill(0);
    this.collapsedCount = 0;
    if (collapsed) for (let i = 0; i < order.length; i++) if (order[i].children.length > 0) this.setCollapsedAt(i, true);
    this.rebuild();
  }

  /** Expands the ancestors of a node so it is visible; returns its row. */
  reveal(node: SpanNode): number {
    return this.revealPosition(this.posOf(node));
  }

  /** reveal() by position (a search match knows it: no span-id map needed on a 1M-span trace). */
  revealPosition(p0: number): number {
    let changed = false;
    const parent = this.shape.parent;
    // Parents always come before their children in the order, so this walk ends.
    for (let p = p0 >= 0 ? parent[p0] : -1; p >= 0; p = parent[p]) {
      if (this.collapsedAt[p]) { this.setCollapsedAt(p, false); changed = true; }
    }
    if (changed) this.rebuild();
    return this.rowOfPosition(p0);
  }

  /** `requestFocus`: a node, or a position, to reveal (its row is focusRow). */
  meta(requestFocus?: SpanNode | number): TraceMeta {
    const t = this.trace;
    const s = this.shape;
    const focusRow = typeof requestFocus === 'number' ? this.revealPosition(requestFocus) : requestFocus ? this.reveal(requestFocus) : -1;
    return {
      traceId: t.traceId,
      version: this.versionCounter,
      rowCount: this.rowTotal,
      spanCount: t.nodes.length,
      startMs: t.startMs,
      durationMs: t.durationMs,
      timeMin: s.timeMin,
      timeMax: Math.max(s.timeMax, s.timeMin + 0.001),
      errorCount: t.errorCount,
      orphanCount: t.orphanCount,
      skewedCount: t.skewedCount,
      criticalPathCount: s.criticalCount,
      rootName: t.rootName,
      rootService: t.rootService,
      services: t.services.slice(0, 50),
      focusRow,
      minimap: this.minimap(),
    };
  }

  columns(offset: number, limit: number): RowColumns {
    const c: RowColumns = {
      spanId: [], name: [], service: [], serviceType: [], depth: [], start: [], duration: [],
      init: [], flags: [], descendants: [], sourceFile: [], sourceLine: [], posInSet: [], setSize: [],
    };
    const { order, end } = this.shape;
    const siblings = this.siblingPositions();
    const endRow = Math.min(this.rowTotal, offset + limit);
    for (let i = Math.max(0, offset); i < endRow; i++) {
      const p = this.rows ? this.rows[i] : i;
      const n = order[p];
      const s = n.span;
      c.spanId.push(s.spanId);
      c.name.push(s.name);
      c.service.push(s.service);
      c.serviceType.push(serviceTypeIndex(serviceTypeOf(n)));
      c.depth.push(n.depth);
      c.start.push(s.startMs - this.trace.startMs);
      c.duration.push(s.durationMs);
      c.init.push(this.initAt(p));
      c.flags.push(this.flagsAt(p));
      c.descendants.push(end[p] - p - 1);
      c.sourceFile.push(s.source?.file ?? '');
      c.sourceLine.push(s.source?.line ?? 0);
      c.posInSet!.push(siblings.pos[p]);
      c.setSize!.push(siblings.size[p]);
    }
    return c;
  }

  private siblings?: { pos: Int32Array; size: Int32Array };

  /** Each position's place among its siblings (same parent; the roots and unreached nodes are one set), for screen readers. */
  private siblingPositions(): { pos: Int32Array; size: Int32Array } {
    if (this.siblings) return this.siblings;
    const { parent } = this.shape;
    const n = parent.length;
    const pos = new Int32Array(n);
    const size = new Int32Array(n);
    const seen = new Int32Array(n + 1); // children seen so far per parent; slot n for the top level
    for (let p = 0; p < n; p++) pos[p] = ++seen[parent[p] < 0 ? n : parent[p]];
    for (let p = 0; p < n; p++) size[p] = seen[parent[p] < 0 ? n : parent[p]];
    this.siblings = { pos, size };
    return this.siblings;
  }

  isCritical(n: SpanNode): boolean {
    const p = this.posOf(n);
    return p >= 0 && (this.shape.bits[p] & CRITICAL) !== 0;
  }

  initOf(n: SpanNode): number {
    const p = this.posOf(n);
    return p >= 0 ? this.initAt(p) : 0;
  }

  private initAt(p: number): number {
    const inv = this.shape.order[p].invocation;
    return inv && inv.coldStart && this.shape.bits[p] & INVOCATION_TOP ? inv.initDurationMs ?? 0 : 0;
  }

  private flagsAt(p: number): number {
    const n = this.shape.order[p];
    const bits = this.shape.bits[p];
    const top = (bits & INVOCATION_TOP) !== 0;
    const s = n.span;
    let f = 0;
    if (s.status === 'error') f |= RowFlag.Error;
    if (s.fault) f |= RowFlag.Fault;
    if (s.throttle) f |= RowFlag.Throttle;
    if (top && n.invocation?.status === 'timeout') f |= RowFlag.Timeout;
    if (n.orphan) f |= RowFlag.Orphan;
    if (n.span.inProgress) f |= RowFlag.InProgress;
    if (n.skewed) f |= RowFlag.Skewed;
    if (bits & CRITICAL) f |= RowFlag.Critical;
    if (n.children.length > 0) f |= RowFlag.HasChildren;
    if (this.collapsedAt[p]) f |= RowFlag.Collapsed;
    if (top && n.invocation?.coldStart) f |= RowFlag.ColdStart;
    if (s.source?.file) f |= RowFlag.HasSource;
    if (this.search?.isMatch[p]) f |= RowFlag.Match;
    return f;
  }

  private setCollapsedAt(p: number, collapsed: boolean): void {
    const was = this.collapsedAt[p] === 1;
    if (was === collapsed) return;
    this.collapsedAt[p] = collapsed ? 1 : 0;
    this.collapsedCount += collapsed ? 1 : -1;
  }

  /** Position of a node: by its span id, or (a span id shared by several nodes) by identity. */
  private posOf(node: SpanNode): number {
    const order = this.shape.order;
    const p = this.positionOfId(node.span.spanId);
    if (p !== undefined && order[p] === node) return p;
    if (!this.byNode) {
      this.byNode = new Map();
      for (let i = 0; i < order.length; i++) if (!this.byNode.has(order[i])) this.byNode.set(order[i], i);
    }
    return this.byNode.get(node) ?? -1;
  }

  /**
   * The first position of a span id. The first few lookups scan (a few ms at 1M spans); later ones build the map,
   * which costs ~0.5 s at 1M spans: opening a trace at a span must not wait for it.
   */
  private positionOfId(spanId: string): number | undefined {
    if (this.byId || ++this.idLookups > 3) return this.ids().get(spanId);
    const order = this.shape.order;
    for (let i = 0; i < order.length; i++) if (order[i].span.spanId === spanId) return i;
    return undefined;
  }

  private ids(): Map<string, number> {
    if (!this.byId) {
      const order = this.shape.order;
      this.byId = new Map();
      for (let i = 0; i < order.length; i++) if (!this.byId.has(order[i].span.spanId)) this.byId.set(order[i].span.spanId, i);
    }
    return this.byId;
  }

  private rebuild(): void {
    const n = this.shape.order.length;
    const keep = this.search?.keep;
    if (keep) {
      const end = this.shape.end;
      const rows = new Int32Array(n);
      let k = 0;
      for (let i = 0; i < n; ) {
        if (!keep[i]) { i = end[i]; continue; } // nothing under a dropped span is kept either
        rows[k++] = i;
        i = this.collapsedAt[i] ? end[i] : i + 1;
      }
      this.rows = rows.subarray(0, k);
      this.rowTotal = k;
    } else if (this.collapsedCount === 0) {
      this.rows = undefined;
      this.rowTotal = n;
    } else {
      const end = this.shape.end;
      const rows = new Int32Array(n);
      let k = 0;
      for (let i = 0; i < n; ) {
        rows[k++] = i;
        i = this.collapsedAt[i] ? end[i] : i + 1;
      }
      this.rows = rows.subarray(0, k);
      this.rowTotal = k;
    }
    this.rowOfPos = undefined;
    this.versionCounter = nextVersion++;
  }

  private minimap(): Minimap {
    const { start, dur, bits } = this.shape;
    const rows = this.rows;
    const count = this.rowTotal;
    const t0 = this.trace.startMs;
    const rowsPerBucket = Math.max(1, Math.ceil(count / MINIMAP_BUCKETS));
    const m: Minimap = { rowsPerBucket, start: [], end: [], error: [] };
    for (let b = 0; b * rowsPerBucket < count; b++) {
      let lo = Infinity;
      let hi = -Infinity;
      let err = 0;
      const last = Math.min(count, (b + 1) * rowsPerBucket);
      for (let i = b * rowsPerBucket; i < last; i++) {
        const p = rows ? rows[i] : i;
        const st = start[p] - t0;
        if (st < lo) lo = st;
        if (st + dur[p] > hi) hi = st + dur[p];
        if (bits[p] & ERRORISH) err = 1;
      }
      m.start.push(lo);
      m.end.push(hi);
      m.error.push(err);
    }
    return m;
  }
}

/**
 * Depth-first from the roots (children in their stored order, as the core sorted them). The core
 * already lists trace.nodes in exactly this order, so normally one pass checks that, reuses the
 * array and reads every span's fields on the way; a hand-built or malformed trace (a node reached
 * twice, nodes no root reaches) gets its own order, with a visited set so a cycle cannot hang the host.
 */
function readShape(trace: Trace): Shape {
  return walk(trace, trace.nodes, trace.nodes.length) ?? generalShape(trace);
}

/**
 * The walk, filling the arrays as it meets each node. `expected` (trace.nodes) is the order the
 * walk must meet: it gives up (undefined) at the first difference. Without it, `order` is given.
 */
function walk(trace: Trace, expected: readonly SpanNode[] | undefined, n: number, given?: { order: SpanNode[]; parent: number[]; reachable: number }): Shape | undefined {
  const order = expected ?? given!.order;
  const parent = new Int32Array(n);
  const start = new Float64Array(n);
  const dur = new Float64Array(n);
  const bits = new Uint8Array(n);
  const t0 = trace.startMs;
  let timeMin = 0;
  let timeMax = trace.durationMs;
  const stack: SpanNode[] = [];
  const parents: number[] = [];
  if (expected) for (let i = trace.roots.length - 1; i >= 0; i--) { stack.push(trace.roots[i]); parents.push(-1); }
  for (let k = 0; k < n; k++) {
    let node: SpanNode;
    let p: number;
    if (expected) {
      if (stack.length === 0) return undefined;
      node = stack.pop()!;
      p = parents.pop()!;
      if (expected[k] !== node) return undefined;
      const ch = node.children;
      for (let i = ch.length - 1; i >= 0; i--) { stack.push(ch[i]); parents.push(k); }
    } else {
      node = order[k];
      p = given!.parent[k];
    }
    parent[k] = p;
    const s = node.span;
    const st = s.startMs;
    const d = s.durationMs;
    start[k] = st;
    dur[k] = d;
    let b = s.status === 'error' || s.fault ? ERRORISH : 0;
    const inv = node.invocation;
    let init = 0;
    if (inv && (p < 0 || order[p].invocation !== inv)) {
      b |= INVOCATION_TOP;
      if (inv.coldStart) init = inv.initDurationMs ?? 0;
    }
    bits[k] = b;
    // The drawn time range: init segments before the start, skewed spans past the end.
    const rel = st - t0;
    if (rel - init < timeMin) timeMin = rel - init;
    if (rel + d > timeMax) timeMax = rel + d;
  }
  if (stack.length > 0) return undefined;
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) end[i] = i + 1;
  for (let i = n - 1; i >= 0; i--) { const p = parent[i]; if (p >= 0 && end[i] > end[p]) end[p] = end[i]; }
  const reachable = given ? given.reachable : n;
  const criticalCount = markCriticalPath(reachable, end, start, dur, bits);
  return { order, parent, end, reachable, start, dur, bits, criticalCount, timeMin, timeMax };
}

function generalShape(trace: Trace): Shape {
  const stack: SpanNode[] = [];
  const parents: number[] = [];
  for (let i = trace.roots.length - 1; i >= 0; i--) { stack.push(trace.roots[i]); parents.push(-1); }
  const seen = new Set<SpanNode>();
  const order: SpanNode[] = [];
  const parent: number[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const p = parents.pop()!;
    if (seen.has(node)) continue; // a malformed (cyclic) tree must not hang the host
    seen.add(node);
    const at = order.length;
    order.push(node);
    parent.push(p);
    const ch = node.children;
    for (let i = ch.length - 1; i >= 0; i--) { stack.push(ch[i]); parents.push(at); }
  }
  const reachable = order.length;
  // Nodes unreachable from the roots (e.g. cycles the core broke) are still shown, never hidden.
  for (const node of trace.nodes) if (!seen.has(node)) { seen.add(node); order.push(node); parent.push(-1); }
  return walk(trace, undefined, order.length, { order, parent, reachable })!;
}

/** Sets the CRITICAL bit of the positions on the critical path (core/trace/criticalPath.ts, async children included). */
function markCriticalPath(reachable: number, end: Int32Array, start: Float64Array, dur: Float64Array, bits: Uint8Array): number {
  const path = criticalPositions(reachable, end, start, dur);
  for (const i of path) bits[i] |= CRITICAL;
  return path.length;
}
