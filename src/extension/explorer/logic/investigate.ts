// The controller's investigation requests (issue 18): search inside the open trace, compare two traces,
// the flame graph. Pure (no vscode): it runs wherever the ExplorerController runs (host or engine).
import type { Dataset } from '../../../core/dataset';
import type { HostMessage, WebviewMessage } from '../../../protocol/messages';
import type { DistributiveOmit } from '../../../protocol/channel';
import type { TraceRows } from './traceRows';
import type { Comparison, DiffColumns } from '../../../protocol/investigate';
import { DiffSide } from '../../../protocol/investigate';
import { diffTraces, entryPointOf, sameEntryPoint, typicalTrace } from '../../../core/compare';
import type { Trace } from '../../../core/model';
import { toXrayTraceId } from '../../../core/ids';
import { buildFlameGraph, flameAncestors, flameWindow } from '../../../core/flame/flameGraph';
import type { FlameGraph } from '../../../core/flame/flameGraph';
import type { FlameColumns, LogSpanRef } from '../../../protocol/investigate';
import { LogPairsCache } from './logPairs';
import { serviceTypeIndex, serviceTypeOf } from './serviceType';

/** Most flame frames in one message (the view asks again, for a narrower root, when it zooms). */
export const MAX_FLAME_FRAMES = 30_000;
/** The view's first request at a 1,400 px wide canvas (half a pixel), made ahead in the background. */
const WARM_MIN_WIDTH = 0.5 / 1400;

/** Merged rows sent with a comparison; beyond, the CLI's `diff --json` has them all. */
export const MAX_DIFF_ROWS = 20_000;
const TYPICAL_OF = 100;

export type InvestigateMessage = Extract<WebviewMessage, { type: 'searchTrace' | 'compareCandidates' | 'compareTraces' | 'getFlame' | 'getLogPairs' }>;

export interface InvestigateContext {
  dataset(): Dataset | undefined;
  rowsFor(traceId: string, requestId?: number): TraceRows | undefined;
  post(m: DistributiveOmit<HostMessage, 'v'>): void;
}

export function isInvestigateMessage(m: WebviewMessage): m is InvestigateMessage {
  return m.type === 'searchTrace' || m.type === 'compareCandidates' || m.type === 'compareTraces' || m.type === 'getFlame' || m.type === 'getLogPairs';
}

export class Investigate {
  /** Built once per trace's rows (they hold the depth-first order and parents it is built from). */
  private readonly flames = new WeakMap<TraceRows, FlameGraph>();
  private readonly logs = new LogPairsCache();
  private logData?: Dataset;

  constructor(private readonly cx: InvestigateContext) {}

  handle(m: InvestigateMessage): void {
    switch (m.type) {
      case 'searchTrace': return this.search(m);
      case 'compareCandidates': return this.candidates(m);
      case 'compareTraces': return this.compare(m);
      case 'getFlame': return this.flame(m);
      case 'getLogPairs': return this.logPairs(m);
    }
  }

  private logPairs(m: Extract<InvestigateMessage, { type: 'getLogPairs' }>): void {
    const ds = this.cx.dataset();
    if (!ds) { this.cx.post({ type: 'error', requestId: m.requestId, message: 'No data loaded.' }); return; }
    if (this.logData !== ds) { this.logs.clear(); this.logData = ds; }
    const find = (ref: LogSpanRef) => ds.traceById.get(ref.traceId)?.nodes.find((n) => n.span.spanId === ref.spanId);
    this.cx.post({ type: 'logPairs', requestId: m.requestId, pairs: this.logs.window(m.a, m.b, find, m.offset, m.limit) });
  }

  private search(m: Extract<InvestigateMessage, { type: 'searchTrace' }>): void {
    const rows = this.cx.rowsFor(m.traceId, m.requestId);
    if (!rows) return;
    rows.setSearch(m.text, m.onlyMatches);
    const total = rows.matchCount;
    const index = total === 0 || m.index < 0 ? -1 : Math.min(m.index, total - 1);
    const focus = index >= 0 ? rows.matchPosition(index) : -1;
    this.cx.post({
      type: 'searchResult', requestId: m.requestId,
      search: { traceId: m.traceId, text: rows.searchText, total, index, onlyMatches: rows.onlyMatches },
      meta: focus >= 0 ? rows.meta(focus) : rows.meta(),
    });
  }

  /** The trace's flame graph (made lazily, kept with its rows); `warm` also makes the frames of the first view ahead of the click (a background task once the trace is open). */
  warmFlame(rows: TraceRows, warm = true): FlameGraph {
    let g = this.flames.get(rows);
    if (!g) { g = buildFlameGraph(rows.nodes, rows.times); this.flames.set(rows, g); }
    if (warm) flameWindow(g, 0, WARM_MIN_WIDTH);
    return g;
  }

  private flame(m: Extract<InvestigateMessage, { type: 'getFlame' }>): void {
    const rows = this.cx.rowsFor(m.traceId, m.requestId);
    if (!rows) return;
    const g = this.warmFlame(rows, false);
    const root = m.root < g.count ? m.root : 0;
    const win = flameWindow(g, root, m.minWidth);
    const keep = win.frames.slice(0, MAX_FLAME_FRAMES);
    // Frames past the cap are left out with their spans (their descendants come after them, depth-first).
    let cut = 0;
    for (let i = keep.length; i < win.frames.length; i++) cut += g.spans[win.frames[i]];
    const x0 = g.x[root];
    const w0 = g.w[root] || 1;
    const c: FlameColumns = { id: [], depth: [], x: [], w: [], name: [], service: [], serviceType: [], total: [], self: [], count: [], spanId: [] };
    const d0 = g.depth[root];
    for (const f of keep) {
      c.id.push(f);
      c.depth.push(g.depth[f] - d0);
      c.x.push((g.x[f] - x0) / w0);
      c.w.push(g.w[f] / w0);
      c.name.push(f === 0 ? 'all spans' : g.name[f]);
      c.service.push(f === 0 ? '' : g.service[f]);
      const node = g.longest[f] >= 0 ? rows.nodes[g.longest[f]] : undefined;
      c.serviceType.push(node ? serviceTypeIndex(serviceTypeOf(node)) : 7);
      c.total.push(g.total[f]);
      c.self.push(g.self[f]);
      c.count.push(f === 0 ? rows.nodes.length : g.spans[f]);
      c.spanId.push(node?.span.spanId ?? '');
    }
    this.cx.post({
      type: 'flame', requestId: m.requestId,
      flame: {
        traceId: m.traceId, root, frames: c, omitted: win.omitted + cut, frameCount: g.count, maxSelf: win.maxSelf,
        crumbs: flameAncestors(g, root).map((f) => ({ id: f, label: f === 0 ? 'all spans' : `${g!.service[f]} · ${g!.name[f]}` })),
      },
    });
  }

  private trace(traceId: string, requestId: number): Trace | undefined {
    const t = this.cx.dataset()?.traceById.get(traceId);
    if (!t) this.cx.post({ type: 'error', requestId, message: `Trace ${traceId} is not in the loaded data.` });
    return t;
  }

  private candidates(m: Extract<InvestigateMessage, { type: 'compareCandidates' }>): void {
    const t = this.trace(m.traceId, m.requestId);
    const ds = this.cx.dataset();
    if (!t || !ds) return;
    const entryPoint = entryPointOf(t);
    const same = sameEntryPoint(ds.traces, entryPoint, { exclude: t.traceId, limit: Infinity });
    const byDuration = [...same].sort((x, y) => x.durationMs - y.durationMs);
    const picks = new Set<Trace>([...byDuration.slice(0, 3), byDuration[Math.floor(byDuration.length / 2)], ...byDuration.slice(-3).reverse()].filter(Boolean));
    const rank = (x: Trace) => x === byDuration[0] ? 'fastest' : x === byDuration[byDuration.length - 1] ? 'slowest' : x === byDuration[Math.floor(byDuration.length / 2)] ? 'median' : byDuration.indexOf(x) < byDuration.length / 2 ? 'fast' : 'slow';
    this.cx.post({
      type: 'candidates', requestId: m.requestId,
      candidates: {
        traceId: t.traceId, entryPoint, typicalCount: Math.min(TYPICAL_OF, same.length),
        candidates: [...picks].map((x) => ({ traceId: x.traceId, label: `${rank(x)} · ${toXrayTraceId(x.traceId)}`, durationMs: x.durationMs, spanCount: x.nodes.length })),
      },
    });
  }

  private compare(m: Extract<InvestigateMessage, { type: 'compareTraces' }>): void {
    const b = this.trace(m.b, m.requestId);
    const ds = this.cx.dataset();
    if (!b || !ds) return;
    let a: Trace | undefined;
    let typicalOf: number | undefined;
    if (m.a === '') {
      const ty = typicalTrace(ds.traces, entryPointOf(b), { exclude: b.traceId, limit: TYPICAL_OF });
      if (!ty) { this.cx.post({ type: 'error', requestId: m.requestId, message: `No other trace of ${entryPointOf(b)} to build a typical trace from.` }); return; }
      a = ty.trace;
      typicalOf = ty.from;
    } else {
      a = this.trace(m.a, m.requestId);
      if (!a) return;
    }
    this.cx.post({ type: 'comparison', requestId: m.requestId, comparison: toComparison(a, b, typicalOf) });
  }
}

function toComparison(a: Trace, b: Trace, typicalOf?: number): Comparison {
  const d = diffTraces(a, b, { biggest: 20 });
  const rows: DiffColumns = { service: [], name: [], depth: [], side: [], aSpanId: [], bSpanId: [], aMs: [], bMs: [], aSelf: [], bSelf: [] };
  const n = Math.min(d.rows.length, MAX_DIFF_ROWS);
  for (let i = 0; i < n; i++) {
    const r = d.rows[i];
    rows.service.push(r.service);
    rows.name.push(r.name);
    rows.depth.push(r.depth);
    rows.side.push(r.side === 'both' ? DiffSide.Both : r.side === 'a' ? DiffSide.OnlyA : DiffSide.OnlyB);
    // The typical trace's spans are made up: nothing to open there.
    rows.aSpanId.push(typicalOf === undefined ? r.a?.span.spanId ?? '' : '');
    rows.bSpanId.push(r.b?.span.spanId ?? '');
    rows.aMs.push(r.aMs);
    rows.bMs.push(r.bMs);
    rows.aSelf.push(r.aSelf);
    rows.bSelf.push(r.bSelf);
  }
  const entry = entryPointOf(b);
  return {
    a: typicalOf === undefined
      ? { traceId: a.traceId, label: `${entryPointOf(a)} · ${toXrayTraceId(a.traceId)}`, durationMs: a.durationMs, spanCount: a.nodes.length }
      : { traceId: '', label: `typical ${entry}`, durationMs: a.durationMs, spanCount: a.nodes.length, typicalOf },
    b: { traceId: b.traceId, label: `${entry} · ${toXrayTraceId(b.traceId)}`, durationMs: b.durationMs, spanCount: b.nodes.length },
    rows, rowsOmitted: d.rows.length - n, biggest: d.biggest.filter((i) => i < n),
  };
}
