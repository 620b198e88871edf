// Credentials and permission failures come back as plain words with the command to run, never a stack trace.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsFetchError, CloudWatchSource, listLogGroups } from '../../src/core/aws';
import { startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

const START = Date.UTC(2026, 10, 20, 10, 0, 0);
const ENV_KEYS = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_REGION'];

async function failure(p: Promise<unknown>): Promise<AwsFetchError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AwsFetchError, `expected an AwsFetchError, got ${(e as Error).name}: ${(e as Error).message}`);
    assert.ok(!/\n\s+at /.test(e.message), 'no stack trace in the message');
    return e;
  }
  throw new Error('expected a failure');
}

describe('aws: error messages', function () {
  this.timeout(30_000);
  let server: LoopbackServer;
  let home: string;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    server = await startLoopback({ dataset: syntheticDataset({ groups: ['/aws/lambda/alpha'], eventsPerGroup: 100, startMs: START, stepMs: 100 }), unlimited: true });
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-home-'));
    fs.mkdirSync(path.join(home, '.aws'));
    // No credentials anywhere, and no instance metadata lookups (they would leave the loopback interface).
    for (const k of ENV_KEYS) delete process.env[k];
    process.env.HOME = home;
    process.env.AWS_CONFIG_FILE = path.join(home, '.aws', 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, '.aws', 'credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    fs.writeFileSync(process.env.AWS_CONFIG_FILE, [
      '[profile sso-dev]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = us-east-1', '',
      '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access', '',
      '[profile keys]', 'region = us-east-1', '',
    ].join('\n'));
    fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '[keys]\naws_access_key_id = AKIDKEYS\naws_secret_access_key = secret\n');
  });

  afterEach(async () => {
    for (const k of ENV_KEYS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    fs.rmSync(home, { recursive: true, force: true });
    await server.close();
  });

  const load = (extra: Record<string, unknown>) => new CloudWatchSource({
    ...testConnection(server), ...extra, logGroups: ['/aws/lambda/alpha'], startMs: START, endMs: START + 60_000,
  }).load(collectingSink());

  it('AccessDenied names the missing IAM action', async () => {
    server.setDeny({ code: 'AccessDeniedException', message: 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:FilterLogEvents on resource: arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alpha:* because no identity-based policy allows the logs:FilterLogEvents action' });
    const e = await failure(load({}));
    assert.equal(e.code, 'AccessDeniedException');
    assert.match(e.message, /`logs:FilterLogEvents`/);
  });

  it('an expired SSO session says to run aws sso login', async () => {
    const e = await failure(load({ credentials: undefined, profile: 'sso-dev' }));
    assert.match(e.message, /aws sso login --profile sso-dev/);
  });

  it('expired keys of an SSO profile say to run aws sso login', async () => {
    server.setDeny({ code: 'ExpiredTokenException', message: 'The security token included in the request is expired' });
    const e = await failure(load({ profile: 'sso-dev' }));
    assert.equal(e.code, 'ExpiredTokenException');
    assert.match(e.message, /aws sso login --profile sso-dev/);
  });

  it('missing credentials say which profile and what to run', async () => {
    const e = await failure(load({ credentials: undefined, profile: 'nobody' }));
    assert.equal(e.code, 'CredentialsMissing');
    assert.match(e.message, /profile "nobody"/);
    assert.match(e.message, /aws configure --profile nobody/);
  });

  it('a profile from the credentials file signs requests the server accepts', async () => {
    const groups = await listLogGroups({ ...testConnection(server), credentials: undefined, profile: 'keys' }, '/aws/lambda/');
    assert.deepEqual(groups.map((g) => g.name), ['/aws/lambda/alpha']);
    assert.ok(server.log.every((r) => r.outcome === 'ok'));
  });

  it('a missing log group is named', async () => {
    const e = await failure(new CloudWatchSource({ ...testConnection(server), logGroups: ['/aws/lambda/ghost'], startMs: START, endMs: START + 1000 }).load(collectingSink()));
    assert.match(e.message, /\/aws\/lambda\/ghost does not exist/);
  });
});
