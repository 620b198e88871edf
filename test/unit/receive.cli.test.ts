// `trace-explorer receive`: what it receives lands in files (flushed at least once a second, and on SIGTERM) that
// `trace-explorer summary` reads back.
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as dgram from 'dgram';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { context, trace } from '@opentelemetry/api';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { main } from '../../src/cli/main';
import { receiveCommand, parseDuration, parseBytes } from '../../src/cli/commands/receive';
import { Receiver } from '../../src/core/receive';
import { waitFor } from './receive.helpers';

const REPO = path.resolve(__dirname, '..', '..', '..');

function capture(): { io: { out(t: string): void; err(t: string): void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t) }, out, err };
}

const portIn = (lines: string[], what: RegExp): number => {
  const line = lines.find((l) => what.test(l));
  return Number(/:(\d+)/.exec(line?.replace(/^.*?\d+\.\d+\.\d+\.\d+/, '') ?? '')?.[1]);
};

describe('receive: CLI', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'te-receive-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  it('writes OTLP spans, logs and X-Ray segments as files, flushed while running; summary reads them back', async () => {
    const c = capture();
    const abort = new AbortController();
    const running = receiveCommand(['--otlp', '127.0.0.1:0', '--xray', '127.0.0.1:0', '--out', dir, '--duration', '30s'], c.io, abort.signal);
    await waitFor(() => c.err.some((l) => l.startsWith('writing to')), 5000, 'the receiver to start');
    const otlpPort = portIn(c.err, /^OTLP/);
    const xrayPort = portIn(c.err, /^X-Ray/);
    assert.ok(otlpPort > 0 && xrayPort > 0, c.err.join('\n'));

    const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'cli-orders' }), spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${otlpPort}/v1/traces` }))] });
    const tracer = provider.getTracer('cli-test');
    const root = tracer.startSpan('handler', { attributes: { 'faas.invocation_id': 'req-cli-1' } });
    tracer.startSpan('child', {}, trace.setSpan(context.active(), root)).end();
    root.end();
    await provider.forceFlush();
    await provider.shutdown();
    const logs = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'cli-orders' }), processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `http://127.0.0.1:${otlpPort}/v1/logs` }) })] });
    logs.getLogger('cli').emit({ body: 'hello from the handler', attributes: { 'faas.invocation_id': 'req-cli-1' } });
    await logs.forceFlush();
    await logs.shutdown();
    const sock = dgram.createSocket('udp4');
    const seg = { trace_id: '1-5759e988-bd862e3fe1be46a994272793', id: '70de5b6f19ff9a0a', name: 'xray-fn', start_time: 1764640000, end_time: 1764640000.25 };
    await new Promise<void>((r) => sock.send(`{"format":"json","version":1}\n${JSON.stringify(seg)}`, xrayPort, '127.0.0.1', () => r()));
    sock.close();

    // Flushed within a second or so while still running.
    const traces = path.join(dir, 'otlp', 'traces.jsonl');
    await waitFor(() => existsSync(traces) && existsSync(path.join(dir, 'xray', 'segments.jsonl')), 2500, 'the first flush');
    abort.abort();
    assert.equal(await running, 0);
    assert.match(c.out[0], /received 3 spans, 1 log records/);

    const s = capture();
    assert.equal(await main(['summary', dir, '--json'], s.io), 0, s.err.join('\n'));
    const summary = JSON.parse(s.out.join('\n')) as { files: number; spans: number; traces: number; logEvents: number; invocations: number };
    assert.equal(summary.files, 3);
    assert.equal(summary.spans, 3);
    assert.equal(summary.traces, 2);
    assert.equal(summary.logEvents, 1);
  });

  it('a child process flushes and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'trace-explorer.js'), 'receive', '--otlp', '127.0.0.1:0', '--no-xray', '--out', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const err: string[] = [];
    const out: string[] = [];
    child.stderr.on('data', (d: Buffer) => err.push(...d.toString().split('\n')));
    child.stdout.on('data', (d: Buffer) => out.push(...d.toString().split('\n')));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await waitFor(() => err.some((l) => l.startsWith('writing to')), 20_000, 'the child receiver');
    const port = portIn(err, /^OTLP/);
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'sigterm' } }] }, scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7', name: 'one', startTimeUnixNano: '1764640000000000000', endTimeUnixNano: '1764640000001000000' }] }] }] };
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    assert.equal(res.status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, err.join('\n'));
    const text = await fs.readFile(path.join(dir, 'otlp', 'traces.jsonl'), 'utf8');
    assert.deepEqual(JSON.parse(text.trim()), body);
    assert.ok(out.some((l) => l.startsWith('received 1 spans')), out.join('\n'));
  });

  it('a port in use: exit 3 and a message naming the port', async () => {
    const busy = new Receiver({ otlp: { host: '127.0.0.1', port: 0 }, onBatch: () => ({ rejected: 0, message: '' }) });
    await busy.start();
    try {
      const c = capture();
      assert.equal(await receiveCommand(['--otlp', `127.0.0.1:${busy.otlpAddress!.port}`, '--no-xray', '--out', dir], c.io), 3);
      assert.match(c.err.join('\n'), new RegExp(`Port ${busy.otlpAddress!.port} .*already in use`));
    } finally { await busy.stop(); }
  });

  it('usage errors and option parsing', async () => {
    const c = capture();
    assert.equal(await main(['receive', '--otlp', '1.2.3.4:5'], c.io), 2);
    assert.match(c.err.join('\n'), /--out <dir> is required/);
    assert.equal(await main(['receive', '--out', dir, '--duration', 'soon'], c.io), 2);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseBytes('4MiB'), 4 * 1024 * 1024);
    assert.equal(parseBytes('x'), undefined);
  });
});
