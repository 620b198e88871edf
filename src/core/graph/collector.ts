// Walks span trees and records node visits and caller -> callee edges. Fed one trace at a time.
import type { Invocation, Resource, SourceLocation, Span, SpanNode, Trace } from '../model';
import { makeResource } from '../resource';
import { strAttr } from '../readers/attrs';
import type { GraphEdge, GraphNode, ServiceGraph } from './types';
import { CallAccumulator, Outcome } from './accumulator';
import { CLIENT, isAsyncHop, isOutgoing, ownerOf, targetOf } from './resolve';

/** Spans that other spans link to, by `${traceId}/${spanId}`: how batch consumers find their producers. */
export type LinkIndex = ReadonlyMap<string, Span>;

interface NodeEntry { res: Resource; acc: CallAccumulator; source?: SourceLocation }
interface EdgeEntry { source: string; target: string; async: boolean; acc: CallAccumulator }

export class GraphCollector {
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly edges = new Map<string, EdgeEntry>();
  private traces = 0;

  constructor(private readonly topN: number, private readonly links: LinkIndex) {}

  addTrace(trace: Trace): void {
    this.traces++;
    const order = depthFirst(trace);
    const parents = new Map<SpanNode, SpanNode>();
    for (const n of order) for (const c of n.children) parents.set(c, n);
    const owners = new Map<SpanNode, Resource>();
    for (const n of order) {
      const p = parents.get(n);
      owners.set(n, ownerOf(n.span, p?.span, p ? owners.get(p) : undefined));
    }
    const isEntry = (n: SpanNode): boolean => {
      const p = parents.get(n);
      // A message the same service consumes again still went through the broker: that is an entry too.
      return !p || owners.get(p)!.id !== owners.get(n)!.id || (n.span.kind === 'consumer' && isAsyncHop(p.span, targetOf(p.span)));
    };
    const visitOutcome = entryOutcomes(order, isEntry);
    const id = trace.traceId;
    for (const n of order) {
      const s = n.span;
      const owner = owners.get(n)!;
      const p = parents.get(n);
      const pOwner = p ? owners.get(p)! : undefined;
      const out = visitOutcome.get(n) ?? outcomeOf(n);
      const entry = this.node(owner);
      if (isEntry(n)) {
        if (owner.type === 'function' && !entry.source && s.source) entry.source = s.source;
        this.visit(owner, id, durationOf(s), out);
        if (p) this.entryFromParent(id, p.span, pOwner!, s, owner, out);
        else this.entryWithoutParent(id, n, owner, out);
      }
      if (isOutgoing(s)) this.exit(id, n, owner, owners, out);
    }
  }

  /** An invocation no span shows (logs only) still counts for its function. */
  addInvocation(inv: Invocation): void {
    const fn = makeResource('function', inv.functionName, 'Lambda');
    this.node(fn);
    const failed = inv.status !== 'ok';
    const ms = inv.durationMs ?? (inv.reported ? inv.endMs - inv.startMs : undefined);
    this.visit(fn, inv.traceId, ms, { error: failed, fault: failed, throttle: false });
  }

  result(): ServiceGraph {
    const nodes: GraphNode[] = [...this.nodes.values()].map(({ res, acc, source }) => {
      const n: GraphNode = { id: res.id, type: res.type, name: res.name, ...acc.stats() };
      if (res.service) n.service = res.service;
      if (source) n.source = source;
      return n;
    });
    const edges: GraphEdge[] = [...this.edges.entries()].map(([id, e]) => (
      { id, source: e.source, target: e.target, async: e.async, ...e.acc.stats() }
    ));
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return { nodes: nodes.sort(byId), edges: edges.sort(byId), traces: this.traces };
  }

  /** Execution entered `owner` from a parent span recorded in another node. */
  private entryFromParent(id: string, ps: Span, pOwner: Resource, s: Span, owner: Resource, out: Outcome): void {
    if (!isOutgoing(ps)) {
      this.edge(pOwner, owner, false, id, durationOf(s), out); // e.g. API Gateway stage -> function
      return;
    }
    const target = targetOf(ps);
    if (isAsyncHop(ps, target)) {
      // Producer -> topic is recorded by exit(); here the topic (or queue) delivers to the consumer.
      this.edge(target ?? pOwner, owner, true, id, deliveryDelay(ps, s), out);
    } else {
      // A synchronous call the callee also traced: the caller's span times it, the callee's node replaces the guess;
      // it failed if either side says so (Lambda Invoke answers 200 even when the function failed).
      this.edge(pOwner, owner, false, id, durationOf(ps), or(outcomeOfSpan(ps), out));
    }
  }

  /** A root or orphan: joined through span links, messaging attributes, or else it came from outside. */
  private entryWithoutParent(id: string, n: SpanNode, owner: Resource, out: Outcome): void {
    const s = n.span;
    const seen = new Set<string>();
    for (const l of s.links) {
      const linked = this.links.get(`${l.traceId}/${l.spanId}`);
      if (!linked) continue;
      const from = linkedSource(linked);
      if (from.id === owner.id || seen.has(from.id)) continue;
      seen.add(from.id);
      this.edge(from, owner, true, id, deliveryDelay(linked, s), out);
    }
    if (seen.size > 0) return;
    if (s.kind === 'consumer') {
      const from = targetOf(s); // a consumer's remote is where its messages come from
      if (from && from.id !== owner.id) {
        this.edge(from, owner, true, id, undefined, out);
        return;
      }
    }
    // A server span may name its caller (OTel `peer.service`, Zipkin remoteEndpoint): more precise than "client".
    const caller = s.kind === 'server' ? callerOf(s) : undefined;
    if (caller && caller.id !== owner.id) {
      this.visit(caller, id, durationOf(s), out);
      this.edge(caller, owner, false, id, durationOf(s), out);
    } else if (!n.orphan && (s.kind === 'server' || s.kind === 'consumer')) {
      this.visit(CLIENT, id, durationOf(s), out);
      this.edge(CLIENT, owner, false, id, durationOf(s), out);
    }
  }

  /** A client/producer span: an edge to what it calls, unless the callee traced itself (see entryFromParent). */
  private exit(id: string, n: SpanNode, owner: Resource, owners: Map<SpanNode, Resource>, out: Outcome): void {
    const s = n.span;
    const target = targetOf(s);
    if (!target || target.id === owner.id) return;
    const async = isAsyncHop(s, target);
    if (!async && n.children.some((c) => owners.get(c)!.id !== owner.id)) return;
    this.visit(target, id, durationOf(s), out);
    this.edge(owner, target, async, id, durationOf(s), out);
  }

  private node(r: Resource): NodeEntry {
    let e = this.nodes.get(r.id);
    if (!e) this.nodes.set(r.id, (e = { res: r, acc: new CallAccumulator(this.topN) }));
    return e;
  }

  private visit(r: Resource, traceId: string | undefined, ms: number | undefined, out: Outcome): void {
    this.node(r).acc.record(traceId, ms, out);
  }

  private edge(from: Resource, to: Resource, async: boolean, traceId: string, ms: number | undefined, out: Outcome): void {
    this.node(from);
    this.node(to);
    const key = `${from.id}->${to.id}`;
    let e = this.edges.get(key);
    if (!e) this.edges.set(key, (e = { source: from.id, target: to.id, async, acc: new CallAccumulator(this.topN) }));
    else if (async) e.async = true;
    e.acc.record(traceId, ms, out);
  }
}

/** Parents before children, children in the order the tree holds them; no recursion (deep traces exist). */
function depthFirst(trace: Trace): SpanNode[] {
  const order: SpanNode[] = [];
  const stack = [...trace.roots].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    order.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return order;
}

const NO_FAILURE: Outcome = { error: false, fault: false, throttle: false };

function or(a: Outcome, b: Outcome): Outcome {
  return a === NO_FAILURE ? b : b === NO_FAILURE ? a : { error: a.error || b.error, fault: a.fault || b.fault, throttle: a.throttle || b.throttle };
}

/**
 * Outcome of each entry span: its own, or-ed with the server spans and invocations nested under it in the same
 * node. X-Ray marks a failed invocation on the function segment, under the Lambda service segment that entered it.
 * A failing client call inside the node does not make the node fail: the code may have handled it.
 */
function entryOutcomes(order: SpanNode[], isEntry: (n: SpanNode) => boolean): Map<SpanNode, Outcome> {
  const inner = new Map<SpanNode, Outcome>();
  const result = new Map<SpanNode, Outcome>();
  for (let i = order.length - 1; i >= 0; i--) { // children before parents
    const n = order[i];
    let fromChildren = NO_FAILURE;
    for (const c of n.children) if (!isEntry(c)) fromChildren = or(fromChildren, inner.get(c) ?? NO_FAILURE);
    const own = n.span.kind === 'server' || n.invocation ? outcomeOf(n) : NO_FAILURE;
    inner.set(n, or(own, fromChildren));
    if (isEntry(n)) result.set(n, or(outcomeOf(n), fromChildren));
  }
  return result;
}

function outcomeOfSpan(s: Span): Outcome {
  const fault = s.fault === true || (s.httpStatus ?? 0) >= 500;
  const throttle = s.throttle === true || s.httpStatus === 429;
  return { error: s.status === 'error' || fault || throttle, fault, throttle };
}

/** A failed Lambda invocation (error, timeout, crash) is a fault of its function even when no span says so. */
function outcomeOf(n: SpanNode): Outcome {
  const o = outcomeOfSpan(n.span);
  if (n.invocation && n.invocation.status !== 'ok') return { ...o, error: true, fault: true };
  return o;
}

function durationOf(s: Span): number | undefined {
  return s.attributes['explorer.duration_missing'] === true ? undefined : s.durationMs;
}

/** Async edges are timed by delivery: from the end of the publish to the start of the consumer. */
function deliveryDelay(producer: Span, consumer: Span): number | undefined {
  if (durationOf(producer) === undefined) return undefined;
  return Math.max(0, consumer.startMs - (producer.startMs + producer.durationMs));
}

function callerOf(s: Span): Resource | undefined {
  const name = strAttr(s.attributes, 'peer.service');
  return name ? makeResource('service', name) : undefined;
}

function linkedSource(linked: Span): Resource {
  const target = isOutgoing(linked) ? targetOf(linked) : undefined;
  if (target) return target;
  return ownerOf(linked, undefined, undefined);
}
