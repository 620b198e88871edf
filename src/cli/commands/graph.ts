import { parseArgs } from 'util';
import type { Io } from '../args';
import { exitCodeFor, formatMs, loadForCli, reportProblems, UsageError } from '../args';
import { normalizeTraceId } from '../../core/ids';
import { buildServiceGraph, buildTraceGraph, ServiceGraph } from '../../core/graph';

export const graphHelp = 'graph <paths...> [--json] [--trace <id>]   service graph: nodes and caller -> callee edges with calls, errors, p50/p95/p99';

export async function graphCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, options: { json: { type: 'boolean' }, trace: { type: 'string' } }, allowPositionals: true,
  });
  let traceId: string | undefined;
  if (values.trace !== undefined) {
    traceId = normalizeTraceId(values.trace);
    if (!traceId) throw new UsageError(`"${values.trace}" is not a trace id`);
  }
  const ds = await loadForCli(positionals, io);
  const graph = traceId ? buildTraceGraph(ds, traceId) : buildServiceGraph(ds);
  if (!graph) {
    reportProblems(ds, io);
    io.err(`trace ${values.trace} not found in ${positionals.join(' ')}`);
    return 1;
  }
  if (values.json) io.out(JSON.stringify(graph, null, 2));
  else printGraph(graph, io);
  reportProblems(ds, io);
  return exitCodeFor(ds);
}

function printGraph(g: ServiceGraph, io: Io): void {
  const stats = (x: { calls: number; errors: number; p50Ms: number; p95Ms: number; p99Ms: number }) =>
    `${String(x.calls).padStart(7)} calls ${String(x.errors).padStart(6)} errors  p50 ${formatMs(x.p50Ms).padStart(8)}  p95 ${formatMs(x.p95Ms).padStart(8)}  p99 ${formatMs(x.p99Ms).padStart(8)}`;
  const width = Math.max(10, ...g.nodes.map((n) => n.id.length));
  io.out(`nodes (${g.nodes.length}), from ${g.traces} trace(s)`);
  for (const n of g.nodes) io.out(`  ${n.id.padEnd(width)}  ${stats(n)}`);
  const arrows = g.edges.map((e) => `${e.source} ${e.async ? '~>' : '->'} ${e.target}`);
  const ew = Math.max(10, ...arrows.map((a) => a.length));
  io.out(`edges (${g.edges.length}; ~> is asynchronous delivery)`);
  g.edges.forEach((e, i) => io.out(`  ${arrows[i].padEnd(ew)}  ${stats(e)}`));
}
