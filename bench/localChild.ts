// The receiver side of `npm run bench -- local`, in its own process (its memory is its own): the receiver, the
// masking sink and the bounded live store with snapshots as the editor's Local source takes them, fed by the load
// generator (bench/localLoad.ts) in another process. argv: <mode: ingest|soak> <spans> <budgetMb>.
import { spawn } from 'child_process';
import * as path from 'path';
import { Receiver } from '../src/core/receive';
import { LocalSource } from '../src/core/receive/liveSource';
import type { Dataset } from '../src/core/dataset';
import { decodeOtlpProto, readBatch } from '../src/core/receive';
import { LiveStore } from '../src/core/live/store';
import { createMasker, maskingSink } from '../src/core/mask';
import { template } from './localLoad';

/** Baseline in the same run: decode + readers + masking + store of the same batch in-process, no HTTP, no snapshots. */
function inProcessSpansPerS(): number {
  const { body, offsets } = template();
  const store = new LiveStore(256 * 1024 * 1024);
  const sink = maskingSink(store, createMasker({}));
  const n = 40;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const b = Buffer.from(body);
    for (const at of offsets) b.writeBigUInt64BE(BigInt(1e9 + i), at);
    readBatch({ signal: 'traces', value: decodeOtlpProto('traces', b), receivedMs: 0, seq: i }, sink);
  }
  return (n * SPANS_PER_BATCH) / ((performance.now() - t) / 1000);
}

const SPANS_PER_BATCH = 512;

async function main(): Promise<void> {
  const [mode, spansArg, budgetMb] = process.argv.slice(2);
  const spans = Number(spansArg);
  const baseline = mode === 'ingest' ? inProcessSpansPerS() : 0;
  const receiver = new Receiver({ otlp: { host: '127.0.0.1', port: 0 }, onBatch: () => ({ rejected: 0, message: '' }) });
  await receiver.start();
  const source = new LocalSource(receiver, Number(budgetMb) * 1024 * 1024, {});
  let shown: Dataset | undefined;
  let snapshots = 0;
  const stopLoad = new AbortController();
  const loading = source.load(stopLoad.signal, (d) => { shown = d; snapshots++; });

  // Event-loop gaps (a 10 ms timer), peak RSS, and the ingest rate per 5 s window.
  let maxGap = 0;
  let last = performance.now();
  const gapTimer = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last - 10); last = now; }, 10);
  let peakRss = 0;
  const windows: number[] = [];
  let windowStart = receiver.counters.spans;
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
  const rateTimer = setInterval(() => { windows.push((receiver.counters.spans - windowStart) / 5); windowStart = receiver.counters.spans; }, 5000);

  const started = performance.now();
  const batches = Math.ceil(spans / SPANS_PER_BATCH);
  const load = await runLoad(receiver.otlpAddress!.port, batches);
  const ms = performance.now() - started;
  clearInterval(rateTimer);

  // Span to view: a one-span POST, then the time until a snapshot shown by the Local source holds it.
  const probes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const traceId = `feed${i.toString(16).padStart(28, '0')}`;
    const t = performance.now();
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'probe' } }] }, scopeSpans: [{ spans: [{ traceId, spanId: '00000000000000aa', name: 'probe', startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n), endTimeUnixNano: String(BigInt(Date.now() + 1) * 1_000_000n) }] }] }] };
    const post = () => fetch(`http://127.0.0.1:${receiver.otlpAddress!.port}/v1/traces`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    await post().catch(post); // a reused keep-alive connection may have been reset under load: once more
    while (!shown?.traceById.has(traceId)) await new Promise((r) => setTimeout(r, 2));
    probes.push(performance.now() - t);
  }
  probes.sort((a, b) => a - b);
  clearInterval(gapTimer);
  clearInterval(rssTimer);
  stopLoad.abort();
  source.stop();
  await loading;
  const kept = source.last!;
  await receiver.stop();
  const rates = windows.filter((w) => w > 0);
  process.stdout.write(JSON.stringify({
    mode, baseline, spans: receiver.counters.spans, ms, loadMs: load.ms, failures: load.failures, spansPerS: receiver.counters.spans / (ms / 1000),
    maxGapMs: maxGap, peakRssMb: peakRss / 2 ** 20, firstRate: rates[0] ?? 0, lastRate: rates[rates.length - 1] ?? 0, windows: rates.length,
    spanToViewP50: probes[10], spanToViewP95: probes[18], snapshots, keptTraces: kept.traces.length, keptSpans: kept.spans.length, evicted: kept.evicted,
  }) + '\n');
}

function runLoad(port: number, batches: number): Promise<{ ms: number; failures: number }> {
  return new Promise((resolve, reject) => {
    const script = path.join(__dirname, 'localLoad.js');
    const child = spawn(process.execPath, [script, String(port), String(batches)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load generator exited ${code}`))));
  });
}

void main();
