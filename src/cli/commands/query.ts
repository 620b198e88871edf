// `trace-explorer query '<expr>' <paths...> [--json] [--insights]`: the palette's query language on files.
import type { Io } from '../args';
import { EXIT_USAGE, exitCodeFor, formatMs, isoOrNull, isoOrUnknown, loadForCli, reportProblems, UsageError } from '../args';
import { caretLines, parseQuery, QueryError, runQuery, translateToInsights } from '../../core/query';
import type { Query, QueryResult } from '../../core/query';
import { formatUsd, usdJson } from '../../core/cost';

export const queryHelp = "query '<expr>' <paths...> [--json] [--insights]   invocations/spans matching a query, e.g. 'duration>p95 sort:duration desc limit:10'";

export async function queryCommand(argv: string[], io: Io): Promise<number> {
  const { flags, positionals } = splitArgs(argv);
  const [expr, ...paths] = positionals;
  if (expr === undefined) throw new UsageError("missing '<expr>' (use '' for everything)");
  let q: Query;
  try {
    q = parseQuery(expr);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    io.err(`trace-explorer query: ${err.message}`);
    for (const l of caretLines(expr, err)) io.err(`  ${l}`);
    return EXIT_USAGE;
  }
  const ds = await loadForCli(paths, io);
  const run = runQuery(ds, q);
  if (flags.has('insights')) {
    // What would be pushed to CloudWatch for the same query on live data (relative to now).
    io.err(`Logs Insights: ${JSON.stringify(translateToInsights(q, { nowMs: Date.now(), functions: ds.functions.map((f) => f.name) }), null, 2)}`);
  }
  if (flags.has('json')) io.out(JSON.stringify({ results: run.results.map(toJson) }, null, 2));
  else printTable(run.results, io, run.truncated, run.kind);
  reportProblems(ds, io);
  return exitCodeFor(ds);
}

/** Flags anywhere; everything else (including a query starting with "-", like "-coldstart:true") is positional. */
function splitArgs(argv: string[]): { flags: Set<string>; positionals: string[] } {
  const flags = new Set<string>();
  const positionals: string[] = [];
  let rest = false;
  for (const a of argv) {
    if (!rest && a === '--') rest = true;
    else if (!rest && (a === '--json' || a === '--insights')) flags.add(a.slice(2));
    else if (!rest && a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positionals.push(a);
  }
  return { flags, positionals };
}

function toJson(r: QueryResult): object {
  return {
    kind: r.kind,
    traceId: r.traceId,
    requestId: r.requestId,
    function: r.function,
    service: r.service,
    name: r.name,
    start: isoOrNull(r.start),
    startMs: r.start,
    durationMs: Math.round(r.durationMs * 1000) / 1000,
    coldStart: r.coldStart,
    status: r.status,
    errorMessage: r.errorMessage ?? null,
    spanId: r.spanId ?? null,
    costUsd: usdJson(r.costUsd ?? 0),
  };
}

function printTable(results: QueryResult[], io: Io, truncated: boolean, kind: string): void {
  for (const r of results) {
    const who = r.kind === 'invocation' ? r.function ?? '' : `[${r.service}] ${r.name}`;
    const flags = [r.status !== 'ok' ? r.status.toUpperCase() : '', r.coldStart ? 'cold start' : ''].filter(Boolean).join(', ');
    const err = r.errorMessage ? `  ${r.errorMessage.replace(/\s+/g, ' ').slice(0, 120)}` : '';
    const cost = r.costUsd ? `  ${formatUsd(r.costUsd)}` : '';
    io.out(`${isoOrUnknown(r.start).padEnd(24)}  ${formatMs(r.durationMs).padStart(9)}  ${who}${cost}${flags ? `  (${flags})` : ''}  ${r.traceId ?? r.requestId ?? ''}${err}`);
  }
  io.out(`${results.length} ${kind}${results.length === 1 ? '' : 's'}${truncated ? ' (limit reached)' : ''}`);
}
