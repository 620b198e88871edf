// Small parts of the AWS layer: time parsing for --since/--until, profile listing, progress estimates.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudWatchSource, listProfiles, parseTime } from '../../src/core/aws';
import type { SourceProgress } from '../../src/core/source';
import { startLoopback, syntheticDataset } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

describe('aws: helpers', function () {
  this.timeout(30_000);

  it('parseTime: relative durations, ISO times, epoch ms and s', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    assert.equal(parseTime('15m', now), now - 900_000);
    assert.equal(parseTime('2h', now), now - 7_200_000);
    assert.equal(parseTime('1d', now), now - 86_400_000);
    assert.equal(parseTime('2026-11-20T10:00:00Z', now), Date.UTC(2026, 10, 20, 10));
    assert.equal(parseTime('1795161639120', now), 1795161639120);
    assert.equal(parseTime('1795161639', now), 1795161639000);
    assert.equal(parseTime('now', now), now);
    assert.equal(parseTime('yesterday-ish', now), undefined);
  });

  it('listProfiles: names from config and credentials, SSO and region noted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-prof-'));
    const saved = [process.env.AWS_CONFIG_FILE, process.env.AWS_SHARED_CREDENTIALS_FILE];
    try {
      process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
      fs.writeFileSync(process.env.AWS_CONFIG_FILE, '[default]\nregion = eu-west-1\n\n[profile dev]\nsso_session = corp\n\n[sso-session corp]\nsso_region = us-east-1\n');
      fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '[ci]\naws_access_key_id = A\naws_secret_access_key = B\n');
      const ps = await listProfiles();
      assert.deepEqual(ps.map((p) => [p.name, p.sso, p.region ?? null]), [['ci', false, null], ['default', false, 'eu-west-1'], ['dev', true, null]]);
    } finally {
      [process.env.AWS_CONFIG_FILE, process.env.AWS_SHARED_CREDENTIALS_FILE] = saved;
      if (saved[0] === undefined) delete process.env.AWS_CONFIG_FILE;
      if (saved[1] === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('progress reports events fetched and an estimate of the total', async () => {
    const start = Date.UTC(2026, 10, 20, 10);
    const server = await startLoopback({ dataset: syntheticDataset({ groups: ['/aws/lambda/a'], eventsPerGroup: 8000, startMs: start, stepMs: 100 }), unlimited: true });
    try {
      const seen: SourceProgress[] = [];
      await new CloudWatchSource({ ...testConnection(server), concurrency: 1, logGroups: ['/aws/lambda/a'], startMs: start, endMs: start + 800_000, pageLimit: 1000 })
        .load(collectingSink(), { onProgress: (p) => seen.push(p) });
      assert.ok(seen.length >= 8);
      const mid = seen[3];
      assert.ok(mid.total !== undefined && Math.abs(mid.total - 8000) <= 800, `estimate ${mid.total} after ${mid.records} records`);
      assert.match(seen[seen.length - 1].message ?? '', /^8,000 events fetched of about 8,0\d\d$/);
      assert.equal(seen[seen.length - 1].records, 8000);
    } finally {
      await server.close();
    }
  });
});
