import { parseArgs } from 'util';
import type { Io } from '../args';
import { formatDuration } from '../../common/format';
import { exitCodeFor, loadForCli, reportProblems, UsageError } from '../args';
import { Anomaly, computeStats, formatBucket, GROUP_BYS, GroupBy, GroupStats, parseBucket, StatsResult } from '../../core/stats';
import { CostModel, formatUsd } from '../../core/cost';
import { COST_HELP, COST_OPTIONS, costModelForCli, functionCostJson, pricesJson } from '../cost';

export const statsHelp =
  `stats <paths...> [--by function|service|operation|edge] [--bucket 1m|5m|auto] [--series] [--json] ${COST_HELP}   percentiles, errors, cold starts, cost and anomalies per group`;

export async function statsCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { by: { type: 'string', default: 'function' }, bucket: { type: 'string', default: 'auto' }, json: { type: 'boolean' }, series: { type: 'boolean' }, ...COST_OPTIONS },
    allowPositionals: true,
  });
  const by = values.by as GroupBy;
  if (!GROUP_BYS.includes(by)) throw new UsageError(`--by must be one of ${GROUP_BYS.join(', ')}`);
  let bucketMs: number | undefined;
  if (values.bucket !== 'auto') {
    bucketMs = parseBucket(values.bucket!);
    if (bucketMs === undefined) throw new UsageError(`--bucket "${values.bucket}" is not a duration such as 30s, 1m, 5m, 1h or auto`);
  }
  const ds = await loadForCli(positionals, io);
  let result: StatsResult;
  try {
    result = computeStats(ds, { by, bucketMs });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  // Cost is per Lambda function: only `--by function` groups are functions.
  const cost = by === 'function' ? costModelForCli(ds, values) : undefined;
  if (values.json) io.out(JSON.stringify(statsToJson(result, values.series === true, cost), null, 2));
  else printTable(result, io, cost);
  reportProblems(ds, io);
  return exitCodeFor(ds);
}

export function statsToJson(r: StatsResult, series = false, cost?: CostModel): object {
  const costs = new Map((cost?.functions() ?? []).map((f) => [f.function, f]));
  return {
    by: r.by,
    bucket: formatBucket(r.bucketMs),
    bucketMs: r.bucketMs,
    start: r.groups.length ? new Date(r.rangeStartMs).toISOString() : null,
    end: r.groups.length ? new Date(r.rangeEndMs).toISOString() : null,
    groups: r.groups.map((g) => {
      const f = costs.get(g.key);
      return f ? { ...groupJson(g, series), ...functionCostJson(f) } : groupJson(g, series);
    }),
    anomalies: r.anomalies.map(anomalyJson),
    ...(cost ? { cost: pricesJson(cost) } : {}),
  };
}

function groupJson(g: GroupStats, series: boolean): object {
  return {
    key: g.key,
    count: g.count,
    errors: g.errors,
    timeouts: g.timeouts,
    coldStarts: g.coldStarts,
    p50Ms: num(g.p50Ms), p90Ms: num(g.p90Ms), p95Ms: num(g.p95Ms), p99Ms: num(g.p99Ms), maxMs: num(g.maxMs), meanMs: num(g.meanMs),
    initCount: g.init.count, initP50Ms: num(g.init.p50Ms), initMaxMs: num(g.init.maxMs),
    maxMemoryUsedMb: num(g.memory.maxUsedMb), p95MemoryUsedMb: num(g.memory.p95UsedMb), memorySizeMb: num(g.memory.sizeMb),
    ...(series ? {
      buckets: g.bucketed.buckets.map((b) => ({
        start: new Date(b.startMs).toISOString(), count: b.count, errors: b.errors, timeouts: b.timeouts, coldStarts: b.coldStarts,
        p50Ms: num(b.p50Ms), p90Ms: num(b.p90Ms), p95Ms: num(b.p95Ms), p99Ms: num(b.p99Ms), maxMs: num(b.maxMs),
        initMeanMs: num(b.initMeanMs), maxMemoryUsedMb: num(b.maxMemUsedMb),
      })),
    } : {}),
  };
}

function anomalyJson(a: Anomaly): object {
  return {
    group: a.group,
    bucketStart: new Date(a.bucketStart).toISOString(),
    metric: a.metric,
    observed: num(a.observed),
    baseline: num(a.baseline),
    threshold: num(a.threshold),
    count: a.count,
    pValue: a.pValue,
    bucketMs: a.bucketMs,
  };
}

/** Per function: where the architecture came from, the expensive parts, and the right-sizing estimate. */
function printCostNotes(cost: CostModel, io: Io): void {
  io.out('');
  io.out(`cost (USD, on-demand prices of ${cost.prices.takenOn}; Lambda compute + requests):`);
  for (const f of cost.functions()) {
    const a = f.architecture;
    const parts = [`${a.architecture} (${a.source === 'default' ? 'assumed' : a.source})`,
      `cold-start INIT ${formatUsd(f.coldStartCostUsd)}`, `timeouts ${formatUsd(f.timeoutCostUsd)}`, `failed ${formatUsd(f.failedCostUsd)}`, `retried failures ${formatUsd(f.retriedCostUsd)}`];
    if (f.slowTail) parts.push(`slow tail >p95 ${formatUsd(f.slowTail.costUsd)} vs ${formatUsd(f.slowTail.atMedianUsd)} at the median`);
    io.out(`  ${f.function}: ${parts.join(', ')}`);
    const rs = f.rightSizing;
    if (rs && rs.recommendedMb < rs.currentMb) {
      io.out(`    memory ${rs.currentMb} MB -> ${rs.recommendedMb} MB (p99 used ${Math.round(rs.p99MaxMemoryUsedMb)} MB + ${Math.round(rs.headroom * 100)}%): ` +
        `${formatUsd(rs.monthlyCostUsd)}/month -> ${formatUsd(rs.monthlyCostAtRecommendedUsd)}/month at the observed rate (estimate: less memory is less CPU)`);
    }
    for (const w of f.warnings) io.out(`    note: ${w}`);
  }
}

/** NaN (no data) is null in JSON; values keep microsecond precision. */
function num(n: number): number | null {
  return Number.isFinite(n) ? Math.round(n * 1000) / 1000 : null;
}

function printTable(r: StatsResult, io: Io, cost?: CostModel): void {
  const costs = new Map((cost?.functions() ?? []).map((f) => [f.function, f]));
  const head = ['count', 'errors', 'timeouts', 'cold', 'p50', 'p90', 'p95', 'p99', 'max', ...(cost ? ['cost', 'per 1M'] : [])];
  const width = Math.min(60, Math.max(r.by.length, ...r.groups.map((g) => g.key.length)));
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
  io.out(`${cut(r.by)}  ${head.map((h) => h.padStart(9)).join(' ')}`);
  for (const g of r.groups) {
    const f = costs.get(g.key);
    const cells = [g.count, g.errors, g.timeouts, g.coldStarts].map(String)
      .concat([g.p50Ms, g.p90Ms, g.p95Ms, g.p99Ms, g.maxMs].map(formatDuration))
      .concat(cost ? [f ? formatUsd(f.costUsd) : '–', f ? formatUsd(f.costPer1MUsd) : '–'] : []);
    io.out(`${cut(g.key)}  ${cells.map((c) => c.padStart(9)).join(' ')}`);
  }
  if (cost) printCostNotes(cost, io);
  io.out('');
  io.out(`anomalies (${formatBucket(r.bucketMs)} buckets): ${r.anomalies.length === 0 ? 'none' : ''}`);
  for (const a of r.anomalies) {
    const fmt = a.metric === 'p95Ms' ? formatDuration : (v: number) => `${(v * 100).toFixed(1)}%`;
    io.out(`  ${new Date(a.bucketStart).toISOString()}  ${a.group}  ${a.metric} ${fmt(a.observed)} (baseline ${fmt(a.baseline)}, ${a.count} rows)`);
  }
}
