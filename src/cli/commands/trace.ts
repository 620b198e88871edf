import { parseArgs } from 'util';
import type { Io } from '../args';
import { exitCodeFor, formatMs, isoOrNull, isoOrUnknown, loadForCli, reportProblems, UsageError } from '../args';
import { normalizeTraceId, toXrayTraceId } from '../../core/ids';
import type { LogEvent, SpanNode, Trace } from '../../core/model';
import { isFromLogs } from '../../core/correlate/logTraces';
import { CostModel, formatUsd } from '../../core/cost';
import { COST_HELP, COST_OPTIONS, costModelForCli, invocationCostJson, pricesJson, traceCostJson } from '../cost';

export const traceHelp = `trace <traceId> <paths...> [--json] ${COST_HELP}   one trace as a tree with its spans, log lines and cost (X-Ray or W3C id)`;

export async function traceCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, ...COST_OPTIONS }, allowPositionals: true });
  const [rawId, ...paths] = positionals;
  if (!rawId) throw new UsageError('missing <traceId>');
  const id = normalizeTraceId(rawId);
  if (!id) throw new UsageError(`"${rawId}" is not a trace id (expected 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx or 32 hex digits)`);
  const ds = await loadForCli(paths, io);
  const trace = ds.traceById.get(id);
  if (!trace) {
    reportProblems(ds, io);
    io.err(`trace ${rawId} not found in ${paths.join(' ')}`);
    return 1;
  }
  const cost = costModelForCli(ds, values);
  if (values.json) io.out(JSON.stringify(traceToJson(trace, cost), null, 2));
  else printTree(trace, io, cost);
  reportProblems(ds, io);
  return exitCodeFor(ds);
}

export function traceToJson(trace: Trace, cost?: CostModel): object {
  const toJson = (n: SpanNode): object => {
    const s = n.span;
    return {
      spanId: s.spanId,
      parentSpanId: s.parentSpanId ?? null,
      service: s.service,
      name: s.name,
      kind: s.kind,
      startOffsetMs: round(s.startMs - trace.startMs),
      durationMs: round(s.durationMs),
      status: s.status,
      statusMessage: s.statusMessage ?? null,
      orphan: n.orphan,
      skewed: n.skewed,
      source: s.source ?? null,
      requestId: n.invocation?.requestId ?? s.requestId ?? null,
      coldStart: n.invocation?.coldStart ?? null,
      format: s.format,
      logs: n.logs.map(logJson),
      children: n.children.map(toJson),
    };
  };
  return {
    traceId: trace.traceId,
    xrayTraceId: toXrayTraceId(trace.traceId),
    start: isoOrNull(trace.startMs),
    durationMs: round(trace.durationMs),
    spanCount: trace.nodes.length,
    services: trace.services,
    errors: trace.errorCount,
    invocations: trace.invocations.map((i) => ({
      requestId: i.requestId, function: i.functionName, durationMs: i.durationMs ?? null,
      coldStart: i.coldStart, initDurationMs: i.initDurationMs ?? null, status: i.status,
      ...(cost ? invocationCostJson(cost.invocation(i)) : {}),
    })),
    spans: trace.roots.map(toJson),
    ...(cost ? { ...traceCostJson(cost.trace(trace)), cost: pricesJson(cost) } : {}),
  };
}

function logJson(e: LogEvent): object {
  return { timestamp: isoOrNull(e.timestampMs), level: e.level ?? null, kind: e.kind, message: e.message };
}

function printTree(trace: Trace, io: Io, cost: CostModel): void {
  io.out(`trace ${toXrayTraceId(trace.traceId)} (${trace.traceId})  ${formatMs(trace.durationMs)}  ${trace.nodes.length} spans  ${trace.services.length} services  ${trace.errorCount} errors`);

  const walk = (n: SpanNode, prefix: string, last: boolean): void => {
    const s = n.span;
    const flags = [s.status === 'error' ? 'ERROR' : '', n.orphan ? 'orphan' : '', n.skewed ? 'clock-skew' : '',
      n.invocation?.coldStart ? 'cold start' : '', n.invocation && n.invocation.status !== 'ok' ? n.invocation.status.toUpperCase() : '',
      isFromLogs(s) ? 'from logs' : '']
      .filter(Boolean).join(', ');
    const where = s.source ? `  ${s.source.file}${s.source.line ? `:${s.source.line}` : ''}` : '';
    io.out(`${prefix}${last ? '└─ ' : '├─ '}[${s.service}] ${s.name}  +${formatMs(s.startMs - trace.startMs)}  ${formatMs(s.durationMs)}${n.invocation ? `  ${costFlag(cost, n.invocation)}` : ''}${flags ? `  (${flags})` : ''}${where}`);
    const inner = prefix + (last ? '   ' : '│  ');
    for (const e of n.logs) io.out(`${inner}│ ${isoOrUnknown(e.timestampMs)} ${(e.level ?? '').padEnd(5)} ${oneLine(e.message)}`);
    n.children.forEach((c, i) => walk(c, inner, i === n.children.length - 1));
  };
  trace.roots.forEach((r, i) => walk(r, '', i === trace.roots.length - 1));
  // After the tree, so its first lines stay the header and the root span.
  const tc = cost.trace(trace);
  const shares = tc.byFunction.map((s) => `${s.function} ${formatUsd(s.costUsd)} (${Math.round(s.share * 100)}%)`).join(', ');
  io.out(`cost ${formatUsd(tc.costUsd)} Lambda${shares ? `: ${shares}` : ''}` +
    (tc.services && tc.services.usd > 0 ? `; managed services ~${formatUsd(tc.services.usd)} (estimate)` : '') + ` [prices of ${cost.prices.takenOn}]`);
}

function costFlag(cost: CostModel, inv: NonNullable<SpanNode['invocation']>): string {
  const c = cost.invocation(inv);
  return `${formatUsd(c.totalUsd)}${c.initUsd > 0 ? ` incl. INIT ${formatUsd(c.initUsd)}` : ''}`;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+$/, '').replace(/\n/g, ' ⏎ ');
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
