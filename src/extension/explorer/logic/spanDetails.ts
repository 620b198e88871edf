// Everything the details pane shows for one span, including its story: the span's own events,
// its children's starts, exceptions and correlated log lines, interleaved in time order.
import type { Invocation, Span, SpanException, SpanNode, Trace } from '../../../core/model';
import { isLibraryFrame, userFrame } from '../../../core/readers/userFrames';
import { isFromLogs } from '../../../core/correlate/logTraces';
import { ExceptionDetails, SpanDetails, StoryItem } from '../../../protocol/messages';
import { attrsToList, attrToString, MAX_VALUE_CHARS } from './attrText';
import { httpDetails } from './httpDetails';
import { serviceTypeOf } from './serviceType';
import type { CostModel } from '../../../core/cost/model';
import { invocationCostDetails } from './costs';

/** Story lines beyond this are counted, not sent (a chatty function can log 100,000 lines). */
export const MAX_STORY_ITEMS = 2000;

export interface DetailsContext {
  critical: boolean;
  /** The dataset's cost model: adds the invocation's Lambda cost (docs/cost.md). */
  cost?: CostModel;
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(2) : ms.toFixed(0)} ms`);
const cut = (s: string) => (s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s);

export function buildSpanDetails(trace: Trace, node: SpanNode, ctx: DetailsContext): SpanDetails {
  const s = node.span;
  const inv = node.invocation;
  const d: SpanDetails = {
    traceId: trace.traceId,
    spanId: s.spanId,
    name: s.name,
    service: s.service,
    serviceType: serviceTypeOf(node),
    kind: s.kind,
    startMs: s.startMs,
    startOffsetMs: s.startMs - trace.startMs,
    durationMs: s.durationMs,
    status: s.status,
    fault: !!s.fault,
    throttle: !!s.throttle,
    orphan: node.orphan,
    inProgress: s.inProgress || undefined,
    skewed: node.skewed,
    critical: ctx.critical,
    fromLogs: isFromLogs(s),
    attributes: attrsToList(s.attributes),
    resourceAttributes: attrsToList(s.resourceAttributes),
    exceptions: [...s.exceptions.map((e) => exceptionDetails(e, 'span')), ...logFailures(s, node, inv)],
    story: [],
    storyOmitted: 0,
    origin: `${s.origin.file}:${s.origin.line}${s.origin.path ? ` (${s.origin.path})` : ''}`,
  };
  if (s.parentSpanId) d.parentSpanId = s.parentSpanId;
  if (s.statusMessage) d.statusMessage = s.statusMessage;
  if (s.httpStatus !== undefined) d.httpStatus = s.httpStatus;
  if (s.remote) d.remote = s.remote.service ? `${s.remote.service} ${s.remote.name}` : s.remote.name;
  if (s.source) d.source = { file: s.source.file, line: s.source.line, column: s.source.column, function: s.source.function };
  const http = httpDetails(s.attributes, s.httpStatus);
  if (http) d.http = http;
  if (inv) {
    d.invocation = {
      requestId: inv.requestId, functionName: inv.functionName, status: inv.status, coldStart: inv.coldStart,
      initDurationMs: inv.initDurationMs, durationMs: inv.durationMs, billedDurationMs: inv.billedDurationMs,
      memorySizeMb: inv.memorySizeMb, maxMemoryUsedMb: inv.maxMemoryUsedMb, errorType: inv.errorType, errorMessage: inv.errorMessage,
    };
    if (ctx.cost) d.invocation.cost = invocationCostDetails(ctx.cost, inv);
  }
  const story = buildStory(trace, node);
  d.story = story.items;
  d.storyOmitted = story.omitted;
  return d;
}

const MAX_FRAMES = 200;

function exceptionDetails(e: SpanException, from: 'span' | 'log'): ExceptionDetails {
  const shown = e.frames.slice(0, MAX_FRAMES);
  const user = userFrame(e.frames);
  const d: ExceptionDetails = {
    type: e.type, message: e.message, stack: e.stack !== undefined ? cut(e.stack) : undefined, from,
    frames: shown.map((f) => ({ file: f.file, line: f.line, column: f.column, function: f.function, library: isLibraryFrame(f) || undefined })),
  };
  const at = user && !isLibraryFrame(user) ? shown.indexOf(user) : -1;
  if (at >= 0) d.userFrame = at;
  if (e.frames.length > shown.length) d.framesOmitted = e.frames.length - shown.length;
  return d;
}

/** The invocation's own failure lines with a stack (Python traceback, Node Invoke Error), on its entry span. */
function logFailures(s: Span, node: SpanNode, inv: Invocation | undefined): ExceptionDetails[] {
  if (!inv || node.invocation !== inv || s.exceptions.length > 0) return [];
  const out: ExceptionDetails[] = [];
  for (const e of inv.logs) {
    if (!e.failure || !e.frames?.length) continue;
    out.push(exceptionDetails({ type: e.failure.errorType, message: e.failure.errorMessage, frames: e.frames }, 'log'));
    if (out.length >= 5) break;
  }
  return out;
}

export function buildStory(trace: Trace, node: SpanNode): { items: StoryItem[]; omitted: number } {
  const s = node.span;
  const t0 = trace.startMs;
  const at = (ms: number) => ms - t0;
  // Rank keeps simultaneous items in reading order: start, then what happened, then the end.
  const ranked: { item: StoryItem; rank: number; seq: number }[] = [];
  let seq = 0;
  const add = (item: StoryItem, rank: number) => ranked.push({ item, rank, seq: seq++ });

  add({ kind: 'span-start', t: at(s.startMs), text: `${s.service} · ${s.name} started` }, 0);
  for (const c of node.children) {
    const cs = c.span;
    add({ kind: 'child', t: at(cs.startMs), spanId: cs.spanId, text: `→ ${cs.service} · ${cs.name} (${fmtMs(cs.durationMs)})${cs.status === 'error' ? ' failed' : ''}` }, 1);
  }
  for (const e of s.events) {
    if (e.name === 'exception') continue; // shown from s.exceptions below, with its time
    const extra = Object.keys(e.attributes).length > 0 ? ` ${attrToString(e.attributes)}` : '';
    add({ kind: 'event', t: at(e.timeMs), text: `${e.name}${extra}` }, 1);
  }
  const exceptionEvents = s.events.filter((e) => e.name === 'exception');
  s.exceptions.forEach((x, i) => {
    const t = exceptionEvents[i]?.timeMs ?? s.startMs + s.durationMs;
    add({ kind: 'exception', t: at(t), level: 'ERROR', text: `${x.type ?? 'Error'}${x.message ? `: ${x.message}` : ''}` }, 1);
  });
  let omitted = 0;
  const logs = node.logs;
  for (let i = 0; i < logs.length; i++) {
    if (i >= MAX_STORY_ITEMS) { omitted = logs.length - i; break; }
    const l = logs[i];
    add({ kind: 'log', t: at(l.timestampMs), text: cut(l.message.replace(/\s+$/, '')), level: l.level, logKind: l.kind }, 1);
  }
  const endText = s.status === 'error'
    ? `${s.name} failed after ${fmtMs(s.durationMs)}${s.statusMessage ? `: ${s.statusMessage}` : ''}`
    : `${s.name} finished in ${fmtMs(s.durationMs)}`;
  add({ kind: 'span-end', t: at(s.startMs + s.durationMs), level: s.status === 'error' ? 'ERROR' : undefined, text: endText }, 2);
  // Lines logged after the span ended (e.g. REPORT) sort after its end line by time, as they happened.
  ranked.sort((a, b) => a.item.t - b.item.t || a.rank - b.rank || a.seq - b.seq);
  return { items: ranked.map((r) => r.item), omitted };
}
