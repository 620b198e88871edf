// `trace-explorer fetch` against the loopback endpoint; its output is read back with loadPaths like any export.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { loadPaths } from '../../src/core/load';
import { datasetFromDir, startLoopback } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { DUMMY } from '../support/awsLoopback/testUtil';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');
const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE'];

describe('aws: trace-explorer fetch', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  let out: string;
  const saved: Record<string, string | undefined> = {};
  const io = () => {
    const o = { out: [] as string[], err: [] as string[] };
    return { o, io: { out: (t: string) => o.out.push(t), err: (t: string) => o.err.push(t) } };
  };

  beforeEach(async () => {
    for (const k of ENV) saved[k] = process.env[k];
    process.env.AWS_ACCESS_KEY_ID = DUMMY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = DUMMY.secretAccessKey;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    delete process.env.AWS_PROFILE;
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-fetch-'));
    server = await startLoopback({ dataset: datasetFromDir(SAMPLE), unlimited: true });
  });
  afterEach(async () => {
    for (const k of ENV) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    fs.rmSync(out, { recursive: true, force: true });
    await server.close();
  });

  it('writes CloudWatch exports and X-Ray batches that load like the original data', async () => {
    const { o, io: cli } = io();
    const code = await main(['fetch', '--log-group', 'shop-billing', '--log-group', '/aws/lambda/shop-orders-api', '--log-group', 'shop-notifications',
      '--spans', '--xray', '--since', '2026-11-20T00:00:00Z', '--until', '2026-11-21T00:00:00Z', '--region', 'us-east-1', '--endpoint', server.endpoint, '--out', out], cli);
    assert.equal(code, 0, o.err.join('\n'));
    assert.match(o.out.join('\n'), /\/aws\/lambda\/shop-billing: 1,561 events/);
    assert.match(o.out.join('\n'), /X-Ray: 136 traces/);
    const fetched = await loadPaths([out]);
    const original = await loadPaths(['logs', 'spans', 'xray'].map((d) => path.join(SAMPLE, d)));
    assert.equal(fetched.logEventCount, original.logEventCount);
    assert.equal(fetched.spans.length, original.spans.length);
    assert.equal(fetched.traces.length, original.traces.length);
    assert.equal(fetched.invocations.length, original.invocations.length);
    assert.deepEqual(fetched.skipped, original.skipped);
  });

  it('--slowest finds invocations with Logs Insights and downloads only their logs and spans', async () => {
    const { o, io: cli } = io();
    const code = await main(['fetch', '--log-group', 'shop-orders-api', '--spans', '--slowest', '3', '--since', '2026-11-20T00:00:00Z', '--until', '2026-11-21T00:00:00Z',
      '--region', 'us-east-1', '--endpoint', server.endpoint, '--out', out], cli);
    assert.equal(code, 0, o.err.join('\n'));
    const doc = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'logs', 'shop-orders-api.json'), 'utf8')) as { events: { message: string }[] };
    const slowest = doc.events.map((e) => /^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms/.exec(e.message)).filter((m): m is RegExpExecArray => !!m)
      .sort((a, b) => Number(b[2]) - Number(a[2])).slice(0, 3).map((m) => m[1]);
    const fetched = await loadPaths([out]);
    assert.deepEqual(fetched.invocations.map((i) => i.requestId).sort(), [...slowest].sort());
    assert.ok(fetched.spans.length > 0, 'the spans of those traces came too');
    // Joined to a trace exactly when the full logs + spans join it (some sample traces exist only in X-Ray).
    const full = await loadPaths(['logs', 'spans'].map((d) => path.join(SAMPLE, d)));
    for (const i of fetched.invocations) {
      assert.equal(!!fetched.traceOf(i), !!full.traceOf(full.invocationByRequestId.get(i.requestId)!), `invocation ${i.requestId} joins as in the full data`);
    }
    assert.equal(server.count('FilterLogEvents') > 0 && server.log.filter((r) => r.op === 'FilterLogEvents').every((r) => typeof r.body.filterPattern === 'string'), true, 'no unfiltered scan');
  });

  it('fails with the AWS error code and a plain-words cause', async () => {
    server.setDeny({ code: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: logs:FilterLogEvents' });
    const { o, io: cli } = io();
    const code = await main(['fetch', '--log-group', 'shop-billing', '--since', '2026-11-20T00:00:00Z', '--until', '2026-11-21T00:00:00Z',
      '--region', 'us-east-1', '--endpoint', server.endpoint, '--out', out], cli);
    assert.equal(code, 3);
    assert.match(o.err.join('\n'), /^trace-explorer fetch: AccessDeniedException: .*`logs:FilterLogEvents`/);
    assert.ok(!o.err.join('\n').includes('    at '), 'no stack trace');
  });

  it('rejects a missing --since as a usage error', async () => {
    const { o, io: cli } = io();
    assert.equal(await main(['fetch', '--log-group', 'x', '--out', out], cli), 2);
    assert.match(o.err.join('\n'), /--since is required/);
  });
});
