// Which AWS endpoint/profile settings are used as they are and which need the user's confirmation first.
import * as assert from 'assert';
import { chosen, confirmationKey, endpointHost, regionError, verdict } from '../../src/extension/security/awsPolicy';

const WS = 'file:///home/me/cloned-repo';
const none = () => false;

describe('security: AWS endpoint and profile from settings', () => {
  it('takes the endpoint from user settings as it is', () => {
    assert.deepStrictEqual(verdict('endpoint', { globalValue: 'http://localhost:4566' }, WS, none), { ok: true, value: 'http://localhost:4566', origin: 'user' });
  });

  it('asks about an endpoint from workspace (or folder) settings, by host, until confirmed for that workspace', () => {
    const v = verdict('endpoint', { globalValue: 'http://localhost:4566', workspaceValue: 'https://Collector.Example.com:8443/x' }, WS, none);
    assert.deepStrictEqual(v, { ok: 'ask', kind: 'endpoint', value: 'https://collector.example.com:8443', key: confirmationKey(WS, 'endpoint', 'https://collector.example.com:8443') });
    const folder = verdict('endpoint', { workspaceFolderValue: 'http://127.0.0.1:9' }, WS, none);
    assert.strictEqual(folder.ok, 'ask');
    const key = confirmationKey(WS, 'endpoint', 'https://collector.example.com:8443');
    const ok = verdict('endpoint', { workspaceValue: 'https://collector.example.com:8443/other-path' }, WS, (k) => k === key);
    assert.deepStrictEqual(ok, { ok: true, value: 'https://collector.example.com:8443/other-path', origin: 'workspace' });
    // Confirmed for another workspace, or another port: asked again.
    assert.strictEqual(verdict('endpoint', { workspaceValue: 'https://collector.example.com:8443' }, 'file:///other', (k) => k === key).ok, 'ask');
    assert.strictEqual(verdict('endpoint', { workspaceValue: 'https://collector.example.com:9443' }, WS, (k) => k === key).ok, 'ask');
  });

  it('refuses an endpoint that is not an http(s) URL or carries credentials', () => {
    for (const bad of ['collector.example.com', 'file:///etc/passwd', 'ftp://h', 'https://user:pw@h.example']) {
      const v = verdict('endpoint', { globalValue: bad }, WS, none);
      assert.strictEqual(v.ok, false, bad);
    }
    assert.deepStrictEqual(endpointHost('http://127.0.0.1:4566/'), { origin: 'http://127.0.0.1:4566' });
  });

  it('asks about a workspace profile, not about a user one; blank values count as unset', () => {
    assert.deepStrictEqual(verdict('profile', { globalValue: 'dev' }, WS, none), { ok: true, value: 'dev', origin: 'user' });
    assert.strictEqual(verdict('profile', { globalValue: 'dev', workspaceValue: 'prod-admin' }, WS, none).ok, 'ask');
    assert.deepStrictEqual(verdict('profile', { workspaceValue: '  ' }, WS, none), { ok: true });
    assert.deepStrictEqual(chosen({ workspaceValue: '', globalValue: ' dev ' }), { value: 'dev', origin: 'user' });
    assert.strictEqual(chosen(undefined), undefined);
  });

  it('accepts only region codes (the region is part of the AWS host name)', () => {
    for (const r of ['eu-west-1', 'us-gov-west-1', 'ap-southeast-2', undefined]) assert.strictEqual(regionError(r), undefined, String(r));
    for (const r of ['evil.example.com/', 'eu-west-1.attacker.net', 'EU-WEST-1', 'x']) assert.ok(regionError(r), r);
  });
});
