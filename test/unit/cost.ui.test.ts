// Cost where the user looks (docs/cost.md "UI"): the Trace Explorer's list column, sort and header, the
// Anomalies view's cost table, the graph's node costs and "size by cost", the retried-failure figure. The
// amounts are worked out by hand here with the published prices written out, not read from src/core/cost.
import { strict as assert } from 'assert';
import * as path from 'path';
import type { Dataset } from '../../src/core/dataset';
import type { Invocation, Trace } from '../../src/core/model';
import { loadPaths } from '../../src/core/load';
import { CostModel, costModelFor, functionCostsIn } from '../../src/core/cost';
import { graphOf } from '../../src/extension/architecture/controller';
import { ExplorerController } from '../../src/extension/explorer/logic/controller';
import { AnomaliesController } from '../../src/extension/anomalies/controller';
import { toGraphView } from '../../src/extension/architecture/graphView';
import { HostMessage, toHost, TraceCostSummary } from '../../src/protocol/messages';
import { validateHostMessage } from '../../src/protocol/validate';
import { AnomaliesHostMessage, CostTableView, toAnomaliesHost, validateAnomaliesHostMessage } from '../../src/protocol/anomalies';
import { validateGraphHostMessage, toGraphWebview } from '../../src/protocol/architecture';
import { costHeaderText } from '../../webview/explorer/cost';
import { costClass, maxCost } from '../../webview/architecture/costSize';
import { makeInvocation, makeTrace, T0 } from './explorer.fixtures';

const X86 = 0.0000166667;
const ARM = 0.0000133334;
const REQ = 0.0000002;
const SAMPLE = path.resolve(__dirname, '../../../samples/data');

function close(got: number, want: number, what: string): void {
  assert.ok(Math.abs(got - want) <= Math.abs(want) * 1e-9 + 1e-18, `${what}: ${got} vs ${want} by hand`);
}

function datasetOf(traces: Trace[]): Dataset {
  const nodes = traces.flatMap((t) => t.nodes);
  return {
    traces, traceById: new Map(traces.map((t) => [t.traceId, t])),
    spans: nodes.map((n) => n.span), invocations: traces.flatMap((t) => t.invocations),
  } as unknown as Dataset;
}

// Three traces: cheap (one warm 21 ms x 128 MB), dear (cold 1,500 ms x 1,024 MB + warm 100 ms x 512 MB of another
// function), middling (300 ms x 512 MB). The billing function is arm64 (setting), the others x86_64 (assumed).
const cheapInv = makeInvocation({ requestId: 'c1', functionName: 'orders', billedDurationMs: 21, durationMs: 20.2, memorySizeMb: 128 });
const dearCold = makeInvocation({ requestId: 'd1', functionName: 'orders', coldStart: true, durationMs: 1000, initDurationMs: 499.5, billedDurationMs: 1500, memorySizeMb: 1024 });
const dearWarm = makeInvocation({ requestId: 'd2', functionName: 'billing', startMs: T0 + 1000, endMs: T0 + 1100, billedDurationMs: 100, durationMs: 99.1, memorySizeMb: 512 });
const midInv = makeInvocation({ requestId: 'm1', functionName: 'billing', billedDurationMs: 300, durationMs: 299.3, memorySizeMb: 512 });
const cheap = makeTrace([{ id: 'a', start: 0, dur: 21, invocation: cheapInv }], 'a'.repeat(32));
const dear = makeTrace([{ id: 'b', start: 0, dur: 1100, invocation: dearCold }, { id: 'b2', parent: 'b', start: 1000, dur: 100, invocation: dearWarm }], 'b'.repeat(32));
const mid = makeTrace([{ id: 'c', start: 50, dur: 300, invocation: midInv }], 'c'.repeat(32));

const BY_HAND = {
  cheap: 0.021 * 0.125 * X86 + REQ,
  dearOrders: 1.5 * 1 * X86 + REQ,
  dearBilling: 0.1 * 0.5 * ARM + REQ,
  mid: 0.3 * 0.5 * ARM + REQ,
};

function explorer(ds: Dataset) {
  const posted: HostMessage[] = [];
  const c = new ExplorerController(() => ({ dataset: ds, sourceLabel: 'Test', loading: false, version: 1 }), {
    post: (m) => posted.push(m), openSource: () => undefined, openLocation: () => undefined, log: () => undefined,
  });
  c.handle(toHost({ type: 'ready' }));
  const last = <T extends HostMessage['type']>(type: T) => posted.filter((m) => m.type === type).pop() as Extract<HostMessage, { type: T }>;
  return { c, posted, last };
}

describe('cost in the Trace Explorer', () => {
  const ds = datasetOf([cheap, dear, mid]);
  before(() => { costModelFor(ds, { architectures: { billing: 'arm64' } }); });

  it('list rows carry each trace\'s Lambda cost, and sort:cost orders by it (both directions)', () => {
    const { c, last } = explorer(ds);
    c.handle(toHost({ type: 'queryList', requestId: 1, query: { sort: 'cost', dir: 'desc', filter: '' }, offset: 0, limit: 10 }));
    const rows = last('listPage').rows;
    assert.deepEqual(rows.map((r) => r.traceId[0]), ['b', 'c', 'a']);
    close(rows[0].costUsd!, BY_HAND.dearOrders + BY_HAND.dearBilling, 'dear trace');
    close(rows[1].costUsd!, BY_HAND.mid, 'middling trace');
    close(rows[2].costUsd!, BY_HAND.cheap, 'cheap trace');
    c.handle(toHost({ type: 'queryList', requestId: 2, query: { sort: 'cost', dir: 'asc', filter: '' }, offset: 0, limit: 10 }));
    assert.deepEqual(last('listPage').rows.map((r) => r.traceId[0]), ['a', 'c', 'b']);
    // The page passes the webview's validation (costUsd is part of the row's shape).
    assert.ok(validateHostMessage(last('listPage')).ok);
  });

  it('getTraceCost: the header\'s total and each function\'s share, largest first', () => {
    const { c, last } = explorer(ds);
    c.handle(toHost({ type: 'getTraceCost', requestId: 5, traceId: dear.traceId }));
    const m = last('traceCost');
    assert.ok(validateHostMessage(m).ok, 'valid traceCost message');
    const total = BY_HAND.dearOrders + BY_HAND.dearBilling;
    close(m.cost.costUsd, total, 'trace total');
    assert.deepEqual(m.cost.byFunction.map((s) => s.function), ['orders', 'billing']);
    close(m.cost.byFunction[0].share, BY_HAND.dearOrders / total, 'orders share');
    close(m.cost.byFunction[1].costUsd, BY_HAND.dearBilling, 'billing cost');
    assert.match(m.cost.pricesNote, /on-demand prices of \d{4}-\d\d-\d\d/);
    assert.equal(costHeaderText(m.cost), `Lambda cost $0.000026: orders 97% · billing 3%`);
    // An unknown trace is an error reply, not a crash.
    c.handle(toHost({ type: 'getTraceCost', requestId: 6, traceId: 'nope' }));
    assert.equal(last('error').requestId, 6);
  });

  it('span details of a cold start show its cost with the INIT part', () => {
    const { c, last } = explorer(ds);
    c.handle(toHost({ type: 'getSpanDetails', requestId: 7, traceId: dear.traceId, spanId: 'b' }));
    const cost = last('spanDetails').details.invocation!.cost!;
    close(cost.usd, BY_HAND.dearOrders, 'cold invocation');
    // Billed 1,500 >= Duration 1,000 + Init 499.5: the INIT part is 1,500 - 1,000 = 500 ms, inside the billed duration.
    close(cost.initUsd, 0.5 * 1 * X86, 'INIT part');
    assert.equal(cost.text, '$0.000025 · 1,500 ms billed × 1,024 MB · x86_64 (assumed) · INIT $0.0000083 (500 ms)');
  });

  it('a header with many functions names the 20 dearest and sums the rest', () => {
    const specs = Array.from({ length: 23 }, (_, i) => ({
      id: `s${i}`, start: i, dur: 10, invocation: makeInvocation({ requestId: `r${i}`, functionName: `fn-${String(i).padStart(2, '0')}`, billedDurationMs: 10 + i, memorySizeMb: 128 }),
    }));
    const t = makeTrace(specs, 'd'.repeat(32));
    const big = datasetOf([t]);
    const { c, last } = explorer(big);
    c.handle(toHost({ type: 'getTraceCost', requestId: 1, traceId: t.traceId }));
    const s: TraceCostSummary = last('traceCost').cost;
    assert.equal(s.byFunction.length, 20);
    assert.equal(s.othersCount, 3);
    close(s.othersUsd, [10, 11, 12].reduce((a, ms) => a + (ms / 1000) * 0.125 * X86 + REQ, 0), 'the three cheapest');
    assert.match(costHeaderText(s), /· 3 more \$0\.00000\d+$/);
  });
});

describe('cost in the Anomalies view and the graph, on the sample app', () => {
  let ds: Dataset;
  let model: CostModel;
  before(async () => {
    ds = await loadPaths([SAMPLE]);
    model = costModelFor(ds, {});
  });

  function anomalies() {
    const posted: AnomaliesHostMessage[] = [];
    const c = new AnomaliesController(() => ({ dataset: ds, sourceLabel: 'Sample', loading: false, version: 3 }), {
      post: (m) => posted.push(m), openTrace: () => undefined, log: () => undefined,
    });
    const cost = (requestId: number, fromMs?: number, toMs?: number): CostTableView => {
      c.handle(toAnomaliesHost({ type: 'getCost', requestId, fromMs, toMs }));
      const m = posted.filter((x) => x.type === 'cost').pop() as Extract<AnomaliesHostMessage, { type: 'cost' }>;
      assert.equal(m.requestId, requestId);
      assert.ok(validateAnomaliesHostMessage(m).ok, 'valid cost message');
      return m.cost;
    };
    return { cost };
  }

  it('per function: total = the sum over its invocations, per 1M, cold starts, timeouts, failures; dearest first', () => {
    const t = anomalies().cost(1);
    assert.ok(t.functions.length >= 3);
    for (let i = 1; i < t.functions.length; i++) assert.ok(t.functions[i - 1].costUsd >= t.functions[i].costUsd, 'dearest first');
    let total = 0;
    for (const f of t.functions) {
      const invs = ds.invocations.filter((x) => x.functionName === f.function);
      const sum = invs.reduce((a, x) => a + model.invocation(x).totalUsd, 0);
      close(f.costUsd, sum, `${f.function} total`);
      close(f.costPer1MUsd, (sum / invs.length) * 1e6, `${f.function} per 1M`);
      close(f.coldStartCostUsd, invs.filter((x) => x.coldStart).reduce((a, x) => a + model.invocation(x).initUsd, 0), `${f.function} cold starts`);
      close(f.timeoutCostUsd, invs.filter((x) => x.status === 'timeout').reduce((a, x) => a + model.invocation(x).totalUsd, 0), `${f.function} timeouts`);
      assert.equal(f.failed, invs.filter((x) => x.status !== 'ok').length);
      total += sum;
    }
    close(t.totalUsd, total, 'range total');
    const billing = t.functions.find((f) => f.function === 'shop-billing')!;
    assert.deepEqual([billing.architecture, billing.assumed], ['arm64', false]);
    // The sample's billing function times out: its timeouts cost something, and right-sizing is offered as an estimate.
    assert.ok(billing.timeouts > 0 && billing.timeoutCostUsd > 0);
    assert.ok(t.functions.some((f) => f.rightSizing && f.rightSizing.recommendedMb < f.rightSizing.currentMb), 'some function is over-provisioned');
    assert.match(t.rightSizingNote, /less memory|CPU/i);
  });

  it('a selected range: only the invocations that started in it, and the monthly rate of that range', () => {
    const from = Math.min(...ds.invocations.map((i) => i.startMs));
    const to = from + 15 * 60_000;
    const t = anomalies().cost(2, from, to);
    assert.deepEqual([t.fromMs, t.toMs], [from, to]);
    const inRange = ds.invocations.filter((i) => i.startMs >= from && i.startMs < to);
    assert.ok(inRange.length > 0 && inRange.length < ds.invocations.length);
    close(t.totalUsd, inRange.reduce((a, x) => a + model.invocation(x).totalUsd, 0), 'range total');
    const orders = functionCostsIn(model, { fromMs: from, toMs: to }).find((f) => f.function === 'shop-orders-api')!;
    if (orders.rightSizing) close(orders.rightSizing.monthlyCostUsd, orders.costUsd * (730 * 3600_000) / (to - from), 'monthly at the range\'s rate');
  });

  it('graph: function nodes carry their cost; "size by cost" makes the dearest the largest', () => {
    const view = toGraphView(graphOf(ds), model);
    const fns = view.nodes.filter((n) => n.type === 'function');
    assert.ok(fns.length >= 3);
    for (const n of fns) close(n.costUsd!, model.functions().find((f) => f.function === n.name)!.costUsd, n.name);
    assert.ok(view.nodes.filter((n) => n.type !== 'function').every((n) => n.costUsd === undefined));
    assert.ok(validateGraphHostMessage(toGraphWebview({ type: 'graph', dataset: { sourceLabel: 's', loading: false, datasetVersion: 1 }, graph: view, settings: {
      errorRateWarning: 0.005, errorRateCritical: 0.02, p95WarningMs: 500, p95CriticalMs: 2000, largeGraphThreshold: 300,
    } })).ok);
    const max = maxCost(view.nodes);
    const dearest = fns.reduce((a, b) => (b.costUsd! > a.costUsd! ? b : a));
    assert.equal(costClass(dearest, max), 'cost-5');
    // A node costing 1/25 of the dearest: sqrt(0.04) x 5 = 1 -> the smallest size.
    assert.equal(costClass({ ...dearest, costUsd: max / 25 }, max), 'cost-1');
    assert.equal(costClass({ ...dearest, costUsd: undefined }, max), undefined);
  });
});

describe('cost of failed invocations that were retried', () => {
  it('a failure followed in the same trace by another invocation of the same function is a retried failure', () => {
    const at = (ms: number) => ({ startMs: T0 + ms, endMs: T0 + ms + 100 });
    const inv = (p: Partial<Invocation>) => makeInvocation({ functionName: 'worker', billedDurationMs: 100, memorySizeMb: 256, ...p });
    const invocations = [
      inv({ requestId: 'a1', traceId: 'T1', status: 'error', ...at(0) }),
      inv({ requestId: 'a2', traceId: 'T1', status: 'error', ...at(60_000) }),
      inv({ requestId: 'a3', traceId: 'T1', status: 'ok', ...at(180_000) }),
      inv({ requestId: 'b1', traceId: 'T2', status: 'timeout', billedDurationMs: 3000, ...at(1000) }),
      inv({ requestId: 'c1', traceId: 'T3', status: 'ok', ...at(2000) }),
    ];
    const ds = { traces: [], spans: [], invocations } as unknown as Dataset;
    const f = new CostModel(ds).functions()[0];
    const each = 0.1 * 0.25 * X86 + REQ;
    const timeout = 3 * 0.25 * X86 + REQ;
    assert.deepEqual([f.failed, f.retried], [3, 2]);
    close(f.failedCostUsd, 2 * each + timeout, 'failed');
    close(f.retriedCostUsd, 2 * each, 'retried: the two attempts of T1 before the one that succeeded');
  });
});
