// `trace-explorer receive`: the local receiver for CI and headless runs. What it takes is written as files every
// other verb (and the extension's localPaths) reads; it runs for --duration or until SIGINT / SIGTERM.
import { parseArgs } from 'util';
import type { Io } from '../args';
import { UsageError } from '../args';
import { formatEndpoint, parseEndpoint, readBatch, Receiver, ReceiverError } from '../../core/receive';
import type { Endpoint } from '../../core/receive';
import { BatchFileWriter } from '../../core/receive/fileWriter';
import type { Sink } from '../../core/readers/types';

export const receiveHelp =
  'receive [--otlp 127.0.0.1:4318] [--xray 127.0.0.1:2000] [--no-otlp] [--no-xray] [--max-body 4MiB] --out <dir> [--duration 30s]   receive OTLP/HTTP and X-Ray UDP from local runs into files';

/** Exit status when an endpoint cannot be bound (port in use, bad address). */
const EXIT_LISTEN = 3;

const NULL_SINK: Sink = { log() {}, span() {}, skip() {} };

export async function receiveCommand(argv: string[], io: Io, stop?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      otlp: { type: 'string' }, xray: { type: 'string' }, 'no-otlp': { type: 'boolean' }, 'no-xray': { type: 'boolean' },
      out: { type: 'string' }, duration: { type: 'string' }, 'max-body': { type: 'string' },
    },
  });
  if (!values.out) throw new UsageError('--out <dir> is required');
  const endpoint = (text: string | undefined, port: number, what: string): Endpoint => {
    try { return parseEndpoint(text ?? String(port), port); } catch (e) { throw new UsageError(`${what}: ${(e as Error).message}`); }
  };
  const otlp = values['no-otlp'] ? undefined : endpoint(values.otlp, 4318, '--otlp');
  const xray = values['no-xray'] ? undefined : endpoint(values.xray, 2000, '--xray');
  if (!otlp && !xray) throw new UsageError('nothing to receive: --no-otlp and --no-xray together');
  const durationMs = values.duration !== undefined ? parseDuration(values.duration) : undefined;
  if (durationMs === undefined && values.duration !== undefined) throw new UsageError(`--duration "${values.duration}" is not a duration (e.g. 30s, 5m, 1h)`);
  const maxBodyBytes = values['max-body'] !== undefined ? parseBytes(values['max-body']) : undefined;
  if (maxBodyBytes === undefined && values['max-body'] !== undefined) throw new UsageError(`--max-body "${values['max-body']}" is not a size (e.g. 4MiB, 512KiB)`);

  const writer = new BatchFileWriter(values.out);
  const receiver = new Receiver({
    otlp, xray, maxBodyBytes,
    // The readers check each batch (for the partial-success answer and the counts); the files keep it as sent and
    // are masked when read, like any other file.
    onBatch: (b) => { const r = readBatch(b, NULL_SINK); writer.add(b); return r; },
    onWarning: (m) => io.err(`warning: ${m}`),
  });
  try {
    await receiver.start();
  } catch (e) {
    if (e instanceof ReceiverError) { io.err(`trace-explorer receive: ${e.message}`); return EXIT_LISTEN; }
    throw e;
  }
  writer.start();
  if (receiver.otlpAddress) io.err(`OTLP/HTTP on http://${formatEndpoint(receiver.otlpAddress)} (/v1/traces, /v1/logs)`);
  if (receiver.xrayAddress) io.err(`X-Ray daemon (UDP) on ${formatEndpoint(receiver.xrayAddress)}`);
  io.err(`writing to ${values.out}${durationMs !== undefined ? ` for ${values.duration}` : ''}; Ctrl+C to stop`);

  await new Promise<void>((resolve) => {
    const done = () => { process.off('SIGINT', done); process.off('SIGTERM', done); clearTimeout(timer); resolve(); };
    const timer = durationMs !== undefined ? setTimeout(done, durationMs) : undefined;
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    stop?.addEventListener('abort', done, { once: true });
  });
  await receiver.stop();
  await writer.close();
  const c = receiver.counters;
  const refused = Object.entries(c.refused).map(([k, n]) => `${k}=${n}`).join(' ');
  io.out(`received ${c.spans} spans, ${c.logs} log records (${c.requests} requests, ${c.datagrams} datagrams); rejected records ${c.rejectedRecords}; refused ${refused || 0}`);
  io.out(`wrote ${writer.written.traces} trace batches, ${writer.written.logs} log batches, ${writer.written.xray} segments to ${values.out}`);
  if (writer.error) { io.err(`trace-explorer receive: ${writer.error}`); return 1; }
  return 0;
}

/** `30s`, `5m`, `1h`, `500ms`, or plain seconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return n > 0 ? n : undefined;
}

/** `4MiB`, `512KiB`, `1048576`. */
export function parseBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kib|kb|mib|mb|gib|gb)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  const n = Math.floor(Number(m[1]) * mult);
  return n > 0 ? n : undefined;
}
