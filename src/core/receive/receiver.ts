// The local receiver: an OTLP/HTTP server and an X-Ray daemon UDP socket, in plain Node (the extension host, the
// engine worker or the CLI). Everything it takes goes to one `onBatch` handler: the live store's masking sink in the
// editor, a file writer in the CLI.
import type * as dgram from 'dgram';
import type * as http from 'http';
import type { AddressInfo } from 'net';
import type { ReceivedBatch } from './batch';
import { ReceiverCounters } from './counters';
import { createOtlpServer, DEFAULT_MAX_BODY_BYTES } from './otlpHttp';
import { createXraySocket, DEFAULT_MAX_DATAGRAM_BYTES } from './xrayUdp';
import { Endpoint, formatEndpoint, isLoopback } from './address';

export interface ReceiverOptions {
  /** OTLP/HTTP address (port 0: any free port); undefined: not started. */
  otlp?: Endpoint;
  /** X-Ray daemon UDP address; undefined: not started. */
  xray?: Endpoint;
  maxBodyBytes?: number;
  maxDecompressedBytes?: number;
  maxDatagramBytes?: number;
  /** Takes one batch; says how many records it kept and rejected (the OTLP answer reports rejections). */
  onBatch(b: ReceivedBatch): { records?: number; rejected: number; message: string };
  /** Told about a listening address that is not loopback (reachable from other machines). */
  onWarning?(message: string): void;
}

export class ReceiverError extends Error {
  constructor(message: string, readonly code: 'port-in-use' | 'address' | 'other', readonly endpoint: Endpoint) { super(message); }
}

export class Receiver {
  readonly counters = new ReceiverCounters();
  private http?: http.Server;
  private udp?: dgram.Socket;
  /** The addresses actually bound (port 0 resolved). */
  otlpAddress?: Endpoint;
  xrayAddress?: Endpoint;

  constructor(readonly opts: ReceiverOptions) {}

  get running(): boolean { return this.http !== undefined || this.udp !== undefined; }

  /** Binds both endpoints; on failure nothing stays bound and the error names the address and port. */
  async start(): Promise<void> {
    const onBatch = (b: ReceivedBatch) => {
      const r = this.opts.onBatch(b);
      this.counters.rejectedRecords += r.rejected;
      if (b.signal === 'logs') this.counters.logs += r.records ?? 0;
      else this.counters.spans += r.records ?? 0;
      return r;
    };
    try {
      if (this.opts.otlp) {
        const ep = this.opts.otlp;
        this.warnIfOpen(ep, 'OTLP/HTTP');
        const server = createOtlpServer({ ...ep, maxBodyBytes: this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, maxDecompressedBytes: this.opts.maxDecompressedBytes, counters: this.counters, onBatch });
        this.http = server;
        await new Promise<void>((resolve, reject) => {
          server.once('error', (e) => reject(bindError(e, ep, 'OTLP/HTTP (TCP)')));
          server.listen(ep.port, ep.host, () => resolve());
        });
        server.on('error', (e) => this.counters.countRejected(400, `server: ${e.message}`));
        this.otlpAddress = { host: ep.host, port: (server.address() as AddressInfo).port };
      }
      if (this.opts.xray) {
        const ep = this.opts.xray;
        this.warnIfOpen(ep, 'X-Ray UDP');
        const socket = createXraySocket({ ...ep, maxDatagramBytes: this.opts.maxDatagramBytes ?? DEFAULT_MAX_DATAGRAM_BYTES, counters: this.counters, onBatch });
        this.udp = socket;
        await new Promise<void>((resolve, reject) => {
          socket.once('error', (e) => reject(bindError(e, ep, 'X-Ray daemon (UDP)')));
          socket.bind(ep.port, ep.host, () => resolve());
        });
        this.xrayAddress = { host: ep.host, port: socket.address().port };
      }
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  async stop(): Promise<void> {
    const server = this.http;
    const socket = this.udp;
    this.http = undefined;
    this.udp = undefined;
    if (server) {
      server.closeAllConnections?.();
      await new Promise<void>((r) => server.close(() => r()));
    }
    if (socket) await new Promise<void>((r) => { try { socket.close(() => r()); } catch { r(); } });
  }

  private warnIfOpen(ep: Endpoint, what: string): void {
    if (!isLoopback(ep.host)) this.opts.onWarning?.(`The ${what} receiver listens on ${formatEndpoint(ep)}, which is not a loopback address: other machines on the network can send it data.`);
  }
}

function bindError(e: unknown, ep: Endpoint, what: string): ReceiverError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') return new ReceiverError(`Port ${ep.port} (${what} on ${ep.host}) is already in use: another collector, X-Ray daemon or receiver is listening there. Stop it or choose another port.`, 'port-in-use', ep);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EINVAL') return new ReceiverError(`Cannot listen on ${formatEndpoint(ep)} (${what}): ${err.message}`, 'address', ep);
  if (err.code === 'EACCES') return new ReceiverError(`Not allowed to listen on port ${ep.port} (${what} on ${ep.host}): ${err.message}`, 'other', ep);
  return new ReceiverError(`Cannot start ${what} on ${formatEndpoint(ep)}: ${err.message ?? String(e)}`, 'other', ep);
}
