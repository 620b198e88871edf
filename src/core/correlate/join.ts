// Joins Lambda invocations (from logs) to spans (from traces) and hangs log lines on span nodes.
import type { Invocation, SpanNode, Trace } from '../model';
import { LogTable, S_SPAN, S_TRACE } from '../logs/logTable';
import { addLogRow, rowsOf, shareLogs, sharesLogs, TableInvocation } from '../logs/logLists';

export interface JoinResult {
  joined: number;
  traceOfRequest: Map<string, Trace>;
}

export function joinInvocations(invocations: Invocation[], traces: Map<string, Trace>, table: LogTable, unattached: number[]): JoinResult {
  const nodesByRequest = new Map<string, SpanNode[]>();
  for (const trace of traces.values()) {
    for (const node of trace.nodes) {
      const rid = node.span.requestId;
      if (!rid) continue;
      const list = nodesByRequest.get(rid);
      if (list) list.push(node);
      else nodesByRequest.set(rid, [node]);
    }
  }
  const traceOfRequest = new Map<string, Trace>();
  let joined = 0;
  for (const inv of invocations) {
    const candidates = nodesByRequest.get(inv.requestId);
    let hit = candidates && pickInvocationNode(candidates);
    let trace = hit ? traces.get(hit.span.traceId) : undefined;
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
      shareLogs(hit, inv);
      if (inv.functionName === 'unknown' && hit.span.functionName) inv.functionName = hit.span.functionName;
      if (!inv.coldStart && hit.span.attributes['faas.coldstart'] === true) inv.coldStart = true;
    }
  }
  // Lines that name their span (OTel log correlation, Powertools) also hang on that span.
  const bySpan = new SpanLookup(traces);
  const named = (row: number) => {
    const span = table.stringColumnAt(row, S_SPAN);
    const trace = table.stringColumnAt(row, S_TRACE);
    return span && trace ? bySpan.find(trace, span) : undefined;
  };
  for (const row of unattached) { const node = named(row); if (node) addLogRow(node, table, row); }
  for (const inv of invocations) {
    if (!(inv instanceof TableInvocation)) continue;
    // A copy: adding a row to a node that shares another invocation's lines grows that invocation's rows.
    for (const row of rowsOf(inv).slice()) {
      const node = named(row);
      if (node && !sharesLogs(node, inv)) addLogRow(node, table, row);
    }
  }
  for (const trace of traces.values()) trace.invocations.sort((a, b) => a.startMs - b.startMs);
  return { joined, traceOfRequest };
}

/** Span-id index per trace, built only for traces whose spans a log line names. */
class SpanLookup {
  private readonly byTrace = new Map<string, Map<string, SpanNode>>();
  constructor(private readonly traces: Map<string, Trace>) {}

  find(traceId: string, spanId: string): SpanNode | undefined {
    let index = this.byTrace.get(traceId);
    if (!index) {
      const trace = this.traces.get(traceId);
      if (!trace) return undefined;
      index = new Map(trace.nodes.map((n) => [n.span.spanId, n]));
      this.byTrace.set(traceId, index);
    }
    return index.get(spanId);
  }
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
