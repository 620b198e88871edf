// OTLP/HTTP endpoint: POST /v1/traces and /v1/logs, JSON or protobuf, gzip or not. Answers follow the OTLP/HTTP
// specification: 200 with an empty or partial-success response, 400 malformed, 413 too large, 415 unsupported media
// type (and 404 / 405 for other paths and methods). Every failure is counted; none throws out of the server.
import * as http from 'http';
import * as zlib from 'zlib';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../ingest/jsonDepth';
import { decodeOtlpProto, encodeExportResponse, encodeRpcStatus, Signal } from './otlpProto';
import type { ReceivedBatch } from './batch';
import { ReceiverCounters } from './counters';

export interface OtlpHttpOptions {
  host: string;
  port: number;
  /** Largest request body, as sent (compressed or not). Default 4 MiB. */
  maxBodyBytes?: number;
  /** Largest body after gunzip: the gzip-bomb guard. Default 8 x maxBodyBytes. */
  maxDecompressedBytes?: number;
  counters: ReceiverCounters;
  /** Takes the decoded batch; returns how many records were rejected (partial success) and why. */
  onBatch(b: ReceivedBatch): { rejected: number; message: string };
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

type Encoding = 'json' | 'proto';

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export function createOtlpServer(opts: OtlpHttpOptions): http.Server {
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxInflated = opts.maxDecompressedBytes ?? maxBody * 8;
  let seq = 0;
  const server = http.createServer((req, res) => {
    const c = opts.counters;
    c.requests++;
    const fail = (e: HttpError, enc: Encoding) => {
      c.countRejected(e.status, e.message);
      answerError(res, e.status, e.message, enc);
      // A body we did not read is dropped with the connection (Node would otherwise drain it all).
      if (!req.complete) req.on('end', () => undefined).resume();
    };
    const signal = req.url?.split('?')[0] === '/v1/traces' ? 'traces' : req.url?.split('?')[0] === '/v1/logs' ? 'logs' : undefined;
    if (!signal) return fail(new HttpError(404, `no OTLP endpoint at ${String(req.url).slice(0, 100)} (use /v1/traces or /v1/logs)`), 'json');
    if (req.method !== 'POST') { res.setHeader('Allow', 'POST'); return fail(new HttpError(405, `${req.method} is not allowed; OTLP/HTTP uses POST`), 'json'); }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const enc: Encoding | undefined = type === 'application/json' ? 'json' : type === 'application/x-protobuf' || type === 'application/protobuf' ? 'proto' : undefined;
    if (!enc) return fail(new HttpError(415, `unsupported content type "${type.slice(0, 100)}" (use application/json or application/x-protobuf)`), 'json');
    const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'identity' && coding !== '') return fail(new HttpError(415, `unsupported content encoding "${coding.slice(0, 100)}" (use gzip or none)`), enc);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) return fail(new HttpError(413, `body of ${declared} bytes is over the ${maxBody}-byte limit`), enc);

    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBody) { over = true; chunks.length = 0; fail(new HttpError(413, `body over the ${maxBody}-byte limit`), enc); return; }
      chunks.push(chunk);
    });
    req.on('error', () => { c.countRejected(400, 'request stream error'); });
    req.on('end', () => {
      if (over) return;
      c.bytes += size;
      void handle(Buffer.concat(chunks, size), signal, enc, coding === 'gzip').then((answer) => {
        res.writeHead(200, { 'Content-Type': enc === 'proto' ? 'application/x-protobuf' : 'application/json' });
        res.end(answer);
      }, (e: unknown) => {
        const err = e instanceof HttpError ? e : new HttpError(400, e instanceof Error ? e.message : String(e));
        c.countRejected(err.status, err.message);
        answerError(res, err.status, err.message, enc);
      });
    });
  });

  async function handle(body: Buffer, signal: Signal, enc: Encoding, gzip: boolean): Promise<Uint8Array | string> {
    const raw = gzip ? await gunzip(body, maxInflated) : body;
    const value = enc === 'proto' ? decodeProto(signal, raw) : decodeJson(raw);
    const key = signal === 'traces' ? 'resourceSpans' : 'resourceLogs';
    const list = (value as Record<string, unknown>)[key];
    if (list !== undefined && !Array.isArray(list)) throw new HttpError(400, `${key} is not an array`);
    const { rejected, message } = opts.onBatch({ signal, value, receivedMs: Date.now(), seq: ++seq });
    if (enc === 'proto') return encodeExportResponse(signal, rejected, message);
    if (rejected === 0) return '{}';
    const partialSuccess = signal === 'traces' ? { rejectedSpans: String(rejected), errorMessage: message } : { rejectedLogRecords: String(rejected), errorMessage: message };
    return JSON.stringify({ partialSuccess });
  }

  // Exporters keep connections open between batches; closing an idle one while a client reuses it resets that request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.on('clientError', (_err, socket) => { opts.counters.countRejected(400, 'malformed HTTP'); socket.destroy(); });
  return server;
}

function decodeProto(signal: Signal, body: Buffer): Record<string, unknown> {
  try {
    return decodeOtlpProto(signal, body);
  } catch (e) {
    throw new HttpError(400, `malformed protobuf: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function decodeJson(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  const depth = jsonTooDeep(text);
  if (depth !== undefined) throw new HttpError(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `malformed JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'the body is not a JSON object');
  return value as Record<string, unknown>;
}

/** gunzip with a ceiling on the output: a small body that inflates past it is refused, never held whole. */
function gunzip(body: Buffer, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zlib.gunzip(body, { maxOutputLength: max }, (err, out) => {
      if (!err) return resolve(out);
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        reject(new HttpError(413, `body inflates past the ${max}-byte limit`));
      } else reject(new HttpError(400, `malformed gzip: ${err.message}`));
    });
  });
}

// gRPC status codes in google.rpc.Status, as OTLP/HTTP asks for the body of an error answer.
const RPC_CODE: Record<number, number> = { 400: 3, 404: 12, 405: 12, 413: 8, 415: 3 };

function answerError(res: http.ServerResponse, status: number, message: string, enc: Encoding): void {
  if (res.headersSent) return;
  const code = RPC_CODE[status] ?? 2;
  const body = enc === 'proto' ? encodeRpcStatus(code, message) : JSON.stringify({ code, message });
  res.writeHead(status, { 'Content-Type': enc === 'proto' ? 'application/x-protobuf' : 'application/json', Connection: 'close' });
  res.end(body);
}
