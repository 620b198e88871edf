// The cost model's arithmetic on real REPORT lines, checked against figures worked out by hand here:
// price x GB x seconds with the published prices written out, not read from src/core/cost.
import { strict as assert } from 'assert';
import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import { main } from '../../src/cli/main';
import type { Dataset } from '../../src/core/dataset';
import type { Invocation } from '../../src/core/model';
import { COST_SETTING_KEYS, costModelFor, CostModel, costOptionsFromSettings, declaredLookup, formatUsd } from '../../src/core/cost';
import { discoverFunctions, nodeFileReader, readCdkSource, readServerless, readTemplate } from '../../src/core/code';
import { parseQuery, runQuery, translateToInsights } from '../../src/core/query';

// us-east-1, first tier, as published (docs/cost.md): per GB-second and per request.
const X86 = 0.0000166667;
const ARM = 0.0000133334;
const REQ = 0.0000002;

const REPO = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(REPO, 'samples', 'data');

function close(got: number, want: number, what: string): void {
  // Float products: 1e-9 relative is far below a cent of a cent, far above rounding noise.
  assert.ok(Math.abs(got - want) <= Math.abs(want) * 1e-9 + 1e-18, `${what}: ${got} vs ${want} by hand`);
}

interface Call { id: string; at: number; durationMs: number; report: string }

/** A CloudWatch export of one function: START / END / REPORT per call, REPORT fields as Lambda prints them. */
async function writeFunction(dir: string, fn: string, calls: Call[]): Promise<void> {
  const events: object[] = [];
  for (const c of calls) {
    events.push({ logStreamName: 's1', timestamp: c.at, message: `START RequestId: ${c.id} Version: $LATEST\n` });
    events.push({ logStreamName: 's1', timestamp: c.at + Math.ceil(c.durationMs), message: `END RequestId: ${c.id}\n` });
    events.push({ logStreamName: 's1', timestamp: c.at + Math.ceil(c.durationMs), message: `REPORT RequestId: ${c.id}\t${c.report}\t\n` });
  }
  await fs.writeFile(path.join(dir, `${fn}.json`), JSON.stringify({ logGroupName: `/aws/lambda/${fn}`, events }));
}

const SEP_2025 = Date.UTC(2025, 8, 15, 12);
const MAR_2025 = Date.UTC(2025, 2, 15, 12);

async function reportDataset(): Promise<Dataset> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-'));
  const rid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  await writeFunction(dir, 'warm-x86', [{ id: rid(1), at: SEP_2025, durationMs: 102.35, report: 'Duration: 102.35 ms\tBilled Duration: 103 ms\tMemory Size: 512 MB\tMax Memory Used: 70 MB' }]);
  await writeFunction(dir, 'warm-arm', [{ id: rid(2), at: SEP_2025, durationMs: 102.35, report: 'Duration: 102.35 ms\tBilled Duration: 103 ms\tMemory Size: 512 MB\tMax Memory Used: 70 MB' }]);
  // Billed Duration 1234 >= Duration + Init Duration (1233.3): INIT is already in it.
  await writeFunction(dir, 'cold-included', [{ id: rid(3), at: SEP_2025, durationMs: 800.4, report: 'Duration: 800.40 ms\tBilled Duration: 1234 ms\tMemory Size: 1024 MB\tMax Memory Used: 90 MB\tInit Duration: 432.90 ms' }]);
  // Billed Duration covers Duration only: after 2025-08-01 INIT is billed on top; before, it was free.
  await writeFunction(dir, 'cold-after', [{ id: rid(4), at: SEP_2025, durationMs: 800.4, report: 'Duration: 800.40 ms\tBilled Duration: 801 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB\tInit Duration: 432.90 ms' }]);
  await writeFunction(dir, 'cold-before', [{ id: rid(5), at: MAR_2025, durationMs: 800.4, report: 'Duration: 800.40 ms\tBilled Duration: 801 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB\tInit Duration: 432.90 ms' }]);
  await writeFunction(dir, 'timeout-x86', [{ id: rid(6), at: SEP_2025, durationMs: 6000, report: 'Duration: 6000.00 ms\tBilled Duration: 6000 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tStatus: timeout' }]);
  await writeFunction(dir, 'crash-arm', [{ id: rid(7), at: SEP_2025, durationMs: 55.23, report: 'Duration: 55.23 ms\tBilled Duration: 56 ms\tMemory Size: 1024 MB\tMax Memory Used: 1024 MB\tStatus: error\tError Type: Runtime.ExitError' }]);
  return loadPaths([dir]);
}

function only(ds: Dataset, fn: string): Invocation {
  const list = ds.invocations.filter((i) => i.functionName === fn);
  assert.equal(list.length, 1, `${fn}: one invocation read`);
  return list[0];
}

describe('cost of one invocation, from its REPORT line', () => {
  let ds: Dataset;
  let m: CostModel;
  before(async () => {
    ds = await reportDataset();
    m = costModelFor(ds, { architectures: { 'warm-arm': 'arm64', 'cold-after': 'arm64', 'cold-before': 'arm64', 'crash-arm': 'arm64' } });
  });

  it('warm, x86_64: 103 ms x 0.5 GB x $0.0000166667 + $0.0000002', () => {
    const c = m.invocation(only(ds, 'warm-x86'));
    assert.equal(c.billedMs, 103);
    assert.equal(c.memoryMb, 512);
    close(c.gbSeconds, 0.0515, 'GB-s');
    close(c.computeUsd, 0.0515 * X86, 'compute');
    close(c.totalUsd, 0.00000085833505 + 0.0000002, 'total'); // 0.0515 x 0.0000166667 = 0.00000085833505
    assert.equal(c.initBilling, 'none');
    assert.deepEqual(c.assumptions, []);
    assert.equal(m.architectureOf('warm-x86').source, 'default', 'nothing named it: x86_64 assumed');
  });

  it('the same on arm64 costs 20 % less compute, the same request price', () => {
    const c = m.invocation(only(ds, 'warm-arm'));
    assert.equal(c.architecture, 'arm64');
    close(c.computeUsd, 0.0000006866701, 'compute'); // 0.0515 x 0.0000133334 = 0.0000006866701
    close(c.totalUsd, 0.0000006866701 + REQ, 'total');
    assert.equal(m.architectureOf('warm-arm').source, 'setting');
  });

  it('cold start whose Billed Duration already includes INIT: the INIT part is shown, not added twice', () => {
    const c = m.invocation(only(ds, 'cold-included'));
    assert.equal(c.initBilling, 'in-billed-duration');
    assert.equal(c.billedMs, 1234);
    assert.equal(c.initBilledMs, 1234 - 801);
    close(c.computeUsd, 0.0000205667078, 'compute'); // 1.234 s x 1 GB x 0.0000166667
    close(c.initUsd, 0.0000072166811, 'INIT part'); // 0.433 s x 1 GB x 0.0000166667
    close(c.totalUsd, 0.0000205667078 + REQ, 'total');
  });

  it('cold start after 2025-08-01 whose Billed Duration excludes INIT: INIT (433 ms) is billed on top', () => {
    const c = m.invocation(only(ds, 'cold-after'));
    assert.equal(c.initBilling, 'added');
    assert.equal(c.billedMs, 801 + 433);
    close(c.computeUsd, 0.0000041133539, 'compute'); // 1.234 s x 0.25 GB x 0.0000133334
    close(c.initUsd, 0.433 * 0.25 * ARM, 'INIT part');
    assert.ok(c.assumptions.some((a) => /INIT billed on top/.test(a)), c.assumptions.join('; '));
  });

  it('the same cold start before 2025-08-01: INIT was not billed', () => {
    const c = m.invocation(only(ds, 'cold-before'));
    assert.equal(c.initBilling, 'not-billed');
    assert.equal(c.billedMs, 801);
    close(c.computeUsd, 0.00000267001335, 'compute'); // 0.801 s x 0.25 GB x 0.0000133334
    assert.equal(c.initUsd, 0);
  });

  it('a timeout is billed up to the timeout: 6 s x 0.125 GB', () => {
    const inv = only(ds, 'timeout-x86');
    assert.equal(inv.status, 'timeout');
    const c = m.invocation(inv);
    close(c.totalUsd, 6 * 0.125 * X86 + REQ, 'total'); // 0.0000125000250 + 0.0000002
    const f = m.functions().find((x) => x.function === 'timeout-x86')!;
    assert.equal(f.timeouts, 1);
    close(f.timeoutCostUsd, 0.000012500025 + REQ, 'timeout cost');
    close(f.failedCostUsd, 0.000012500025 + REQ, 'failed cost');
  });

  it('a crash (Runtime.ExitError) on arm64 is billed like any invocation', () => {
    const inv = only(ds, 'crash-arm');
    assert.equal(inv.status, 'crash');
    const c = m.invocation(inv);
    close(c.totalUsd, 0.056 * 1 * ARM + REQ, 'total'); // 0.0000007466704 + 0.0000002
    const f = m.functions().find((x) => x.function === 'crash-arm')!;
    assert.equal(f.failed, 1);
    close(f.failedCostUsd, c.totalUsd, 'failed cost');
    close(f.costPer1MUsd, (0.0000007466704 + REQ) * 1e6, 'per 1M'); // $0.9466704 per million such calls
  });

  it('an invocation with no REPORT line is costed from its log lines, and says so', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-noreport-'));
    const id = '00000000-0000-4000-8000-000000000042';
    await fs.writeFile(path.join(dir, 'f.json'), JSON.stringify({ logGroupName: '/aws/lambda/no-report', events: [
      { logStreamName: 's', timestamp: SEP_2025, message: `START RequestId: ${id} Version: $LATEST\n` },
      { logStreamName: 's', timestamp: SEP_2025 + 250, message: `2025-09-15T12:00:00.250Z\t${id}\tINFO\tstill going\n` },
    ] }));
    const d = await loadPaths([dir]);
    const c = costModelFor(d).invocation(d.invocations[0]);
    assert.equal(c.billedMs, 250);
    assert.equal(c.memoryMb, 128, "Lambda's minimum when nothing says");
    close(c.totalUsd, 0.25 * 0.125 * X86 + REQ, 'total');
    assert.equal(c.assumptions.length, 2, c.assumptions.join('; '));
  });
});

describe('cost per function: slow tail and right-sizing', () => {
  // 20 calls a minute apart, 1024 MB, x86: 18 of 100 ms, one of 1000 ms (call 5), one of 2000 ms (call 10);
  // Max Memory Used 100 MB, except 150 MB on call 7.
  let m: CostModel;
  before(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-fn-'));
    const calls: Call[] = [];
    for (let i = 0; i < 20; i++) {
      const ms = i === 5 ? 1000 : i === 10 ? 2000 : 100;
      const used = i === 7 ? 150 : 100;
      calls.push({ id: `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`, at: SEP_2025 + i * 60_000, durationMs: ms,
        report: `Duration: ${ms.toFixed(2)} ms\tBilled Duration: ${ms} ms\tMemory Size: 1024 MB\tMax Memory Used: ${used} MB` });
    }
    await writeFunction(dir, 'tail', calls);
    m = costModelFor(await loadPaths([dir]));
  });

  it('totals and per 1M', () => {
    const f = m.functions()[0];
    // (18 x 0.1 + 1 + 2) s x 1 GB = 4.8 GB-s; 20 requests.
    close(f.computeUsd, 4.8 * X86, 'compute'); // 0.00008000016
    close(f.costUsd, 0.00008000016 + 20 * REQ, 'total');
    close(f.costPer1MUsd, (0.00008000016 + 20 * REQ) / 20 * 1e6, 'per 1M'); // $4.200008
  });

  it('slow tail: invocations above p95 against the median', () => {
    const t = m.functions()[0].slowTail!;
    // Sorted billed ms: 18 x 100, 1000, 2000. p95 (numpy, linear): rank 19 x 0.95 = 18.05 -> 1000 + 0.05 x 1000.
    close(t.p95Ms, 1050, 'p95');
    assert.equal(t.medianMs, 100);
    assert.equal(t.invocations, 1);
    close(t.costUsd, 2 * X86, 'tail cost'); // 0.0000333334
    close(t.atMedianUsd, 0.1 * X86, 'at the median'); // 0.00000166667
    close(t.excessUsd, 0.00003166673, 'excess');
  });

  it('right-sizing: p99 of Max Memory Used + 20 %, monthly at the observed rate, labelled an estimate', () => {
    const r = m.functions()[0].rightSizing!;
    // p99 of 19 x 100 and 150: rank 19 x 0.99 = 18.81 -> 100 + 0.81 x 50 = 140.5; x 1.2 = 168.6 -> 169 MB.
    close(r.p99MaxMemoryUsedMb, 140.5, 'p99');
    assert.equal(r.recommendedMb, 169);
    assert.equal(r.currentMb, 1024);
    // Observed range: first START to last END = 19 minutes + 100 ms; a month is 730 h.
    const scale = (730 * 3600_000) / (19 * 60_000 + 100);
    close(r.monthlyCostUsd, (0.00008000016 + 20 * REQ) * scale, 'monthly now');
    close(r.monthlyCostAtRecommendedUsd, (20 * REQ + 0.00008000016 * 169 / 1024) * scale, 'monthly at 169 MB');
    assert.equal(r.estimate, true);
    assert.match(r.note, /CPU in proportion to memory/);
  });

  it('the headroom is an option', async () => {
    const again = new CostModel(m.ds, { memoryHeadroom: 0.5 });
    assert.equal(again.functions()[0].rightSizing!.recommendedMb, Math.ceil(140.5 * 1.5)); // 211
  });
});

describe('cost on the sample app', () => {
  let ds: Dataset;
  before(async () => { ds = await loadPaths([SAMPLE]); });

  it('reads each function\'s architecture from the spans (host.arch): billing is arm64', () => {
    const m = costModelFor(ds, {});
    assert.deepEqual(
      ['shop-billing', 'shop-notifications', 'shop-orders-api'].map((f) => [f, m.architectureOf(f).architecture, m.architectureOf(f).source]),
      [['shop-billing', 'arm64', 'data'], ['shop-notifications', 'x86_64', 'data'], ['shop-orders-api', 'x86_64', 'data']],
    );
  });

  it('the SAM template says the same (second source), read by the infrastructure reader', async () => {
    const file = path.join(REPO, 'samples', 'app', 'template.yaml');
    const fns = readTemplate(file, await fs.readFile(file, 'utf8'));
    const arch = Object.fromEntries(fns.map((f) => [f.id, [f.architecture, f.memorySizeMb]]));
    assert.deepEqual(arch, { OrdersFunction: ['x86_64', 1024], NotificationsFunction: ['x86_64', 128], BillingFunction: ['arm64', 512] });
    const lookup = declaredLookup(discoverFunctions([file], nodeFileReader()).functions);
    assert.equal(lookup('shop-billing')?.architecture, 'arm64');
    // With no spans, the template decides.
    const logsOnly = await loadPaths([path.join(SAMPLE, 'logs')]);
    const m = new CostModel(logsOnly, { declared: lookup });
    assert.deepEqual([m.architectureOf('shop-billing').architecture, m.architectureOf('shop-billing').source], ['arm64', 'infrastructure']);
  });

  it('a trace costs the sum of its invocations, shared by function; services are estimated apart', () => {
    const m = costModelFor(ds, {});
    const t = ds.traces.find((x) => x.invocations.length === 3 && x.invocations.every((i) => i.status === 'ok')
      && x.nodes.some((n) => n.span.remote?.service === 'APIGateway' && n.span.kind === 'server'))!;
    assert.ok(t, 'a POST /orders trace through all three functions');
    const c = m.trace(t);
    close(c.costUsd, t.invocations.reduce((a, i) => a + m.invocation(i).totalUsd, 0), 'trace = sum of invocations');
    close(new CostModel(ds, {}).traceCostUsd(t), c.costUsd, 'the list\'s cheap total agrees');
    close(c.byFunction.reduce((a, s) => a + s.share, 0), 1, 'shares add up to 1');
    assert.deepEqual(c.byFunction.map((s) => s.function).sort(), ['shop-billing', 'shop-notifications', 'shop-orders-api']);
    // One REST request, PutItem + UpdateItem (1 WRU each), one SNS publish, one SQS SendMessage.
    const s = c.services!;
    assert.equal(s.estimate, true);
    const count = (svc: string) => s.charges.filter((x) => x.service === svc).reduce((a, x) => a + x.count, 0);
    assert.deepEqual([count('APIGateway'), count('DynamoDB'), count('SNS'), count('SQS')], [1, 2, 1, 1]);
    close(s.usd, 0.0000035 + 2 * 0.000000625 + 0.0000005 + 0.0000004, 'services estimate');
  });

  it('query: cost> filters and sort:cost desc orders by each invocation\'s cost', () => {
    costModelFor(ds, {});
    const all = runQuery(ds, 'sort:cost desc limit:5');
    const costs = all.results.map((r) => r.costUsd!);
    assert.deepEqual([...costs].sort((a, b) => b - a), costs);
    const m = costModelFor(ds);
    const max = Math.max(...ds.invocations.map((i) => m.invocation(i).totalUsd));
    close(costs[0], max, 'the costliest first');
    const threshold = 0.00001;
    const over = runQuery(ds, `cost>${threshold}`);
    assert.equal(over.results.length, ds.invocations.filter((i) => m.invocation(i).totalUsd > threshold).length);
    assert.ok(over.results.length > 0 && over.results.length < ds.invocations.length);
  });

  it('query: a result row\'s cost is the same whether or not a cost term priced every item first', () => {
    costModelFor(ds, {}); // a fresh model: no item array is built yet
    const m = costModelFor(ds);
    const spans = runQuery(ds, 'kind:span sort:duration desc limit:20').results;
    const invs = runQuery(ds, 'sort:duration desc limit:20').results;
    const byId = new Map(ds.invocations.map((i) => [i.requestId, m.invocation(i).totalUsd]));
    for (const r of invs) close(r.costUsd!, byId.get(r.requestId!)!, `invocation ${r.requestId}`);
    assert.ok(spans.some((r) => r.costUsd! > 0), 'some of the slowest spans are invocations with a cost');
    runQuery(ds, 'kind:span cost>0'); // builds the span array
    const again = runQuery(ds, 'kind:span sort:duration desc limit:20').results;
    assert.deepEqual(again.map((r) => r.costUsd), spans.map((r) => r.costUsd));
  });

  it('Logs Insights: cost is local; sort:cost fetches REPORT rows by duration without the limit and re-sorts', () => {
    const t = translateToInsights(parseQuery('function:shop-billing cost>0.00001 sort:cost desc limit:5'), { nowMs: Date.UTC(2026, 10, 20), functions: ['shop-billing'] });
    assert.match(t.queryString, /sort invDuration desc \| limit 10000$/);
    assert.equal(t.complete, false);
    assert.equal(t.residual, 'cost>0.00001 sort:cost desc limit:5');
    const bare = translateToInsights(parseQuery('sort:cost'), { nowMs: Date.UTC(2026, 10, 20), functions: ['shop-billing'] });
    assert.equal(bare.residual, 'sort:cost desc');
  });

  it('formats money for people', () => {
    assert.deepEqual([0, 0.0000042, 0.0123, 1.5, 1234.567].map(formatUsd), ['$0', '$0.0000042', '$0.012', '$1.50', '$1,234.57']);
  });
});

describe('traceExplorer.cost.* settings', () => {
  const schema = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { default: unknown }>;

  it('package.json declares exactly the settings the core maps', () => {
    const declared = Object.keys(schema).filter((k) => k.startsWith('traceExplorer.cost.')).map((k) => k.slice('traceExplorer.cost.'.length));
    assert.deepEqual(declared.sort(), [...COST_SETTING_KEYS].sort());
  });

  it('the defaults leave the built-in prices; overrides replace them, bad values are ignored', async () => {
    const defaults = Object.fromEntries(COST_SETTING_KEYS.map((k) => [k, schema[`traceExplorer.cost.${k}`].default]));
    const ds = await reportDataset();
    const inv = only(ds, 'warm-x86');
    const base = new CostModel(ds, costOptionsFromSettings(defaults));
    close(base.invocation(inv).totalUsd, 0.00000085833505 + REQ, 'defaults = us-east-1');
    assert.equal(base.headroom, 0.2);
    const custom = new CostModel(ds, costOptionsFromSettings({
      ...defaults, gbSecondPrices: { x86_64: 0.00002, arm64: 'cheap' }, requestPrice: -1, region: 'af-south-1',
      regionPrices: { 'af-south-1': { requestUsd: 0.0000003 } }, architectures: { 'warm-arm': 'arm64' }, memoryHeadroom: 0.5,
    }));
    // 0.0515 GB-s x 0.00002 + the Region's request price; the negative request price was ignored in favour of the Region's.
    close(custom.invocation(inv).totalUsd, 0.00000103 + 0.0000003, 'overridden');
    close(custom.prices.lambda.gbSecondUsd.arm64, ARM, 'a string is not a price');
    assert.equal(custom.architectureOf('warm-arm').architecture, 'arm64');
    assert.equal(custom.headroom, 0.5);
  });

  it('a Region known to cost more, without prices set, says so', async () => {
    const ds = await reportDataset();
    const m = new CostModel(ds, { region: 'ap-east-1' });
    assert.ok(m.functions()[0].warnings.some((w) => /ap-east-1.*traceExplorer\.cost\.regionPrices/.test(w)), m.functions()[0].warnings.join('; '));
  });
});

describe('architecture and memory declared in serverless.yml and CDK', () => {
  it('serverless.yml: the function\'s own architecture/memorySize, else the provider\'s', () => {
    const fns = readServerless('/w/serverless.yml', [
      'service: shop', 'provider:', '  name: aws', '  architecture: arm64', '  memorySize: 512', '  timeout: 10',
      'functions:', '  api:', '    handler: src/api.handler', '  job:', '    handler: src/job.handler', '    architecture: x86_64', '    memorySize: 2048',
    ].join('\n'));
    assert.deepEqual(fns.map((f) => [f.id, f.architecture, f.memorySizeMb, f.timeoutS]), [['api', 'arm64', 512, 10], ['job', 'x86_64', 2048, 10]]);
  });

  it('CDK: Architecture.ARM_64, memorySize and Duration.seconds written as literals', () => {
    const fns = readCdkSource('/w/lib/stack.ts', [
      "import * as lambda from 'aws-cdk-lib/aws-lambda';",
      "new lambda.Function(this, 'Api', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromAsset('src'),",
      '  architecture: lambda.Architecture.ARM_64, memorySize: 256, timeout: cdk.Duration.seconds(9) });',
    ].join('\n'), '/w');
    assert.deepEqual(fns.map((f) => [f.id, f.architecture, f.memorySizeMb, f.timeoutS]), [['Api', 'arm64', 256, 9]]);
  });
});

describe('trace-explorer stats --json on the sample: cost per function', () => {
  it('costUsd per function equals the sum over its invocations (recomputed here from the REPORT fields)', async () => {
    let out = '';
    const code = await main(['stats', SAMPLE, '--json'], { out: (t) => { out += t; }, err: () => undefined });
    assert.equal(code, 0);
    const json = JSON.parse(out) as { groups: { key: string; count: number; costUsd: number; costPer1MUsd: number; cost: { architecture: string } }[] };
    const ds = await loadPaths([SAMPLE]);
    const price = { 'shop-billing': ARM, 'shop-notifications': X86, 'shop-orders-api': X86 } as Record<string, number>;
    assert.equal(json.groups.length, 3);
    for (const g of json.groups) {
      const invs = ds.invocations.filter((i) => i.functionName === g.key);
      assert.equal(g.count, invs.length);
      // Every sample REPORT has Billed Duration (INIT included) and Memory Size.
      const sum = invs.reduce((a, i) => a + (i.billedDurationMs! / 1000) * (i.memorySizeMb! / 1024) * price[g.key] + REQ, 0);
      assert.ok(Math.abs(g.costUsd - sum) <= sum * 1e-9, `${g.key}: ${g.costUsd} vs ${sum}`);
      assert.ok(Math.abs(g.costPer1MUsd - (sum / invs.length) * 1e6) <= 1e-6, `${g.key} per 1M`);
      assert.equal(g.cost.architecture, g.key === 'shop-billing' ? 'arm64' : 'x86_64');
      // And the same sum through the query language's per-invocation costs.
      let q = '';
      await main(['query', `function:${g.key}`, SAMPLE, '--json'], { out: (t) => { q += t; }, err: () => undefined });
      const viaQuery = (JSON.parse(q) as { results: { costUsd: number }[] }).results.reduce((a, r) => a + r.costUsd, 0);
      assert.ok(Math.abs(viaQuery - sum) <= sum * 1e-9, `${g.key} via query: ${viaQuery} vs ${sum}`);
    }
  });

  it('--infra reads architectures from the SAM template when the data has no spans; --arch and bad values', async () => {
    const run = async (args: string[]) => {
      let out = '', err = '';
      const code = await main(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
      return { code, out, err };
    };
    const logs = path.join(SAMPLE, 'logs');
    const withInfra = JSON.parse((await run(['stats', logs, '--json', '--infra', path.join(REPO, 'samples', 'app')])).out);
    const billing = withInfra.groups.find((g: { key: string }) => g.key === 'shop-billing');
    assert.deepEqual([billing.cost.architecture, billing.cost.architectureSource], ['arm64', 'infrastructure']);
    const bare = JSON.parse((await run(['stats', logs, '--json', '--arch', 'shop-orders-api=arm64'])).out);
    const src = (k: string) => bare.groups.find((g: { key: string }) => g.key === k).cost;
    assert.deepEqual([src('shop-orders-api').architecture, src('shop-orders-api').architectureSource], ['arm64', 'setting']);
    assert.deepEqual([src('shop-billing').architecture, src('shop-billing').architectureSource], ['x86_64', 'default']);
    assert.ok(src('shop-billing').warnings.some((w: string) => /assumed/.test(w)));
    assert.equal((await run(['stats', logs, '--arch', 'nonsense'])).code, 2);
    assert.equal((await run(['stats', logs, '--memory-headroom', '-1'])).code, 2);
  });

  it('trace --json gains costUsd, its share by function and each invocation\'s cost', async () => {
    const ds = await loadPaths([SAMPLE]);
    const t = ds.traces.find((x) => x.invocations.length === 3)!;
    let out = '';
    await main(['trace', t.traceId, SAMPLE, '--json'], { out: (s) => { out += s; }, err: () => undefined });
    const j = JSON.parse(out) as { costUsd: number; costByFunction: { share: number }[]; invocations: { costUsd: number; initCostUsd: number }[] };
    close(j.invocations.reduce((a, i) => a + i.costUsd, 0), j.costUsd, 'trace cost = its invocations');
    assert.equal(j.costByFunction.length, 3);
    let text = '';
    await main(['trace', t.traceId, SAMPLE], { out: (s) => { text += s + '\n'; }, err: () => undefined });
    assert.match(text, /\ncost \$0\.0000\d+ Lambda: shop-/);
  });
});
