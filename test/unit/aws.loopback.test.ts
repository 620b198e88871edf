// The loopback endpoint itself keeps the service's documented rules, checked with the real SDK (and a raw request
// for the signing check): GetLogEvents tokens, FilterLogEvents' empty pages, page limits, unsigned requests refused.
import { strict as assert } from 'assert';
import * as http from 'http';
import { FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchSource, logsClient } from '../../src/core/aws';
import type { RawEvent } from '../../src/core/aws';
import { startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

const START = Date.UTC(2026, 10, 20, 10);

describe('aws: loopback endpoint semantics', function () {
  this.timeout(30_000);
  let server: LoopbackServer;
  afterEach(async () => { await server?.close(); });

  it('GetLogEvents: newest page first without startFromHead, same forward token at the end of the stream', async () => {
    server = await startLoopback({ dataset: syntheticDataset({ groups: ['/aws/lambda/a'], eventsPerGroup: 400, startMs: START, stepMs: 10, streams: 1 }), unlimited: true });
    const c = logsClient(testConnection(server));
    const stream = '2026/11/20/[$LATEST]' + '0'.repeat(32);
    const newest = await c.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/a', logStreamName: stream, limit: 100 }));
    assert.equal(newest.events?.[99].timestamp, START + 399 * 10);
    const older = await c.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/a', logStreamName: stream, limit: 100, nextToken: newest.nextBackwardToken }));
    assert.equal(older.events?.[99].timestamp, START + 299 * 10);
    let token: string | undefined;
    let n = 0;
    for (;;) {
      const page = await c.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/a', logStreamName: stream, startFromHead: true, limit: 150, nextToken: token }));
      n += page.events?.length ?? 0;
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    assert.equal(n, 400);
  });

  it('FilterLogEvents: a rare match comes after empty pages that still carry a nextToken', async () => {
    server = await startLoopback({ dataset: syntheticDataset({ groups: ['/aws/lambda/a'], eventsPerGroup: 500_000, startMs: START, stepMs: 1 }), unlimited: true });
    const c = logsClient(testConnection(server));
    const first = await c.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/a', filterPattern: '"handled item 124999"' }));
    assert.equal(first.events?.length, 0);
    assert.ok(first.nextToken, 'more to search');
    const got: RawEvent[] = [];
    await new CloudWatchSource({ ...testConnection(server), logGroups: ['/aws/lambda/a'], startMs: START, endMs: START + 500_000, concurrency: 1, filterPattern: '"handled item 124999"', onEvents: (_g, e) => got.push(...e) })
      .load(collectingSink());
    assert.deepEqual(got.map((e) => e.message.split('\t')[3]), ['a handled item 124999\n']);
  });

  it('FilterLogEvents pages hold at most 10,000 events and 1 MB', async () => {
    server = await startLoopback({ dataset: syntheticDataset({ groups: ['/aws/lambda/a'], eventsPerGroup: 30_000, startMs: START, stepMs: 1 }), unlimited: true });
    const c = logsClient(testConnection(server));
    const page = await c.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/a' }));
    const bytes = JSON.stringify(page.events).length;
    assert.ok((page.events?.length ?? 0) <= 10_000 && bytes <= 1_300_000, `${page.events?.length} events, ${bytes} bytes`);
    await assert.rejects(c.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/a', limit: 10_001 })), /limit must be between 1 and 10000/);
  });

  it('refuses requests that are not SigV4-signed', async () => {
    server = await startLoopback({ dataset: syntheticDataset({ groups: ['/aws/lambda/a'], eventsPerGroup: 4, startMs: START, stepMs: 1 }), unlimited: true });
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(server.endpoint, { method: 'POST', headers: { 'x-amz-target': 'Logs_20140328.DescribeLogGroups', 'content-type': 'application/x-amz-json-1.1' } }, (res) => {
        let b = '';
        res.on('data', (d) => { b += d; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.on('error', reject);
      req.end('{}');
    });
    assert.equal(status, 403);
    assert.equal(JSON.parse(body).__type, 'MissingAuthenticationTokenException');
    assert.equal(server.log[0].outcome, 'unsigned');
  });
});
