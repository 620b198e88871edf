// Walks span trees and records node visits and caller -> callee edges. Fed one trace at a time.
// Hot path of the graph build (a million spans): index arrays instead of per-trace maps, interned
// resources compared by identity, outcome bits, edges found through their source node.
import type { Invocation, Resource, SourceLocation, Span, SpanNode, Trace } from '../model';
import type { GraphEdge, GraphNode, ServiceGraph } from './types';
import { CallAccumulator } from './accumulator';
import { ERROR, FAULT, outcomeOf, outcomeOfSpan } from './outcome';
import { isAsyncHop, isOutgoing, Resolver } from './resolve';

/** Finds the span a span link points to: how batch consumers find their producers. */
export type LinkIndex = (traceId: string, spanId: string) => Span | undefined;

interface EdgeEntry { source: Resource; target: Resource; async: boolean; acc: CallAccumulator }
interface NodeEntry { res: Resource; acc: CallAccumulator; source?: SourceLocation; out: Map<Resource, EdgeEntry> }

export class GraphCollector {
  private readonly nodes = new Map<Resource, NodeEntry>();
  private readonly edges: EdgeEntry[] = [];
  private readonly r = new Resolver();
  private traces = 0;
  // Per-trace scratch, reused across traces.
  private order: SpanNode[] = [];
  private parent: number[] = [];
  private owners: Resource[] = [];
  private stack: SpanNode[] = [];
  private stackParent: number[] = [];
  private flags = new Uint8Array(1024);

  constructor(private readonly topN: number, private readonly links: LinkIndex) {}

  addTrace(trace: Trace): void {
    this.traces++;
    const { order, parent, owners } = this.walk(trace);
    const n = order.length;
    // Four byte arrays per trace (entry, foreign child, outcome scratch, result) carved out of one reused buffer.
    if (this.flags.length < 4 * n) this.flags = new Uint8Array(8 * n);
    this.flags.fill(0, 0, 4 * n);
    const entry = this.flags.subarray(0, n);
    const foreignChild = this.flags.subarray(n, 2 * n);
    for (let i = 0; i < n; i++) {
      const p = parent[i];
      if (p < 0) { entry[i] = 1; continue; }
      if (owners[p] !== owners[i]) { entry[i] = 1; foreignChild[p] = 1; continue; }
      // A message the same service consumes again still went through the broker: that is an entry too.
      const ps = order[p].span;
      if (order[i].span.kind === 'consumer' && isAsyncHop(ps, this.r.target(ps))) entry[i] = 1;
    }
    const visitOutcome = entryOutcomes(order, parent, entry, this.flags.subarray(2 * n, 3 * n), this.flags.subarray(3 * n, 4 * n));
    const id = trace.traceId;
    for (let i = 0; i < n; i++) {
      const node = order[i];
      const s = node.span;
      const owner = owners[i];
      const ne = this.node(owner);
      if (entry[i]) {
        if (owner.type === 'function' && !ne.source && s.source) ne.source = s.source;
        const out = visitOutcome[i];
        ne.acc.record(id, durationOf(s), out);
        const p = parent[i];
        if (p >= 0) this.entryFromParent(id, order[p].span, owners[p], s, owner, out);
        else this.entryWithoutParent(id, node, owner, out);
      }
      if (isOutgoing(s)) this.exit(id, s, owner, foreignChild[i] === 1, outcomeOf(node));
    }
  }

  /** An invocation no span shows (logs only) still counts for its function. */
  addInvocation(inv: Invocation): void {
    const failed = inv.status !== 'ok';
    const ms = inv.durationMs ?? (inv.reported ? inv.endMs - inv.startMs : undefined);
    this.node(this.r.fn(inv.functionName)).acc.record(inv.traceId, ms, failed ? ERROR | FAULT : 0);
  }

  result(): ServiceGraph {
    const nodes: GraphNode[] = [...this.nodes.values()].map(({ res, acc, source }) => {
      const n: GraphNode = { id: res.id, type: res.type, name: res.name, ...acc.stats() };
      if (res.service) n.service = res.service;
      if (source) n.source = source;
      return n;
    });
    const edges: GraphEdge[] = this.edges.map((e) => (
      { id: `${e.source.id}->${e.target.id}`, source: e.source.id, target: e.target.id, async: e.async, ...e.acc.stats() }
    ));
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return { nodes: nodes.sort(byId), edges: edges.sort(byId), traces: this.traces };
  }

  /** Parents before children (no recursion: deep traces exist), with each span's parent index and owner. */
  private walk(trace: Trace): { order: SpanNode[]; parent: number[]; owners: Resource[] } {
    const order = this.order;
    const parent = this.parent;
    const owners = this.owners;
    order.length = 0; parent.length = 0; owners.length = 0;
    const stack = this.stack;
    const stackParent = this.stackParent;
    for (let r = trace.roots.length - 1; r >= 0; r--) { stack.push(trace.roots[r]); stackParent.push(-1); }
    while (stack.length > 0) {
      const node = stack.pop()!;
      const p = stackParent.pop()!;
      const i = order.length;
      order.push(node);
      parent.push(p);
      owners.push(this.r.owner(node.span, p >= 0 ? order[p].span : undefined, p >= 0 ? owners[p] : undefined));
      for (let c = node.children.length - 1; c >= 0; c--) { stack.push(node.children[c]); stackParent.push(i); }
    }
    return { order, parent, owners };
  }

  /** Execution entered `owner` from a parent span recorded in another node. */
  private entryFromParent(id: string, ps: Span, pOwner: Resource, s: Span, owner: Resource, out: number): void {
    if (!isOutgoing(ps)) {
      this.edge(pOwner, owner, false, id, durationOf(s), out); // e.g. API Gateway stage -> function
      return;
    }
    const target = this.r.target(ps);
    if (isAsyncHop(ps, target)) {
      // Producer -> topic is recorded by exit(); here the topic (or queue) delivers to the consumer.
      this.edge(target ?? pOwner, owner, true, id, deliveryDelay(ps, s), out);
    } else {
      // A synchronous call the callee also traced: the caller's span times it, the callee's node replaces the guess;
      // it failed if either side says so (Lambda Invoke answers 200 even when the function failed).
      this.edge(pOwner, owner, false, id, durationOf(ps), outcomeOfSpan(ps) | out);
    }
  }

  /** A root or orphan: joined through span links, messaging attributes, or else it came from outside. */
  private entryWithoutParent(id: string, node: SpanNode, owner: Resource, out: number): void {
    const s = node.span;
    let joined = false;
    if (s.links.length > 0) {
      const seen = new Set<Resource>();
      for (const l of s.links) {
        const linked = this.links(l.traceId, l.spanId);
        if (!linked) continue;
        const from = (isOutgoing(linked) ? this.r.target(linked) : undefined) ?? this.r.owner(linked, undefined, undefined);
        if (from === owner || seen.has(from)) continue;
        seen.add(from);
        this.edge(from, owner, true, id, deliveryDelay(linked, s), out);
        joined = true;
      }
    }
    if (joined) return;
    if (s.kind === 'consumer') {
      const from = this.r.target(s); // a consumer's remote is where its messages come from
      if (from && from !== owner) {
        this.edge(from, owner, true, id, undefined, out);
        return;
      }
    }
    // A server span may name its caller (OTel `peer.service`, Zipkin remoteEndpoint): more precise than "client".
    const caller = s.kind === 'server' ? this.r.caller(s) : undefined;
    const from = caller && caller !== owner ? caller
      : !node.orphan && (s.kind === 'server' || s.kind === 'consumer') ? this.r.client : undefined;
    if (!from) return;
    this.node(from).acc.record(id, durationOf(s), out);
    this.edge(from, owner, false, id, durationOf(s), out);
  }

  /** A client/producer span: an edge to what it calls, unless the callee traced itself (see entryFromParent). */
  private exit(id: string, s: Span, owner: Resource, calleeTraced: boolean, out: number): void {
    const target = this.r.target(s);
    if (!target || target === owner) return;
    const async = isAsyncHop(s, target);
    if (!async && calleeTraced) return;
    this.node(target).acc.record(id, durationOf(s), out);
    this.edge(owner, target, async, id, durationOf(s), out);
  }

  private node(r: Resource): NodeEntry {
    let e = this.nodes.get(r);
    if (!e) this.nodes.set(r, (e = { res: r, acc: new CallAccumulator(this.topN), out: new Map() }));
    return e;
  }

  private edge(from: Resource, to: Resource, async: boolean, traceId: string, ms: number | undefined, out: number): void {
    const src = this.node(from);
    this.node(to);
    let e = src.out.get(to);
    if (!e) {
      src.out.set(to, (e = { source: from, target: to, async, acc: new CallAccumulator(this.topN) }));
      this.edges.push(e);
    } else if (async) e.async = true;
    e.acc.record(traceId, ms, out);
  }
}

/**
 * Outcome of each entry span: its own, or-ed with the server spans and invocations nested under it in the same
 * node. X-Ray marks a failed invocation on the function segment, under the Lambda service segment that entered it.
 * A failing client call inside the node does not make the node fail: the code may have handled it.
 * Other spans keep their own outcome. Children come after their parent in `order`, so one backward pass does.
 * `fromChildren` and `result` are zeroed scratch arrays of the trace's length.
 */
function entryOutcomes(order: SpanNode[], parent: number[], entry: Uint8Array, fromChildren: Uint8Array, result: Uint8Array): Uint8Array {
  const n = order.length;
  for (let i = n - 1; i >= 0; i--) {
    const node = order[i];
    const own = outcomeOf(node);
    result[i] = entry[i] ? own | fromChildren[i] : own;
    const p = parent[i];
    if (!entry[i] && p >= 0) {
      const inner = (node.span.kind === 'server' || node.invocation ? own : 0) | fromChildren[i];
      fromChildren[p] |= inner;
    }
  }
  return result;
}

function durationOf(s: Span): number | undefined {
  return s.attributes['explorer.duration_missing'] === true ? undefined : s.durationMs;
}

/** Async edges are timed by delivery: from the end of the publish to the start of the consumer. */
function deliveryDelay(producer: Span, consumer: Span): number | undefined {
  if (durationOf(producer) === undefined) return undefined;
  return Math.max(0, consumer.startMs - (producer.startMs + producer.durationMs));
}
