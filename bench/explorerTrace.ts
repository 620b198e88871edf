// A generated dataset for the Trace Explorer bench: one large trace of `spans` spans (the one the
// view opens first: it starts last) plus a few small ones, built by the real DatasetBuilder.
// Shape: API Gateway -> Lambda -> a breadth-first fan-out (2-9 children per span, so ~6-8 levels at
// 100,000 spans) of Lambda functions, DynamoDB/S3 calls, HTTP calls, SQS sends and internal work;
// ~0.5% errors, source locations on function spans. Deterministic (seeded).
import { DatasetBuilder } from '../src/core/correlate/builder';
import type { Dataset } from '../src/core/dataset';
import type { Resource, Span, SpanKind } from '../src/core/model';

export const T0 = Date.UTC(2026, 0, 1);

export interface BenchTraceData {
  dataset: Dataset;
  /** Id of the large trace. */
  traceId: string;
  spans: number;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

export function explorerDataset(spanCount: number, seed = 7, smallTraces = 20): BenchTraceData {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const b = new DatasetBuilder();
  let nextSpan = 1;
  const origin = { file: 'bench', line: 1 };

  const span = (traceId: string, parent: Span | undefined, p: Partial<Span> & { name: string; service: string; kind: SpanKind; startMs: number; durationMs: number }): Span => {
    const s: Span = {
      traceId, spanId: hex(nextSpan++, 16), parentSpanId: parent?.spanId, status: 'ok', attributes: {}, events: [], links: [], exceptions: [],
      format: 'otlp', origin, ...p,
    };
    b.span(s);
    return s;
  };

  // Children of a span, by the kind of thing it is.
  const child = (traceId: string, parent: Span, i: number, k: number): Span => {
    const slot = parent.durationMs / k;
    const startMs = parent.startMs + i * slot + rnd() * slot * 0.2;
    const durationMs = Math.max(0.05, slot * (0.2 + rnd() * 0.7));
    const error = rnd() < 0.005;
    const r = rnd();
    const common = { startMs, durationMs, status: error ? 'error' as const : 'ok' as const, statusMessage: error ? 'boom' : undefined };
    const res = (type: Resource['type'], name: string, service?: string): Resource => ({ id: `${type}:${name}`, type, name, service });
    if (r < 0.15) {
      const fn = `worker-${Math.floor(rnd() * 12)}`;
      return span(traceId, parent, { ...common, name: fn, service: fn, kind: 'server', functionName: fn,
        source: { file: `src/${fn}/handler.ts`, line: 1 + Math.floor(rnd() * 200), function: 'handler' } });
    }
    if (r < 0.4) {
      const table = `table-${Math.floor(rnd() * 6)}`;
      return span(traceId, parent, { ...common, name: `DynamoDB.${rnd() < 0.5 ? 'GetItem' : 'PutItem'}`, service: parent.service, kind: 'client',
        remote: res('aws', table, 'DynamoDB'), attributes: { 'aws.dynamodb.table_names': [table] } });
    }
    if (r < 0.5) return span(traceId, parent, { ...common, name: 'S3.GetObject', service: parent.service, kind: 'client', remote: res('aws', 'bucket-assets', 'S3') });
    if (r < 0.65) {
      const host = `api-${Math.floor(rnd() * 4)}.example.com`;
      return span(traceId, parent, { ...common, name: `GET https://${host}/v1/items`, service: parent.service, kind: 'client', remote: res('http', host),
        httpStatus: error ? 503 : 200, attributes: { 'http.method': 'GET', 'http.url': `https://${host}/v1/items`, 'http.status_code': error ? 503 : 200 } });
    }
    if (r < 0.75) return span(traceId, parent, { ...common, name: 'SQS.SendMessage', service: parent.service, kind: 'producer', remote: res('queue', 'orders-queue', 'SQS') });
    return span(traceId, parent, { ...common, name: `step ${i}`, service: parent.service, kind: 'internal' });
  };

  const tree = (traceId: string, start: number, total: number) => {
    const duration = 5_000 + total * 0.5;
    const root = span(traceId, undefined, { name: 'POST /orders', service: 'api-gateway', kind: 'server', startMs: start, durationMs: duration,
      remote: { id: 'aws:orders-api', type: 'aws', name: 'orders-api', service: 'APIGateway' }, attributes: { 'http.method': 'POST', 'http.route': '/orders' } });
    let count = 1;
    const open: Span[] = [];
    if (total > 1) {
      open.push(span(traceId, root, { name: 'orders-api', service: 'orders-api', kind: 'server', functionName: 'orders-api', startMs: start + 2, durationMs: duration - 4,
        source: { file: 'src/orders/handler.ts', line: 12, function: 'handler' } }));
      count++;
    }
    // Breadth first, so the tree is wide and a few levels deep rather than a long chain.
    for (let head = 0; count < total && head < open.length; head++) {
      const parent = open[head];
      const k = Math.min(total - count, 2 + Math.floor(rnd() * 8));
      for (let i = 0; i < k; i++, count++) open.push(child(traceId, parent, i, k));
    }
    return count;
  };

  for (let t = 0; t < smallTraces; t++) tree(hex(0x1000 + t, 32), T0 + t * 60_000, 5 + Math.floor(rnd() * 40));
  const traceId = hex(0xbe9c4, 32);
  const spans = tree(traceId, T0 + (smallTraces + 1) * 60_000, spanCount);
  return { dataset: b.build(), traceId, spans };
}
