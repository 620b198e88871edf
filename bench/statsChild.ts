// Child process for the stats bench: load once, then time stats + anomaly detection per grouping.
import { loadPaths } from '../src/core/load';
import { compareSlowFast, computeStats, GROUP_BYS, StatsIndex } from '../src/core/stats';

async function run(paths: string[]): Promise<object> {
  // CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours.
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = performance.now();
  const c0 = cpu();
  const ds = await loadPaths(paths);
  const loadMs = performance.now() - t0;
  const loadCpuMs = cpu() - c0;
  const cpuMs: Record<string, number> = {};
  const best = (f: () => void, n = 3, name?: string) => {
    let ms = Infinity;
    let c = Infinity;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const ct = cpu();
      f();
      ms = Math.min(ms, performance.now() - t);
      c = Math.min(c, cpu() - ct);
    }
    if (name) cpuMs[name] = c;
    return ms;
  };
  const perGrouping: Record<string, number> = {};
  let anomalies = 0;
  let rows = 0;
  for (const by of GROUP_BYS) {
    perGrouping[by] = best(() => {
      const r = computeStats(ds, { by });
      if (by === 'function') {
        anomalies = r.anomalies.length;
        rows = r.groups.reduce((n, g) => n + g.count, 0);
      }
    }, 3, by);
  }
  const indexMs = best(() => StatsIndex.build(ds));
  const index = StatsIndex.build(ds);
  const biggest = [...index.get('function').groups].sort((a, b) => b.count - a.count)[0];
  const compareMs = biggest ? best(() => compareSlowFast(biggest.table), 1) : 0;
  return { loadMs, loadCpuMs, cpuMs, perGrouping, indexMs, compareMs, anomalies, rows, biggest: biggest?.key, biggestRows: biggest?.count ?? 0, spans: ds.spans.length, logEvents: ds.logEventCount };
}

run(process.argv.slice(2)).then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
