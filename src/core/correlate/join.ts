// Joins Lambda invocations (from logs) to spans (from traces) and hangs log lines on span nodes.
import type { Invocation, LogEvent, SpanNode, Trace } from '../model';

export interface JoinResult {
  joined: number;
  traceOfRequest: Map<string, Trace>;
}

export function joinInvocations(invocations: Invocation[], traces: Map<string, Trace>, unattached: LogEvent[]): JoinResult {
  const nodesByRequest = new Map<string, { node: SpanNode; trace: Trace }[]>();
  const nodesBySpanId = new Map<string, SpanNode>();
  for (const trace of traces.values()) {
    for (const node of trace.nodes) {
      nodesBySpanId.set(`${trace.traceId}/${node.span.spanId}`, node);
      const rid = node.span.requestId;
      if (!rid) continue;
      let list = nodesByRequest.get(rid);
      if (!list) nodesByRequest.set(rid, (list = []));
      list.push({ node, trace });
    }
  }
  const traceOfRequest = new Map<string, Trace>();
  let joined = 0;
  for (const inv of invocations) {
    const candidates = nodesByRequest.get(inv.requestId);
    let hit = candidates && pickInvocationNode(candidates.map((c) => c.node));
    let trace = hit ? candidates!.find((c) => c.node === hit)!.trace : undefined;
    if (!trace && inv.traceId) {
      trace = traces.get(inv.traceId);
      if (trace) hit = nodeOfFunction(trace, inv);
    }
    if (!trace) continue;
    joined++;
    inv.traceId = trace.traceId;
    trace.invocations.push(inv);
    traceOfRequest.set(inv.requestId, trace);
    if (hit && !hit.invocation) {
      hit.invocation = inv;
      hit.logs = inv.logs;
      if (inv.functionName === 'unknown' && hit.span.functionName) inv.functionName = hit.span.functionName;
      if (!inv.coldStart && hit.span.attributes['faas.coldstart'] === true) inv.coldStart = true;
    }
  }
  attachBySpanId(unattached, nodesBySpanId);
  for (const inv of invocations) {
    for (const e of inv.logs) if (e.spanId && e.traceId) {
      const node = nodesBySpanId.get(`${e.traceId}/${e.spanId}`);
      if (node && node.logs !== inv.logs) node.logs.push(e);
    }
  }
  for (const trace of traces.values()) trace.invocations.sort((a, b) => a.startMs - b.startMs);
  return { joined, traceOfRequest };
}

/** The span that *is* the invocation: a server span of the function, the X-Ray function segment, else the earliest. */
function pickInvocationNode(nodes: SpanNode[]): SpanNode | undefined {
  let best: SpanNode | undefined;
  let bestScore = -1;
  for (const n of nodes) {
    const s = n.span;
    const score =
      (s.kind === 'server' || s.kind === 'consumer' ? 4 : 0) +
      (s.functionName ? 2 : 0) +
      (s.attributes['xray.origin'] === 'AWS::Lambda::Function' ? 3 : 0) -
      n.depth * 0.01;
    if (score > bestScore || (score === bestScore && best && s.startMs < best.span.startMs)) {
      best = n;
      bestScore = score;
    }
  }
  return best;
}

function nodeOfFunction(trace: Trace, inv: Invocation): SpanNode | undefined {
  let best: SpanNode | undefined;
  let bestGap = Infinity;
  for (const n of trace.nodes) {
    const s = n.span;
    if (n.invocation || (s.functionName ?? s.service) !== inv.functionName) continue;
    const gap = Math.abs(s.startMs - inv.startMs);
    if (gap < bestGap) { best = n; bestGap = gap; }
  }
  return best;
}

function attachBySpanId(logs: LogEvent[], nodes: Map<string, SpanNode>): void {
  for (const e of logs) {
    if (!e.spanId || !e.traceId) continue;
    nodes.get(`${e.traceId}/${e.spanId}`)?.logs.push(e);
  }
}
