// The disk cache: a second open is served with zero requests; a refresh asks only for the time after the high-water mark.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudWatchSource, LogCache } from '../../src/core/aws';
import type { RawEvent } from '../../src/core/aws';
import { allEvents, ArrayStore, datasetFromDir, startLoopback, syntheticDataset } from '../support/awsLoopback';
import type { LoopbackServer, LoopEvent } from '../support/awsLoopback';
import { collectingSink, testConnection } from '../support/awsLoopback/testUtil';

const SAMPLE = path.resolve(__dirname, '../../../samples/data');
const START = Date.UTC(2026, 10, 20, 10, 0, 0);

describe('aws: disk cache', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-cache-')); });
  afterEach(async () => { await server?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('serves a second open with zero requests and the same records', async () => {
    const ds = datasetFromDir(SAMPLE);
    server = await startLoopback({ dataset: ds, unlimited: true });
    const groups = [...ds.groups.keys()].filter((g) => g.startsWith('/aws/lambda/'));
    const opts = { ...testConnection(server), logGroups: groups, spans: true, startMs: Date.UTC(2026, 10, 20), endMs: Date.UTC(2026, 10, 21), cache: new LogCache(dir, { settleMs: 0 }) };
    const first = collectingSink();
    await new CloudWatchSource(opts).load(first);
    const requests = server.log.length;
    assert.ok(requests > 0);
    assert.ok(first.spans.length > 0 && first.logs.length > 0);

    const second = collectingSink();
    const src = new CloudWatchSource({ ...opts, cache: new LogCache(dir, { settleMs: 0 }) });
    await src.load(second);
    assert.equal(server.log.length, requests, 'no request on the second open');
    assert.equal(src.stats.fromCache, allEvents(ds).length);
    assert.equal(second.logs.length, first.logs.length);
    assert.equal(second.spans.length, first.spans.length);
  });

  it('an incremental refresh asks only for the range after the high-water mark', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/alpha'], eventsPerGroup: 0, startMs: START, stepMs: 1 });
    const events: LoopEvent[] = [];
    for (let i = 0; i < 2000; i++) events.push({ timestamp: START + i * 100, message: `line ${i}`, logStreamName: 's1', ingestionTime: START + i * 100, eventId: `e${i}` });
    const store = new ArrayStore(events);
    ds.groups.get('/aws/lambda/alpha')!.store = store;
    server = await startLoopback({ dataset: ds, unlimited: true });
    const cache = new LogCache(dir, { settleMs: 0 });
    const mid = START + 200_000;
    const seen = new Map<string, number>();
    const onEvents = (_g: string, evs: RawEvent[]) => { for (const e of evs) seen.set(e.eventId ?? e.message, (seen.get(e.eventId ?? e.message) ?? 0) + 1); };
    await new CloudWatchSource({ ...testConnection(server), logGroups: ['/aws/lambda/alpha'], startMs: START, endMs: mid, cache, pageLimit: 300, onEvents }).load(collectingSink());
    assert.equal(seen.size, 2000);

    // New events arrive after the first fetch.
    const more: LoopEvent[] = [];
    for (let i = 2000; i < 2500; i++) more.push({ timestamp: START + i * 100, message: `line ${i}`, logStreamName: 's1', ingestionTime: START + i * 100, eventId: `e${i}` });
    store.append(more);
    server.resetCounts();
    seen.clear();
    const src = new CloudWatchSource({ ...testConnection(server), logGroups: ['/aws/lambda/alpha'], startMs: START, endMs: START + 300_000, cache, pageLimit: 300, onEvents });
    await src.load(collectingSink());
    const asked = server.log.filter((r) => r.op === 'FilterLogEvents');
    assert.ok(asked.length > 0);
    for (const r of asked) assert.ok((r.body.startTime as number) >= mid, `asked from ${r.body.startTime}, before the high-water mark ${mid}`);
    assert.equal(src.stats.fromCache, 2000);
    assert.equal(src.stats.fetched, 500);
    assert.equal(seen.size, 2500);
    assert.ok([...seen.values()].every((n) => n === 1));
  });

  it('keeps within its size limit and clear() empties it', async () => {
    const ds = syntheticDataset({ groups: ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c'], eventsPerGroup: 2000, startMs: START, stepMs: 100 });
    server = await startLoopback({ dataset: ds, unlimited: true });
    const cache = new LogCache(dir, { settleMs: 0, maxBytes: 500_000 });
    for (const g of ['/aws/lambda/a', '/aws/lambda/b', '/aws/lambda/c']) {
      await new CloudWatchSource({ ...testConnection(server), logGroups: [g], startMs: START, endMs: START + 200_000, cache }).load(collectingSink());
    }
    const size = await cache.sizeBytes();
    assert.ok(size <= 500_000 || (await fs.promises.readdir(dir)).length === 1, `cache holds ${size} bytes`);
    await cache.clear();
    assert.equal(await cache.sizeBytes(), 0);
  });
  it('is owner-only: folders 0700, files 0600, also when the folder existed with a wider mode', async function () {
    if (process.platform === 'win32') this.skip(); // no POSIX modes
    fs.chmodSync(dir, 0o755); // as an older version (or the umask) left it
    const root = path.join(dir, 'cache');
    fs.mkdirSync(root, { mode: 0o755 });
    fs.chmodSync(root, 0o755);
    const cache = new LogCache(root, { settleMs: 0 });
    const events: RawEvent[] = [{ timestamp: START + 10, message: 'password=hunter2', logStreamName: 's' }];
    await cache.write('scope', '/aws/lambda/a', START, START + 1000, events, START + 10 * 60_000);
    const modes: string[] = [];
    const walk = (p: string) => {
      for (const n of fs.readdirSync(p)) {
        const f = path.join(p, n);
        const st = fs.statSync(f);
        modes.push(`${st.isDirectory() ? 'd' : 'f'} ${(st.mode & 0o777).toString(8)}`);
        if (st.isDirectory()) walk(f);
      }
    };
    assert.equal((fs.statSync(root).mode & 0o777).toString(8), '700');
    walk(root);
    assert.ok(modes.some((m) => m.startsWith('d')) && modes.filter((m) => m.startsWith('f')).length >= 2, modes.join(', '));
    assert.deepEqual([...new Set(modes)].sort(), ['d 700', 'f 600']);
  });
});
