// Child process for the query bench: load the large dataset, build the query index once, then time
// representative queries (best and median of several runs: the machine is shared and noisy).
import { loadPaths } from '../src/core/load';
import { background } from '../src/core/background';
import { indexFor, runQuery } from '../src/core/query';
import { warmIndexes } from '../src/core/warmIndexes';

/** The first span query after a load (its span index was built in the background meanwhile). */
const FIRST_SPAN_QUERY = 'service:DynamoDB operation:GetItem sort:duration desc limit:20';

export const BENCH_QUERIES = [
  'duration>p95 sort:duration desc limit:10',
  'function:*orders* duration>200ms coldstart:false sort:duration desc limit:50',
  'status:error|timeout|crash since:1h',
  'service:DynamoDB operation:PutItem p95>10ms sort:duration desc limit:50',
  'kind:span attr.http.response.status_code>=500 sort:start desc limit:100',
];

async function run(dir: string): Promise<object> {
  const t0 = performance.now();
  const ds = await loadPaths([dir]);
  const loadMs = performance.now() - t0;
  // As the extension does after a load: the indexes are built in the background, not on the first keystroke.
  const t1 = performance.now();
  warmIndexes(ds, () => true);
  await background.whenIdle();
  const warmMs = performance.now() - t1;
  const ix = indexFor(ds);
  const indexMs = ix.buildMs;
  const spanIndexMs = ix.steps.spanIndex;
  const steps = ix.steps;
  const firstSpanQueryMs = runQuery(ds, FIRST_SPAN_QUERY).elapsedMs;
  const queries = BENCH_QUERIES.map((q) => {
    const times: number[] = [];
    let results = 0;
    for (let i = 0; i < 7; i++) {
      const r = runQuery(ds, q);
      times.push(r.elapsedMs);
      results = r.results.length;
    }
    times.sort((a, b) => a - b);
    return { query: q, bestMs: times[0], medianMs: times[3], results };
  });
  return { loadMs, warmMs, firstSpanQueryMs, indexMs, spanIndexMs, steps, logEvents: ds.logEventCount, spans: ds.spans.length, invocations: ds.invocations.length, queries };
}

if (require.main === module) {
  run(process.argv[2]).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`), (e) => { process.stderr.write(`${e.stack}\n`); process.exitCode = 1; });
}
