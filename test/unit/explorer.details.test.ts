import * as assert from 'assert';
import { httpDetails } from '../../src/extension/explorer/logic/httpDetails';
import { buildSpanDetails, MAX_STORY_ITEMS } from '../../src/extension/explorer/logic/spanDetails';
import { makeInvocation, makeLog, makeTrace } from './explorer.fixtures';
import { CostModel } from '../../src/core/cost';
import type { Dataset } from '../../src/core/dataset';

describe('explorer span details and story', () => {
  it('a Lambda invocation span gets a Cost row: USD, billed ms x memory, architecture, the INIT part of a cold start', () => {
    const cold = makeInvocation({ coldStart: true, durationMs: 100, initDurationMs: 50, billedDurationMs: 150, memorySizeMb: 512 });
    const warm = makeInvocation({ requestId: 'req-2', durationMs: 20.4, billedDurationMs: 21, memorySizeMb: 1024 });
    const t = makeTrace([{ id: 'c', start: 0, dur: 100, invocation: cold }, { id: 'w', start: 200, dur: 21, invocation: warm }]);
    // The cost model reads only the dataset's spans (architecture attributes) and invocations.
    const ds = { spans: t.nodes.map((n) => n.span), invocations: [cold, warm] } as unknown as Dataset;
    const c = buildSpanDetails(t, t.roots[0], { critical: false, cost: new CostModel(ds) }).invocation!.cost!;
    // By hand: Billed Duration covers Duration + Init Duration; 0.150 s x 0.5 GB x $0.0000166667 + $0.0000002.
    assert.ok(Math.abs(c.usd - 0.0000014500025) < 1e-15, String(c.usd));
    assert.ok(Math.abs(c.initUsd - 0.050 * 0.5 * 0.0000166667) < 1e-15, String(c.initUsd));
    assert.strictEqual(c.text, '$0.0000015 · 150 ms billed × 512 MB · x86_64 (assumed) · INIT $0.00000042 (50 ms)');
    const w = buildSpanDetails(t, t.roots[1], { critical: false, cost: new CostModel(ds, { architectures: { orders: 'arm64' } }) }).invocation!.cost!;
    assert.ok(Math.abs(w.usd - (0.021 * 1 * 0.0000133334 + 0.0000002)) < 1e-15, String(w.usd));
    assert.strictEqual(w.initUsd, 0);
    assert.strictEqual(w.text, '$0.00000048 · 21 ms billed × 1,024 MB · arm64');
    // No cost model: no cost field (the webview shows no row).
    assert.strictEqual(buildSpanDetails(t, t.roots[0], { critical: false }).invocation!.cost, undefined);
  });

  it('interleaves span start, child calls, logs and end in time order', () => {
    const t = makeTrace([
      { id: 'root', start: 0, dur: 100, invocation: makeInvocation(), logs: [makeLog(50, 'halfway'), makeLog(5, 'early', 'DEBUG'), makeLog(120, 'REPORT after the end')] },
      { id: 'child', parent: 'root', start: 20, dur: 10, status: 'error' },
    ]);
    const d = buildSpanDetails(t, t.roots[0], { critical: true });
    assert.deepStrictEqual(d.story.map((s) => s.kind), ['span-start', 'log', 'child', 'log', 'span-end', 'log']);
    assert.strictEqual(d.story[2].spanId, 'child');
    assert.ok(d.story[2].text.includes('failed'));
    assert.strictEqual(d.invocation?.requestId, 'req-1');
    assert.strictEqual(d.critical, true);
  });

  it('keeps untrusted text as data and caps huge stories', () => {
    const logs = Array.from({ length: MAX_STORY_ITEMS + 10 }, (_, i) => makeLog(i / 100, `<img src=x onerror=alert(${i})>`));
    const t = makeTrace([{ id: 'r', start: 0, dur: 100, logs, attrs: { evil: '</script><script>alert(1)</script>', n: 3, o: { a: [1] } } }]);
    const d = buildSpanDetails(t, t.roots[0], { critical: false });
    assert.strictEqual(d.storyOmitted, 10);
    assert.strictEqual(d.story.filter((s) => s.kind === 'log').length, MAX_STORY_ITEMS);
    assert.ok(d.story.some((s) => s.text === '<img src=x onerror=alert(0)>'));
    assert.deepStrictEqual(d.attributes, [
      { key: 'evil', value: '</script><script>alert(1)</script>' }, { key: 'n', value: '3' }, { key: 'o', value: '{"a":[1]}' }]);
  });

  it('extracts HTTP request/response from either attribute convention', () => {
    const h = httpDetails({
      'http.method': 'POST', 'http.url': 'https://x/y', 'http.status_code': 502,
      'http.request.header.content-type': ['application/json'], 'http.response.headers': '{"X-Id":"1"}',
      'http.request.body': '{"a":{"b":1}}', 'http.response.body': 'not json',
    });
    assert.ok(h);
    assert.strictEqual(h!.method, 'POST');
    assert.strictEqual(h!.statusCode, 502);
    assert.deepStrictEqual(h!.requestHeaders, [{ key: 'content-type', value: 'application/json' }]);
    assert.deepStrictEqual(h!.responseHeaders, [{ key: 'x-id', value: '1' }]);
    assert.deepStrictEqual(h!.requestBody, { a: { b: 1 } });
    assert.strictEqual(h!.responseBody, 'not json');
    assert.strictEqual(httpDetails({ 'db.system': 'dynamodb' }), undefined);
    const x = httpDetails({ 'xray.http.request.method': 'GET', 'xray.http.request.url': 'https://a', 'xray.http.response.status': 200 });
    assert.strictEqual(x?.url, 'https://a');
    assert.strictEqual(x?.statusCode, 200);
  });
});
