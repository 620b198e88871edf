// StartLiveTail over the loopback: an `application/vnd.amazon.eventstream` response (binary frames: prelude with
// lengths and CRC32, string headers, JSON payload, message CRC32) held open, sending `sessionStart` and then a
// `sessionUpdate` with the events appended to the tailed groups since the previous tick.
import type * as http from 'http';
import * as zlib from 'zlib';
import { ApiError, Json } from './apiError';
import type { LoopDataset, LoopEvent } from './dataset';
import type { Fault } from './faults';

export function eventFrame(eventType: string, payload: object): Buffer {
  const headers = Buffer.concat([header(':message-type', 'event'), header(':event-type', eventType), header(':content-type', 'application/json')]);
  const body = Buffer.from(JSON.stringify(payload));
  const total = 12 + headers.length + body.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headers.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(zlib.crc32(prelude) >>> 0, 0);
  const head = Buffer.concat([prelude, preludeCrc, headers, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(head) >>> 0, 0);
  return Buffer.concat([head, crc]);
}

function header(name: string, value: string): Buffer {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  const b = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
  b.writeUInt8(n.length, 0);
  n.copy(b, 1);
  b.writeUInt8(7, 1 + n.length); // string
  b.writeUInt16BE(v.length, 2 + n.length);
  v.copy(b, 4 + n.length);
  return b;
}

/** Streams until the client goes away or the server closes; returns a stop function. */
export function startLiveTailStream(ds: LoopDataset, body: Json, res: http.ServerResponse, tickMs = 100, fault: () => Fault = () => 'none'): () => void {
  const ids = Array.isArray(body.logGroupIdentifiers) ? (body.logGroupIdentifiers as string[]) : [];
  if (ids.length < 1 || ids.length > 10) throw new ApiError('InvalidParameterException', 'logGroupIdentifiers must hold 1 to 10 log group ARNs');
  const groups = ids.map((id) => {
    const name = /:log-group:([^:]+)/.exec(id)?.[1];
    const g = name ? ds.groups.get(name) : undefined;
    if (!g) throw new ApiError('ResourceNotFoundException', `log group ${id} does not exist`);
    return { id, g, seen: g.store.length };
  });
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'live-tail' });
  res.write(eventFrame('sessionStart', { requestId: 'live-tail', sessionId: `s-${Date.now()}`, logGroupIdentifiers: ids }));
  const timer = setInterval(() => {
    const f = fault();
    // `reset` and `error` cut the connection mid-stream; `malformed` sends a frame whose checksum is wrong.
    if (f === 'reset' || f === 'error') { clearInterval(timer); res.destroy(); return; }
    if (f === 'malformed') {
      const frame = eventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: [] });
      frame[frame.length - 1] ^= 0xff;
      clearInterval(timer);
      res.write(frame, () => res.destroy());
      return;
    }
    const results: Json[] = [];
    for (const t of groups) {
      const now = t.g.store.length;
      for (let i = t.seen; i < now; i++) {
        const e: LoopEvent = t.g.store.at(i);
        results.push({ logStreamName: e.logStreamName, logGroupIdentifier: t.id, message: e.message, timestamp: e.timestamp, ingestionTime: e.ingestionTime });
      }
      t.seen = now;
    }
    res.write(eventFrame('sessionUpdate', { sessionMetadata: { sampled: false }, sessionResults: results }));
  }, tickMs);
  const stop = () => { clearInterval(timer); if (!res.writableEnded) res.end(); };
  res.on('close', stop);
  return stop;
}
