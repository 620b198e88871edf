import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { formatDuration } from '../../src/common/format';
import { CodeMap, explain, HandlerLens, LensIndex, LineLens, nodeFileReader, operationLabel, parseOverrides } from '../../src/core/code';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { StatsIndex } from '../../src/core/stats';
import { CostModel, declaredLookup, formatUsd } from '../../src/core/cost';
import { lineContaining, listFiles, SAMPLE_APP, SAMPLE_DATA, writeProject } from './code.fixtures';

interface JsonGroup { key: string; count: number; errors: number; timeouts: number; coldStarts: number; p50Ms: number; p95Ms: number; p99Ms: number }

async function cliStats(): Promise<JsonGroup[]> {
  let out = '';
  const code = await main(['stats', '--json', SAMPLE_DATA], { out: (t) => { out += t + '\n'; }, err: () => undefined });
  assert.equal(code, 0);
  return (JSON.parse(out) as { groups: JsonGroup[] }).groups;
}

const FILES = {
  orders: path.join(SAMPLE_APP, 'src/orders/handler.js'),
  notifications: path.join(SAMPLE_APP, 'src/notifications/handler.py'),
  billing: path.join(SAMPLE_APP, 'src/billing/handler.ts'),
};
const FUNCTION_OF: Record<keyof typeof FILES, string> = { orders: 'shop-orders-api', notifications: 'shop-notifications', billing: 'shop-billing' };

describe('code: lens model on the sample app', function () {
  this.timeout(60_000);
  let ds: Dataset;
  let code: CodeMap;
  let lenses: LensIndex;

  before(async () => {
    ds = await loadPaths([SAMPLE_DATA]);
    code = new CodeMap({ reader: nodeFileReader(), files: [listFiles(SAMPLE_APP)] });
    lenses = LensIndex.build(ds, code);
  });

  it('each sample handler file has its handler lens on the handler line, numbers = StatsIndex = `trace-explorer stats --json`', async () => {
    const cli = await cliStats();
    const stats = StatsIndex.of(ds);
    for (const [key, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
      const fn = FUNCTION_OF[key];
      const h = lenses.lensesFor(file).find((l): l is HandlerLens => l.kind === 'handler');
      assert.ok(h, `no handler lens in ${file}`);
      assert.equal(h.functionName, fn);
      const text = fs.readFileSync(file, 'utf8');
      const want = key === 'notifications' ? 'def handler(' : key === 'billing' ? 'export const handler' : 'exports.handler =';
      assert.equal(h.line, lineContaining(text, want));
      const g = stats.statsFor(fn)!;
      const c = cli.find((x) => x.key === fn)!;
      assert.deepEqual(
        [h.stats.invocations, h.stats.p50Ms, h.stats.p95Ms, h.stats.p99Ms, h.stats.errors, h.stats.timeouts, h.stats.coldStarts],
        [g.count, g.p50Ms, g.p95Ms, g.p99Ms, g.errors, g.timeouts, g.coldStarts],
      );
      assert.equal(h.stats.invocations, c.count);
      assert.equal(h.stats.errors, c.errors);
      assert.equal(h.stats.timeouts, c.timeouts);
      assert.equal(h.stats.coldStarts, c.coldStarts);
      // The CLI rounds to 3 decimals; the lens text shows the same value formatted.
      assert.ok(Math.abs(h.stats.p95Ms - c.p95Ms) < 0.001, `${fn} p95 ${h.stats.p95Ms} vs CLI ${c.p95Ms}`);
      assert.ok(h.title.includes(`p95 ${formatDuration(c.p95Ms)}`), h.title);
      assert.ok(h.title.includes(`${c.count} invocations`), h.title);
    }
  });

  it('the compiled billing file gets the handler lens too, on its compiled handler line', () => {
    const dist = path.join(SAMPLE_APP, 'src/billing/dist/handler.js');
    const h = lenses.lensesFor(dist).find((l) => l.kind === 'handler');
    assert.equal(h?.line, lineContaining(fs.readFileSync(dist, 'utf8'), 'const handler = async'));
  });

  it('line lenses count the spans recorded at that line (independent count over the dataset)', () => {
    const put = lenses.lensesFor(FILES.orders).find((l): l is LineLens => l.kind === 'line' && l.operation === 'DynamoDB PutItem');
    assert.ok(put);
    const text = fs.readFileSync(FILES.orders, 'utf8');
    assert.equal(put.line, lineContaining(text, 'await ddb.send(new PutItemCommand'));
    const spans = ds.spans.filter((s) => s.source?.file.endsWith('orders/handler.js') && s.source.line === put.line && operationLabel(s) === 'DynamoDB PutItem');
    assert.equal(put.calls, spans.length);
    assert.equal(put.errors, spans.filter((s) => s.status === 'error' || s.fault).length);
    const d = spans.map((s) => s.durationMs).sort((a, b) => a - b);
    const h = (d.length - 1) * 0.95;
    const p95 = d[Math.floor(h)] + (h - Math.floor(h)) * (d[Math.ceil(h)] - d[Math.floor(h)]);
    assert.ok(Math.abs(put.p95Ms - p95) < 1e-9);
    // Billing's calls, recorded on the compiled file, land on the TypeScript lines through the map.
    const ts = fs.readFileSync(FILES.billing, 'utf8');
    const billingLines = lenses.lensesFor(FILES.billing).filter((l) => l.kind === 'line').map((l) => [l.line, (l as LineLens).operation]);
    assert.deepEqual(billingLines, [
      [lineContaining(ts, 'await fetch(PAYMENTS_URL'), 'api.payments.example POST'],
      [lineContaining(ts, 'await ddb.send(new UpdateItemCommand'), 'DynamoDB UpdateItem'],
    ]);
  });

  it('slowest and failing traces of a handler and of a line exist in the dataset', () => {
    const t = lenses.tracesForFunction('shop-billing');
    assert.ok(t.slowest.length > 0);
    const max = StatsIndex.of(ds).statsFor('shop-billing')!.maxMs;
    assert.equal(t.slowest[0].durationMs, max);
    assert.ok(t.failing.every((p) => p.failed));
    for (const p of [...t.slowest, ...t.failing]) {
      const trace = ds.traceById.get(p.traceId);
      assert.ok(trace, p.traceId);
      if (p.spanId) assert.ok(trace.nodes.some((n) => n.span.spanId === p.spanId));
    }
    const put = lenses.lensesFor(FILES.orders).find((l) => l.kind === 'line' && l.operation === 'DynamoDB PutItem')!;
    const lt = lenses.tracesForLine(FILES.orders, put.line, 'DynamoDB PutItem');
    assert.ok(lt.failing.length > 0 && lt.failing.every((p) => p.failed));
    assert.ok(lt.slowest[0].durationMs >= lt.slowest[lt.slowest.length - 1].durationMs);
  });

  it('exception lines carry count and latest message', () => {
    const e = lenses.exceptionsFor(FILES.orders);
    const put = e.find((x) => x.line === lineContaining(fs.readFileSync(FILES.orders, 'utf8'), 'await ddb.send(new PutItemCommand'));
    assert.ok(put && put.count > 0 && /ProvisionedThroughputExceeded/.test(put.latestMessage), JSON.stringify(e));
  });

  it('a time range narrows the numbers to the invocations that started in it', () => {
    const g = StatsIndex.of(ds).statsFor('shop-orders-api')!;
    const start = Date.UTC(2026, 10, 20, 9, 30), end = Date.UTC(2026, 10, 20, 9, 45);
    const ranged = LensIndex.build(ds, code, { range: { startMs: start, endMs: end } });
    const h = ranged.handler('shop-orders-api')!;
    let n = 0;
    for (let i = 0; i < g.table.length; i++) if (g.table.startMs[i] >= start && g.table.startMs[i] < end) n++;
    assert.equal(h.stats.invocations, n);
    assert.ok(n > 0 && n < g.count);
  });

  it('with a cost model, each handler lens shows CostModel\'s cost per 1M, and a time range sums only its invocations', () => {
    const model = new CostModel(ds, { declared: declaredLookup(code.declared) });
    const costed = LensIndex.build(ds, code, { cost: model });
    const fns = model.functions();
    assert.ok(fns.length >= 3);
    let seen = 0;
    for (const fc of fns) {
      const h = costed.handler(fc.function);
      if (!h) continue;
      seen++;
      assert.ok(h.cost && fc.costPer1MUsd > 0, fc.function);
      assert.ok(Math.abs(h.cost.per1MUsd - fc.costPer1MUsd) <= 1e-9 * fc.costPer1MUsd, `${h.cost.per1MUsd} vs ${fc.costPer1MUsd}`);
      assert.ok(Math.abs(h.cost.totalUsd - fc.costUsd) <= 1e-12, fc.function);
      assert.ok(h.title.endsWith(` · ${formatUsd(fc.costPer1MUsd)} per 1M`), h.title);
      assert.equal(h.cost.architecture, fc.architecture.architecture);
      assert.equal(h.cost.assumed, fc.architecture.source === 'default');
      assert.ok(h.tooltip.includes(`Lambda cost: ${formatUsd(fc.costUsd)} for all the data`), h.tooltip);
      assert.ok(h.tooltip.includes(fc.architecture.architecture), h.tooltip);
    }
    assert.ok(seen >= 3, `handlers with cost: ${seen}`);
    // Without a cost model the title is as before.
    assert.ok(!lenses.handler('shop-orders-api')!.title.includes('per 1M'));
    // A time range: the sum over the invocations that started in it, computed here independently.
    const start = Date.UTC(2026, 10, 20, 9, 30), end = Date.UTC(2026, 10, 20, 9, 45);
    const ranged = LensIndex.build(ds, code, { cost: model, range: { startMs: start, endMs: end } });
    let usd = 0, n = 0;
    for (const inv of ds.invocations) {
      if (inv.functionName !== 'shop-orders-api' || inv.startMs < start || inv.startMs >= end) continue;
      const i = model.invocation(inv);
      usd += i.computeUsd + i.requestUsd;
      n++;
    }
    const rc = ranged.handler('shop-orders-api')!.cost!;
    assert.ok(n > 0 && Math.abs(rc.totalUsd - usd) <= 1e-12 && Math.abs(rc.per1MUsd - (usd / n) * 1e6) <= 1e-6, JSON.stringify(rc));
    assert.ok(ranged.handler('shop-orders-api')!.tooltip.includes('for the selected time range'));
  });

  it('the sliced async build gives the same lenses as the one-go build', async () => {
    const sliced = await LensIndex.buildAsync(ds, code, { sliceSpans: 500 });
    for (const f of Object.values(FILES)) {
      assert.deepEqual(sliced.lensesFor(f).map((l) => [l.line, l.title]), lenses.lensesFor(f).map((l) => [l.line, l.title]));
    }
  });

  it('lenses for a file take well under 20 ms', () => {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) for (const f of Object.values(FILES)) lenses.lensesFor(f);
    assert.ok((performance.now() - t0) / 300 < 20);
  });

  it('explain() tells how a function and a span were mapped', () => {
    const f = explain(code, 'shop-orders-api');
    assert.ok(f.ok);
    assert.match(f.steps.join('\n'), /template\.yaml OrdersFunction.*shop-orders-api/);
    assert.match(f.steps.join('\n'), /Handler src\/orders\/handler\.handler/);
    const span = ds.spans.find((s) => s.source?.file.endsWith('billing/dist/handler.js') && s.source.line === 25)!;
    const e = explain(code, span);
    assert.ok(e.ok);
    assert.match(e.steps.join('\n'), /Source map handler\.js\.map: handler\.js:25 -> handler\.ts:36/);
    const missing = explain(code, 'some-other-function');
    assert.ok(!missing.ok);
    assert.match(missing.steps.join('\n'), /No declared function matches some-other-function/);
  });

  it('the traceExplorer.sourceMap setting overrides the rules', () => {
    const root = writeProject({ 'lib/custom.js': 'const x = 1;\n\nmodule.exports.go = async () => {};\n' });
    const overrides = parseOverrides({ 'shop-orders-api': 'lib/custom.js:go', bad: 3 });
    assert.deepEqual(overrides, [{ functionName: 'shop-orders-api', file: 'lib/custom.js', exportName: 'go' }]);
    const cm = new CodeMap({ reader: nodeFileReader(), files: [listFiles(root), listFiles(SAMPLE_APP)], roots: [root], overrides });
    const r = cm.locateFunction('/aws/lambda/shop-orders-api');
    assert.ok(r.ok);
    assert.deepEqual([r.value.file, r.value.line], [path.join(root, 'lib/custom.js'), 3]);
    assert.match(r.value.steps.join('\n'), /traceExplorer\.sourceMap/);
  });
});
