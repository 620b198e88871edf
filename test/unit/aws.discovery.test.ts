// Discovery: paged DescribeLogGroups (50 per page) lists every Lambda log group and detects `aws/spans`.
import { strict as assert } from 'assert';
import { discover } from '../../src/core/aws';
import { startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { testConnection } from '../support/awsLoopback/testUtil';

describe('aws: discovery', function () {
  this.timeout(30_000);
  let server: LoopbackServer;
  afterEach(async () => { await server?.close(); });

  it('pages through 120 Lambda log groups and finds aws/spans', async () => {
    const lambda = Array.from({ length: 120 }, (_, i) => `/aws/lambda/fn-${String(i).padStart(3, '0')}`);
    server = await startLoopback({ dataset: syntheticDataset({ groups: [...lambda, '/ecs/other', 'aws/spans'], eventsPerGroup: 4, startMs: 0, stepMs: 1 }), unlimited: true });
    const found = await discover(testConnection(server));
    assert.deepEqual(found.lambdaGroups.map((g) => g.name), lambda);
    assert.equal(found.spans?.name, 'aws/spans');
    assert.ok(found.lambdaGroups[0].arn?.startsWith('arn:aws:logs:'));
    assert.equal(server.count('DescribeLogGroups'), 3 + 1, 'three pages of Lambda groups, one lookup for aws/spans');
  });

  it('reports no aws/spans when Transaction Search is off', async () => {
    server = await startLoopback({ dataset: syntheticDataset({ groups: ['/aws/lambda/a'], eventsPerGroup: 4, startMs: 0, stepMs: 1 }), unlimited: true });
    const found = await discover(testConnection(server));
    assert.equal(found.spans, undefined);
    assert.equal(found.lambdaGroups.length, 1);
  });
});
