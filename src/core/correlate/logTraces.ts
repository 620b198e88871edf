// Traces for invocations whose trace id no span carries: logs only (no X-Ray, no Transaction Search)
// or sampled out. Each invocation becomes one span made from its REPORT, so the trace's story (every
// function it reached, with its log lines) is still there to read. The logs give no parent links:
// the spans are siblings in time order.
import type { Attributes, Invocation, Span, Trace } from '../model';
import { classifyRemote } from '../resource';
import { buildTrace, TreeStats } from './traces';

/** Marks a span made from an invocation's logs rather than read from a trace. */
export const FROM_LOGS_ATTR = 'explorer.from_logs';

/** Builds the traces of invocations carrying a trace id that `traces` lacks; adds them to `traces`. */
export function addLogOnlyTraces(invocations: Invocation[], traces: Map<string, Trace>, stats: TreeStats): Trace[] {
  const byTrace = new Map<string, Invocation[]>();
  for (const inv of invocations) {
    const id = inv.traceId;
    if (!id || traces.has(id)) continue;
    const list = byTrace.get(id);
    if (list) list.push(inv);
    else byTrace.set(id, [inv]);
  }
  const added: Trace[] = [];
  for (const [traceId, invs] of byTrace) {
    const trace = buildTrace(traceId, invs.map((inv) => spanOf(traceId, inv)), stats);
    for (const node of trace.nodes) {
      const inv = invs.length === 1 ? invs[0] : invs.find((i) => i.requestId === node.span.requestId)!;
      node.invocation = inv;
      node.logs = inv.logs;
    }
    trace.invocations.push(...invs.sort((a, b) => a.startMs - b.startMs));
    traces.set(traceId, trace);
    added.push(trace);
  }
  return added;
}

function spanOf(traceId: string, inv: Invocation): Span {
  const span: Span = {
    traceId,
    spanId: inv.segmentId ?? inv.requestId.replace(/-/g, '').slice(0, 16),
    name: inv.functionName,
    service: inv.functionName,
    kind: 'server',
    startMs: inv.startMs,
    durationMs: Math.max(0, inv.endMs - inv.startMs),
    status: inv.status === 'ok' ? 'ok' : 'error',
    attributes: attributesOf(inv),
    events: [],
    links: [],
    exceptions: [],
    requestId: inv.requestId,
    functionName: inv.functionName,
    format: inv.logs[0]?.format ?? 'lambda-text',
    origin: inv.logs[0]?.origin ?? { file: '', line: 0 },
  };
  const message = inv.errorMessage ?? inv.errorType;
  if (message) span.statusMessage = message;
  const self = classifyRemote({ kind: 'server', name: span.name, attributes: span.attributes });
  if (self) span.remote = self;
  return span;
}

// One attribute object per function and cold start, shared by its spans (read-only): these traces can number in the
// hundreds of thousands, and the rest of what an invocation says is on the invocation itself.
const sharedAttributes = new Map<string, Attributes>();
function attributesOf(inv: Invocation): Attributes {
  const key = `${inv.coldStart ? 1 : 0}${inv.logGroup ?? ''}\u0000${inv.functionName}`;
  let a = sharedAttributes.get(key);
  if (!a) {
    if (sharedAttributes.size >= 10000) sharedAttributes.clear();
    a = { 'faas.name': inv.functionName, 'faas.coldstart': inv.coldStart, 'explorer.from_logs': true };
    if (inv.logGroup) a['aws.log.group.names'] = [inv.logGroup];
    sharedAttributes.set(key, a);
  }
  return a;
}
