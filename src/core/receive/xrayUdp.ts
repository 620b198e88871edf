// X-Ray daemon endpoint: each UDP datagram is the header line `{"format":"json","version":1}`, a newline and one
// segment or subsegment document (what the X-Ray SDKs send to AWS_XRAY_DAEMON_ADDRESS). A datagram that is too
// large, lacks the header or does not parse is counted and dropped; nothing it holds can stop the socket.
import * as dgram from 'dgram';
import * as net from 'net';
import { jsonTooDeep } from '../ingest/jsonDepth';
import type { ReceivedBatch } from './batch';
import { ReceiverCounters } from './counters';

export interface XrayUdpOptions {
  host: string;
  port: number;
  /** Largest datagram taken (default 64 KiB, the X-Ray daemon's own limit per segment document). */
  maxDatagramBytes?: number;
  counters: ReceiverCounters;
  onBatch(b: ReceivedBatch): { rejected: number; message: string };
}

export const DEFAULT_MAX_DATAGRAM_BYTES = 64 * 1024;

export function createXraySocket(opts: XrayUdpOptions): dgram.Socket {
  const max = opts.maxDatagramBytes ?? DEFAULT_MAX_DATAGRAM_BYTES;
  const socket = dgram.createSocket({ type: net.isIPv6(opts.host) ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  let seq = 0;
  socket.on('message', (msg) => {
    const c = opts.counters;
    c.datagrams++;
    c.bytes += msg.length;
    if (msg.length > max) return c.countRejected('udp-too-large', `datagram of ${msg.length} bytes is over the ${max}-byte limit`);
    const doc = parseDatagram(msg);
    if (typeof doc === 'string') return c.countRejected('udp-malformed', doc);
    opts.onBatch({ signal: 'xray', value: doc, receivedMs: Date.now(), seq: ++seq });
  });
  // A socket error (ICMP unreachable on some platforms) is counted, never thrown.
  socket.on('error', (e) => opts.counters.countRejected('udp-malformed', `socket: ${e.message}`));
  return socket;
}

/** The segment document, or why the datagram is not one. */
export function parseDatagram(msg: Buffer): unknown {
  const nl = msg.indexOf(10);
  if (nl < 0) return 'datagram has no header line (expected {"format":"json","version":1} and a newline)';
  let header: unknown;
  try { header = JSON.parse(msg.subarray(0, nl).toString('utf8')); } catch { return 'datagram header is not JSON'; }
  const h = header as Record<string, unknown> | null;
  if (!h || h.format !== 'json' || h.version !== 1) return 'datagram header is not {"format":"json","version":1}';
  const text = msg.subarray(nl + 1).toString('utf8');
  if (jsonTooDeep(text) !== undefined) return 'segment document nested too deep';
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (e) { return `segment document is not JSON: ${e instanceof Error ? e.message : String(e)}`; }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'segment document is not a JSON object';
  return doc;
}
