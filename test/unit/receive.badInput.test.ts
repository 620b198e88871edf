// Bad input at the receiver: every refusal has its OTLP/HTTP status and is counted; nothing crashes it, and it keeps
// taking good data afterwards.
import { strict as assert } from 'assert';
import * as dgram from 'dgram';
import * as http from 'http';
import * as zlib from 'zlib';
import * as protobuf from 'protobufjs';
import { encodeOtlpProto, isLoopback, parseEndpoint, Receiver, ReceiverError } from '../../src/core/receive';
import { post, startTestReceiver, TestReceiver, waitFor } from './receive.helpers';

const span = (i: number, extra: Record<string, unknown> = {}) => ({
  traceId: '0af7651916cd43dd8448eb211c80319c', spanId: (i + 1).toString(16).padStart(16, '0'), name: `s${i}`, kind: 2,
  startTimeUnixNano: '1764640000000000000', endTimeUnixNano: '1764640000005000000', attributes: [{ key: 'i', value: { intValue: String(i) } }], ...extra,
});
const request = (spans: unknown[]) => ({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] }, scopeSpans: [{ spans }] }] });
const PROTO = { 'Content-Type': 'application/x-protobuf' };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const Status = protobuf.Root.fromJSON({ nested: { S: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } } } } }).lookupType('S');

describe('receive: bad input', function () {
  this.timeout(30_000);
  let r: TestReceiver;
  let url: string;
  beforeEach(async () => { r = await startTestReceiver({ maxBodyBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024, maxDatagramBytes: 4096 }); url = `${r.otlpUrl}/v1/traces`; });
  afterEach(async () => { await r.stop(); });

  async function stillWorks(): Promise<void> {
    const before = r.receiver.counters.spans;
    const ok = await post(url, encodeOtlpProto('traces', request([span(900)])), PROTO);
    assert.equal(ok.status, 200);
    assert.equal(r.receiver.counters.spans, before + 1);
  }

  it('truncated protobuf: 400 with a google.rpc.Status body, counted', async () => {
    const whole = encodeOtlpProto('traces', request([span(1), span(2)]));
    const res = await post(url, whole.subarray(0, whole.length - 7), PROTO);
    assert.equal(res.status, 400);
    assert.equal(res.type, 'application/x-protobuf');
    const status = Status.toObject(Status.decode(res.body)) as { code: number; message: string };
    assert.equal(status.code, 3);
    assert.match(status.message, /malformed protobuf/);
    assert.equal(r.receiver.counters.refused['400'], 1);
    assert.equal(r.receiver.counters.spans, 0);
    await stillWorks();
  });

  it('malformed JSON and a JSON that is not an object: 400', async () => {
    assert.equal((await post(url, '{"resourceSpans": [', JSON_TYPE)).status, 400);
    assert.equal((await post(url, '[1,2]', JSON_TYPE)).status, 400);
    assert.equal((await post(url, '{"resourceSpans": 5}', JSON_TYPE)).status, 400);
    assert.equal((await post(url, '['.repeat(100_00), JSON_TYPE)).status, 400);
    assert.equal(r.receiver.counters.refused['400'], 4);
    await stillWorks();
  });

  it('wrong content type or encoding: 415; other paths 404, other methods 405', async () => {
    assert.equal((await post(url, 'hello', { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await post(url, '{}', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' })).status, 415);
    assert.equal((await post(`${r.otlpUrl}/v1/metrics`, '{}', JSON_TYPE)).status, 404);
    assert.equal((await fetch(url)).status, 405);
    assert.equal(r.receiver.counters.refused['415'], 2);
    await stillWorks();
  });

  it('oversized body: 413 by Content-Length and by a chunked stream', async () => {
    const big = Buffer.alloc(65 * 1024, 'x');
    assert.equal((await post(url, big, PROTO)).status, 413);
    // Chunked: no Content-Length, the limit is counted while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', headers: { ...PROTO, 'Transfer-Encoding': 'chunked' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(8 * 1024, 1));
      req.end();
    });
    assert.equal(status, 413);
    assert.equal(r.receiver.counters.refused['413'], 2);
    await stillWorks();
  });

  it('gzip bomb: a small body that inflates past the limit is refused with 413, never inflated whole', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0));
    assert.ok(bomb.length < 64 * 1024, `the bomb is ${bomb.length} bytes, under the body limit`);
    const before = process.memoryUsage().rss;
    const res = await post(url, bomb, { ...PROTO, 'Content-Encoding': 'gzip' });
    assert.equal(res.status, 413);
    assert.ok(process.memoryUsage().rss - before < 48 * 1024 * 1024, 'memory did not grow by the inflated size');
    assert.equal((await post(url, Buffer.from('not gzip at all'), { ...PROTO, 'Content-Encoding': 'gzip' })).status, 400);
    await stillWorks();
  });

  it('bad spans inside a good request: 200 with partial success naming how many were rejected', async () => {
    const res = await post(url, JSON.stringify(request([span(1), { ...span(2), traceId: 'zz' }, { name: 'no ids' }])), JSON_TYPE);
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body.toString()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    assert.equal(body.partialSuccess.rejectedSpans, '2');
    assert.match(body.partialSuccess.errorMessage, /traceId/);
    assert.equal(r.receiver.counters.spans, 1);
    assert.equal(r.receiver.counters.rejectedRecords, 2);
    assert.equal(r.builder.build().skipped['wrong-type'], 1);
  });

  it('a flood of datagrams (good, malformed, oversized) is counted; the receiver keeps working', async () => {
    const sock = dgram.createSocket('udp4');
    const [host, port] = r.xrayAddress.split(':');
    const header = '{"format":"json","version":1}\n';
    const good = (i: number) => Buffer.from(header + JSON.stringify({ trace_id: '1-5759e988-bd862e3fe1be46a994272793', id: i.toString(16).padStart(16, '0'), name: `seg${i}`, start_time: 1764640000 + i / 1000, end_time: 1764640000.5 + i / 1000 }));
    const kinds = [(i: number) => good(i), () => Buffer.from('no header at all'), () => Buffer.from(header + '{"trace_id": '), () => Buffer.alloc(5000, 'a'), () => Buffer.from('{"format":"xml"}\n{}')];
    const N = 5000;
    for (let i = 0; i < N; i++) {
      await new Promise<void>((res) => sock.send(kinds[i % kinds.length](i), Number(port), host, () => res()));
      if (i % 50 === 0) await new Promise((res) => setImmediate(res));
    }
    const c = r.receiver.counters;
    // Settled: no new datagram for 300 ms.
    let last = -1;
    await waitFor(() => { const settled = c.datagrams === last; last = c.datagrams; return settled && c.datagrams > 0; }, 10_000, 'the flood to settle', 300);
    assert.ok(c.datagrams >= N / 2 && c.datagrams <= N, `${c.datagrams} of ${N} datagrams read`);
    // UDP may drop under a flood; whatever arrived is either a span or a counted refusal.
    assert.equal(c.datagrams, c.spans + c.refusedTotal, JSON.stringify(c.snapshot()));
    assert.ok((c.refused['udp-too-large'] ?? 0) > 0 && (c.refused['udp-malformed'] ?? 0) > 0);
    sock.close();
    await stillWorks();
  });

  it('a port in use: a clear error naming the port; nothing stays bound', async () => {
    const second = new Receiver({ otlp: { host: '127.0.0.1', port: r.receiver.otlpAddress!.port }, onBatch: () => ({ rejected: 0, message: '' }) });
    await assert.rejects(second.start(), (e: unknown) => e instanceof ReceiverError && e.code === 'port-in-use' && e.message.includes(`Port ${r.receiver.otlpAddress!.port}`));
    assert.equal(second.running, false);
    const udp = new Receiver({ xray: { host: '127.0.0.1', port: r.receiver.xrayAddress!.port }, onBatch: () => ({ rejected: 0, message: '' }) });
    await assert.rejects(udp.start(), /Port \d+ \(X-Ray daemon \(UDP\)/);
  });

  it('loopback by default; another address gets a warning', async () => {
    assert.deepEqual(parseEndpoint('4318', 4318), { host: '127.0.0.1', port: 4318 });
    assert.deepEqual(parseEndpoint('[::1]:2000', 2000), { host: '::1', port: 2000 });
    assert.deepEqual(parseEndpoint('0.0.0.0:9', 2000), { host: '0.0.0.0', port: 9 });
    assert.throws(() => parseEndpoint('host:99999', 1), /not host:port/);
    assert.ok(isLoopback('127.0.0.1') && isLoopback('localhost') && isLoopback('::1') && !isLoopback('0.0.0.0') && !isLoopback('192.168.1.2'));
    const warnings: string[] = [];
    const open = new Receiver({ otlp: { host: '0.0.0.0', port: 0 }, onBatch: () => ({ rejected: 0, message: '' }), onWarning: (m) => warnings.push(m) });
    await open.start();
    await open.stop();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /0\.0\.0\.0:\d+, which is not a loopback address/);
  });
});
