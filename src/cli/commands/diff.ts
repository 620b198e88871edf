import { parseArgs } from 'util';
import type { Io } from '../args';
import { exitCodeFor, loadForCli, reportProblems, UsageError } from '../args';
import { formatDuration } from '../../common/format';
import { normalizeTraceId, toXrayTraceId } from '../../core/ids';
import type { Trace } from '../../core/model';
import { diffTraces, entryPointOf, relativeChange, typicalTrace } from '../../core/compare';
import type { DiffRow, TraceDiff } from '../../core/compare';

export const diffHelp = 'diff <traceA> <traceB|--typical> <paths...> [--json] [--limit N]   compare two traces span by span (matched by their path), or a trace with the typical trace of its entry point';

export async function diffCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { json: { type: 'boolean' }, typical: { type: 'boolean' }, limit: { type: 'string' } },
  });
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit must be a whole number, got "${values.limit}"`);
  const need = values.typical ? 1 : 2;
  if (positionals.length < need) throw new UsageError(values.typical ? 'missing <traceA>' : 'missing <traceA> and <traceB> (or <traceA> --typical)');
  const ids = positionals.slice(0, need).map((raw) => {
    const id = normalizeTraceId(raw);
    if (!id) throw new UsageError(`"${raw}" is not a trace id (expected 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx or 32 hex digits)`);
    return { raw, id };
  });
  const paths = positionals.slice(need);
  const ds = await loadForCli(paths, io);
  const traces: Trace[] = [];
  for (const { raw, id } of ids) {
    const t = ds.traceById.get(id);
    if (!t) { reportProblems(ds, io); io.err(`trace ${raw} not found in ${paths.join(' ')}`); return 1; }
    traces.push(t);
  }
  let typical: { entryPoint: string; from: number } | undefined;
  if (values.typical) {
    // The trace asked about is B; the typical trace (what usually happens) is A.
    const entry = entryPointOf(traces[0]);
    const ty = typicalTrace(ds.traces, entry, { exclude: traces[0].traceId });
    if (!ty) { io.err(`no other trace of ${entry} to build a typical trace from`); return 1; }
    typical = { entryPoint: entry, from: ty.from };
    traces.unshift(ty.trace);
  }
  const d = diffTraces(traces[0], traces[1], { biggest: limit });
  if (values.json) io.out(JSON.stringify(diffJson(d, typical), null, 2));
  else printDiff(d, io, typical);
  reportProblems(ds, io);
  return exitCodeFor(ds);
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

function sideJson(t: Trace, typical?: { entryPoint: string; from: number }): object {
  if (typical) return { typical: true, entryPoint: typical.entryPoint, traces: typical.from, durationMs: r3(t.durationMs), spanCount: t.nodes.length };
  return { traceId: t.traceId, xrayTraceId: toXrayTraceId(t.traceId), entryPoint: entryPointOf(t), durationMs: r3(t.durationMs), spanCount: t.nodes.length };
}

function rowJson(r: DiffRow, typicalA: boolean): object {
  const rel = relativeChange(r.aMs, r.bMs);
  return {
    depth: r.depth, service: r.service, name: r.name, side: r.side,
    aSpanId: typicalA ? null : r.a?.span.spanId ?? null, bSpanId: r.b?.span.spanId ?? null,
    aMs: r3(r.aMs), bMs: r3(r.bMs), deltaMs: r3(r.bMs - r.aMs), relative: Number.isFinite(rel) ? r3(rel) : null,
    aSelfMs: r3(r.aSelf), bSelfMs: r3(r.bSelf), deltaSelfMs: r3(r.bSelf - r.aSelf),
  };
}

export function diffJson(d: TraceDiff, typical?: { entryPoint: string; from: number }): object {
  return {
    a: sideJson(d.a, typical), b: sideJson(d.b),
    deltaMs: r3(d.b.durationMs - d.a.durationMs),
    matched: d.matched, onlyA: d.onlyA, onlyB: d.onlyB,
    biggest: d.biggest.map((i) => ({ row: i, ...rowJson(d.rows[i], !!typical) })),
    rows: d.rows.map((r) => rowJson(r, !!typical)),
  };
}

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${formatDuration(Math.abs(ms))}`;

function pct(a: number, b: number): string {
  const rel = relativeChange(a, b);
  return Number.isFinite(rel) ? `${rel >= 0 ? '+' : '−'}${Math.round(Math.abs(rel) * 100)}%` : 'new';
}

function printDiff(d: TraceDiff, io: Io, typical?: { entryPoint: string; from: number }): void {
  const label = (t: Trace, ty?: typeof typical) => ty ? `typical ${ty.entryPoint} (median of ${ty.from} traces)` : `${toXrayTraceId(t.traceId)} ${entryPointOf(t)}`;
  io.out(`A: ${label(d.a, typical)}  ${formatDuration(d.a.durationMs)}  ${d.a.nodes.length} spans`);
  io.out(`B: ${label(d.b)}  ${formatDuration(d.b.durationMs)}  ${d.b.nodes.length} spans`);
  io.out(`B - A: ${signed(d.b.durationMs - d.a.durationMs)}; ${d.matched} spans in both, ${d.onlyA} only in A, ${d.onlyB} only in B`);
  io.out('');
  io.out('biggest differences (self time: time not spent in child spans):');
  if (d.biggest.length === 0) io.out('  none');
  for (const i of d.biggest) {
    const r = d.rows[i];
    const where = r.side === 'both' ? '' : r.side === 'a' ? '  (only in A)' : '  (only in B)';
    io.out(`  ${signed(r.bSelf - r.aSelf).padStart(10)}  ${pct(r.aSelf, r.bSelf).padStart(6)}  [${r.service}] ${r.name}  self ${formatDuration(r.aSelf)} -> ${formatDuration(r.bSelf)}${where}`);
  }
  io.out('');
  io.out('merged tree (A total -> B total, difference):');
  for (const r of d.rows) {
    const mark = r.side === 'both' ? ' ' : r.side === 'a' ? '-' : '+';
    const times = r.side === 'both' ? `${formatDuration(r.aMs)} -> ${formatDuration(r.bMs)}  ${signed(r.bMs - r.aMs)} (${pct(r.aMs, r.bMs)})`
      : r.side === 'a' ? `${formatDuration(r.aMs)}, only in A` : `${formatDuration(r.bMs)}, only in B`;
    io.out(`${mark} ${'  '.repeat(r.depth)}[${r.service}] ${r.name}  ${times}`);
  }
}
