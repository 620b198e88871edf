import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { loadPaths } from '../../src/core/load';
import { normalizeTraceId } from '../../src/core/ids';
import type { Dataset } from '../../src/core/dataset';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');

describe('the bundled sample dataset, read by the core', () => {
  let ds: Dataset;
  const manifest = JSON.parse(readFileSync(path.join(SAMPLE, 'manifest.json'), 'utf8'));
  before(async () => { ds = await loadPaths([SAMPLE]); });

  it('reads every file with nothing skipped and the generator\'s counts', () => {
    const s = ds.summary();
    assert.deepEqual(s.skipped, {});
    assert.equal(s.traces, manifest.traces.total);
    assert.equal(s.invocations, manifest.invocations);
    assert.equal(s.logEvents, manifest.logEvents);
    assert.equal(s.coldStarts, manifest.coldStarts);
    assert.equal(s.timeouts, manifest.timeouts);
    assert.equal(s.spans, manifest.spans + manifest.xray.segments + manifest.xray.subsegments);
    for (const [name, f] of Object.entries(manifest.functions) as [string, { invocations: number; coldStarts: number; crashes: number; timeouts: number }][]) {
      const got = ds.functions.find((x) => x.name === name)!;
      assert.ok(got, `function ${name}`);
      assert.deepEqual([got.invocations, got.coldStarts, got.crashes, got.timeouts], [f.invocations, f.coldStarts, f.crashes, f.timeouts], name);
    }
  });

  it('joins at least 99% of invocations to a trace', () => {
    const s = ds.summary();
    assert.ok(s.joinedInvocations / s.invocations >= 0.99, `${s.joinedInvocations}/${s.invocations}`);
  });

  it('gives every span of the sample handlers a source location', () => {
    const functions = new Set(Object.keys(manifest.functions));
    const handlerSpans = ds.spans.filter((s) => functions.has(s.service) && !['Initialization', 'Overhead', 'Invocation'].includes(s.name) && s.attributes['xray.origin'] !== 'AWS::Lambda');
    assert.ok(handlerSpans.length > 1000, `${handlerSpans.length} handler spans`);
    const missing = handlerSpans.filter((s) => !s.source?.file || !s.source.line);
    assert.deepEqual(missing.slice(0, 3).map((s) => `${s.service} ${s.name} ${s.format}`), []);
  });

  it('marks the timeout and the crash on the right invocations, with their traces', () => {
    const t = ds.invocationByRequestId.get(manifest.incidents.timeout.requestId)!;
    assert.equal(t.status, 'timeout');
    assert.equal(ds.traceOf(t)?.traceId, normalizeTraceId(manifest.incidents.timeout.traceId));
    const c = ds.invocationByRequestId.get(manifest.incidents.crash.requestId)!;
    assert.equal(c.status, 'crash');
    assert.equal(c.errorType, 'Runtime.ExitError');
  });
});
