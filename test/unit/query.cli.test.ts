import { FIXTURES } from './fixturesDir';
import { strict as assert } from 'assert';
import { existsSync } from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { loadPaths } from '../../src/core/load';
import type { Invocation } from '../../src/core/model';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** numpy.percentile's default linear interpolation, written here independently of the core. */
function p95(values: number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const h = 0.95 * (xs.length - 1);
  const j = Math.floor(h);
  return j + 1 < xs.length ? xs[j] + (h - j) * (xs[j + 1] - xs[j]) : xs[j];
}

describe('trace-explorer query (CLI)', function () {
  this.timeout(30000);
  it("'duration>p95 sort:duration desc limit:10' on the sample lists exactly the 10 slowest above-p95 invocations", async function () {
    if (!existsSync(SAMPLE)) this.skip();
    const { code, out } = await cli('query', 'duration>p95 sort:duration desc limit:10', SAMPLE, '--json');
    assert.equal(code, 0);
    const { results } = JSON.parse(out);
    // Independent computation: per function, the invocations above that function's own p95.
    const ds = await loadPaths([SAMPLE]);
    const dur = (i: Invocation) => i.durationMs ?? i.endMs - i.startMs;
    const byFn = new Map<string, number[]>();
    for (const i of ds.invocations) byFn.set(i.functionName, [...(byFn.get(i.functionName) ?? []), dur(i)]);
    const cut = new Map([...byFn].map(([f, v]) => [f, p95(v)]));
    const want = ds.invocations.filter((i) => dur(i) > cut.get(i.functionName)!)
      .sort((a, b) => dur(b) - dur(a) || a.startMs - b.startMs).slice(0, 10);
    assert.equal(results.length, 10);
    assert.deepEqual(results.map((r: any) => r.requestId), want.map((i) => i.requestId));
    assert.deepEqual(results.map((r: any) => r.durationMs), want.map((i) => Math.round(dur(i) * 1000) / 1000));
    for (const r of results) {
      for (const k of ['kind', 'traceId', 'requestId', 'function', 'service', 'name', 'start', 'durationMs', 'coldStart', 'status']) assert.ok(k in r, k);
      assert.equal(r.kind, 'invocation');
      assert.equal(new Date(r.start).toISOString(), r.start);
    }
    const text = await cli('query', 'duration>p95 sort:duration desc limit:10', SAMPLE);
    assert.equal(text.out.split('\n').length, 11);
    assert.match(text.out, /10 invocations \(limit reached\)$/);
  });

  it('prints the query with a caret under a parse error and exits 2', async () => {
    const { code, err, out } = await cli('query', 'function:orders-* duration>fast', FIXTURES);
    assert.equal(code, 2);
    assert.equal(out, '');
    const lines = err.split('\n');
    assert.match(lines[0], /expected a duration like 800ms or a percentile like p95 after "duration>" at 27/);
    assert.equal(lines[1], '  function:orders-* duration>fast');
    assert.equal(lines[2], `  ${' '.repeat(27)}^^^^`);
  });

  it('reads a query starting with "-" as the query, rejects unknown options and missing paths', async () => {
    const neg = await cli('query', '-coldstart:true', FIXTURES, '--json');
    assert.equal(neg.code, 0);
    assert.ok(JSON.parse(neg.out).results.every((r: any) => r.coldStart === false));
    assert.equal((await cli('query', 'x', FIXTURES, '--yaml')).code, 2);
    assert.equal((await cli('query', 'status:error')).code, 2);
    assert.equal((await cli('query')).code, 2);
  });

  it('span results carry the span id to open', async () => {
    const { code, out } = await cli('query', 'kind:span status:error sort:duration limit:2', FIXTURES, '--json');
    assert.equal(code, 0);
    const { results } = JSON.parse(out);
    assert.equal(results.length, 2);
    for (const r of results) { assert.equal(r.kind, 'span'); assert.ok(r.spanId); assert.equal(r.status, 'error'); }
    assert.ok(results[0].durationMs >= results[1].durationMs);
  });

  it('--insights shows the Logs Insights translation on stderr', async () => {
    const { code, err } = await cli('query', 'duration>800ms coldstart:true sort:duration desc limit:5', FIXTURES, '--insights');
    assert.equal(code, 0);
    assert.match(err, /Logs Insights: /);
    assert.ok(err.includes('filter @type = \\"REPORT\\" or type = \\"platform.report\\" | filter invDuration > 800 | filter ispresent(@initDuration) or ispresent(record.metrics.initDurationMs) | sort invDuration desc | limit 5'), err);
  });
});
