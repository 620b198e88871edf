// Load generator for `npm run bench -- local`, in its own process: POSTs OTLP protobuf batches of 512 spans (64
// traces of 8 spans, 8 attributes each) to the receiver, 4 requests in flight, each batch with fresh trace ids.
// argv: <port> <batches>. Prints one JSON line: { batches, spans, ms, failures }.
import * as http from 'http';
import { encodeOtlpProto } from '../src/core/receive/otlpProto';

const SPANS_PER_TRACE = 8;
const TRACES = 64;

export function template(): { body: Buffer; offsets: number[] } {
  const t0 = BigInt(Date.now()) * 1_000_000n;
  const traceIds: string[] = [];
  const spans = [];
  for (let t = 0; t < TRACES; t++) {
    const traceId = `${'ab'.repeat(8)}cdcdcdcdcdcdcd${t.toString(16).padStart(2, '0')}`;
    traceIds.push(traceId);
    for (let j = 0; j < SPANS_PER_TRACE; j++) {
      const start = t0 + BigInt(t * 1000 + j) * 1000n;
      spans.push({
        traceId, spanId: `${(t * SPANS_PER_TRACE + j + 1).toString(16).padStart(16, '0')}`,
        ...(j > 0 ? { parentSpanId: (t * SPANS_PER_TRACE + 1).toString(16).padStart(16, '0') } : {}),
        name: j === 0 ? 'GET /orders/{id}' : `DynamoDB.GetItem ${j}`, kind: j === 0 ? 2 : 3,
        startTimeUnixNano: String(start), endTimeUnixNano: String(start + 3_000_000n),
        attributes: [
          { key: 'http.request.method', value: { stringValue: 'GET' } }, { key: 'http.response.status_code', value: { intValue: '200' } },
          { key: 'url.path', value: { stringValue: `/orders/${t}` } }, { key: 'db.system', value: { stringValue: 'dynamodb' } },
          { key: 'aws.region', value: { stringValue: 'eu-west-1' } }, { key: 'faas.invocation_id', value: { stringValue: `req-${t}` } },
          { key: 'code.file.path', value: { stringValue: '/var/task/src/orders.js' } }, { key: 'code.line.number', value: { intValue: String(10 + j) } },
        ],
        status: { code: 1 },
      });
    }
  }
  const request = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }, { key: 'faas.name', value: { stringValue: 'orders' } }] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] };
  const body = Buffer.from(encodeOtlpProto('traces', request));
  // Every place a trace id sits (spans' trace_id fields): its first 8 bytes become the batch number.
  const offsets: number[] = [];
  for (const id of traceIds) {
    const bytes = Buffer.from(id, 'hex');
    for (let at = body.indexOf(bytes); at >= 0; at = body.indexOf(bytes, at + 1)) offsets.push(at);
  }
  return { body, offsets };
}

async function main(): Promise<void> {
  const [port, count] = process.argv.slice(2).map(Number);
  const { body, offsets } = template();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const send = (i: number) => new Promise<void>((resolve) => {
    const b = Buffer.from(body);
    for (const at of offsets) b.writeBigUInt64BE(BigInt(i + 1), at);
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', agent, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': b.length } }, (res) => {
      if (res.statusCode !== 200) failures++;
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => { failures++; resolve(); });
    req.end(b);
  });
  const worker = async () => { while (next < count) await send(next++); };
  await Promise.all([worker(), worker(), worker(), worker()]);
  agent.destroy();
  process.stdout.write(JSON.stringify({ batches: count, spans: count * TRACES * SPANS_PER_TRACE, ms: performance.now() - started, failures }) + '\n');
}

if (require.main === module) void main();
