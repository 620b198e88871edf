// A loopback HTTP server (127.0.0.1, ephemeral port) speaking CloudWatch Logs' JSON 1.1 protocol
// (POST /, `X-Amz-Target: Logs_20140328.<Operation>`) and X-Ray's REST JSON, for the real SDK clients to talk to.
// It checks SigV4 signing, applies per-operation token-bucket rate limits (ThrottlingException), injects faults and
// counts requests per operation so tests can assert on them.
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { DOCUMENTED_TPS } from '../../../src/core/aws/quotas';
import { ApiError, Json } from './apiError';
import type { LoopDataset } from './dataset';
import { FaultOptions, FaultPlan } from './faults';
import { LogsApi } from './logsApi';
import { startLiveTailStream } from './liveTailStream';
import { checkSigV4 } from './sigv4';
import type { SignatureInfo } from './sigv4';
import { TokenBucket } from './tokenBucket';
import { XrayApi } from './xrayApi';

export interface LoopbackOptions {
  dataset: LoopDataset;
  /** Requests per second per operation; missing operations use the documented quotas. Infinity = unlimited. */
  rates?: Record<string, number>;
  /** All operations unlimited (tests that are not about quotas). */
  unlimited?: boolean;
  faults?: FaultOptions;
  /** Answer every request (or those of `ops`) with this error, e.g. AccessDeniedException or ExpiredTokenException. */
  deny?: { code: string; message: string; status?: number; ops?: string[] };
  insights?: { maxConcurrent?: number; runMs?: number };
  /** StartLiveTail: how often a sessionUpdate is sent (default 100 ms). */
  liveTickMs?: number;
}

export interface RequestRecord {
  op: string;
  at: number;
  body: Json;
  outcome: 'ok' | 'throttled' | 'denied' | 'error' | 'reset' | 'malformed' | 'unsigned' | 'bad-request';
  /** What the SigV4 Authorization header claimed (access key id, date, region, service), when it was signed. */
  sig?: SignatureInfo;
}

export class LoopbackServer {
  readonly counts: Record<string, number> = {};
  /** Faults injected inside Live Tail streams (a cut connection, a frame with a bad checksum). */
  readonly streamFaults: string[] = [];
  readonly log: RequestRecord[] = [];
  readonly logs: LogsApi;
  readonly xray: XrayApi;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private buckets = new Map<string, TokenBucket>();
  private faults: FaultPlan;
  private port = 0;
  private readonly liveStops: (() => void)[] = [];

  constructor(private opts: LoopbackOptions) {
    this.logs = new LogsApi(opts.dataset, opts.insights);
    this.xray = new XrayApi(opts.dataset);
    this.faults = new FaultPlan(opts.faults);
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    this.server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
  }

  get endpoint(): string { return `http://127.0.0.1:${this.port}`; }
  get dataset(): LoopDataset { return this.opts.dataset; }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const stop of this.liveStops) stop();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  setFaults(f: FaultOptions | undefined): void { this.faults = new FaultPlan(f); this.opts = { ...this.opts, faults: f }; }
  setRates(rates: Record<string, number> | undefined, unlimited = false): void {
    this.opts = { ...this.opts, rates, unlimited };
    this.buckets = new Map();
  }
  setDeny(deny: LoopbackOptions['deny']): void { this.opts = { ...this.opts, deny }; }

  /** Requests of an operation (all outcomes), optionally only those that arrived after `since` (performance.now()). */
  count(op: string, since = -Infinity): number {
    return this.log.filter((r) => r.op === op && r.at >= since).length;
  }

  resetCounts(): void {
    this.log.length = 0;
    for (const k of Object.keys(this.counts)) delete this.counts[k];
  }

  private bucket(op: string): TokenBucket {
    let b = this.buckets.get(op);
    if (!b) {
      const rate = this.opts.unlimited ? Infinity : this.opts.rates?.[op] ?? DOCUMENTED_TPS[op] ?? Infinity;
      this.buckets.set(op, (b = new TokenBucket(rate)));
    }
    return b;
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const isLogs = typeof target === 'string';
      const op = isLogs ? target.replace(/^Logs_20140328\./, '') : xrayOp(req.url ?? '');
      const record: RequestRecord = { op, at: performance.now(), body: {}, outcome: 'ok' };
      this.log.push(record);
      this.counts[op] = (this.counts[op] ?? 0) + 1;
      const fail = (e: ApiError, outcome: RequestRecord['outcome']) => { record.outcome = outcome; this.sendError(res, isLogs, e); };
      if (req.method !== 'POST') return fail(new ApiError('InvalidAction', 'only POST is served', 400), 'bad-request');
      if (isLogs && !target.startsWith('Logs_20140328.')) return fail(new ApiError('UnknownOperationException', `unknown target ${target}`), 'bad-request');
      if (isLogs && !String(req.headers['content-type']).startsWith('application/x-amz-json-1.1')) {
        return fail(new ApiError('SerializationException', 'Content-Type must be application/x-amz-json-1.1'), 'bad-request');
      }
      const sig = checkSigV4(req.headers);
      if (typeof sig === 'string') return fail(new ApiError(sig.startsWith('Missing') ? 'MissingAuthenticationTokenException' : 'IncompleteSignatureException', sig, 403), 'unsigned');
      record.sig = sig;
      let body: Json;
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json) : {};
      } catch {
        return fail(new ApiError('SerializationException', 'request body is not JSON'), 'bad-request');
      }
      record.body = body;
      const deny = this.opts.deny;
      if (deny && (!deny.ops || deny.ops.includes(op))) return fail(new ApiError(deny.code, deny.message, deny.status ?? 400), 'denied');
      if (!this.bucket(op).take()) {
        return fail(isLogs ? new ApiError('ThrottlingException', 'Rate exceeded', 400) : new ApiError('ThrottledException', 'Rate exceeded', 429), 'throttled');
      }
      const fault = this.faults.draw();
      if (fault === 'reset') { record.outcome = 'reset'; req.socket.destroy(); return; }
      if (fault === 'error') {
        return fail(this.faults.uniform() < 0.5 ? new ApiError('ServiceUnavailableException', 'The service cannot complete the request.', 503)
          : new ApiError('InternalFailure', 'Internal failure', 500), 'error');
      }
      if (op === 'StartLiveTail') {
        try {
          // Faults go on inside the stream: a tick may find the connection cut (the client must not lose or repeat events).
          const midStream = () => {
            const f = this.faults.draw();
            if (f !== 'none' && f !== 'slow') this.streamFaults.push(f);
            return f;
          };
          this.liveStops.push(startLiveTailStream(this.opts.dataset, body, res, this.opts.liveTickMs, midStream));
        } catch (e) {
          return fail(e instanceof ApiError ? e : new ApiError('InternalFailure', String(e), 500), 'bad-request');
        }
        return;
      }
      const answer = () => {
        if (res.destroyed) return;
        let out: Json;
        try {
          out = isLogs ? this.logs.handle(op, body) : this.xray.handle(req.url ?? '', body);
        } catch (e) {
          if (e instanceof ApiError) return fail(e, 'bad-request');
          return fail(new ApiError('InternalFailure', String(e), 500), 'error');
        }
        let text = JSON.stringify(out);
        if (fault === 'malformed') { record.outcome = 'malformed'; text = text.slice(0, Math.max(1, Math.floor(text.length / 2))); }
        res.writeHead(200, { 'content-type': isLogs ? 'application/x-amz-json-1.1' : 'application/json', 'x-amzn-requestid': requestId() });
        res.end(text);
      };
      if (fault === 'slow') setTimeout(answer, this.opts.faults?.slowMs ?? 300);
      else answer();
    });
  }

  private sendError(res: http.ServerResponse, isLogs: boolean, e: ApiError): void {
    if (res.destroyed) return;
    if (isLogs) {
      res.writeHead(e.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() });
      res.end(JSON.stringify({ __type: e.code, message: e.message }));
    } else {
      res.writeHead(e.status, { 'content-type': 'application/json', 'x-amzn-errortype': e.code, 'x-amzn-requestid': requestId() });
      res.end(JSON.stringify({ message: e.message }));
    }
  }
}

export async function startLoopback(opts: LoopbackOptions): Promise<LoopbackServer> {
  return new LoopbackServer(opts).listen();
}

function xrayOp(url: string): string {
  if (url.startsWith('/TraceSummaries')) return 'GetTraceSummaries';
  if (url.startsWith('/Traces')) return 'BatchGetTraces';
  return `unknown:${url}`;
}

let reqSeq = 0;
function requestId(): string {
  return `00000000-0000-4000-8000-${(++reqSeq).toString(16).padStart(12, '0')}`;
}
