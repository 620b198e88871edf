// Traces for invocations whose trace id no span carries: logs only (no X-Ray, no Transaction Search)
// or sampled out. Each invocation becomes one span made from its REPORT, so the trace's story (every
// function it reached, with its log lines) is still there to read. The logs give no parent links:
// the spans are siblings in time order.
import type { Attributes, Invocation, Resource, Span, Trace } from '../model';
import { classifyRemote } from '../readers/resource';
import { buildFlatTrace, buildTrace, TreeStats } from './traces';
import { firstLineOf, shareLogs } from '../logs/logLists';

/** Marks a span made from an invocation's logs rather than read from a trace. */
export const FROM_LOGS_ATTR = 'explorer.from_logs';

/** True for a span made here from an invocation's logs, not read from a trace. */
export function isFromLogs(span: Span): boolean {
  return span.attributes[FROM_LOGS_ATTR] === true;
}

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
    const spans = invs.map((inv) => spanOf(traceId, inv));
    const phases = invs.some((i) => i.phases) ? spans.flatMap((s, k) => phaseSpans(s, invs[k])) : [];
    const trace = phases.length > 0 ? buildTrace(traceId, spans.concat(phases), stats) : buildFlatTrace(traceId, spans, stats);
    for (const node of trace.nodes) {
      if (node.span.requestId === undefined) continue; // a runtime phase: its invocation is its parent's
      const inv = invs.length === 1 ? invs[0] : invs.find((i) => i.requestId === node.span.requestId)!;
      node.invocation = inv;
      shareLogs(node, inv);
    }
    trace.invocations.push(...invs.sort((a, b) => a.startMs - b.startMs));
    traces.set(traceId, trace);
    added.push(trace);
  }
  return added;
}

function spanOf(traceId: string, inv: Invocation): Span {
  const shared = sharedOf(inv);
  const firstLine = firstLineOf(inv);
  const span: Span = {
    traceId,
    spanId: inv.segmentId ?? spanIdOfRequest(inv.requestId),
    name: inv.functionName,
    service: inv.functionName,
    kind: 'server',
    startMs: inv.startMs,
    durationMs: Math.max(0, inv.endMs - inv.startMs),
    status: inv.status === 'ok' ? 'ok' : 'error',
    attributes: shared.attributes,
    events: NONE,
    links: NONE,
    exceptions: NONE,
    requestId: inv.requestId,
    functionName: inv.functionName,
    format: firstLine?.format ?? 'lambda-text',
    origin: firstLine?.origin ?? { file: '', line: 0 },
  };
  const message = inv.errorMessage ?? inv.errorType;
  if (message) span.statusMessage = message;
  if (shared.remote) span.remote = shared.remote;
  return span;
}

/** The Telemetry API's runtimeDone `spans[]` (responseLatency, responseDuration, ...) as children of the invocation's span. */
export function phaseSpans(parent: Span, inv: Invocation): Span[] {
  return (inv.phases ?? []).map((p, i): Span => ({
    traceId: parent.traceId,
    spanId: `${parent.spanId}.${i + 1}`,
    parentSpanId: parent.spanId,
    name: p.name,
    service: parent.service,
    kind: 'internal',
    startMs: p.startMs,
    durationMs: p.durationMs,
    status: 'unset',
    attributes: { 'faas.name': inv.functionName, [FROM_LOGS_ATTR]: true, 'explorer.runtime_phase': true },
    events: NONE,
    links: NONE,
    exceptions: NONE,
    functionName: inv.functionName,
    format: parent.format,
    origin: parent.origin,
  }));
}

/** Spans made from logs have no events, links or exceptions: one frozen empty array rather than three per span. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** The first 16 hex digits of a request id (a UUID: the dashes at 8 and 13 dropped), without a regex per span. */
export function spanIdOfRequest(requestId: string): string {
  if (requestId.length >= 18 && requestId.charCodeAt(8) === 45 && requestId.charCodeAt(13) === 45) {
    return requestId.slice(0, 8) + requestId.slice(9, 13) + requestId.slice(14, 18);
  }
  return requestId.replace(/-/g, '').slice(0, 16);
}

// One attribute object (and the resource it classifies as) per function and cold start, shared by its spans
// (read-only): these traces can number in the hundreds of thousands, and the rest of what an invocation says
// is on the invocation itself.
interface Shared { attributes: Attributes; remote?: Resource }
const sharedByGroup = new Map<string, Map<string, Shared[]>>();
function sharedOf(inv: Invocation): Shared {
  let byFunction = sharedByGroup.get(inv.logGroup ?? '');
  if (!byFunction) {
    if (sharedByGroup.size >= 10000) sharedByGroup.clear();
    sharedByGroup.set(inv.logGroup ?? '', (byFunction = new Map()));
  }
  let pair = byFunction.get(inv.functionName);
  if (!pair) byFunction.set(inv.functionName, (pair = []));
  const i = inv.coldStart ? 1 : 0;
  let shared = pair[i];
  if (!shared) {
    const attributes: Attributes = { 'faas.name': inv.functionName, 'faas.coldstart': inv.coldStart, [FROM_LOGS_ATTR]: true };
    if (inv.logGroup) attributes['aws.log.group.names'] = [inv.logGroup];
    shared = pair[i] = { attributes, remote: classifyRemote({ kind: 'server', name: inv.functionName, attributes }) };
  }
  return shared;
}
