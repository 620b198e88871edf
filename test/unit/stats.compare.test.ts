import { FIXTURES as FIXTURES_DIR } from './fixturesDir';
import { strict as assert } from 'assert';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import type { Dataset } from '../../src/core/dataset';
import type { LogEvent, PlatformRecord, Resource, Span } from '../../src/core/model';
import { StatsIndex } from '../../src/core/stats';
import { lognormal, rng, T0 } from './stats.fixtures';

const FILE = 'generated.json';
let line = 0;

function platform(fn: string, requestId: string, ts: number, p: PlatformRecord): LogEvent {
  return {
    timestampMs: ts, message: p.type.toUpperCase(), kind: 'platform', requestId, logGroup: `/aws/lambda/${fn}`,
    logStream: `2026/01/05/[$LATEST]${requestId.slice(0, 6)}`, functionName: fn, platform: p, format: 'lambda-text',
    origin: { file: FILE, line: ++line },
  };
}

function span(traceId: string, spanId: string, parent: string | undefined, s: Partial<Span> & Pick<Span, 'name' | 'service' | 'kind' | 'startMs' | 'durationMs'>): Span {
  return {
    traceId, spanId, parentSpanId: parent, status: 'unset', attributes: {}, events: [], links: [], exceptions: [],
    format: 'otlp', origin: { file: FILE, line: ++line }, ...s,
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const DYNAMO: Resource = { id: 'aws:Carts', type: 'aws', name: 'Carts', service: 'DynamoDB' };
const PARTNER: Resource = { id: 'http:api.partner.example', type: 'http', name: 'api.partner.example' };

/**
 * `checkout` invocations over two hours. Planted cause: tenant "bigcorp" (15% of requests) is slow, or, with
 * `slowPartner`, calling the partner API is. Region, version, cold starts and the other calls are unrelated noise.
 */
function generate(seed: number, slowPartner = false): Dataset {
  const r = rng(seed);
  const b = new DatasetBuilder();
  for (let i = 0; i < 3000; i++) {
    const requestId = `${hex(i, 8)}-0000-4000-8000-${hex(seed, 12)}`;
    const traceId = hex(seed, 8) + hex(i, 24);
    const start = T0 + i * 2400 + r() * 1000;
    const tenant = r() < 0.15 ? 'bigcorp' : r() < 0.5 ? 'acme' : 'initech';
    const callsPartner = r() < 0.3;
    const cold = r() < 0.05;
    const region = r() < 0.5 ? 'eu-west-1' : 'us-east-1';
    let duration = lognormal(r, 80, 0.2);
    if (!slowPartner && tenant === 'bigcorp') duration += 400;
    const partnerMs = slowPartner ? lognormal(r, 600, 0.2) : lognormal(r, 30, 0.2);
    if (callsPartner) duration += partnerMs;
    const fn = 'checkout';
    b.log(platform(fn, requestId, start, { type: 'start', version: r() < 0.5 ? '$LATEST' : '7' }));
    b.log(platform(fn, requestId, start + duration, { type: 'end' }));
    b.log(platform(fn, requestId, start + duration + 1, {
      type: 'report', durationMs: duration, billedDurationMs: Math.ceil(duration), memorySizeMb: 512,
      maxMemoryUsedMb: 100 + Math.round(r() * 20), initDurationMs: cold ? 300 : undefined, traceId,
    }));
    b.span(span(traceId, hex(i * 4 + 1, 16), undefined, {
      name: 'checkout', service: fn, kind: 'server', startMs: start, durationMs: duration, requestId, functionName: fn,
      attributes: { 'app.tenant': tenant, 'cloud.region': region, 'faas.coldstart': cold, 'app.request_id': requestId },
    }));
    b.span(span(traceId, hex(i * 4 + 2, 16), hex(i * 4 + 1, 16), {
      name: 'DynamoDB.GetItem', service: fn, kind: 'client', startMs: start + 5, durationMs: 8, remote: DYNAMO, httpStatus: 200,
    }));
    if (callsPartner) {
      b.span(span(traceId, hex(i * 4 + 3, 16), hex(i * 4 + 1, 16), {
        name: 'GET', service: fn, kind: 'client', startMs: start + 20, durationMs: partnerMs, remote: PARTNER, httpStatus: 200,
      }));
    }
  }
  return b.build();
}

describe('stats: slow-vs-fast comparison', () => {
  it('ranks the planted span attribute first, with its value shares', () => {
    const ds = generate(1);
    const index = StatsIndex.build(ds);
    const stats = index.statsFor('checkout')!;
    assert.equal(stats.count, 3000);
    const cmp = index.compare('function', 'checkout')!;
    assert.ok(Math.abs(cmp.thresholdMs - stats.p95Ms) < 1e-9, 'default threshold is the p95');
    assert.equal(cmp.slowCount, 150);
    const top = cmp.attributes[0];
    assert.equal(top.attribute, 'app.tenant', cmp.attributes.slice(0, 5).map((a) => `${a.attribute} ${a.divergence.toFixed(2)}`).join(', '));
    const bigcorp = top.values.find((v) => v.value === 'bigcorp')!;
    assert.equal(bigcorp.slowShare, 1);
    assert.ok(bigcorp.fastShare > 0.08 && bigcorp.fastShare < 0.14, String(bigcorp.fastShare));
    assert.ok(top.divergence > 0.8);
    // Unrelated attributes stay low, and per-request ids are never compared.
    for (const name of ['region', 'cloud.region', 'version', 'cold start']) {
      const a = cmp.attributes.find((x) => x.attribute === name || x.sameAs.includes(name));
      assert.ok(a, `${name} is compared`);
      assert.ok(a.divergence < 0.2, `${name}: ${a.divergence}`);
    }
    assert.ok(!cmp.attributes.some((a) => a.attribute === 'app.request_id'));
    // The region written twice (attribute and derived "region") is one finding, not two.
    assert.ok(cmp.attributes.find((a) => a.attribute === 'cloud.region')!.sameAs.includes('region'));
  });

  it('finds a slow downstream call, per function and per service, and honours an explicit threshold', () => {
    const ds = generate(2, true);
    const index = StatsIndex.build(ds);
    const fn = index.compare('function', 'checkout')!;
    assert.equal(fn.attributes[0].attribute, 'calls api.partner.example');
    const yes = fn.attributes[0].values.find((v) => v.value === 'yes')!;
    assert.equal(yes.slowShare, 1);
    const svc = index.compare('service', 'checkout', { thresholdMs: 1000 })!;
    assert.equal(svc.thresholdMs, 1000);
    // The service group holds the server spans and the client spans; spans slower than 1 s are partner-bound.
    assert.ok(svc.slowCount > 0);
    const remote = svc.attributes.find((a) => a.attribute === 'calls api.partner.example' || a.attribute === 'remote');
    assert.ok(remote && remote.divergence > 0.5, JSON.stringify(svc.attributes.slice(0, 3)));
  });

  it('span-only data: groupings choose their own bucket when there are no invocations', async () => {
    const { loadPaths } = await import('../../src/core/load');
    const path = await import('path');
    const ds = await loadPaths([path.join(FIXTURES_DIR, 'zipkin/smartthings-mobile-web-install.json')]);
    const index = StatsIndex.build(ds);
    assert.equal(index.get('function').groups.length, 0);
    assert.ok(index.get('service').bucketMs <= 60 * 60_000, `bucket ${index.get('service').bucketMs}`);
  });

  it('statsFor is a constant-time lookup of prebuilt per-function stats', () => {
    const index = StatsIndex.build(generate(3));
    const a = index.statsFor('checkout');
    assert.equal(a, index.statsFor('checkout'), 'the same object: nothing is recomputed');
    assert.equal(index.statsFor('nope'), undefined);
    assert.ok(a!.init.count > 100 && a!.init.p50Ms === 300);
    assert.equal(a!.memory.sizeMb, 512);
    assert.ok(a!.memory.maxUsedMb <= 120 && a!.memory.maxUsedMb >= 110);
  });
});
