import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';


async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => { out += t + '\n'; }, err: (t) => { err += t + '\n'; } });
  return { code, out, err };
}

/** numpy.percentile's default, from its definition, written independently of src/core/stats. */
function percentile(values: number[], p: number): number {
  const a = [...values].sort((x, y) => x - y);
  const h = ((a.length - 1) * p) / 100;
  const lo = Math.floor(h);
  return lo + 1 < a.length ? a[lo] + (h - lo) * (a[lo + 1] - a[lo]) : a[lo];
}

interface JsonGroup { key: string; count: number; errors: number; timeouts: number; coldStarts: number; p50Ms: number; p90Ms: number; p95Ms: number; p99Ms: number; maxMs: number }
interface JsonStats { groups: JsonGroup[]; anomalies: { group: string; bucketStart: string; metric: string; observed: number; baseline: number }[] }

function assertClose(got: number, want: number, what: string): void {
  const tol = Math.max(Math.abs(want) * 0.005, 1e-6);
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs independent ${want}`);
}

function comparePercentiles(g: JsonGroup, durations: number[]): void {
  assert.equal(g.count, durations.length, `${g.key} count`);
  for (const p of [50, 90, 95, 99] as const) assertClose(g[`p${p}Ms`], percentile(durations, p), `${g.key} p${p}`);
  assertClose(g.maxMs, Math.max(...durations), `${g.key} max`);
}

describe('stats CLI on the shared fixtures', () => {
  it('--by function uses REPORT durations (CloudWatch fixtures)', async () => {
    const dir = path.join(FIXTURES, 'cloudwatch');
    const { code, out } = await cli(['stats', dir, '--json']);
    assert.equal(code, 0);
    const json = JSON.parse(out) as JsonStats;
    // Independent: read the REPORT lines straight from the files.
    const want = new Map<string, number[]>();
    for (const f of await fs.readdir(dir)) {
      const doc = JSON.parse(await fs.readFile(path.join(dir, f), 'utf8')) as { logGroup: string; logEvents: { message: string }[] };
      const fn = doc.logGroup.replace('/aws/lambda/', '');
      for (const e of doc.logEvents) {
        const m = /^REPORT RequestId: \S+?(?:\\t|\t)Duration: ([\d.]+) ms/.exec(e.message);
        if (m) want.set(fn, [...(want.get(fn) ?? []), Number(m[1])]);
      }
    }
    assert.ok(want.size >= 2);
    assert.deepEqual(json.groups.map((g) => g.key).sort(), [...want.keys()].sort());
    for (const g of json.groups) comparePercentiles(g, want.get(g.key)!);
    assert.equal(json.groups.find((g) => g.key === 'storms-cloudwatch-event')!.coldStarts, 1);
    assert.deepEqual(json.anomalies, []);
  });

  it('--by service on a 1,041-span Zipkin trace matches per-service percentiles of the raw file', async () => {
    const file = path.join(FIXTURES, 'zipkin', 'smartthings-mobile-web-install.json');
    const { code, out } = await cli(['stats', file, '--by', 'service', '--json']);
    assert.equal(code, 0);
    const json = JSON.parse(out) as JsonStats;
    const raw = JSON.parse(await fs.readFile(file, 'utf8')) as { id: string; duration?: number; localEndpoint?: { serviceName?: string } }[];
    // Independent: every record with a duration is a span (shared client/server halves both count; records
    // without one are fragments, completed from or folded into their timed half, never a latency of their own).
    const byService = new Map<string, number[]>();
    for (const s of raw) {
      if (s.duration === undefined) continue;
      const name = s.localEndpoint?.serviceName ?? '';
      byService.set(name, [...(byService.get(name) ?? []), s.duration / 1000]);
    }
    let compared = 0;
    for (const [name, durations] of byService) {
      if (durations.length < 10) continue;
      const g = json.groups.find((x) => x.key === name);
      assert.ok(g, `group ${name}`);
      comparePercentiles(g, durations);
      compared++;
    }
    assert.ok(compared >= 8, `compared ${compared} services`);
  });

  it('--by operation on Jaeger JSON', async () => {
    const file = path.join(FIXTURES, 'jaeger', 'ride-sharing-trace.json');
    const { code, out } = await cli(['stats', file, '--by', 'operation', '--json']);
    assert.equal(code, 0);
    const json = JSON.parse(out) as JsonStats;
    const raw = JSON.parse(await fs.readFile(file, 'utf8')) as { data: { spans: { operationName: string; duration: number; processID: string }[]; processes: Record<string, { serviceName: string }> } };
    const want = new Map<string, number[]>();
    for (const s of raw.data.spans) {
      const key = `${raw.data.processes[s.processID].serviceName}: ${s.operationName}`;
      want.set(key, [...(want.get(key) ?? []), s.duration / 1000]);
    }
    assert.deepEqual(json.groups.map((g) => g.key).sort(), [...want.keys()].sort());
    for (const g of json.groups) comparePercentiles(g, want.get(g.key)!);
  });

  it('prints a table without --json, and rejects bad options with exit 2', async () => {
    const table = await cli(['stats', path.join(FIXTURES, 'zipkin', 'yelp.json'), '--by', 'edge', '--bucket', '1m']);
    assert.equal(table.code, 0);
    assert.match(table.out, /^edge\s+count\s+errors\s+timeouts\s+cold\s+p50\s+p90\s+p95\s+p99\s+max/m);
    assert.match(table.out, / -> /);
    assert.match(table.out, /anomalies \(1m buckets\): none/);
    assert.equal((await cli(['stats', FIXTURES, '--by', 'region'])).code, 2);
    assert.equal((await cli(['stats', FIXTURES, '--bucket', 'soon'])).code, 2);
    assert.equal((await cli(['stats'])).code, 2);
  });
});
