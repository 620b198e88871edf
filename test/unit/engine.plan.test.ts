// The engine worker reads with the user's settings: the plan the host sends carries the masking options and the input
// limits, and the worker's load applies them (they used to be applied by the host's own load).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineClient } from '../../src/engine/client';
import type { DatasetSnapshot } from '../../src/engine/requests';

const MAIN = path.resolve(__dirname, '../../..', 'out', 'src', 'engine', 'main.js');
const TRACE = '5b8aa5a2d2c872e8321cf37308d69df2';

/** Zipkin v2 spans, one per line: a span tagged with a password, and a long one (padded). */
function zipkinLines(): string {
  const ts = 1_700_000_000_000_000;
  const span = (id: string, name: string, tags: Record<string, string>) => JSON.stringify([{ traceId: TRACE, id, name, timestamp: ts, duration: 1000, kind: 'SERVER', localEndpoint: { serviceName: 'svc' }, tags }]);
  return [span('a2fb4a1d1a96d312', 'login', { 'db.password': 'hunter2-secret' }), span('b7ad6b7169203331', 'long', { note: 'x'.repeat(4000) })].join('\n') + '\n';
}

describe('engine worker: the load plan carries masking and input limits', function () {
  this.timeout(120_000);
  let dir: string;
  let engine: EngineClient;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ste-engine-plan-'));
    fs.writeFileSync(path.join(dir, 'spans.json'), zipkinLines());
    engine = new EngineClient(MAIN);
  });
  after(async () => {
    await engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tagOf = async () => {
    const snap = (await engine.ask({ kind: 'snapshot' })) as DatasetSnapshot;
    return { names: snap.spans.map((s) => s.name).sort(), password: snap.spans.find((s) => s.name === 'login')?.attributes?.['db.password'] };
  };

  it('masks with the default rules, and not at all when the plan says masking is off', async () => {
    await engine.load({ files: [dir], label: 'plan' });
    const masked = await tagOf();
    assert.deepStrictEqual(masked.names, ['login', 'long']);
    assert.ok(typeof masked.password === 'string' && !masked.password.includes('hunter2'), `masked: ${String(masked.password)}`);
    await engine.load({ files: [dir], label: 'plan', mask: { enabled: false } });
    assert.strictEqual((await tagOf()).password, 'hunter2-secret');
  });

  it('applies maxLineBytes: a line over the limit is skipped, the rest is read', async () => {
    const state = await engine.load({ files: [dir], label: 'plan', limits: { maxLineBytes: 1024 } });
    assert.strictEqual(state.spans, 1, JSON.stringify(state));
    assert.deepStrictEqual((await tagOf()).names, ['login']);
  });
});
