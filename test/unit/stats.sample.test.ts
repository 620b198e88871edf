// The bundled sample (samples/data) has two incidents in its manifest: a DynamoDB slow-down and an
// identity-provider 401 burst. Every grouping and bucket width must flag inside them and nowhere else:
// not the lone billing timeout at ~10:50 (one request, three 6 s spans: the chance guard counts requests),
// not the crash at ~12:35, not the background e-mail 5xx.
import { strict as assert } from 'assert';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { computeStats, GROUP_BYS } from '../../src/core/stats';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');

interface Window { startMs: number; endMs: number }

describe('stats: anomalies on the sample dataset', function () {
  this.timeout(120_000);
  let ds: Dataset;
  let spike: Window;
  let burst: Window;

  before(async function () {
    if (!existsSync(path.join(SAMPLE, 'manifest.json'))) this.skip();
    const manifest = JSON.parse(readFileSync(path.join(SAMPLE, 'manifest.json'), 'utf8')) as { incidents: { dynamoSpike: Window; idpBurst: Window } };
    spike = manifest.incidents.dynamoSpike;
    burst = manifest.incidents.idpBurst;
    ds = await loadPaths([SAMPLE]);
  });

  const overlaps = (at: number, bucketMs: number, w: Window) => at < w.endMs && at + bucketMs > w.startMs;

  for (const bucket of [undefined, 60_000, 5 * 60_000, 15 * 60_000]) {
    it(`flags only inside the two incidents (${bucket ? `${bucket / 60_000}m` : 'auto'} buckets, every grouping)`, () => {
      const found = { spike: 0, burst: 0 };
      for (const by of GROUP_BYS) {
        const r = computeStats(ds, { by, bucketMs: bucket });
        for (const a of r.anomalies) {
          const inSpike = overlaps(a.bucketStart, a.bucketMs, spike);
          const inBurst = overlaps(a.bucketStart, a.bucketMs, burst);
          assert.ok(inSpike || inBurst, `${by}: ${a.group} ${a.metric} at ${new Date(a.bucketStart).toISOString()} is outside the incidents`);
          if (inSpike) found.spike++;
          if (inBurst) found.burst++;
        }
      }
      if (bucket !== 60_000) {
        // 1-minute buckets hold ~2 invocations: too few to judge, and the method says so by staying quiet.
        assert.ok(found.spike > 0, 'the DynamoDB slow-down is flagged');
        assert.ok(found.burst > 0, 'the identity-provider burst is flagged');
      }
    });
  }

  it('per function (the CLI default) the slow-down is flagged on shop-orders-api p95', () => {
    const r = computeStats(ds, { by: 'function', bucketMs: 5 * 60_000 });
    const hits = r.anomalies.filter((a) => a.group === 'shop-orders-api' && a.metric === 'p95Ms').map((a) => a.bucketStart);
    assert.deepEqual(hits, [spike.startMs, spike.startMs + 5 * 60_000, spike.startMs + 10 * 60_000]);
  });
});
