// The Anomalies view's first charts without a second round trip: the controller computes the shown grouping's
// stats while the page loads, and its overview carries the detail of the group the view shows first.
import { strict as assert } from 'assert';
import { existsSync } from 'fs';
import * as path from 'path';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { AnomaliesController } from '../../src/extension/anomalies/controller';
import type { DatasetState } from '../../src/extension/datasetState';
import {
  ANOMALIES_PROTOCOL, AnomaliesHostMessage, compareGroupRows, firstGroup, GroupDetail, GroupRow, toAnomaliesHost, toAnomaliesWebview,
} from '../../src/protocol/anomalies';
import { chartTable, tableCaption, tableRowCount } from '../../webview/anomalies/chartText';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');

type Overview = Extract<AnomaliesHostMessage, { type: 'overview' }>;
type Group = Extract<AnomaliesHostMessage, { type: 'group' }>;

describe('stats: the Anomalies view\'s first charts come with the overview', function () {
  this.timeout(120_000);
  let ds: Dataset;

  before(async function () {
    if (!existsSync(path.join(SAMPLE, 'manifest.json'))) this.skip();
    ds = await loadPaths([SAMPLE]);
  });

  function open(): { controller: AnomaliesController; posted: AnomaliesHostMessage[]; asked: () => number } {
    const posted: AnomaliesHostMessage[] = [];
    let asked = 0;
    const state: DatasetState = { dataset: ds, sourceLabel: 'sample', loading: false, version: 1 };
    const controller = new AnomaliesController(() => { asked++; return state; }, {
      post: (m) => posted.push(m), openTrace: () => undefined, log: () => undefined,
    });
    return { controller, posted, asked: () => asked };
  }

  it('computes the first view while the page loads, before the page asks', async () => {
    const { posted, asked } = open();
    assert.equal(asked(), 0, 'nothing read in the constructor itself (the panel opens at once)');
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(asked() > 0, 'the dataset was read on the next turn, before any message');
    assert.equal(posted.length, 0, 'and nothing posted before the page said ready');
  });

  it('the overview carries the detail of the group shown first, the same detail getGroup answers', () => {
    const { controller, posted } = open();
    controller.handle(toAnomaliesHost({ type: 'ready' }));
    const overview = posted.find((m): m is Overview => m.type === 'overview');
    assert.ok(overview?.first, 'overview with a first detail');
    const first = firstGroup(overview.overview.groups)!;
    const byOrder = [...overview.overview.groups].sort(compareGroupRows)[0];
    assert.equal(first.key, byOrder.key, 'firstGroup is the head of the view\'s sorted list');
    assert.equal(overview.first.group, first.key);
    // The sample's function grouping: shop-orders-api has the only per-function anomaly (the DynamoDB spike).
    assert.equal(first.key, 'shop-orders-api');
    assert.ok(first.anomalies > 0);
    controller.handle(toAnomaliesHost({ type: 'getGroup', requestId: 7, group: first.key }));
    const reply = posted.find((m): m is Group => m.type === 'group' && m.requestId === 7);
    assert.deepEqual(reply?.detail, overview.first);
    // A ranged request is computed for its range, not served from the whole-range detail.
    const mid = overview.first.series.start[Math.floor(overview.first.series.start.length / 2)];
    controller.handle(toAnomaliesHost({ type: 'getGroup', requestId: 8, group: first.key, fromMs: mid }));
    const ranged = posted.find((m): m is Group => m.type === 'group' && m.requestId === 8)!.detail;
    assert.equal(ranged.fromMs, mid);
    const total = (d: GroupDetail) => Object.values(d.histogram.linear.counts).flat().reduce((a, b) => a + b, 0);
    assert.ok(total(ranged) < total(overview.first), `${total(ranged)} rows from the middle on vs ${total(overview.first)} in all`);
  });

  it('the protocol accepts the overview with its detail and refuses a malformed one', () => {
    const { controller, posted } = open();
    controller.handle(toAnomaliesHost({ type: 'ready' }));
    const overview = posted.find((m): m is Overview => m.type === 'overview')!;
    assert.equal(ANOMALIES_PROTOCOL.fromHost(JSON.parse(JSON.stringify(overview))).ok, true);
    const bad = JSON.parse(JSON.stringify(overview)) as { first: { series: { p95: unknown[] } } };
    bad.first.series.p95 = ['slow'];
    assert.equal(ANOMALIES_PROTOCOL.fromHost(bad).ok, false);
    const { first: _first, ...without } = overview;
    assert.equal(ANOMALIES_PROTOCOL.fromHost(toAnomaliesWebview(without)).ok, true, 'first is optional (no groups, no detail)');
  });

  it('firstGroup orders by anomalies, then rows, then name', () => {
    const row = (key: string, count: number, anomalies: number): GroupRow => ({
      key, count, anomalies, errors: 0, timeouts: 0, coldStarts: 0, p50Ms: null, p90Ms: null, p95Ms: null, p99Ms: null, maxMs: null,
    });
    assert.equal(firstGroup([row('a', 900, 0), row('b', 10, 1), row('c', 20, 1)])?.key, 'c');
    assert.equal(firstGroup([row('b', 5, 0), row('a', 5, 0)])?.key, 'a');
    assert.equal(firstGroup([]), undefined);
  });

  it('a chart table\'s caption and size are known without building it (it is built when opened)', () => {
    const { controller, posted } = open();
    controller.handle(toAnomaliesHost({ type: 'ready' }));
    const d = posted.find((m): m is Overview => m.type === 'overview')!.first!;
    for (const kind of ['percentiles', 'histogram', 'rates', 'memory'] as const) {
      for (const log of [false, true]) {
        const t = chartTable(kind, d, log);
        assert.equal(tableCaption(kind, log), t.caption, `${kind} log=${log}`);
        assert.equal(tableRowCount(kind, d, log), t.rows.length, `${kind} log=${log}`);
      }
    }
  });
});
